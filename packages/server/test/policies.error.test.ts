import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createPolicy, createProduct, DAY, productToken } from "./licensing-fixtures.js";
import { api, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("policies: bad input", (db) => {
  const t = useTestApp(db);
  let productId: string;
  let otherProductId: string;
  let policy: { id: string; productId: string; updatedAt: string };

  before(async () => {
    const call = api(t().app, t().adminToken);
    productId = await createProduct(call);
    otherProductId = await createProduct(call, "other");
    policy = await createPolicy(call, productId, { model: "timed", durationSeconds: DAY });
  });

  async function unchanged(run: () => Promise<void>) {
    const call = api(t().app, t().adminToken);
    const before = await listAll(call, "/v1/policies");
    const snapshot = (await call("GET", `/v1/policies/${policy.id}`)).body;
    await run();
    assert.deepEqual(await listAll(call, "/v1/policies"), before);
    assert.deepEqual((await call("GET", `/v1/policies/${policy.id}`)).body, snapshot);
  }

  const inconsistent: Array<[string, Record<string, unknown>, RegExp]> = [
    ["perpetual with a duration", { model: "perpetual", durationSeconds: 3600 }, /durationSeconds/],
    ["timed without a duration", { model: "timed" }, /durationSeconds is required/],
    ["consumption without a quota", { model: "consumption" }, /maxUses/],
    ["node-locked with 2 machines", { maxMachines: 2 }, /maxMachines must be 1/],
    ["floating with 0 machines", { floating: true, maxMachines: 0 }, /maxMachines/],
    ["offline grace of 1 day", { offlineGraceSeconds: DAY }, /offlineGraceSeconds/],
    ["offline grace of 366 days", { offlineGraceSeconds: 366 * DAY }, /offlineGraceSeconds/],
    [
      "heartbeat without a duration",
      { heartbeat: { required: true } },
      /heartbeat.durationSeconds/,
    ],
    [
      "overage with no limit",
      { floating: true, overage: { strategy: "count", allowance: 1 } },
      /overage/,
    ],
    [
      "percent overage of 0",
      { maxUses: 5, overage: { strategy: "percent", allowance: 0 } },
      /overage.allowance/,
    ],
  ];

  for (const [title, rules, message] of inconsistent) {
    test(`create: ${title} → 400 INVALID_POLICY`, async () => {
      await unchanged(async () => {
        const response = await api(t().app, t().adminToken)("POST", "/v1/policies", {
          productId,
          name: "bad",
          ...rules,
        });
        assert.equal(response.status, 400, response.text);
        assert.equal(errorCode(response), "INVALID_POLICY");
        assert.match(response.body.error.message, message);
      });
    });
  }

  test("all problems are listed in one message", async () => {
    const response = await api(t().app, t().adminToken)("POST", "/v1/policies", {
      productId,
      name: "bad",
      model: "timed",
      maxMachines: 3,
      offlineGraceSeconds: 10,
    });
    assert.equal(response.status, 400);
    const message: string = response.body.error.message;
    for (const field of ["durationSeconds", "maxMachines", "offlineGraceSeconds"]) {
      assert.ok(message.includes(field), message);
    }
    // Each problem also names its field in `details`, as a form shows it (issue 16).
    const paths = (response.body.error.details as Array<{ path: string; message: string }>)
      .map((detail) => detail.path)
      .sort();
    assert.deepEqual(paths, [
      "body.durationSeconds",
      "body.maxMachines",
      "body.offlineGraceSeconds",
    ]);
  });

  test("INVALID_POLICY details name nested rules, on create and on update", async () => {
    const call = api(t().app, t().adminToken);
    const created = await call("POST", "/v1/policies", {
      productId,
      name: "bad",
      heartbeat: { required: true },
      maxUses: 5,
      overage: { strategy: "percent", allowance: 0 },
    });
    assert.equal(created.status, 400, created.text);
    assert.deepEqual(
      created.body.error.details.map((detail: { path: string }) => detail.path).sort(),
      ["body.heartbeat.durationSeconds", "body.overage.allowance"],
    );
    await unchanged(async () => {
      const updated = await call("PATCH", `/v1/policies/${policy.id}`, { durationSeconds: null });
      assert.equal(updated.status, 400, updated.text);
      assert.equal(errorCode(updated), "INVALID_POLICY");
      assert.deepEqual(updated.body.error.details, [
        { path: "body.durationSeconds", message: "is required for a timed policy" },
      ]);
    });
  });

  // A count past the largest allowed is too large, not too small: its message states the range
  // (2147483648 machines once answered "must be at least 1"). Sent as raw JSON, so that
  // 9007199254740993 arrives as written (past what a JavaScript number holds exactly).
  const MACHINES = "must be a whole number from 1 to 1000000000, or null for unlimited machines";
  const USES = "must be a whole number from 1 to 1000000000, or null for unlimited uses";
  const ALLOWANCE = "must be a whole number of units above the limit, from 1 to 1000000000";
  const counts: Array<[string, (value: string) => string, string, string]> = [
    ["maxMachines", (v) => `"floating":true,"maxMachines":${v}`, "body.maxMachines", MACHINES],
    ["maxUses", (v) => `"maxUses":${v}`, "body.maxUses", USES],
    [
      "overage.allowance (count)",
      (v) => `"maxUses":10,"overage":{"strategy":"count","allowance":${v}}`,
      "body.overage.allowance",
      ALLOWANCE,
    ],
  ];
  for (const [title, members, path, message] of counts) {
    test(`create and update: ${title} too large or too small → INVALID_POLICY stating the range`, async () => {
      const call = api(t().app, t().adminToken);
      const values = ["2147483648", "1e10", "1000000001", "0", "-5"];
      await unchanged(async () => {
        // Past what a JSON number keeps exactly: refused before the rules are read, at the field.
        for (const value of ["9007199254740993", "1e300"]) {
          const raw = `{"productId":"${productId}","name":"big",${members(value)}}`;
          for (const answer of [
            await call("POST", "/v1/policies", undefined, { raw }),
            await call("PATCH", `/v1/policies/${policy.id}`, undefined, {
              raw: `{${members(value)}}`,
            }),
          ]) {
            assert.equal(answer.status, 400, `${title} ${value}: ${answer.text}`);
            assert.equal(errorCode(answer), "VALIDATION_FAILED", `${title} ${value}`);
            assert.equal(answer.body.error.details[0].path, path, `${title} ${value}`);
            assert.match(answer.body.error.details[0].message, /2\^53/);
          }
        }
        for (const value of values) {
          const label = `${title} ${value}`;
          const raw = `{"productId":"${productId}","name":"big",${members(value)}}`;
          const created = await call("POST", "/v1/policies", undefined, { raw });
          assert.equal(created.status, 400, `${label}: ${created.text}`);
          assert.equal(errorCode(created), "INVALID_POLICY", label);
          assert.deepEqual(created.body.error.details, [{ path, message }], label);
          assert.equal(created.body.error.message, `${path.slice(5)} ${message}`, label);
          const updated = await call("PATCH", `/v1/policies/${policy.id}`, undefined, {
            raw: `{${members(value)}}`,
          });
          assert.equal(updated.status, 400, `${label}: ${updated.text}`);
          assert.equal(errorCode(updated), "INVALID_POLICY", label);
          assert.deepEqual(updated.body.error.details, [{ path, message }], label);
        }
      });
    });
  }

  test("the largest counts are taken", async () => {
    const response = await api(t().app, t().adminToken)("POST", "/v1/policies", {
      productId,
      name: "largest",
      floating: true,
      maxMachines: 1_000_000_000,
      maxUses: 1_000_000_000,
      overage: { strategy: "count", allowance: 1_000_000_000 },
    });
    assert.equal(response.status, 201, response.text);
    assert.equal(response.body.data.maxMachines, 1_000_000_000);
    assert.equal(response.body.data.overage.allowance, 1_000_000_000);
    assert.equal(
      (await api(t().app, t().adminToken)("DELETE", `/v1/policies/${response.body.data.id}`))
        .status,
      204,
    );
  });

  const malformed: Array<[string, unknown]> = [
    ["unknown field", { productId: "PRODUCT", name: "x", color: "red" }],
    [
      "unknown nested field",
      { productId: "PRODUCT", name: "x", overage: { strategy: "none", extra: 1 } },
    ],
    ["unknown model", { productId: "PRODUCT", name: "x", model: "forever" }],
    ["unknown scheme", { productId: "PRODUCT", name: "x", scheme: "ROT13" }],
    [
      "string duration",
      { productId: "PRODUCT", name: "x", model: "timed", durationSeconds: "86400" },
    ],
    [
      "fractional duration",
      { productId: "PRODUCT", name: "x", model: "timed", durationSeconds: 86400.5 },
    ],
    ["boolean as string", { productId: "PRODUCT", name: "x", floating: "true" }],
    ["missing name", { productId: "PRODUCT" }],
    ["missing product", { name: "x" }],
    ["empty name", { productId: "PRODUCT", name: "" }],
    ["metadata not an object", { productId: "PRODUCT", name: "x", metadata: [1] }],
    ["an array body", [{ productId: "PRODUCT", name: "x" }]],
  ];
  for (const [title, body] of malformed) {
    test(`create: ${title} → 400 VALIDATION_FAILED`, async () => {
      await unchanged(async () => {
        const payload = JSON.parse(JSON.stringify(body).replaceAll("PRODUCT", productId));
        const response = await api(t().app, t().adminToken)("POST", "/v1/policies", payload);
        assert.equal(response.status, 400, response.text);
        assert.equal(errorCode(response), "VALIDATION_FAILED");
      });
    });
  }

  test("create for an unknown or malformed product → 404", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      for (const id of ["prod_01m84cp2y929bjrzt348fmrx3m", "nonsense", policy.id]) {
        const response = await call("POST", "/v1/policies", { productId: id, name: "x" });
        assert.equal(response.status, 404, response.text);
        assert.equal(errorCode(response), "PRODUCT_NOT_FOUND");
      }
    });
  });

  test("PATCH with inconsistent, malformed or unknown fields changes nothing", async () => {
    await unchanged(async () => {
      const call = api(t().app, t().adminToken);
      const cases: Array<[unknown, number, string]> = [
        [{ model: "perpetual" }, 400, "INVALID_POLICY"],
        [{ durationSeconds: null }, 400, "INVALID_POLICY"],
        [{ name: "renamed", maxMachines: 5 }, 400, "INVALID_POLICY"],
        [{ productId: otherProductId }, 400, "VALIDATION_FAILED"],
        [{ name: 5 }, 400, "VALIDATION_FAILED"],
        [{ heartbeat: { required: "yes" } }, 400, "VALIDATION_FAILED"],
      ];
      for (const [body, status, code] of cases) {
        const response = await call("PATCH", `/v1/policies/${policy.id}`, body);
        assert.equal(response.status, status, `${JSON.stringify(body)}: ${response.text}`);
        assert.equal(errorCode(response), code);
      }
    });
  });

  test("unknown and malformed ids → 404 POLICY_NOT_FOUND on every route", async () => {
    const call = api(t().app, t().adminToken);
    for (const id of ["pol_01m84cp2y929bjrzt348fmrx3m", "pol_x", productId]) {
      for (const [method, path, body] of [
        ["GET", `/v1/policies/${id}`, undefined],
        ["PATCH", `/v1/policies/${id}`, { name: "x" }],
        ["DELETE", `/v1/policies/${id}`, undefined],
        ["GET", `/v1/policies/${id}/entitlements`, undefined],
      ] as const) {
        const response = await call(method, path, body);
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal(errorCode(response), "POLICY_NOT_FOUND");
      }
    }
  });

  test("list with a bad filter or query → 400", async () => {
    const call = api(t().app, t().adminToken);
    for (const query of ["?limit=0", "?limit=abc", "?color=red", `?productId=${"x".repeat(65)}`]) {
      const response = await call("GET", `/v1/policies${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
    }
  });

  test("a product token cannot touch another product's policies (403), nor create for it", async () => {
    const call = api(t().app, t().adminToken);
    const other = await createPolicy(call, otherProductId);
    const asProduct = api(t().app, await productToken(call, productId));
    await unchanged(async () => {
      for (const [method, path, body] of [
        ["GET", `/v1/policies/${other.id}`, undefined],
        ["PATCH", `/v1/policies/${other.id}`, { name: "x" }],
        ["DELETE", `/v1/policies/${other.id}`, undefined],
        ["GET", `/v1/policies?productId=${otherProductId}`, undefined],
        ["POST", "/v1/policies", { productId: otherProductId, name: "x" }],
      ] as const) {
        const response = await asProduct(method, path, body);
        assert.equal(response.status, 403, `${method} ${path}: ${response.text}`);
      }
    });
    assert.equal((await call("GET", `/v1/policies/${other.id}`)).body.data.name, "Policy");
  });
});
