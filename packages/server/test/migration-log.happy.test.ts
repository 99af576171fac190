// What `keyward serve` logs of its migrations: each one applied, at info, and a wait for another
// instance's run (which holds SQLite's write lock, or Kysely's advisory lock on PostgreSQL).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import SQLite from "better-sqlite3";
import pg from "pg";
import { SQLITE_FILE } from "../src/store/database.js";
import { MIGRATION_NAMES, POSTGRES_MIGRATION_LOCK } from "../src/store/migrate.js";
import { createTestSchema, forEachDatabase, type TestSchema } from "./support/databases.js";
import { type ServerProcess, START_TIMEOUT_MS, serve } from "./support/processes.js";

const WAITING = "waiting for another instance's migration of the database to end";

function messages(server: ServerProcess): string[] {
  return server.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

async function logged(server: ServerProcess, message: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!messages(server).includes(message)) {
    assert.ok(Date.now() < deadline, `no "${message}" in time:\n${server.output}`);
    assert.equal(server.child.exitCode, null, server.output);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Holds the lock a migration run takes, as another instance's run would; resolves with what
 * lets it go.
 */
async function holdMigrationLock(
  dataDir: string,
  schema: TestSchema | null,
): Promise<() => Promise<void>> {
  if (schema === null) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const other = new SQLite(join(dataDir, SQLITE_FILE));
    // In WAL mode already, as the server opens it: setting it would wait for this lock too.
    other.pragma("journal_mode = WAL");
    other.exec("begin immediate");
    return async () => {
      other.exec("rollback");
      other.close();
    };
  }
  const client = new pg.Client({ connectionString: schema.databaseUrl });
  await client.connect();
  await client.query(`select pg_advisory_lock(${POSTGRES_MIGRATION_LOCK})`);
  return async () => {
    await client.query(`select pg_advisory_unlock(${POSTGRES_MIGRATION_LOCK})`);
    await client.end();
  };
}

forEachDatabase("keyward serve logs its migrations", (db) => {
  let root: string;
  let schema: TestSchema | null = null;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-migration-log-"));
    schema = db.name === "postgres" ? await createTestSchema() : null;
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
    await schema?.drop();
  });

  test("a wait for another run, then each migration applied, at info", async () => {
    const dataDir = join(root, "data");
    const release = await holdMigrationLock(dataDir, schema);
    let server: ServerProcess | undefined;
    try {
      server = await serve(["--log-level", "info"], {
        cwd: root,
        env: {
          KEYWARD_DATA_DIR: dataDir,
          KEYWARD_SECRET: randomBytes(32).toString("hex"),
          ...(schema ? { DATABASE_URL: schema.databaseUrl } : {}),
        },
      });
      await logged(server, WAITING);
    } finally {
      await release();
    }
    await server.waitUntilHealthy();
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
    const said = messages(server);
    assert.deepEqual(
      said.filter((message) => message.startsWith("applied migration ")),
      MIGRATION_NAMES.map((name) => `applied migration ${name}`),
    );
    assert.equal(said.indexOf(WAITING), 0, server.output);
  });
});
