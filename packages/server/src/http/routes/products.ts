import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { Product as ProductRow } from "../../store/schema.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  PageOf,
  PageQuery,
  pageRequest,
  Timestamp,
} from "../schemas.js";

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Identifiers = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 100 });

const ProductFields = {
  name: Name,
  code: Type.Union([
    Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9_.-]+$" }),
    Type.Null(),
  ]),
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

function present(product: ProductRow) {
  return {
    id: product.id,
    name: product.name,
    code: product.code,
    platforms: JSON.parse(product.platforms) as string[],
    appIdentifiers: JSON.parse(product.app_identifiers) as string[],
    metadata: JSON.parse(product.metadata) as Record<string, unknown>,
    createdAt: product.created_at,
    updatedAt: product.updated_at,
  };
}

/** Products: what licenses are for, with the platforms and app identifiers they allow (R1). */
export const productRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: Product });

  app.post(
    "/v1/products",
    {
      schema: {
        tags: ["products"],
        summary: "Create a product",
        body: CreateProduct,
        response: { 201: One, ...errorResponses },
      },
    },
    async (request, reply) => {
      const product = await services.products.create(request.principal, request.body);
      return reply.status(201).send({ data: present(product) });
    },
  );

  app.get(
    "/v1/products",
    {
      schema: {
        tags: ["products"],
        summary: "List products",
        querystring: PageQuery,
        response: { 200: PageOf(Product), ...errorResponses },
      },
    },
    async (request) => {
      const page = await services.products.list(request.principal, pageRequest(request.query));
      return { data: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/products/:id",
    {
      schema: {
        tags: ["products"],
        summary: "Get a product",
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.products.get(request.principal, request.params.id)),
    }),
  );

  app.patch(
    "/v1/products/:id",
    {
      schema: {
        tags: ["products"],
        summary: "Update a product",
        params: IdParams,
        body: UpdateProduct,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(
        await services.products.update(request.principal, request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    "/v1/products/:id",
    {
      schema: {
        tags: ["products"],
        summary:
          "Delete a product and its revoked or expired tokens (409 PRODUCT_HAS_TOKENS while a " +
          "token of it still works; 409 CONFLICT while policies or licenses refer to it)",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.products.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
