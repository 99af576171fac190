// The usage operations as named functions, called without usageService: one license's batch
// counted in a transaction of a real migrated store (both databases), read back by
// licenseUsage. The organization, product, policy and license are seeded through createServices.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createServices } from "../src/services/index.js";
import type { Principal } from "../src/services/principal.js";
import { ingestLicenseBatch } from "../src/services/trackable/usage/batch.js";
import { licenseUsage } from "../src/services/trackable/usage/reads.js";
import type { UsageReportInput } from "../src/services/trackable/usage/types.js";
import { manualClock } from "./support/app.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { testKeyPairs } from "./support/key-pairs.js";

const START = new Date("2031-05-06T07:08:09.000Z");

const report = (reportId: string, counters: Record<string, number>): UsageReportInput => ({
  reportId,
  deviceId: "device-1",
  periodStart: "2031-05-06T00:00:00.000Z",
  periodEnd: "2031-05-06T06:00:00.000Z",
  counters,
});

forEachDatabase("usage: the named operations alone", (db) => {
  let testStore: TestStore;
  let admin: Principal;
  let licenseId: string;

  before(async () => {
    testStore = await db.openMigrated();
    const services = createServices({
      store: testStore.store,
      secret: randomBytes(32).toString("base64url"),
      clock: manualClock(START),
      generateKeyPair: testKeyPairs(),
    });
    const organization = await services.organizations.create("Pieces");
    admin = {
      organizationId: organization.id,
      tokenId: null,
      kind: "admin",
      productId: null,
      licenseId: null,
    };
    const product = await services.products.create(admin, { name: "Tool" });
    const policy = await services.policies.create(admin, { productId: product.id, name: "Seat" });
    licenseId = (await services.licenses.create(admin, { policyId: policy.id })).id;
  });
  after(() => testStore.close());

  const batch = (reports: UsageReportInput[]) =>
    testStore.store.db
      .transaction()
      .execute((trx) => ingestLicenseBatch(trx, admin.organizationId, licenseId, reports, START));

  test("ingestLicenseBatch counts a report once; licenseUsage sums it by feature", async () => {
    const first = await batch([report("r1", { export: 2, print: 1 }), report("r2", { export: 3 })]);
    assert.deepEqual(
      { ...first, quota: undefined },
      { accepted: 2, duplicates: 0, counted: 3, quota: undefined, refused: [] },
    );
    const again = await batch([report("r1", { export: 2, print: 1 })]);
    assert.deepEqual(
      { ...again, quota: undefined },
      { accepted: 0, duplicates: 1, counted: 0, quota: undefined, refused: [] },
    );

    const byFeature = await licenseUsage({ store: testStore.store }, admin, licenseId, {
      groupBy: "feature",
    });
    assert.deepEqual(
      [...byFeature].sort((a, b) => a.key.localeCompare(b.key)),
      [
        { key: "export", count: 5 },
        { key: "print", count: 1 },
      ],
    );
  });

  test("a batch for a license of no organization's is null, nothing counted", async () => {
    const missing = await testStore.store.db
      .transaction()
      .execute((trx) =>
        ingestLicenseBatch(trx, "org_unknown", licenseId, [report("r9", { x: 1 })], START),
      );
    assert.equal(missing, null);
  });
});
