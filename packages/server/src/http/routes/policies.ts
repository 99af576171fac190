import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { KEY_SCHEMES } from "@keyward/formats";
import {
  CULL_STRATEGIES,
  EXPIRATION_BASES,
  EXPIRATION_STRATEGIES,
  LICENSE_MODELS,
  OVERAGE_STRATEGIES,
} from "../../domain/policy.js";
import type { Services } from "../../services/index.js";
import { policyRules } from "../../services/policies.js";
import type { Policy as PolicyRow } from "../../store/schema.js";
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

/** A string from a fixed list (a JSON Schema enum typed as the union of the values). */
export const oneOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: "string", enum: [...values] });
const Seconds = Type.Integer({ description: "seconds" });
const NullableCount = Type.Union([Type.Integer(), Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Id = Type.String({ minLength: 1, maxLength: 64 });

const Overage = Type.Object(
  {
    strategy: oneOf(OVERAGE_STRATEGIES),
    allowance: Type.Integer({ description: "percent: 1–1000; count: units; none: 0" }),
  },
  { additionalProperties: false },
);
const Heartbeat = Type.Object(
  {
    required: Type.Boolean(),
    durationSeconds: Type.Union([Seconds, Type.Null()]),
    cullStrategy: oneOf(CULL_STRATEGIES),
  },
  { additionalProperties: false },
);

// Consistency between rules (perpetual ⇒ no duration, node-locked ⇒ 1 machine, …) is checked by
// domain/policy.ts and answered 400 INVALID_POLICY with every problem listed.
const RuleFields = {
  model: oneOf(LICENSE_MODELS),
  durationSeconds: Type.Union([Seconds, Type.Null()]),
  floating: Type.Boolean(),
  maxMachines: NullableCount,
  maxUses: NullableCount,
  overage: Overage,
  heartbeat: Heartbeat,
  leaseDurationSeconds: Seconds,
  offlineGraceSeconds: Type.Integer({ description: "seconds, 3 to 365 days (T9)" }),
  scheme: Type.Union([oneOf(KEY_SCHEMES), Type.Null()], {
    description: "key scheme; null issues plain-text keys",
  }),
  expirationStrategy: oneOf(EXPIRATION_STRATEGIES),
  expirationBasis: oneOf(EXPIRATION_BASES),
};

const Policy = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  name: Name,
  ...RuleFields,
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const RuleInputs = {
  model: Type.Optional(RuleFields.model),
  durationSeconds: Type.Optional(RuleFields.durationSeconds),
  floating: Type.Optional(RuleFields.floating),
  maxMachines: Type.Optional(RuleFields.maxMachines),
  maxUses: Type.Optional(RuleFields.maxUses),
  overage: Type.Optional(Type.Partial(Overage, { additionalProperties: false })),
  heartbeat: Type.Optional(Type.Partial(Heartbeat, { additionalProperties: false })),
  leaseDurationSeconds: Type.Optional(RuleFields.leaseDurationSeconds),
  offlineGraceSeconds: Type.Optional(RuleFields.offlineGraceSeconds),
  scheme: Type.Optional(RuleFields.scheme),
  expirationStrategy: Type.Optional(RuleFields.expirationStrategy),
  expirationBasis: Type.Optional(RuleFields.expirationBasis),
};

const CreatePolicy = Type.Object(
  { productId: Id, name: Name, ...RuleInputs, metadata: Type.Optional(Metadata) },
  { additionalProperties: false },
);
const UpdatePolicy = Type.Object(
  { name: Type.Optional(Name), ...RuleInputs, metadata: Type.Optional(Metadata) },
  { additionalProperties: false },
);
const PolicyQuery = Type.Object(
  { ...PageQuery.properties, productId: Type.Optional(Id) },
  { additionalProperties: false },
);

function present(policy: PolicyRow) {
  return {
    id: policy.id,
    productId: policy.product_id,
    name: policy.name,
    ...policyRules(policy),
    metadata: JSON.parse(policy.metadata) as Record<string, unknown>,
    createdAt: policy.created_at,
    updatedAt: policy.updated_at,
  };
}

/** Policies: the rules licenses of a product follow (model, limits, heartbeats, key scheme). */
export const policyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: Policy });

  app.post(
    "/v1/policies",
    {
      schema: {
        tags: ["policies"],
        summary: "Create a policy for a product",
        body: CreatePolicy,
        response: { 201: One, ...errorResponses },
      },
    },
    async (request, reply) => {
      const policy = await services.policies.create(request.principal, request.body);
      return reply.status(201).send({ data: present(policy) });
    },
  );

  app.get(
    "/v1/policies",
    {
      schema: {
        tags: ["policies"],
        summary: "List policies, optionally of one product",
        querystring: PolicyQuery,
        response: { 200: PageOf(Policy), ...errorResponses },
      },
    },
    async (request) => {
      const page = await services.policies.list(
        request.principal,
        { productId: request.query.productId },
        pageRequest(request.query),
      );
      return { data: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/policies/:id",
    {
      schema: {
        tags: ["policies"],
        summary: "Get a policy",
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.policies.get(request.principal, request.params.id)),
    }),
  );

  app.patch(
    "/v1/policies/:id",
    {
      schema: {
        tags: ["policies"],
        summary: "Update a policy (rules are merged, then checked as a whole)",
        params: IdParams,
        body: UpdatePolicy,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(
        await services.policies.update(request.principal, request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    "/v1/policies/:id",
    {
      schema: {
        tags: ["policies"],
        summary: "Delete a policy (409 while licenses use it)",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.policies.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );

  registerAttachmentRoutes(app, services, "policy");
};
