// Every row of every table of a test app's database, for "nothing changed" checks that must
// also cover tables added later.
import assert from "node:assert/strict";
import { sql } from "kysely";
import type { TestApp } from "./app.js";

/** Rows of every table but the migrator's, each as sorted-key JSON, sorted per table. */
export async function tableRows(t: TestApp): Promise<Record<string, string[]>> {
  await t.services.flush();
  const { db: kysely, dialect } = t.store;
  // PostgreSQL: this schema's tables only. Kysely's introspection reads every schema, and other
  // test files drop theirs meanwhile ("schema … does not exist").
  const names =
    dialect === "postgres"
      ? (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(kysely)
        ).rows.map((row) => row.name)
      : (await kysely.introspection.getTables()).map((table) => table.name);
  const tables = names.filter((name) => !name.startsWith("kysely_")).sort();
  assert.ok(tables.includes("machines") && tables.includes("products"), tables.join());
  const rows: Record<string, string[]> = {};
  for (const table of tables) {
    // biome-ignore lint/suspicious/noExplicitAny: every table, whatever its columns
    const all = await (kysely as any).selectFrom(table).selectAll().execute();
    rows[table] = (all as Array<Record<string, unknown>>)
      .map((row) => JSON.stringify(row, Object.keys(row).sort()))
      .sort();
  }
  return rows;
}
