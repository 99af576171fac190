import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { parseValidationFields } from "../../services/handshake-codes.js";
import type { Services } from "../../services/index.js";
import type { HandshakeCode as HandshakeCodeRow } from "../../store/schema.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  PageOf,
  PageQuery,
  pageRequest,
  Timestamp,
} from "../schemas.js";

const Code = Type.String({
  minLength: 6,
  maxLength: 64,
  pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
  description: "generated (16 Crockford base32 characters in groups of four) when absent",
});
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
  name: Type.Union([Type.String(), Type.Null()]),
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
    name: Type.Optional(Type.Union([Name, Type.Null()])),
    sessionPassword: Type.Optional(Type.Union([SessionPassword, Type.Null()])),
    isDefault: Type.Optional(Type.Boolean()),
    validationFields: Type.Optional(ValidationFieldsInput),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

// The code itself is immutable: deployed apps embed it (SPEC T11).
const UpdateHandshakeCode = Type.Object(
  {
    name: Type.Optional(Type.Union([Name, Type.Null()])),
    sessionPassword: Type.Optional(Type.Union([SessionPassword, Type.Null()])),
    isDefault: Type.Optional(Type.Boolean()),
    validationFields: Type.Optional(ValidationFieldsInput),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

function present(code: HandshakeCodeRow) {
  return {
    id: code.id,
    code: code.code,
    name: code.name,
    isDefault: code.is_default === 1,
    hasSessionPassword: code.session_password_hash !== null,
    validationFields: parseValidationFields(code.validation_fields),
    metadata: JSON.parse(code.metadata) as Record<string, unknown>,
    createdAt: code.created_at,
    updatedAt: code.updated_at,
  };
}

/** Handshake codes (SPEC T2–T5): how devices find an organization's licenses. */
export const handshakeCodeRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: HandshakeCode });

  app.post(
    "/v1/handshake-codes",
    {
      schema: {
        tags: ["handshake codes"],
        summary: "Create a handshake code (the organization's first becomes its default)",
        body: CreateHandshakeCode,
        response: { 201: One, ...errorResponses },
      },
    },
    async (request, reply) => {
      const code = await services.handshakeCodes.create(request.principal, request.body);
      return reply.status(201).send({ data: present(code) });
    },
  );

  app.get(
    "/v1/handshake-codes",
    {
      schema: {
        tags: ["handshake codes"],
        summary: "List handshake codes",
        querystring: PageQuery,
        response: { 200: PageOf(HandshakeCode), ...errorResponses },
      },
    },
    async (request) => {
      const page = await services.handshakeCodes.list(
        request.principal,
        pageRequest(request.query),
      );
      return { data: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/handshake-codes/:id",
    {
      schema: {
        tags: ["handshake codes"],
        summary: "Get a handshake code",
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.handshakeCodes.get(request.principal, request.params.id)),
    }),
  );

  app.patch(
    "/v1/handshake-codes/:id",
    {
      schema: {
        tags: ["handshake codes"],
        summary:
          "Update a handshake code (isDefault: true replaces the old default; sessionPassword: null removes it)",
        params: IdParams,
        body: UpdateHandshakeCode,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(
        await services.handshakeCodes.update(request.principal, request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    "/v1/handshake-codes/:id",
    {
      schema: {
        tags: ["handshake codes"],
        summary: "Delete a handshake code (409 for the default while other codes exist)",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.handshakeCodes.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
