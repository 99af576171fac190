import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { ResolvedTarget } from "./targets.js";
import { pinnedLookup } from "./targets.js";

// Connections are kept alive and reused, per receiver and per checked address: an attempt
// takes a connection only from the pool of the very address it has just resolved and checked
// (targets.ts), so reuse never skips the check, and a name that now resolves elsewhere gets a
// pool of its own. Over HTTPS that saves a TLS handshake per delivery. Bounds: POOLS pools
// (the least recently used closed first), each up to SOCKETS connections (a worker's batch goes
// out at once, and each one is kept for the next batch), so at most 1,000 open connections;
// an idle one closes after IDLE_MS (before most servers' own keep-alive timeout of 5 s; a
// server's shorter `Keep-Alive: timeout=` is honoured too). A connection the receiver closed
// just as an attempt took it fails that attempt, which is retried like any other.
const POOLS = 50;
const SOCKETS = 20;
const IDLE_MS = 4_000;

export interface SendResult {
  /** The receiver's status; null when there was no answer (timeout, refused, reset). */
  statusCode: number | null;
  latencyMs: number;
  /** The first bytes of the answer (at most `maxResponseBytes` were read). */
  body: Buffer;
  error: string | null;
}

/** Sends webhooks over kept-alive connections (see above); `close` ends them all. */
export function webhookSender(limits: { timeoutMs: number; maxResponseBytes: number }) {
  const pools = new Map<string, HttpAgent>();

  function poolOf(target: ResolvedTarget): HttpAgent {
    const key = `${target.url.protocol}//${target.url.host} ${target.address}`;
    let pool = pools.get(key);
    if (pool) pools.delete(key);
    else {
      const Agent = target.url.protocol === "https:" ? HttpsAgent : HttpAgent;
      pool = new Agent({
        keepAlive: true,
        maxSockets: SOCKETS,
        maxFreeSockets: SOCKETS,
        timeout: IDLE_MS,
      });
      if (pools.size >= POOLS) {
        const [oldest, evicted] = pools.entries().next().value as [string, HttpAgent];
        pools.delete(oldest);
        evicted.destroy();
      }
    }
    pools.set(key, pool);
    return pool;
  }

  return {
    send: (target: ResolvedTarget, headers: Record<string, string>, body: string) =>
      sendWebhook(target, headers, body, limits, poolOf(target)),
    close(): void {
      for (const pool of pools.values()) pool.destroy();
      pools.clear();
    },
  };
}

export type WebhookSender = ReturnType<typeof webhookSender>;

/**
 * POSTs `body` to the resolved target, connecting to its checked address only. Bounded: the
 * whole exchange by `timeoutMs`, the answer read by `maxResponseBytes` (then the connection is
 * dropped). Redirects are not followed (a 3xx is a failed attempt): a redirect could lead to an
 * address that was never checked.
 */
function sendWebhook(
  target: ResolvedTarget,
  headers: Record<string, string>,
  body: string,
  limits: { timeoutMs: number; maxResponseBytes: number },
  pool: HttpAgent,
): Promise<SendResult> {
  const started = performance.now();
  const request = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, chunks: Buffer[], error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        statusCode,
        latencyMs: Math.round(performance.now() - started),
        body: Buffer.concat(chunks),
        error,
      });
    };
    const outgoing = request(
      target.url,
      {
        method: "POST",
        // A new connection goes to the checked address; a kept one is from its pool.
        lookup: pinnedLookup(target) as never,
        agent: pool,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Keyward-Webhooks/1",
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const statusCode = response.statusCode ?? null;
        response.on("data", (chunk: Buffer) => {
          const room = limits.maxResponseBytes - size;
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size += chunk.length;
          if (size >= limits.maxResponseBytes) {
            finish(statusCode, chunks, null);
            response.destroy();
          }
        });
        response.on("end", () => finish(statusCode, chunks, null));
        response.on("error", (error) => finish(statusCode, chunks, error.message));
      },
    );
    const timer = setTimeout(() => {
      finish(null, [], `no answer within ${limits.timeoutMs} ms`);
      outgoing.destroy();
    }, limits.timeoutMs);
    outgoing.on("error", (error) => finish(null, [], error.message));
    outgoing.end(body);
  });
}
