import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import type { Store } from "../src/store/database.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";

/** A foreign key: `table.columns` references `parent`. */
interface ForeignKey {
  table: string;
  columns: string[];
  parent: string;
}

/**
 * Deleting a row looks up the rows that reference it by the foreign key's columns (PostgreSQL's
 * check `… WHERE <column> = $1`, SQLite's the same, and each cascade): without an index that
 * leads with them, every delete of a policy, product, user or webhook endpoint reads the whole
 * referencing table (migration 0019). Organizations are never deleted, so their keys need none.
 */
forEachDatabase("schema: every foreign key has an index that leads with it", (db) => {
  let opened: TestStore;
  before(async () => {
    opened = await db.openMigrated();
  });
  after(() => opened.close());

  test("the referencing rows of a deleted parent are found by index", async () => {
    const { store } = opened;
    const keys = await foreignKeys(store);
    assert.ok(keys.length > 20, `found only ${keys.length} foreign keys`);
    const indexes = await indexColumns(store);
    const unindexed = keys
      .filter((key) => key.parent !== "organizations")
      .filter(
        (key) =>
          !(indexes.get(key.table) ?? []).some(
            (columns) => columns.slice(0, key.columns.length).join() === key.columns.join(),
          ),
      )
      .map((key) => `${key.table}(${key.columns.join(", ")}) → ${key.parent}`);
    assert.deepEqual(unindexed, []);
  });
});

async function foreignKeys(store: Store): Promise<ForeignKey[]> {
  if (store.dialect === "postgres") {
    const { rows } = await sql<{ table: string; columns: string[]; parent: string }>`
      select c.conrelid::regclass::text as "table", c.confrelid::regclass::text as parent,
        array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns
      from pg_constraint c
      where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(store.db);
    return rows;
  }
  const keys: ForeignKey[] = [];
  for (const table of await sqliteTables(store)) {
    const { rows } = await sql<{ id: number; seq: number; table: string; from: string }>`
      select * from pragma_foreign_key_list(${table})`.execute(store.db);
    for (const id of new Set(rows.map((row) => row.id))) {
      const columns = rows.filter((row) => row.id === id).sort((a, b) => a.seq - b.seq);
      keys.push({ table, columns: columns.map((c) => c.from), parent: columns[0]!.table });
    }
  }
  return keys;
}

/** Each table's indexes (primary keys included), as their column lists. */
async function indexColumns(store: Store): Promise<Map<string, string[][]>> {
  const indexes = new Map<string, string[][]>();
  const add = (table: string, columns: string[]) =>
    indexes.set(table, [...(indexes.get(table) ?? []), columns]);
  if (store.dialect === "postgres") {
    const { rows } = await sql<{ table: string; columns: string[] }>`
      select i.indrelid::regclass::text as "table",
        array(select a.attname::text from unnest(i.indkey) with ordinality k(n, p)
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n order by k.p) as columns
      from pg_index i join pg_class t on t.oid = i.indrelid
      where t.relnamespace = current_schema()::regnamespace`.execute(store.db);
    for (const row of rows) add(row.table, row.columns);
    return indexes;
  }
  for (const table of await sqliteTables(store)) {
    const { rows: list } = await sql<{ name: string }>`
      select name from pragma_index_list(${table})`.execute(store.db);
    for (const { name } of list) {
      const { rows } = await sql<{ seqno: number; name: string }>`
        select seqno, name from pragma_index_info(${name}) order by seqno`.execute(store.db);
      add(
        table,
        rows.map((row) => row.name),
      );
    }
  }
  return indexes;
}

async function sqliteTables(store: Store): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
    store.db,
  );
  return rows.map((row) => row.name);
}
