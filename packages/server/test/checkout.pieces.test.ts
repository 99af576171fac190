// The checkout operations as named functions, called without checkoutService: a real migrated
// store on both databases, the organization, product, policy, user and license seeded through
// createServices.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import type { CheckoutDeps } from "../src/services/checkout/deps.js";
import { checkOutLicenseFile, checkoutContext } from "../src/services/checkout/files.js";
import { includedResources } from "../src/services/checkout/resources.js";
import { createServices } from "../src/services/index.js";
import type { Principal } from "../src/services/principal.js";
import { manualClock } from "./support/app.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { testKeyPairs } from "./support/key-pairs.js";

const START = new Date("2031-05-06T07:08:09.000Z");

forEachDatabase("checkout: the named operations alone", (db) => {
  let testStore: TestStore;
  let deps: CheckoutDeps;
  let admin: Principal;
  let ids: { product: string; policy: string; user: string; license: string };
  const clock = manualClock(START);

  before(async () => {
    testStore = await db.openMigrated();
    const services = createServices({
      store: testStore.store,
      secret: randomBytes(32).toString("base64url"),
      clock,
      generateKeyPair: testKeyPairs(),
    });
    deps = {
      store: testStore.store,
      clock,
      signingKeys: services.signingKeys,
      licenses: services.licenses,
      machines: services.machines,
    };
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
    const user = await services.users.create(admin, {
      email: "holder@acme.example",
      password: "correct horse battery staple",
    });
    const license = await services.licenses.create(admin, {
      policyId: policy.id,
      userId: user.id,
    });
    ids = { product: product.id, policy: policy.id, user: user.id, license: license.id };
  });
  after(() => testStore.close());

  test("includedResources reads what was asked for, in order, and never the password", async () => {
    const loaded = await checkoutContext(deps, admin.organizationId, ids.license);
    const include = new Set(["owner", "policy", "product", "license"] as const);
    const included = await includedResources(deps, loaded, include, undefined, START);
    assert.deepEqual(
      included.map((resource) => [resource.type, resource.id]),
      [
        ["licenses", ids.license],
        ["products", ids.product],
        ["policies", ids.policy],
        ["users", ids.user],
      ],
    );
    const owner = included[3]!.attributes;
    assert.equal(owner.email, "holder@acme.example");
    assert.ok(!JSON.stringify(owner).includes("scrypt"), JSON.stringify(owner));
    assert.deepEqual(Object.keys(owner).sort(), [
      "created",
      "email",
      "metadata",
      "name",
      "updated",
      "username",
    ]);
  });

  test("checkOutLicenseFile is issued at deps.clock; a license token cannot ask for no expiry", async () => {
    clock.set(new Date(START.getTime() + 60_000));
    const file = await checkOutLicenseFile(deps, admin, ids.license, { ttlSeconds: 3600 });
    assert.equal(file.id, ids.license);
    assert.equal(file.issued, new Date(START.getTime() + 60_000).toISOString());
    assert.equal(file.expiry, new Date(START.getTime() + 60_000 + 3_600_000).toISOString());
    assert.match(file.certificate, /^-----BEGIN LICENSE FILE-----\n/);

    const licenseToken: Principal = { ...admin, kind: "license", licenseId: ids.license };
    await assert.rejects(
      checkOutLicenseFile(deps, licenseToken, ids.license, { ttlSeconds: null }),
      {
        code: "FORBIDDEN",
      },
    );
  });
});
