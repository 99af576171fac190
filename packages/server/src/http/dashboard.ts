// The admin dashboard (packages/dashboard) at /admin: its built files, read into memory when
// the app starts (a few hundred KB; gzipped once here rather than on every request). A rebuilt
// dashboard is picked up by the next start. Same origin as the API, so no CORS is needed.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "../services/errors.js";

export interface DashboardOptions {
  /** The dashboard's built files (packages/dashboard/dist), with index.html at the top. */
  dir: string;
}

/** Only this origin's own files: no inline script or style, nothing from another origin. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

interface DashboardFile {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
  etag: string;
  /** Vite names everything under assets/ by its content hash: it never changes. */
  immutable: boolean;
}

/** Every file under `dir`, keyed by its path below it ("index.html", "assets/index-….js"). */
function readFiles(dir: string, prefix = ""): Map<string, DashboardFile> {
  const files = new Map<string, DashboardFile>();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      for (const [name, file] of readFiles(dir, path)) files.set(name, file);
      continue;
    }
    const type = TYPES[extname(entry.name)];
    if (!entry.isFile() || type === undefined) continue;
    const body = readFileSync(join(dir, path));
    const gzipped = /^text\/|svg/.test(type) && body.length > 1024 ? gzipSync(body) : null;
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
    files.set(path, { body, gzipped, type, etag, immutable: path.startsWith("assets/") });
  }
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, file: DashboardFile) {
  reply
    .header("content-security-policy", DASHBOARD_CSP)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("x-frame-options", "DENY")
    .header("cache-control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache")
    .header("etag", file.etag)
    .header("vary", "accept-encoding")
    .type(file.type);
  if (request.headers["if-none-match"] === file.etag) return reply.status(304).send();
  const acceptsGzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
  if (file.gzipped && acceptsGzip)
    return reply.header("content-encoding", "gzip").send(file.gzipped);
  return reply.send(file.body);
}

/**
 * GET /admin and /admin/*: the file asked for, or index.html for the dashboard's own routes
 * (/admin/licenses/lic_…). A missing asset is a 404, not the page; without a build, a 503
 * that says how to build it.
 */
export async function dashboardRoutes(app: FastifyInstance, options: DashboardOptions) {
  const built = existsSync(join(options.dir, "index.html"));
  const files = built ? readFiles(options.dir) : new Map<string, DashboardFile>();
  const index = files.get("index.html");

  const serve = (request: FastifyRequest, reply: FastifyReply, path: string) => {
    if (!index) {
      throw new ServiceError(
        "DASHBOARD_NOT_BUILT",
        `the dashboard is not built (no ${join(options.dir, "index.html")}): run ` +
          "`npm run build -w @keyward/dashboard` (npm ci builds it), then restart the server",
      );
    }
    const file = files.get(path);
    if (file) return send(request, reply, file);
    // A file name (assets/x.js, x.css…) that is not there: no page in its place.
    if (path.startsWith("assets/") || extname(path) !== "") {
      throw new ServiceError("DASHBOARD_FILE_NOT_FOUND", "no such file of the dashboard");
    }
    return send(request, reply, index);
  };

  app.get("/admin", { schema: { hide: true } }, (request, reply) => serve(request, reply, ""));
  app.get<{ Params: { "*": string } }>("/admin/*", { schema: { hide: true } }, (request, reply) =>
    serve(request, reply, request.params["*"]),
  );
}
