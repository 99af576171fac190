import type { FastifyInstance, FastifyRequest } from "fastify";

// Methods whose requests normally carry no body: an empty body sent with
// `content-type: application/json` (many HTTP clients add the header to every request) is no
// body at all, not invalid JSON. POST, PUT and PATCH keep the strict default.
const BODILESS = new Set(["DELETE", "GET", "HEAD", "OPTIONS"]);

/**
 * Replaces the application/json parser with Fastify's own (same prototype-poisoning
 * protection), except that an empty or whitespace-only body on a bodiless method parses to
 * undefined instead of failing with INVALID_JSON.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    (request: FastifyRequest, body: string | Buffer, done) => {
      if (BODILESS.has(request.method) && String(body).trim() === "") {
        done(null, undefined);
        return;
      }
      parse(request, String(body), done);
    },
  );
}
