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

/** Where the services' warnings go: the server's logger (pino's methods fit). */
export interface ServiceLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

/** Without a logger (the CLI, scripts): warnings as Node's, on stderr. */
export const stderrLog: ServiceLog = {
  warn: (fields, message) =>
    process.emitWarning(
      `${message} (${Object.entries(fields)
        .map(([name, value]) => `${name}: ${String(value)}`)
        .join(", ")})`,
    ),
  info: () => {},
};

/** A fault that keeps recurring is logged again at most this often while it lasts. */
const REPEAT_WARNING_MS = 60_000;

/**
 * The warning of a fault that recurs while it lasts (the database away: a failed write every
 * 200 ms in each process): logged when it starts, then at most once a minute with how often it
 * recurred meanwhile (`repeated`), and at info once it is over. The trade-off: the reasons in
 * between go unlogged (each logged line has the latest one).
 */
export function repeatingWarning(log: ServiceLog, message: string, over: string) {
  /** When the fault started; null while there is none. */
  let since: number | null = null;
  let loggedAt = 0;
  let repeated = 0;
  return {
    /** The fault happened (again); returns whether this time was logged. */
    failed(fields: Record<string, unknown>): boolean {
      const now = Date.now();
      if (since !== null && now - loggedAt < REPEAT_WARNING_MS) {
        repeated += 1;
        return false;
      }
      since ??= now;
      log.warn(repeated > 0 ? { ...fields, repeated } : fields, message);
      loggedAt = now;
      repeated = 0;
      return true;
    },
    /** It did not happen this time: over, if it was going on. */
    succeeded(): void {
      if (since === null) return;
      log.info({ lastedMs: Date.now() - since, repeated }, over);
      since = null;
      repeated = 0;
    },
  };
}

/** Counts and last validations the database has not taken yet (takeUnwritten). */
export interface UnwrittenValidations {
  counts: ValidationCount[];
  lastValidations: LastValidation[];
}

const FLUSH_INTERVAL_MS = 200;
/** Distinct counters and subjects held before a flush is due regardless of the interval. */
const FLUSH_SIZE = 1000;
/**
 * Distinct counters and subjects held at most while writes fail (the database is away): some
 * 25 MB. Past it, validations of other licenses and machines go uncounted, with a warning.
 */
const MAX_PENDING = 100 * FLUSH_SIZE;

/**
 * Counters and last validation times in batches: one transaction per 200 ms (or per 1000
 * distinct licenses, machines and codes) instead of a write per check. One write at a time:
 * what comes in meanwhile waits in the maps, so memory is bounded by the distinct keys, not by
 * the checks, even while the database is slow. A batch that cannot be written (one transaction:
 * none of it was) goes back to wait for the next flush, so an outage of the database loses no
 * counts; a crash loses at most the last 200 ms. Changes of code are never buffered
 * (recordValidationChange).
 */
export function validationLog(deps: { store: Store; log?: ServiceLog }) {
  const log = deps.log ?? stderrLog;
  const notWritten = repeatingWarning(
    log,
    "validation counts not written; retried every 200 ms while the server runs",
    "validation counts written again",
  );
  const notCounted = repeatingWarning(
    log,
    "validations not counted: too many kept unwritten while the database does not take them",
    "validations counted again",
  );
  let counts = new Map<string, ValidationCount>();
  let lastValidations = new Map<string, LastValidation>();
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  /** Since a write failed and until one succeeds, writes wait for the interval. */
  let failing = false;
  let uncounted = 0;

  function schedule(): void {
    timer ??= setTimeout(write, FLUSH_INTERVAL_MS).unref();
  }

  function add(counter: ValidationCount): void {
    const key = counterKey(counter.licenseId, counter.code, counter.day);
    const held = counts.get(key);
    if (held) held.count += counter.count;
    else counts.set(key, counter);
  }

  function moveOn(
    subject: LastValidation["subject"],
    organizationId: string,
    id: string,
    at: string,
  ) {
    const held = lastValidations.get(id);
    if (!held) lastValidations.set(id, { subject, organizationId, id, at });
    else if (held.at < at) held.at = at;
  }

  /** Starts writing what is pending, unless a write is under way (then after it). */
  function write(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    // Summed until logged: each line says how many went uncounted since the one before.
    if (uncounted > 0 && notCounted.failed({ uncounted })) uncounted = 0;
    if (writing) {
      schedule();
      return writing;
    }
    if (counts.size === 0 && lastValidations.size === 0) return Promise.resolve();
    const batch = counts;
    const last = lastValidations;
    counts = new Map();
    lastValidations = new Map();
    writing = validationsRepository(deps.store.db)
      .record([...batch.values()], [...last.values()])
      .then(
        () => {
          failing = false;
          notWritten.succeeded();
          if (uncounted === 0) notCounted.succeeded();
        },
        (error: unknown) => {
          failing = true;
          for (const counter of batch.values()) add(counter);
          for (const held of last.values())
            moveOn(held.subject, held.organizationId, held.id, held.at);
          // Visible, but it must not fail the checks that made them.
          notWritten.failed({ counters: batch.size, reason: String(error) });
        },
      )
      .finally(() => {
        writing = null;
        if (counts.size > 0 || lastValidations.size > 0) schedule();
      });
    return writing;
  }

  return {
    /** Counts a validation and moves its subject's last validation time on. */
    count(outcome: ValidationOutcome): void {
      const at = outcome.at.toISOString();
      const day = at.slice(0, 10);
      const key = counterKey(outcome.licenseId, outcome.code, day);
      const counter = counts.get(key);
      const id = outcome.machineId ?? outcome.licenseId;
      const pending = counts.size + lastValidations.size;
      if (pending >= MAX_PENDING && !(counter && lastValidations.has(id))) {
        uncounted += 1;
        return;
      }
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
      moveOn(outcome.machineId === null ? "license" : "machine", outcome.organizationId, id, at);
      if (pending >= FLUSH_SIZE && !failing) void write();
      else schedule();
    },
    /** Writes everything pending (after a write under way); the server calls it before closing. */
    async flush(): Promise<void> {
      if (writing) await writing;
      await write();
    },
    /**
     * Takes what a flush could not write (the database is away), to be kept elsewhere
     * (unwritten-validations.ts); the log then holds nothing. Null when it holds nothing.
     */
    takeUnwritten(): UnwrittenValidations | null {
      if (counts.size === 0 && lastValidations.size === 0) return null;
      const taken = {
        counts: [...counts.values()],
        lastValidations: [...lastValidations.values()],
      };
      counts = new Map();
      lastValidations = new Map();
      if (timer) clearTimeout(timer);
      timer = null;
      return taken;
    },
  };
}

function counterKey(licenseId: string, code: string, day: string): string {
  return `${licenseId}\u0000${code}\u0000${day}`;
}

export type ValidationLog = ReturnType<typeof validationLog>;
