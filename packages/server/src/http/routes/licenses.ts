import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { LICENSE_STATUSES } from "../../domain/license-status.js";
import { OVERAGE_STRATEGIES } from "../../domain/policy.js";
import type { Services } from "../../services/index.js";
import type { License as LicenseRow } from "../../store/schema.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  PageOf,
  PageQuery,
  pageRequest,
  Timestamp,
} from "../schemas.js";
import { registerAttachmentRoutes } from "./entitlements.js";
import { oneOf } from "./policies.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Name = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]);
const UserId = Type.Union([Id, Type.Null()]);
const NullableCount = Type.Union([Type.Integer(), Type.Null()]);

// Checked against the policy's rules as a whole (domain/policy.ts effectiveRules): 400
// INVALID_OVERRIDES when the result is inconsistent (e.g. 3 machines on a node-locked policy).
const Overrides = Type.Object(
  {
    maxMachines: Type.Optional(NullableCount),
    maxUses: Type.Optional(NullableCount),
    overage: Type.Optional(
      Type.Object(
        {
          strategy: Type.Optional(oneOf(OVERAGE_STRATEGIES)),
          allowance: Type.Optional(Type.Integer()),
        },
        { additionalProperties: false },
      ),
    ),
    heartbeatDurationSeconds: Type.Optional(NullableCount),
    leaseDurationSeconds: Type.Optional(Type.Integer()),
    offlineGraceSeconds: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false, description: "per-license changes to the policy's limits" },
);

const License = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  policyId: Type.String(),
  userId: UserId,
  name: Name,
  key: Type.String({ description: "the license key (plain text or cryptographic)" }),
  status: oneOf(LICENSE_STATUSES),
  suspended: Type.Boolean(),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  uses: Type.Integer(),
  overrides: Overrides,
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const CreateLicense = Type.Object(
  {
    productId: Id,
    policyId: Id,
    userId: Type.Optional(UserId),
    name: Type.Optional(Name),
    key: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4096,
        description:
          "plain-text policies: the key itself (8–255 characters); cryptographic policies: the " +
          "dataset template with {{id}}, {{expiry}}… — generated / the scheme's default if absent",
      }),
    ),
    overrides: Type.Optional(Overrides),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

const UpdateLicense = Type.Object(
  {
    name: Type.Optional(Name),
    userId: Type.Optional(UserId),
    overrides: Type.Optional(Overrides),
    metadata: Type.Optional(Metadata),
    expiresAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  },
  { additionalProperties: false },
);

const LicenseQuery = Type.Object(
  {
    ...PageQuery.properties,
    productId: Type.Optional(Id),
    policyId: Type.Optional(Id),
    status: Type.Optional(oneOf(LICENSE_STATUSES)),
  },
  { additionalProperties: false },
);

const ACTIONS = ["suspend", "reinstate", "renew", "revoke"] as const;

/** Licenses: keys issued under a policy, with their state and actions. */
export const licenseRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: License });

  // The status is computed at the time of the response, from the services' clock.
  function present(license: LicenseRow) {
    return {
      id: license.id,
      productId: license.product_id,
      policyId: license.policy_id,
      userId: license.user_id,
      name: license.name,
      key: license.key,
      status: services.licenses.status(license),
      suspended: license.suspended === 1,
      expiresAt: license.expires_at,
      revokedAt: license.revoked_at,
      uses: license.uses,
      overrides: JSON.parse(license.overrides) as Record<string, unknown>,
      metadata: JSON.parse(license.metadata) as Record<string, unknown>,
      createdAt: license.created_at,
      updatedAt: license.updated_at,
    };
  }

  app.post(
    "/v1/licenses",
    {
      schema: {
        tags: ["licenses"],
        summary: "Create a license; its key is generated per the policy's scheme",
        body: CreateLicense,
        response: { 201: One, ...errorResponses },
      },
    },
    async (request, reply) => {
      const license = await services.licenses.create(request.principal, request.body);
      return reply.status(201).send({ data: present(license) });
    },
  );

  app.get(
    "/v1/licenses",
    {
      schema: {
        tags: ["licenses"],
        summary: "List licenses, filtered by product, policy or status",
        querystring: LicenseQuery,
        response: { 200: PageOf(License), ...errorResponses },
      },
    },
    async (request) => {
      const { productId, policyId, status } = request.query;
      const page = await services.licenses.list(
        request.principal,
        { productId, policyId, status },
        pageRequest(request.query),
      );
      return { data: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/licenses/:id",
    {
      schema: {
        tags: ["licenses"],
        summary: "Get a license",
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.licenses.get(request.principal, request.params.id)),
    }),
  );

  app.patch(
    "/v1/licenses/:id",
    {
      schema: {
        tags: ["licenses"],
        summary: "Update a license's name, user, overrides, metadata or expiry",
        params: IdParams,
        body: UpdateLicense,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(
        await services.licenses.update(request.principal, request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    "/v1/licenses/:id",
    {
      schema: {
        tags: ["licenses"],
        summary: "Delete a license",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.licenses.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const action of ACTIONS) {
    app.post(
      `/v1/licenses/:id/actions/${action}`,
      {
        schema: {
          tags: ["licenses"],
          summary: {
            suspend: "Suspend a license (idempotent)",
            reinstate: "Lift a suspension (idempotent)",
            renew: "Extend the expiry by the policy's duration from the later of now and expiry",
            revoke: "Revoke a license for good (terminal)",
          }[action],
          params: IdParams,
          response: { 200: One, ...errorResponses },
        },
      },
      async (request) => ({
        data: present(await services.licenses[action](request.principal, request.params.id)),
      }),
    );
  }

  registerAttachmentRoutes(app, services, "license");
};
