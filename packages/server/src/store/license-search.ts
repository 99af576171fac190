import type { Kysely } from "kysely";
import type { LicenseRecord } from "./records.js";
import type { Database } from "./schema.js";

// The words a license is found by (migration 0016): written with the license and whenever its
// name or metadata changes, so a search reads one index range, never the licenses' JSON.

/** Longest term kept: a longer name or value is found by its first 200 characters. */
const MAX_TERM = 200;
/** Above every character: `term < prefix + TOP` bounds "starts with prefix" bytewise. */
export const TERM_TOP = "\u{10FFFF}";

/** The lowercase form a term is stored and searched in. */
export function searchForm(text: string): string {
  return text.trim().toLowerCase().slice(0, MAX_TERM);
}

/**
 * A license's terms: its name, and for each top-level metadata value that is a string, number
 * or boolean, the value and `key:value` (nested objects and arrays are not indexed: their
 * terms would grow without bound).
 */
export function licenseSearchTerms(
  name: string | null,
  metadata: Record<string, unknown>,
): string[] {
  const terms = new Set<string>();
  const add = (text: string) => {
    const term = searchForm(text);
    if (term !== "") terms.add(term);
  };
  if (name !== null) add(name);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      add(String(value));
      add(`${key}:${String(value)}`);
    }
  }
  return [...terms];
}

/** Replaces a license's terms; call in the transaction that writes the license. */
export async function writeSearchTerms(
  db: Kysely<Database>,
  license: Pick<LicenseRecord, "organizationId" | "id" | "name" | "metadata">,
): Promise<void> {
  await db.deleteFrom("license_search_terms").where("license_id", "=", license.id).execute();
  const terms = licenseSearchTerms(license.name, license.metadata);
  if (terms.length === 0) return;
  await db
    .insertInto("license_search_terms")
    .values(
      terms.map((term) => ({
        organization_id: license.organizationId,
        license_id: license.id,
        term,
      })),
    )
    .execute();
}
