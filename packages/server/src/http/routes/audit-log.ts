import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { AUDIT_RESOURCE_TYPES } from "../../services/audit.js";
import type { Services } from "../../services/index.js";
import type { AuditEntryRecord } from "../../services/records.js";
import { registerList } from "../crud.js";
import { Metadata, Nullable, oneOf, pageQuery, Timestamp } from "../schemas.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });

const AuditEntry = Type.Object({
  id: Type.String(),
  actor: Type.Object({
    kind: oneOf(["admin", "product", "license", "handshake_code", "system"] as const),
    tokenId: Nullable(Type.String()),
    licenseId: Nullable(Type.String()),
  }),
  action: Type.String(),
  resource: Type.Object({ type: oneOf(AUDIT_RESOURCE_TYPES), id: Type.String() }),
  requestId: Nullable(Type.String()),
  sourceIp: Nullable(Type.String()),
  before: Nullable(Metadata),
  after: Nullable(Metadata),
  createdAt: Timestamp,
});

const AuditQuery = Type.Object(
  {
    ...pageQuery("aud").properties,
    resourceType: Type.Optional(oneOf(AUDIT_RESOURCE_TYPES)),
    resourceId: Type.Optional(Id),
    actor: Type.Optional(Id),
    since: Type.Optional(Timestamp),
    until: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

function present(entry: AuditEntryRecord) {
  return {
    id: entry.id,
    actor: entry.actor,
    action: entry.action,
    resource: {
      type: entry.resource.type as (typeof AUDIT_RESOURCE_TYPES)[number],
      id: entry.resource.id,
    },
    requestId: entry.requestId,
    sourceIp: entry.sourceIp,
    before: entry.before,
    after: entry.after,
    createdAt: entry.createdAt,
  };
}

/** The audit log: who changed what, read-only (admin tokens). */
export const auditLogRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  registerList(app, {
    tag: "audit-log",
    resource: { one: "auditEntry", many: "auditEntries" },
    description:
      "The audit log: one entry per change an API caller made (organization, tokens, keys, " +
      "products, policies, licenses, machines, users, handshake codes, entitlements), oldest " +
      "first, a page at a time (`nextCursor` back as `cursor`). Each names the actor (token id " +
      "and kind, or the license of a license key), the action and resource, the request id and " +
      "source address, and the changed fields before and after, secrets shown as " +
      '"[redacted]". `resourceType`, `resourceId`, `actor` (a token or license id) and the ' +
      "time range `since` (inclusive) to `until` (exclusive) narrow it. Read-only: entries are " +
      "never changed or deleted through the API; KEYWARD_AUDIT_RETENTION_DAYS bounds their " +
      "age. Admin tokens only.",
    item: AuditEntry,
    present,
    path: "/v1/audit-log",
    summary: "List audit entries, filtered by resource, actor and time",
    errors: ["INVALID_TIME_RANGE"],
    querystring: AuditQuery,
    list: (principal, page, { resourceType, resourceId, actor, since, until }) =>
      services.audit.list(principal, { resourceType, resourceId, actor, since, until }, page),
  });
};
