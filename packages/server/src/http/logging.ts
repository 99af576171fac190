import {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
  type RouteOptions,
} from "fastify";
import { stdTimeFunctions } from "pino";
import { looksLikeId } from "../ids.js";

export interface LogOptions {
  level: string;
  /** Human-readable lines (for a terminal) instead of JSON lines (for log collectors). */
  pretty?: boolean;
  /** Where the lines go; stdout when absent. */
  destination?: NodeJS.WritableStream;
}

/**
 * The routes devices and probes call over and over (checks, validations, heartbeats, check-ins,
 * usage reports, health): their request lines are debug, so an info log shows the vendor's own
 * calls and activations, not one line per device per lease. Validations are also recorded in
 * the event log.
 */
const QUIET_ROUTES = new Set([
  "GET /v1/health",
  "GET /v1/ready",
  "POST /v1/check",
  "POST /v1/licenses/actions/validate-key",
  "POST /v1/licenses/:id/actions/validate",
  "POST /v1/licenses/:id/actions/check-in",
  "POST /v1/machines/:id/actions/heartbeat",
  "POST /v1/trackable/authorize",
  "POST /v1/trackable/usage",
]);

const REQUEST_COMPLETED = "request completed";

const REDACTED = "[redacted]";

/**
 * The static segments of every route registered in this process (rememberRouteSegments): a
 * path no route took shows only these and ids. Process-wide: every app of a process has the
 * same routes, and the set only grows with them (a few dozen words).
 */
const ROUTE_SEGMENTS = new Set<string>();

/** An onRoute hook on the root (http/app.ts): feeds ROUTE_SEGMENTS with every route's. */
export function rememberRouteSegments(app: FastifyInstance): void {
  app.addHook("onRoute", (route: RouteOptions) => {
    for (const segment of route.url.split("/")) {
      if (segment !== "" && !segment.includes(":") && !segment.includes("*")) {
        ROUTE_SEGMENTS.add(segment);
      }
    }
  });
}

/**
 * The URL as the log shows it: what the route declares, never a value nobody declared, as a
 * license key is a credential and easily lands in a URL (`GET /v1/licenses/<key>` is a common
 * mistake, `?key=<key>` another, a search by key the dashboard's way to find a license):
 *
 * - the path: a route's own segments, and each `:param` whose value has the shape of an id
 *   (`lic_…`; a license key may not have it); any other value is `[redacted]`. A request no
 *   route took shows the segments routes have (`/v1/licenses`) and ids, `[redacted]` for the
 *   rest (`/v1/licence/[redacted]`, an encoded `/` or `;` keeping a segment whole).
 * - the query: see redactedQuery; every value is redacted when the request was `refused`.
 *
 * Built only for a line that is written. The cost of the bound: a 404's unknown words, and the
 * values of refused requests, are not in the log (the answer names what was wrong).
 */
export function loggedUrl(request: FastifyRequest, refused: boolean): string {
  const { url } = request;
  const start = queryStart(url);
  const path = start === -1 ? url : url.slice(0, start);
  const route = request.routeOptions.url;
  const shown =
    route === undefined
      ? path
          .split("/")
          .map((segment) =>
            segment === "" || ROUTE_SEGMENTS.has(segment) || looksLikeId(segment)
              ? segment
              : REDACTED,
          )
          .join("/")
      : route.replace(/:(\w+)/g, (_match, name: string) => {
          const value = (request.params as Record<string, unknown> | undefined)?.[name];
          return typeof value === "string" && looksLikeId(value) ? value : REDACTED;
        });
  if (start === -1) return shown;
  const query = redactedQuery(url.slice(start + 1), declaredParameters(request), refused);
  return shown + url[start] + query;
}

/** Where the query starts, as the router reads it: at the first `?` or `#`; -1 if none. */
function queryStart(url: string): number {
  const question = url.indexOf("?");
  const hash = url.indexOf("#");
  return hash !== -1 && (question === -1 || hash < question) ? hash : question;
}

/** The query parameter names a route's querystring schema declares, per schema object. */
const declaredCache = new WeakMap<object, ReadonlySet<string>>();
const NOTHING_DECLARED: ReadonlySet<string> = new Set();

function declaredParameters(request: FastifyRequest): ReadonlySet<string> {
  const schema = request.routeOptions.schema?.querystring as
    | { properties?: Record<string, unknown> }
    | undefined;
  if (schema === undefined) return NOTHING_DECLARED;
  let declared = declaredCache.get(schema);
  if (declared === undefined) {
    declared = new Set(Object.keys(schema.properties ?? {}));
    declaredCache.set(schema, declared);
  }
  return declared;
}

/**
 * Declared parameters whose values are never shown: a search's text (`q`: may be a license
 * key), an email, and metadata filters' values (a customer's ids: personal data, or secrets).
 */
const SENSITIVE_PARAMETERS = new Set(["q", "email", "metadata"]);

/**
 * A query as the log shows it. A parameter the route declares (`metadata[plan]` counts as
 * `metadata`) keeps its name as sent, and its value unless it is SENSITIVE_PARAMETERS' or the
 * request was `refused` (a value that failed validation may be anything: `?limit=<key>`); any
 * other parameter is `[redacted]` whole, its name too (`?<key>`). A parameter is known by its
 * name as the route reads it, decoded: `%71=<key>` is `q` as well (and ran the search). The
 * query is read as the router and its parser read it: split on `&` only, `+` a space,
 * percent-escapes decoded; a name that does not decode (the request is refused, 400
 * INVALID_URL, and still logged) is not declared.
 */
export function redactedQuery(
  query: string,
  declared: ReadonlySet<string>,
  refused: boolean,
): string {
  const parameters = query.split("&");
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index]!;
    const equals = parameter.indexOf("=");
    const name = equals === -1 ? parameter : parameter.slice(0, equals);
    const base = declaredName(name, declared);
    if (base === null) parameters[index] = REDACTED;
    else if (equals !== -1 && (refused || SENSITIVE_PARAMETERS.has(base))) {
      parameters[index] = `${name}=${REDACTED}`;
    }
  }
  return parameters.join("&");
}

/** The declared parameter `name` reads as (decoded, before any `[`); null if none. */
function declaredName(name: string, declared: ReadonlySet<string>): string | null {
  let decoded = name;
  if (name.includes("%") || name.includes("+")) {
    try {
      decoded = decodeURIComponent(name.replaceAll("+", " "));
    } catch {
      return null;
    }
  }
  const bracket = decoded.indexOf("[");
  const base = bracket === -1 ? decoded : decoded.slice(0, bracket);
  return declared.has(base) ? base : null;
}

/** pino options: ISO times, no Authorization header, pretty-printed when asked. */
export async function loggerOptions(options: LogOptions): Promise<FastifyServerOptions["logger"]> {
  const base = {
    level: options.level,
    timestamp: stdTimeFunctions.isoTime,
    // Tokens and license keys travel in this header: never log it.
    redact: ["req.headers.authorization"],
    // Fastify's own lines that carry the request (a failed write of the head, a failed
    // serialization) show its URL as the request line does.
    serializers: { req: requestFields },
  };
  if (options.pretty) {
    // Loaded only for a terminal: log collectors read the JSON lines.
    const { default: pretty } = await import("pino-pretty");
    const stream = pretty({
      colorize: options.destination === undefined && process.stdout.hasColors?.() === true,
      translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l",
      singleLine: true,
      // A request line reads `GET /v1/products 200 1.2 ms {"reqId":"req_…"}`.
      messageFormat: (log, messageKey) =>
        log.msg === REQUEST_COMPLETED
          ? `${log.method} ${log.url} ${log.statusCode} ${log.responseTime} ms`
          : String(log[messageKey]),
      // A terminal's line stays short: who asked is in the JSON lines a collector reads.
      ignore:
        "pid,hostname,method,url,statusCode,responseTime,remoteAddress,tokenId,proxyRequestId",
      ...(options.destination === undefined ? {} : { destination: options.destination }),
    });
    return { ...base, stream };
  }
  return options.destination === undefined ? base : { ...base, stream: options.destination };
}

/** Fastify's request serializer (fastify/lib/logger-pino.js), with the URL redacted. */
function requestFields(request: FastifyRequest) {
  const version = request.headers?.["accept-version"];
  return {
    method: request.method,
    url: loggedUrl(request, true),
    version: Array.isArray(version) ? version.join(", ") : version,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The levels that write debug lines, and info lines. */
const WRITES_DEBUG = new Set(["debug", "trace"]);
const WRITES_INFO = new Set(["info", "debug", "trace"]);

/**
 * A proxy's own request id (`X-Request-Id`), logged beside Keyward's so the two logs can be
 * joined: up to 128 visible ASCII characters, else left out. Keyward's id stays the one it
 * answers and records (a client cannot choose the id of its entries in the audit log).
 */
function proxyRequestId(request: FastifyRequest): string | undefined {
  // Only a request a trusted proxy forwarded (KEYWARD_TRUST_PROXY: its client's address came
  // from X-Forwarded-For): any other client could name another request's id.
  if (request.ip === request.socket.remoteAddress) return undefined;
  const value = request.headers["x-request-id"];
  return typeof value === "string" && /^[\x21-\x7e]{1,128}$/.test(value) ? value : undefined;
}

/**
 * One line per request, when it is answered (Fastify's default writes two: on arrival and on
 * answer): method, URL, status and time, the client's address (behind a trusted proxy, the
 * one it forwarded: KEYWARD_TRUST_PROXY), the token that made the request and the proxy's
 * request id when there are; at debug for QUIET_ROUTES and info otherwise; a failure with its
 * error. Fastify's other lines (404s, its error handler) are unchanged.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const quiet = !error && QUIET_ROUTES.has(`${request.method} ${request.routeOptions.url}`);
    // A line that is not written is not built (device checks at info, anything above info).
    if (!error && !(quiet ? WRITES_DEBUG : WRITES_INFO).has(reply.log.level)) return;
    const proxyId = proxyRequestId(request);
    const fields = {
      method: request.method,
      url: loggedUrl(request, reply.statusCode >= 400),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
      remoteAddress: request.ip,
      ...(request.principal?.tokenId ? { tokenId: request.principal.tokenId } : {}),
      ...(proxyId === undefined ? {} : { proxyRequestId: proxyId }),
    };
    if (error) {
      reply.log.error({ ...fields, err: error }, "request errored");
    } else if (quiet) {
      reply.log.debug(fields, REQUEST_COMPLETED);
    } else {
      reply.log.info(fields, REQUEST_COMPLETED);
    }
  }
}
