import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../services/index.js";
import { Entitlement, presentEntitlement } from "./presenters.js";
import { errorResponses, IdParams, PageOf, pageQuery, pageRequest } from "./schemas.js";

/** Body of attach/detach on policies and licenses. */
export const EntitlementIds = Type.Object(
  {
    entitlementIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      minItems: 1,
      maxItems: 100,
    }),
  },
  { additionalProperties: false },
);

/**
 * The attached-entitlement routes of a policy or license: GET (paged), POST to attach, DELETE
 * to detach (both with {entitlementIds}, answering 204).
 */
export function registerAttachmentRoutes(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  services: Services,
  kind: "policy" | "license",
) {
  const path =
    kind === "policy" ? "/v1/policies/:id/entitlements" : "/v1/licenses/:id/entitlements";
  const tag = kind === "policy" ? "policies" : "licenses";

  app.get(
    path,
    {
      schema: {
        tags: [tag],
        summary: `Entitlements attached to a ${kind}`,
        operationId: kind === "policy" ? "listPolicyEntitlements" : "listLicenseEntitlements",
        description:
          `The entitlements attached to the ${kind} itself, a page at a time (\`nextCursor\` back ` +
          "as `cursor`).",
        "x-error-codes": [kind === "policy" ? "POLICY_NOT_FOUND" : "LICENSE_NOT_FOUND"],
        params: IdParams,
        querystring: pageQuery("ent"),
        response: { 200: PageOf(Entitlement), ...errorResponses },
      },
    },
    async (request) => {
      const page = await services.entitlements.listAttached(
        request.principal,
        kind,
        request.params.id,
        pageRequest(request.query),
      );
      return { data: page.items.map(presentEntitlement), nextCursor: page.nextCursor };
    },
  );

  app.post(
    path,
    {
      schema: {
        tags: [tag],
        summary: `Attach entitlements to a ${kind} (already attached ones are kept)`,
        operationId: kind === "policy" ? "attachPolicyEntitlements" : "attachLicenseEntitlements",
        description:
          `Attaches the entitlements listed in \`entitlementIds\` to the ${kind}. Ones already ` +
          "attached stay as they are; an unknown id attaches none (404). Answers 204.",
        "x-error-codes": [
          kind === "policy" ? "POLICY_NOT_FOUND" : "LICENSE_NOT_FOUND",
          "ENTITLEMENT_NOT_FOUND",
        ],
        params: IdParams,
        body: EntitlementIds,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.entitlements.attach(
        request.principal,
        kind,
        request.params.id,
        request.body.entitlementIds,
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    path,
    {
      schema: {
        tags: [tag],
        summary: `Detach entitlements from a ${kind} (ones not attached are ignored)`,
        operationId: kind === "policy" ? "detachPolicyEntitlements" : "detachLicenseEntitlements",
        description:
          `Detaches the entitlements listed in \`entitlementIds\` from the ${kind}; ids that are ` +
          "not attached are ignored, unknown ids answer 404. Answers 204.",
        "x-error-codes": [
          kind === "policy" ? "POLICY_NOT_FOUND" : "LICENSE_NOT_FOUND",
          "ENTITLEMENT_NOT_FOUND",
        ],
        params: IdParams,
        body: EntitlementIds,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.entitlements.detach(
        request.principal,
        kind,
        request.params.id,
        request.body.entitlementIds,
      );
      return reply.status(204).send(null);
    },
  );
}
