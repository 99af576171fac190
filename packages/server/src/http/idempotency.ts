import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import { type ErrorCode, ServiceError } from "../services/errors.js";
import type { IdempotencyTarget, ReplayedHeaders } from "../services/idempotency.js";
import type { Services } from "../services/index.js";
import type { Principal } from "../services/principal.js";

// `Idempotency-Key` on POST (ARCHITECTURE.md, HTTP API conventions). The first request with a
// key claims it (an atomic insert of an "in progress" row), runs, and its 2xx/4xx response is
// stored; a repeat with the same method, path and body gets that response again with
// `Idempotent-Replayed: true` and the handler does not run. The same key for another request →
// 422 IDEMPOTENCY_KEY_REUSED; while the first is still running → 409
// IDEMPOTENCY_KEY_IN_PROGRESS. A 5xx is not stored (the key is released, a retry runs again).
// Keys are the caller's own (targetOf) and honoured for 24 hours.

declare module "fastify" {
  interface FastifyRequest {
    idempotencyClaim?: { key: string; createdAt: string };
  }
  interface FastifyContextConfig {
    /**
     * false: the POST route refuses Idempotency-Key with 400 IDEMPOTENCY_KEY_NOT_SUPPORTED (its
     * response holds a secret shown only once, which must not be stored to replay).
     */
    idempotency?: boolean;
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;
export const REPLAYED_HEADER = "idempotent-replayed";

const IDEMPOTENCY_HEADER = {
  type: "string",
  minLength: 1,
  maxLength: 255,
  pattern: "^[\\x21-\\x7e]+$",
  description:
    "Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this " +
    "request safe: a repeat with the same key, method, path and body within 24 hours gets the " +
    "first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 " +
    "IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for " +
    "the same key with a different request. Keys are the caller's own (token or license key).",
};

/** swaggerTransform of the POST routes that honour Idempotency-Key: the header and its codes. */
function documentIdempotencyKey({ schema, url }: { schema: FastifySchema; url: string }) {
  const headers = (schema.headers ?? { type: "object", properties: {} }) as {
    properties?: Record<string, unknown>;
  };
  return {
    url,
    schema: {
      ...schema,
      headers: {
        ...headers,
        type: "object",
        properties: { ...headers.properties, "idempotency-key": IDEMPOTENCY_HEADER },
      },
      "x-error-codes": [...(schema["x-error-codes"] ?? []), ...IDEMPOTENCY_CODES],
    },
  };
}

const IDEMPOTENCY_CODES: ErrorCode[] = [
  "INVALID_IDEMPOTENCY_KEY",
  "IDEMPOTENCY_KEY_IN_PROGRESS",
  "IDEMPOTENCY_KEY_REUSED",
];

/** swaggerTransform of the POST routes that refuse Idempotency-Key (their codes). */
function documentRefusedKey({ schema, url }: { schema: FastifySchema; url: string }) {
  const codes: ErrorCode[] = ["INVALID_IDEMPOTENCY_KEY", "IDEMPOTENCY_KEY_NOT_SUPPORTED"];
  return {
    url,
    schema: { ...schema, "x-error-codes": [...(schema["x-error-codes"] ?? []), ...codes] },
  };
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function requestHash(request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${request.method}\n${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest("hex");
}

/**
 * Adds the hooks to a scope (call it on the authenticated scope, after authentication): every
 * POST route in it honours Idempotency-Key, including routes registered later, except those
 * whose config says `idempotency: false`.
 */
export function registerIdempotency(scope: FastifyInstance, services: Services): void {
  // The OpenAPI document says which operations take the header (documentation only: the
  // preHandler below does the checking, with its own error codes).
  scope.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes("POST")) return;
    const swaggerTransform =
      route.config?.idempotency === false ? documentRefusedKey : documentIdempotencyKey;
    route.config = { ...route.config, swaggerTransform };
  });

  scope.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== "POST") return;
    const header = request.headers["idempotency-key"];
    if (header === undefined) return;
    if (typeof header !== "string" || !KEY.test(header)) {
      throw new ServiceError(
        "INVALID_IDEMPOTENCY_KEY",
        "Idempotency-Key must be one value of 1–255 visible ASCII characters",
      );
    }
    if (request.routeOptions.config.idempotency === false) {
      throw new ServiceError(
        "IDEMPOTENCY_KEY_NOT_SUPPORTED",
        "this endpoint's response holds a secret shown once and is never stored: retry without Idempotency-Key",
      );
    }
    const target = targetOf(request.principal, header);
    const claim = await services.idempotency.claim({
      ...target,
      method: request.method,
      path: request.url,
      requestHash: requestHash(request),
    });
    switch (claim.kind) {
      case "claimed":
        request.idempotencyClaim = { key: header, createdAt: claim.createdAt };
        return;
      case "reused":
        throw new ServiceError(
          "IDEMPOTENCY_KEY_REUSED",
          "this Idempotency-Key was used for a different request (method, path or body)",
        );
      case "in-progress":
        // The first request is still being answered (or its process died: its claim is taken
        // over after a few minutes); a second is a fair wait for most.
        reply.header("retry-after", "1");
        throw new ServiceError(
          "IDEMPOTENCY_KEY_IN_PROGRESS",
          "a request with this Idempotency-Key is still in progress; retry later",
        );
      case "replay":
        reply.status(claim.status).header(REPLAYED_HEADER, "true");
        if (claim.body === "") return reply.send();
        return reply
          .headers({ "content-type": "application/json; charset=utf-8", ...claim.headers })
          .send(claim.body);
    }
  });

  scope.addHook(
    "onSend",
    async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const claim = request.idempotencyClaim;
      if (!claim) return payload;
      request.idempotencyClaim = undefined;
      const target = targetOf(request.principal, claim.key);
      const body =
        payload === undefined || payload === null
          ? ""
          : typeof payload === "string"
            ? payload
            : Buffer.isBuffer(payload)
              ? payload.toString("utf8")
              : null;
      try {
        if (reply.statusCode >= 500 || body === null) {
          await services.idempotency.release(target, claim.createdAt);
        } else {
          await services.idempotency.complete(
            target,
            claim.createdAt,
            reply.statusCode,
            body,
            replayedHeaders(reply),
          );
        }
      } catch (error) {
        // The response itself stands; the key stays "in progress" until it counts as abandoned.
        request.log.error({ err: error }, "could not store the Idempotency-Key response");
      }
      return payload;
    },
  );
}

/**
 * The key's record: the caller's own (the token's, or the license key's license). A stored
 * answer is replayed before the route checks who may call it, so a key shared by the
 * organization gave one credential's answer to another (migration 0020).
 */
function targetOf(principal: Principal, key: string): IdempotencyTarget {
  const caller = principal.tokenId ?? `license:${principal.licenseId}`;
  return { organizationId: principal.organizationId, caller, key };
}

/** What a replay must repeat besides status and body: the type and any download name. */
function replayedHeaders(reply: FastifyReply): ReplayedHeaders {
  const headers: ReplayedHeaders = {};
  for (const name of ["content-type", "content-disposition"] as const) {
    const value = reply.getHeader(name);
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}
