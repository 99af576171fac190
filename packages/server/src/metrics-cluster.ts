import type { Cluster, Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import { ServiceError } from "./services/errors.js";

// Metrics under `keyward serve --workers N` (docs/server.md, Metrics). Each worker counts what it
// serves, and a scrape reaches one of them (the workers share the port). That worker asks the
// primary, which collects every listening worker's metrics over IPC and sums them with
// prom-client's aggregation (counters and histograms summed, gauges by their own aggregator),
// so a scrape shows the whole server's totals whichever worker answers it. The cost, per scrape:
// one IPC round trip per worker, carrying each worker's metrics as JSON (tens of KB). A worker
// that does not answer within COLLECT_TIMEOUT_MS fails the scrape (503 METRICS_UNAVAILABLE):
// Prometheus records a missed scrape, where totals without that worker would read as a reset.

/** One worker's metrics as `Registry.getMetricsAsJSON` gives them (what `aggregate` takes). */
type Metrics = object[];

const COLLECT_TIMEOUT_MS = 3000;
/** The worker's own wait: the primary's collection plus its aggregation. */
const RENDER_TIMEOUT_MS = COLLECT_TIMEOUT_MS + 2000;

type Message =
  | { type: "keyward:metrics:render"; id: number } // worker → primary: a scrape arrived
  | { type: "keyward:metrics:collect"; id: number } // primary → each worker
  | { type: "keyward:metrics:collected"; id: number; metrics?: Metrics; error?: string }
  | { type: "keyward:metrics:rendered"; id: number; text?: string; error?: string };

type Rendered = Extract<Message, { type: "keyward:metrics:rendered" }>;

const isMessage = (value: unknown): value is Message =>
  typeof (value as { type?: unknown } | null)?.type === "string" &&
  (value as { type: string }).type.startsWith("keyward:metrics:");

const unavailable = (reason: string) =>
  new ServiceError("METRICS_UNAVAILABLE", `the workers' metrics could not be summed: ${reason}`);

/**
 * In a worker: hands `registry`'s metrics to the primary when it collects them, and returns the
 * worker's render, which asks the primary for every worker's sum.
 */
export function workerMetrics(registry: Registry): () => Promise<string> {
  const send = (message: Message) => process.send?.(message);
  const waiting = new Map<number, (answer: Rendered) => void>();
  let nextId = 0;
  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === "keyward:metrics:collect") {
      const { id } = message;
      registry.getMetricsAsJSON().then(
        (metrics) => send({ type: "keyward:metrics:collected", id, metrics }),
        (error: unknown) => send({ type: "keyward:metrics:collected", id, error: String(error) }),
      );
    } else if (message.type === "keyward:metrics:rendered") {
      waiting.get(message.id)?.(message);
    }
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(unavailable(`the primary did not answer within ${RENDER_TIMEOUT_MS} ms`));
      }, RENDER_TIMEOUT_MS);
      waiting.set(id, (message) => {
        waiting.delete(id);
        clearTimeout(timer);
        if (message.text === undefined) reject(unavailable(message.error ?? "no answer"));
        else resolve(message.text);
      });
      send({ type: "keyward:metrics:render", id });
    });
}

/**
 * In the primary: answers a worker's render by collecting from `workers()` (the listening ones)
 * and summing. Call once, before the workers are forked.
 */
export function sumWorkerMetrics(cluster: Cluster, workers: () => Worker[]): void {
  const collections = new Map<number, (worker: Worker, message: Message) => void>();
  let nextId = 0;

  const collect = (): Promise<Metrics[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const asked = workers().filter((worker) => worker.isConnected());
      const answers = new Map<Worker, Metrics>();
      const finish = (error?: Error) => {
        collections.delete(id);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve([...answers.values()]);
      };
      const timer = setTimeout(() => {
        const silent = asked.filter((worker) => !answers.has(worker)).length;
        finish(new Error(`${silent} of ${asked.length} workers did not answer in time`));
      }, COLLECT_TIMEOUT_MS);
      collections.set(id, (worker, message) => {
        if (message.type !== "keyward:metrics:collected" || !asked.includes(worker)) return;
        if (message.metrics === undefined) {
          finish(new Error(message.error ?? "a worker sent no metrics"));
          return;
        }
        answers.set(worker, message.metrics);
        if (answers.size === asked.length) finish();
      });
      for (const worker of asked) worker.send({ type: "keyward:metrics:collect", id });
    });

  cluster.on("message", (worker, message) => {
    if (!isMessage(message)) return;
    if (message.type === "keyward:metrics:collected") {
      collections.get(message.id)?.(worker, message);
      return;
    }
    if (message.type !== "keyward:metrics:render") return;
    const reply = (answer: { text?: string; error?: string }) => {
      if (worker.isConnected()) {
        worker.send({ type: "keyward:metrics:rendered", id: message.id, ...answer });
      }
    };
    collect()
      .then((all) => AggregatorRegistry.aggregate(all).metrics())
      .then(
        (text) => reply({ text }),
        (error: unknown) => reply({ error: (error as Error).message }),
      );
  });
}
