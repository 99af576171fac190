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
import type { PolicyRecord } from "../../services/records.js";
import { registerAttachmentRoutes } from "../attachments.js";
import {
  registerCreate,
  registerDelete,
  registerGet,
  registerList,
  registerPatch,
} from "../crud.js";
import { Metadata, Nullable, oneOf, pageQuery, Timestamp } from "../schemas.js";

const Seconds = Type.Integer({ description: "seconds" });
const NullableCount = Nullable(Type.Integer());
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
    durationSeconds: Nullable(Seconds),
    cullStrategy: oneOf(CULL_STRATEGIES),
  },
  { additionalProperties: false },
);

// Consistency between rules (perpetual ⇒ no duration, node-locked ⇒ 1 machine, …) is checked by
// domain/policy.ts and answered 400 INVALID_POLICY with every problem listed.
const RuleFields = {
  model: oneOf(LICENSE_MODELS),
  durationSeconds: Nullable(Seconds),
  floating: Type.Boolean(),
  maxMachines: NullableCount,
  maxUses: NullableCount,
  overage: Overage,
  heartbeat: Heartbeat,
  leaseDurationSeconds: Seconds,
  offlineGraceSeconds: Type.Integer({ description: "seconds, 3 to 365 days" }),
  scheme: Nullable(oneOf(KEY_SCHEMES), {
    description: "key scheme; null issues plain-text keys",
  }),
  expirationStrategy: oneOf(EXPIRATION_STRATEGIES),
  expirationBasis: oneOf(EXPIRATION_BASES),
  checkInIntervalSeconds: Nullable(Seconds, {
    description: "a license must check in this often or validate OVERDUE; null: never",
  }),
  minVersion: Nullable(Type.String({ maxLength: 50 }), {
    description: 'oldest app version covered, dotted numbers ("2.0"); null: any',
  }),
  maxVersion: Nullable(Type.String({ maxLength: 50 }), {
    description: 'newest app version covered ("2.99"); null: any',
  }),
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
  checkInIntervalSeconds: Type.Optional(RuleFields.checkInIntervalSeconds),
  minVersion: Type.Optional(RuleFields.minVersion),
  maxVersion: Type.Optional(RuleFields.maxVersion),
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
  { ...pageQuery("pol").properties, productId: Type.Optional(Id) },
  { additionalProperties: false },
);

function present(policy: PolicyRecord) {
  return {
    id: policy.id,
    productId: policy.productId,
    name: policy.name,
    ...policy.rules,
    metadata: policy.metadata,
    createdAt: policy.createdAt,
    updatedAt: policy.updatedAt,
  };
}

/** Policies: the rules licenses of a product follow (model, limits, heartbeats, key scheme). */
export const policyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const doc = {
    tag: "policies",
    resource: { one: "policy", many: "policies", notFound: "POLICY_NOT_FOUND" } as const,
    item: Policy,
    present,
  };

  registerCreate(app, {
    ...doc,
    path: "/v1/policies",
    summary: "Create a policy for a product",
    description:
      "Creates a policy of a product: the rules its licenses follow (model, duration, machine " +
      "and use limits, heartbeats, check-ins, key scheme). Answers 201 with the policy.",
    errors: ["PRODUCT_NOT_FOUND", "INVALID_POLICY"],
    body: CreatePolicy,
    create: (principal, body) => services.policies.create(principal, body),
  });

  registerList(app, {
    ...doc,
    path: "/v1/policies",
    summary: "List policies, optionally of one product",
    querystring: PolicyQuery,
    list: (principal, page, { productId }) =>
      services.policies.list(principal, { productId }, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/policies/:id",
    summary: "Get a policy",
    get: (principal, id) => services.policies.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/policies/:id",
    summary: "Update a policy (rules are merged, then checked as a whole)",
    errors: ["INVALID_POLICY", "POLICY_IN_USE"],
    body: UpdatePolicy,
    update: (principal, id, body) => services.policies.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/policies/:id",
    summary: "Delete a policy (409 while licenses use it)",
    errors: ["POLICY_IN_USE"],
    delete: (principal, id) => services.policies.delete(principal, id),
  });

  registerAttachmentRoutes(app, services, "policy");
};
