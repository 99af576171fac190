// The repositories converted last decode once and encode on write: a record written through a
// repository reads back equal, its JSON fields parsed, and the columns hold what they held
// before (JSON text, snake_case), on both databases.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createServices } from "../src/services/index.js";
import { idempotencyKeysRepository } from "../src/store/idempotency-keys.js";
import { offlineActivationRepository } from "../src/store/offline-activation.js";
import type { TrialGrantRecord } from "../src/store/records.js";
import { trackableRepository } from "../src/store/trackable.js";
import { usageRepository } from "../src/store/usage.js";
import { usageAlertsRepository } from "../src/store/usage-alerts.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { testKeyPairs } from "./support/key-pairs.js";

const NOW = "2031-05-06T07:08:09.000Z";

forEachDatabase("records at the store boundary", (db) => {
  let testStore: TestStore;
  let organizationId: string;

  before(async () => {
    testStore = await db.openMigrated();
    const services = createServices({
      store: testStore.store,
      secret: randomBytes(32).toString("base64url"),
      generateKeyPair: testKeyPairs(),
    });
    organizationId = (await services.organizations.create("Records")).id;
  });
  after(() => testStore.close());

  test("idempotency: replay headers are parsed on read, JSON text in the column; none stored reads {}", async () => {
    const keys = idempotencyKeysRepository(testStore.store.db);
    const claim = {
      organizationId,
      caller: "tok_records",
      key: "k-1",
      method: "POST",
      path: "/v1/products",
      requestHash: "ab".repeat(32),
      createdAt: NOW,
    };
    assert.equal(await keys.insertIfAbsent(claim), true);
    assert.equal(await keys.insertIfAbsent(claim), false);
    assert.deepEqual(await keys.find(claim), {
      ...claim,
      status: null,
      responseBodySealed: null,
      responseHeaders: {},
    });
    await keys.complete(claim, NOW, 201, "sealed-body", {
      "content-type": "text/csv",
    });
    const done = await keys.find(claim);
    assert.equal(done?.status, 201);
    assert.equal(done?.responseBodySealed, "sealed-body");
    assert.deepEqual(done?.responseHeaders, { "content-type": "text/csv" });
    const row = await testStore.store.db
      .selectFrom("idempotency_keys")
      .select(["response_headers", "request_hash"])
      .where("key", "=", "k-1")
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      response_headers: '{"content-type":"text/csv"}',
      request_hash: claim.requestHash,
    });
    // A row stored before migration 0008 has no headers: it was JSON, replayed with none.
    await testStore.store.db
      .updateTable("idempotency_keys")
      .set({ response_headers: null })
      .where("key", "=", "k-1")
      .execute();
    assert.deepEqual((await keys.find(claim))?.responseHeaders, {});
  });

  test("trackable settings: objects in, parsed objects out, JSON text in the column", async () => {
    const repo = trackableRepository(testStore.store.db);
    await repo.putSettings(organizationId, "pol_a", { deviceModel: "concurrent" }, NOW);
    await repo.putSettings(organizationId, "prod_a", { publicTrialPolicyId: "pol_a" }, NOW);
    const layers = await repo.settingsLayers(organizationId, ["pol_a", "lic_none"]);
    assert.deepEqual([...layers], [["pol_a", { deviceModel: "concurrent" }]]);
    assert.deepEqual(await repo.productSettings(organizationId, "prod_a"), {
      publicTrialPolicyId: "pol_a",
    });
    assert.equal(await repo.productSettings(organizationId, "prod_none"), undefined);
    // Another organization's owner id reads as nothing.
    assert.equal(await repo.productSettings("org_other", "prod_a"), undefined);
    const row = await testStore.store.db
      .selectFrom("trackable_settings")
      .select("settings")
      .where("owner_id", "=", "pol_a")
      .executeTakeFirstOrThrow();
    assert.equal(row.settings, '{"deviceModel":"concurrent"}');
  });

  test("trial grants: a claimed record reads back equal; a second claim loses", async () => {
    const repo = trackableRepository(testStore.store.db);
    const grant: TrialGrantRecord = {
      productId: "prod_t",
      kind: "public",
      subject: "device-1",
      hardwareId: "hw-hash",
      organizationId,
      licenseId: "lic_t",
      expiresAt: "2031-05-13T07:08:09.000Z",
      createdAt: NOW,
    };
    assert.equal(await repo.claimTrial(grant), true);
    assert.equal(await repo.claimTrial({ ...grant, licenseId: "lic_u" }), false);
    assert.deepEqual(await repo.trial("prod_t", "public", "device-1"), grant);
    assert.deepEqual(await repo.trialOfHardware("prod_t", "hw-hash"), grant);
    assert.equal(await repo.trial("prod_t", "private", "device-1"), undefined);
  });

  test("usage: reports keep their counters as JSON text; counters and alerts add up once", async () => {
    const usage = usageRepository(testStore.store.db);
    const report = {
      organizationId,
      licenseId: "lic_u",
      reportId: "r-1",
      deviceId: "device-1",
      periodStart: "2031-05-06T00:00:00.000Z",
      periodEnd: "2031-05-06T01:00:00.000Z",
      counters: { export: 2 },
      receivedAt: NOW,
    };
    assert.deepEqual([...(await usage.insertReports([report]))], ["r-1"]);
    assert.deepEqual([...(await usage.insertReports([report]))], []);
    const row = await testStore.store.db
      .selectFrom("usage_reports")
      .select(["counters", "device_id"])
      .where("report_id", "=", "r-1")
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { counters: '{"export":2}', device_id: "device-1" });

    const total = {
      organizationId,
      licenseId: "lic_u",
      period: "lifetime",
      feature: "*",
      count: 2,
    };
    await usage.addTotals([total]);
    await usage.addTotals([{ ...total, count: 3 }]);
    assert.deepEqual([...(await usage.totals(organizationId, "lic_u", "lifetime"))], [["*", 5]]);
    const daily = { ...total, day: "2031-05-06", deviceId: "device-1", feature: "export" };
    await usage.addDaily([daily]);
    assert.deepEqual(await usage.usage(organizationId, "lic_u", { groupBy: "device" }), [
      { key: "device-1", count: 2 },
    ]);
    const alerts = usageAlertsRepository(testStore.store.db);
    const alert = {
      id: "alrt_1",
      organizationId,
      licenseId: "lic_u",
      period: "lifetime",
      metric: "uses",
      threshold: 80,
      createdAt: NOW,
      acknowledgedAt: null,
      acknowledgedBy: null,
      used: 3_000_000_000,
      limit: 3_500_000_000,
    };
    assert.deepEqual(await alerts.claim([alert]), [alert]);
    const again = { ...alert, id: "alrt_2" };
    const higher = { ...alert, id: "alrt_3", threshold: 100 };
    assert.deepEqual(await alerts.claim([again, higher]), [higher]);
    assert.deepEqual(await alerts.find(organizationId, "alrt_1"), alert);
    assert.equal(await alerts.acknowledge(organizationId, "alrt_1", NOW, "tok_1"), true);
    assert.equal(await alerts.acknowledge(organizationId, "alrt_1", NOW, "tok_2"), false);
    assert.deepEqual(await alerts.find(organizationId, "alrt_1"), {
      ...alert,
      acknowledgedAt: NOW,
      acknowledgedBy: "tok_1",
    });
  });

  test("offline activation: keys and served requests are records both ways", async () => {
    const repo = offlineActivationRepository(testStore.store.db);
    const keys = {
      organizationId,
      apiKey: "api-key-1",
      sharedKeyEncrypted: "sealed",
      createdAt: NOW,
      updatedAt: NOW,
      previous: null,
    };
    await repo.insertKeysIfAbsent(keys);
    await repo.insertKeysIfAbsent({ ...keys, apiKey: "api-key-2" });
    assert.deepEqual(await repo.keysOf(organizationId), keys);
    assert.deepEqual(await repo.keysByApiKey("api-key-1"), keys);
    const later = "2031-05-07T00:00:00.000Z";
    const previous = { apiKey: "api-key-1", sharedKeyEncrypted: "sealed", validUntil: later };
    assert.equal(
      await repo.replaceKeys(organizationId, {
        apiKey: "api-key-3",
        sharedKeyEncrypted: "sealed-3",
        updatedAt: later,
        previous,
      }),
      true,
    );
    const replaced = {
      ...keys,
      apiKey: "api-key-3",
      sharedKeyEncrypted: "sealed-3",
      updatedAt: later,
      previous,
    };
    assert.deepEqual(await repo.keysByApiKey("api-key-3"), replaced);
    // The previous api key still names the organization's keys (the service decides how long).
    assert.deepEqual(await repo.keysByApiKey("api-key-1"), replaced);
    const served = {
      organizationId,
      signatureHash: "cd".repeat(32),
      kind: "activation" as const,
      licenseId: "lic_o",
      hardwareId: "hw-1",
      createdAt: NOW,
    };
    assert.equal(await repo.requestSeen(organizationId, served.signatureHash), false);
    assert.equal(await repo.recordRequest(served), true);
    assert.equal(await repo.recordRequest(served), false);
    assert.equal(await repo.requestSeen(organizationId, served.signatureHash), true);
  });
});
