import type { Store } from "../store/database.js";
import {
  type LastValidation,
  type ValidationCount,
  validationsRepository,
} from "../store/validations.js";
import { recordEvents } from "./events.js";

// What a validation leaves behind (issue 18.2, docs/server.md "Validation counters"): storage
// grows with changes of state, not with checks.
// - A counter per (license, code, day), added to in batches.
// - The last validation of the license (when it found no machine) or of the machine: its time in
//   batches, its code at once when it changes, with one event in the same transaction.

/** One validation's outcome, as the log needs it. */
export interface ValidationOutcome {
  organizationId: string;
  productId: string;
  licenseId: string;
  /** The machine the validation found (by fingerprint); null when none. */
  machineId: string | null;
  valid: boolean;
  code: string;
  /** The code of the subject's last validation as read with the license (null: none yet). */
  previousCode: string | null;
  at: Date;
}

/**
 * The one place a validation's change of state is written: the subject's code changes only if it
 * is another one (an atomic conditional update), and its event goes in the same transaction, so
 * of several processes that see the same change exactly one records it. Costs a write
 * transaction per change; a repeat costs nothing here.
 */
export async function recordValidationChange(
  store: Store,
  outcome: ValidationOutcome,
): Promise<boolean> {
  const subject = outcome.machineId === null ? "license" : "machine";
  const id = outcome.machineId ?? outcome.licenseId;
  return store.db.transaction().execute(async (trx) => {
    const changed = await validationsRepository(trx).changeCode(
      subject,
      outcome.organizationId,
      id,
      outcome.code,
      outcome.at.toISOString(),
    );
    if (changed) {
      await recordEvents(trx, outcome.at, {
        organizationId: outcome.organizationId,
        type: outcome.valid ? "license.validation.succeeded" : "license.validation.failed",
        licenseId: outcome.licenseId,
        machineId: outcome.machineId,
        data: { code: outcome.code },
      });
    }
    return changed;
  });
}

const FLUSH_INTERVAL_MS = 200;
/** Distinct counters and subjects held before a flush is due regardless of the interval. */
const FLUSH_SIZE = 1000;

/**
 * Counters and last validation times in batches: one transaction per 200 ms (or per 1000
 * distinct licenses, machines and codes) instead of a write per check. Memory is bounded by the
 * distinct keys between flushes, not by the checks. A crash loses at most the last 200 ms of
 * counts and times; changes of code are never buffered (recordValidationChange).
 */
export function validationLog(deps: { store: Store }) {
  let counts = new Map<string, ValidationCount>();
  let lastValidations = new Map<string, LastValidation>();
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = [...counts.values()];
    const last = [...lastValidations.values()];
    counts = new Map();
    lastValidations = new Map();
    if (batch.length > 0 || last.length > 0) {
      writing = writing
        .then(() => validationsRepository(deps.store.db).record(batch, last))
        .catch((error: unknown) => {
          // Losing counts must be visible, but must not fail the checks that made them.
          process.emitWarning(`could not record ${batch.length} validation counters: ${error}`);
        });
    }
    return writing;
  }

  return {
    /** Counts a validation and moves its subject's last validation time on. */
    count(outcome: ValidationOutcome): void {
      const at = outcome.at.toISOString();
      const day = at.slice(0, 10);
      const key = `${outcome.licenseId}\u0000${outcome.code}\u0000${day}`;
      const counter = counts.get(key);
      if (counter) counter.count += 1;
      else {
        counts.set(key, {
          organizationId: outcome.organizationId,
          productId: outcome.productId,
          licenseId: outcome.licenseId,
          code: outcome.code,
          day,
          count: 1,
        });
      }
      const subject = outcome.machineId === null ? "license" : "machine";
      const id = outcome.machineId ?? outcome.licenseId;
      const last = lastValidations.get(id);
      if (!last) {
        lastValidations.set(id, { subject, organizationId: outcome.organizationId, id, at });
      } else if (last.at < at) last.at = at;
      if (counts.size + lastValidations.size >= FLUSH_SIZE) void flush();
      else if (!timer) timer = setTimeout(flush, FLUSH_INTERVAL_MS).unref();
    },
    /** Writes what is pending; the server calls it before closing the database. */
    flush,
  };
}

export type ValidationLog = ReturnType<typeof validationLog>;
