import type { Cluster, Worker } from "node:cluster";

// Rate limits under `keyward serve --workers N` (docs/server.md, Rate limits): one count per
// address, key and token for the whole server, not one per worker. The workers share the port,
// so a client's connections land on several of them; each worker counting alone let it through
// N times each limit.
// - A worker decides at once, from the totals the primary last told it plus its own hits not
//   yet acknowledged: no request waits for the primary.
// - Its hits go to the primary once per turn of its event loop (one message for every request
//   of that turn). The primary adds them up, answers the sender with the new totals and tells
//   the other workers, also once per turn.
// - What a worker cannot know is what the others admitted in the last round trip (well under a
//   millisecond unless a process is busy): at most that many requests get past a limit, where
//   before it was (N - 1) × the limit per window. The IPC costs a few messages per event-loop
//   turn, not per request.
// - Windows are fixed and aligned to the clock (Unix time / window), so every process agrees
//   on them without asking; a lone server keeps @fastify/rate-limit's own store.

/** Keys held per process; the least recently counted goes first (only resets its count). */
const TABLE_SIZE = 200_000;

type Hit = [key: string, window: number, count: number];
type Total = [key: string, window: number, total: number];

type Message =
  | { type: "keyward:rate-limits:hits"; id: number; hits: Hit[] } // worker → primary
  | { type: "keyward:rate-limits:counted"; id: number; totals: Total[] } // primary → the sender
  | { type: "keyward:rate-limits:totals"; totals: Total[] }; // primary → the other workers

const isMessage = (value: unknown): value is Message =>
  typeof (value as { type?: unknown } | null)?.type === "string" &&
  (value as { type: string }).type.startsWith("keyward:rate-limits:");

interface Count {
  window: number;
  /** The whole server's count as the primary last told (this worker's acknowledged hits in). */
  known: number;
  /** This worker's hits the primary has not acknowledged yet. */
  local: number;
}

/** A Map used as an LRU table: a key is moved to the end when touched. */
function touch<V>(table: Map<string, V>, key: string, value: V): void {
  table.delete(key);
  table.set(key, value);
  if (table.size > TABLE_SIZE) table.delete(table.keys().next().value as string);
}

/**
 * In a worker: the store for @fastify/rate-limit (its `store` option; it calls `child` per
 * limiter and `incr` per request), for windows of `timeWindow` ms. Keys must name their
 * limiter (rate-limits.ts prefixes them): all limiters share one table here and in the primary.
 */
export function clusterRateLimitStore(timeWindow: number) {
  // Not once the primary is gone (the worker is then on its way out): a send on a closed
  // channel would be an 'error' on the process.
  const send = (message: Message) => {
    if (process.connected) process.send?.(message);
  };
  const counts = new Map<string, Count>();
  /** Hits of this turn, not yet sent. */
  let pending = new Map<string, Hit>();
  /** Sent hits by message id, until the primary acknowledges them. */
  const unacknowledged = new Map<number, Hit[]>();
  let nextId = 0;

  const learn = (totals: Total[]) => {
    for (const [key, window, total] of totals) {
      const count = counts.get(key);
      if (count && count.window === window) count.known = Math.max(count.known, total);
    }
  };

  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === "keyward:rate-limits:counted") {
      for (const [key, window, n] of unacknowledged.get(message.id) ?? []) {
        const count = counts.get(key);
        if (count && count.window === window) count.local -= n;
      }
      unacknowledged.delete(message.id);
      learn(message.totals);
    } else if (message.type === "keyward:rate-limits:totals") {
      learn(message.totals);
    }
  });

  const flush = () => {
    const hits = [...pending.values()];
    pending = new Map();
    const id = nextId++;
    unacknowledged.set(id, hits);
    send({ type: "keyward:rate-limits:hits", id, hits });
  };

  const incr = (
    key: string,
    callback: (error: Error | null, result: { current: number; ttl: number }) => void,
  ) => {
    const now = Date.now();
    const window = Math.floor(now / timeWindow);
    let count = counts.get(key);
    if (!count || count.window !== window) count = { window, known: 0, local: 0 };
    count.local += 1;
    touch(counts, key, count);
    const hit = pending.get(key);
    if (hit && hit[1] === window) hit[2] += 1;
    else {
      if (pending.size === 0) setImmediate(flush);
      pending.set(key, [key, window, 1]);
    }
    callback(null, { current: count.known + count.local, ttl: (window + 1) * timeWindow - now });
  };

  // The class @fastify/rate-limit instantiates: one shared table whatever the limiter.
  return class ClusterStore {
    incr = incr;
    child() {
      return this;
    }
  };
}

/**
 * In the primary: adds up the workers' hits and tells every worker the totals. Call once,
 * before the workers are forked.
 */
export function shareRateLimits(cluster: Cluster, workers: () => Worker[]): void {
  const totals = new Map<string, { window: number; total: number }>();
  /** Totals changed this turn, for the workers that did not send the hits. */
  let changed = new Map<string, { total: Total; from: Set<Worker> }>();

  const tellOthers = () => {
    const news = changed;
    changed = new Map();
    for (const worker of workers()) {
      if (!worker.isConnected()) continue;
      const told = [...news.values()]
        .filter((change) => !change.from.has(worker) || change.from.size > 1)
        .map((change) => change.total);
      if (told.length > 0) worker.send({ type: "keyward:rate-limits:totals", totals: told });
    }
  };

  cluster.on("message", (worker, message: unknown) => {
    if (!isMessage(message) || message.type !== "keyward:rate-limits:hits") return;
    const answer: Total[] = [];
    for (const [key, window, n] of message.hits) {
      const held = totals.get(key);
      // Hits of a window already over for this key count for nothing.
      if (held && held.window > window) continue;
      const count = held && held.window === window ? held : { window, total: 0 };
      count.total += n;
      touch(totals, key, count);
      const total: Total = [key, window, count.total];
      answer.push(total);
      if (changed.size === 0) setImmediate(tellOthers);
      const change = changed.get(key);
      if (change) {
        change.total = total;
        change.from.add(worker);
      } else changed.set(key, { total, from: new Set([worker]) });
    }
    if (worker.isConnected()) {
      worker.send({ type: "keyward:rate-limits:counted", id: message.id, totals: answer });
    }
  });
}
