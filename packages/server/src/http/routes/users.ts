import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { User as UserRow } from "../../store/schema.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  PageOf,
  PageQuery,
  pageRequest,
  Timestamp,
} from "../schemas.js";

const Email = Type.String({ format: "email", minLength: 3, maxLength: 254 });
const Username = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: "^[A-Za-z0-9][A-Za-z0-9._@+-]*$",
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Password = Type.String({
  minLength: 8,
  maxLength: 1024,
  description: "write-only; stored as a scrypt hash",
});

const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  hasPassword: Type.Boolean(),
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const CreateUser = Type.Object(
  {
    email: Email,
    username: Type.Optional(Type.Union([Username, Type.Null()])),
    name: Type.Optional(Type.Union([Name, Type.Null()])),
    password: Type.Optional(Type.Union([Password, Type.Null()])),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

const UpdateUser = Type.Partial(CreateUser, { additionalProperties: false });

function present(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    name: user.name,
    hasPassword: user.password_hash !== null,
    metadata: JSON.parse(user.metadata) as Record<string, unknown>,
    createdAt: user.created_at,
    updatedAt: user.updated_at,
  };
}

/** Users: licensees, with an optional password for username/password licenses (SPEC L4). */
export const userRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: User });

  app.post(
    "/v1/users",
    {
      schema: {
        tags: ["users"],
        summary: "Create a user (email and username unique per organization, case-insensitive)",
        body: CreateUser,
        response: { 201: One, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await services.users.create(request.principal, request.body);
      return reply.status(201).send({ data: present(user) });
    },
  );

  app.get(
    "/v1/users",
    {
      schema: {
        tags: ["users"],
        summary: "List users",
        querystring: PageQuery,
        response: { 200: PageOf(User), ...errorResponses },
      },
    },
    async (request) => {
      const page = await services.users.list(request.principal, pageRequest(request.query));
      return { data: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/users/:id",
    {
      schema: {
        tags: ["users"],
        summary: "Get a user",
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.users.get(request.principal, request.params.id)),
    }),
  );

  app.patch(
    "/v1/users/:id",
    {
      schema: {
        tags: ["users"],
        summary: "Update a user (password: null removes it)",
        params: IdParams,
        body: UpdateUser,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(
        await services.users.update(request.principal, request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    "/v1/users/:id",
    {
      schema: {
        tags: ["users"],
        summary: "Delete a user (409 while licenses name the user)",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.users.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
