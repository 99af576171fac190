// The real server process, started the way the README does (`keyward serve`), from source.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import { MIGRATION_NAMES } from "../src/store/migrate.js";
import { createTestSchema, POSTGRES_SKIP, type TestSchema } from "./support/databases.js";
import { type ServerProcess, STOP_TIMEOUT_MS, serve } from "./support/processes.js";

async function request(
  server: ServerProcess,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function assertStopsCleanly(server: ServerProcess): Promise<void> {
  const started = Date.now();
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, `exit after SIGTERM:\n${server.output}`);
  assert.ok(Date.now() - started < STOP_TIMEOUT_MS, "took too long to stop");
}

// The SQLite and PostgreSQL suites run side by side: process start-up is most of the time.
describe("keyward serve", { concurrency: true }, () => {
  describe("keyward serve (SQLite)", { concurrency: false }, () => {
    let root: string;
    let dataDir: string;
    let firstOrganization: unknown;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), "keyward-serve-test-"));
      dataDir = join(root, "data");
    });
    after(async () => {
      await rm(root, { recursive: true, force: true });
    });

    test("first start writes a 0600 admin token, never prints it, and stops on SIGTERM", async () => {
      // A misspelt setting (KEYWARD_RATE_LIMITS) is ignored, and said so at start.
      const server = await serve(["--data-dir", dataDir, "--log-level", "info"], {
        cwd: root,
        env: { KEYWARD_RATELIMITS: "false" },
      });
      await server.waitUntilHealthy();
      await server.logged(
        (line) =>
          line.level === 40 &&
          line.msg ===
            "KEYWARD_RATELIMITS is not a setting and is ignored: did you mean KEYWARD_RATE_LIMITS?",
      );

      const tokenFile = join(dataDir, "admin-token");
      const info = await stat(tokenFile);
      assert.equal(info.mode & 0o777, 0o600);
      assert.equal((await stat(join(dataDir, "secret"))).mode & 0o777, 0o600);
      const token = (await readFile(tokenFile, "utf8")).trim();
      assert.match(token, /^kw_admin_[A-Za-z0-9_-]{43}$/);

      const created = await request(server, token, "POST", "/v1/products", {
        name: "Over HTTP",
        code: "http",
      });
      assert.equal(created.status, 201);
      const product = (created.body as { data: { id: string } }).data;
      const fetched = await request(server, token, "GET", `/v1/products/${product.id}`);
      assert.equal(fetched.status, 200);
      assert.deepEqual(fetched.body, created.body);
      const organization = await request(server, token, "GET", "/v1/organization");
      assert.equal(organization.status, 200);
      firstOrganization = organization.body;
      const unauthorized = await request(
        server,
        "kw_admin_wrong_wrong_wrong_wrong",
        "GET",
        "/v1/products",
      );
      assert.equal(unauthorized.status, 401);
      // Without TLS, SIGHUP (a closed terminal) changes nothing: it still serves, then stops
      // cleanly on SIGTERM below.
      server.child.kill("SIGHUP");
      assert.equal((await request(server, token, "GET", "/v1/organization")).status, 200);
      assert.equal(server.child.exitCode, null, `the server ended on SIGHUP:\n${server.output}`);

      await assertStopsCleanly(server);
      // Logged at info: where the token is and that it listens, never the token itself.
      assert.ok(server.stdout.includes(tokenFile), `no mention of ${tokenFile}:\n${server.output}`);
      // The version and the schema's last migration: which code runs, between releases too.
      assert.match(
        server.stdout,
        new RegExp(
          `Keyward \\d+\\.\\d+\\.\\d+ \\(schema ${MIGRATION_NAMES.at(-1)}\\) listening on`,
        ),
      );
      assert.ok(!server.output.includes(token), "the admin token is in the output");
      assert.ok(
        !server.output.includes(token.slice(9, 30)),
        "part of the admin token is in the output",
      );
      assert.ok(!server.output.includes("authorization"), "a request header is in the output");
      // After the drain, the last line.
      assert.match(server.stdout.trim().split("\n").at(-1) ?? "", /"msg":"stopped"/);
    });

    test("a restart on the same data dir keeps the token, the organization and the data", async () => {
      assert.ok(firstOrganization, "the first start did not run");
      const tokenFile = join(dataDir, "admin-token");
      const before = await stat(tokenFile);
      const token = (await readFile(tokenFile, "utf8")).trim();
      const secret = await readFile(join(dataDir, "secret"), "utf8");

      const server = await serve(["--data-dir", dataDir, "--log-level", "info"], { cwd: root });
      await server.waitUntilHealthy();
      const organization = await request(server, token, "GET", "/v1/organization");
      assert.equal(organization.status, 200);
      assert.deepEqual(organization.body, firstOrganization);
      const products = await request(server, token, "GET", "/v1/products");
      assert.equal(products.status, 200);
      assert.deepEqual(
        (products.body as { data: Array<{ code: string }> }).data.map((p) => p.code),
        ["http"],
      );
      await assertStopsCleanly(server);

      // No second organization, no rewritten files.
      const sqlite = new SQLite(join(dataDir, "keyward.sqlite"), { readonly: true });
      try {
        const rows = sqlite.prepare("select id from organizations").all();
        assert.deepEqual(rows, [{ id: (firstOrganization as { data: { id: string } }).data.id }]);
      } finally {
        sqlite.close();
      }
      const after = await stat(tokenFile);
      assert.equal(after.mtimeMs, before.mtimeMs, "admin-token was rewritten");
      assert.equal((await readFile(tokenFile, "utf8")).trim(), token);
      assert.equal(await readFile(join(dataDir, "secret"), "utf8"), secret);
      assert.ok(!server.stdout.includes("created the first organization"));
      assert.ok(!server.output.includes(token));
    });

    test("serve --port abc: non-zero exit, one line on stderr naming PORT", async () => {
      const bad = await serve(["--data-dir", join(root, "never")], { cwd: root, port: "abc" });
      const exit = await bad.exited;
      assert.notEqual(exit.code, 0);
      assert.equal(exit.code, 2, bad.output);
      assert.equal(bad.stdout, "");
      assert.match(bad.stderr, /^keyward: error: PORT [^\n]*"abc"[^\n]* \(USAGE\)\n$/);
      // Nothing was created in the working directory.
      assert.deepEqual((await readdir(root)).sort(), ["data"]);
    });
  });

  describe("keyward serve (PostgreSQL)", { skip: POSTGRES_SKIP, concurrency: true }, () => {
    let root: string;
    const schemas: TestSchema[] = [];
    before(async () => {
      root = await mkdtemp(join(tmpdir(), "keyward-serve-pg-test-"));
    });
    const servers: ServerProcess[] = [];
    after(async () => {
      for (const server of servers) server.kill();
      await Promise.all(servers.map((server) => server.exited));
      for (const schema of schemas) await schema.drop();
      await rm(root, { recursive: true, force: true });
    });

    test("DATABASE_URL + KEYWARD_SECRET + KEYWARD_ADMIN_TOKEN: that token works, no files", async () => {
      const schema = await createTestSchema();
      schemas.push(schema);
      const adminToken = `kw_admin_${randomBytes(32).toString("base64url")}`;
      const dataDir = join(root, "given");
      const server = await serve(["--data-dir", dataDir, "--log-level", "info"], {
        cwd: root,
        env: {
          DATABASE_URL: schema.databaseUrl,
          KEYWARD_SECRET: randomBytes(32).toString("base64url"),
          KEYWARD_ADMIN_TOKEN: adminToken,
        },
      });
      servers.push(server);
      await server.waitUntilHealthy();
      const ready = await fetch(`${server.url}/v1/ready`);
      assert.equal(ready.status, 200);
      const organization = await request(server, adminToken, "GET", "/v1/organization");
      assert.equal(organization.status, 200);
      const created = await request(server, adminToken, "POST", "/v1/products", { name: "On PG" });
      assert.equal(created.status, 201);
      await assertStopsCleanly(server);

      assert.ok(!server.output.includes(adminToken), "the admin token is in the output");
      assert.match(server.stdout, /"database":"postgres"/);
      // Neither a secret nor a token file: both came from the environment.
      await assert.rejects(stat(dataDir), { code: "ENOENT" });
    });

    test("DATABASE_URL + KEYWARD_SECRET only: the admin token goes to a new data dir", async () => {
      const schema = await createTestSchema();
      schemas.push(schema);
      const dataDir = join(root, "generated", "data");
      const server = await serve(["--data-dir", dataDir, "--log-level", "info"], {
        cwd: root,
        env: {
          DATABASE_URL: schema.databaseUrl,
          KEYWARD_SECRET: randomBytes(32).toString("base64url"),
        },
      });
      servers.push(server);
      await server.waitUntilHealthy();
      const tokenFile = join(dataDir, "admin-token");
      assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
      const token = (await readFile(tokenFile, "utf8")).trim();
      assert.equal((await request(server, token, "GET", "/v1/organization")).status, 200);
      await assertStopsCleanly(server);
      assert.ok(!server.output.includes(token));
      // No secret file: with PostgreSQL the secret must come from KEYWARD_SECRET.
      assert.deepEqual(await readdir(dataDir), ["admin-token"]);
    });
  });
});
