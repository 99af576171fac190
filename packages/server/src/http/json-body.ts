import { isUtf8 } from "node:buffer";
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  RouteOptions,
} from "fastify";
import type { ErrorCode } from "../services/error-catalogue.js";
import { ServiceError } from "../services/errors.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * true: the route reads its body itself (the offline activation routes: raw text of any
     * type, or multipart), so it is given no JSON body schema (see closeUndeclaredInputs).
     */
    ownBody?: boolean;
  }
}

/**
 * JSON bodies, and what an absent one means. An empty or whitespace-only body sent with
 * `content-type: application/json` (curl and many clients add the header to every request) is
 * no body, not invalid JSON. A route that declares a body schema then validates `{}`, so the
 * schema decides whether a body is required: an action whose members are all optional runs
 * with its defaults, a body with required members answers 400 VALIDATION_FAILED naming them.
 * Routes that declare no body schema take none (closeUndeclaredInputs). The parser is otherwise
 * Fastify's own (same prototype-poisoning protection), with answers that say what is wrong:
 *
 * - bytes that are not UTF-8 (a stray Latin-1 byte, an encoded surrogate like ED A0 80) answer
 *   400 INVALID_JSON "not valid UTF-8" rather than reaching the schema as U+FFFD. Checked on the
 *   bytes before they are decoded once: node:buffer isUtf8 (SIMD) takes ~50 ns for a /v1/check
 *   body, and the copy Fastify makes of a buffer body ~0.2 µs, beside ~1.7 µs for the parse.
 * - a `__proto__` key, or a `constructor` key holding `prototype`, anywhere in valid JSON
 *   answers 400 INVALID_JSON saying so, not "not valid JSON" (told apart only on that refusal).
 *
 * JSON is the only type: Fastify's default text/plain parser is removed, so a text/plain body
 * answers 415 UNSUPPORTED_MEDIA_TYPE like any other type rather than reaching the schema as a
 * string. Browsers send text/plain cross-origin without a preflight; such a request now stops
 * before any handler. (The offline activation routes take any type in their own scope.)
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser(
    "application/json",
    { parseAs: "buffer" },
    (request: FastifyRequest, body: string | Buffer, done) => {
      if (typeof body !== "string" && !isUtf8(body)) {
        done(new ServiceError("INVALID_JSON", NOT_UTF8), undefined);
        return;
      }
      const text = body.toString();
      if (text.trim() === "") {
        done(null, undefined);
        return;
      }
      parse(request, text, (error, value) => {
        done(
          error && isJson(text) ? new ServiceError("INVALID_JSON", PROTOTYPE_KEY) : error,
          value,
        );
      });
    },
  );
  // A callback hook (no promise per request): it runs on every route, hot ones included.
  app.addHook(
    "preValidation",
    (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (request.body === undefined && request.routeOptions.schema?.body !== undefined) {
        request.body = {};
      }
      done();
    },
  );
}

/** Methods whose requests carry a body Fastify parses (GET and HEAD may have no body schema). */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A route part that takes nothing: `{}` only (and, for a body, no body: see above). */
function nothing() {
  return { type: "object", properties: {}, additionalProperties: false };
}

/**
 * Every API route validates all of its input, whether its schema says so or not: a route that
 * declares no body schema gets a closed empty object (`{}` or no body at all, as for an
 * optional body above; a JSON `null` or any member, NUL or not, answers 400 VALIDATION_FAILED),
 * and one that declares no querystring schema a closed empty one (an unknown parameter is
 * refused as on the routes that declare theirs). Otherwise an action like
 * `POST /v1/licenses/{id}/actions/suspend` ran on a `null` body or `{"unknown": "a\u0000b"}`,
 * and `GET /v1/licenses/{id}?anything=%00` answered 200, where every route with a schema
 * answered 400 (docs/server.md, API conventions).
 *
 * An onRoute hook on the root, added before any route is registered: it sees every route of
 * every scope, so a new route cannot forget. Left alone: hidden routes (the reference page, the
 * OpenAPI document, /admin's files, /metrics, OPTIONS *: pages and documents, not operations of
 * the API, whose URLs browsers and scrapers may decorate), and the body of a route whose config
 * says `ownBody` (offline activation: Base64 text of any type, or multipart). The OpenAPI
 * document shows no request body for such an empty schema (documentOptionalBodies).
 */
export function closeUndeclaredInputs(app: FastifyInstance): void {
  app.addHook("onRoute", (route: RouteOptions) => {
    const schema = route.schema ?? {};
    if ((schema as { hide?: boolean }).hide === true) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const takesBody =
      route.config?.ownBody !== true && methods.every((method) => BODY_METHODS.has(method));
    if (schema.querystring !== undefined && (schema.body !== undefined || !takesBody)) return;
    route.schema = {
      ...schema,
      ...(schema.querystring === undefined ? { querystring: nothing() } : {}),
      ...(schema.body === undefined && takesBody ? { body: nothing() } : {}),
    };
  });
}

const NOT_UTF8 = "the body is not valid UTF-8 text";
const PROTOTYPE_KEY =
  "the body may not have a `__proto__` or `constructor.prototype` key (at any depth)";

/**
 * Whether the parser's refusal was of valid JSON (so: a prototype key). Fastify's parser, like
 * JSON.parse after it, skips a leading byte order mark.
 */
function isJson(text: string): boolean {
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return true;
  } catch {
    return false;
  }
}

interface DocumentedSchema {
  type?: unknown;
  required?: unknown[];
  properties?: object;
  additionalProperties?: unknown;
}

interface DocumentedOperation {
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: DocumentedSchema }>;
  };
  "x-error-codes"?: ErrorCode[];
}

/** What an operation that takes no body answers to one anyway (a `null`, a member, bad JSON…). */
const NO_BODY_CODES: ErrorCode[] = [
  "VALIDATION_FAILED",
  "INVALID_JSON",
  "BODY_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
];

/** A closed object without properties: a body of `{}` or none (closeUndeclaredInputs). */
function isNothing(schema: DocumentedSchema | undefined): boolean {
  return (
    schema !== undefined &&
    schema.type === "object" &&
    schema.additionalProperties === false &&
    Object.keys(schema.properties ?? {}).length === 0
  );
}

/**
 * OpenAPI transformObject: as above, a request body is required only when its schema has
 * required members (@fastify/swagger marks every body required). An operation whose body
 * schema takes nothing (closeUndeclaredInputs) shows no request body, as when it declared
 * none, and lists the codes a body sent anyway may answer. Every operation's query is closed,
 * so each may answer VALIDATION_FAILED (added by openapi-operations.ts).
 */
export function documentOptionalBodies<T extends { paths?: object }>(document: T): T {
  const paths = (document.paths ?? {}) as Record<string, Record<string, DocumentedOperation>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      const body = operation.requestBody;
      const content = Object.entries(body?.content ?? {});
      const schema = body?.content?.["application/json"]?.schema;
      if (content.length === 1 && isNothing(schema)) {
        delete operation.requestBody;
        operation["x-error-codes"] = [...(operation["x-error-codes"] ?? []), ...NO_BODY_CODES];
      } else if (body && schema) {
        body.required = (schema.required?.length ?? 0) > 0;
      }
    }
  }
  return document;
}
