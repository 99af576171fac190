import type {
  FastifyError,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from "fastify";
import { ServiceError } from "../services/errors.js";

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

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_BODY_TOO_LARGE: "BODY_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "INVALID_CONTENT_LENGTH",
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

function mapError(error: FastifyError | Error): {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
} {
  if (error instanceof ServiceError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return validationFailure(fastifyError);
  }
  if (isConstraintViolation(error)) {
    return {
      status: 409,
      code: "CONFLICT",
      message: "the change conflicts with existing data (duplicate or still referenced)",
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = FASTIFY_CODES[fastifyError.code] ?? "BAD_REQUEST";
    return { status, code, message: error.message };
  }
  return { status: 500, code: "INTERNAL_ERROR", message: "internal error" };
}

/** The one place errors become HTTP responses. */
export function errorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { status, code, message, details } = mapError(error);
  if (status >= 500) request.log.error({ err: error }, "request failed");
  const body: ErrorBody = {
    error: { code, message, requestId: request.id, ...(details ? { details } : {}) },
  };
  return reply.status(status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const body: ErrorBody = {
    error: {
      code: "ROUTE_NOT_FOUND",
      message: `no route ${request.method} ${request.url.split("?")[0]}`,
      requestId: request.id,
    },
  };
  return reply.status(404).send(body);
}

/** Validation problems reported per request: enough to fix a body, bounded for the answer. */
const MAX_DETAILS = 20;
const PARTS: Record<string, string> = { querystring: "query" };

/** 400 VALIDATION_FAILED: the first MAX_DETAILS problems, each with its field path. */
function validationFailure(error: FastifyError) {
  const all = validationDetails(error.validation ?? [], error.validationContext ?? "body");
  const details = all.slice(0, MAX_DETAILS);
  const more = all.length - details.length;
  const message =
    details.length === 0
      ? error.message
      : details.map((detail) => `${detail.path} ${detail.message}`).join("; ") +
        (more > 0 ? `; and ${more} more problems` : "");
  return { status: 400, code: "VALIDATION_FAILED", message, details };
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
