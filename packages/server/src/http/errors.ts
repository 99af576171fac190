import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "../services/errors.js";

/** The error body of every failed request (ARCHITECTURE.md, HTTP API conventions). */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
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

function mapError(error: FastifyError | Error): { status: number; code: string; message: string } {
  if (error instanceof ServiceError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return { status: 400, code: "VALIDATION_FAILED", message: error.message };
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
  const { status, code, message } = mapError(error);
  if (status >= 500) request.log.error({ err: error }, "request failed");
  const body: ErrorBody = { error: { code, message, requestId: request.id } };
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
