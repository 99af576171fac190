import cluster, { type Worker } from "node:cluster";
import { metricsExposed, type ServerConfig } from "./config.js";
import { shareRateLimits } from "./rate-limits-cluster.js";
import { closeOnSignals, processLogger, type RunningServer, startServer } from "./server.js";

// `keyward serve --workers N`: N server processes on one port (node:cluster: the primary
// accepts connections and hands them to the workers in turn) over one database. The primary
// serves nothing itself; it starts worker 1, which migrates and creates the first organization
// and alone runs the background jobs and backups, then, once worker 1 serves, the others
// (which skip the first start). A worker serves once its main port listens: it says so to the
// primary (a "listening" event of the cluster may be the metrics port's). Webhook delivery runs
// in every worker (atomic claims). Limits hold across workers because they are enforced in the
// database (ARCHITECTURE.md, Invariants); metrics are counted per worker and summed by the
// primary on each scrape; rate limits are added up by the primary as they are counted; what
// stays per process: caches (each worker warms its own). A worker that dies is replaced in its
// slot (worker 1's replacement takes the jobs over); SIGTERM/SIGINT drain every worker, then
// the primary exits; SIGHUP is forwarded (each worker rereads the TLS files).

/** The environment variable that tells a forked process which worker slot it fills. */
const SLOT = "KEYWARD_WORKER_SLOT";
/** Set to "1" for the worker that does the first start (worker 1, when the server starts). */
const FIRST_START = "KEYWARD_WORKER_FIRST_START";
/** What a worker sends the primary once its main port listens. */
const SERVING = { type: "keyward:worker:serving" } as const;

/** A replacement that did not start is tried again after 1 s, then 2, 4, … up to 30 s. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Runs the server as the config says: one process, or the primary of `config.workers` workers,
 * or (in a process the primary forked) one of those workers.
 */
export async function serve(config: ServerConfig): Promise<void> {
  if (cluster.isWorker) {
    await runWorker(config);
    return;
  }
  if (config.workers <= 1) {
    closeOnSignals(await startServer(config));
    return;
  }
  await runPrimary(config);
}

async function runWorker(config: ServerConfig): Promise<void> {
  const worker = Number(process.env[SLOT]);
  const role = { firstStart: process.env[FIRST_START] === "1", background: worker === 1, worker };
  let server: RunningServer;
  try {
    server = await startServer(config, role);
  } catch (error) {
    // The channel to the primary would keep this process running once the caller has said
    // why: unreferenced, the process ends with the caller's exit code (2 for a busy port),
    // and the primary sees it exit before serving.
    process.channel?.unref();
    throw error;
  }
  closeOnSignals(server);
  process.send?.(SERVING);
}

async function runPrimary(config: ServerConfig): Promise<void> {
  const log = (await processLogger(config)).child({ primary: true });
  const slots = new Map<number, Worker>();
  const serving = new WeakSet<Worker>();
  /** The slots whose replacement waits to be tried again. */
  const retries = new Map<number, NodeJS.Timeout>();
  let stopping = false;

  const fork = (slot: number, firstStart: boolean): Promise<void> => {
    const worker = cluster.fork({ [SLOT]: String(slot), [FIRST_START]: firstStart ? "1" : "0" });
    slots.set(slot, worker);
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if ((message as { type?: unknown } | null)?.type !== SERVING.type) return;
        worker.off("message", onMessage);
        serving.add(worker);
        log.info({ worker: slot, workerPid: worker.process.pid }, `worker ${slot} listening`);
        resolve();
      };
      worker.on("message", onMessage);
      worker.once("exit", (code, signal) => {
        if (serving.has(worker)) return;
        reject(
          new Error(`worker ${slot} exited before listening (code ${code}, signal ${signal})`),
        );
      });
    });
  };

  /**
   * Starts a worker in the slot of one that died, again and again (1 s, doubling up to 30 s)
   * while it does not start: the cause (the database away, a TLS file being replaced) may pass,
   * and the other workers serve meanwhile. The trade-off: a cause that does not pass is an
   * error line every 30 s rather than a stop. It skips the first start: the server migrated,
   * checked its secret and created the first organization when it started.
   */
  const replace = (slot: number, delayMs = RETRY_FIRST_MS) => {
    fork(slot, false).catch((error: Error) => {
      if (stopping) return;
      log.error(
        { worker: slot, reason: error.message, retryInMs: delayMs },
        `a replacement for worker ${slot} did not start; trying again in ${delayMs / 1000} s`,
      );
      const retry = () => {
        retries.delete(slot);
        replace(slot, Math.min(delayMs * 2, RETRY_MAX_MS));
      };
      retries.set(slot, setTimeout(retry, delayMs));
    });
  };

  const exited = (worker: Worker) =>
    new Promise<void>((resolve) => {
      if (worker.isDead()) resolve();
      else worker.once("exit", () => resolve());
    });

  const stopAll = async (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    for (const timer of retries.values()) clearTimeout(timer);
    log.info(`${signal} received, draining ${slots.size} workers`);
    const workers = [...slots.values()];
    for (const worker of workers) if (!worker.isDead()) worker.process.kill("SIGTERM");
    await Promise.all(workers.map(exited));
    log.info("stopped");
    process.exit(code);
  };

  cluster.on("exit", (worker, code, signal) => {
    const slot = [...slots].find(([, held]) => held === worker)?.[0];
    if (stopping || slot === undefined || !serving.has(worker)) return;
    log.error(
      { worker: slot, workerPid: worker.process.pid, code, signal },
      `worker ${slot} died; starting a new one in its place`,
    );
    replace(slot);
  });
  const servingWorkers = () => [...slots.values()].filter((worker) => serving.has(worker));
  // Each worker's rate-limit hits are added up here for all of them (rate-limits-cluster.ts).
  if (config.rateLimits) shareRateLimits(cluster, servingWorkers);
  // A scrape reaches one worker, which asks here for every worker's sum (metrics-cluster.ts).
  if (metricsExposed(config)) {
    const { sumWorkerMetrics } = await import("./metrics-cluster.js");
    sumWorkerMetrics(cluster, servingWorkers);
  }
  process.once("SIGTERM", () => void stopAll("SIGTERM", 0));
  process.once("SIGINT", () => void stopAll("SIGINT", 0));
  // Workers reread their TLS files on SIGHUP; without TLS they, like the primary and a lone
  // server, ignore it (closeOnSignals).
  process.on("SIGHUP", () => {
    if (config.tlsCert === null) return;
    for (const worker of slots.values()) if (!worker.isDead()) worker.process.kill("SIGHUP");
  });

  try {
    // Worker 1 first: it migrates and creates the first organization; the others then find
    // the database ready and start without either. A worker that does not start now stops the
    // server: a set-up error (a busy port, a bad secret) that a retry would only repeat.
    await fork(1, true);
    const others = Array.from({ length: config.workers - 1 }, (_, index) => fork(index + 2, false));
    await Promise.all(others);
    log.info(`${config.workers} workers serving`);
  } catch (error) {
    log.fatal({ reason: (error as Error).message }, "the workers did not start; stopping");
    await stopAll("SIGTERM", 1);
  }
}
