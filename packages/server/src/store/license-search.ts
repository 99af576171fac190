import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { dialectOf } from "./database.js";
import type { Page, PageRequest } from "./pagination.js";
import type { LicenseRecord } from "./records.js";
import type { Database, License } from "./schema.js";
import { pageById, pagedById, type ScopedSelect } from "./scoped.js";

// License search (issue 16). A license is found by its terms (migration 0016): its name, its
// user's email and name, and its top-level metadata values and `key:value` pairs, lowercased;
// and by every 3-character slice (trigram) of them (migration 0018). Both are written in the
// transaction that writes the license, and again for each of a user's licenses when the user's
// email or name changes, so a search reads index entries, never the licenses' JSON.
//
// A query of 3 or more characters finds the licenses with a term that *contains* it: the
// licenses holding its rarest trigram (counted, each count stopping at PROBE entries) are read
// in id order, those holding its next PROBED rarest trigrams too (one primary-key lookup each)
// are kept, and each is confirmed by a substring check on its few stored terms (the trigrams
// in another order are not the substring). A page stops at its last license: a broad query
// ("customer") reads about a page of entries, a narrow one the rare trigram's postings. The
// bound is the rarest trigram's postings in the organization (at most one per license):
// reached when every trigram of the query is common but they rarely meet, or when the other
// filters (product, status) keep few of them. Shorter queries have no trigram and match terms
// by prefix (one index range of license_search_terms, sorted for the page). Cost on the write
// side: a license keeps at most 3 + 2 × MAX_METADATA_ENTRIES terms of MAX_TERM characters and
// their distinct trigrams (about 40 rows in the benchmark; at most (3 + MAX_METADATA_ENTRIES)
// × 198, as a value's trigrams are also its `key:value`'s).

/** Longest term kept: a longer name or value is found by its first 200 characters. */
const MAX_TERM = 200;
/** Top-level metadata entries indexed (scalar ones, in the object's order); later ones are not. */
const MAX_METADATA_ENTRIES = 16;
/** A query this long (in characters) or longer is searched as a substring, by its trigrams. */
const TRIGRAM = 3;
/** Trigrams of a query looked up: spread over a longer query (the substring check does the rest). */
const MAX_QUERY_TRIGRAMS = 8;
/** Postings counted per query trigram to find the rarest: beyond this a trigram is "common". */
const PROBE = 2000;
/**
 * The query's other trigrams each candidate is looked up by, rarest first; the substring check
 * covers the rest. More filter little (they are the common ones) and cost PostgreSQL planning
 * time: one semi-join each (8 of them took tens of milliseconds to plan in the benchmark).
 */
const PROBED = 2;
/** Above every character: `term < prefix + TOP` bounds "starts with prefix" bytewise. */
const TERM_TOP = "\u{10FFFF}";

/** The lowercase form a term is stored and searched in (cut by characters, not UTF-16 units). */
export function searchForm(text: string): string {
  return [...text.trim().toLowerCase()].slice(0, MAX_TERM).join("");
}

/** What a license is found by besides its key and id. */
export interface SearchedText {
  name: string | null;
  metadata: Record<string, unknown>;
  /** The licensee's email and name, when the license has a user. */
  user: { email: string; name: string | null } | null;
}

/**
 * A license's terms: its name, its user's email and name, and for each of the first
 * MAX_METADATA_ENTRIES top-level metadata values that are a string, number or boolean, the
 * value and `key:value` (nested objects and arrays are not indexed: their terms would grow
 * without bound).
 */
export function licenseSearchTerms({ name, metadata, user }: SearchedText): string[] {
  const terms = new Set<string>();
  const add = (text: string) => {
    const term = searchForm(text);
    if (term !== "") terms.add(term);
  };
  for (const text of [name, user?.email, user?.name]) if (text) add(text);
  const scalars = Object.entries(metadata).filter(
    ([, value]) =>
      typeof value === "string" || typeof value === "number" || typeof value === "boolean",
  );
  for (const [key, value] of scalars.slice(0, MAX_METADATA_ENTRIES)) {
    add(String(value));
    add(`${key}:${String(value)}`);
  }
  return [...terms];
}

/** The distinct trigrams (3 characters, by code point) of each text; none of a shorter one. */
export function trigramsOf(texts: string[]): string[] {
  const trigrams = new Set<string>();
  for (const text of texts) {
    const characters = [...text];
    for (let i = 0; i + TRIGRAM <= characters.length; i++) {
      trigrams.add(characters.slice(i, i + TRIGRAM).join(""));
    }
  }
  return [...trigrams];
}

/** A license's search rows (or several licenses'). */
export interface SearchRows {
  terms: Database["license_search_terms"][];
  trigrams: Database["license_search_trigrams"][];
}

/** The license's search rows: its terms and their trigrams. */
export function searchRows(
  license: { organizationId: string; id: string },
  text: SearchedText,
): SearchRows {
  const terms = licenseSearchTerms(text);
  const row = { organization_id: license.organizationId, license_id: license.id };
  return {
    terms: terms.map((term) => ({ ...row, term })),
    trigrams: trigramsOf(terms).map((trigram) => ({ ...row, trigram })),
  };
}

/** 3,000 rows of 3 parameters: under both databases' limit on parameters per statement. */
const ROWS_PER_INSERT = 3000;

function chunks<T>(rows: T[]): T[][] {
  return Array.from({ length: Math.ceil(rows.length / ROWS_PER_INSERT) }, (_, i) =>
    rows.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT),
  );
}

/** Inserts search rows, any number. */
export async function insertSearchRows(db: Kysely<Database>, rows: SearchRows): Promise<void> {
  for (const chunk of chunks(rows.terms)) {
    await db.insertInto("license_search_terms").values(chunk).execute();
  }
  for (const chunk of chunks(rows.trigrams)) {
    await db.insertInto("license_search_trigrams").values(chunk).execute();
  }
}

/** Trigrams per delete statement: within both databases' limit on parameters. */
const TRIGRAMS_PER_DELETE = 500;

/**
 * Deletes a license's search rows; call in the transaction that writes or deletes it, under
 * its row lock. Its trigrams are those of its stored terms, deleted by primary key: the
 * trigram table has no index by license, which would double its size (see migration 0018).
 * So trigramsOf and the terms must stay what wrote them: a change to either rebuilds both
 * tables in a migration, as 0018 does.
 */
export async function deleteSearchRows(
  db: Kysely<Database>,
  organizationId: string,
  licenseId: string,
): Promise<void> {
  const terms = await db
    .selectFrom("license_search_terms")
    .select("term")
    .where("license_id", "=", licenseId)
    .execute();
  const trigrams = trigramsOf(terms.map((row) => row.term));
  for (let start = 0; start < trigrams.length; start += TRIGRAMS_PER_DELETE) {
    await db
      .deleteFrom("license_search_trigrams")
      .where("organization_id", "=", organizationId)
      .where("trigram", "in", trigrams.slice(start, start + TRIGRAMS_PER_DELETE))
      .where("license_id", "=", licenseId)
      .execute();
  }
  await db.deleteFrom("license_search_terms").where("license_id", "=", licenseId).execute();
}

/**
 * Writes a license's search rows from its name, metadata and user (read here); call in the
 * transaction that writes the license, under its row lock: `replace` for a license that has
 * rows already (an edit), not for a new one.
 */
export async function writeSearchRows(
  db: Kysely<Database>,
  license: Pick<LicenseRecord, "organizationId" | "id" | "name" | "metadata" | "userId">,
  replace: boolean,
): Promise<void> {
  if (replace) await deleteSearchRows(db, license.organizationId, license.id);
  const user =
    license.userId === null
      ? undefined
      : await db
          .selectFrom("users")
          .select(["email", "name"])
          .where("organization_id", "=", license.organizationId)
          .where("id", "=", license.userId)
          .executeTakeFirst();
  await insertSearchRows(
    db,
    searchRows(license, { name: license.name, metadata: license.metadata, user: user ?? null }),
  );
}

/** The query's trigrams looked up: all, or MAX_QUERY_TRIGRAMS spread from its start to its end. */
function queryTrigrams(term: string): string[] {
  const all = trigramsOf([term]);
  if (all.length <= MAX_QUERY_TRIGRAMS) return all;
  return Array.from(
    { length: MAX_QUERY_TRIGRAMS },
    (_, i) => all[Math.round((i * (all.length - 1)) / (MAX_QUERY_TRIGRAMS - 1))]!,
  );
}

/**
 * The query's trigrams, rarest first, with their postings in the organization counted up to
 * PROBE: one statement of at most MAX_QUERY_TRIGRAMS × PROBE index entries.
 */
async function rarestFirst(
  db: Kysely<Database>,
  organizationId: string,
  trigrams: string[],
): Promise<Array<{ trigram: string; count: number }>> {
  const counts = trigrams.map((trigram, position) =>
    db
      .selectFrom(
        db
          .selectFrom("license_search_trigrams")
          .select("license_id")
          .where("organization_id", "=", organizationId)
          .where("trigram", "=", trigram)
          .limit(PROBE)
          .as("postings"),
      )
      .select((eb) => [sql.lit(position).as("position"), eb.fn.countAll<string>().as("count")]),
  );
  const rows = await counts
    .slice(1)
    .reduce((all, count) => all.unionAll(count), counts[0]!)
    .execute();
  return rows
    .map((row) => ({ trigram: trigrams[Number(row.position)]!, count: Number(row.count) }))
    .sort((a, b) => a.count - b.count);
}

/** `text` contains `part` (a parameter): SQLite's instr, PostgreSQL's strpos. */
function contains(db: Kysely<Database>, text: string, part: string) {
  const position = dialectOf(db) === "postgres" ? "strpos" : "instr";
  return sql<boolean>`${sql.raw(position)}(${sql.ref(text)}, ${part}) > 0`;
}

/**
 * The organization's licenses with a term containing `term` (at least TRIGRAM characters), in
 * id order of the rarest trigram's postings (see the top of this file); undefined when a
 * trigram occurs in none of them. CROSS JOIN keeps SQLite's loops in that order, so ORDER BY
 * and LIMIT stop the walk at the page's end (checked with EXPLAIN QUERY PLAN: no sort);
 * PostgreSQL merge-joins the postings, in the same order (checked with EXPLAIN ANALYZE).
 */
async function containing(
  db: Kysely<Database>,
  organizationId: string,
  term: string,
): Promise<ScopedSelect<"licenses"> | undefined> {
  const [rarest, ...others] = await rarestFirst(db, organizationId, queryTrigrams(term));
  if (rarest === undefined || rarest.count === 0) return undefined;
  let query = db
    .selectFrom("license_search_trigrams as rarest")
    .crossJoin("licenses")
    .selectAll("licenses")
    .where("rarest.organization_id", "=", organizationId)
    .where("rarest.trigram", "=", rarest.trigram)
    .whereRef("licenses.id", "=", "rarest.license_id")
    .where("licenses.organization_id", "=", organizationId);
  for (const { trigram } of others.slice(0, PROBED)) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("license_search_trigrams as other")
          .select("other.license_id")
          .where("other.organization_id", "=", organizationId)
          .where("other.trigram", "=", trigram)
          .whereRef("other.license_id", "=", "rarest.license_id"),
      ),
    );
  }
  // The license's own terms (license_search_terms_license): no organization condition, which
  // would lead SQLite to the primary key and every term of the organization instead (the
  // license is the organization's already).
  return query.where(({ exists, selectFrom }) =>
    exists(
      selectFrom("license_search_terms as found")
        .select("found.license_id")
        .whereRef("found.license_id", "=", "rarest.license_id")
        .where(contains(db, "found.term", term)),
    ),
  ) as unknown as ScopedSelect<"licenses">;
}

/**
 * The licenses whose ids `candidates` selects, read by primary key and sorted for the page:
 * `candidates CROSS JOIN licenses` makes SQLite loop in that order instead of walking every
 * license of the organization (or of the product filtered on) in id order and testing each.
 */
function fromCandidates(
  db: Kysely<Database>,
  organizationId: string,
  candidates: SelectQueryBuilder<Database, keyof Database, { candidate_id: string }>,
): ScopedSelect<"licenses"> {
  return db
    .selectFrom(candidates.as("candidates"))
    .crossJoin("licenses")
    .selectAll("licenses")
    .whereRef("licenses.id", "=", "candidates.candidate_id")
    .where("licenses.organization_id", "=", organizationId) as unknown as ScopedSelect<"licenses">;
}

/** The license whose key hash or id is the text: at most two, by index lookups. */
function byKey(
  db: Kysely<Database>,
  organizationId: string,
  search: { text: string; keyHash: string },
): ScopedSelect<"licenses"> {
  const candidates = db
    .selectFrom("licenses")
    .select("id as candidate_id")
    .where("organization_id", "=", organizationId)
    .where((eb) => eb.or([eb("key_hash", "=", search.keyHash), eb("id", "=", search.text)]));
  return fromCandidates(db, organizationId, candidates);
}

/**
 * The organization's licenses with a term starting with `term` (shorter than TRIGRAM): one
 * index range of the terms, sorted for the page: the cost follows the matches.
 */
function startingWith(
  db: Kysely<Database>,
  organizationId: string,
  term: string,
): ScopedSelect<"licenses"> {
  const candidates = db
    .selectFrom("license_search_terms")
    .select("license_id as candidate_id")
    .distinct()
    .where("organization_id", "=", organizationId)
    .where("term", ">=", term)
    .where("term", "<", term + TERM_TOP);
  return fromCandidates(db, organizationId, candidates);
}

/**
 * A page of the organization's licenses a search finds, narrowed by the list's other filters:
 * the license whose key hash or id is the text (index lookups), and those whose terms contain
 * it (or start with it, under TRIGRAM characters). Each is paged on its own (at most
 * `limit + 1` rows after the cursor) and the union paged again, so a page costs what its
 * parts' pages cost.
 */
export async function searchPage(
  db: Kysely<Database>,
  organizationId: string,
  search: { text: string; keyHash: string },
  narrow: (query: ScopedSelect<"licenses">) => ScopedSelect<"licenses">,
  page: PageRequest,
): Promise<Page<License>> {
  const term = searchForm(search.text);
  const arms = [pagedById(narrow(byKey(db, organizationId, search)), page, "licenses.id")];
  if ([...term].length >= TRIGRAM) {
    const byText = await containing(db, organizationId, term);
    if (byText) arms.push(pagedById(narrow(byText), page, "rarest.license_id"));
  } else if (term !== "") {
    arms.push(pagedById(narrow(startingWith(db, organizationId, term)), page, "licenses.id"));
  }
  const [first, ...rest] = arms.map((arm, i) => db.selectFrom(arm.as(`arm${i}`)).selectAll());
  const union = rest.reduce((all, arm) => all.union(arm), first!);
  return pageById(db.selectFrom(union.as("found")).selectAll(), page);
}
