import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import { ACCEPT_SIGNATURE_HEADER, SIGNATURE_HEADER } from "./response-signing.js";

// CORS (SPEC X9): browser apps reach every route a device may call; admin routes answer other
// origins only when the operator lists them. The client routes carry their credential — a
// license key, a handshake code, an offline request's HMAC — in a header or the body, never a
// cookie, so any origin may call them by default: CORS guards ambient credentials, and these
// routes have none to guard.

export interface CorsSettings {
  /** Origins allowed on the client routes; ["*"]: any. */
  clientOrigins: readonly string[];
  /** Origins allowed on every other route; empty: no CORS headers there at all. */
  adminOrigins: readonly string[];
}

export const DEFAULT_CORS: CorsSettings = { clientOrigins: ["*"], adminOrigins: [] };

/**
 * Whether a route is a client route, open to the client origins: it takes no Authorization
 * header (`security: []`: validate-key, the check, public keys, trackable devices, offline
 * activation, health), or a license key (schemas.ts TOKEN_OR_LICENSE_KEY: reading its license
 * and machines, activating, checking in, checking files out…). Every other route is an admin
 * route.
 */
function isClientRoute(schema: { security?: ReadonlyArray<object> } | undefined): boolean {
  const security = schema?.security;
  if (!Array.isArray(security)) return false;
  return security.length === 0 || security.some((scheme) => "license" in scheme);
}

/** One registered route, as a preflight matches it: its method, segments and CORS rule. */
interface KnownRoute {
  method: string;
  /** The URL's segments; null for a `:param`. */
  segments: Array<string | null>;
  client: boolean;
}

/**
 * The routes of one app, collected as they are registered: which are client routes, for
 * requests (which know their route) and preflights (which match no route of their own: the
 * path they announce is matched here as the router would, a static segment before a `:param`,
 * so `/v1/machines/counts` is not taken for `/v1/machines/:id`).
 */
class RouteRules {
  /** `METHOD /url/:pattern` of each client route. */
  readonly #client = new Set<string>();
  readonly #routes: KnownRoute[] = [];

  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const client = isClientRoute(route.schema as { security?: object[] } | undefined);
    for (const method of methods) {
      if (client) this.#client.add(`${method} ${route.url}`);
      // Wildcard routes (the reference page, OPTIONS *) are never client routes; any other
      // route matching a path wins over them.
      if (route.url.includes("*")) continue;
      const segments = route.url
        .split("/")
        .map((segment) => (segment.startsWith(":") ? null : segment));
      this.#routes.push({ method, segments, client });
    }
  }

  /** Whether a request (or the request a preflight announces) is for a client route. */
  clientMethods(request: FastifyRequest, preflight: boolean): string[] | null {
    if (!preflight) {
      const known = this.#client.has(`${request.method} ${request.routeOptions.url}`);
      return known ? [request.method] : null;
    }
    const asked = String(request.headers["access-control-request-method"]).toUpperCase();
    const path = request.url.split("?", 1)[0]!.split("/");
    const methods = new Set(this.#routes.map((route) => route.method));
    const open = [...methods].filter((method) => this.#match(method, path)?.client === true);
    return open.includes(asked) ? open : null;
  }

  /** The route the router picks for `method` and the path's segments; null: none. */
  #match(method: string, path: readonly string[]): KnownRoute | null {
    let best: KnownRoute | null = null;
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== path.length) continue;
      const matches = route.segments.every((segment, i) =>
        segment === null ? path[i] !== "" : segment === path[i],
      );
      if (matches && (best === null || moreStatic(route, best))) best = route;
    }
    return best;
  }
}

/** Whether `a` has a static segment where `b` first has a `:param` (the router's order). */
function moreStatic(a: KnownRoute, b: KnownRoute): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const aStatic = a.segments[i] !== null;
    if (aStatic !== (b.segments[i] !== null)) return aStatic;
  }
  return false;
}

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

/** The CORS rule of one request: the client rules, the admin rules, or none (null). */
function ruleFor(
  request: FastifyRequest,
  settings: CorsSettings,
  routes: RouteRules,
): { origins: readonly string[]; methods: readonly string[] } | null {
  // No Origin: not a browser's cross-origin call (the SDK in Node, curl). No headers to add,
  // which keeps the hot /v1/check answer as small as before.
  if (!request.headers.origin) return null;
  const preflight = request.method === "OPTIONS";
  // An OPTIONS request that is no preflight is left to the router (404, as before).
  if (preflight && !request.headers["access-control-request-method"]) return null;
  const methods = routes.clientMethods(request, preflight);
  const origins = methods ? settings.clientOrigins : settings.adminOrigins;
  return origins.length === 0 ? null : { origins, methods: methods ?? ADMIN_METHODS };
}

/**
 * CORS on every route registered after it: preflights are answered in onRequest, before the
 * auth hooks (a browser sends no credentials with a preflight). Which routes are client routes
 * is read from each route as it is registered (isClientRoute). Our own hook rather than
 * @fastify/cors: that plugin rebuilt its options twice per request, 4% of a check's CPU even
 * for requests with no Origin at all.
 */
export function registerCors(app: FastifyInstance, settings: CorsSettings): void {
  const exposed = EXPOSED.join(", ");
  const allowed = ALLOWED.join(", ");
  const routes = new RouteRules();
  app.addHook("onRoute", (route) => routes.add(route));
  app.addHook("onRequest", (request, reply, done) => {
    // Every answer depends on the Origin header: caches must not hand one origin's to another.
    reply.header("vary", "Origin");
    const rule = ruleFor(request, settings, routes);
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
