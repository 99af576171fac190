// Three `keyward serve` processes started at once on an empty database: one organization, one
// admin token, every process serving. On PostgreSQL a proxy holds their first connections until
// all three have one, so they migrate and bootstrap at the same moment.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import pg from "pg";
import { bootstrapFirstOrganization } from "../src/services/bootstrap.js";
import { createServices } from "../src/services/index.js";
import { openStore } from "../src/store/database.js";
import { migrateToLatest } from "../src/store/migrate.js";
import { createTestSchema, POSTGRES_SKIP, type TestSchema } from "./support/databases.js";
import { type ServerProcess, serve } from "./support/processes.js";
import { TcpProxy } from "./support/tcp-proxy.js";

const SERVERS = 3;

interface Rows {
  organizations: Array<{ id: string }>;
  tokens: Array<{ organization_id: string; kind: string }>;
}

/** Starts `SERVERS` processes at once and waits until every one answers. */
async function startAll(
  dataDirs: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<ServerProcess[]> {
  const servers = await Promise.all(
    dataDirs.map((dataDir) => serve(["--data-dir", dataDir, "--log-level", "info"], { cwd, env })),
  );
  await Promise.all(servers.map((server) => server.waitUntilHealthy()));
  return servers;
}

/** The organization `token` acts for, asked of every server (each must unseal its keys to sign). */
async function organizationSeenByAll(servers: ServerProcess[], token: string): Promise<string> {
  const ids = new Set<string>();
  for (const server of servers) {
    const ready = await fetch(`${server.url}/v1/ready`);
    assert.equal(ready.status, 200, `not ready:\n${server.output}`);
    const response = await fetch(`${server.url}/v1/organization`, {
      headers: {
        authorization: `Bearer ${token}`,
        "keyward-accept-signature": 'algorithm="ed25519"',
      },
    });
    const text = await response.text();
    assert.equal(response.status, 200, `${text}\n${server.output}`);
    assert.ok(response.headers.get("keyward-signature"), "the response is not signed");
    ids.add((JSON.parse(text) as { data: { id: string } }).data.id);
  }
  assert.equal(ids.size, 1, `the servers see different organizations: ${[...ids].join(", ")}`);
  return [...ids][0]!;
}

async function stopAll(servers: ServerProcess[]): Promise<void> {
  const exits = await Promise.all(servers.map((server) => server.stop()));
  for (const [index, exit] of exits.entries()) {
    assert.deepEqual(exit, { code: 0, signal: null }, servers[index]!.output);
  }
}

function assertOneOrganizationOneToken(rows: Rows, servers: ServerProcess[]): string {
  assert.equal(rows.organizations.length, 1, JSON.stringify(rows.organizations));
  assert.deepEqual(rows.tokens, [{ organization_id: rows.organizations[0]!.id, kind: "admin" }]);
  const creators = servers.filter((server) =>
    server.stdout.includes("created the first organization"),
  );
  assert.equal(creators.length, 1, "not exactly one server created the first organization");
  return rows.organizations[0]!.id;
}

/** The data dirs holding an admin-token file, each checked to be 0600. */
async function tokenFiles(dataDirs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dataDir of new Set(dataDirs)) {
    const file = join(dataDir, "admin-token");
    const info = await stat(file).catch(() => null);
    if (!info) continue;
    assert.equal(info.mode & 0o777, 0o600);
    found.push(file);
  }
  return found;
}

describe("first start of three servers at once", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-first-start-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe("[postgres] three servers, one empty schema", { skip: POSTGRES_SKIP }, () => {
    const schemas: TestSchema[] = [];
    after(async () => {
      for (const schema of schemas) await schema.drop();
    });

    async function rowsOf(schema: TestSchema): Promise<Rows> {
      const client = new pg.Client({ connectionString: schema.databaseUrl });
      await client.connect();
      try {
        const organizations = await client.query<{ id: string }>("select id from organizations");
        const tokens = await client.query<Rows["tokens"][number]>(
          "select organization_id, kind from tokens",
        );
        return { organizations: organizations.rows, tokens: tokens.rows };
      } finally {
        await client.end();
      }
    }

    /** The servers, each with its own data dir, reaching the database together. */
    async function startOnPostgres(name: string, env: Record<string, string> = {}) {
      const schema = await createTestSchema();
      schemas.push(schema);
      const proxy = await TcpProxy.start();
      proxy.holdFirst(SERVERS);
      const dataDirs = Array.from({ length: SERVERS }, (_, index) => join(root, name, `${index}`));
      const servers = await startAll(dataDirs, root, {
        DATABASE_URL: proxy.url(schema.databaseUrl),
        KEYWARD_SECRET: randomBytes(32).toString("base64url"),
        // The first server waits at the proxy until the last one has compiled and connected.
        KEYWARD_DATABASE_CONNECT_TIMEOUT_MS: "120000",
        ...env,
      });
      return { schema, dataDirs, servers };
    }

    test("in one process, three stores migrating and bootstrapping at once, five times", async () => {
      for (let round = 0; round < 5; round++) {
        const schema = await createTestSchema();
        schemas.push(schema);
        const stores = Array.from({ length: SERVERS }, () =>
          openStore({ databaseUrl: schema.databaseUrl, dataDir: join(root, `inproc-${round}`) }),
        );
        try {
          await Promise.all(stores.map((store) => migrateToLatest(store.db)));
          const adminToken = round % 2 === 0 ? null : `kw_admin_${"R".repeat(40)}${round}`;
          const results = await Promise.all(
            stores.map((store, index) =>
              bootstrapFirstOrganization(createServices({ store, secret: "s".repeat(32) }), {
                dataDir: join(root, `inproc-${round}`, `${index}`),
                adminToken,
                databaseInDataDir: true,
              }),
            ),
          );
          const created = results.filter((result) => result !== null);
          assert.equal(created.length, 1, `round ${round}: ${JSON.stringify(results)}`);
          const rows = await rowsOf(schema);
          assert.deepEqual(rows.organizations, [{ id: created[0]!.organizationId }]);
          assert.deepEqual(rows.tokens, [
            { organization_id: created[0]!.organizationId, kind: "admin" },
          ]);
        } finally {
          await Promise.all(stores.map((store) => store.close()));
        }
      }
    });

    test("no KEYWARD_ADMIN_TOKEN: one organization, one admin token in one data dir", async () => {
      const { schema, dataDirs, servers } = await startOnPostgres("generated");
      const organizationId = assertOneOrganizationOneToken(await rowsOf(schema), servers);
      const files = await tokenFiles(dataDirs);
      assert.equal(files.length, 1, `admin-token files: ${files.join(", ")}`);
      const token = (await readFile(files[0]!, "utf8")).trim();
      assert.equal(await organizationSeenByAll(servers, token), organizationId);
      await stopAll(servers);
    });

    test("KEYWARD_ADMIN_TOKEN: one organization whose only token is the given one", async () => {
      const adminToken = `kw_admin_${randomBytes(32).toString("base64url")}`;
      const { schema, dataDirs, servers } = await startOnPostgres("given", {
        KEYWARD_ADMIN_TOKEN: adminToken,
      });
      const organizationId = assertOneOrganizationOneToken(await rowsOf(schema), servers);
      assert.deepEqual(await tokenFiles(dataDirs), []);
      assert.equal(await organizationSeenByAll(servers, adminToken), organizationId);
      await stopAll(servers);
    });
  });

  describe("[sqlite] three servers, one empty data dir", () => {
    function rowsOf(dataDir: string): Rows {
      const sqlite = new SQLite(join(dataDir, "keyward.sqlite"), { readonly: true });
      try {
        return {
          organizations: sqlite
            .prepare("select id from organizations")
            .all() as Rows["organizations"],
          tokens: sqlite
            .prepare("select organization_id, kind from tokens")
            .all() as Rows["tokens"],
        };
      } finally {
        sqlite.close();
      }
    }

    test("no KEYWARD_ADMIN_TOKEN: one organization, one secret, one admin-token file", async () => {
      const dataDir = join(root, "sqlite-generated");
      const servers = await startAll(Array(SERVERS).fill(dataDir), root, {});
      const organizationId = assertOneOrganizationOneToken(rowsOf(dataDir), servers);
      const token = (await readFile(join(dataDir, "admin-token"), "utf8")).trim();
      // Signing on every server proves they all hold the secret that sealed the keys.
      assert.equal(await organizationSeenByAll(servers, token), organizationId);
      await stopAll(servers);
    });

    test("KEYWARD_ADMIN_TOKEN: one organization whose only token is the given one", async () => {
      const dataDir = join(root, "sqlite-given");
      const adminToken = `kw_admin_${randomBytes(32).toString("base64url")}`;
      const servers = await startAll(Array(SERVERS).fill(dataDir), root, {
        KEYWARD_ADMIN_TOKEN: adminToken,
      });
      const organizationId = assertOneOrganizationOneToken(rowsOf(dataDir), servers);
      assert.deepEqual(await tokenFiles([dataDir]), []);
      assert.equal(await organizationSeenByAll(servers, adminToken), organizationId);
      await stopAll(servers);
    });
  });
});
