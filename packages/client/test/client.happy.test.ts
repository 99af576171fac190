// The typed client against a real server on both databases: the admin calls a vendor's backend
// makes, cursors followed across pages, and a license key as the credential.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import { createKeywardClient, type KeywardClient } from "../src/index.js";
import { useClientTestServer } from "./support/server.js";

/** A product, a policy allowing two machines, and a license of them. */
async function createLicense(keyward: KeywardClient, name: string) {
  const { data: product } = await keyward.POST("/v1/products", { body: { name } });
  const { data: policy } = await keyward.POST("/v1/policies", {
    body: { productId: product.id, name: "Standard", floating: true, maxMachines: 2 },
  });
  const { data: license } = await keyward.POST("/v1/licenses", {
    body: { productId: product.id, policyId: policy.id, name: "ACME Corp" },
  });
  return { product, policy, license };
}

forEachDatabase("@keyward/client against a server", (db) => {
  const server = useClientTestServer(db);
  const admin = () => createKeywardClient({ url: server().url, token: server().adminToken });

  test("creates a product, a policy and a license, reads and updates them", async () => {
    const keyward = admin();
    const { product, policy, license } = await createLicense(keyward, "Desktop App");
    assert.match(product.id, /^prod_/);
    assert.equal(policy.productId, product.id);
    assert.equal(policy.maxMachines, 2);
    assert.equal(license.policyId, policy.id);
    assert.equal(license.status, "active");
    assert.equal(typeof license.key, "string");

    const { data: read } = await keyward.GET("/v1/licenses/{id}", {
      params: { path: { id: license.id } },
    });
    assert.equal(read.key, license.key);
    const { data: renamed } = await keyward.PATCH("/v1/licenses/{id}", {
      params: { path: { id: license.id } },
      body: { name: "ACME Corporation" },
    });
    assert.equal(renamed.name, "ACME Corporation");
    const { data: suspended } = await keyward.POST("/v1/licenses/{id}/actions/suspend", {
      params: { path: { id: license.id } },
    });
    assert.equal(suspended.status, "suspended");
    // DELETE answers 204: the call resolves to undefined.
    assert.equal(
      await keyward.DELETE("/v1/licenses/{id}", { params: { path: { id: license.id } } }),
      undefined,
    );
  });

  test("the same Idempotency-Key creates one license, however often it is sent", async () => {
    const keyward = admin();
    const { product, policy } = await createLicense(keyward, "Idempotent App");
    const create = () =>
      keyward.POST("/v1/licenses", {
        params: { header: { "idempotency-key": "evt_payment_0001" } },
        body: { productId: product.id, policyId: policy.id },
      });
    const first = await create();
    const again = await create();
    assert.equal(again.data.id, first.data.id);
    const all = [];
    for await (const license of keyward.paginate("/v1/licenses", {
      params: { query: { productId: product.id } },
    })) {
      all.push(license.id);
    }
    // The license of createLicense and the one created twice.
    assert.equal(all.length, 2);
  });

  test("paginate follows nextCursor across pages, keeping the filters", async () => {
    const requests: string[] = [];
    const keyward = createKeywardClient({
      url: server().url,
      token: server().adminToken,
      fetch: (request) => {
        requests.push(new URL(request.url).search);
        return fetch(request);
      },
    });
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        (
          await keyward.POST("/v1/entitlements", {
            body: { code: `FEATURE_${i}`, name: `Feature ${i}` },
          })
        ).data.id,
      );
    }
    const seen: string[] = [];
    for await (const entitlement of keyward.paginate("/v1/entitlements", {
      params: { query: { limit: "2" } },
    })) {
      seen.push(entitlement.id);
    }
    assert.deepEqual(seen, created);
    // 2 + 2 + 1 items: three pages, each with the limit, the later ones with a cursor.
    const pages = requests.filter((search) => search.includes("limit=2"));
    assert.equal(pages.length, 3);
    assert.equal(pages.filter((search) => search.includes("cursor=")).length, 2);

    // Breaking out of the loop stops fetching pages.
    requests.length = 0;
    for await (const entitlement of keyward.paginate("/v1/entitlements", {
      params: { query: { limit: "2" } },
    })) {
      assert.equal(entitlement.id, created[0]);
      break;
    }
    assert.equal(requests.length, 1);
  });

  test("a license key as the credential: validate and read its own license, nothing else", async () => {
    const { license } = await createLicense(admin(), "Keyed App");
    const other = await createLicense(admin(), "Other App");
    const holder = createKeywardClient({ url: server().url, licenseKey: license.key });
    const validation = await holder.POST("/v1/licenses/{id}/actions/validate", {
      params: { path: { id: license.id } },
      body: {},
    });
    assert.equal(validation.valid, true);
    assert.equal(validation.code, "VALID");
    const { data: own } = await holder.GET("/v1/licenses/{id}", {
      params: { path: { id: license.id } },
    });
    assert.equal(own.id, license.id);
    await assert.rejects(
      holder.GET("/v1/licenses/{id}", { params: { path: { id: other.license.id } } }),
      { name: "KeywardApiError", status: 404, code: "LICENSE_NOT_FOUND" },
    );
    await assert.rejects(holder.POST("/v1/products", { body: { name: "Nope" } }), {
      name: "KeywardApiError",
      status: 403,
    });
  });

  test("a check-out is typed by its JSON answer; parseAs text gives the certificate itself", async () => {
    const keyward = admin();
    const { license } = await createLicense(keyward, "Offline App");
    const options = {
      params: { path: { id: license.id } },
      body: { algorithm: "aes-256-gcm+ed25519" as const, ttlSeconds: 3600 },
    };
    // docs/client.md's example: `file.certificate` typechecks (the typecheck fails otherwise).
    const { data: file } = await keyward.POST("/v1/licenses/{id}/actions/check-out", options);
    assert.match(file.certificate, /^-----BEGIN LICENSE FILE-----/);
    assert.equal(file.algorithm, "aes-256-gcm+ed25519");
    const certificate: string = await keyward.POST("/v1/licenses/{id}/actions/check-out", {
      ...options,
      params: { ...options.params, query: { format: "lic" } },
      parseAs: "text",
    });
    assert.match(certificate, /^-----BEGIN LICENSE FILE-----/);
  });

  test("public routes need no credential", async () => {
    const keyward = createKeywardClient({ url: server().url });
    assert.deepEqual(await keyward.GET("/v1/health"), { status: "ok" });
  });
});
