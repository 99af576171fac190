import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from "fastify";
import { type ErrorCode, statusOfCode } from "../services/error-catalogue.js";
import { databaseUnavailableReason, ServiceError } from "../services/errors.js";
import { loggedUrl } from "./logging.js";
import { PATTERN_MESSAGES } from "./schemas.js";

/** One problem of a request that failed validation (400 VALIDATION_FAILED). */
export interface ErrorDetail {
  /** Where: `body.overrides.maxMachines`, `body.reports[2].deviceId`, `query.limit`, `params.id`. */
  path: string;
  message: string;
  /** For a value outside a fixed list: the values the field takes. */
  allowedValues?: unknown[];
}

/** The error body of every failed request (ARCHITECTURE.md, HTTP API conventions). */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: ErrorDetail[] };
}

interface MappedError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

/** A code's response, with its status from the catalogue. */
function mapped(code: ErrorCode, message: string, details?: ErrorDetail[]): MappedError {
  return { status: statusOfCode(code), code, message, ...(details ? { details } : {}) };
}

/** A request id; randomUUID draws from a cached entropy pool, cheaper than randomBytes. */
export function newRequestId(): string {
  return `req_${randomUUID().replaceAll("-", "")}`;
}

// Fastify's own 4xx errors, with messages of our own: some of theirs quote the request (its
// URL, its Content-Type), and no error message carries the request's bytes.
export const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "INVALID_JSON", message: "the body is not valid JSON" },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: "INVALID_JSON",
    message: "the body is empty but Content-Type is application/json",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: "BODY_TOO_LARGE",
    message: "the body is over the server's limit (KEYWARD_BODY_LIMIT)",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "this Content-Type is not accepted here (send application/json)",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "INVALID_CONTENT_LENGTH",
    message: "the body's length does not match Content-Length",
  },
  // Found by the router, before any route (Fastify's frameworkErrors).
  FST_ERR_BAD_URL: { code: "INVALID_URL", message: "the URL is not valid percent-encoded UTF-8" },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: "URL_TOO_LONG",
    message: "a segment of the URL's path is longer than 100 characters",
  },
};

// Constraint violations that slip past service checks (e.g. a race on a unique code) are the
// caller's conflict, not a server fault.
function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === "23505" ||
    code === "23503" ||
    (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT"))
  );
}

// The database cannot answer now: store/database.ts reports PostgreSQL's lost connections,
// refusals and timeouts as DATABASE_UNAVAILABLE; SQLite reports another process's write lock
// held past busy_timeout as SQLITE_BUSY (or SQLITE_LOCKED). Retrying later is the answer.
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === "DATABASE_UNAVAILABLE" ||
    (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code))
  );
}

// PostgreSQL broke a deadlock (40P01) or could not serialize (40001) by aborting this request's
// transaction: it raced another change, and nothing of it was written. Retrying is the answer.
function isTransactionRace(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "40P01" || code === "40001";
}

function mapError(error: FastifyError | Error): MappedError {
  if (error instanceof ServiceError) {
    return mapped(error.code, error.message, error.details);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return validationFailure(fastifyError);
  }
  if (isConstraintViolation(error)) {
    return mapped(
      "CONFLICT",
      "the change conflicts with existing data (duplicate or still referenced)",
    );
  }
  if (isTransactionRace(error)) {
    return mapped("CONFLICT", "the change raced a concurrent one and was not made; retry it");
  }
  if (isDatabaseUnavailable(error)) {
    return mapped("DATABASE_UNAVAILABLE", "the database is unavailable; retry later");
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const known = FASTIFY_ERRORS[fastifyError.code];
    if (known) return mapped(known.code, known.message);
    // Another 4xx of Fastify's (none is known to reach here): its own status is kept, the one
    // answer whose status is not the catalogue's.
    return {
      status,
      code: "BAD_REQUEST",
      message: (STATUS_CODES[status] ?? "bad request").toLowerCase(),
    };
  }
  return mapped("INTERNAL_ERROR", "internal error");
}

/** Retry-After of a 503 DATABASE_UNAVAILABLE, in seconds. */
const DATABASE_RETRY_AFTER_SECONDS = "2";

/** The one place errors become HTTP responses (also Fastify's frameworkErrors). */
export function errorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { status, code, message, details } = mapError(error);
  const reason = databaseUnavailableReason(error);
  // An outage, not a bug: one warning per request, with the driver's reason and the request
  // (a device check's own line is at debug), no stack. A PostgreSQL restart or a SQLite write
  // lock lasts seconds: clients are told when to ask again.
  if (code === "DATABASE_UNAVAILABLE") {
    request.log.warn(
      { reason: reason ?? error.message, method: request.method, url: loggedUrl(request, true) },
      message,
    );
    reply.header("retry-after", DATABASE_RETRY_AFTER_SECONDS);
  } else if (status >= 500) request.log.error({ err: error }, "request failed");
  const body: ErrorBody = {
    error: { code, message, requestId: request.id, ...(details ? { details } : {}) },
  };
  return reply.status(status).send(body);
}

/** No route for the method and path; neither is quoted back. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const { status, code, message } = mapped(
    "ROUTE_NOT_FOUND",
    "no route for this method and path (the API is described at /v1/docs)",
  );
  const body: ErrorBody = { error: { code, message, requestId: request.id } };
  return reply.status(status).send(body);
}

/** Validation problems reported per request: enough to fix a body, bounded for the answer. */
const MAX_DETAILS = 20;
const PARTS: Record<string, string> = { querystring: "query" };

/** 400 VALIDATION_FAILED: the first MAX_DETAILS problems, each with its field path. */
function validationFailure(error: FastifyError): MappedError {
  const all = validationDetails(error.validation ?? [], error.validationContext ?? "body");
  const details = all.slice(0, MAX_DETAILS);
  const more = all.length - details.length;
  const message =
    details.length === 0
      ? error.message
      : details.map((detail) => `${detail.path} ${detail.message}`).join("; ") +
        (more > 0 ? `; and ${more} more problems` : "");
  return mapped("VALIDATION_FAILED", message, details);
}

/**
 * AJV's errors (and validator.ts's) as one detail per problem: the full path of
 * the field, the name of an unknown or missing property, the allowed values of an enum or of a
 * union of constants (reported once, not once per constant).
 */
function validationDetails(errors: FastifySchemaValidationError[], context: string): ErrorDetail[] {
  const root = PARTS[context] ?? context;
  // Constants tried by an anyOf: gathered into the anyOf's "must be one of".
  const unions = new Map<string, unknown[]>();
  for (const error of errors) {
    const union = UNION_CONSTANT.exec(error.schemaPath)?.[1];
    if (error.keyword !== "const" || union === undefined) continue;
    const key = `${error.instancePath} ${union}`;
    unions.set(key, [...(unions.get(key) ?? []), error.params.allowedValue]);
  }
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const detail = describe(error, unions.get(`${error.instancePath} ${error.schemaPath}`));
    if (detail === null) continue;
    detail.path = fieldPath(root, error.instancePath, detail.path);
    const key = `${detail.path} ${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push(detail);
  }
  return details;
}

const UNION_CONSTANT = /^(.*\/anyOf)\/\d+\/const$/;

/** One AJV error as a detail whose `path` is relative (a property name below the instance). */
function describe(
  error: FastifySchemaValidationError,
  unionValues?: unknown[],
): ErrorDetail | null {
  const params = error.params;
  switch (error.keyword) {
    case "additionalProperties":
      return {
        path: String(params.additionalProperty),
        message: "is not allowed (unknown property)",
      };
    case "required":
      return { path: String(params.missingProperty), message: "is required" };
    case "enum":
      return oneOf(params.allowedValues as unknown[]);
    case "anyOf":
      return unionValues
        ? oneOf(unionValues)
        : { path: "", message: "must match one of its forms" };
    case "const":
      // Inside an anyOf: said by the anyOf.
      if (UNION_CONSTANT.test(error.schemaPath)) return null;
      return {
        path: "",
        message: `must be ${JSON.stringify(params.allowedValue)}`,
        allowedValues: [params.allowedValue],
      };
    case "type":
      return { path: "", message: `must be ${String(params.type).split(",").join(" or ")}` };
    case "pattern":
      return {
        path: "",
        message:
          PATTERN_MESSAGES.get(String(params.pattern)) ?? error.message ?? "fails its pattern",
      };
    default:
      return { path: "", message: error.message ?? `fails ${error.keyword}` };
  }
}

function oneOf(values: unknown[]): ErrorDetail {
  return {
    path: "",
    message: `must be one of ${values.map((value) => JSON.stringify(value)).join(", ")}`,
    allowedValues: values,
  };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;
const MAX_SEGMENT = 64;

/** `body` + `/scope/fingerprint` (+ `name`) → `body.scope.fingerprint(.name)`; `[2]` for indexes. */
function fieldPath(root: string, instancePath: string, property: string): string {
  const segments = instancePath === "" ? [] : instancePath.slice(1).split("/");
  const decoded = segments.map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (property !== "") decoded.push(property);
  let path = root;
  for (const segment of decoded) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else {
      // Property names come from the request: quoted (control characters escaped) and cut short.
      const cut = segment.length > MAX_SEGMENT ? `${segment.slice(0, MAX_SEGMENT)}…` : segment;
      path += `[${JSON.stringify(cut)}]`;
    }
  }
  return path;
}

// What Node's HTTP parser meets before there is a request to route.
const CLIENT_ERRORS: Record<string, MappedError> = {
  // headersTimeout or requestTimeout passed (a slow or silent sender).
  ERR_HTTP_REQUEST_TIMEOUT: mapped("REQUEST_TIMEOUT", "the request was not received in time"),
  HPE_HEADER_OVERFLOW: mapped(
    "HEADERS_TOO_LARGE",
    "the request line and headers are over the server's limit (16 KB)",
  ),
  HPE_CHUNK_EXTENSIONS_OVERFLOW: mapped(
    "BODY_TOO_LARGE",
    "the chunk extensions are over the server's limit",
  ),
};
const MALFORMED = mapped("BAD_REQUEST", "the request is not valid HTTP/1.1");

/**
 * Fastify's clientErrorHandler: a request Node could not parse, or that came too slowly, gets
 * the standard body (never the bytes that were sent) and its connection closes.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  // Nobody to answer after a reset; a response already begun cannot be replaced.
  const begun = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === "ECONNRESET" || !socket.writable || begun) {
    socket.destroy();
    return;
  }
  const mapped = CLIENT_ERRORS[error.code ?? ""] ?? MALFORMED;
  this.log.debug({ code: error.code }, `client error: ${mapped.code}`);
  socket.end(rawResponse(mapped), () => socket.destroy());
}

/** Node's answer to an `Expect` other than 100-continue (its own has no body). */
export function expectationFailed(_request: IncomingMessage, response: ServerResponse): void {
  const failed = mapped("EXPECTATION_FAILED", "the only Expect the server meets is 100-continue");
  const body = errorBodyText(failed);
  response
    .writeHead(failed.status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      connection: "close",
    })
    .end(body);
}

function errorBodyText({ code, message }: MappedError): string {
  return JSON.stringify({
    error: { code, message, requestId: newRequestId() },
  } satisfies ErrorBody);
}

function rawResponse(mapped: MappedError): string {
  const body = errorBodyText(mapped);
  return (
    `HTTP/1.1 ${mapped.status} ${STATUS_CODES[mapped.status]}\r\n` +
    "Content-Type: application/json; charset=utf-8\r\n" +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
