import type { Services } from "../services/index.js";
import { releaseInactiveDevices } from "./release-inactive-devices.js";

// Background work: culling dead machines (SPEC X4), recording expiries, releasing idle devices,
// deleting Idempotency-Key records past their 24 hours and license-user login counts that no
// longer count, events and webhook deliveries past their retention (services/retention.ts) and
// audit entries past theirs (services/audit.ts). Every run claims its rows with conditional
// writes, so any number of server processes may run the jobs at once.

export interface JobsOptions {
  intervalMs: number;
  /** Where failures go (the server's logger). */
  onError: (job: string, error: unknown) => void;
}

export interface RunningJobs {
  /** Runs every job once now (tests, and the first run at start). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

const JOBS: Record<string, (services: Services) => Promise<unknown>> = {
  "cull-dead-machines": (services) => services.activation.cullDeadMachines(),
  "record-expired-licenses": (services) => services.expirations.recordExpired(),
  "release-inactive-devices": releaseInactiveDevices,
  "delete-expired-idempotency-keys": (services) => services.idempotency.deleteExpired(),
  "delete-stale-login-attempts": (services) => services.licenseUsers.deleteStaleAttempts(),
  // Events, finished webhook deliveries and old usage report rows (services/retention.ts).
  "delete-expired-events": (services) => services.retention.deleteExpired(),
  "delete-expired-audit-entries": (services) => services.audit.deleteExpired(),
};

export function startJobs(services: Services, options: JobsOptions): RunningJobs {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  function runOnce(): Promise<void> {
    running = running.then(async () => {
      for (const [name, job] of Object.entries(JOBS)) {
        if (stopped) return;
        const started = performance.now();
        try {
          await job(services);
          services.metrics.jobRun(name, "ok", (performance.now() - started) / 1000);
        } catch (error) {
          services.metrics.jobRun(name, "failed", (performance.now() - started) / 1000);
          options.onError(name, error);
        }
      }
    });
    return running;
  }

  const timer = setInterval(() => void runOnce(), options.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
