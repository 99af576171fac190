// The error catalogue against the source: every code thrown or mapped is in it, every entry is
// used somewhere, Fastify's own errors keep their statuses, and docs/server.md's table is it.
// KEYWARD_WRITE_DOCS=1 rewrites the table in docs/server.md from the catalogue.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { errorCodes } from "fastify";
import { FASTIFY_ERRORS } from "../src/http/errors.js";
import { ERROR_CATALOGUE, ERROR_CODES, isErrorCode } from "../src/services/error-catalogue.js";
import { licenseUnusable, notFound, ServiceError } from "../src/services/errors.js";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const DOCS = fileURLToPath(new URL("../../../docs/server.md", import.meta.url));
const CATALOGUE_FILE = join(SRC, "services/error-catalogue.ts");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && path !== CATALOGUE_FILE ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path, text: readFileSync(path, "utf8") }));

// Where a code is thrown or answered: `new ServiceError("X"`, `mapped("X"` (http/errors.ts),
// `code: "X"` (http/ maps and hand-built error bodies), `["X", "…"]` (offline request errors),
// notFound("resource"). Codes passed as values (an activation refusal, a field refusal,
// licenseUnusable's status) are held to the catalogue by their types: ServiceError takes an
// ErrorCode.
const THROWN = [/new ServiceError\(\s*"([A-Z0-9_]+)"/g, /\bmapped\(\s*"([A-Z0-9_]+)"/g];
const HTTP_CODES = /\bcode: "([A-Z0-9_]+)"/g;
const TUPLES = /\[\s*"([A-Z][A-Z0-9_]+)",\s*"/g;
const NOT_FOUND = /\bnotFound\(\s*"([a-z_]+)"/g;

function thrownCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { path, text } of files) {
    const where = path.slice(SRC.length + 1);
    const patterns = [
      ...THROWN,
      ...(where.startsWith("http/") ? [HTTP_CODES] : []),
      ...(where === "services/offline-activation/request.ts" ? [TUPLES] : []),
    ];
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) found.set(match[1]!, where);
    }
    for (const match of text.matchAll(NOT_FOUND)) {
      found.set(`${match[1]!.toUpperCase()}_NOT_FOUND`, where);
    }
  }
  return found;
}

test("every code thrown or mapped in the source is in the catalogue", () => {
  const thrown = thrownCodes();
  // The scan finds the throw sites (a broken pattern would find nothing and pass).
  assert.ok(thrown.size >= 60, `only ${thrown.size} codes found`);
  for (const code of ["LICENSE_NOT_FOUND", "ROUTE_NOT_FOUND", "UNAUTHORIZED", "INVALID_JSON"]) {
    assert.ok(thrown.has(code), code);
  }
  const missing = [...thrown].filter(([code]) => !isErrorCode(code));
  assert.deepEqual(missing, [], "codes thrown but not in services/error-catalogue.ts");
});

test("every catalogue entry is used somewhere in the source", () => {
  const thrown = thrownCodes();
  const literals = new Set(
    files.flatMap(({ text }) => [...text.matchAll(/"([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]!)),
  );
  const unused = ERROR_CODES.filter((code) => !thrown.has(code) && !literals.has(code));
  assert.deepEqual(unused, [], "catalogue entries no source throws or maps");
});

test("a ServiceError's status is its code's", () => {
  assert.equal(new ServiceError("MACHINE_LIMIT_EXCEEDED", "full").status, 422);
  assert.equal(new ServiceError("LICENSE_SUSPENDED", "no").status, 409);
  const missing = notFound("handshake_code", "hc_1");
  assert.deepEqual([missing.status, missing.code], [404, "HANDSHAKE_CODE_NOT_FOUND"]);
  assert.equal(licenseUnusable("revoked").code, "LICENSE_REVOKED");
  for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
    assert.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    assert.ok(entry.status >= 400 && entry.status < 600, code);
    assert.ok(entry.meaning.length > 0 && !entry.meaning.includes("\n"), code);
  }
});

test("Fastify's own errors answer with the catalogue's status for their code", () => {
  for (const [fastifyCode, { code }] of Object.entries(FASTIFY_ERRORS)) {
    const FastifyError = (errorCodes as Record<string, new () => { statusCode?: number }>)[
      fastifyCode
    ];
    assert.ok(FastifyError, `${fastifyCode} is not an error of this Fastify`);
    assert.equal(new FastifyError().statusCode, ERROR_CATALOGUE[code].status, fastifyCode);
  }
});

const START =
  "<!-- error-catalogue: generated from packages/server/src/services/error-catalogue.ts -->";
const END = "<!-- /error-catalogue -->";

function errorTable(): string {
  const rows = Object.entries(ERROR_CATALOGUE)
    .sort(([a, x], [b, y]) => x.status - y.status || a.localeCompare(b))
    .map(([code, { status, meaning }]) => `| ${status} | \`${code}\` | ${meaning} |`);
  return ["| Status | Code | Meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

test("docs/server.md's error table is the catalogue", () => {
  const docs = readFileSync(DOCS, "utf8");
  const start = docs.indexOf(START);
  const end = docs.indexOf(END);
  assert.ok(start >= 0 && end > start, `docs/server.md lacks ${START} … ${END}`);
  const expected = `${START}\n${errorTable()}\n${END}`;
  const actual = docs.slice(start, end + END.length);
  if (process.env.KEYWARD_WRITE_DOCS === "1" && actual !== expected) {
    writeFileSync(DOCS, docs.replace(actual, expected));
    return;
  }
  assert.equal(actual, expected, "run with KEYWARD_WRITE_DOCS=1 to rewrite the table");
});
