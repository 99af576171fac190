import { type TSchema, Type } from "@fastify/type-provider-typebox";

// Shared pieces of route schemas: one definition each, reused by every resource.

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      requestId: Type.String(),
    }),
  },
  { $id: "Error" },
);

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: "^(100|[1-9][0-9]?)$", description: "1–100, default 25" }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 64, description: "nextCursor of the previous page" }),
    ),
  },
  { additionalProperties: false },
);

export function pageRequest(query: { limit?: string; cursor?: string }) {
  return { limit: query.limit ? Number(query.limit) : 25, cursor: query.cursor };
}

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: "free-form JSON object",
});

export const Timestamp = Type.String({ format: "date-time" });

/** Error responses every authenticated route can give, for the OpenAPI description. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
};
