import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import {
  registerCreate,
  registerDelete,
  registerGet,
  registerList,
  registerPatch,
} from "../crud.js";
import {
  Entitlement,
  EntitlementCode,
  EntitlementName,
  presentEntitlement,
} from "../presenters.js";
import { Metadata, pageQuery } from "../schemas.js";

const CreateEntitlement = Type.Object(
  { code: EntitlementCode, name: EntitlementName, metadata: Type.Optional(Metadata) },
  { additionalProperties: false },
);
const UpdateEntitlement = Type.Partial(CreateEntitlement, { additionalProperties: false });

/** Entitlements: named features (codes) that policies and licenses grant (SPEC K8). */
export const entitlementRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const doc = {
    tag: "entitlements",
    resource: {
      one: "entitlement",
      many: "entitlements",
      notFound: "ENTITLEMENT_NOT_FOUND",
    } as const,
    item: Entitlement,
    present: presentEntitlement,
  };

  registerCreate(app, {
    ...doc,
    path: "/v1/entitlements",
    summary: "Create an entitlement (code unique in the organization)",
    errors: ["CONFLICT"],
    body: CreateEntitlement,
    create: (principal, body) => services.entitlements.create(principal, body),
  });

  registerList(app, {
    ...doc,
    path: "/v1/entitlements",
    querystring: pageQuery("ent"),
    summary: "List entitlements",
    list: (principal, page) => services.entitlements.list(principal, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/entitlements/:id",
    summary: "Get an entitlement",
    get: (principal, id) => services.entitlements.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/entitlements/:id",
    summary: "Update an entitlement",
    errors: ["CONFLICT"],
    body: UpdateEntitlement,
    update: (principal, id, body) => services.entitlements.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/entitlements/:id",
    summary: "Delete an entitlement, detaching it from every policy and license",
    delete: (principal, id) => services.entitlements.delete(principal, id),
  });
};
