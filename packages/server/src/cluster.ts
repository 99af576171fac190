import cluster, { type Worker } from "node:cluster";
import { type DestinationStream, type LoggerOptions, pino } from "pino";
import { metricsExposed, type ServerConfig } from "./config.js";
import { loggerOptions } from "./http/logging.js";
import { shareRateLimits } from "./rate-limits-cluster.js";
import { closeOnSignals, startServer } from "./server.js";

// `keyward serve --workers N`: N server processes on one port (node:cluster: the primary
// accepts connections and hands them to the workers in turn) over one database. The primary
// serves nothing itself; it starts worker 1, which migrates and creates the first organization
// and alone runs the background jobs and backups, then, once worker 1 listens, the others
// (which skip the first start). Webhook delivery runs in every worker (atomic claims). Limits
// hold across workers because they are enforced in the database (ARCHITECTURE.md, Invariants);
// metrics are counted per worker and summed by the primary on each scrape; rate limits are
// added up by the primary as they are counted; what stays per process: caches (each worker
// warms its own). A worker that dies is
// replaced in its slot (worker 1's replacement takes the jobs over); SIGTERM/SIGINT drain every
// worker, then the primary exits; SIGHUP is forwarded (each worker rereads the TLS files).

/** The environment variable that tells a forked process which worker slot it fills. */
const SLOT = "KEYWARD_WORKER_SLOT";

/**
 * Runs the server as the config says: one process, or the primary of `config.workers` workers,
 * or (in a process the primary forked) one of those workers.
 */
export async function serve(config: ServerConfig): Promise<void> {
  if (cluster.isWorker) {
    const worker = Number(process.env[SLOT]);
    const role = { firstStart: worker === 1, background: worker === 1, worker };
    closeOnSignals(await startServer(config, role));
    return;
  }
  if (config.workers <= 1) {
    closeOnSignals(await startServer(config));
    return;
  }
  await runPrimary(config);
}

async function runPrimary(config: ServerConfig): Promise<void> {
  // The workers' logger options (Fastify's form: pino's, with the pretty stream in `stream`).
  const { stream, ...options } = (await loggerOptions({
    level: config.logLevel,
    pretty: process.stdout.isTTY === true,
  })) as LoggerOptions & { stream?: DestinationStream };
  const log = (stream ? pino(options, stream) : pino(options)).child({ primary: true });
  const slots = new Map<number, Worker>();
  const listening = new WeakSet<Worker>();
  let stopping = false;

  const fork = (slot: number): Promise<void> => {
    const worker = cluster.fork({ [SLOT]: String(slot) });
    slots.set(slot, worker);
    return new Promise((resolve, reject) => {
      worker.once("listening", () => {
        listening.add(worker);
        log.info({ worker: slot, workerPid: worker.process.pid }, `worker ${slot} listening`);
        resolve();
      });
      worker.once("exit", (code, signal) => {
        if (listening.has(worker)) return;
        reject(
          new Error(`worker ${slot} exited before listening (code ${code}, signal ${signal})`),
        );
      });
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
    log.info(`${signal} received, draining ${slots.size} workers`);
    const workers = [...slots.values()];
    for (const worker of workers) if (!worker.isDead()) worker.process.kill("SIGTERM");
    await Promise.all(workers.map(exited));
    process.exit(code);
  };

  cluster.on("exit", (worker, code, signal) => {
    const slot = [...slots].find(([, held]) => held === worker)?.[0];
    if (stopping || slot === undefined || !listening.has(worker)) return;
    log.error(
      { worker: slot, workerPid: worker.process.pid, code, signal },
      `worker ${slot} died; starting a new one in its place`,
    );
    // A replacement that cannot start (the database is gone, …) stops the whole server: a
    // crash loop would only hide the cause.
    fork(slot).catch((error: Error) => {
      log.fatal({ reason: error.message }, "a replacement worker did not start; stopping");
      void stopAll("SIGTERM", 1);
    });
  });
  const serving = () => [...slots.values()].filter((worker) => listening.has(worker));
  // Each worker's rate-limit hits are added up here for all of them (rate-limits-cluster.ts).
  if (config.rateLimits) shareRateLimits(cluster, serving);
  // A scrape reaches one worker, which asks here for every worker's sum (metrics-cluster.ts).
  if (metricsExposed(config)) {
    const { sumWorkerMetrics } = await import("./metrics-cluster.js");
    sumWorkerMetrics(cluster, serving);
  }
  process.once("SIGTERM", () => void stopAll("SIGTERM", 0));
  process.once("SIGINT", () => void stopAll("SIGINT", 0));
  // Workers reread their TLS files on SIGHUP; without TLS they, like the primary, ignore it
  // (a lone server without TLS keeps SIGHUP's default: it ends).
  process.on("SIGHUP", () => {
    if (config.tlsCert === null) return;
    for (const worker of slots.values()) if (!worker.isDead()) worker.process.kill("SIGHUP");
  });

  try {
    // Worker 1 first: it migrates and creates the first organization; the others then find
    // the database ready and start without either.
    await fork(1);
    const others = Array.from({ length: config.workers - 1 }, (_, index) => fork(index + 2));
    await Promise.all(others);
    log.info(`${config.workers} workers serving`);
  } catch (error) {
    log.fatal({ reason: (error as Error).message }, "the workers did not start; stopping");
    await stopAll("SIGTERM", 1);
  }
}
