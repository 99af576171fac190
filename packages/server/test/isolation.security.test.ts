// The tenant-isolation walk: organization A owns one of every resource; organization B's admin
// token is tried on every route of the OpenAPI document that takes an {id}, with A's id, and on
// every list. B must get exactly what an unknown id gets (404, same code and message), see none
// of A's ids, and change nothing. A route whose resource this file does not know fails the test,
// so a new resource cannot be skipped silently: add it to `foreign` below.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { newId } from "../src/ids.js";
import {
  activate,
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
} from "./licensing-fixtures.js";
import {
  type Api,
  type ApiResponse,
  api,
  createOrganization,
  errorCode,
  listAll,
  useTestApp,
} from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";
import { authorize, device, trackableLicense } from "./trackable-fixtures.js";

type Verb = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

interface Operation {
  security?: unknown[];
  requestBody?: {
    content: Record<string, { schema?: { properties?: Record<string, unknown> } }>;
  };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** Routes without authentication that take an {id}, and what B (anyone) may see there. */
const PUBLIC_ID_ROUTES: Record<string, string> = {
  // SDK clients verify signatures with these; public halves only, by design.
  "GET /v1/organizations/{id}/signing-keys": "public signing keys",
};

/**
 * The device routes (`security: []`, the organization id / handshake code in the body) and the
 * body each takes besides the credential, aimed at a product and device. The walk below tries
 * B's credential on A's; a device route missing here fails it.
 */
const DEVICE_ROUTES: Record<
  string,
  { body: (target: { productId: string; deviceId: string }) => object; namesDevice: boolean }
> = {
  "POST /v1/trackable/authorize": { body: (target) => target, namesDevice: false },
  "POST /v1/trackable/usage": {
    body: ({ productId, deviceId }) => ({
      productId,
      reports: [
        {
          reportId: "isolation-walk-report",
          deviceId,
          periodStart: "2030-05-01T10:00:00.000Z",
          periodEnd: "2030-05-01T10:03:00.000Z",
          counters: { scans: 1 },
        },
      ],
    }),
    namesDevice: false,
  },
  "POST /v1/trackable/devices/actions/list": {
    body: ({ productId }) => ({ productId }),
    namesDevice: false,
  },
  "POST /v1/trackable/devices/actions/release": { body: (target) => target, namesDevice: true },
};

/** An id of the same kind that does not exist. */
function unknownId(id: string): string {
  return `${id.slice(0, id.indexOf("_"))}_01m84cp2y929bjrzt348fmrx3m`;
}

forEachDatabase("tenant isolation: every {id} route and every list", (db) => {
  const t = useTestApp(db);
  let b: { organizationId: string; adminToken: string };
  let bEntitlementId: string;
  /** A's ids to try, by the collection a path starts with (`/v1/<collection>/{id}`). */
  const foreign: Record<string, string[]> = {};
  /** Every id of A's, for the "never shows up at B" checks. */
  const aIds = new Set<string>();
  /** A's license key, which B's search must not find. */
  let aKey = "";

  before(async () => {
    const asA = api(t().app, t().adminToken);
    const productId = await createProduct(asA, "A's product");
    const policy = await createPolicy(asA, productId, { model: "timed", durationSeconds: DAY });
    const user = await asA("POST", "/v1/users", {
      email: "alice@a.example",
      name: "Alice",
      metadata: { crm: "shared-crm" },
    });
    assert.equal(user.status, 201, user.text);
    const license = await createLicense(asA, policy, {
      userId: user.body.data.id,
      metadata: { stripeCustomerId: "cus_SHARED" },
    });
    const entitlementId = await createEntitlement(asA, "a-feature");
    for (const owner of [`/v1/policies/${policy.id}`, `/v1/licenses/${license.id}`]) {
      const attached = await asA("POST", `${owner}/entitlements`, {
        entitlementIds: [entitlementId],
      });
      assert.equal(attached.status, 204, attached.text);
    }
    const code = await asA("POST", "/v1/handshake-codes", { name: "A's code" });
    assert.equal(code.status, 201, code.text);
    const tokens: string[] = [];
    for (const body of [
      { kind: "product", productId },
      { kind: "admin", name: "A's second" },
    ]) {
      const token = await asA("POST", "/v1/tokens", body);
      assert.equal(token.status, 201, token.text);
      tokens.push(token.body.data.id);
    }
    // A's next key too: B may neither activate nor retire it (signing-key rotation).
    const nextKey = await asA("POST", "/v1/signing-keys", { algorithm: "ed25519" });
    assert.equal(nextKey.status, 201, nextKey.text);
    // A webhook endpoint on a public address (nothing is sent: the worker does not run here)
    // and a delivery of the next event (a second license).
    const endpoint = await asA("POST", "/v1/webhook-endpoints", {
      url: "https://93.184.215.14/a-hook",
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    await createLicense(asA, policy);
    const delivery = await asA("GET", `/v1/webhook-endpoints/${endpoint.body.data.id}/deliveries`);
    assert.equal(delivery.body.data.length, 1, delivery.text);
    const now = new Date().toISOString();
    const machineId = newId("mach");
    await t()
      .store.db.insertInto("machines")
      .values({
        id: machineId,
        organization_id: t().organizationId,
        license_id: license.id,
        fingerprint: "a-device-fingerprint",
        name: "A's laptop",
        platform: "macos",
        os_version: null,
        app_identifier: null,
        app_version: null,
        heartbeat_deadline_at: null,
        cull_when_dead: 0,
        variables: "{}",
        metadata: '{"rack":"shared-rack"}',
        last_heartbeat_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // A usage alert and a day of usage of A's license (as usage reports record them).
    const alertId = newId("alrt");
    await t()
      .store.db.insertInto("usage_alerts")
      .values({
        id: alertId,
        organization_id: t().organizationId,
        license_id: license.id,
        period: "lifetime",
        metric: "uses",
        threshold: 80,
        created_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
        used: 80,
        quota: 100,
      })
      .execute();
    await t()
      .store.db.insertInto("usage_daily")
      .values({
        organization_id: t().organizationId,
        license_id: license.id,
        day: now.slice(0, 10),
        device_id: "a-device",
        feature: "scans",
        count: 7,
      })
      .execute();
    Object.assign(foreign, {
      products: [productId],
      policies: [policy.id],
      licenses: [license.id],
      entitlements: [entitlementId],
      users: [user.body.data.id],
      "handshake-codes": [code.body.data.id],
      tokens,
      machines: [machineId],
      "webhook-endpoints": [endpoint.body.data.id],
      "webhook-deliveries": [delivery.body.data[0].id],
      organizations: [t().organizationId],
      "usage-alerts": [alertId],
    });
    const keys = await t()
      .store.db.selectFrom("signing_keys")
      .select(["id", "public_key"])
      .where("organization_id", "=", t().organizationId)
      .execute();
    foreign["signing-keys"] = keys.map((key) => key.id);
    for (const ids of Object.values(foreign)) for (const id of ids) aIds.add(id);
    aIds.add(code.body.data.code);
    aIds.add(license.key);
    aKey = license.key;

    b = await createOrganization(t().services, "Organization B");
    const asB = api(t().app, b.adminToken);
    bEntitlementId = await createEntitlement(asB, "b-feature");
    const bPolicy = await createPolicy(asB, await createProduct(asB, "B's product"));
    await createLicense(asB, bPolicy);
    assert.equal((await asB("POST", "/v1/users", { email: "bob@b.example" })).status, 201);
    assert.equal((await asB("POST", "/v1/handshake-codes", {})).status, 201);
  });

  async function openApi(): Promise<OpenApiDocument> {
    const response = await api(t().app, null)("GET", "/v1/openapi.json");
    assert.equal(response.status, 200);
    return response.body;
  }

  /** Every row of every table, A's as A sees them through the API and as the database has them. */
  async function snapshot() {
    const asA = api(t().app, t().adminToken);
    const responses: Record<string, unknown> = {};
    for (const [collection, ids] of Object.entries(foreign)) {
      // Organizations and signing keys have no GET by id: their rows are in the table snapshot.
      if (collection === "organizations" || collection === "signing-keys") continue;
      for (const id of ids) {
        const response = await asA("GET", `/v1/${collection}/${id}`);
        assert.equal(response.status, 200, `A's GET /v1/${collection}/${id}: ${response.text}`);
        responses[id] = response.body;
      }
    }
    for (const owner of ["policies", "licenses"]) {
      responses[`${owner}-entitlements`] = await listAll(
        asA,
        `/v1/${owner}/${foreign[owner]![0]}/entitlements`,
      );
    }
    responses.organization = (await asA("GET", "/v1/organization")).body;
    return { responses, rows: await tableRows(t()) };
  }

  /** A body the route accepts, so the request reaches the ownership check. */
  function bodyFor(path: string, method: string): unknown {
    if (path.endsWith("/entitlements") && method !== "get") {
      return { entitlementIds: [bEntitlementId] };
    }
    if (path.endsWith("/trackable") && method === "put") {
      return path.startsWith("/v1/products/") ? { publicTrialPolicyId: null } : { period: "month" };
    }
    if (path.endsWith("/actions/bind-handshake-code")) return {};
    if (path.startsWith("/v1/webhook-endpoints/") && method === "patch") {
      return { description: "pwned" };
    }
    if (method === "patch" || method === "put") return { name: "pwned" };
    if (path.endsWith("/actions/validate")) return {};
    if (path.endsWith("/actions/consume")) return { uses: 1 };
    return undefined;
  }

  test("B gets exactly an unknown id's 404 on every {id} route, and nothing changes", async (context) => {
    const asB = api(t().app, b.adminToken);
    const document = await openApi();
    const before = await snapshot();
    const unmapped: string[] = [];
    const walked = new Set<string>();
    let requests = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.includes("{")) continue;
      const collection = /^\/v1\/([a-z-]+)\/\{id\}/.exec(path)?.[1];
      for (const [method, operation] of Object.entries(operations)) {
        const verb = method.toUpperCase() as Verb;
        const route = `${verb} ${path}`;
        if (operation.security?.length === 0) {
          assert.ok(route in PUBLIC_ID_ROUTES, `${route} is public: say why in PUBLIC_ID_ROUTES`);
          continue;
        }
        const ids = collection === undefined ? undefined : foreign[collection];
        if (ids === undefined) {
          unmapped.push(route);
          continue;
        }
        for (const id of ids) {
          const body = bodyFor(path, method);
          const at = (value: string) => path.replace("{id}", value);
          const stranger = await asB(verb, at(id), body);
          const missing = unknownId(id);
          const unknown = await asB(verb, at(missing), body);
          const label = `${verb} ${at(id)} as B: ${stranger.status} ${stranger.text}`;
          assert.equal(stranger.status, 404, label);
          assert.equal(unknown.status, 404, `${verb} ${at(missing)}: ${unknown.text}`);
          assert.equal(errorCode(stranger), errorCode(unknown), label);
          assert.match(errorCode(stranger), /_NOT_FOUND$/, label);
          assert.equal(
            stranger.body.error.message.replaceAll(id, "<id>"),
            unknown.body.error.message.replaceAll(missing, "<id>"),
            label,
          );
          requests++;
        }
        walked.add(route);
      }
    }
    assert.deepEqual(unmapped, [], "routes whose resource has no id of A's in `foreign`");
    // Every resource's own GET is part of the walk, so a renamed collection cannot empty it.
    for (const collection of Object.keys(foreign)) {
      // Organizations and signing keys have no GET by id: their rows are in the table snapshot.
      if (collection === "organizations" || collection === "signing-keys") continue;
      assert.ok(walked.has(`GET /v1/${collection}/{id}`), `GET /v1/${collection}/{id} walked`);
    }
    context.diagnostic(`${walked.size} operations, ${requests} foreign ids tried`);
    assert.ok(requests >= 25, `only ${requests} requests`);
    assert.deepEqual(await snapshot(), before, "A's data changed");

    // A's tokens still work (B's DELETE /v1/tokens/{id} revoked nothing).
    assert.equal((await api(t().app, t().adminToken)("GET", "/v1/tokens")).status, 200);
  });

  test("B's license search and counts never reach A's licenses", async () => {
    const asB = api(t().app, b.adminToken);
    const [aLicenseId] = foreign.licenses!;
    // Exact key and id, an email whole and in part (substring search), a 1-letter prefix.
    for (const q of [aKey, aLicenseId!, "alice@a.example", "lice@a.ex", "@a.example", "a"]) {
      const found = await asB("GET", `/v1/licenses?q=${encodeURIComponent(q)}`);
      assert.equal(found.status, 200, found.text);
      for (const id of aIds) assert.ok(!found.text.includes(id), `q=${q} shows A's ${id}`);
    }
    // The same searches find A's license for A.
    const asA = api(t().app, t().adminToken);
    for (const q of [aKey, "lice@a.ex"]) {
      const own = await asA("GET", `/v1/licenses?q=${encodeURIComponent(q)}`);
      assert.deepEqual(
        own.body.data.map((license: { id: string }) => license.id),
        [aLicenseId],
        `q=${q}`,
      );
    }
    const counts = await asB("GET", "/v1/licenses/counts");
    assert.equal(counts.status, 200, counts.text);
    assert.deepEqual(counts.body.data, {
      active: 1,
      suspended: 0,
      expired: 0,
      revoked: 0,
      total: 1,
    });
    const current = await asB("GET", "/v1/tokens/current");
    assert.equal(current.body.data.organizationId, b.organizationId);
  });

  test("the audit log: B sees none of A's entries, even filtered by A's ids", async () => {
    const asA = api(t().app, t().adminToken);
    const asB = api(t().app, b.adminToken);
    const ofA = await listAll(asA, "/v1/audit-log");
    // A's set-up above wrote entries (not a vacuous check).
    assert.ok(ofA.length >= 10, `only ${ofA.length} entries of A's`);
    const ofB = await listAll(asB, "/v1/audit-log");
    assert.ok(ofB.length >= 5, `only ${ofB.length} entries of B's`);
    const bIds = new Set(ofB.map((entry) => entry.id));
    for (const entry of ofA) assert.ok(!bIds.has(entry.id), `B lists A's ${entry.id}`);
    for (const [collection, ids] of Object.entries(foreign)) {
      for (const id of ids) {
        for (const query of [`resourceId=${id}`, `actor=${id}`]) {
          const response = await asB("GET", `/v1/audit-log?${query}`);
          assert.equal(response.status, 200, response.text);
          assert.deepEqual(response.body.data, [], `B's audit log ?${query} (${collection})`);
        }
      }
    }
  });

  test("public {id} routes show only what they are for", async () => {
    const asB = api(t().app, b.adminToken);
    const keys = await asB("GET", `/v1/organizations/${t().organizationId}/signing-keys`);
    assert.equal(keys.status, 200, keys.text);
    for (const key of keys.body.data as Array<Record<string, unknown>>) {
      assert.deepEqual(Object.keys(key).sort(), [
        "algorithm",
        "createdAt",
        "endorsement",
        "id",
        "publicKey",
        "publicKeyPem",
        "retiredAt",
        "state",
      ]);
      assert.doesNotMatch(JSON.stringify(key), /PRIVATE/);
    }
  });

  test("validation counters: B never counts A's validations, by any filter", async () => {
    const asA = api(t().app, t().adminToken);
    const asB = api(t().app, b.adminToken);
    const licenseId = foreign.licenses![0]!;
    const license = await asA("GET", `/v1/licenses/${licenseId}`);
    const checked = await api(t().app, null)("POST", "/v1/licenses/actions/validate-key", {
      key: license.body.data.key,
    });
    assert.equal(checked.status, 200, checked.text);
    await t().services.flush();
    const own = await asA("GET", "/v1/stats/validations", undefined, { query: { licenseId } });
    assert.equal(own.body.data.length, 1, own.text);
    const filters: Record<string, string>[] = [
      {},
      { licenseId },
      { productId: foreign.products![0]! },
    ];
    for (const query of filters) {
      const seen = await asB("GET", "/v1/stats/validations", undefined, { query });
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.body.data, [], `B's stats with ${JSON.stringify(query)}`);
    }
  });

  test("usage per day and usage alerts: B never sees A's, by any filter", async () => {
    const asA = api(t().app, t().adminToken);
    const asB = api(t().app, b.adminToken);
    const licenseId = foreign.licenses![0]!;
    const productId = foreign.products![0]!;
    const own = await asA("GET", "/v1/stats/usage", undefined, { query: { licenseId } });
    assert.equal(own.body.data.length, 1, own.text);
    const openOfA = await asA("GET", "/v1/usage-alerts", undefined, { query: { state: "open" } });
    assert.equal(openOfA.body.data.length, 1, openOfA.text);
    const usageFilters: Record<string, string>[] = [
      {},
      { licenseId },
      { productId },
      { feature: "scans" },
    ];
    for (const query of usageFilters) {
      const seen = await asB("GET", "/v1/stats/usage", undefined, { query });
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.body.data, [], `B's usage with ${JSON.stringify(query)}`);
    }
    const alertFilters: Record<string, string>[] = [
      {},
      { licenseId },
      { productId },
      { state: "open" },
    ];
    for (const query of alertFilters) {
      const seen = await asB("GET", "/v1/usage-alerts", undefined, { query });
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.body.data, [], `B's alerts with ${JSON.stringify(query)}`);
    }
  });

  test("activations per day and machine counts: B never counts A's machines, by any filter", async () => {
    const asA = api(t().app, t().adminToken);
    const asB = api(t().app, b.adminToken);
    const productId = foreign.products![0]!;
    // A license of its own: A's first one has its one machine already.
    const license = await createLicense(asA, { id: foreign.policies![0]!, productId });
    await activate(t().app, license.key, "a-counted-device");
    const own = await asA("GET", "/v1/stats/activations", undefined, { query: { productId } });
    assert.deepEqual(
      own.body.data.map((row: { type: string; count: number }) => [row.type, row.count]),
      [["machine.activated", 1]],
      own.text,
    );
    const ownCounts = await asA("GET", "/v1/machines/counts", undefined, { query: { productId } });
    // The machine A's set-up inserted and the one activated here.
    assert.equal(ownCounts.body.data.total, 2, ownCounts.text);
    for (const query of [{}, { productId }] as Record<string, string>[]) {
      const seen = await asB("GET", "/v1/stats/activations", undefined, { query });
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.body.data, [], `B's activations with ${JSON.stringify(query)}`);
      const counts = await asB("GET", "/v1/machines/counts", undefined, { query });
      assert.equal(counts.status, 200, counts.text);
      assert.deepEqual(
        counts.body.data,
        { alive: 0, notStarted: 0, dead: 0, notRequired: 0, total: 0 },
        `B's machine counts with ${JSON.stringify(query)}`,
      );
    }
  });

  test("no GET without an id shows B any of A's ids; lists are followed to the end", async () => {
    const asB = api(t().app, b.adminToken);
    const document = await openApi();
    const before = await snapshot();
    let lists = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path.includes("{") || !operations.get) continue;
      const first: ApiResponse = await asB("GET", path);
      assert.equal(first.status, 200, `GET ${path}: ${first.text}`);
      const texts = [first.text];
      if (Array.isArray(first.body?.data) && "nextCursor" in first.body) {
        const items = await listAll(asB as Api, path);
        texts.push(JSON.stringify(items));
        lists++;
      }
      for (const text of texts) {
        for (const id of aIds) assert.ok(!text.includes(id), `GET ${path} shows A's ${id}`);
      }
    }
    assert.ok(lists >= 8, `only ${lists} lists`);
    assert.deepEqual(await snapshot(), before);
  });
  test("B's device credential never reaches A's devices, on every device route", async () => {
    const document = await openApi();
    const a = await trackableLicense(t());
    const aDevice = device();
    const aTarget = { productId: a.productId, deviceId: aDevice };
    const held = await authorize(t(), { handshakeCode: a.code.code, ...aTarget });
    assert.equal(held.body.valid, true, held.text);
    const bTrackable = await trackableLicense(t(), { token: b.adminToken });
    const bCode = { handshakeCode: bTrackable.code.code };
    const unknownTarget = { productId: unknownId(a.productId), deviceId: device() };
    const anyone = api(t().app, null);
    const answer = (response: ApiResponse) =>
      `${response.status} ${JSON.stringify(response.body).replaceAll(/req_[0-9a-z]+/g, "req")}`;
    const before = await tableRows(t());
    const walked: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const body = operation.requestBody?.content["application/json"]?.schema;
        if (operation.security?.length !== 0 || !body?.properties?.handshakeCode) continue;
        const known = DEVICE_ROUTES[route];
        assert.ok(known, `${route} takes a device credential: add it to DEVICE_ROUTES`);
        const call = (credential: object, target: { productId: string; deviceId: string }) =>
          anyone(method.toUpperCase() as Verb, path, { ...credential, ...known.body(target) });
        // B's organization id with A's code: what an unknown code gets.
        const mixed = await call(
          { organizationId: b.organizationId, handshakeCode: a.code.code },
          aTarget,
        );
        const noCode = await call(
          { organizationId: b.organizationId, handshakeCode: "NO-SUCH-CODE-0000" },
          aTarget,
        );
        assert.equal(mixed.status, 404, `${route}: ${mixed.text}`);
        assert.equal(answer(mixed), answer(noCode), route);
        // B's code naming A's product and device: what an unknown product and device get.
        const aimed = await call(bCode, aTarget);
        const unknown = await call(bCode, unknownTarget);
        assert.equal(
          answer(aimed).replaceAll(a.productId, "<product>").replaceAll(aDevice, "<device>"),
          answer(unknown)
            .replaceAll(unknownTarget.productId, "<product>")
            .replaceAll(unknownTarget.deviceId, "<device>"),
          route,
        );
        if (known.namesDevice) {
          // B's code, B's own product, A's device: what an unknown device gets.
          const own = { productId: bTrackable.productId };
          const stranger = await call(bCode, { ...own, deviceId: aDevice });
          const nobody = await call(bCode, { ...own, deviceId: unknownTarget.deviceId });
          assert.equal(stranger.status, 404, `${route}: ${stranger.text}`);
          assert.equal(answer(stranger), answer(nobody), route);
        }
        walked.push(route);
      }
    }
    assert.deepEqual(walked.sort(), Object.keys(DEVICE_ROUTES).sort(), "device routes walked");
    assert.deepEqual(await tableRows(t()), before, "B's requests changed nothing");
    // A's device is still A's.
    const listed = await anyone("POST", "/v1/trackable/devices/actions/list", {
      handshakeCode: a.code.code,
      productId: a.productId,
    });
    assert.deepEqual(
      listed.body.data.map((d: { deviceId: string }) => d.deviceId),
      [aDevice],
      listed.text,
    );
  });

  test("B's list filters by A's user, email or metadata never reach A's rows", async () => {
    const asA = api(t().app, t().adminToken);
    const asB = api(t().app, b.adminToken);
    const [aUserId] = foreign.users!;
    // B's own rows with the same metadata and email: found by B, A's never.
    const bUser = await asB("POST", "/v1/users", {
      email: "alice@a.example",
      metadata: { crm: "shared-crm" },
    });
    assert.equal(bUser.status, 201, bUser.text);
    const bPolicy = await createPolicy(asB, await createProduct(asB, "B's filtered product"));
    const bLicense = await createLicense(asB, bPolicy, {
      userId: bUser.body.data.id,
      metadata: { stripeCustomerId: "cus_SHARED" },
    });
    const bMachine = await asB("POST", "/v1/machines", {
      licenseId: bLicense.id,
      fingerprint: "b-filtered-device",
      metadata: { rack: "shared-rack" },
    });
    assert.equal(bMachine.status, 201, bMachine.text);
    const queries: Array<[string, string, string]> = [
      ["/v1/licenses", "metadata%5BstripeCustomerId%5D=cus_SHARED", bLicense.id],
      ["/v1/machines", "metadata%5Brack%5D=shared-rack", bMachine.body.data.id],
      ["/v1/users", "metadata%5Bcrm%5D=shared-crm", bUser.body.data.id],
      ["/v1/users", "email=ALICE%40a.example", bUser.body.data.id],
    ];
    for (const [path, query, own] of queries) {
      const found = await asB("GET", `${path}?${query}`);
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(
        found.body.data.map((item: { id: string }) => item.id),
        [own],
        `B's ${path}?${query}`,
      );
      // A's filter finds A's row (the filter is not vacuous), and not B's.
      const mine = await asA("GET", `${path}?${query}`);
      assert.equal(mine.body.data.length, 1, `A's ${path}?${query}: ${mine.text}`);
      assert.ok(aIds.has(mine.body.data[0].id), `A's ${path}?${query}: ${mine.text}`);
    }
    // A's user id as B's filter: no error, nothing (as an unknown user).
    for (const path of ["/v1/licenses", "/v1/machines"]) {
      const found = await asB("GET", `${path}?userId=${aUserId}`);
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(found.body.data, [], `B's ${path}?userId=<A's user>`);
      const mine = await asA("GET", `${path}?userId=${aUserId}`);
      assert.equal(mine.body.data.length, 1, `A's ${path}?userId: ${mine.text}`);
    }
  });
});
