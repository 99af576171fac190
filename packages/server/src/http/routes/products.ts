import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { ProductRecord } from "../../services/records.js";
import {
  registerCreate,
  registerDelete,
  registerGet,
  registerList,
  registerPatch,
} from "../crud.js";
import { Metadata, Nullable, pageQuery, StringMatching, Timestamp } from "../schemas.js";

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Identifiers = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 100 });

const ProductFields = {
  name: Name,
  code: Nullable(
    StringMatching("^[A-Za-z0-9_.-]+$", "must contain only letters, digits, '.', '_' and '-'", {
      minLength: 1,
      maxLength: 100,
    }),
  ),
  platforms: Identifiers,
  appIdentifiers: Identifiers,
  metadata: Metadata,
};

const Product = Type.Object({
  id: Type.String(),
  ...ProductFields,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const CreateProduct = Type.Object(
  {
    name: Name,
    code: Type.Optional(ProductFields.code),
    platforms: Type.Optional(Identifiers),
    appIdentifiers: Type.Optional(Identifiers),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

const UpdateProduct = Type.Partial(CreateProduct, { additionalProperties: false });

function present(product: ProductRecord) {
  return {
    id: product.id,
    name: product.name,
    code: product.code,
    platforms: product.platforms,
    appIdentifiers: product.appIdentifiers,
    metadata: product.metadata,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

/** Products: what licenses are for, with the platforms and app identifiers they allow (R1). */
export const productRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const doc = {
    tag: "products",
    resource: { one: "product", many: "products", notFound: "PRODUCT_NOT_FOUND" } as const,
    item: Product,
    present,
  };

  registerCreate(app, {
    ...doc,
    path: "/v1/products",
    summary: "Create a product",
    errors: ["CONFLICT"],
    body: CreateProduct,
    create: (principal, body) => services.products.create(principal, body),
  });

  registerList(app, {
    ...doc,
    path: "/v1/products",
    querystring: pageQuery("prod"),
    summary: "List products",
    list: (principal, page) => services.products.list(principal, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/products/:id",
    summary: "Get a product",
    get: (principal, id) => services.products.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/products/:id",
    summary: "Update a product",
    errors: ["CONFLICT"],
    body: UpdateProduct,
    update: (principal, id, body) => services.products.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/products/:id",
    summary:
      "Delete a product and its revoked or expired tokens (409 PRODUCT_HAS_TOKENS while a " +
      "token of it still works; 409 PRODUCT_IN_USE while it has policies)",
    errors: ["PRODUCT_HAS_TOKENS", "PRODUCT_IN_USE", "CONFLICT"],
    delete: (principal, id) => services.products.delete(principal, id),
  });
};
