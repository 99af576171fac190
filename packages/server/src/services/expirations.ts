import type { Store } from "../store/database.js";
import { licensingRepository } from "../store/licensing.js";
import type { LicenseRecord as License } from "../store/records.js";
import type { Clock } from "./clock.js";
import { recordEvents } from "./events.js";

/**
 * A license's status is computed at read time, so expiry needs no write; this records the
 * license.expired event once per expiry (the audit log and webhooks want to hear of it).
 */
export function expirationsService(deps: { store: Store; clock: Clock }) {
  return {
    async recordExpired(limit = 500): Promise<License[]> {
      const now = deps.clock();
      return deps.store.db.transaction().execute(async (trx) => {
        const expired = await licensingRepository(trx).claimExpired(now.toISOString(), limit);
        await recordEvents(
          trx,
          now,
          ...expired.map((license) => ({
            organizationId: license.organizationId,
            type: "license.expired" as const,
            licenseId: license.id,
            data: { expiresAt: license.expiresAt },
          })),
        );
        return expired;
      });
    },
  };
}
