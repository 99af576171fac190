// Usage reports and their reads (SPEC T6, T8). The operations live in usage/ (ingest: the
// report batch and which license each device reports on; batch: one license's counting, alerts
// and seat keeping in its transaction; reads: usage and quota), each a named function of its
// deps; this factory binds them for trackable/index.ts.
import type { UsageQuery } from "../../store/usage.js";
import type { Principal } from "../principal.js";
import { ingestUsage } from "./usage/ingest.js";
import { licenseQuota, licenseUsage } from "./usage/reads.js";
import type { UsageDeps, UsageInput } from "./usage/types.js";

export type {
  UsageInput,
  UsageReportInput,
  UsageResult,
} from "./usage/types.js";

export function usageService(deps: UsageDeps) {
  return {
    ingest: (input: UsageInput) => ingestUsage(deps, input),
    /** Admin: a license's usage summed by day, device or feature. */
    usage: (principal: Principal, licenseId: string, query: UsageQuery) =>
      licenseUsage(deps, principal, licenseId, query),
    /** Admin: the license's quotas in the current period and its devices in use. */
    quota: (principal: Principal, licenseId: string) => licenseQuota(deps, principal, licenseId),
  };
}

export type UsageService = ReturnType<typeof usageService>;
