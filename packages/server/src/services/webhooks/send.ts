import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { ResolvedTarget } from "./targets.js";
import { pinnedLookup } from "./targets.js";

export interface SendResult {
  /** The receiver's status; null when there was no answer (timeout, refused, reset). */
  statusCode: number | null;
  latencyMs: number;
  /** The first bytes of the answer (at most `maxResponseBytes` were read). */
  body: Buffer;
  error: string | null;
}

/**
 * POSTs `body` to the resolved target, connecting to its checked address only. Bounded: the
 * whole exchange by `timeoutMs`, the answer read by `maxResponseBytes` (then the connection is
 * dropped). Redirects are not followed (a 3xx is a failed attempt): a redirect could lead to an
 * address that was never checked.
 */
export function sendWebhook(
  target: ResolvedTarget,
  headers: Record<string, string>,
  body: string,
  limits: { timeoutMs: number; maxResponseBytes: number },
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
        lookup: pinnedLookup(target) as never,
        // No pooling: each attempt resolves and checks again.
        agent: false,
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
