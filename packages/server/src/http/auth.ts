import type { FastifyReply, FastifyRequest } from "fastify";
import type { Services } from "../services/index.js";
import type { Principal } from "../services/principal.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/;

/** onRequest hook for authenticated routes: a usable bearer token or 401, before any parsing. */
export function authenticate(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const match = BEARER.exec(request.headers.authorization ?? "");
    const principal = match ? await services.tokens.authenticate(match[1]!) : null;
    if (!principal) {
      return reply.status(401).send({
        error: {
          code: "UNAUTHORIZED",
          message: "a valid bearer token is required",
          requestId: request.id,
        },
      });
    }
    request.principal = principal;
  };
}
