import cors, { type FastifyCorsOptions } from "@fastify/cors";
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

/** The CORS options of one request: the client rules, the admin rules, or none. */
function corsFor(request: FastifyRequest, settings: CorsSettings): FastifyCorsOptions {
  // No Origin: not a browser's cross-origin call (the SDK in Node, curl). No headers to add,
  // which keeps the hot /v1/check answer as small as before.
  if (!request.headers.origin) return { origin: false };
  const preflight = request.method === "OPTIONS";
  // An OPTIONS request that is no preflight is left to the router (404, as before).
  if (preflight && !request.headers["access-control-request-method"]) return { origin: false };
  const methods = clientMethods(request, preflight);
  const origins = methods ? settings.clientOrigins : settings.adminOrigins;
  if (origins.length === 0) return { origin: false };
  return {
    origin: origins.includes("*") ? "*" : [...origins],
    methods: methods ?? ADMIN_METHODS,
    allowedHeaders: ALLOWED,
    exposedHeaders: EXPOSED,
    maxAge: MAX_AGE,
  };
}

/** Registers CORS on the root, before any route: preflights are answered before auth hooks. */
export async function registerCors(app: FastifyInstance, settings: CorsSettings): Promise<void> {
  await app.register(cors, {
    delegator: (request, callback) => callback(null, corsFor(request, settings)),
  });
}
