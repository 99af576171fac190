import type { Services } from "../services/index.js";

// The webhook worker (issue 17.2): every pollMs, passes over due deliveries until a pass finds
// none. Claims are atomic (store/webhooks.ts claimDue), so every server process runs one and
// they share the work without sending a delivery twice. Cost of idling: one indexed query per
// pollMs per process.

export interface WebhookWorker {
  /** Passes until nothing is due now (tests, and the first run). Answers attempts made. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function startWebhookWorker(
  services: Services,
  options: {
    pollMs: number;
    onError: (error: unknown) => void;
    /** A pass ended without an error. */
    onPass?: () => void;
  },
): WebhookWorker {
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;

  function drain(): Promise<number> {
    running = running.then(async () => {
      let attempts = 0;
      while (!stopped) {
        try {
          const results = await services.webhooks.deliverDue();
          attempts += results.length;
          options.onPass?.();
          if (results.length === 0) break;
        } catch (error) {
          options.onError(error);
          break;
        }
      }
      return attempts;
    });
    return running;
  }

  const timer = setInterval(() => void drain(), options.pollMs);
  timer.unref();
  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      services.webhooks.closeConnections();
    },
  };
}
