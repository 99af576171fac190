import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from "fastify";

/**
 * JSON bodies, and what an absent one means. An empty or whitespace-only body sent with
 * `content-type: application/json` (curl and many clients add the header to every request) is
 * no body, not invalid JSON. A route that declares a body schema then validates `{}`, so the
 * schema decides whether a body is required: an action whose members are all optional runs
 * with its defaults, a body with required members answers 400 VALIDATION_FAILED naming them.
 * Routes without a body schema read no body. The parser is otherwise Fastify's own (same
 * prototype-poisoning protection).
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
    { parseAs: "string" },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = String(body);
      if (text.trim() === "") {
        done(null, undefined);
        return;
      }
      parse(request, text, done);
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
