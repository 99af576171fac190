import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import {
  LICENSE_FILE_ALGORITHMS,
  MAX_LICENSE_FILE_TTL,
  MIN_LICENSE_FILE_TTL,
  SIGNATURE_ALGORITHMS,
} from "@keyward/formats";
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  type CheckedOutFile,
  LICENSE_FILE_INCLUDES,
  MACHINE_FILE_INCLUDES,
} from "../../services/checkout.js";
import type { Services } from "../../services/index.js";
import { errorResponses, IdParams, Nullable, oneOf, TOKEN_OR_LICENSE_KEY } from "../schemas.js";

const Ttl = Nullable(
  Type.Integer({ minimum: MIN_LICENSE_FILE_TTL, maximum: MAX_LICENSE_FILE_TTL }),
  {
    description:
      "seconds the file stays valid, 3600 (1 hour) to 31556952 (1 year), default 2592000 (30 " +
      "days); null: never expires (vendor tokens only)",
  },
);

function CheckoutBody<T extends string>(includes: readonly T[]) {
  return Type.Object(
    {
      algorithm: Type.Optional(oneOf(LICENSE_FILE_ALGORITHMS)),
      ttlSeconds: Type.Optional(Ttl),
      include: Type.Optional(
        Type.Array(oneOf(includes), {
          uniqueItems: true,
          maxItems: includes.length,
          description: "related resources to put in the file's `included`",
        }),
      ),
    },
    { additionalProperties: false },
  );
}

const FormatQuery = Type.Object(
  {
    format: Type.Optional(oneOf(["json", "lic"] as const)),
  },
  { additionalProperties: false },
);

const CheckedOut = Type.Object({
  data: Type.Object({
    certificate: Type.String({ description: "-----BEGIN LICENSE FILE----- … (or MACHINE FILE)" }),
    algorithm: oneOf(LICENSE_FILE_ALGORITHMS),
    issued: Type.String({ format: "date-time" }),
    expiry: Nullable(Type.String({ format: "date-time" })),
    ttl: Nullable(Type.Integer()),
  }),
});

// What every check-out route says about its options.
const FILE_DESCRIPTION =
  "The default algorithm follows the policy's key scheme, unencrypted (base64+…); aes-256-gcm+… " +
  "files are encrypted with sha256(license key), machine files with sha256(license key + " +
  "fingerprint). `?format=lic` (or `Accept: application/octet-stream`) answers with the " +
  "certificate itself as a `<id>.lic` download. Verify with @keyward/formats verifyLicenseFile " +
  "or `keyward file verify`.";

const fileResponses = {
  200: {
    description: "the file: JSON by default, the certificate itself with ?format=lic",
    content: {
      "application/json": { schema: CheckedOut },
      "application/octet-stream": { schema: Type.String() },
    },
  },
  ...errorResponses,
};

const ProofBody = Type.Object(
  { algorithm: Type.Optional(oneOf(SIGNATURE_ALGORITHMS)) },
  { additionalProperties: false },
);

/** ?format=lic, or (without ?format) an Accept that asks for octet-stream and not JSON. */
function wantsCertificate(format: string | undefined, accept = ""): boolean {
  if (format !== undefined) return format === "lic";
  return accept.includes("application/octet-stream") && !accept.includes("application/json");
}

function sendFile(
  request: FastifyRequest & { query: { format?: string | undefined } },
  reply: FastifyReply,
  file: CheckedOutFile,
) {
  if (wantsCertificate(request.query.format, request.headers.accept)) {
    return reply
      .type("application/octet-stream")
      .header("content-disposition", `attachment; filename="${file.id}.lic"`)
      .send(file.certificate);
  }
  const { certificate, algorithm, issued, expiry, ttl } = file;
  return reply.send({ data: { certificate, algorithm, issued, expiry, ttl } });
}

/**
 * Offline artifacts (SPEC F1–F6, K6): license files, machine files, activation proofs. Every
 * option of their bodies is optional: a POST without a body runs with the defaults
 * (http/json-body.ts reads it as `{}`), and a JSON `null` is refused like any non-object.
 */
export const checkoutRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    "/v1/licenses/:id/actions/check-out",
    {
      schema: {
        tags: ["licenses"],
        summary: "Check out a signed license file (offline use until its expiry)",
        operationId: "checkOutLicense",
        security: TOKEN_OR_LICENSE_KEY,
        "x-error-codes": ["LICENSE_NOT_FOUND", "FORBIDDEN", "NO_SIGNING_KEY"],
        description: FILE_DESCRIPTION,
        params: IdParams,
        querystring: FormatQuery,
        body: CheckoutBody(LICENSE_FILE_INCLUDES),
        response: fileResponses,
      },
    },
    async (request, reply) =>
      sendFile(
        request,
        reply,
        await services.checkout.licenseFile(request.principal, request.params.id, request.body),
      ),
  );

  app.post(
    "/v1/machines/:id/actions/check-out",
    {
      schema: {
        tags: ["machines"],
        summary: "Check out a signed machine file: the device's activation, for offline use",
        operationId: "checkOutMachine",
        security: TOKEN_OR_LICENSE_KEY,
        "x-error-codes": ["MACHINE_NOT_FOUND", "FORBIDDEN", "NO_SIGNING_KEY"],
        description: FILE_DESCRIPTION,
        params: IdParams,
        querystring: FormatQuery,
        body: CheckoutBody(MACHINE_FILE_INCLUDES),
        response: fileResponses,
      },
    },
    async (request, reply) =>
      sendFile(
        request,
        reply,
        await services.checkout.machineFile(request.principal, request.params.id, request.body),
      ),
  );

  app.post(
    "/v1/machines/:id/actions/proof",
    {
      schema: {
        tags: ["machines"],
        summary: "An activation proof: proof/… binding the license to the device (SPEC K6)",
        operationId: "proveMachine",
        security: TOKEN_OR_LICENSE_KEY,
        "x-error-codes": [
          "MACHINE_NOT_FOUND",
          "NO_SIGNING_KEY",
          "LICENSE_REVOKED",
          "LICENSE_SUSPENDED",
        ],
        description:
          "Signed with the organization's ed25519 key unless `algorithm` says otherwise. A " +
          "revoked or suspended license's devices get none (409): a proof carries no status.",
        params: IdParams,
        body: ProofBody,
        response: {
          200: Type.Object({ data: Type.Object({ proof: Type.String() }) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: {
        proof: await services.checkout.proof(
          request.principal,
          request.params.id,
          request.body.algorithm,
        ),
      },
    }),
  );
};
