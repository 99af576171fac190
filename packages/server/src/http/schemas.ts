import {
  type Static,
  type TSchema,
  type TSchemaOptions,
  type TUnsafe,
  Type,
} from "@fastify/type-provider-typebox";
import { type IdPrefix, idPattern } from "../ids.js";

// Shared pieces of route schemas: one definition each, reused by every resource.

/** A string from a fixed list (a JSON Schema enum typed as the union of the values). */
export const oneOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: "string", enum: [...values] });

/**
 * A rotation's `keepPreviousSeconds` (the webhook secret's, the offline keys'): how long the old
 * secret keeps working beside the new one, 0 (the default: a leaked secret stops at once) to a
 * year; `description` says what "working" means for that secret.
 */
export const KeepPreviousSeconds = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, maximum: 365 * 86_400, description }));

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      requestId: Type.String(),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            path: Type.String({
              description: "the field: `body.overrides.maxMachines`, `query.limit`, `params.id`",
            }),
            message: Type.String(),
            allowedValues: Type.Optional(
              Type.Array(Type.Unknown(), { description: "the values an enum field takes" }),
            ),
          }),
          {
            description: "VALIDATION_FAILED only: every problem found (the first 20)",
          },
        ),
      ),
    }),
  },
  { $id: "Error" },
);

/**
 * What a value failing a pattern must be, said in words in its 400 VALIDATION_FAILED instead of
 * the pattern (http/errors.ts), by the pattern's source. Every pattern of a route is made by
 * StringMatching, so every one is here (test/openapi.test.ts walks the document for them).
 */
export const PATTERN_MESSAGES = new Map<string, string>();

/** A string schema whose pattern is said as `message` ("must …") when a value fails it. */
export function StringMatching(pattern: string, message: string, options: TSchemaOptions = {}) {
  const known = PATTERN_MESSAGES.get(pattern);
  if (known !== undefined && known !== message) {
    throw new Error(`pattern ${pattern} explained twice: "${known}" and "${message}"`);
  }
  PATTERN_MESSAGES.set(pattern, message);
  return Type.String({ ...options, pattern });
}

/** Base64url without padding (nonces, hashed ids, the parts of an encrypted answer). */
export const BASE64URL_PATTERN = "^[A-Za-z0-9_-]+$";
export const BASE64URL_MESSAGE = "must contain only letters, digits, - and _ (base64url)";

/** A client's nonce, echoed in the signed answer it asked for. */
export const Nonce = StringMatching(BASE64URL_PATTERN, BASE64URL_MESSAGE, {
  minLength: 8,
  maxLength: 64,
});

/** Names a client or vendor chooses: device ids, identifiers. */
export const IDENTIFIER_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
export const IDENTIFIER_MESSAGE =
  "must start with a letter or digit and contain only letters, digits, '.', '_', ':' and '-'";

/** `limit` of a page: 1–100 written plainly (no sign, exponent or leading zero). */
const PageLimit = StringMatching("^(100|[1-9][0-9]?)$", "must be an integer from 1 to 100", {
  description: "1–100, default 25",
});

/**
 * The query of a list paged by the ids of its items (`prod` for products): `limit`, and `cursor`,
 * the nextCursor of an earlier page, which is an id of that kind. Anything else is refused: a
 * cursor the list could not have given would otherwise silently answer the first page or none.
 */
export function pageQuery(prefix: IdPrefix) {
  return Type.Object(
    {
      limit: Type.Optional(PageLimit),
      cursor: Type.Optional(
        StringMatching(
          idPattern(prefix),
          `must be the nextCursor of an earlier page of this list: an id starting ${prefix}_`,
          { description: "nextCursor of the previous page" },
        ),
      ),
    },
    { additionalProperties: false },
  );
}

export function pageRequest(query: { limit?: string; cursor?: string }) {
  return { limit: query.limit ? Number(query.limit) : 25, cursor: query.cursor };
}

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    nextCursor: Nullable(Type.String()),
  });
}

/**
 * `schema` or null, as a JSON Schema type list (`"type": ["string", "null"]`) rather than an
 * `anyOf`: fast-json-stringify writes a type list after a typeof check, whereas for `anyOf` it
 * first validates the value against each branch with AJV (date-time formats and all), which cost
 * more than the rest of a validation answer. OpenAPI 3.1 documents type lists as they are.
 */
export function Nullable<T extends TSchema>(
  schema: T,
  options: TSchemaOptions = {},
): TUnsafe<Static<T> | null> {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown };
  if (typeof type !== "string") {
    throw new Error(`Nullable takes a schema of one type, not ${JSON.stringify(schema)}`);
  }
  return Type.Unsafe<Static<T> | null>({
    ...schema,
    ...options,
    type: [type, "null"],
    ...(Array.isArray(values) ? { enum: [...values, null] } : {}),
  });
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: "free-form JSON object",
});

export const Timestamp = Type.String({ format: "date-time" });

/** Metadata keys a list can filter on: 1–64 of `A-Z a-z 0-9 _ . : -`, not starting with . : -. */
export const METADATA_FILTER_KEY_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$";
/** Keys one metadata filter names at most (ANDed). */
export const MAX_METADATA_FILTER_KEYS = 8;
/** Longest value a metadata filter compares (in characters). */
export const MAX_METADATA_FILTER_VALUE = 500;

/**
 * `metadata[key]=value` on a list (one or more keys, ANDed): the items whose top-level metadata
 * holds exactly that value under that key (store/metadata-filter.ts). Sent as a deepObject
 * parameter and folded from `metadata[…]` by http/query-string.ts; a key of another form, more
 * than MAX_METADATA_FILTER_KEYS keys, a repeated key or a longer value → 400 VALIDATION_FAILED.
 */
export function MetadataFilter(items: string) {
  return Type.Unsafe<Record<string, string>>({
    type: "object",
    patternProperties: {
      [METADATA_FILTER_KEY_PATTERN]: { type: "string", maxLength: MAX_METADATA_FILTER_VALUE },
    },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: MAX_METADATA_FILTER_KEYS,
    description:
      `only ${items} whose top-level metadata has exactly these values, as ` +
      "`metadata[key]=value` (up to 8 keys, all must match; keys 1–64 of `A-Z a-z 0-9 _ . : -`, " +
      "values up to 500 characters): compared case-sensitively, whole. A value matches a " +
      "string equal to it; one written as a JSON number (`5`, `-1.5`) also a number equal to " +
      "it, `true`/`false` also that boolean; never null, an object or an array",
  });
}

/** A feature name of trackable usage (report counters, quotas, usage filters). */
export const FEATURE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$";
export const Feature = (options: TSchemaOptions = {}) =>
  StringMatching(
    FEATURE_PATTERN,
    "must be 1–100 characters, start with a letter or digit and contain only letters, digits, " +
      "'.', '_', ':' and '-'",
    options,
  );

/** Error responses every authenticated route can give, for the OpenAPI description. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
};

/**
 * The security of an operation a license holder may call: a token, or the license key itself as
 * `Authorization: License <key>` (a license token of its license, services/principal.ts). Every
 * other authenticated operation takes a token only (openapi.ts's default), and `security: []`
 * none. The services decide what a key may do; cors.happy.test.ts calls every operation with a
 * key and fails, naming it, when that and these declarations differ. CORS opens the operations
 * that declare it to the client origins (cors.ts).
 */
export const TOKEN_OR_LICENSE_KEY: Array<Record<string, string[]>> = [
  { bearer: [] },
  { license: [] },
];
