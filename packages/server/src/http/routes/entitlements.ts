import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { Entitlement as EntitlementRow } from "../../store/schema.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  PageOf,
  PageQuery,
  pageRequest,
  Timestamp,
} from "../schemas.js";

const Code = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9_.:-]+$" });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const Entitlement = Type.Object({
  id: Type.String(),
  code: Code,
  name: Name,
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const CreateEntitlement = Type.Object(
  { code: Code, name: Name, metadata: Type.Optional(Metadata) },
  { additionalProperties: false },
);
const UpdateEntitlement = Type.Partial(CreateEntitlement, { additionalProperties: false });

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

export function presentEntitlement(entitlement: EntitlementRow) {
  return {
    id: entitlement.id,
    code: entitlement.code,
    name: entitlement.name,
    metadata: JSON.parse(entitlement.metadata) as Record<string, unknown>,
    createdAt: entitlement.created_at,
    updatedAt: entitlement.updated_at,
  };
}

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
        params: IdParams,
        querystring: PageQuery,
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

/** Entitlements: named features (codes) that policies and licenses grant (SPEC K8). */
export const entitlementRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: Entitlement });

  app.post(
    "/v1/entitlements",
    {
      schema: {
        tags: ["entitlements"],
        summary: "Create an entitlement (code unique in the organization)",
        body: CreateEntitlement,
        response: { 201: One, ...errorResponses },
      },
    },
    async (request, reply) => {
      const entitlement = await services.entitlements.create(request.principal, request.body);
      return reply.status(201).send({ data: presentEntitlement(entitlement) });
    },
  );

  app.get(
    "/v1/entitlements",
    {
      schema: {
        tags: ["entitlements"],
        summary: "List entitlements",
        querystring: PageQuery,
        response: { 200: PageOf(Entitlement), ...errorResponses },
      },
    },
    async (request) => {
      const page = await services.entitlements.list(request.principal, pageRequest(request.query));
      return { data: page.items.map(presentEntitlement), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/entitlements/:id",
    {
      schema: {
        tags: ["entitlements"],
        summary: "Get an entitlement",
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: presentEntitlement(
        await services.entitlements.get(request.principal, request.params.id),
      ),
    }),
  );

  app.patch(
    "/v1/entitlements/:id",
    {
      schema: {
        tags: ["entitlements"],
        summary: "Update an entitlement",
        params: IdParams,
        body: UpdateEntitlement,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: presentEntitlement(
        await services.entitlements.update(request.principal, request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    "/v1/entitlements/:id",
    {
      schema: {
        tags: ["entitlements"],
        summary: "Delete an entitlement, detaching it from every policy and license",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.entitlements.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
