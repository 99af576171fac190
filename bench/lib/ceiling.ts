/**
 * The essential-work ceiling (ARCHITECTURE.md "Performance budgets", issue 18.1): a bare
 * node:http server doing only what a check cannot avoid, in its own process like the other
 * ceilings:
 *   - parse the same JSON body;
 *   - hash the key (SHA-256, hex, as the server stores it);
 *   - one prepared better-sqlite3 read of the license context by key hash, the very statement
 *     of the server's `contextQuery` (license, policy, product, the machine by fingerprint, the
 *     machine count, the active signing keys' stamps), from a copy of the server's own database
 *     file (same rows, same indexes);
 *   - Ed25519-sign where the line is signed: the lease's claims (check), or the response's
 *     signing string over the body's digest (signed validate-key);
 *   - answer the same bytes as Keyward.
 * Mode "api" is the same for an authenticated admin read (bench/api.ts): hash the bearer token,
 * read the token by hash and the license by id (two prepared reads), answer the same bytes.
 * Everything Keyward does beyond this (routing, auth, the decision, the lease times,
 * serialization, the validation counters, logging hooks) is its overhead.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { licenseContextSql } from "../../packages/server/src/store/licensing.js";
import { startCeiling } from "../support.js";

export type CeilingMode = "validate" | "check" | "api";

// The script runs with `node -e` from the repository root, where better-sqlite3 resolves.
const ESSENTIAL_WORK = `
import { createServer } from "node:http";
import { createHash, createPrivateKey, randomBytes, sign } from "node:crypto";
import Database from "better-sqlite3";
const [port, file, mode, body, pem, contextSql] = process.argv.slice(-6);
const key = pem === "-" ? null : createPrivateKey(pem);
const db = new Database(file, { readonly: true, fileMustExist: true });
// contextQuery's statement (packages/server/src/store/licensing.ts), rows as arrays.
const context = db.prepare(contextSql).raw();
const token = db.prepare("select * from tokens where token_hash = ?").raw();
const license = db.prepare("select * from licenses where organization_id = ? and id = ?").raw();
const answer = mode === "api" ? JSON.parse(body) : null;
const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const headers = { "content-type": "application/json; charset=utf-8" };

function essential(request, input) {
  if (mode === "api") {
    const row = token.get(sha256((request.headers.authorization ?? "").slice(7)));
    if (!row || !license.get(row[1], request.url.split("/")[3])) return null;
    return JSON.stringify(answer);
  }
  const fingerprint = mode === "check" ? input.fingerprint : input.scope?.fingerprint;
  const row = context.get(fingerprint ?? null, sha256(input.key));
  if (!row) return null;
  if (key && mode === "check") {
    const now = Math.floor(Date.now() / 1000);
    const claims = JSON.stringify({
      v: 1, lic: row[0], prod: row[2], fp: fingerprint, ok: true, code: "VALID",
      iat: now, exp: now + 3600, gr: now + 7200, n: randomBytes(12).toString("base64url"),
    });
    const payload = Buffer.from(claims).toString("base64url");
    sign(null, Buffer.from("lease." + payload), key).toString("base64url");
  } else if (key) {
    const digest = createHash("sha256").update(body).digest("base64");
    const signing = "(request-target): post /v1/licenses/actions/validate-key\\nhost: x\\n" +
      "date: " + new Date().toUTCString() + "\\ndigest: sha-256=" + digest;
    headers["keyward-signature"] = sign(null, Buffer.from(signing), key).toString("base64");
  }
  return body;
}

createServer((request, response) => {
  if (request.method === "GET" && request.url === "/") return response.end("ok");
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const input = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
    const out = essential(request, input);
    if (out === null) {
      response.writeHead(500).end("the ceiling found no row: is the copy stale?");
      return;
    }
    response.writeHead(200, headers);
    response.end(out);
  });
}).listen(Number(port), "127.0.0.1");
`;

/**
 * A consistent copy of the server's SQLite file (WAL included), made with SQLite's online
 * backup while the server runs: the ceiling reads the same rows through the same indexes.
 */
export async function copyDatabase(dataDir: string): Promise<string> {
  const target = join(mkdtempSync(join(tmpdir(), "keyward-ceiling-")), "copy.sqlite");
  const source = new Database(join(dataDir, "keyward.sqlite"), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  return target;
}

/** The server's license-context read by key hash, parameters (fingerprint, key hash). */
export function contextSql(dialect: "sqlite" | "postgres"): string {
  const { sql, parameters } = licenseContextSql(dialect);
  if (parameters.join() !== "fingerprint,keyHash") {
    throw new Error(`unexpected parameter order: ${parameters.join()}`);
  }
  return sql;
}

/**
 * Starts the essential-work ceiling on `file` (see copyDatabase): `body` is Keyward's answer,
 * answered byte for byte; `pem` an Ed25519 private key (PKCS#8) for the signed lines.
 */
export function startEssentialCeiling(options: {
  file: string;
  mode: CeilingMode;
  body: string;
  pem?: string;
}) {
  return startCeiling(ESSENTIAL_WORK, [
    options.file,
    options.mode,
    options.body,
    options.pem ?? "-",
    contextSql("sqlite"),
  ]);
}
