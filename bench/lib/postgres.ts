/**
 * The PostgreSQL side of bench/validate.ts (issue 18.3): a fresh schema for the server under
 * test, and the ceiling it is measured against: a bare node:http server that parses the same
 * JSON, hashes the key, runs the same license-context statement as one named prepared query
 * through `pg` (one round trip), signs with Ed25519 where the line is signed and answers the
 * same bytes. Goal: >= 0.6x of it (ARCHITECTURE.md, Performance budgets).
 */
import type { ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import pg from "pg";
import {
  compare,
  create,
  createBenchLicense,
  header,
  type LoadRequest,
  startCeiling,
  startKeyward,
} from "../support.js";
import { contextSql } from "./ceiling.js";
import { compareWorkers } from "./workers.js";

export const POSTGRES_GOAL = 0.6;

/** `--database sqlite|postgres` (default sqlite). */
export function databaseArgument(): "sqlite" | "postgres" {
  const index = process.argv.indexOf("--database");
  const value = index > 0 ? process.argv[index + 1] : "sqlite";
  if (value !== "sqlite" && value !== "postgres") {
    throw new Error(`--database takes sqlite or postgres, not ${value}`);
  }
  return value;
}

/** The PostgreSQL the bench uses (the tests' server by default). */
export const BENCH_POSTGRES_URL =
  process.env.KEYWARD_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface BenchSchema {
  /** postgres://… whose connections use the schema. */
  databaseUrl: string;
  drop(): Promise<void>;
}

/** A fresh `kw_bench_<random>` schema, dropped by drop(). */
export async function createBenchSchema(): Promise<BenchSchema> {
  const schema = `kw_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(BENCH_POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    databaseUrl: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The environment of a server process on the schema. */
export function postgresEnv(schema: BenchSchema): Record<string, string> {
  return { DATABASE_URL: schema.databaseUrl, KEYWARD_SECRET: randomBytes(32).toString("hex") };
}

/**
 * The ceiling's source: argv is [port, database URL, body, PEM or "-", fingerprint or "-",
 * SQL]. The pool has the server's default size (10) and the query the server's own text, so the
 * only difference left is the work Keyward does around it.
 */
export const POSTGRES_CEILING = `
import { createServer } from "node:http";
import { createHash, createPrivateKey, sign } from "node:crypto";
import pg from "pg";
const [port, databaseUrl, body, pem, fingerprint, text] = process.argv.slice(-6);
const key = pem === "-" ? null : createPrivateKey(pem);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const fp = fingerprint === "-" ? null : fingerprint;
createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", async () => {
    if (chunks.length === 0) {
      response.end("ok");
      return;
    }
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const hash = createHash("sha256").update(parsed.key).digest("hex");
    const { rows } = await pool.query({ name: "context", text, values: [fp, hash] });
    if (rows.length !== 1) throw new Error("no license");
    const headers = { "content-type": "application/json; charset=utf-8" };
    if (key) headers["x-signature"] = sign(null, Buffer.from(body), key).toString("base64");
    response.writeHead(200, headers);
    response.end(body);
  });
}).listen(Number(port), "127.0.0.1");
`;

/**
 * `npm run bench:validate -- --database postgres`: a server on a fresh schema, then
 * validate-key (unsigned) and the compact check (signed lease) against node:http + the same
 * single prepared `pg` query (+ Ed25519 for the check). The same requests as the SQLite lines.
 */
export async function runPostgresBench(): Promise<void> {
  const schema = await createBenchSchema();
  const env = postgresEnv(schema);
  const keyward = await startKeyward({ env });
  const ceilings: ChildProcess[] = [];
  try {
    const license = await createBenchLicense(keyward);
    const fingerprint = "4f1c2a7e-8d3b-4b8e-9a0c-2f6d1e5b7c90";
    await create(keyward, "/v1/machines", { fingerprint }, `License ${license.key}`);
    const headers = { "content-type": "application/json" };
    const validate: LoadRequest = {
      url: `${keyward.url}/v1/licenses/actions/validate-key`,
      method: "POST",
      headers,
      body: JSON.stringify({ key: license.key, scope: { fingerprint } }),
    };
    const check: LoadRequest = {
      url: `${keyward.url}/v1/check`,
      method: "POST",
      headers,
      body: JSON.stringify({
        key: license.key,
        fingerprint,
        app: "com.acme.app",
        version: "2.1.0",
        platform: "linux",
      }),
    };
    const validateAnswer = await answer(validate);
    const checkAnswer = await answer(check);
    const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" });
    const text = contextSql("postgres");
    const bare = await startCeiling(POSTGRES_CEILING, [
      schema.databaseUrl,
      validateAnswer,
      "-",
      fingerprint,
      text,
    ]);
    ceilings.push(bare.child);
    const signed = await startCeiling(POSTGRES_CEILING, [
      schema.databaseUrl,
      checkAnswer,
      String(pem),
      fingerprint,
      text,
    ]);
    ceilings.push(signed.child);
    header(
      `PostgreSQL; validate-key answer ${validateAnswer.length} B, check answer ${checkAnswer.length} B`,
    );
    await compare(
      "[postgres] validate-key vs node:http + the same prepared pg query",
      { ...validate, url: bare.url },
      validate,
      POSTGRES_GOAL,
    );
    await compare(
      "[postgres] compact check (signed lease) vs node:http + the same pg query + Ed25519",
      { ...check, url: signed.url },
      check,
      POSTGRES_GOAL,
    );
    await compareWorkers(keyward, { env }, check, "[postgres] compact check");
  } finally {
    for (const child of ceilings) child.kill("SIGTERM");
    await keyward.stop();
    await schema.drop();
  }
}

async function answer(request: LoadRequest): Promise<string> {
  const response = await fetch(request.url, {
    method: "POST",
    headers: request.headers ?? {},
    body: request.body ?? null,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${request.url}: ${response.status} ${text}`);
  return text;
}
