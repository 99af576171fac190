import { periodKey } from "../domain/trackable.js";
import type { Store } from "../store/database.js";
import { mapPage, type Page, type PageRequest } from "../store/pagination.js";
import type { UsageAlertRecord } from "../store/records.js";
import { usageAlertsRepository } from "../store/usage-alerts.js";
import { auditedTransaction } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound } from "./errors.js";
import { recordEvents } from "./events.js";
import { type Principal, requireAdmin } from "./principal.js";

// Usage alerts and their state (issue 16; SPEC T8). An alert is recorded once per license,
// period, metric, threshold and limit when usage reports or a device taking a seat cross the
// threshold (trackable/alerts.ts, with its usage.alert event). Its state is derived at read time:
// - acknowledged: an admin acknowledged it (acknowledgedAt, acknowledgedBy: the token);
// - open: not acknowledged and its period is current: "lifetime", or the month now in UTC.
//   A new month closes the alerts of earlier months implicitly (the quotas they were about
//   start again); nothing is written when it does;
// - closed: not acknowledged, of a period that is over.
// Trade-off: "current" is judged by the period key, not by each license's settings, so the
// open list is one indexed query, not one settings lookup per license. The two agree except
// after a license's period setting switches between lifetime and month: its alerts of the
// other kind stay open until acknowledged.
// Admin tokens only, like a license's usage and quota reads and the events they come from.

export type UsageAlertState = "open" | "acknowledged" | "closed";

export interface UsageAlert extends UsageAlertRecord {
  state: UsageAlertState;
}

export interface UsageAlertListFilter {
  /** open: only open alerts; all (default): every alert. */
  state?: "open" | "all" | undefined;
  licenseId?: string | undefined;
  productId?: string | undefined;
}

/** The period keys that are current at `now`: the alerts of those can be open. */
function currentPeriods(now: Date): string[] {
  return [periodKey("lifetime", now), periodKey("month", now)];
}

function withState(alert: UsageAlertRecord, now: Date): UsageAlert {
  const state: UsageAlertState =
    alert.acknowledgedAt !== null
      ? "acknowledged"
      : currentPeriods(now).includes(alert.period)
        ? "open"
        : "closed";
  return { ...alert, state };
}

export function usageAlertsService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const repository = () => usageAlertsRepository(store.db);

  async function load(principal: Principal, id: string): Promise<UsageAlertRecord> {
    requireAdmin(principal);
    const alert = await repository().find(principal.organizationId, id);
    if (!alert) throw notFound("usage_alert", id);
    return alert;
  }

  return {
    /** Oldest first, a page at a time. */
    async list(
      principal: Principal,
      filter: UsageAlertListFilter,
      page: PageRequest,
    ): Promise<Page<UsageAlert>> {
      requireAdmin(principal);
      const now = clock();
      const alerts = await repository().list(
        principal.organizationId,
        {
          openPeriods: filter.state === "open" ? currentPeriods(now) : undefined,
          licenseId: filter.licenseId,
          productId: filter.productId,
        },
        page,
      );
      return mapPage(alerts, (alert) => withState(alert, now));
    },

    async get(principal: Principal, id: string): Promise<UsageAlert> {
      return withState(await load(principal, id), clock());
    },

    /**
     * Marks the alert acknowledged (an admin has seen it): it leaves the open list. Closed
     * alerts can be acknowledged too. Acknowledging an acknowledged alert changes nothing and
     * records nothing (the first acknowledgement is kept). The change, its audit entry and its
     * usage.alert.acknowledged event commit together.
     */
    async acknowledge(principal: Principal, id: string): Promise<UsageAlert> {
      requireAdmin(principal);
      const now = clock();
      const alert = await auditedTransaction(store.db, principal, now, async (trx) => {
        const alerts = usageAlertsRepository(trx);
        const before = await alerts.find(principal.organizationId, id);
        if (!before) throw notFound("usage_alert", id);
        const at = now.toISOString();
        if (!(await alerts.acknowledge(principal.organizationId, id, at, principal.tokenId))) {
          return { result: before, audit: null };
        }
        const after = { ...before, acknowledgedAt: at, acknowledgedBy: principal.tokenId };
        await recordEvents(trx, now, {
          organizationId: principal.organizationId,
          type: "usage.alert.acknowledged",
          licenseId: before.licenseId,
          data: {
            alertId: id,
            metric: before.metric,
            threshold: before.threshold,
            period: before.period,
          },
        });
        return {
          result: after,
          audit: { action: "usage_alert.acknowledged", id, before, after },
        };
      });
      return withState(alert, now);
    },
  };
}

export type UsageAlertsService = ReturnType<typeof usageAlertsService>;
