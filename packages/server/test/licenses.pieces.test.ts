// The license operations as named functions, called without licensesService: a real migrated
// store on both databases, the organization, product and policy seeded through createServices.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createServices } from "../src/services/index.js";
import { createLicense } from "../src/services/licenses/create.js";
import {
  reinstateLicense,
  renewLicense,
  revokeLicense,
  suspendLicense,
} from "../src/services/licenses/lifecycle.js";
import { getLicense, listLicenses } from "../src/services/licenses/queries.js";
import type { LicensesDeps } from "../src/services/licenses/shared.js";
import type { Principal } from "../src/services/principal.js";
import { manualClock } from "./support/app.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { testKeyPairs } from "./support/key-pairs.js";

const DAY = 86_400_000;
const START = new Date("2031-05-06T07:08:09.000Z");

forEachDatabase("licenses: the named operations alone", (db) => {
  let testStore: TestStore;
  let deps: LicensesDeps;
  let admin: Principal;
  let policyId: string;
  const clock = manualClock(START);

  before(async () => {
    testStore = await db.openMigrated();
    const services = createServices({
      store: testStore.store,
      secret: randomBytes(32).toString("base64url"),
      clock,
      generateKeyPair: testKeyPairs(),
    });
    deps = { store: testStore.store, clock, signingKeys: services.signingKeys };
    const organization = await services.organizations.create("Pieces");
    admin = {
      organizationId: organization.id,
      tokenId: null,
      kind: "admin",
      productId: null,
      licenseId: null,
    };
    const product = await services.products.create(admin, { name: "Tool" });
    const policy = await services.policies.create(admin, {
      productId: product.id,
      name: "Yearly",
      model: "timed",
      durationSeconds: 365 * 86_400,
    });
    policyId = policy.id;
  });
  after(() => testStore.close());

  test("create, suspend, reinstate, renew and revoke, each on the clock in deps", async () => {
    clock.set(START);
    const created = await createLicense(deps, admin, { policyId });
    assert.equal(created.expiresAt, new Date(START.getTime() + 365 * DAY).toISOString());
    assert.deepEqual(await getLicense(deps, admin, created.id), created);

    clock.advance(DAY);
    assert.equal((await suspendLicense(deps, admin, created.id)).suspended, true);
    const listed = await listLicenses(deps, admin, { status: "suspended" }, { limit: 10 });
    assert.deepEqual(
      listed.items.map((license) => license.id),
      [created.id],
    );
    assert.equal((await reinstateLicense(deps, admin, created.id)).suspended, false);

    const renewed = await renewLicense(deps, admin, created.id);
    assert.equal(renewed.expiresAt, new Date(START.getTime() + 2 * 365 * DAY).toISOString());

    clock.advance(DAY);
    const revoked = await revokeLicense(deps, admin, created.id);
    assert.equal(revoked.revokedAt, new Date(START.getTime() + 2 * DAY).toISOString());
    await assert.rejects(suspendLicense(deps, admin, created.id), { code: "LICENSE_REVOKED" });
    await assert.rejects(renewLicense(deps, admin, created.id), { code: "LICENSE_REVOKED" });
  });
});
