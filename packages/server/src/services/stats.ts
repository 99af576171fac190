import { idFloor } from "../ids.js";
import type { Store } from "../store/database.js";
import { type DailyEventCount, eventsRepository } from "../store/events.js";
import { type DailyUsage, usageRepository } from "../store/usage.js";
import { type DailyCount, validationsRepository } from "../store/validations.js";
import type { Clock } from "./clock.js";
import { forbidden, ServiceError } from "./errors.js";
import type { EventType } from "./events.js";
import { type Principal, requireOrganizationReader } from "./principal.js";

/** What every stats query has: days inclusive, YYYY-MM-DD in UTC, and a product. */
export interface StatsRangeQuery {
  from?: string | undefined;
  to?: string | undefined;
  productId?: string | undefined;
}

/** GET /v1/stats/validations. */
export interface ValidationStatsQuery extends StatsRangeQuery {
  licenseId?: string | undefined;
}

/** GET /v1/stats/usage. */
export interface UsageStatsQuery extends StatsRangeQuery {
  licenseId?: string | undefined;
  feature?: string | undefined;
}

/**
 * The events GET /v1/stats/activations counts: machines activated (online, offline, trackable
 * devices) and machines gone (deactivated, culled dead, released inactive).
 */
export const ACTIVATION_EVENT_TYPES = [
  "machine.activated",
  "machine.deactivated",
  "machine.culled",
  "machine.released",
] as const satisfies readonly EventType[];

/** The longest span one request may ask for, and the span asked when `from` is absent. */
export const MAX_STATS_DAYS = 366;
const DEFAULT_STATS_DAYS = 30;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of the years 0001 to 9999: the days the answer can name as it names them. */
const DAY = /^(?!0000)\d{4}-\d{2}-\d{2}$/;
/** 0001-01-01, the first day a range may start on: a default `from` stops there. */
const FIRST_DAY_MS = Date.parse("0001-01-01T00:00:00Z");

/**
 * A real calendar day (2026-02-30 is not) of the years 0001–9999, as its UTC midnight; null
 * otherwise. Year 0 and earlier read as days too (Date.parse takes `0000-01-05`), and a range
 * ending there answered a `from` of `-000001-12`: not a day of the API's form.
 */
function parseDay(day: string): number | null {
  if (!DAY.test(day)) return null;
  const time = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) return null;
  return time;
}

function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * The days and product a stats query reads, for every stats endpoint: admin tokens any
 * product (or none: the organization), product tokens their own (another is FORBIDDEN),
 * license tokens none; 30 days up to today by default, at most 366 (INVALID_DATE_RANGE).
 */
function statsScope(
  principal: Principal,
  query: StatsRangeQuery,
  now: Date,
): { from: string; to: string; productId: string | undefined } {
  requireOrganizationReader(principal);
  let productId = query.productId;
  if (principal.kind === "product") {
    if (productId !== undefined && productId !== principal.productId) {
      throw forbidden("this token cannot access that product");
    }
    productId = principal.productId ?? undefined;
  }
  const to = query.to ?? dayOf(now.getTime());
  const toTime = parseDay(to);
  if (toTime === null) throw new ServiceError("INVALID_DATE_RANGE", `to ${to} is no day`);
  const from =
    query.from ?? dayOf(Math.max(FIRST_DAY_MS, toTime - (DEFAULT_STATS_DAYS - 1) * DAY_MS));
  const fromTime = parseDay(from);
  if (fromTime === null) throw new ServiceError("INVALID_DATE_RANGE", `from ${from} is no day`);
  if (fromTime > toTime) throw new ServiceError("INVALID_DATE_RANGE", "from is after to");
  if ((toTime - fromTime) / DAY_MS + 1 > MAX_STATS_DAYS) {
    throw new ServiceError("INVALID_DATE_RANGE", `at most ${MAX_STATS_DAYS} days at a time`);
  }
  return { from, to, productId };
}

/**
 * Counts per day for the dashboard's charts:
 * - validations: per day and code (docs/server.md "Validation counters"), from counters: a
 *   chart of a year reads at most 366 × codes rows per license;
 * - usage: uses per day and feature of trackable licenses (docs/server.md "Usage per day"),
 *   from the daily counters usage reports add to (usage_daily), summed over licenses and
 *   devices;
 * - activations: machine events per day and type, counted from the events themselves (one
 *   row per activation, read through the index on type and id). Events are kept for the
 *   retention window only (services/retention.ts): older days answer nothing. Counters would
 *   outlive it, at a write per activation; activations are rare next to validations.
 */
export function statsService(deps: { store: Store; clock: Clock }) {
  return {
    async validations(
      principal: Principal,
      query: ValidationStatsQuery,
    ): Promise<{ from: string; to: string; days: DailyCount[] }> {
      const { from, to, productId } = statsScope(principal, query, deps.clock());
      const days = await validationsRepository(deps.store.db).daily(principal.organizationId, {
        from,
        to,
        productId,
        licenseId: query.licenseId,
      });
      return { from, to, days };
    },

    async usage(
      principal: Principal,
      query: UsageStatsQuery,
    ): Promise<{ from: string; to: string; days: DailyUsage[] }> {
      const { from, to, productId } = statsScope(principal, query, deps.clock());
      const days = await usageRepository(deps.store.db).daily(principal.organizationId, {
        from,
        to,
        productId,
        licenseId: query.licenseId,
        feature: query.feature,
      });
      return { from, to, days };
    },

    async activations(
      principal: Principal,
      query: StatsRangeQuery,
    ): Promise<{ from: string; to: string; days: DailyEventCount[] }> {
      const { from, to, productId } = statsScope(principal, query, deps.clock());
      const days = await eventsRepository(deps.store.db).daily(principal.organizationId, {
        types: ACTIVATION_EVENT_TYPES,
        idFrom: idFloor("evt", new Date(`${from}T00:00:00Z`)),
        idBefore: idFloor("evt", new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS)),
        productId,
      });
      return { from, to, days };
    },
  };
}
