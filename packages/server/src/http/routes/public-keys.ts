import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { exportPublicKey, parsePublicKey } from "@keyward/formats";
import type { Services } from "../../services/index.js";
import { presentSigningKey, SigningKey } from "../presenters.js";
import { ErrorResponse, IdParams } from "../schemas.js";

const PublicSigningKey = Type.Object({
  ...SigningKey.properties,
  publicKeyPem: Type.String({ description: "the same key as a PEM PUBLIC KEY block" }),
});

/**
 * An organization's public signing keys, without authentication: clients (the SDK) need them to
 * verify license keys and signed responses, and hold no admin token. Public halves only.
 */
export const publicKeyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    "/v1/organizations/:id/signing-keys",
    {
      schema: {
        tags: ["organization"],
        summary: "Public halves of an organization's signing keys (no authentication)",
        operationId: "listOrganizationSigningKeys",
        description:
          "The same public keys as GET /v1/signing-keys, for anyone who knows the organization's id " +
          "(an app verifying answers offline needs no token), as Base64 DER and PEM.",
        "x-error-codes": ["ORGANIZATION_NOT_FOUND", "DATABASE_UNAVAILABLE"],
        security: [],
        params: IdParams,
        response: {
          200: Type.Object({ data: Type.Array(PublicSigningKey) }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const keys = await services.organizations.publishedKeys(request.params.id);
      return {
        data: keys.map((key) => ({
          ...presentSigningKey(key),
          publicKeyPem: exportPublicKey(parsePublicKey(key.publicKey), "pem") as string,
        })),
      };
    },
  );
};
