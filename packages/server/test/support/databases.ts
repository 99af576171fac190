// Every server test runs against both databases Keyward supports: SQLite (a file in a temp
// dir) and PostgreSQL (a fresh schema in the `test` database). Nothing is mocked.
//
// A migrated database is a copy of a template migrated once per set of migrations (named by
// their hash, shared by every test process): running the ten migrations costs ~0.5 s per
// PostgreSQL schema, and Kysely's migrator serializes them database-wide with one advisory
// lock. SQLite copies the template file. PostgreSQL has no schema copy: the template's
// migration statements, recorded when it was migrated, are replayed into the new schema in
// one round trip. test/test-databases.test.ts proves a copy has the freshly migrated schema.
// Cost: one template per migration set stays behind (a temp file, a `kw_template_*` schema).
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { openStore, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import type { Database } from "../../src/store/schema.js";

/** The PostgreSQL server the tests use; KEYWARD_TEST_POSTGRES_URL overrides it. */
export const POSTGRES_URL =
  process.env.KEYWARD_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type DatabaseName = "sqlite" | "postgres";

export interface TestStore {
  store: Store;
  /** postgres://… pointing at the schema, or null for SQLite. */
  databaseUrl: string | null;
  /** The SQLite directory (a temp dir, also usable as a data dir). */
  dataDir: string;
  /** Closes the store (idempotent) and removes the database: temp dir or schema. */
  close(): Promise<void>;
}

export interface TestDatabase {
  name: DatabaseName;
  /** false, or why the suite is skipped (node:test `skip`). */
  skip: false | string;
  /** An empty database. */
  open(): Promise<TestStore>;
  /** A database at the latest migration: a copy of the template. */
  openMigrated(): Promise<TestStore>;
}

/** A fresh, empty PostgreSQL schema and the URL whose connections use it. */
export interface TestSchema {
  schema: string;
  databaseUrl: string;
  drop(): Promise<void>;
}

// A refused connection fails at once; the timeout bounds only a server that does not answer,
// and a machine busy with concurrent test files may take seconds to.
async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 15_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await postgresReachable();

/**
 * Whether the PostgreSQL tests run: always on CI (an unreachable server then fails them),
 * elsewhere skipped with a visible reason.
 */
export const POSTGRES_SKIP: false | string =
  unreachable === null || process.env.CI === "true"
    ? false
    : `PostgreSQL not reachable at ${POSTGRES_URL} (${unreachable}); set CI=true to fail instead`;

function assertReachable(): void {
  if (unreachable !== null) {
    throw new Error(`PostgreSQL not reachable at ${POSTGRES_URL}: ${unreachable}`);
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates `kw_test_<random>` and a URL whose connections have it as their search_path. */
export function createTestSchema(): Promise<TestSchema> {
  return createSchema();
}

/** A new schema, with `setup(schema)` (SQL statements) run in the transaction creating it. */
async function createSchema(setup?: (schema: string) => string): Promise<TestSchema> {
  assertReachable();
  const schema = `kw_test_${randomBytes(8).toString("hex")}`;
  await adminQuery(
    setup ? `begin; create schema ${schema}; ${setup(schema)}; commit` : `create schema ${schema}`,
  );
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  // pg passes `options` to the server as a start-up parameter; make sure it took, or every
  // test would silently share the public schema.
  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  try {
    const { rows } = await probe.query<{ schema: string }>("select current_schema() as schema");
    if (rows[0]?.schema !== schema) {
      throw new Error(`search_path not applied: current_schema() is ${rows[0]?.schema}`);
    }
  } finally {
    await probe.end();
  }
  let dropped = false;
  return {
    schema,
    databaseUrl,
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(`drop schema if exists ${schema} cascade`);
    },
  };
}

/** The migrations' source and this file's: a template is reused while they are unchanged. */
const MIGRATIONS_HASH = (() => {
  const store = fileURLToPath(new URL("../../src/store/", import.meta.url));
  const files = [
    fileURLToPath(import.meta.url),
    join(store, "migrate.ts"),
    ...readdirSync(join(store, "migrations"))
      .sort()
      .map((name) => join(store, "migrations", name)),
  ];
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
})();

const TEMPLATE = `kw_template_${MIGRATIONS_HASH}`;

/** `make()` the first time, the same promise after (closing twice, a template per process). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

/**
 * The migrated SQLite template in the temp dir, made once: migrated in a private dir, then
 * renamed into place (atomic; processes racing to make it write identical files).
 */
const sqliteTemplate = once(async () => {
  const path = join(tmpdir(), `keyward-test-${TEMPLATE}.sqlite`);
  if (existsSync(path)) return path;
  const dir = await mkdtemp(join(tmpdir(), "keyward-test-template-"));
  try {
    const store = openStore({ databaseUrl: null, dataDir: dir });
    try {
      await migrateToLatest(store.db);
    } finally {
      // Closing the last connection checkpoints the WAL into the file and removes it.
      await store.close();
    }
    await rename(join(dir, "keyward.sqlite"), path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return path;
});

/**
 * The migrations' statements, replayable into an empty schema: recorded once (per migration
 * set, under an advisory lock so concurrent test processes make it once) while migrating the
 * `kw_template_<hash>` schema, and kept in its `keyward_test_clone` table.
 */
const postgresTemplate = once(async (): Promise<string[]> => {
  assertReachable();
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext($1))", [TEMPLATE]);
    const found = await client.query<{ table: string | null }>(
      "select to_regclass($1)::text as table",
      [`${TEMPLATE}.keyward_test_clone`],
    );
    if (found.rows[0]?.table == null) {
      await client.query(`drop schema if exists ${TEMPLATE} cascade; create schema ${TEMPLATE}`);
      const statements = await migrateRecording(TEMPLATE);
      // Made last: its presence says the template is complete.
      await client.query("begin");
      await client.query(
        `create table ${TEMPLATE}.keyward_test_clone (position integer primary key, statement text not null)`,
      );
      await client.query(
        `insert into ${TEMPLATE}.keyward_test_clone
           select position, statement from unnest($1::text[]) with ordinality as s(statement, position)`,
        [statements],
      );
      await client.query("commit");
    }
    const { rows } = await client.query<{ statement: string }>(
      `select statement from ${TEMPLATE}.keyward_test_clone order by position`,
    );
    return rows.map((row) => row.statement);
  } finally {
    await client.query("select pg_advisory_unlock(hashtext($1))", [TEMPLATE]).catch(() => {});
    await client.end();
  }
});

/**
 * Migrates `schema`, returning the statements the migrations ran. Kysely's migrator names its
 * own tables with the schema (migrate.ts), and locks and introspects through pg_catalog
 * functions; everything else it logs is a migration's statement.
 */
async function migrateRecording(schema: string): Promise<string[]> {
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const logged: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString() }) }),
    log(event) {
      if (event.level === "query") logged.push(event.query);
    },
  });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const own = logged.filter(
    ({ sql }) =>
      !sql.includes(`"${schema}".`) &&
      !/pg_advisory|pg_catalog|current_schema\(\)|^(begin|commit|rollback)\b/i.test(sql),
  );
  const bound = own.find(({ parameters }) => parameters.length > 0);
  if (bound) throw new Error(`a migration binds parameters, it cannot be replayed: ${bound.sql}`);
  return own.map(({ sql }) => sql);
}

/** SQL that makes `schema` a copy of the template: its statements and migration records. */
function cloneScript(schema: string, statements: string[]): string {
  const copy = (table: string) =>
    `create table ${schema}.${table} (like ${TEMPLATE}.${table} including all);
     insert into ${schema}.${table} select * from ${TEMPLATE}.${table}`;
  return [
    `set local search_path to ${schema}`,
    ...statements,
    copy("kysely_migration"),
    copy("kysely_migration_lock"),
  ].join(";\n");
}

async function openSqlite(template: string | null): Promise<TestStore> {
  const dataDir = await mkdtemp(join(tmpdir(), "keyward-server-test-"));
  if (template !== null) await copyFile(template, join(dataDir, "keyward.sqlite"));
  const store = openStore({ databaseUrl: null, dataDir });
  const closeStore = once(() => store.close());
  return {
    store: { ...store, close: closeStore },
    databaseUrl: null,
    dataDir,
    close: once(async () => {
      await closeStore();
      await rm(dataDir, { recursive: true, force: true });
    }),
  };
}

async function openPostgres(schema: TestSchema): Promise<TestStore> {
  const dataDir = await mkdtemp(join(tmpdir(), "keyward-server-test-"));
  const store = openStore({ databaseUrl: schema.databaseUrl, dataDir });
  const closeStore = once(() => store.close());
  return {
    store: { ...store, close: closeStore },
    databaseUrl: schema.databaseUrl,
    dataDir,
    close: once(async () => {
      await closeStore();
      await schema.drop();
      await rm(dataDir, { recursive: true, force: true });
    }),
  };
}

const sqlite: TestDatabase = {
  name: "sqlite",
  skip: false,
  open: () => openSqlite(null),
  openMigrated: async () => openSqlite(await sqliteTemplate()),
};

const postgres: TestDatabase = {
  name: "postgres",
  skip: POSTGRES_SKIP,
  open: async () => openPostgres(await createTestSchema()),
  async openMigrated() {
    const statements = await postgresTemplate();
    return openPostgres(await createSchema((schema) => cloneScript(schema, statements)));
  },
};

/** Both databases, SQLite first. */
export function databases(): TestDatabase[] {
  return [sqlite, postgres];
}

/** `describe("<title> [sqlite]")` and `describe("<title> [postgres]")`, each skipped as needed. */
export function forEachDatabase(title: string, body: (db: TestDatabase) => void): void {
  for (const db of databases()) {
    describe(`${title} [${db.name}]`, { skip: db.skip }, () => body(db));
  }
}
