import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { HandshakeCodeRecord } from "../../services/records.js";
import {
  registerCreate,
  registerDelete,
  registerGet,
  registerList,
  registerPatch,
} from "../crud.js";
import { Metadata, Nullable, pageQuery, StringMatching, Timestamp } from "../schemas.js";

const Code = StringMatching(
  "^[A-Za-z0-9][A-Za-z0-9._-]*$",
  "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'",
  {
    minLength: 6,
    maxLength: 64,
    description: "generated (16 Crockford base32 characters in groups of four) when absent",
  },
);
const Name = Type.String({ minLength: 1, maxLength: 200 });
const SessionPassword = Type.String({
  minLength: 8,
  maxLength: 1024,
  description: "write-only; stored as a scrypt hash (SPEC T4)",
});
const Values = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 100 });

const ValidationFields = Type.Object(
  { domains: Values, processNames: Values, appIdentifiers: Values },
  { description: "SPEC T5: clients must send a listed value; an empty list allows any" },
);
const ValidationFieldsInput = Type.Partial(ValidationFields, { additionalProperties: false });

const HandshakeCode = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Nullable(Type.String()),
  isDefault: Type.Boolean(),
  hasSessionPassword: Type.Boolean(),
  validationFields: ValidationFields,
  metadata: Metadata,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const CreateHandshakeCode = Type.Object(
  {
    code: Type.Optional(Code),
    name: Type.Optional(Nullable(Name)),
    sessionPassword: Type.Optional(Nullable(SessionPassword)),
    isDefault: Type.Optional(Type.Boolean()),
    validationFields: Type.Optional(ValidationFieldsInput),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

// The code itself is immutable: deployed apps embed it (SPEC T11).
const UpdateHandshakeCode = Type.Object(
  {
    name: Type.Optional(Nullable(Name)),
    sessionPassword: Type.Optional(Nullable(SessionPassword)),
    isDefault: Type.Optional(Type.Boolean()),
    validationFields: Type.Optional(ValidationFieldsInput),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

function present(code: HandshakeCodeRecord) {
  return {
    id: code.id,
    code: code.code,
    name: code.name,
    isDefault: code.isDefault,
    hasSessionPassword: code.sessionPasswordHash !== null,
    validationFields: code.validationFields,
    metadata: code.metadata,
    createdAt: code.createdAt,
    updatedAt: code.updatedAt,
  };
}

/** Handshake codes (SPEC T2–T5): how devices find an organization's licenses. */
export const handshakeCodeRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const doc = {
    tag: "handshake codes",
    resource: {
      one: "handshakeCode",
      many: "handshakeCodes",
      notFound: "HANDSHAKE_CODE_NOT_FOUND",
    } as const,
    item: HandshakeCode,
    present,
  };

  registerCreate(app, {
    ...doc,
    path: "/v1/handshake-codes",
    summary: "Create a handshake code (the organization's first becomes its default)",
    errors: ["HANDSHAKE_CODE_TAKEN"],
    body: CreateHandshakeCode,
    create: (principal, body) => services.handshakeCodes.create(principal, body),
  });

  registerList(app, {
    ...doc,
    path: "/v1/handshake-codes",
    querystring: pageQuery("hsc"),
    summary: "List handshake codes",
    list: (principal, page) => services.handshakeCodes.list(principal, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/handshake-codes/:id",
    summary: "Get a handshake code",
    get: (principal, id) => services.handshakeCodes.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/handshake-codes/:id",
    summary:
      "Update a handshake code (isDefault: true replaces the old default; sessionPassword: null removes it)",
    errors: ["HANDSHAKE_CODE_TAKEN", "HANDSHAKE_CODE_IS_DEFAULT"],
    body: UpdateHandshakeCode,
    update: (principal, id, body) => services.handshakeCodes.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/handshake-codes/:id",
    summary: "Delete a handshake code (409 for the default while other codes exist)",
    errors: ["HANDSHAKE_CODE_IS_DEFAULT", "HANDSHAKE_CODE_IN_USE"],
    delete: (principal, id) => services.handshakeCodes.delete(principal, id),
  });
};
