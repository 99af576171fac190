import { DAY_SECONDS, MAX_OFFLINE_GRACE_SECONDS } from "../domain/policy.js";
import { idFloor } from "../ids.js";
import type { Store } from "../store/database.js";
import { usageRepository } from "../store/usage.js";
import { webhooksRepository } from "../store/webhooks.js";
import type { Clock } from "./clock.js";

// Retention (issue 17.10, SPEC X12): events and finished webhook deliveries older than their
// retention are deleted by a job, in batches on the primary key (ids sort by creation time,
// ids.ts), so storage stays bounded without an index on a timestamp. A pending delivery is
// never deleted. Usage reports' rows go USAGE_REPORT_DAYS after they arrived, oldest first by
// their received_at index (migration 0022). Cost: at most BATCHES × BATCH_SIZE rows per table
// per run, so a backlog (a lowered setting, a first run) drains over several runs instead of
// one long lock.

export interface RetentionSettings {
  /** Days events are kept; 0: forever. */
  eventDays: number;
  /** Days finished deliveries are kept; 0: forever. */
  deliveryDays: number;
}

export const RETENTION_DEFAULTS: RetentionSettings = { eventDays: 90, deliveryDays: 30 };

const BATCH_SIZE = 1000;
const BATCHES = 10;
const DAY_MS = 86_400_000;

/**
 * How long a usage report's row is kept after it arrived (SPEC T6, X12). The row only makes a
 * retry of the report count once; its counts are in the counters, which stay. A device retries
 * an unanswered report at its next flush, or once back online: a device may work offline for
 * at most 365 days after it was authorized (T9, domain/policy.ts), so any retry of a device that
 * came back within its offline period arrives within that; 35 days more cover clock skew and
 * a device back soon after its offline period ended. A retry later than this counts again.
 * Storage: at most the reports of this many days, about 192,000 rows for a device reporting
 * every 3 minutes all day (480 a day), instead of growing for ever.
 */
export const USAGE_REPORT_DAYS = MAX_OFFLINE_GRACE_SECONDS / DAY_SECONDS + 35;

export function retentionService(deps: {
  store: Store;
  clock: Clock;
  settings?: Partial<RetentionSettings>;
}) {
  const settings = { ...RETENTION_DEFAULTS, ...deps.settings };
  return {
    settings,
    /** Deletes what is past retention, up to the run's bound; answers how many rows per table. */
    async deleteExpired(): Promise<{ events: number; deliveries: number; usageReports: number }> {
      const now = deps.clock().getTime();
      const webhooks = webhooksRepository(deps.store.db);
      const before = (days: number) => new Date(now - days * DAY_MS);
      const events = async (table: "events" | "webhook_deliveries", days: number) => {
        if (days === 0) return 0;
        const floor = idFloor(table === "events" ? "evt" : "msg", before(days));
        return inBatches(() => webhooks.deleteOlder(table, floor, BATCH_SIZE));
      };
      const cutoff = before(USAGE_REPORT_DAYS).toISOString();
      return {
        events: await events("events", settings.eventDays),
        deliveries: await events("webhook_deliveries", settings.deliveryDays),
        usageReports: await inBatches(() =>
          usageRepository(deps.store.db).deleteReceivedBefore(cutoff, BATCH_SIZE),
        ),
      };
    },
  };
}

/** Runs `batch` (deleting up to BATCH_SIZE rows) until it deletes fewer, BATCHES times at most. */
async function inBatches(batch: () => Promise<number>): Promise<number> {
  let deleted = 0;
  for (let run = 0; run < BATCHES; run++) {
    const count = await batch();
    deleted += count;
    if (count < BATCH_SIZE) break;
  }
  return deleted;
}
