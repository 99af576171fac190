// The OpenAPI document is worth generating from (issue 15.1): every operation has a unique
// camelCase operationId, a summary, a description, examples, and its error responses with the
// catalogue codes it may answer, each under its catalogue status.
import assert from "node:assert/strict";
import { test } from "node:test";
import AjvCompiler from "@fastify/ajv-compiler";
import { PATTERN_MESSAGES } from "../src/http/schemas.js";
import { ERROR_CATALOGUE, isErrorCode } from "../src/services/error-catalogue.js";
import { api, useTestApp } from "./support/app.js";
import { databases } from "./support/databases.js";

interface Media {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, unknown>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: { in: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, { description?: string; content?: Record<string, Media> }>;
  "x-error-codes"?: string[];
}

const METHODS = ["get", "put", "post", "patch", "delete"];

// The document does not depend on the database: one is enough.
const t = useTestApp(databases()[0]!);

async function operations(): Promise<[string, Operation][]> {
  const document = (await api(t().app, null)("GET", "/v1/openapi.json")).body as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]): [string, Operation] => [
        `${method.toUpperCase()} ${path}`,
        operation,
      ]),
  );
}

function hasExample(media: Media): boolean {
  return media.example !== undefined || Object.keys(media.examples ?? {}).length > 0;
}

test("every operation has a unique camelCase operationId, a summary and a description", async () => {
  const all = await operations();
  assert.ok(all.length >= 84, `${all.length} operations`);
  const seen = new Map<string, string>();
  for (const [name, operation] of all) {
    assert.match(operation.operationId ?? "", /^[a-z][a-zA-Z0-9]*$/, `${name}: operationId`);
    const other = seen.get(operation.operationId!);
    assert.equal(other, undefined, `${name} and ${other} share ${operation.operationId}`);
    seen.set(operation.operationId!, name);
    assert.ok((operation.summary ?? "").length > 0, `${name}: summary`);
    assert.ok((operation.description ?? "").length > 0, `${name}: description`);
  }
  // Names people will call: stable, so clients generated from the document keep compiling.
  for (const [id, name] of [
    ["createLicense", "POST /v1/licenses"],
    ["suspendLicense", "POST /v1/licenses/{id}/actions/suspend"],
    ["listLicenses", "GET /v1/licenses"],
    ["validateKey", "POST /v1/licenses/actions/validate-key"],
    ["deleteHandshakeCode", "DELETE /v1/handshake-codes/{id}"],
  ]) {
    assert.equal(seen.get(id!), name, id);
  }
});

// The examples hold to their schemas, with the formats the server checks (date-time…).
const compile = AjvCompiler()(
  {},
  {
    customOptions: { coerceTypes: false, allowUnionTypes: true, strict: false },
    plugins: [],
  },
);

test("every request and response body has an example that its schema accepts", async () => {
  for (const [name, operation] of await operations()) {
    const bodies = [
      ...Object.entries(operation.requestBody?.content ?? {}).map(
        ([type, media]) => [`request ${type}`, media] as const,
      ),
      ...Object.entries(operation.responses).flatMap(([status, response]) =>
        Object.entries(response.content ?? {}).map(
          ([type, media]) => [`${status} ${type}`, media] as const,
        ),
      ),
    ];
    assert.ok(bodies.length > 0, `${name}: no body at all`);
    for (const [where, media] of bodies) {
      if (media.schema === undefined) continue;
      assert.ok(hasExample(media), `${name}: ${where} example`);
      const validate = compile({
        schema: media.schema,
        method: "POST",
        url: "/",
        httpPart: "body",
      });
      const valid = validate(media.example);
      assert.ok(valid === true, `${name}: ${where} example: ${JSON.stringify(validate.errors)}`);
    }
  }
});

test("every operation lists its error codes under their catalogue statuses", async () => {
  for (const [name, operation] of await operations()) {
    const codes = operation["x-error-codes"] ?? [];
    assert.ok(codes.length > 0, `${name}: no error codes`);
    const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
    assert.ok(errors.length > 0, `${name}: no error responses`);
    const listed = new Set<string>();
    for (const [status, response] of errors) {
      const inResponse = [...(response.description ?? "").matchAll(/`([A-Z0-9_]+)`/g)].map(
        (match) => match[1]!,
      );
      assert.ok(inResponse.length > 0, `${name} ${status}: no codes in its description`);
      for (const code of inResponse) {
        assert.ok(isErrorCode(code), `${name} ${status}: ${code} is not in the catalogue`);
        assert.equal(ERROR_CATALOGUE[code].status, Number(status), `${name}: ${code}`);
        listed.add(code);
      }
      const example = response.content?.["application/json"]?.example as {
        error?: { code?: string };
      };
      assert.ok(inResponse.includes(example?.error?.code ?? ""), `${name} ${status}: example`);
    }
    assert.deepEqual([...listed].sort(), [...codes].sort(), `${name}: responses and codes`);
  }
});

test("operations list the codes their routes declare and the ones their shape implies", async () => {
  const byName = new Map(await operations());
  const codes = (name: string) => byName.get(name)?.["x-error-codes"] ?? [];
  // Declared on the route.
  assert.ok(codes("POST /v1/licenses").includes("POLICY_PRODUCT_MISMATCH"));
  assert.ok(codes("POST /v1/machines").includes("MACHINE_LIMIT_EXCEEDED"));
  // From the CRUD resource declaration: the resource's *_NOT_FOUND on routes of one id.
  assert.ok(codes("GET /v1/products/{id}").includes("PRODUCT_NOT_FOUND"));
  assert.ok(!codes("GET /v1/products").includes("PRODUCT_NOT_FOUND"));
  // Implied: a body, a token, Idempotency-Key.
  assert.ok(codes("PATCH /v1/products/{id}").includes("INVALID_JSON"));
  assert.ok(codes("GET /v1/products").includes("UNAUTHORIZED"));
  assert.ok(!codes("POST /v1/licenses/actions/validate-key").includes("UNAUTHORIZED"));
  assert.ok(codes("POST /v1/products").includes("IDEMPOTENCY_KEY_REUSED"));
  assert.ok(codes("POST /v1/tokens").includes("IDEMPOTENCY_KEY_NOT_SUPPORTED"));
  assert.ok(!codes("POST /v1/tokens").includes("IDEMPOTENCY_KEY_REUSED"));
});

/** Every `pattern` string of a schema, at any depth. */
function patternsOf(schema: unknown, into: Set<string>): Set<string> {
  if (typeof schema !== "object" || schema === null) return into;
  for (const [key, value] of Object.entries(schema)) {
    if (key === "pattern" && typeof value === "string") into.add(value);
    else patternsOf(value, into);
  }
  return into;
}

// A 400 quoting `^[A-Za-z0-9][A-Za-z0-9._@+-]*$` helps nobody (http/errors.ts says it in words).
// Headers are left out: Idempotency-Key's is checked in code, with its own message.
test("every pattern a request is checked against is said in words when a value fails it", async () => {
  const patterns = new Set<string>();
  for (const [, operation] of await operations()) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== "header") patternsOf(parameter.schema, patterns);
    }
    for (const media of Object.values(operation.requestBody?.content ?? {})) {
      patternsOf(media.schema, patterns);
    }
  }
  assert.ok(patterns.size >= 10, `${patterns.size} patterns found`);
  assert.deepEqual(
    [...patterns].filter((pattern) => !PATTERN_MESSAGES.has(pattern)),
    [],
    "patterns with no message in http/schemas.ts",
  );
});
