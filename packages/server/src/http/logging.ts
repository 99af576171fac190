import {
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from "fastify";
import { stdTimeFunctions } from "pino";

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

/**
 * Query parameters whose values never reach the log: `q`, a search's text, as a license's key
 * is how one is found (GET /v1/licenses?q=<key>, the dashboard's search), so the request log
 * shows that a search was made, not its text.
 */
const REDACTED_PARAMETERS = new Set(["q"]);

/**
 * The URL with the value of each REDACTED_PARAMETERS parameter replaced by `[redacted]`. A
 * parameter is known by its name as the route reads it, decoded: `%71=<key>` is `q` as well
 * (and ran the search). The query is read as the router and its parser read it: after the first
 * `?` or `#`, split on `&` only, `+` a space, percent-escapes decoded; a name that does not
 * decode (the request is refused, 400 INVALID_URL, and still logged) has its value redacted
 * too, as it cannot be told apart. Names are kept as sent.
 */
export function redactedUrl(url: string): string {
  const question = url.indexOf("?");
  const hash = url.indexOf("#");
  const start = hash !== -1 && (question === -1 || hash < question) ? hash : question;
  if (start === -1) return url;
  const parameters = url.slice(start + 1).split("&");
  let redacted = false;
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index]!;
    const equals = parameter.indexOf("=");
    if (equals === -1 || !isRedacted(parameter.slice(0, equals))) continue;
    parameters[index] = `${parameter.slice(0, equals)}=[redacted]`;
    redacted = true;
  }
  return redacted ? `${url.slice(0, start + 1)}${parameters.join("&")}` : url;
}

function isRedacted(name: string): boolean {
  if (!name.includes("%") && !name.includes("+")) return REDACTED_PARAMETERS.has(name);
  try {
    return REDACTED_PARAMETERS.has(decodeURIComponent(name.replaceAll("+", " ")));
  } catch {
    return true;
  }
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
      ignore: "pid,hostname,method,url,statusCode,responseTime",
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
    url: redactedUrl(request.url),
    version: Array.isArray(version) ? version.join(", ") : version,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The levels at which neither a debug nor an info line is written. */
const ABOVE_INFO = new Set(["warn", "error", "fatal", "silent"]);

/**
 * One line per request, when it is answered (Fastify's default writes two: on arrival and on
 * answer): method, URL, status and time, at debug for QUIET_ROUTES and info otherwise; a
 * failure with its error. Fastify's other lines (404s, its error handler) are unchanged.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    // Above info (warn, error…) an answered request writes nothing: nothing to build.
    if (!error && ABOVE_INFO.has(reply.log.level)) return;
    const fields = {
      method: request.method,
      url: redactedUrl(request.url),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) {
      reply.log.error({ ...fields, err: error }, "request errored");
    } else if (QUIET_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) {
      reply.log.debug(fields, REQUEST_COMPLETED);
    } else {
      reply.log.info(fields, REQUEST_COMPLETED);
    }
  }
}
