import type { FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "../services/errors.js";
import type { Services } from "../services/index.js";
import type { Principal } from "../services/principal.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
}

// Auth schemes are case-insensitive (RFC 9110 §11.1): `bearer`, `LICENSE` are these too. The
// flag changes nothing else: both credentials' classes already hold both cases.
const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/i;
// License keys are printable ASCII without spaces (plain keys, key/…, proof-style and JWT keys).
const LICENSE = /^License ([\x21-\x7e]{1,4096})$/i;

/** The principal of an Authorization header: a bearer token, or a license key (`License <key>`). */
function principalOf(services: Services, header: string): Promise<Principal | null> | null {
  const bearer = BEARER.exec(header);
  if (bearer) return services.tokens.authenticate(bearer[1]!);
  const license = LICENSE.exec(header);
  if (license) return services.validation.authenticateKey(license[1]!);
  return null;
}

/** onRequest hook for authenticated routes: a usable bearer token or 401, before any parsing. */
export function authenticate(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await principalOf(services, request.headers.authorization ?? "");
    if (!principal) {
      return reply.status(401).send({
        error: {
          code: "UNAUTHORIZED",
          message: "a valid bearer token (or License <key>) is required",
          requestId: request.id,
        },
      });
    }
    if (principal.readOnly && request.method !== "GET" && request.method !== "HEAD") {
      throw new ServiceError(
        "TOKEN_READ_ONLY",
        "this token has the read scope: it may only make GET requests",
      );
    }
    // request.ip honours KEYWARD_TRUST_PROXY: the client's address behind a trusted proxy.
    request.principal = { ...principal, origin: { requestId: request.id, ip: request.ip } };
  };
}
