import type { FastifyInstance, FastifyRequest } from "fastify";
import { ACCEPT_SIGNATURE_HEADER, SIGNATURE_HEADER } from "./response-signing.js";

// CORS (SPEC X9): browser apps reach the routes the SDK calls; admin routes answer other origins
// only when the operator lists them. The client routes carry a license key (or a handshake code,
// an offline request's HMAC) in headers or the body, never a cookie, so any origin may call them
// by default: CORS guards ambient credentials, and these routes have none to guard.

export interface CorsSettings {
  /** Origins allowed on the client routes; ["*"]: any. */
  clientOrigins: readonly string[];
  /** Origins allowed on every other route; empty: no CORS headers there at all. */
  adminOrigins: readonly string[];
}

export const DEFAULT_CORS: CorsSettings = { clientOrigins: ["*"], adminOrigins: [] };

/**
 * Every route the SDK (packages/sdk) or a device calls, as registered (method, URL pattern).
 * A route added for devices belongs here; cors.happy.test.ts checks each one exists.
 */
export const CLIENT_ROUTES: ReadonlyArray<readonly [string, string]> = [
  ["POST", "/v1/check"],
  ["POST", "/v1/licenses/actions/validate-key"],
  ["POST", "/v1/machines"],
  ["DELETE", "/v1/machines/:id"],
  ["POST", "/v1/machines/:id/actions/heartbeat"],
  ["GET", "/v1/organizations/:id/signing-keys"],
  ["POST", "/v1/trackable/authorize"],
  ["POST", "/v1/trackable/usage"],
  ["POST", "/v1/offline/activate"],
  ["POST", "/v1/offline/deactivate"],
];

const CLIENT_ROUTE_KEYS = new Set(CLIENT_ROUTES.map(([method, url]) => `${method} ${url}`));

/** The client routes as path patterns, for preflights (which match no route of their own). */
const CLIENT_PATHS = CLIENT_ROUTES.map(([method, url]) => ({
  method,
  path: new RegExp(`^${url.replace(/:[A-Za-z]+/g, "[^/]+")}$`),
}));

/** What browser code may read besides the safelisted headers: signatures, retry hints, files. */
const EXPOSED = [
  "date",
  "digest",
  SIGNATURE_HEADER,
  "retry-after",
  "content-disposition",
  "idempotent-replayed",
];
const ALLOWED = [
  "authorization",
  "content-type",
  "accept",
  "idempotency-key",
  ACCEPT_SIGNATURE_HEADER,
];
const ADMIN_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
/** Browsers cache a preflight this long (seconds; Chromium caps it at 7200). */
const MAX_AGE = 600;

/** Whether a request (or the request a preflight announces) is for a client route. */
function clientMethods(request: FastifyRequest, preflight: boolean): string[] | null {
  if (!preflight) {
    const known = CLIENT_ROUTE_KEYS.has(`${request.method} ${request.routeOptions.url}`);
    return known ? [request.method] : null;
  }
  const path = request.url.split("?", 1)[0]!;
  const methods = CLIENT_PATHS.filter((route) => route.path.test(path)).map((r) => r.method);
  const asked = String(request.headers["access-control-request-method"]).toUpperCase();
  return methods.includes(asked) ? methods : null;
}

/** The CORS rule of one request: the client rules, the admin rules, or none (null). */
function ruleFor(
  request: FastifyRequest,
  settings: CorsSettings,
): { origins: readonly string[]; methods: readonly string[] } | null {
  // No Origin: not a browser's cross-origin call (the SDK in Node, curl). No headers to add,
  // which keeps the hot /v1/check answer as small as before.
  if (!request.headers.origin) return null;
  const preflight = request.method === "OPTIONS";
  // An OPTIONS request that is no preflight is left to the router (404, as before).
  if (preflight && !request.headers["access-control-request-method"]) return null;
  const methods = clientMethods(request, preflight);
  const origins = methods ? settings.clientOrigins : settings.adminOrigins;
  return origins.length === 0 ? null : { origins, methods: methods ?? ADMIN_METHODS };
}

/**
 * CORS on every route registered after it: preflights are answered in onRequest, before the
 * auth hooks (a browser sends no credentials with a preflight). Our own hook rather than
 * @fastify/cors: that plugin rebuilt its options twice per request, 4% of a check's CPU even
 * for requests with no Origin at all.
 */
export function registerCors(app: FastifyInstance, settings: CorsSettings): void {
  const exposed = EXPOSED.join(", ");
  const allowed = ALLOWED.join(", ");
  app.addHook("onRequest", (request, reply, done) => {
    // Every answer depends on the Origin header: caches must not hand one origin's to another.
    reply.header("vary", "Origin");
    const rule = ruleFor(request, settings);
    if (rule === null) return done();
    const origin = request.headers.origin!;
    // An origin not listed gets no Allow-Origin: its browser refuses the answer.
    if (rule.origins.includes("*")) reply.header("access-control-allow-origin", "*");
    else if (rule.origins.includes(origin)) reply.header("access-control-allow-origin", origin);
    reply.header("access-control-expose-headers", exposed);
    if (request.method !== "OPTIONS") return done();
    // Content-Length 0: some browsers wait for a body on a 204 without it.
    reply
      .code(204)
      .headers({
        "access-control-allow-methods": rule.methods.join(", "),
        "access-control-allow-headers": allowed,
        "access-control-max-age": String(MAX_AGE),
        "content-length": "0",
      })
      .send();
  });
  // Preflights match no route of their own: this one lets the router reach the hook above for
  // them; what the hook did not answer (no rule, no preflight) is an unknown route.
  app.options("*", { schema: { hide: true } }, (_request, reply) => reply.callNotFound());
}
