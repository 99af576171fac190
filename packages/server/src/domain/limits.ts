import type { OverageRules } from "./policy.js";

// Limit arithmetic with the grace stage (SPEC T8): how far above a limit a license may go.

/** The most units allowed: the limit plus the overage allowance; null for no limit. */
export function limitWithOverage(limit: number | null, overage: OverageRules): number | null {
  if (limit === null) return null;
  switch (overage.strategy) {
    case "none":
      return limit;
    case "count":
      return limit + overage.allowance;
    case "percent":
      // Whole units only: 10% over 5 machines allows 0 more, over 10 allows 1.
      return limit + Math.floor((limit * overage.allowance) / 100);
  }
}

/** Whether `used` units are within the limit with its overage. */
export function withinLimit(used: number, limit: number | null, overage: OverageRules): boolean {
  const most = limitWithOverage(limit, overage);
  return most === null || used <= most;
}

/** Whether `used` is above the limit itself (in the grace stage, or beyond it). */
export function overLimit(used: number, limit: number | null): boolean {
  return limit !== null && used > limit;
}

/** "1 machine", "2 machines": counts in messages people read. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
