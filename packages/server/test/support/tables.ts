// Every row of every table of a test app's database, for "nothing changed" checks that must
// also cover tables added later, and the stored ids that name no row of their organization.
import assert from "node:assert/strict";
import type { Store } from "../../src/store/database.js";
import type { TestApp } from "./app.js";

/** Rows of every table but the migrator's, each as sorted-key JSON, sorted per table. */
export async function tableRows(t: TestApp): Promise<Record<string, string[]>> {
  await t.services.flush();
  const { db: kysely } = t.store;
  const names = (await kysely.introspection.getTables())
    .filter((table) => !table.isView)
    .map((table) => table.name);
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

/** A stored id and where it must point: `table.column` → a row of `target`, same organization. */
const STORED_REFERENCES: Array<{
  table: string;
  column: string;
  target: string | string[];
  /** Rows the rule applies to (default: every row with the column set). */
  applies?: (row: Record<string, unknown>) => boolean;
}> = [
  { table: "policies", column: "product_id", target: "products" },
  { table: "licenses", column: "product_id", target: "products" },
  { table: "licenses", column: "policy_id", target: "policies" },
  { table: "licenses", column: "user_id", target: "users" },
  { table: "licenses", column: "handshake_code_id", target: "handshake_codes" },
  { table: "machines", column: "license_id", target: "licenses" },
  { table: "tokens", column: "product_id", target: "products" },
  // A deleted license's tokens are kept, revoked: only a working token must have its license.
  {
    table: "tokens",
    column: "license_id",
    target: "licenses",
    applies: (row) => row.revoked_at === null,
  },
  { table: "policy_entitlements", column: "policy_id", target: "policies" },
  { table: "policy_entitlements", column: "entitlement_id", target: "entitlements" },
  { table: "license_entitlements", column: "license_id", target: "licenses" },
  { table: "license_search_terms", column: "license_id", target: "licenses" },
  { table: "license_search_trigrams", column: "license_id", target: "licenses" },
  { table: "license_entitlements", column: "entitlement_id", target: "entitlements" },
  { table: "trackable_settings", column: "owner_id", target: ["products", "policies", "licenses"] },
  { table: "trackable_settings", column: "publicTrialPolicyId", target: "policies" },
  { table: "webhook_deliveries", column: "endpoint_id", target: "webhook_endpoints" },
];

/**
 * Every stored id that names no row of its organization, as "table.column = id": empty when
 * nothing dangles. Reads whole tables: for test databases.
 */
export async function danglingReferences(store: Store): Promise<string[]> {
  // biome-ignore lint/suspicious/noExplicitAny: tables by name
  const db = store.db as any;
  const rowsOf = new Map<string, Array<Record<string, unknown>>>();
  const rows = async (table: string) => {
    if (!rowsOf.has(table)) rowsOf.set(table, await db.selectFrom(table).selectAll().execute());
    return rowsOf.get(table)!;
  };
  const dangling: string[] = [];
  for (const { table, column, target, applies } of STORED_REFERENCES) {
    const targets = new Set<string>();
    for (const name of [target].flat()) {
      for (const row of await rows(name)) targets.add(`${row.organization_id} ${row.id}`);
    }
    for (const row of await rows(table)) {
      // Product settings hold the public-trial policy inside their JSON.
      const value =
        column === "publicTrialPolicyId"
          ? (JSON.parse(String(row.settings)) as Record<string, unknown>).publicTrialPolicyId
          : row[column];
      if (value === null || value === undefined || (applies && !applies(row))) continue;
      if (!targets.has(`${row.organization_id} ${value}`)) {
        dangling.push(`${table}.${column} = ${value}`);
      }
    }
  }
  return dangling;
}
