import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { dialectOf } from "./database.js";
import type { Database } from "./schema.js";

// The exact metadata filter of the lists of licenses, machines and users (`metadata[key]=value`,
// http/schemas.ts MetadataFilter): each key names a top-level member of the row's metadata (a
// JSON object stored as text) and the row matches when every one holds exactly its value:
//
// - a string equal to the value, character for character (case-sensitive, whole: `cus_ABC123`
//   is neither `cus_ABC1234` nor `cus_abc123`);
// - when the value is written as a JSON number (`5`, `-1.5`, `1e3`), also a number equal to it
//   (as doubles: `5` finds 5 and 5.0, and the string "5" too, but not "5.0");
// - when the value is `true` or `false`, also that boolean;
// - never null, an object or an array, nor a nested member (`a.b` is the key "a.b").
//
// SQLite reads the member with json_type and json_extract (the key quoted in the path, so `.`
// and `:` are part of it), PostgreSQL with `metadata::jsonb -> key` compared as jsonb (types
// and numbers as above). No index covers metadata: the condition is tested on each row the
// list's other conditions leave, in id order, until the page is full. A filter matching few
// rows therefore reads every row of the organization (or of the product, user, license or
// status filtered on) past the cursor and parses its metadata once: the bound is the
// organization's rows of that list. Measured (a scan matching nothing, 100,000 rows with about
// 120 bytes of metadata each, on a shared 2-core machine): SQLite about 0.1 s, PostgreSQL about
// 0.35–0.6 s (its text column is parsed as jsonb row by row); larger metadata costs more. An
// index (a generated column, or jsonb with GIN) would bound it by the matches: not made here.

export type MetadataFilter = Readonly<Record<string, string>>;

/** A value written as a JSON number (no sign but `-`, no leading zero, no hex). */
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** The JSON values `value` matches (see the top of this file). */
function matchedValues(value: string): Array<string | number | boolean> {
  const values: Array<string | number | boolean> = [value];
  if (JSON_NUMBER.test(value) && Number.isFinite(Number(value))) values.push(Number(value));
  if (value === "true" || value === "false") values.push(value === "true");
  return values;
}

/** The member's path for SQLite's JSON functions; the keys allowed hold no `"` or `\`. */
function sqlitePath(key: string): string {
  if (/["\\]/.test(key)) throw new Error(`metadata filter key ${JSON.stringify(key)}`);
  return `$."${key}"`;
}

/**
 * The condition that the JSON object in `column` (a qualified column, `licenses.metadata`) holds
 * every member of `filter` exactly; undefined when the filter is empty.
 */
export function metadataMatches(
  db: Kysely<Database>,
  column: string,
  filter: MetadataFilter | undefined,
): Expression<SqlBool> | undefined {
  const entries = Object.entries(filter ?? {});
  if (entries.length === 0) return undefined;
  const postgres = dialectOf(db) === "postgres";
  const conditions = entries.map(([key, value]): RawBuilder<SqlBool> => {
    const values = matchedValues(value);
    if (postgres) {
      const member = sql`(${sql.ref(column)}::jsonb -> ${key}::text)`;
      const list = sql.join(values.map((one) => sql`${JSON.stringify(one)}::jsonb`));
      return sql<SqlBool>`${member} in (${list})`;
    }
    const path = sqlitePath(key);
    const type = sql`json_type(${sql.ref(column)}, ${path})`;
    const extracted = sql`json_extract(${sql.ref(column)}, ${path})`;
    const arms = values.map((one) =>
      typeof one === "string"
        ? sql`(${type} = 'text' and ${extracted} = ${one})`
        : typeof one === "number"
          ? sql`(${type} in ('integer', 'real') and ${extracted} = ${one})`
          : sql`${type} = ${one ? "true" : "false"}`,
    );
    return sql<SqlBool>`(${sql.join(arms, sql` or `)})`;
  });
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}
