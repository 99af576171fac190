import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  buildApp,
  createServices,
  loadConfig,
  migrateToLatest,
  openStore,
  resolveServerSecret,
} from "@keyward/server";
import { assertFails, assertOk, run, tempDir } from "./support/cli.js";

const OUTPUT = /^organization: (org_[0-9a-z]{26})\nadmin token: (kw_admin_[A-Za-z0-9_-]+)\n$/;

/** Runs `orgs create` and returns what it printed. */
async function createOrg(dataDir: string, name: string) {
  const stdout = assertOk(await run(["orgs", "create", "--name", name, "--data-dir", dataDir]));
  const match = OUTPUT.exec(stdout);
  assert.ok(match, `unexpected output: ${stdout}`);
  return { organizationId: match[1]!, token: match[2]! };
}

/** The API on the same data dir, as `keyward serve` would open it. */
async function openApi(dataDir: string) {
  const config = loadConfig({ dataDir }, {});
  const store = openStore({ databaseUrl: null, dataDir: config.dataDir });
  await migrateToLatest(store.db);
  const services = createServices({ store, secret: resolveServerSecret(config) });
  const app = await buildApp({ services, version: "test", logger: false });
  const call = async (token: string, method: "GET" | "POST", url: string, body?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() };
  };
  return {
    services,
    call,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

describe("keyward orgs", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  after(() => cleanup());

  test("create prints the id and a working admin token once; a second org is isolated", async () => {
    const dataDir = join(dir, "data");
    const a = await createOrg(dataDir, "Acme Inc.");
    const b = await createOrg(dataDir, "Beta GmbH");
    assert.notEqual(a.organizationId, b.organizationId);
    assert.notEqual(a.token, b.token);
    // The secret was generated like `keyward serve` does: 0600 in the data dir.
    assert.equal((await stat(join(dataDir, "secret"))).mode & 0o777, 0o600);
    // The token is never written anywhere in clear.
    const database = await readFile(join(dataDir, "keyward.sqlite"));
    assert.ok(!database.toString("latin1").includes(a.token));

    const server = await openApi(dataDir);
    try {
      const principal = await server.services.tokens.authenticate(a.token);
      assert.equal(principal?.organizationId, a.organizationId);
      assert.equal(principal?.kind, "admin");

      const organization = await server.call(a.token, "GET", "/v1/organization");
      assert.equal(organization.status, 200);
      assert.deepEqual(
        [organization.body.data.id, organization.body.data.name],
        [a.organizationId, "Acme Inc."],
      );
      // Signing keys sealed with the data dir's secret: a signed license can be made.
      const keys = await server.call(a.token, "GET", "/v1/signing-keys");
      assert.equal(keys.body.data.length, 2);
      const product = await server.call(a.token, "POST", "/v1/products", { name: "App" });
      assert.equal(product.status, 201);
      const policy = await server.call(a.token, "POST", "/v1/policies", {
        productId: product.body.data.id,
        name: "signed",
        scheme: "ED25519_SIGN",
      });
      assert.equal(policy.status, 201, JSON.stringify(policy.body));
      const license = await server.call(a.token, "POST", "/v1/licenses", {
        productId: product.body.data.id,
        policyId: policy.body.data.id,
      });
      assert.equal(license.status, 201, JSON.stringify(license.body));

      // B sees its own organization, none of A's data, and 404 for A's product.
      assert.equal(
        (await server.call(b.token, "GET", "/v1/organization")).body.data.id,
        b.organizationId,
      );
      assert.deepEqual((await server.call(b.token, "GET", "/v1/products")).body.data, []);
      const foreign = await server.call(b.token, "GET", `/v1/products/${product.body.data.id}`);
      assert.equal(foreign.status, 404);
      const bKeys = (await server.call(b.token, "GET", "/v1/signing-keys")).body.data as Array<{
        publicKey: string;
      }>;
      for (const key of bKeys) {
        assert.ok(
          !keys.body.data.some((other: { publicKey: string }) => other.publicKey === key.publicKey),
        );
      }
    } finally {
      await server.close();
    }

    const listed = assertOk(await run(["orgs", "list", "--data-dir", dataDir]));
    assert.equal(listed, `${a.organizationId}\tAcme Inc.\n${b.organizationId}\tBeta GmbH\n`);
    // The list never shows tokens.
    assert.ok(!listed.includes("kw_"));
  });

  test("admin-token: a new working admin token for an organization, recorded in its audit log", async () => {
    const dataDir = join(dir, "recovery");
    const org = await createOrg(dataDir, "Locked out");
    const stdout = assertOk(
      await run(["orgs", "admin-token", "--org", org.organizationId, "--data-dir", dataDir]),
    );
    const token = /^admin token: (kw_admin_[A-Za-z0-9_-]+)\n$/.exec(stdout)?.[1];
    assert.ok(token, stdout);
    assert.notEqual(token, org.token);
    const server = await openApi(dataDir);
    try {
      const organization = await server.call(token, "GET", "/v1/organization");
      assert.equal(organization.body.data.id, org.organizationId);
      const self = await server.call(token, "GET", "/v1/tokens/current");
      const audit = await server.call(token, "GET", "/v1/audit-log?resourceType=token");
      const bySystem = (
        audit.body.data as Array<{
          actor: { kind: string };
          action: string;
          resource: { id: string };
        }>
      )
        .filter((entry) => entry.action === "token.created" && entry.actor.kind === "system")
        .map((entry) => entry.resource.id);
      assert.ok(bySystem.includes(self.body.data.token.id), JSON.stringify(audit.body));
    } finally {
      await server.close();
    }
    const unknown = await run([
      "orgs",
      "admin-token",
      "--org",
      "org_01m84cp2y929bjrzt348fmrx3m",
      "--data-dir",
      dataDir,
    ]);
    assertFails(unknown, "USAGE", 2);
    assert.match(unknown.stderr, /no organization org_01m84cp2y929bjrzt348fmrx3m/);
  });

  test("list on an empty database prints nothing and generates no secret", async () => {
    const dataDir = join(dir, "empty");
    assert.equal(assertOk(await run(["orgs", "list", "--data-dir", dataDir])), "");
    await assert.rejects(stat(join(dataDir, "secret")));
  });

  test("bad input: missing or empty --name, a non-postgres URL, a URL without a secret", async () => {
    const dataDir = join(dir, "bad");
    assertFails(await run(["orgs", "create", "--data-dir", dataDir]), "USAGE", 2);
    assertFails(await run(["orgs", "create", "--name", " ", "--data-dir", dataDir]), "USAGE", 2);
    assertFails(
      await run(["orgs", "create", "--name", "x", "--database-url", "mysql://localhost/x"]),
      "USAGE",
      2,
    );
    const saved = process.env.KEYWARD_SECRET;
    delete process.env.KEYWARD_SECRET;
    try {
      const noSecret = await run([
        "orgs",
        "create",
        "--name",
        "x",
        "--database-url",
        "postgres://127.0.0.1:1/none",
      ]);
      assertFails(noSecret, "USAGE", 2);
      assert.match(noSecret.stderr, /KEYWARD_SECRET/);
    } finally {
      if (saved !== undefined) process.env.KEYWARD_SECRET = saved;
    }
  });
});
