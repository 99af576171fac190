import type { Services } from "../services/index.js";

/**
 * SPEC T10: per-device trackable licenses release devices unseen for their inactivity period
 * (90 days by default), freeing the seat. Each run releases up to 500; the conditional delete
 * makes concurrent runs in several processes release (and report) each device once.
 */
export function releaseInactiveDevices(services: Services) {
  return services.trackable.releaseInactive();
}
