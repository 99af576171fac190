import { createHash, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Metrics, PrometheusMetrics } from "../metrics.js";
import { errorHandler, isDatabaseUnavailable, newRequestId, notFoundHandler } from "./errors.js";

/** Where /metrics is served (config.ts: KEYWARD_METRICS_TOKEN, KEYWARD_METRICS_PORT). */
export interface MetricsEndpoint {
  metrics: PrometheusMetrics;
  /** Bearer token Prometheus sends; null: none asked (only on a separate port). */
  token: string | null;
  /** Serve GET /metrics on the app's own port (false: a separate port serves it). */
  onMainPort: boolean;
}

// The activation routes, counted by outcome from their status (a refusal is a 4xx).
const ACTIVATIONS: Record<string, "online" | "offline"> = {
  "POST /v1/machines": "online",
  "POST /v1/offline/activate": "offline",
};

/**
 * Counts every answered request by its route's pattern (`/v1/licenses/:id`, never the raw URL:
 * ids in labels would grow the series without bound; an unmatched path counts as `unmatched`),
 * activations by outcome, and database outages.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  // Callback hooks: an async one costs a promise per request, on every route.
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const status = reply.statusCode;
    metrics.request(route, request.method, status, reply.elapsedTime / 1000);
    const activation = ACTIVATIONS[`${request.method} ${route}`];
    if (activation) {
      metrics.activation(
        activation,
        status < 400 ? "activated" : status < 500 ? "refused" : "failed",
      );
    }
    done();
  });
  app.addHook("onError", (_request, _reply, error, done) => {
    if (isDatabaseUnavailable(error)) metrics.databaseError("unavailable");
    done();
  });
}

/** GET /metrics in Prometheus text, behind the bearer token when one is set. */
export function registerMetricsRoute(
  app: FastifyInstance,
  endpoint: Pick<MetricsEndpoint, "metrics" | "token">,
): void {
  const expected = endpoint.token === null ? null : digest(endpoint.token);
  app.get(
    "/metrics",
    { schema: { hide: true } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (expected !== null && !tokenMatches(request.headers.authorization, expected)) {
        return reply.status(401).send({
          error: {
            code: "UNAUTHORIZED",
            message: "the metrics need Authorization: Bearer <KEYWARD_METRICS_TOKEN>",
            requestId: request.id,
          },
        });
      }
      const { contentType, text } = await endpoint.metrics.render();
      return reply.header("content-type", contentType).send(text);
    },
  );
}

/**
 * The metrics alone on their own port (KEYWARD_METRICS_PORT): firewall it to the scraper's
 * network; the token, when also set, is checked there too.
 */
export async function listenMetrics(options: {
  metrics: PrometheusMetrics;
  token: string | null;
  host: string;
  port: number;
}): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, genReqId: newRequestId });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  registerMetricsRoute(app, options);
  const url = await app.listen({ host: options.host, port: options.port });
  return { app, url };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Compares digests, so the comparison takes the same time whatever the header's length and
 * content (timingSafeEqual wants equal lengths).
 */
function tokenMatches(header: string | undefined, expected: Buffer): boolean {
  // The scheme in any case (RFC 9110 §11.1), as http/auth.ts reads it.
  const match = /^Bearer (.+)$/i.exec(header ?? "");
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}
