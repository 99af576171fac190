import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";
import { compareStrings, inLockOrder } from "./scoped.js";

// Validations as bounded state (migration 0014): counters per (license, code, day), and the last
// validation of each license (without a machine) and machine. Every query is scoped by
// organization.

/** Validations of one license that answered one code on one day, to add to its counter. */
export interface ValidationCount {
  organizationId: string;
  productId: string;
  licenseId: string;
  code: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  count: number;
}

/** A license (no machine) or machine validated at `at`. */
export interface LastValidation {
  subject: "license" | "machine";
  organizationId: string;
  id: string;
  at: string;
}

export interface CounterFilter {
  /** Inclusive days, YYYY-MM-DD. */
  from: string;
  to: string;
  productId?: string | undefined;
  licenseId?: string | undefined;
}

/** Validations per day and code, summed over the licenses the filter keeps. */
export interface DailyCount {
  day: string;
  code: string;
  count: number;
}

const TABLES = { license: "licenses", machine: "machines" } as const;

// Rows per upsert statement: a fixed few shapes for the statement cache, and far below
// PostgreSQL's 65535 parameters (6 per row).
const UPSERT_CHUNK = 100;

/** The counters' unique key, (organization, license, day, code), in order. */
const byCounterKey = (a: ValidationCount, b: ValidationCount) =>
  compareStrings(a.organizationId, b.organizationId) ||
  compareStrings(a.licenseId, b.licenseId) ||
  compareStrings(a.day, b.day) ||
  compareStrings(a.code, b.code);

const SUBJECT_ORDER = { license: 0, machine: 1 } as const;

/** Licenses before machines, then each in lock order (by organization and id). */
const bySubjectAndId = (a: LastValidation, b: LastValidation) =>
  SUBJECT_ORDER[a.subject] - SUBJECT_ORDER[b.subject] || inLockOrder(a, b);

export function validationsRepository(db: Kysely<Database>) {
  return {
    /**
     * Sets the code of the last validation of a license (no machine) or a machine if it is
     * another one (an atomic conditional update): true when this call changed it, so exactly
     * one of several processes that see the same change records its event.
     */
    async changeCode(
      subject: LastValidation["subject"],
      organizationId: string,
      id: string,
      code: string,
      at: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable(TABLES[subject])
        .set({ last_validation_code: code, last_validated_at: at })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .where((eb) =>
          eb.or([eb("last_validation_code", "is", null), eb("last_validation_code", "<>", code)]),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Adds the counts and moves the last validation times on (never back: another process may
     * have written a later one), in one transaction. The rows are written in one order whatever
     * order they come in: counters by their key, then licenses before machines (the order of
     * the changes under a license's limits, which lock the license first), each by id.
     * Processes flushing the same rows at once then wait for each other; in the order of their
     * checks, PostgreSQL found them deadlocked and aborted one, whose counts were lost.
     */
    async record(counts: ValidationCount[], lastValidations: LastValidation[]): Promise<void> {
      const ordered = [...counts].sort(byCounterKey);
      const subjects = [...lastValidations].sort(bySubjectAndId);
      await db.transaction().execute(async (trx) => {
        for (let start = 0; start < ordered.length; start += UPSERT_CHUNK) {
          const chunk = ordered.slice(start, start + UPSERT_CHUNK);
          await trx
            .insertInto("validation_counters")
            .values(
              chunk.map((c) => ({
                organization_id: c.organizationId,
                product_id: c.productId,
                license_id: c.licenseId,
                code: c.code,
                day: c.day,
                count: c.count,
              })),
            )
            .onConflict((conflict) =>
              conflict.columns(["organization_id", "license_id", "day", "code"]).doUpdateSet({
                count: sql`validation_counters.count + excluded.count`,
              }),
            )
            .execute();
        }
        for (const last of subjects) {
          await trx
            .updateTable(TABLES[last.subject])
            .set({ last_validated_at: last.at })
            .where("organization_id", "=", last.organizationId)
            .where("id", "=", last.id)
            .where((eb) =>
              eb.or([eb("last_validated_at", "is", null), eb("last_validated_at", "<", last.at)]),
            )
            .execute();
        }
      });
    },

    /** Counts per day and code within the filter, by day then code. */
    async daily(organizationId: string, filter: CounterFilter): Promise<DailyCount[]> {
      let query = db
        .selectFrom("validation_counters")
        .select(["day", "code", (eb) => eb.fn.sum<number | string>("count").as("count")])
        .where("organization_id", "=", organizationId)
        .where("day", ">=", filter.from)
        .where("day", "<=", filter.to);
      if (filter.productId !== undefined) query = query.where("product_id", "=", filter.productId);
      if (filter.licenseId !== undefined) query = query.where("license_id", "=", filter.licenseId);
      const rows = await query.groupBy(["day", "code"]).orderBy("day").orderBy("code").execute();
      // PostgreSQL returns sums of bigints as strings.
      return rows.map((row) => ({ day: row.day, code: row.code, count: Number(row.count) }));
    },
  };
}
