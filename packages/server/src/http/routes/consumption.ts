import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { MAX_LIMIT } from "../../domain/policy.js";
import type { Services } from "../../services/index.js";
import { statusOf } from "../../services/licenses.js";
import { License, presentLicense } from "../presenters.js";
import { errorResponses, IdParams, Nullable, TOKEN_OR_LICENSE_KEY } from "../schemas.js";

const ConsumeBody = Type.Object(
  { uses: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: "uses to add" }) },
  { additionalProperties: false },
);

const Usage = Type.Object({
  uses: Type.Integer({ description: "the license's uses after this call" }),
  maxUses: Nullable(Type.Integer(), { description: "the quota; null: none" }),
  allowedUses: Nullable(Type.Integer(), {
    description: "the most uses allowed, overage included",
  }),
});

/** Consumption licenses (SPEC L5): metered uses, counted atomically against the quota. */
export const consumptionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    "/v1/licenses/:id/actions/consume",
    {
      schema: {
        tags: ["licenses"],
        summary: "Record uses of a consumption license (422 USAGE_LIMIT_EXCEEDED past its quota)",
        operationId: "consumeLicense",
        security: TOKEN_OR_LICENSE_KEY,
        "x-error-codes": [
          "LICENSE_NOT_FOUND",
          "LICENSE_SUSPENDED",
          "LICENSE_EXPIRED",
          "LICENSE_REVOKED",
          "USAGE_LIMIT_EXCEEDED",
        ],
        description:
          "Atomic: racing calls never take the counter past maxUses plus the policy's overage. " +
          "An offline device reports the uses it made with this call when it is next online; " +
          "send an Idempotency-Key so a retried report counts once.",
        params: IdParams,
        body: ConsumeBody,
        response: {
          200: Type.Object({ data: License, usage: Usage }),
          ...errorResponses,
          422: errorResponses[400],
        },
      },
    },
    async (request) => {
      const { license, maxUses, allowedUses, now } = await services.consumption.consume(
        request.principal,
        request.params.id,
        request.body.uses,
      );
      return {
        data: presentLicense(license, statusOf(license, now)),
        usage: { uses: license.uses, maxUses, allowedUses },
      };
    },
  );
};
