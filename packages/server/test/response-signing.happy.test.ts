import assert from "node:assert/strict";
import { before, test } from "node:test";
import { formatHttpDate, type SignatureAlgorithm, verifyResponseSignature } from "@keyward/formats";
import { type OrganizationKey, organizationKeys } from "./checkout-fixtures.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import {
  type Api,
  type ApiResponse,
  api,
  createOrganization,
  manualClock,
  useTestApp,
} from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-01-02T03:04:05.678Z");
const HOST = "licenses.example.com";

function asking(algorithm: string) {
  return { host: HOST, "keyward-accept-signature": `algorithm="${algorithm}"` };
}

forEachDatabase("response signing: happy paths", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });
  let call: Api;
  let publicCall: Api;
  let keys: { ed25519: OrganizationKey; rsa: OrganizationKey };
  let license: { id: string; key: string };

  const keyOf = (algorithm: SignatureAlgorithm) =>
    algorithm === "ed25519" ? keys.ed25519 : keys.rsa;

  /** Verifies a response as a client would: the request it sent, the headers and body it got. */
  function verify(
    response: ApiResponse,
    request: { method: string; target: string; algorithm: SignatureAlgorithm },
    key: OrganizationKey = keyOf(request.algorithm),
    overrides: { body?: string; host?: string; target?: string } = {},
  ) {
    return verifyResponseSignature({
      method: request.method,
      target: overrides.target ?? request.target,
      host: overrides.host ?? HOST,
      date: String(response.headers.date),
      digest: String(response.headers.digest),
      signature: String(response.headers["keyward-signature"]),
      body: overrides.body ?? response.text,
      publicKey: key.key,
      algorithm: request.algorithm,
      keyId: key.id,
      now: clock(),
    });
  }

  before(async () => {
    call = api(t().app, t().adminToken);
    publicCall = api(t().app, null);
    keys = await organizationKeys(call, t().organizationId);
    const productId = await createProduct(call);
    license = await createLicense(call, await createPolicy(call, productId));
  });

  test("validate-key: every algorithm signs; Date is the server's clock", async () => {
    for (const algorithm of ["ed25519", "rsa-pss-sha256", "rsa-sha256"] as const) {
      const target = "/v1/licenses/actions/validate-key";
      const response = await publicCall(
        "POST",
        target,
        { key: license.key },
        {
          headers: asking(algorithm),
        },
      );
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.code, "VALID");
      assert.equal(response.headers.date, formatHttpDate(START));
      assert.match(String(response.headers["keyward-signature"]), /^keyid="/);
      const verified = await verify(response, { method: "POST", target, algorithm });
      assert.ok(verified.ok, `${algorithm}: ${!verified.ok && verified.error.message}`);
      assert.equal(verified.value.keyId, keyOf(algorithm).id);

      const tampered = await verify(response, { method: "POST", target, algorithm }, undefined, {
        body: response.text.replace('"valid":true', '"valid":false'),
      });
      assert.equal(!tampered.ok && tampered.error.code, "BAD_SIGNATURE");
      const replayedElsewhere = await verify(response, {
        method: "POST",
        target: "/v1/check",
        algorithm,
      });
      assert.equal(!replayedElsewhere.ok && replayedElsewhere.error.code, "BAD_SIGNATURE");
      const otherHost = await verify(response, { method: "POST", target, algorithm }, undefined, {
        host: "evil.example.com",
      });
      assert.equal(!otherHost.ok && otherHost.error.code, "BAD_SIGNATURE");
    }
  });

  test("/v1/check: the compact answer is signed too (and its lease still verifies)", async () => {
    for (const algorithm of ["ed25519", "rsa-pss-sha256"] as const) {
      const response = await publicCall(
        "POST",
        "/v1/check",
        { key: license.key, nonce: "nonce-0001" },
        { headers: asking(algorithm) },
      );
      assert.equal(response.status, 200, response.text);
      assert.match(response.body.lease, /^lease\//);
      const verified = await verify(response, { method: "POST", target: "/v1/check", algorithm });
      assert.ok(verified.ok, `${algorithm}: ${!verified.ok && verified.error.message}`);
    }
  });

  test("authenticated GETs sign with the caller's organization, query string included", async () => {
    const target = `/v1/licenses/${license.id}`;
    const one = await call("GET", target, undefined, { headers: asking("rsa-sha256") });
    assert.equal(one.status, 200, one.text);
    const verified = await verify(one, { method: "GET", target, algorithm: "rsa-sha256" });
    assert.ok(verified.ok, !verified.ok ? verified.error.message : "");

    const list = await call("GET", "/v1/licenses?limit=1", undefined, {
      headers: asking("ed25519"),
    });
    assert.equal(list.status, 200, list.text);
    const request = {
      method: "GET",
      target: "/v1/licenses?limit=1",
      algorithm: "ed25519",
    } as const;
    assert.ok((await verify(list, request)).ok);
    const withoutQuery = await verify(list, request, undefined, { target: "/v1/licenses" });
    assert.equal(!withoutQuery.ok && withoutQuery.error.code, "BAD_SIGNATURE");

    // Errors are answers too: a client can tell a signed 404 from a forged one.
    const missing = await call("GET", "/v1/licenses/lic_00000000000000000000000000", undefined, {
      headers: asking("ed25519"),
    });
    assert.equal(missing.status, 404);
    assert.ok(
      (
        await verify(missing, {
          method: "GET",
          target: "/v1/licenses/lic_00000000000000000000000000",
          algorithm: "ed25519",
        })
      ).ok,
    );
  });

  test("a downloaded .lic is signed over its exact bytes", async () => {
    const target = `/v1/licenses/${license.id}/actions/check-out?format=lic`;
    const response = await call("POST", target, undefined, { headers: asking("ed25519") });
    assert.equal(response.status, 200, response.text);
    assert.match(response.text, /^-----BEGIN LICENSE FILE-----/);
    assert.ok((await verify(response, { method: "POST", target, algorithm: "ed25519" })).ok);
  });

  test("each organization signs with its own key", async () => {
    const b = await createOrganization(t().services, "Organization B");
    const callB = api(t().app, b.adminToken);
    const keysB = await organizationKeys(callB, b.organizationId);
    const productB = await createProduct(callB);
    const licenseB = await createLicense(callB, await createPolicy(callB, productB));
    const target = "/v1/licenses/actions/validate-key";
    const response = await publicCall(
      "POST",
      target,
      { key: licenseB.key },
      {
        headers: asking("ed25519"),
      },
    );
    const request = { method: "POST", target, algorithm: "ed25519" } as const;
    assert.ok((await verify(response, request, keysB.ed25519)).ok);
    const withA = await verify(response, request, { ...keys.ed25519, id: keysB.ed25519.id });
    assert.equal(!withA.ok && withA.error.code, "BAD_SIGNATURE");
    const pinnedToA = await verify(response, request, keys.ed25519);
    assert.equal(!pinnedToA.ok && pinnedToA.error.code, "MISMATCH");
  });

  test("header spelling: parameter name and value are case-insensitive, quotes optional", async () => {
    for (const value of ['ALGORITHM="ED25519"', "algorithm=ed25519", ' algorithm = "ed25519" ']) {
      const response = await publicCall(
        "POST",
        "/v1/licenses/actions/validate-key",
        { key: license.key },
        { headers: { host: HOST, "keyward-accept-signature": value } },
      );
      assert.equal(response.status, 200, `${value}: ${response.text}`);
      const verified = await verify(response, {
        method: "POST",
        target: "/v1/licenses/actions/validate-key",
        algorithm: "ed25519",
      });
      assert.ok(verified.ok, value);
    }
  });

  test("no header, no signature; no organization known, no signature", async () => {
    const plain = await publicCall("POST", "/v1/licenses/actions/validate-key", {
      key: license.key,
    });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.digest, undefined);
    assert.equal(plain.headers["keyward-signature"], undefined);

    const unknownKey = await publicCall(
      "POST",
      "/v1/check",
      { key: "NO-SUCH-KEY-0000" },
      { headers: asking("ed25519") },
    );
    assert.equal(unknownKey.status, 200);
    assert.equal(unknownKey.body.code, "NOT_FOUND");
    assert.equal(unknownKey.headers["keyward-signature"], undefined);
    const unknownValidate = await publicCall(
      "POST",
      "/v1/licenses/actions/validate-key",
      { key: "NO-SUCH-KEY-0000" },
      { headers: asking("ed25519") },
    );
    assert.equal(unknownValidate.body.code, "NOT_FOUND");
    assert.equal(unknownValidate.headers["keyward-signature"], undefined);

    const unauthenticated = await publicCall("GET", `/v1/licenses/${license.id}`, undefined, {
      headers: asking("ed25519"),
    });
    assert.equal(unauthenticated.status, 401);
    assert.equal(unauthenticated.headers["keyward-signature"], undefined);
  });
});
