import { type Kysely, sql } from "kysely";
import { licenseFromRow, updatedAtNoEarlierThan } from "./licenses.js";
import type { LicenseRecord } from "./records.js";
import type { Database } from "./schema.js";

/**
 * Adds `uses` to a license's counter in one conditional UPDATE, so racing consumers never take
 * it past `most` (null: no limit). Undefined when the license is gone or the limit would be
 * passed; the caller tells the two apart.
 */
export async function addUses(
  db: Kysely<Database>,
  organizationId: string,
  licenseId: string,
  uses: number,
  most: number | null,
  now: string,
): Promise<LicenseRecord | undefined> {
  let query = db
    .updateTable("licenses")
    .set({ uses: sql`uses + ${uses}`, updated_at: updatedAtNoEarlierThan(now) })
    .where("organization_id", "=", organizationId)
    .where("id", "=", licenseId);
  if (most !== null) query = query.where(sql<boolean>`uses + ${uses} <= ${most}`);
  const row = await query.returningAll().executeTakeFirst();
  return row && licenseFromRow(row);
}
