import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import { requireOrganizationReader } from "../../services/principal.js";
import type { OrganizationRecord } from "../../services/records.js";
import { presentSigningKey, SigningKey } from "../presenters.js";
import { errorResponses, Timestamp } from "../schemas.js";

const Organization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function present(organization: OrganizationRecord) {
  return {
    id: organization.id,
    name: organization.name,
    createdAt: organization.createdAt,
    updatedAt: organization.updatedAt,
  };
}

/** The caller's own organization and its public signing keys. */
export const organizationRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    "/v1/organization",
    {
      schema: {
        tags: ["organization"],
        summary: "The organization of the calling token",
        operationId: "getOrganization",
        description: "Answers the organization the calling token belongs to: its id and name.",
        response: { 200: Type.Object({ data: Organization }), ...errorResponses },
      },
    },
    async (request) => {
      requireOrganizationReader(request.principal);
      return {
        data: present(await services.organizations.get(request.principal.organizationId)),
      };
    },
  );

  app.patch(
    "/v1/organization",
    {
      schema: {
        tags: ["organization"],
        summary: "Rename the organization of the calling token (admin tokens)",
        operationId: "updateOrganization",
        description: "Renames the organization of the calling admin token and answers it.",
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Organization }), ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.organizations.rename(request.principal, request.body.name)),
    }),
  );

  app.get(
    "/v1/signing-keys",
    {
      schema: {
        tags: ["organization"],
        summary: "Public halves of the organization's signing keys (Ed25519 and RSA-2048)",
        operationId: "listSigningKeys",
        description:
          "The public halves of the organization's signing keys (next, active and retired, each " +
          "with its id and state), to verify its license keys, files, leases and signed " +
          "responses offline. Private halves never leave the server.",
        response: { 200: Type.Object({ data: Type.Array(SigningKey) }), ...errorResponses },
      },
    },
    async (request) => {
      requireOrganizationReader(request.principal);
      const keys = await services.organizations.publicKeys(request.principal.organizationId);
      return {
        data: keys.map(presentSigningKey),
      };
    },
  );
};
