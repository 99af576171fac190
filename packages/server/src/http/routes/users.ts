import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import { userView } from "../../services/users.js";
import {
  registerCreate,
  registerDelete,
  registerGet,
  registerList,
  registerPatch,
} from "../crud.js";
import {
  Metadata,
  MetadataFilter,
  Nullable,
  pageQuery,
  StringMatching,
  Timestamp,
} from "../schemas.js";

const Email = Type.String({ format: "email", minLength: 3, maxLength: 254 });
const Username = StringMatching(
  "^[A-Za-z0-9][A-Za-z0-9._@+-]*$",
  "must start with a letter or digit and contain only letters, digits, '.', '_', '@', '+' and '-'",
  { minLength: 1, maxLength: 100 },
);
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Password = Type.String({
  minLength: 8,
  maxLength: 1024,
  description: "write-only; stored as a scrypt hash",
});

const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  username: Nullable(Type.String()),
  name: Nullable(Type.String()),
  hasPassword: Type.Boolean(),
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const CreateUser = Type.Object(
  {
    email: Email,
    username: Type.Optional(Nullable(Username)),
    name: Type.Optional(Nullable(Name)),
    password: Type.Optional(Nullable(Password)),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

const UpdateUser = Type.Partial(CreateUser, { additionalProperties: false });

const UserQuery = Type.Object(
  {
    ...pageQuery("usr").properties,
    email: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 254,
        description:
          "only the user with this email, ignoring case (emails are unique per organization)",
      }),
    ),
    metadata: Type.Optional(MetadataFilter("users")),
  },
  { additionalProperties: false },
);

/** Users: licensees, with an optional password for username/password licenses (SPEC L4). */
export const userRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const doc = {
    tag: "users",
    resource: { one: "user", many: "users", notFound: "USER_NOT_FOUND" } as const,
    item: User,
    present: userView,
  };

  registerCreate(app, {
    ...doc,
    path: "/v1/users",
    summary: "Create a user (email and username unique per organization, case-insensitive)",
    errors: ["EMAIL_TAKEN", "USERNAME_TAKEN"],
    body: CreateUser,
    create: (principal, body) => services.users.create(principal, body),
  });

  registerList(app, {
    ...doc,
    path: "/v1/users",
    querystring: UserQuery,
    summary: "List users, filtered by email or metadata",
    list: (principal, page, { email, metadata }) =>
      services.users.list(principal, { email, metadata }, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/users/:id",
    summary: "Get a user",
    get: (principal, id) => services.users.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/users/:id",
    summary: "Update a user (password: null removes it)",
    errors: ["EMAIL_TAKEN", "USERNAME_TAKEN"],
    body: UpdateUser,
    update: (principal, id, body) => services.users.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/users/:id",
    summary: "Delete a user (409 while licenses name the user)",
    errors: ["USER_HAS_LICENSES"],
    delete: (principal, id) => services.users.delete(principal, id),
  });
};
