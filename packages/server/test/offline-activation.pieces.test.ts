// The offline-activation operations as named functions, called without
// offlineActivationService: a real migrated store on both databases, the organization, product,
// policy and license seeded through createServices, requests signed as a device signs them.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import {
  encodeActivationRequest,
  LICENSESPRING_PREFIX,
  signActivationRequest,
  verifyActivationResponse,
} from "@keyward/formats";
import { ServiceError } from "../src/services/errors.js";
import { createServices } from "../src/services/index.js";
import { activateOffline, deactivateOffline } from "../src/services/offline-activation/activate.js";
import {
  ensureOfflineKeys,
  keysOf,
  offlineKeys,
  rotateOfflineKeys,
} from "../src/services/offline-activation/keys.js";
import {
  authorizeOfflineRequest,
  checkDate,
  decodeOfflineRequest,
} from "../src/services/offline-activation/request.js";
import { recordServed } from "../src/services/offline-activation/respond.js";
import type {
  OfflineActivationDeps,
  OfflineKeyPair,
  OfflineRequestInput,
} from "../src/services/offline-activation/types.js";
import type { Principal } from "../src/services/principal.js";
import { offlineActivationRepository } from "../src/store/offline-activation.js";
import { manualClock } from "./support/app.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { testKeyPairs } from "./support/key-pairs.js";

const START = new Date("2031-05-06T07:08:09.000Z");

const code = (expected: string) => (error: unknown) => {
  assert.ok(error instanceof ServiceError, String(error));
  assert.equal(error.code, expected, error.message);
  return true;
};

test("decodeOfflineRequest: each envelope fault has its code; long fields are refused", () => {
  assert.throws(() => decodeOfflineRequest(undefined), code("REQUEST_BODY_MISSING"));
  assert.throws(() => decodeOfflineRequest("%%%"), code("INVALID_BASE64"));
  const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
  assert.throws(() => decodeOfflineRequest(base64([1])), code("INVALID_REQUEST_DATA"));
  const fields = { hardware_id: "hw", api_key: "k", date: "d", signature: "AAAA" };
  assert.throws(() => decodeOfflineRequest(base64(fields)), code("LICENSE_KEY_MISSING"));
  const long = { ...fields, license_key: "K", hardware_id: "h".repeat(256) };
  assert.throws(() => decodeOfflineRequest(base64(long)), code("INVALID_FIELD"));
  const good = decodeOfflineRequest(base64({ ...fields, license_key: "K" }));
  assert.equal(good.license_key, "K");
  assert.equal(good.hardware_id, "hw");
});

forEachDatabase("offline activation: the named operations alone", (db) => {
  let testStore: TestStore;
  let deps: OfflineActivationDeps;
  let admin: Principal;
  let license: { id: string; key: string };
  const clock = manualClock(START);

  before(async () => {
    testStore = await db.openMigrated();
    const secret = randomBytes(32).toString("base64url");
    const services = createServices({
      store: testStore.store,
      secret,
      clock,
      generateKeyPair: testKeyPairs(),
    });
    deps = {
      store: testStore.store,
      secret,
      clock,
      activation: services.activation,
      licenseUsers: services.licenseUsers,
      tokens: services.tokens,
      dateWindowSeconds: 600,
    };
    const organization = await services.organizations.create("Pieces");
    admin = {
      organizationId: organization.id,
      tokenId: null,
      kind: "admin",
      productId: null,
      licenseId: null,
    };
    const product = await services.products.create(admin, { name: "Tool", code: "tool" });
    const policy = await services.policies.create(admin, {
      productId: product.id,
      name: "Two seats",
      floating: true,
      maxMachines: 2,
    });
    const created = await services.licenses.create(admin, { policyId: policy.id });
    license = { id: created.id, key: created.key };
  });
  after(() => testStore.close());

  /** A device's request for `hardwareId`, signed with `keys`, as the route hands it over. */
  async function input(keys: OfflineKeyPair, hardwareId: string): Promise<OfflineRequestInput> {
    const request = await signActivationRequest(
      {
        license_key: license.key,
        hardware_id: hardwareId,
        api_key: keys.apiKey,
        date: clock().toUTCString(),
      },
      keys.sharedKey,
    );
    const date = clock().toUTCString();
    const signature = createHmac("sha256", keys.sharedKey)
      .update(`${LICENSESPRING_PREFIX}\ndate: ${date}`)
      .digest("base64");
    return {
      authorization: { scheme: "hmac-sha256", signature, apiKey: keys.apiKey },
      date: { text: date, at: new Date(date) },
      body: encodeActivationRequest(request),
      address: "192.0.2.1",
    };
  }

  test("the keys: none until ensured, created once, stored sealed, rotated whole", async () => {
    assert.equal(await offlineKeys(deps, admin), null);
    const first = await ensureOfflineKeys(deps, admin);
    assert.equal(first.created, true);
    const again = await ensureOfflineKeys(deps, admin);
    assert.deepEqual(again, { keys: first.keys, created: false });
    const stored = await keysOf(deps, admin.organizationId);
    assert.equal(stored.apiKey, first.keys.apiKey);
    assert.ok(!stored.sharedKeyEncrypted.includes(first.keys.sharedKey), "sealed at rest");

    clock.advance(1000);
    const rotated = await rotateOfflineKeys(deps, admin);
    assert.notEqual(rotated.apiKey, first.keys.apiKey);
    assert.notEqual(rotated.sharedKey, first.keys.sharedKey);
    assert.equal(rotated.createdAt, first.keys.createdAt);
    assert.equal(rotated.updatedAt, clock().toISOString());
    const repo = offlineActivationRepository(testStore.store.db);
    assert.equal(await repo.keysByApiKey(first.keys.apiKey), undefined);
    assert.equal((await repo.keysByApiKey(rotated.apiKey))?.organizationId, admin.organizationId);
    // A request signed with the old keys names no organization any more.
    await assert.rejects(
      authorizeOfflineRequest(deps, await input(first.keys, "hw-old"), "activation"),
      code("INVALID_API_KEY"),
    );
  });

  test("a rotation may keep the old keys for an overlap: both verify until it ends", async () => {
    const old = (await ensureOfflineKeys(deps, admin)).keys;
    const rotated = await rotateOfflineKeys(deps, admin, 3600);
    const until = new Date(clock().getTime() + 3_600_000).toISOString();
    assert.deepEqual(rotated.previous, { apiKey: old.apiKey, validUntil: until });
    // Each request is answered with the shared key its device holds.
    const shipped = await authorizeOfflineRequest(deps, await input(old, "hw-o1"), "activation");
    assert.equal(shipped.sharedKey, old.sharedKey);
    const current = await authorizeOfflineRequest(
      deps,
      await input(rotated, "hw-o2"),
      "activation",
    );
    assert.equal(current.sharedKey, rotated.sharedKey);

    clock.advance(3_600_000);
    await assert.rejects(
      authorizeOfflineRequest(deps, await input(old, "hw-o3"), "activation"),
      code("INVALID_API_KEY"),
    );
    // One previous set at a time: the next rotation keeps the keys it replaced, not older ones;
    // without an overlap it keeps none.
    const again = await rotateOfflineKeys(deps, admin, 60);
    assert.equal(again.previous?.apiKey, rotated.apiKey);
    await assert.rejects(
      authorizeOfflineRequest(deps, await input(old, "hw-o4"), "activation"),
      code("INVALID_API_KEY"),
    );
    await authorizeOfflineRequest(deps, await input(rotated, "hw-o5"), "activation");
    const clean = await rotateOfflineKeys(deps, admin);
    assert.equal(clean.previous, null);
    await assert.rejects(
      authorizeOfflineRequest(deps, await input(again, "hw-o6"), "activation"),
      code("INVALID_API_KEY"),
    );
  });

  test("checkDate: the Date header must be a date within the window of deps.clock()", () => {
    const at = clock();
    checkDate(deps, { text: at.toUTCString(), at });
    assert.throws(() => checkDate(deps, { text: "soon", at: null }), code("INVALID_DATE_HEADER"));
    const late = new Date(at.getTime() + 601_000);
    assert.throws(
      () => checkDate(deps, { text: late.toUTCString(), at: late }),
      code("STALE_DATE"),
    );
    const inside = new Date(at.getTime() - 599_000);
    checkDate(deps, { text: inside.toUTCString(), at: inside });
  });

  test("activateOffline answers signed for the device; a replay is refused and writes nothing; deactivateOffline frees the seat", async () => {
    const keys = (await ensureOfflineKeys(deps, admin)).keys;
    const request = await input(keys, "hw-1");
    const response = await activateOffline(deps, request);
    assert.equal(response.license_id, license.id);
    assert.equal(response.license_key, license.key);
    assert.equal(response.hardware_id, "hw-1");
    assert.equal(response.times_activated, 1);
    assert.equal(response.max_activations, 2);
    assert.equal(response.product_details.short_code, "tool");
    assert.equal(response.date, clock().toUTCString());
    const verified = await verifyActivationResponse(response, {
      sharedKey: keys.sharedKey,
      licenseKey: license.key,
      hardwareId: "hw-1",
      apiKey: keys.apiKey,
    });
    assert.ok(verified.ok, "signed with the shared key for this device");

    const served = async () =>
      testStore.store.db.selectFrom("offline_requests").select("kind").execute();
    assert.deepEqual(await served(), [{ kind: "activation" }]);
    await assert.rejects(activateOffline(deps, request), code("REQUEST_REPLAYED"));
    assert.deepEqual(await served(), [{ kind: "activation" }]);

    clock.advance(1000);
    const gone = await deactivateOffline(deps, await input(keys, "hw-1"));
    assert.deepEqual(gone, { license_id: license.id, hardware_id: "hw-1", deactivated: true });
    const machines = await testStore.store.db
      .selectFrom("machines")
      .select("id")
      .where("license_id", "=", license.id)
      .execute();
    assert.deepEqual(machines, []);
    clock.advance(1000);
    await assert.rejects(
      deactivateOffline(deps, await input(keys, "hw-1")),
      code("DEVICE_NOT_FOUND"),
    );
  });

  test("recordServed records a request once, with its event; the second is REQUEST_REPLAYED", async () => {
    const keys = (await ensureOfflineKeys(deps, admin)).keys;
    clock.advance(1000);
    const authorized = await authorizeOfflineRequest(deps, await input(keys, "hw-9"), "activation");
    assert.equal(authorized.licenseId, license.id);
    assert.equal(authorized.user, null);
    assert.equal(authorized.sharedKey, keys.sharedKey);
    const events = () =>
      testStore.store.db
        .selectFrom("events")
        .select("id")
        .where("type", "=", "offline.activated")
        .where("machine_id", "=", "mach_pieces")
        .execute();
    await recordServed(deps, authorized, "activation", "mach_pieces");
    await assert.rejects(
      recordServed(deps, authorized, "activation", "mach_pieces"),
      code("REQUEST_REPLAYED"),
    );
    assert.equal((await events()).length, 1);
    // Recorded: authorizing the same request again is refused as a replay (same clock, same signature).
    await assert.rejects(
      authorizeOfflineRequest(deps, await input(keys, "hw-9"), "activation"),
      code("REQUEST_REPLAYED"),
    );
  });
});
