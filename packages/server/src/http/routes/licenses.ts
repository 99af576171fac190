import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { LICENSE_STATUSES } from "../../domain/license-status.js";
import type { Services } from "../../services/index.js";
import type { LicenseRecord } from "../../services/records.js";
import { registerAttachmentRoutes } from "../attachments.js";
import {
  registerCreate,
  registerDelete,
  registerGet,
  registerList,
  registerPatch,
} from "../crud.js";
import { License, Overrides, presentLicense } from "../presenters.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  MetadataFilter,
  Nullable,
  oneOf,
  pageQuery,
  Timestamp,
} from "../schemas.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Name = Nullable(Type.String({ minLength: 1, maxLength: 200 }));
const UserId = Nullable(Id);

const CreateLicense = Type.Object(
  {
    productId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "optional: the policy names the product; when given and not the policy's, 422 " +
          "POLICY_PRODUCT_MISMATCH",
      }),
    ),
    policyId: Id,
    userId: Type.Optional(UserId),
    expiresAt: Type.Optional(
      Nullable(Timestamp, {
        description:
          "the expiry instead of the policy's (null: none for now); a policy whose clock starts " +
          "at the first activation or validation starts it only on a license without one",
      }),
    ),
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
    importedKey: Type.Optional(
      Type.String({
        minLength: 8,
        maxLength: 4096,
        description:
          "a key already in customers' hands, issued by another system (a Keygen signed key, " +
          "say): stored verbatim on any policy and found by its hash, never parsed, signed or " +
          "checked; not with `key`",
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
    policyId: Type.Optional(
      Type.String({
        ...Id,
        description:
          "moves the license to this policy of its product (an upgrade, trial → paid); it " +
          "keeps its key, overrides, expiry, machines and uses, which must fit the new rules",
      }),
    ),
    overrides: Type.Optional(Overrides),
    metadata: Type.Optional(Metadata),
    expiresAt: Type.Optional(Nullable(Timestamp)),
  },
  { additionalProperties: false },
);

const LicenseQuery = Type.Object(
  {
    ...pageQuery("lic").properties,
    productId: Type.Optional(Id),
    policyId: Type.Optional(Id),
    userId: Type.Optional(
      Type.String({
        ...Id,
        description: "only the licenses of this user (another organization's user: none)",
      }),
    ),
    metadata: Type.Optional(MetadataFilter("licenses")),
    handshakeCodeId: Type.Optional(
      Type.String({ ...Id, description: "only licenses bound to this handshake code" }),
    ),
    status: Type.Optional(oneOf(LICENSE_STATUSES)),
    q: Type.Optional(
      Type.String({
        maxLength: 255,
        description:
          "search, ignoring case: the license whose key or id is exactly this, and the " +
          "licenses whose name, user's email or name, or a top-level metadata value (or " +
          "`key:value`) contains it; under 3 characters, starts with it",
      }),
    ),
    expiresBefore: Type.Optional(
      Type.String({
        format: "date-time",
        description: "only licenses that expire before this time (never those without expiry)",
      }),
    ),
    expiresAfter: Type.Optional(
      Type.String({
        format: "date-time",
        description: "only licenses that expire after this time (never those without expiry)",
      }),
    ),
  },
  { additionalProperties: false },
);

const CountsQuery = Type.Object({ productId: Type.Optional(Id) }, { additionalProperties: false });

const Count = Type.Integer({ minimum: 0 });
const LicenseCounts = Type.Object({
  active: Count,
  suspended: Count,
  expired: Count,
  revoked: Count,
  total: Count,
});

const ACTIONS = ["suspend", "reinstate", "renew", "revoke"] as const;

/** Licenses: keys issued under a policy, with their state and actions. */
export const licenseRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: License });

  const present = (license: LicenseRecord) =>
    presentLicense(license, services.licenses.status(license));

  const doc = {
    tag: "licenses",
    resource: { one: "license", many: "licenses", notFound: "LICENSE_NOT_FOUND" } as const,
    item: License,
    present,
  };

  registerCreate(app, {
    ...doc,
    path: "/v1/licenses",
    summary: "Create a license; its key is generated per the policy's scheme",
    body: CreateLicense,
    create: (principal, body) => services.licenses.create(principal, body),
    description:
      "Creates a license of a policy (and so of its product), optionally for a user. The key " +
      "is made by the policy's scheme: a random plain key, the `key` given, or a signed " +
      "cryptographic key. The license starts active; its expiry comes from the policy's " +
      "duration unless `expiresAt` is given.",
    errors: [
      "POLICY_NOT_FOUND",
      "USER_NOT_FOUND",
      "POLICY_PRODUCT_MISMATCH",
      "INVALID_KEY",
      "INVALID_OVERRIDES",
      "INVALID_LICENSE",
      "KEY_TAKEN",
      "CONFLICT",
    ],
  });

  registerList(app, {
    ...doc,
    path: "/v1/licenses",
    summary:
      "List licenses, filtered by product, policy, user, status, expiry or metadata, or searched",
    description:
      "Lists licenses in creation order, a page at a time (`nextCursor` back as `cursor`). " +
      "`q` finds a license by its exact key (looked up by the key's hash) or id, or by part " +
      "of its name, its user's email or name, or a metadata value (`acme` finds " +
      "`Big Acme Corp`, `@acme.com` its users' licenses, `plan:pro` the metadata key and " +
      "value), ignoring case; a `q` under 3 characters matches only the start of those. " +
      "`metadata[key]=value` keeps the licenses whose metadata holds exactly that value " +
      "(case-sensitive, whole: `metadata[stripeCustomerId]=cus_ABC123` never finds " +
      "`cus_ABC1234`), `userId` one user's licenses. " +
      "The other filters narrow the result; pages stay in creation order.",
    querystring: LicenseQuery,
    list: (principal, page, query) =>
      services.licenses.list(
        principal,
        {
          productId: query.productId,
          policyId: query.policyId,
          userId: query.userId,
          metadata: query.metadata,
          handshakeCodeId: query.handshakeCodeId,
          status: query.status,
          q: query.q,
          expiresBefore: query.expiresBefore,
          expiresAfter: query.expiresAfter,
        },
        page,
      ),
  });

  app.get(
    "/v1/licenses/counts",
    {
      schema: {
        tags: ["licenses"],
        operationId: "countLicenses",
        summary: "Count licenses by status (all, or one product's)",
        description:
          "Answers how many licenses are active, suspended, expired and revoked now, and " +
          "their total: the organization's (admin tokens), one product's (`productId`), or " +
          "the product token's own product.",
        querystring: CountsQuery,
        response: { 200: Type.Object({ data: LicenseCounts }), ...errorResponses },
      },
    },
    async (request) => ({
      data: await services.licenses.counts(request.principal, request.query),
    }),
  );

  registerGet(app, {
    ...doc,
    path: "/v1/licenses/:id",
    summary: "Get a license",
    licenseKey: true,
    get: (principal, id) => services.licenses.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/licenses/:id",
    summary: "Update a license's name, user, policy, overrides, metadata or expiry",
    description:
      "Changes the fields the body names, leaves the others as they are, and answers the " +
      "license. `policyId` moves it to another policy of its product (an upgrade or a " +
      "downgrade): the license keeps its key, overrides, expiry (send `expiresAt` with the " +
      "move to change it), machines, uses and its own entitlements, and follows the new " +
      "policy's rules and entitlements from then on. Refused, with nothing changed, for a " +
      "policy of another product (422 POLICY_PRODUCT_MISMATCH), for a signed or encrypted " +
      "key and a policy of another key scheme (409 KEY_SCHEME_MISMATCH; a plain key moves to " +
      "any policy), for overrides that break the new rules (400 INVALID_OVERRIDES), and while " +
      "the license has more machines or uses than the new rules allow with their overage (409 " +
      "POLICY_LIMITS_EXCEEDED: deactivate machines first, or send overrides that allow them " +
      "with the move).",
    errors: [
      "USER_NOT_FOUND",
      "POLICY_NOT_FOUND",
      "POLICY_PRODUCT_MISMATCH",
      "KEY_SCHEME_MISMATCH",
      "POLICY_LIMITS_EXCEEDED",
      "INVALID_OVERRIDES",
      "INVALID_LICENSE",
    ],
    body: UpdateLicense,
    update: (principal, id, body) => services.licenses.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/licenses/:id",
    summary: "Delete a license",
    description:
      "Deletes the license with its machines and entitlement links; its tokens are revoked. " +
      "Answers 204 with no body.",
    delete: (principal, id) => services.licenses.delete(principal, id),
  });

  for (const action of ACTIONS) {
    app.post(
      `/v1/licenses/:id/actions/${action}`,
      {
        schema: {
          tags: ["licenses"],
          operationId: `${action}License`,
          description: {
            suspend:
              "Suspends the license: validations answer SUSPENDED and no machine activates " +
              "until it is reinstated. Suspending a suspended license changes nothing.",
            reinstate:
              "Lifts a suspension: the license works again. Reinstating an active license " +
              "changes nothing.",
            renew:
              "Moves the expiry forward by the policy's duration, counted from the later of " +
              "now and the current expiry. 409 LICENSE_NOT_RENEWABLE when the policy has no " +
              "duration.",
            revoke:
              "Revokes the license for good: it never works again and no action applies to " +
              "it afterwards (409 LICENSE_REVOKED).",
          }[action],
          "x-error-codes": [
            "LICENSE_NOT_FOUND",
            "LICENSE_REVOKED",
            ...(action === "renew"
              ? (["POLICY_NOT_FOUND", "LICENSE_NOT_RENEWABLE", "CONFLICT"] as const)
              : []),
          ],
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
