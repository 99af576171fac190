import { isUtf8 } from "node:buffer";
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from "fastify";
import { ServiceError } from "../services/errors.js";

/**
 * JSON bodies, and what an absent one means. An empty or whitespace-only body sent with
 * `content-type: application/json` (curl and many clients add the header to every request) is
 * no body, not invalid JSON. A route that declares a body schema then validates `{}`, so the
 * schema decides whether a body is required: an action whose members are all optional runs
 * with its defaults, a body with required members answers 400 VALIDATION_FAILED naming them.
 * Routes without a body schema read no body. The parser is otherwise Fastify's own (same
 * prototype-poisoning protection), with answers that say what is wrong:
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

interface DocumentedOperation {
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: { required?: unknown[] } }>;
  };
}

/**
 * OpenAPI transformObject: as above, a request body is required only when its schema has
 * required members (@fastify/swagger marks every body required).
 */
export function documentOptionalBodies<T extends { paths?: object }>(document: T): T {
  const paths = (document.paths ?? {}) as Record<string, Record<string, DocumentedOperation>>;
  for (const operations of Object.values(paths)) {
    for (const { requestBody: body } of Object.values(operations)) {
      const schema = body?.content?.["application/json"]?.schema;
      if (body && schema) body.required = (schema.required?.length ?? 0) > 0;
    }
  }
  return document;
}
