// Secrets at rest: nothing a response or request holds in secret is kept in clear in the
// Idempotency-Key table (responses are sealed with the server secret, request hashes keyed
// with it).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { createPolicy, createProduct } from "./licensing-fixtures.js";
import { type ApiResponse, api, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const SEALED = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

forEachDatabase("secrets at rest: Idempotency-Key records", (db) => {
  const t = useTestApp(db);

  test("responses holding secrets are stored sealed, requests keyed; replays still work", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const secrets: string[] = [];
    const requests: Array<{ path: string; body?: Record<string, unknown> }> = [
      { path: "/v1/organization/offline-keys" },
      { path: "/v1/organization/offline-keys/actions/rotate" },
      { path: "/v1/users", body: { email: "idem@example.com", password: "user-Password-93" } },
      { path: "/v1/handshake-codes", body: { sessionPassword: "session-Password-93" } },
      { path: "/v1/licenses", body: { policyId: policy.id } },
    ];
    secrets.push("user-Password-93", "session-Password-93");
    const firsts: ApiResponse[] = [];
    for (const [index, request] of requests.entries()) {
      const headers = { "idempotency-key": `secret-${index}` };
      const first = await call("POST", request.path, request.body, { headers });
      assert.ok(first.status === 200 || first.status === 201, first.text);
      const data = first.body.data;
      for (const value of [data.sharedKey, data.key]) if (value) secrets.push(value);
      firsts.push(first);
    }
    assert.equal(secrets.length, 5, "two shared keys, two passwords and a license key");

    // The table itself, read directly: no secret in any column, every body sealed.
    const rows = await t()
      .store.db.selectFrom("idempotency_keys")
      .selectAll()
      .where("organization_id", "=", t().organizationId)
      .execute();
    assert.equal(rows.length, requests.length);
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `${row.path} keeps a secret in clear: ${text}`);
      }
      assert.match(row.response_body ?? "", SEALED, `${row.path}: the body is not sealed`);
    }
    // A password in a request body would be guessable from a plain SHA-256 of the request.
    const users = rows.find((row) => row.path === "/v1/users")!;
    const plain = createHash("sha256")
      .update('POST\n/v1/users\n{"email":"idem@example.com","password":"user-Password-93"}')
      .digest("hex");
    assert.match(users.request_hash, /^[0-9a-f]{64}$/);
    assert.notEqual(users.request_hash, plain);

    // Replays open the seal: the same secret again, marked replayed.
    for (const [index, request] of requests.entries()) {
      const headers = { "idempotency-key": `secret-${index}` };
      const replay = await call("POST", request.path, request.body, { headers });
      assert.equal(replay.headers["idempotent-replayed"], "true", replay.text);
      assert.equal(replay.text, firsts[index]!.text);
    }
  });
});
