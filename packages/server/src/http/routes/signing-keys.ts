import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import { presentSigningKey, SigningKey } from "../presenters.js";
import { errorResponses, IdParams } from "../schemas.js";

const Algorithm = Type.Object(
  { algorithm: Type.Union([Type.Literal("ed25519"), Type.Literal("rsa")]) },
  { additionalProperties: false },
);

const One = Type.Object({ data: SigningKey });

/**
 * Signing-key rotation (SPEC X7), admin tokens: publish a next key, switch signing to it (the
 * active key is retired in the same transaction), or retire a next key that will not be used.
 * GET /v1/signing-keys (routes/organization.ts) lists them with their states.
 */
export const signingKeyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    "/v1/signing-keys",
    {
      schema: {
        tags: ["organization"],
        summary: "Publish the next signing key of an algorithm (admin tokens)",
        operationId: "createSigningKey",
        description:
          "Creates a key pair in state `next`: its public half is listed at once by the " +
          "public-keys endpoints, so apps can trust it before it signs anything; it signs " +
          "nothing until activated. 409 SIGNING_KEY_STATE when the algorithm has a next key.",
        "x-error-codes": ["SIGNING_KEY_STATE", "CONFLICT"],
        body: Algorithm,
        response: { 201: One, ...errorResponses },
      },
    },
    async (request, reply) => {
      const key = await services.signingKeys.createNext(request.principal, request.body.algorithm);
      return reply.status(201).send({ data: presentSigningKey(key) });
    },
  );

  app.post(
    "/v1/signing-keys/actions/rotate",
    {
      schema: {
        tags: ["organization"],
        summary: "Switch signing to the next key, creating it when there is none (admin tokens)",
        operationId: "rotateSigningKey",
        description:
          "Activates the algorithm's next key (created first when there is none) and retires " +
          "the active one: from now on every lease, file, proof and response signature names " +
          "the new key. What the retired key signed still verifies with it. Answers the new key.",
        "x-error-codes": ["SIGNING_KEY_STATE", "CONFLICT"],
        body: Algorithm,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: presentSigningKey(
        await services.signingKeys.rotate(request.principal, request.body.algorithm),
      ),
    }),
  );

  app.post(
    "/v1/signing-keys/:id/actions/activate",
    {
      schema: {
        tags: ["organization"],
        summary: "Switch signing to a next key (admin tokens)",
        operationId: "activateSigningKey",
        description:
          "Makes a next key the active key of its algorithm and retires the previous active " +
          "key in the same transaction. 409 SIGNING_KEY_STATE for a key that is not next.",
        "x-error-codes": ["SIGNING_KEY_NOT_FOUND", "SIGNING_KEY_STATE"],
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: presentSigningKey(
        await services.signingKeys.activate(request.principal, request.params.id),
      ),
    }),
  );

  app.post(
    "/v1/signing-keys/:id/actions/retire",
    {
      schema: {
        tags: ["organization"],
        summary: "Retire a next key that will not be used (admin tokens)",
        operationId: "retireSigningKey",
        description:
          "Retires a next key: it stays published (it never signed) and can no longer be " +
          "activated. The active key is retired only by activating its successor (409 " +
          "SIGNING_KEY_STATE). Retiring a retired key changes nothing.",
        "x-error-codes": ["SIGNING_KEY_NOT_FOUND", "SIGNING_KEY_STATE"],
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: presentSigningKey(
        await services.signingKeys.retire(request.principal, request.params.id),
      ),
    }),
  );
};
