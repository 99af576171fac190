import { createHash } from "node:crypto";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { documentOptionalBodies } from "./json-body.js";
import { documentOperations } from "./openapi-operations.js";

/**
 * OpenAPI 3.1 generated from the route schemas, served at /v1/openapi.json, and its reference
 * page at /v1/docs.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Keyward API",
        version,
        description:
          "Self-hosted software licensing. Authenticate with `Authorization: Bearer <token>`; " +
          "the operations a license holder may call also take `Authorization: License <license " +
          "key>` (a license token of that license: each operation's security says which); " +
          'errors are `{"error": {"code", "message", "requestId"}}`. Any operation that needs ' +
          "the database may answer 503 `DATABASE_UNAVAILABLE` while it is unavailable: retry later.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          license: {
            type: "apiKey",
            in: "header",
            name: "Authorization",
            description: "`License <license key>`: acts as a license token of that license",
          },
        },
      },
      // A token; the operations that take a license key too say so (TOKEN_OR_LICENSE_KEY).
      security: [{ bearer: [] }],
    },
    transformObject: (document) =>
      "openapiObject" in document
        ? documentOperations(documentOptionalBodies(document.openapiObject))
        : document.swaggerObject,
  });
  app.get("/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  referencePage(app);
}

// Headers of the inner answer that the outer reply makes itself.
const OWN_HEADERS = new Set([
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "date",
]);

/**
 * /v1/docs and below, loaded on the first request: Scalar's plugin and the 3.5 MB script it
 * reads when registered held about 20 MB of every server's idle memory (issue 18.5), and most
 * servers never serve the page. The first request builds a small Fastify instance with Scalar
 * (about 0.3 s) and every request is answered by it through inject(); the API's own hooks
 * (signing, CORS) still run on the outer reply. Its not-found answers become the API's 404.
 */
function referencePage(app: FastifyInstance): void {
  let docs: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    docs ??= buildReferencePage(() => app.swagger()).catch((error: unknown) => {
      docs = undefined;
      throw error;
    });
    const inner = await (await docs).inject({
      method: request.method as "GET" | "HEAD",
      url: request.url,
      headers: request.headers,
    });
    if (inner.headers["x-keyward-docs-not-found"] !== undefined) return reply.callNotFound();
    reply.status(inner.statusCode);
    for (const [name, value] of Object.entries(inner.headers)) {
      if (value !== undefined && !OWN_HEADERS.has(name)) reply.header(name, value);
    }
    return reply.send(inner.rawPayload);
  };
  app.get("/v1/docs", { schema: { hide: true } }, forward);
  app.get("/v1/docs/*", { schema: { hide: true } }, forward);
  // Browsers ask every origin for /favicon.ico. The reference page (like an answer opened in a
  // tab) has no icon: 204, not a 404 in the console. The dashboard links its own.
  app.get("/favicon.ico", { schema: { hide: true } }, (_request, reply) =>
    reply.header("cache-control", "public, max-age=86400").status(204).send(),
  );
}

// Scalar's reference page, served entirely by this server, which may run air-gapped: the page
// at /v1/docs/, its bundled script at /v1/docs/js/scalar.js (about 3.5 MB, uncompressed), and
// the document it reads at /v1/docs/openapi.json (and .yaml), taken from @fastify/swagger.
// Scalar's fonts come from its CDN, so they are off: the page uses the system's fonts. The
// Content-Security-Policy holds the page to this origin whatever a later Scalar version tries.
async function buildReferencePage(document: () => unknown): Promise<FastifyInstance> {
  const { default: apiReference } = await import("@scalar/fastify-api-reference");
  const docs = Fastify({ logger: false });
  docs.setNotFoundHandler((_request, reply) =>
    reply.header("x-keyward-docs-not-found", "1").status(404).send(),
  );
  docs.addHook("onSend", async (_request, reply, payload) => {
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("text/html") && typeof payload === "string") {
      reply.header("content-security-policy", contentSecurityPolicy(payload));
    }
    reply.header("x-content-type-options", "nosniff");
    return payload;
  });
  await docs.register(apiReference, {
    routePrefix: "/v1/docs",
    logLevel: "warn",
    configuration: {
      pageTitle: "Keyward API",
      withDefaultFonts: false,
      // Schemas are inline in each operation; the only shared one is the error body.
      hideModels: true,
      // Off, as they would call Scalar's services: the AI agent (on by default on localhost)
      // and the developer toolbar.
      agent: { disabled: true },
      showDeveloperTools: "never",
      // The API's document (@fastify/swagger is registered on the API's instance, not here).
      content: document as () => Record<string, unknown>,
    },
  });
  await docs.ready();
  return docs;
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/**
 * Scripts from this origin plus the page's own inline start-up script (by hash); data only
 * from this origin. Styles allow 'unsafe-inline': Scalar injects its CSS at run time as
 * <style> elements, which no hash can name; the cost is that injected markup could restyle
 * the page, not run code.
 */
function contentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map(
    ([, script]) =>
      `'sha256-${createHash("sha256")
        .update(script ?? "")
        .digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
