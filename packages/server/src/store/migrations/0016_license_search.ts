import { type Kysely, sql } from "kysely";
import { dialectOf } from "../database.js";
import { licenseSearchTerms } from "../license-search.js";
import type { Database } from "../schema.js";

// License search (issue 16): the words a license is found by (its name, its metadata's values
// and key:value pairs), lowercased, one row each, so a prefix search is one index range
// instead of a scan of every license's JSON. Keys are found by their hash (licenses_key_hash)
// and users by email (users_organization_email, then licenses_organization_user).
// The term column sorts bytewise on both databases (SQLite's BINARY; PostgreSQL's "C"
// collation), so `term >= q AND term < q || U+10FFFF` is exactly "starts with q".

const BATCH = 1000;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db as unknown as Kysely<Database>) === "postgres";
  await db.schema
    .createTable("license_search_terms")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull().references("licenses.id"))
    .addColumn("term", postgres ? sql`text collate "C"` : "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("license_search_terms_pkey", ["organization_id", "term", "license_id"])
    .execute();
  await db.schema
    .createIndex("license_search_terms_license")
    .on("license_search_terms")
    .column("license_id")
    .execute();
  // Counting by status reads only these columns: an index-only pass, not the licenses' rows.
  await db.schema
    .createIndex("licenses_organization_states")
    .on("licenses")
    .columns(["organization_id", "product_id", "revoked_at", "suspended", "expires_at"])
    .execute();
  await db.schema
    .createIndex("licenses_organization_user")
    .on("licenses")
    .columns(["organization_id", "user_id", "id"])
    .execute();

  // Backfill, a batch of licenses at a time in id order (bounded memory on large tables).
  const source = db as unknown as Kysely<{
    licenses: { id: string; organization_id: string; name: string | null; metadata: string };
    license_search_terms: { organization_id: string; license_id: string; term: string };
  }>;
  // Literals, not parameters, in the reads: on an empty database (a new install, the tests'
  // recorded templates) the migration is then plain SQL that can be replayed. Ids are
  // Keyward's own (prefix and base32), so inlining them quotes nothing a user wrote.
  let after: string | null = null;
  for (;;) {
    let batch = source
      .selectFrom("licenses")
      .select(["id", "organization_id", "name", "metadata"])
      .orderBy("id")
      .limit(sql.lit(BATCH));
    if (after !== null) batch = batch.where("id", ">", sql.lit(after));
    const rows = await batch.execute();
    if (rows.length === 0) break;
    const values = rows.flatMap((row) =>
      licenseSearchTerms({
        name: row.name,
        metadata: JSON.parse(row.metadata) as Record<string, unknown>,
        user: null,
      }).map((term) => ({ organization_id: row.organization_id, license_id: row.id, term })),
    );
    // 3,000 rows of 3 parameters: under both databases' limit on parameters per statement.
    for (let start = 0; start < values.length; start += 3000) {
      await source
        .insertInto("license_search_terms")
        .values(values.slice(start, start + 3000))
        .execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}
