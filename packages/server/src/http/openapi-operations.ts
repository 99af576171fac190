import { ERROR_CATALOGUE, type ErrorCode } from "../services/error-catalogue.js";

// The OpenAPI document's operations made complete, after @fastify/swagger built them: each
// operation's error responses rendered from the codes its route declares (`x-error-codes` in
// the route schema) plus the codes every operation of its kind may answer, and an example for
// every request and response body that has none of its own (a route's `examples` win).

declare module "fastify" {
  interface FastifySchema {
    /** The catalogue codes this route answers besides the implied ones (see impliedCodes). */
    "x-error-codes"?: readonly ErrorCode[];
  }
}

interface Schema {
  $ref?: string;
  required?: string[];
  maximum?: number;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  example?: unknown;
  format?: string;
  minimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, unknown>;
}

interface Response {
  description: string;
  content?: Record<string, Media>;
}

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: {
    in: string;
    name: string;
    schema?: Schema;
    style?: string;
    explode?: boolean;
  }[];
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, Response>;
  "x-error-codes"?: ErrorCode[];
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const JSON_BODY_CODES: ErrorCode[] = ["INVALID_JSON"];
const BODY_CODES: ErrorCode[] = ["VALIDATION_FAILED", "BODY_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"];
// Any route signs its answer when asked (http/response-signing.ts), so any may refuse the ask.
const SIGNING_CODES: ErrorCode[] = ["INVALID_ACCEPT_SIGNATURE", "UNSUPPORTED_SIGNATURE_ALGORITHM"];
// A token is looked up in the database before anything else; it may have expired, and a
// read-scoped one may only GET (http/auth.ts). Every authenticated route is rate limited
// (http/rate-limits.ts); the client routes with `security: []` declare RATE_LIMITED themselves.
const AUTHENTICATED_CODES: ErrorCode[] = [
  "UNAUTHORIZED",
  "TOKEN_EXPIRED",
  "FORBIDDEN",
  "RATE_LIMITED",
  "DATABASE_UNAVAILABLE",
];

/**
 * What an operation may answer by its shape alone: a body can be malformed, too large or of
 * another type; parameters, and the query of any operation, can break their schema; an
 * authenticated operation (no `security: []`) can lack a token, hold the wrong one, or meet the
 * database down.
 */
function impliedCodes(method: string, operation: Operation): ErrorCode[] {
  const codes: ErrorCode[] = [...SIGNING_CODES];
  const body = operation.requestBody?.content;
  if (body) {
    codes.push(...BODY_CODES);
    if (body["application/json"]) codes.push(...JSON_BODY_CODES);
  }
  // Every operation's query is validated, closed when the route declares none (json-body.ts
  // closeUndeclaredInputs): an unknown parameter, or a NUL in one, is refused.
  codes.push("VALIDATION_FAILED");
  if (operation.security === undefined || operation.security.length > 0) {
    codes.push(...AUTHENTICATED_CODES);
    if (method !== "get" && method !== "head") codes.push("TOKEN_READ_ONLY");
  }
  return codes;
}

/** The operation's codes by status, each status's response listing its codes and meanings. */
function errorResponses(codes: ErrorCode[], schema: Schema): Record<string, Response> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const { status } = ERROR_CATALOGUE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, Response> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const first = list[0]!;
    responses[status] = {
      description: list.map((code) => `\`${code}\`: ${ERROR_CATALOGUE[code].meaning}`).join("; "),
      content: {
        "application/json": {
          schema: structuredClone(schema),
          example: {
            error: {
              code: first,
              message: ERROR_CATALOGUE[first].meaning,
              requestId: "req_3f9c2a7d1b8e4c6f9a0d5e7b2c4f6a81",
            },
          },
        },
      },
    };
  }
  return responses;
}

/** transformObject step: error responses from codes, examples where there are none. */
export function documentOperations<T extends { paths?: object }>(built: T): T {
  const document = built as OpenApiDocument;
  const components = document.components?.schemas ?? {};
  const errorSchema = errorBodySchema(document);
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    const context: Context = { components, id: idOf(path), request: false };
    for (const [method, operation] of Object.entries(operations)) {
      const codes = [
        ...new Set([...impliedCodes(method, operation), ...(operation["x-error-codes"] ?? [])]),
      ];
      codes.sort(
        (a, b) => ERROR_CATALOGUE[a].status - ERROR_CATALOGUE[b].status || (a < b ? -1 : 1),
      );
      operation["x-error-codes"] = codes;
      // An object in the query (a metadata filter) is sent as `name[key]=value`, the form
      // http/query-string.ts foldDeepObjects reads (OpenAPI's default, form, would be `key=value`).
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === "query" && parameter.schema?.type === "object") {
          parameter.style = "deepObject";
          parameter.explode = true;
        }
      }
      const successes = Object.fromEntries(
        Object.entries(operation.responses).filter(([status]) => Number(status) < 400),
      );
      operation.responses = { ...successes, ...errorResponses(codes, errorSchema) };
      const requests = Object.entries(operation.requestBody?.content ?? {});
      const replies = Object.values(successes).flatMap((response) =>
        Object.entries(response.content ?? {}),
      );
      for (const [type, media] of requests) exemplify(type, media, { ...context, request: true });
      for (const [type, media] of replies) exemplify(type, media, context);
    }
  }
  return built;
}

/** The standard error body's schema as the routes declare it (schemas.ts ErrorResponse). */
function errorBodySchema(document: OpenApiDocument): Schema {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.["application/json"]?.schema;
        if (Number(status) >= 400 && schema) return schema;
      }
    }
  }
  throw new Error("no route declares the error body");
}

interface Context {
  components: Record<string, Schema>;
  /** An example id of the path's resource (`prod_…` under /v1/products). */
  id: string;
  /**
   * A request shows what must be sent: its required members (or, with none required, its
   * first); a response shows everything it holds.
   */
  request: boolean;
}

const PATH_PREFIXES: Record<string, string> = {
  organization: "org",
  organizations: "org",
  tokens: "tok",
  products: "prod",
  policies: "pol",
  licenses: "lic",
  entitlements: "ent",
  users: "usr",
  "handshake-codes": "hsc",
  machines: "mach",
  events: "evt",
  "audit-log": "aud",
};

function idOf(path: string): string {
  const segments = path.split("/").filter((segment) => segment && !segment.startsWith("{"));
  const resource = segments.reverse().find((segment) => PATH_PREFIXES[segment]);
  return `${PATH_PREFIXES[resource ?? "licenses"]}_${ID_SUFFIX}`;
}

function exemplify(type: string, media: Media, context: Context): void {
  if (media.example !== undefined || media.examples !== undefined || !media.schema) return;
  const own = media.schema.examples;
  // A body that is not JSON is a file (a license or machine file, a response file).
  const name = type === "application/json" ? "" : "file";
  media.example = own?.length ? own[0] : exampleOf(media.schema, name, context, 0);
}

const ID_PREFIXES: Record<string, string> = {
  organization: "org",
  token: "tok",
  product: "prod",
  policy: "pol",
  publicTrialPolicy: "pol",
  license: "lic",
  entitlement: "ent",
  user: "usr",
  handshakeCode: "hsc",
  machine: "mach",
  event: "evt",
  auditEntry: "aud",
};
const ID_SUFFIX = "01jf3k8q2w7x9r5t6v4m2n8p0c";
const TIME = "2026-03-01T12:00:00.000Z";

/** A plausible value for a property, from its name and schema (ids by their prefixes). */
function stringExample(name: string, schema: Schema, context: Context): string {
  if (schema.format === "date-time") return TIME;
  if (schema.format === "date") return TIME.slice(0, 10);
  if (schema.format === "email" || /email$/i.test(name)) return "ada@example.com";
  if (schema.format === "uri") return "https://example.com";
  const owner = /^(.*?)Ids?$/.exec(name)?.[1];
  if (owner !== undefined && ID_PREFIXES[owner]) return `${ID_PREFIXES[owner]}_${ID_SUFFIX}`;
  if (name === "id") return context.id;
  if (/Version$/.test(name)) return "1.4.2";
  const text = STRINGS[name] ?? (name || "example");
  const short = schema.maxLength !== undefined ? text.slice(0, schema.maxLength) : text;
  return short.padEnd(schema.minLength ?? 0, "0");
}

const STRINGS: Record<string, string> = {
  name: "Acme Pro",
  code: "acme-pro",
  key: "ACME-7Q4K-2M9X-H3TD",
  fingerprint: "4f6a8c2e-1b3d-4e5f-9a7b-0c2d4e6f8a1b",
  token: "kw_admin_2Yx9Qk4mT7wR1pLs8NvZ3bHc6JdF0gEa",
  username: "ada",
  password: "correct horse battery staple",
  platform: "linux",
  hostname: "build-01",
  ip: "203.0.113.7",
  cursor: "eyJpZCI6Imxp",
  limit: "25",
  status: "active",
  message: "license is valid",
  requestId: "req_3f9c2a7d1b8e4c6f9a0d5e7b2c4f6a81",
  deviceId: "4f6a8c2e-1b3d-4e5f-9a7b-0c2d4e6f8a1b",
  reportId: "rep-2026-03-01-0001",
  feature: "export",
  domain: "app.example.com",
  appIdentifier: "com.example.app",
  processName: "acme.exe",
  handshakeCode: "ACME-HANDSHAKE",
  version: "1.4.2",
  app: "com.example.app",
  nonce: "n-5f2a9c1e7b3d",
  certificate: "-----BEGIN LICENSE FILE-----\neyJlbmMiOiJ…\n-----END LICENSE FILE-----\n",
  file: "-----BEGIN LICENSE FILE-----\neyJlbmMiOiJ…\n-----END LICENSE FILE-----\n",
  lease: "lease/eyJsaWMiOiJsaWNfMDFqZjNr….c2lnbmF0dXJl",
  proof: "proof/eyJsaWMiOiJsaWNfMDFqZjNr….c2lnbmF0dXJl",
  publicKey: "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
  apiKey: "3f9c2a7d-1b8e-4c6f-9a0d-5e7b2c4f6a81",
  sharedKey: "Xy7Qk4mT7wR1pLs8NvZ3bHc6JdF0gEa2",
  description: "Export to PDF",
};

function shown(schema: Schema, context: Context): [string, Schema][] {
  const all = Object.entries(schema.properties ?? {});
  if (!context.request) return all;
  const required = all.filter(([name]) => schema.required?.includes(name));
  return required.length > 0 ? required : all.slice(0, 1);
}

function exampleOf(
  schema: Schema | undefined,
  name: string,
  context: Context,
  depth: number,
): unknown {
  if (!schema || depth > 12) return null;
  if (schema.$ref) {
    const target = context.components[schema.$ref.split("/").at(-1) ?? ""];
    return exampleOf(target, name, context, depth + 1);
  }
  if (schema.examples?.length) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum.find((value) => value !== null) ?? null;
  if (schema.default !== undefined) return schema.default;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const branch = branches.find((option) => option.type !== "null") ?? branches[0];
    return exampleOf(branch, name, context, depth + 1);
  }
  if (schema.allOf) {
    return Object.assign(
      {},
      ...schema.allOf.map((part) => exampleOf(part, name, context, depth + 1)),
    );
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  switch (types.find((type) => type !== "null") ?? types[0]) {
    case "object":
      if (schema.properties) {
        return Object.fromEntries(
          shown(schema, context).map(([property, value]) => [
            property,
            exampleOf(value, property, context, depth + 1),
          ]),
        );
      }
      return name === "metadata" ? { plan: "pro" } : {};
    case "array":
      return [exampleOf(schema.items, name.replace(/s$/, ""), context, depth + 1)];
    case "string":
      return stringExample(name, schema, context);
    case "integer":
    case "number": {
      const plausible = /Seconds$/.test(name) ? 2_592_000 : /^max/.test(name) ? 5 : 1;
      return Math.min(Math.max(schema.minimum ?? 1, plausible), schema.maximum ?? plausible);
    }
    case "boolean":
      return /^(valid|ok|allowed)$/.test(name);
    case "null":
      return null;
    default:
      return {};
  }
}
