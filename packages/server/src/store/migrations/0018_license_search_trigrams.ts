import { type Kysely, sql } from "kysely";
import { dialectOf } from "../database.js";
import { insertSearchRows, searchRows } from "../license-search.js";
import type { Database } from "../schema.js";

// License search by substring (issue 16; store/license-search.ts): every trigram of a
// license's terms, one row each, keyed (organization, trigram, license) so a trigram's
// postings are one index range in license id order. The terms gain the licensee's email and
// name (a user's licenses are found by them), so both tables are rebuilt from the licenses.
// Size is the cost: tens of rows per license (4.2 million for the 100,000 licenses of
// `npm run bench:search`), so the table is kept as one copy. SQLite keeps the rows in their
// primary key (WITHOUT ROWID: no separate table and key index), and there is no index by
// license: a license's rewrite and deletion delete its trigrams by primary key, computed from
// its stored terms (store/license-search.ts). Without that index, a foreign key to licenses
// would make PostgreSQL scan the table on every license deletion, so there is none: the
// license's writes delete its rows in the same transaction (the tests check that no row
// outlives its license).

const BATCH = 5000;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db as unknown as Kysely<Database>) === "postgres";
  await db.schema
    .createTable("license_search_trigrams")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("trigram", postgres ? sql`text collate "C"` : "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("license_search_trigrams_pkey", [
      "organization_id",
      "trigram",
      "license_id",
    ])
    .$call((table) => (postgres ? table : table.modifyEnd(sql`without rowid`)))
    .execute();

  // Backfill, a batch of licenses at a time in id order (bounded memory on large tables), in
  // the migration's transaction: searches never see the tables half built.
  const source = db as unknown as Kysely<
    Database & {
      licenses: { id: string; organization_id: string; name: string | null; metadata: string };
    }
  >;
  await sql`delete from license_search_terms`.execute(db);
  // Literals, not parameters, in the reads: on an empty database (a new install, the tests'
  // recorded templates) the migration is then plain SQL that can be replayed. Ids are
  // Keyward's own (prefix and base32), so inlining them quotes nothing a user wrote.
  let after: string | null = null;
  for (;;) {
    let batch = source
      .selectFrom("licenses")
      .leftJoin("users", "users.id", "licenses.user_id")
      .select([
        "licenses.id",
        "licenses.organization_id",
        "licenses.name",
        "licenses.metadata",
        "users.email as user_email",
        "users.name as user_name",
      ])
      .orderBy("licenses.id")
      .limit(sql.lit(BATCH));
    if (after !== null) batch = batch.where("licenses.id", ">", sql.lit(after));
    const rows = await batch.execute();
    if (rows.length === 0) break;
    const written = rows.map((row) =>
      searchRows(
        { organizationId: row.organization_id, id: row.id },
        {
          name: row.name,
          metadata: JSON.parse(row.metadata) as Record<string, unknown>,
          user: row.user_email === null ? null : { email: row.user_email, name: row.user_name },
        },
      ),
    );
    // In key order: consecutive rows land on the same pages of the primary key.
    const byTrigram = (a: { trigram: string }, b: { trigram: string }) =>
      a.trigram < b.trigram ? -1 : a.trigram > b.trigram ? 1 : 0;
    await insertSearchRows(source as unknown as Kysely<Database>, {
      terms: written.flatMap((rows) => rows.terms),
      trigrams: written.flatMap((rows) => rows.trigrams).sort(byTrigram),
    });
    after = rows[rows.length - 1]!.id;
  }
  // PostgreSQL plans a search from the tables' statistics (merge joins of the trigrams'
  // postings); a bulk load leaves none until autovacuum comes by, and plans without them were
  // 100 times slower in the benchmark. SQLite's loops are fixed by the queries (CROSS JOIN).
  if (postgres) {
    await sql`analyze license_search_terms`.execute(db);
    await sql`analyze license_search_trigrams`.execute(db);
  }
}
