import { idFloor } from "../ids.js";
import type { Store } from "../store/database.js";
import { webhooksRepository } from "../store/webhooks.js";
import type { Clock } from "./clock.js";

// Event retention (issue 17.10): events and finished webhook deliveries older than their
// retention are deleted by a job, in batches on the primary key (ids sort by creation time,
// ids.ts), so storage stays bounded without an index on a timestamp. A pending delivery is
// never deleted. Cost: at most BATCHES × BATCH_SIZE rows per table per run, so a backlog
// (a lowered setting, a first run) drains over several runs instead of one long lock.

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

export function retentionService(deps: {
  store: Store;
  clock: Clock;
  settings?: Partial<RetentionSettings>;
}) {
  const settings = { ...RETENTION_DEFAULTS, ...deps.settings };
  return {
    settings,
    /** Deletes what is past retention, up to the run's bound; answers how many rows per table. */
    async deleteExpired(): Promise<{ events: number; deliveries: number }> {
      const now = deps.clock().getTime();
      const repository = webhooksRepository(deps.store.db);
      const run = async (table: "events" | "webhook_deliveries", days: number) => {
        if (days === 0) return 0;
        const floor = idFloor(table === "events" ? "evt" : "msg", new Date(now - days * DAY_MS));
        let deleted = 0;
        for (let batch = 0; batch < BATCHES; batch++) {
          const count = await repository.deleteOlder(table, floor, BATCH_SIZE);
          deleted += count;
          if (count < BATCH_SIZE) break;
        }
        return deleted;
      };
      return {
        events: await run("events", settings.eventDays),
        deliveries: await run("webhook_deliveries", settings.deliveryDays),
      };
    },
  };
}
