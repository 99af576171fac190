import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  createLicense,
  createPolicy,
  createProduct,
  DAY,
  productToken,
} from "./licensing-fixtures.js";
import { api, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("licenses: bad input", (db) => {
  const t = useTestApp(db);
  let productId: string;
  let otherProductId: string;
  let policy: { id: string; productId: string };
  let otherPolicy: { id: string; productId: string };
  let license: { id: string; key: string };

  before(async () => {
    const call = api(t().app, t().adminToken);
    productId = await createProduct(call);
    otherProductId = await createProduct(call, "other");
    policy = await createPolicy(call, productId, { model: "timed", durationSeconds: DAY });
    otherPolicy = await createPolicy(call, otherProductId, { floating: true, maxMachines: 3 });
    license = await createLicense(call, policy, { key: "EXISTING-KEY-1" });
  });

  async function unchanged(run: () => Promise<void>) {
    const call = api(t().app, t().adminToken);
    const before = await listAll(call, "/v1/licenses");
    const snapshot = (await call("GET", `/v1/licenses/${license.id}`)).body;
    await run();
    assert.deepEqual(await listAll(call, "/v1/licenses"), before);
    assert.deepEqual((await call("GET", `/v1/licenses/${license.id}`)).body, snapshot);
  }

  test("a productId that is not the policy's product → 422 POLICY_PRODUCT_MISMATCH", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      for (const given of [productId, "prod_01m84cp2y929bjrzt348fmrx3m", "nope"]) {
        const response = await call("POST", "/v1/licenses", {
          productId: given,
          policyId: otherPolicy.id,
        });
        assert.equal(response.status, 422, response.text);
        assert.equal(errorCode(response), "POLICY_PRODUCT_MISMATCH");
        assert.match(response.body.error.message, new RegExp(otherProductId));
      }
    });
  });

  test("create: an expiresAt that is no date → 400, nothing written", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      for (const [expiresAt, code] of [
        ["2031-02-30", "VALIDATION_FAILED"],
        ["next week", "VALIDATION_FAILED"],
        [1_900_000_000, "VALIDATION_FAILED"],
        // Passes the date-time format, but is no instant (leap second): as PATCH answers.
        ["2030-06-30T23:59:60Z", "INVALID_LICENSE"],
        // Instants, but not of a license: before the epoch a key's or lease's time cannot say.
        ["0000-01-01T00:00:00Z", "INVALID_LICENSE"],
        ["1969-12-31T23:59:59Z", "INVALID_LICENSE"],
      ] as const) {
        const response = await call("POST", "/v1/licenses", { policyId: policy.id, expiresAt });
        assert.equal(response.status, 400, `${expiresAt}: ${response.text}`);
        assert.equal(errorCode(response), code);
        const patch = await call("PATCH", `/v1/licenses/${license.id}`, { expiresAt });
        assert.equal(patch.status, 400, `${expiresAt}: ${patch.text}`);
        assert.equal(errorCode(patch), code);
      }
    });
  });

  test("an unknown or malformed policy → 404 POLICY_NOT_FOUND", async () => {
    await unchanged(async () => {
      for (const policyId of ["pol_01m84cp2y929bjrzt348fmrx3m", "nope", productId]) {
        const response = await api(t().app, t().adminToken)("POST", "/v1/licenses", {
          productId,
          policyId,
        });
        assert.equal(response.status, 404, response.text);
        assert.equal(errorCode(response), "POLICY_NOT_FOUND");
      }
    });
  });

  const malformed: Array<[string, Record<string, unknown>]> = [
    ["unknown field", { color: "red" }],
    ["status is not writable", { status: "revoked" }],
    ["name of the wrong type", { name: 5 }],
    ["empty key", { key: "" }],
    ["overrides with an unknown field", { overrides: { seats: 4 } }],
    ["overrides of the wrong type", { overrides: { maxUses: "10" } }],
    ["metadata not an object", { metadata: "x" }],
  ];
  for (const [title, fields] of malformed) {
    test(`create: ${title} → 400 VALIDATION_FAILED`, async () => {
      await unchanged(async () => {
        const response = await api(t().app, t().adminToken)("POST", "/v1/licenses", {
          productId,
          policyId: policy.id,
          ...fields,
        });
        assert.equal(response.status, 400, response.text);
        assert.equal(errorCode(response), "VALIDATION_FAILED");
      });
    });
  }

  test("overrides inconsistent with the policy → 400 INVALID_OVERRIDES, each at its override in details", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      for (const [overrides, paths] of [
        [{ maxMachines: 3 }, ["body.overrides.maxMachines"]],
        [{ offlineGraceSeconds: 60 }, ["body.overrides.offlineGraceSeconds"]],
        [{ maxUses: 0 }, ["body.overrides.maxUses"]],
        [{ heartbeatDurationSeconds: 1 }, ["body.overrides.heartbeatDurationSeconds"]],
        [
          { overage: { strategy: "percent" } },
          ["body.overrides.overage.allowance", "body.overrides.overage.strategy"],
        ],
      ] as const) {
        const response = await call("POST", "/v1/licenses", {
          productId,
          policyId: policy.id,
          overrides,
        });
        assert.equal(response.status, 400, response.text);
        assert.equal(errorCode(response), "INVALID_OVERRIDES");
        const patch = await call("PATCH", `/v1/licenses/${license.id}`, { overrides });
        assert.equal(patch.status, 400, patch.text);
        assert.equal(errorCode(patch), "INVALID_OVERRIDES");
        for (const answer of [response, patch]) {
          const details = answer.body.error.details as { path: string; message: string }[];
          assert.deepEqual(
            details.map((detail) => detail.path),
            paths,
            answer.text,
          );
          for (const { message } of details) {
            assert.ok(answer.body.error.message.includes(message), answer.text);
          }
        }
      }
    });
  });

  test("overrides past the largest count → 400 INVALID_OVERRIDES stating the range", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      // Past what a JSON number keeps exactly: refused at the field before the rules are read.
      const unsafe = await call("POST", "/v1/licenses", undefined, {
        raw: `{"policyId":"${policy.id}","overrides":{"maxUses":9007199254740993}}`,
      });
      assert.equal(unsafe.status, 400, unsafe.text);
      assert.equal(errorCode(unsafe), "VALIDATION_FAILED");
      assert.equal(unsafe.body.error.details[0].path, "body.overrides.maxUses");
      for (const [overrides, expected] of [
        [
          '{"maxUses":2147483648}',
          "maxUses must be a whole number from 1 to 1000000000, or null for unlimited uses",
        ],
        [
          '{"maxMachines":1e10}',
          "maxMachines must be a whole number from 1 to 1000000000, or null for unlimited machines",
        ],
      ] as const) {
        const floating = overrides.includes("maxMachines") ? otherPolicy : policy;
        const response = await call("POST", "/v1/licenses", undefined, {
          raw: `{"policyId":"${floating.id}","overrides":${overrides}}`,
        });
        assert.equal(response.status, 400, response.text);
        assert.equal(errorCode(response), "INVALID_OVERRIDES");
        assert.equal(response.body.error.message, expected);
        if (floating === policy) {
          const patch = await call("PATCH", `/v1/licenses/${license.id}`, undefined, {
            raw: `{"overrides":${overrides}}`,
          });
          assert.equal(patch.status, 400, patch.text);
          assert.equal(errorCode(patch), "INVALID_OVERRIDES");
          assert.equal(patch.body.error.message, expected);
        }
      }
    });
  });

  test("a duplicate or too short custom key → 409 / 400, nothing written", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      const duplicate = await call("POST", "/v1/licenses", {
        productId,
        policyId: policy.id,
        key: license.key,
      });
      assert.equal(duplicate.status, 409, duplicate.text);
      const short = await call("POST", "/v1/licenses", {
        productId,
        policyId: policy.id,
        key: "abc",
      });
      assert.equal(short.status, 400);
      assert.equal(errorCode(short), "INVALID_KEY");
      // Ids show in logs and URLs: a key of their shape would show with them.
      const idShaped = await call("POST", "/v1/licenses", {
        policyId: policy.id,
        key: "lic_0123456789abcdefghjkmnpqrs",
      });
      assert.equal(idShaped.status, 400, idShaped.text);
      assert.equal(errorCode(idShaped), "INVALID_KEY");
    });
  });

  test("a template too large for RSA_2048_PKCS1_ENCRYPT → 400 INVALID_KEY", async () => {
    const call = api(t().app, t().adminToken);
    const encrypt = await createPolicy(call, productId, { scheme: "RSA_2048_PKCS1_ENCRYPT" });
    const before = await listAll(call, "/v1/licenses");
    const response = await call("POST", "/v1/licenses", {
      productId,
      policyId: encrypt.id,
      key: "x".repeat(300),
    });
    assert.equal(response.status, 400, response.text);
    assert.equal(errorCode(response), "INVALID_KEY");
    const jwt = await createPolicy(call, productId, { scheme: "RSA_2048_JWT_RS256" });
    const notJson = await call("POST", "/v1/licenses", {
      productId,
      policyId: jwt.id,
      key: "{{id}}",
    });
    assert.equal(notJson.status, 400);
    assert.deepEqual(await listAll(call, "/v1/licenses"), before);
  });

  test("PATCH with bad fields changes nothing", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      for (const body of [
        { key: "NEW-KEY-123456" },
        // A move to another product's policy: licenses.move.test.ts.
        { policyId: "" },
        { expiresAt: "tomorrow" },
        { expiresAt: 5 },
        { uses: 10 },
        { suspended: true },
      ]) {
        const response = await call("PATCH", `/v1/licenses/${license.id}`, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(errorCode(response), "VALIDATION_FAILED");
      }
    });
  });

  test("unknown and malformed ids → 404 LICENSE_NOT_FOUND on every route", async () => {
    const call = api(t().app, t().adminToken);
    for (const id of ["lic_01m84cp2y929bjrzt348fmrx3m", "lic_", policy.id]) {
      for (const [method, path, body] of [
        ["GET", `/v1/licenses/${id}`, undefined],
        ["PATCH", `/v1/licenses/${id}`, { name: "x" }],
        ["DELETE", `/v1/licenses/${id}`, undefined],
        ["POST", `/v1/licenses/${id}/actions/suspend`, undefined],
        ["POST", `/v1/licenses/${id}/actions/reinstate`, undefined],
        ["POST", `/v1/licenses/${id}/actions/renew`, undefined],
        ["POST", `/v1/licenses/${id}/actions/revoke`, undefined],
        ["GET", `/v1/licenses/${id}/entitlements`, undefined],
      ] as const) {
        const response = await call(method, path, body);
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal(errorCode(response), "LICENSE_NOT_FOUND");
      }
    }
    const unknownAction = await call("POST", `/v1/licenses/${license.id}/actions/explode`);
    assert.equal(unknownAction.status, 404);
  });

  test("list with bad filters → 400", async () => {
    const call = api(t().app, t().adminToken);
    for (const query of ["?status=dead", "?status=", "?limit=101", "?ownerId=x"]) {
      const response = await call("GET", `/v1/licenses${query}`);
      assert.equal(response.status, 400, query);
    }
  });

  test("a product token cannot reach another product's licenses (403)", async () => {
    const call = api(t().app, t().adminToken);
    const foreign = await createLicense(call, otherPolicy);
    const asProduct = api(t().app, await productToken(call, productId));
    await unchanged(async () => {
      for (const [method, path, body] of [
        ["GET", `/v1/licenses/${foreign.id}`, undefined],
        ["PATCH", `/v1/licenses/${foreign.id}`, { name: "x" }],
        ["DELETE", `/v1/licenses/${foreign.id}`, undefined],
        ["POST", `/v1/licenses/${foreign.id}/actions/revoke`, undefined],
        ["GET", `/v1/licenses?productId=${otherProductId}`, undefined],
        ["POST", "/v1/licenses", { productId: otherProductId, policyId: otherPolicy.id }],
      ] as const) {
        const response = await asProduct(method, path, body);
        assert.equal(response.status, 403, `${method} ${path}: ${response.text}`);
      }
    });
    assert.equal((await call("GET", `/v1/licenses/${foreign.id}`)).body.data.status, "active");
  });
});
