import assert from "node:assert/strict";
import { before, test } from "node:test";
import { snapshot } from "./checkout-fixtures.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { type Api, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("response signing: bad Keyward-Accept-Signature", (db) => {
  const t = useTestApp(db);
  let call: Api;
  let license: { id: string; key: string };

  before(async () => {
    call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    license = await createLicense(
      call,
      await createPolicy(call, productId, { floating: true, maxMachines: 5 }),
    );
  });

  const CASES = [
    { value: 'algorithm="hmac-sha256"', code: "UNSUPPORTED_SIGNATURE_ALGORITHM" },
    { value: 'algorithm="rsa"', code: "UNSUPPORTED_SIGNATURE_ALGORITHM" },
    { value: 'algorithm=""', code: "UNSUPPORTED_SIGNATURE_ALGORITHM" },
    { value: "ed25519", code: "INVALID_ACCEPT_SIGNATURE" },
    { value: 'algorithm="ed25519", keyid="x"', code: "INVALID_ACCEPT_SIGNATURE" },
    { value: 'algorithm="ed25519', code: "INVALID_ACCEPT_SIGNATURE" },
    { value: "", code: "INVALID_ACCEPT_SIGNATURE" },
  ];

  test("400 before the handler runs: nothing validated, activated or recorded", async () => {
    const requests: Array<[Api, string, unknown]> = [
      [api(t().app, null), "/v1/licenses/actions/validate-key", { key: license.key }],
      [api(t().app, null), "/v1/check", { key: license.key, fingerprint: "fp-signing-0001" }],
      [call, "/v1/machines", { licenseId: license.id, fingerprint: "fp-signing-0002" }],
      [call, `/v1/licenses/${license.id}/actions/suspend`, undefined],
      // Refused before authentication too: the header is checked first.
      [api(t().app, null), "/v1/machines", { licenseId: license.id, fingerprint: "fp-x" }],
    ];
    for (const { value, code } of CASES) {
      for (const [as, url, body] of requests) {
        const before = await snapshot(t());
        const response = await as("POST", url, body, {
          headers: { "keyward-accept-signature": value },
        });
        assert.equal(response.status, 400, `${value} on ${url}: ${response.text}`);
        assert.equal(errorCode(response), code, `${value} on ${url}`);
        assert.equal(response.headers["keyward-signature"], undefined);
        assert.deepEqual(await snapshot(t()), before, `${value} on ${url}`);
      }
    }
    // The same requests with a good header do change things: the snapshot can see them.
    const before = await snapshot(t());
    const activated = await call(
      "POST",
      "/v1/machines",
      { licenseId: license.id, fingerprint: "fp-signing-0002" },
      { headers: { "keyward-accept-signature": 'algorithm="ed25519"' } },
    );
    assert.equal(activated.status, 201, activated.text);
    assert.notDeepEqual(await snapshot(t()), before);
  });
});
