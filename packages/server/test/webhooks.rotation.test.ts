// Rotating a webhook endpoint's secret with an overlap (`keepPreviousSeconds`), on both
// databases, against a real receiver: while the overlap lasts every attempt (a retry queued
// before the rotation too) carries two signatures, one per secret, and verifies with either;
// after it only the new secret signs; without it the old one stops at once. The secrets never
// show in a GET, the logs, the audit log or a table in clear. And migration 0024 on a database
// that has endpoints already.
import assert from "node:assert/strict";
import { after, beforeEach, test } from "node:test";
import { type Kysely, Migrator, sql } from "kysely";
import { Webhook } from "standardwebhooks";
import { newId } from "../src/ids.js";
import { seal } from "../src/secrets.js";
import { createServices } from "../src/services/index.js";
import { MIGRATION_NAMES, MIGRATIONS, migrateToLatest } from "../src/store/migrate.js";
import type { Database } from "../src/store/schema.js";
import { webhooksRepository } from "../src/store/webhooks.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import {
  type Api,
  api,
  capture,
  errorCode,
  listAll,
  manualClock,
  useTestApp,
} from "./support/app.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { tableRows } from "./support/tables.js";
import { type Received, startReceiver } from "./support/webhook-receiver.js";

const HOUR_MS = 3_600_000;
const YEAR_SECONDS = 365 * 86_400;

/** Verifies a request with the reference verifier as a receiver living at `now` would. */
function verified(secret: string, message: Received, now: number): { data: { id: string } } {
  const headers: Record<string, string> = {};
  for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    headers[name] = String(message.headers[name]);
  }
  const realNow = Date.now;
  Date.now = () => now;
  try {
    return new Webhook(secret).verify(message.body, headers) as { data: { id: string } };
  } finally {
    Date.now = realNow;
  }
}

/** The request verifies with each of `good` and with none of `bad`. */
function signedBy(message: Received, now: number, good: string[], bad: string[]): void {
  const signatures = String(message.headers["webhook-signature"]).split(" ");
  assert.equal(signatures.length, good.length, `signatures: ${signatures.join(" ")}`);
  for (const secret of good) verified(secret, message, now);
  for (const secret of bad) {
    assert.throws(() => verified(secret, message, now), /signature/i, "a dropped secret verifies");
  }
}

forEachDatabase("webhook secret rotation", (db) => {
  const clock = manualClock();
  const log = capture();
  const t = useTestApp(db, {
    clock,
    webhooks: { allowPrivate: true, timeoutMs: 2_000, batchSize: 50 },
    logger: { level: "trace", destination: log.stream },
  });

  beforeEach(async () => {
    clock.set(new Date());
    await t().store.db.deleteFrom("webhook_deliveries").execute();
    await t().store.db.deleteFrom("webhook_endpoints").execute();
  });

  async function drain(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const results = await t().services.webhooks.deliverDue();
      if (results.length === 0) return attempts;
      attempts += results.length;
    }
  }

  async function rotate(
    call: Api,
    id: string,
    body?: Record<string, unknown>,
  ): Promise<{ secret: string; previousSecretValidUntil: string | null }> {
    const response = await call("POST", `/v1/webhook-endpoints/${id}/actions/rotate-secret`, body);
    assert.equal(response.status, 200, response.text);
    return response.body.data;
  }

  async function endpointNow(call: Api, id: string) {
    const response = await call("GET", `/v1/webhook-endpoints/${id}`);
    assert.equal(response.status, 200, response.text);
    assert.ok(!response.text.includes("whsec_"), "a secret in the GET");
    return response.body.data as { previousSecretValidUntil: string | null };
  }

  test("with an overlap both secrets sign, a queued retry too; after it only the new one", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    const created = await asA("POST", "/v1/webhook-endpoints", {
      url: receiver.url,
      eventTypes: ["license.created"],
    });
    assert.equal(created.status, 201, created.text);
    const { id, secret: old } = created.body.data as { id: string; secret: string };
    assert.equal(created.body.data.previousSecretValidUntil, null);
    const policy = await createPolicy(asA, await createProduct(asA));

    // A delivery that fails before the rotation and waits for its retry.
    receiver.answers.push(500);
    await createLicense(asA, policy);
    assert.equal(await drain(), 1);
    signedBy(receiver.received[0]!, clock().getTime(), [old], []);

    const rotatedAt = clock().getTime();
    const rotated = await rotate(asA, id, { keepPreviousSeconds: 3600 });
    const fresh = rotated.secret;
    const until = new Date(rotatedAt + HOUR_MS).toISOString();
    assert.equal(rotated.previousSecretValidUntil, until);
    assert.equal((await endpointNow(asA, id)).previousSecretValidUntil, until);
    const listed = await asA("GET", "/v1/webhook-endpoints");
    assert.ok(!listed.text.includes("whsec_"), "a secret in the list");
    assert.equal(listed.body.data[0].previousSecretValidUntil, until);

    // The queued retry, and a delivery made after the rotation: both secrets verify.
    clock.advance(2 * 60_000);
    await createLicense(asA, policy);
    assert.equal(await drain(), 2);
    assert.equal(receiver.received.length, 3);
    const retry = receiver.received.find(
      (message, index) =>
        index > 0 && message.headers["webhook-id"] === receiver.received[0]!.headers["webhook-id"],
    );
    assert.ok(retry, "the queued retry was sent");
    for (const message of receiver.received.slice(1)) {
      signedBy(message, clock().getTime(), [fresh, old], []);
      // The new secret's signature first.
      const first = new Webhook(fresh).sign(
        String(message.headers["webhook-id"]),
        new Date(Number(message.headers["webhook-timestamp"]) * 1000),
        message.body,
      );
      assert.equal(String(message.headers["webhook-signature"]).split(" ")[0], first);
    }

    // The overlap ends: only the new secret signs, and the GET says no previous one.
    clock.set(new Date(rotatedAt + HOUR_MS));
    assert.equal((await endpointNow(asA, id)).previousSecretValidUntil, null);
    await createLicense(asA, policy);
    assert.equal(await drain(), 1);
    signedBy(receiver.received.at(-1)!, clock().getTime(), [fresh], [old]);

    // The secrets in clear: nowhere in the tables, the logs or the audit log.
    const rows = JSON.stringify(await tableRows(t()));
    const audit = JSON.stringify(await listAll(asA, "/v1/audit-log"));
    for (const secret of [old, fresh]) {
      for (const [where, text] of [
        ["tables", rows],
        ["logs", log.text()],
        ["audit log", audit],
      ] as const) {
        assert.ok(!text.includes(secret), `a secret in the ${where}`);
        assert.ok(!text.includes(secret.slice("whsec_".length)), `a secret's key in the ${where}`);
      }
    }
    assert.ok(log.text().length > 0, "nothing was logged");
  });

  test("without an overlap (0, the default) only the new secret signs; it drops a kept one", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    const created = await asA("POST", "/v1/webhook-endpoints", {
      url: receiver.url,
      eventTypes: ["license.created"],
    });
    const { id, secret: first } = created.body.data as { id: string; secret: string };
    const policy = await createPolicy(asA, await createProduct(asA));

    // A retry queued before a rotation with 0 carries the new signature only.
    receiver.answers.push(500);
    await createLicense(asA, policy);
    assert.equal(await drain(), 1);
    const second = await rotate(asA, id, { keepPreviousSeconds: 0 });
    assert.equal(second.previousSecretValidUntil, null);
    clock.advance(2 * 60_000);
    assert.equal(await drain(), 1);
    signedBy(receiver.received.at(-1)!, clock().getTime(), [second.secret], [first]);

    // An overlap, then a rotation without a body: the kept secret is dropped at once.
    const third = await rotate(asA, id, { keepPreviousSeconds: 86_400 });
    assert.ok(third.previousSecretValidUntil);
    const fourth = await rotate(asA, id);
    assert.equal(fourth.previousSecretValidUntil, null);
    assert.equal((await endpointNow(asA, id)).previousSecretValidUntil, null);
    await createLicense(asA, policy);
    assert.equal(await drain(), 1);
    signedBy(
      receiver.received.at(-1)!,
      clock().getTime(),
      [fourth.secret],
      [first, second.secret, third.secret],
    );

    // A rotation keeps the secret it replaces, not one an earlier rotation kept.
    const fifth = await rotate(asA, id, { keepPreviousSeconds: 60 });
    const sixth = await rotate(asA, id, { keepPreviousSeconds: 60 });
    await createLicense(asA, policy);
    assert.equal(await drain(), 1);
    signedBy(
      receiver.received.at(-1)!,
      clock().getTime(),
      [sixth.secret, fifth.secret],
      [fourth.secret],
    );
  });

  test("the audit entry records the overlap asked for, the secrets redacted", async () => {
    const asA = api(t().app, t().adminToken);
    const created = await asA("POST", "/v1/webhook-endpoints", { url: "http://127.0.0.1:9/h" });
    const { id } = created.body.data as { id: string };
    const at = clock().getTime();
    await rotate(asA, id, { keepPreviousSeconds: 7200 });
    await rotate(asA, id);
    const entries = (await listAll(asA, "/v1/audit-log")) as unknown as Array<{
      action: string;
      resource: { id: string };
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }>;
    const rotations = entries.filter(
      (entry) => entry.action === "webhook_endpoint.secret_rotated" && entry.resource.id === id,
    );
    assert.equal(rotations.length, 2);
    const [withOverlap, without] = rotations;
    assert.deepEqual(withOverlap!.after, {
      secretSealed: "[redacted]",
      previousSecretSealed: "[redacted]",
      previousValidUntil: new Date(at + 2 * HOUR_MS).toISOString(),
      keepPreviousSeconds: 7200,
    });
    assert.deepEqual(withOverlap!.before, {
      secretSealed: "[redacted]",
      previousSecretSealed: null,
      previousValidUntil: null,
      keepPreviousSeconds: null,
    });
    assert.deepEqual(without!.after, {
      secretSealed: "[redacted]",
      previousSecretSealed: null,
      previousValidUntil: null,
      keepPreviousSeconds: 0,
    });
  });

  test("a bad keepPreviousSeconds is refused with 400 and changes nothing", async () => {
    const asA = api(t().app, t().adminToken);
    const created = await asA("POST", "/v1/webhook-endpoints", { url: "http://127.0.0.1:9/h" });
    const { id } = created.body.data as { id: string };
    const before = await tableRows(t());
    for (const body of [
      { keepPreviousSeconds: -1 },
      { keepPreviousSeconds: YEAR_SECONDS + 1 },
      { keepPreviousSeconds: 1.5 },
      { keepPreviousSeconds: "3600" },
      { keepPreviousSeconds: null },
      { keepPrevious: 60 },
    ]) {
      const response = await asA("POST", `/v1/webhook-endpoints/${id}/actions/rotate-secret`, body);
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
    }
    assert.deepEqual(await tableRows(t()), before);
    // The longest overlap is taken.
    const longest = await rotate(asA, id, { keepPreviousSeconds: YEAR_SECONDS });
    assert.equal(
      longest.previousSecretValidUntil,
      new Date(clock().getTime() + YEAR_SECONDS * 1000).toISOString(),
    );
  });
});

forEachDatabase("migration 0024 on endpoints made before it", (db) => {
  const opened: TestStore[] = [];
  after(async () => {
    for (const store of opened) await store.close();
  });

  test("existing endpoints get no previous secret and go on signing with theirs", async () => {
    const testStore = await db.open();
    opened.push(testStore);
    const store = testStore.store;
    // Migrated up to 0023, as a server of the version before.
    const schema =
      store.dialect === "postgres"
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]!.s
        : undefined;
    const migrator = new Migrator({
      db: store.db as Kysely<unknown>,
      provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error } = await migrator.migrateTo("0023_offline_previous_keys");
    assert.equal(error, undefined);
    const secret = "s".repeat(32);
    const services = createServices({ store, secret, webhooks: { allowPrivate: true } });
    const organization = await services.organizations.create("Before 0024");
    const { plaintext } = await services.tokens.issue(organization.id, {
      kind: "admin",
      name: "admin",
    });
    const principal = (await services.tokens.authenticate(plaintext))!;
    const endpointId = newId("whep", new Date());
    // An endpoint as the version before wrote it (no previous-secret columns yet).
    const now = new Date().toISOString();
    await sql`insert into webhook_endpoints
      (id, organization_id, url, description, event_types, enabled, secret_sealed,
       failing_since, disabled_reason, created_at, updated_at)
      values (${endpointId}, ${organization.id}, 'http://127.0.0.1:9/h', null,
       '[]', 1, ${seal(secret, Buffer.from("whsec_AAAA"))}, null, null, ${now}, ${now})`.execute(
      store.db,
    );

    assert.deepEqual(await migrateToLatest(store.db as Kysely<Database>), [
      ...MIGRATION_NAMES.filter((name) => name >= "0024"),
    ]);
    const endpoint = await webhooksRepository(store.db).findEndpoint(organization.id, endpointId);
    assert.equal(endpoint?.previousSecretSealed, null);
    assert.equal(endpoint?.previousValidUntil, null);
    const shown = await services.webhooks.get(principal, endpointId);
    assert.equal(shown.previousValidUntil, null);
    // And it rotates with an overlap like any other.
    const rotated = await services.webhooks.rotateSecret(principal, endpointId, 60);
    assert.ok(rotated.endpoint.previousSecretSealed);
    assert.ok(rotated.endpoint.previousValidUntil);
    await services.flush();
  });
});
