// The test databases themselves: a migrated test database (a copy of the template, see
// support/databases.ts) has exactly the schema and migration records of a database migrated
// from empty, so no test runs on a schema production never has.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Kysely, sql } from "kysely";
import { migrateToLatest } from "../src/store/migrate.js";
import type { Database } from "../src/store/schema.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";

/** Everything a migration defines, in a stable order, without the schema's own name. */
async function catalog(testStore: TestStore): Promise<unknown> {
  const db = testStore.store.db as unknown as Kysely<Record<string, never>>;
  const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`
    .execute(db)
    .then(({ rows }) => rows.map((row) => row.name));
  if (testStore.store.dialect === "sqlite") {
    const { rows } = await sql`
      select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(db);
    return { migrations, objects: rows };
  }
  const { rows: schemaRows } = await sql<{
    schema: string;
  }>`select current_schema() as schema`.execute(db);
  const schema = schemaRows[0]!.schema;
  const anonymous = (rows: unknown[]) =>
    JSON.parse(JSON.stringify(rows).replaceAll(`${schema}.`, "<schema>."));
  const columns = await sql`
    select table_name, column_name, ordinal_position, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = ${schema}
    order by table_name, ordinal_position`.execute(db);
  const indexes = await sql`
    select tablename, indexname, indexdef from pg_indexes where schemaname = ${schema}
    order by tablename, indexname`.execute(db);
  const constraints = await sql`
    select conrelid::regclass::text as relation, conname, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = ${schema}::regnamespace
    order by relation, conname`.execute(db);
  return {
    migrations,
    columns: columns.rows,
    indexes: anonymous(indexes.rows),
    constraints: anonymous(constraints.rows),
  };
}

forEachDatabase("test databases", (db) => {
  test("a migrated test database is the template's copy of a freshly migrated one", async () => {
    const fresh = await db.open();
    const copy = await db.openMigrated();
    try {
      const applied = await migrateToLatest(fresh.store.db as Kysely<Database>);
      assert.ok(applied.length >= 10, applied.join(", "));
      // The copy is at the latest migration: migrating it again applies nothing.
      assert.deepEqual(await migrateToLatest(copy.store.db), []);
      const expected = (await catalog(fresh)) as { migrations: string[] };
      assert.deepEqual(expected.migrations, applied);
      assert.deepEqual(await catalog(copy), expected);
    } finally {
      await copy.close();
      await fresh.close();
    }
  });

  test("each migrated test database is its own: a row written in one is not in another", async () => {
    const first = await db.openMigrated();
    const second = await db.openMigrated();
    try {
      const now = new Date().toISOString();
      await first.store.db
        .insertInto("organizations")
        .values({ id: "org_only_in_first", name: "First", created_at: now, updated_at: now })
        .execute();
      const count = (testStore: TestStore) =>
        testStore.store.db
          .selectFrom("organizations")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.n));
      assert.equal(await count(first), 1);
      assert.equal(await count(second), 0);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
