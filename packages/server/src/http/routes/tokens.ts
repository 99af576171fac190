import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { TokenRecord } from "../../services/records.js";
import {
  errorResponses,
  IdParams,
  Nullable,
  PageOf,
  pageQuery,
  pageRequest,
  Timestamp,
  TOKEN_OR_LICENSE_KEY,
} from "../schemas.js";

function TokenScope() {
  return Type.Union([Type.Literal("read"), Type.Literal("write")], {
    description: "read: GET requests only (others answer 403 TOKEN_READ_ONLY); write: all",
  });
}

const TokenFields = {
  id: Type.String(),
  kind: Type.Union([Type.Literal("admin"), Type.Literal("product"), Type.Literal("license")]),
  name: Nullable(Type.String()),
  productId: Nullable(Type.String()),
  licenseId: Nullable(Type.String()),
  createdAt: Timestamp,
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  scope: TokenScope(),
  /** Kept to the minute: a use less than a minute after the last one is not written. */
  lastUsedAt: Nullable(Timestamp),
};
const Token = Type.Object(TokenFields);

const CreateToken = Type.Object(
  {
    kind: Type.Union([Type.Literal("admin"), Type.Literal("product")]),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    productId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    expiresAt: Type.Optional(Timestamp),
    scope: Type.Optional(TokenScope()),
  },
  { additionalProperties: false },
);

const CreateLicenseToken = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    expiresAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

function present(token: TokenRecord) {
  return {
    id: token.id,
    kind: token.kind,
    name: token.name,
    productId: token.productId,
    licenseId: token.licenseId,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    scope: token.scope,
    lastUsedAt: token.lastUsedAt,
  };
}

/**
 * API tokens: created (plaintext shown once), listed, revoked. Admin tokens only, except license
 * tokens (POST /v1/licenses/:id/tokens), which the license's product token may create too.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    "/v1/tokens",
    {
      schema: {
        tags: ["tokens"],
        summary: "Create a token; the response holds its secret, shown only this once",
        operationId: "createToken",
        description:
          "Creates an admin token (everything in the organization) or a product token (its " +
          "product's policies, licenses and machines), optionally expiring. The secret `token` is " +
          "in this response only: it is stored as a hash and never shown again.",
        "x-error-codes": [
          "PRODUCT_REQUIRED",
          "INVALID_TOKEN_SCOPE",
          "INVALID_EXPIRY",
          "PRODUCT_NOT_FOUND",
        ],
        body: CreateToken,
        response: {
          201: Type.Object({ data: Type.Object({ ...TokenFields, token: Type.String() }) }),
          ...errorResponses,
        },
      },
      // The response holds the token's secret: never stored to replay (http/idempotency.ts).
      config: { idempotency: false },
    },
    async (request, reply) => {
      const { token, plaintext } = await services.tokens.create(request.principal, request.body);
      return reply.status(201).send({ data: { ...present(token), token: plaintext } });
    },
  );

  app.post(
    "/v1/licenses/:id/tokens",
    {
      schema: {
        tags: ["tokens"],
        operationId: "createLicenseToken",
        description:
          "Creates a token of one license, for the device or app that holds it: it reads that " +
          "license and its machines, activates and deactivates machines, and nothing else. The " +
          "secret `token` is in this response only.",
        "x-error-codes": ["LICENSE_NOT_FOUND", "INVALID_EXPIRY"],
        summary:
          "Create a license token: it may read that license and its machines, nothing else. " +
          "The response holds its secret, shown only this once",
        params: IdParams,
        body: CreateLicenseToken,
        response: {
          201: Type.Object({ data: Type.Object({ ...TokenFields, token: Type.String() }) }),
          ...errorResponses,
        },
      },
      // The response holds the token's secret: never stored to replay (http/idempotency.ts).
      // No body is the same as {} (every field is optional: http/json-body.ts); `null` is not.
      config: { idempotency: false },
    },
    async (request, reply) => {
      const { token, plaintext } = await services.tokens.createForLicense(
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send({ data: { ...present(token), token: plaintext } });
    },
  );

  app.get(
    "/v1/tokens",
    {
      schema: {
        tags: ["tokens"],
        summary: "List tokens (never their secrets)",
        operationId: "listTokens",
        description:
          "Lists the organization's tokens, a page at a time (`nextCursor` back as `cursor`): kind, " +
          "scope, expiry and revocation, never the secrets.",
        querystring: pageQuery("tok"),
        response: { 200: PageOf(Token), ...errorResponses },
      },
    },
    async (request) => {
      const page = await services.tokens.list(request.principal, pageRequest(request.query));
      return { data: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/tokens/current",
    {
      schema: {
        tags: ["tokens"],
        summary: "Who am I: the calling token's kind, organization and reach",
        operationId: "getCurrentToken",
        security: TOKEN_OR_LICENSE_KEY,
        description:
          "Answers the credential of this request: its kind, organization, the product of a " +
          "product token, the license of a license token or key, whether it is read-only, and " +
          "the token itself (null for a license key). Any token may ask about itself.",
        response: {
          200: Type.Object({
            data: Type.Object({
              kind: TokenFields.kind,
              organizationId: Type.String(),
              productId: Nullable(Type.String()),
              licenseId: Nullable(Type.String()),
              scope: TokenScope(),
              token: Nullable(Token),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { principal, token } = await services.tokens.current(request.principal);
      return {
        data: {
          kind: principal.kind,
          organizationId: principal.organizationId,
          productId: principal.productId,
          licenseId: principal.licenseId,
          scope: principal.readOnly ? ("read" as const) : ("write" as const),
          token: token && present(token),
        },
      };
    },
  );

  app.get(
    "/v1/tokens/:id",
    {
      schema: {
        tags: ["tokens"],
        summary: "Get a token",
        operationId: "getToken",
        description: "Answers the token with this id (never its secret).",
        "x-error-codes": ["TOKEN_NOT_FOUND"],
        params: IdParams,
        response: { 200: Type.Object({ data: Token }), ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.tokens.get(request.principal, request.params.id)),
    }),
  );

  app.delete(
    "/v1/tokens/:id",
    {
      schema: {
        tags: ["tokens"],
        summary: "Revoke a token (it answers 401 from then on)",
        operationId: "revokeToken",
        description:
          "Revokes the token: every request with it answers 401 from then on. Answers the revoked " +
          "token. The organization's last working admin token (not expired, not read-only) is " +
          "kept: 409 LAST_ADMIN_TOKEN until another exists, so nobody is locked out.",
        "x-error-codes": ["TOKEN_NOT_FOUND", "LAST_ADMIN_TOKEN"],
        params: IdParams,
        response: { 200: Type.Object({ data: Token }), ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.tokens.revoke(request.principal, request.params.id)),
    }),
  );
};
