import { countOf, limitWithOverage } from "../domain/limits.js";
import { addUses } from "../store/consumption.js";
import type { Store } from "../store/database.js";
import type { LicenseRecord as License } from "../store/records.js";
import type { Clock } from "./clock.js";
import { licenseUnusable, ServiceError } from "./errors.js";
import { recordEvents } from "./events.js";
import { reachableLicense } from "./license-context.js";
import { statusOf } from "./licenses.js";
import type { Principal } from "./principal.js";

export interface Consumption {
  license: License;
  /** The policy's (or override's) maxUses; null: unlimited. */
  maxUses: number | null;
  /** The most uses allowed, overage included (domain/limits.ts). */
  allowedUses: number | null;
  /** The time the uses were counted at: the license's status is presented at it. */
  now: Date;
}

/**
 * Consumption licenses (SPEC L5, T8): a counter of uses against maxUses with the policy's
 * overage. The counter moves only by one conditional UPDATE (store/consumption.ts), so racing
 * consumers on several processes never take it past the limit.
 */
export function consumptionService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  return {
    /** 422 USAGE_LIMIT_EXCEEDED past the limit with overage; 409 for an unusable license. */
    async consume(principal: Principal, id: string, uses: number): Promise<Consumption> {
      const organizationId = principal.organizationId;
      const { license, rules } = await reachableLicense(store.db, principal, id);
      const now = clock();
      const status = statusOf(license, now);
      if (status !== "active" && !(status === "expired" && rules.expirationStrategy === "allow")) {
        throw licenseUnusable(status);
      }
      const allowedUses = limitWithOverage(rules.maxUses, rules.overage);
      const updated = await store.db.transaction().execute(async (trx) => {
        const row = await addUses(trx, organizationId, id, uses, allowedUses, now.toISOString());
        if (row) {
          await recordEvents(trx, now, {
            organizationId,
            type: "license.consumed",
            licenseId: id,
            data: { uses, total: row.uses, by: principal.kind },
          });
        }
        return row;
      });
      if (!updated) {
        throw new ServiceError(
          "USAGE_LIMIT_EXCEEDED",
          `${countOf(uses, "more use")} would pass the license's limit of ${countOf(allowedUses ?? 0, "use")}` +
            ` (${rules.maxUses} plus overage)`,
        );
      }
      return { license: updated, maxUses: rules.maxUses, allowedUses, now };
    },
  };
}

export type ConsumptionService = ReturnType<typeof consumptionService>;
