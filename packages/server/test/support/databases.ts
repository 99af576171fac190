// Every server test runs against both databases Keyward supports: SQLite (a file in a temp
// dir) and PostgreSQL (a fresh schema in the `test` database). Nothing is mocked.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "node:test";
import pg from "pg";
import { openStore, type Store } from "../../src/store/database.js";

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
  open(): Promise<TestStore>;
}

/** A fresh, empty PostgreSQL schema and the URL whose connections use it. */
export interface TestSchema {
  schema: string;
  databaseUrl: string;
  drop(): Promise<void>;
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
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
export async function createTestSchema(): Promise<TestSchema> {
  assertReachable();
  const schema = `kw_test_${randomBytes(8).toString("hex")}`;
  await adminQuery(`create schema ${schema}`);
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

function onlyOnce(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

const sqlite: TestDatabase = {
  name: "sqlite",
  skip: false,
  async open() {
    const dataDir = await mkdtemp(join(tmpdir(), "keyward-server-test-"));
    const store = openStore({ databaseUrl: null, dataDir });
    const closeStore = onlyOnce(() => store.close());
    return {
      store: { ...store, close: closeStore },
      databaseUrl: null,
      dataDir,
      close: onlyOnce(async () => {
        await closeStore();
        await rm(dataDir, { recursive: true, force: true });
      }),
    };
  },
};

const postgres: TestDatabase = {
  name: "postgres",
  skip: POSTGRES_SKIP,
  async open() {
    const schema = await createTestSchema();
    const dataDir = await mkdtemp(join(tmpdir(), "keyward-server-test-"));
    const store = openStore({ databaseUrl: schema.databaseUrl, dataDir });
    const closeStore = onlyOnce(() => store.close());
    return {
      store: { ...store, close: closeStore },
      databaseUrl: schema.databaseUrl,
      dataDir,
      close: onlyOnce(async () => {
        await closeStore();
        await schema.drop();
        await rm(dataDir, { recursive: true, force: true });
      }),
    };
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
