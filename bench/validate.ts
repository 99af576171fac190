/**
 * Online checks on SQLite, one server process, next to ceilings measured in the same run, in
 * alternating rounds (ARCHITECTURE.md "Performance budgets", issue 18):
 *   - goal >= 0.7x of the essential-work ceiling (bench/lib/ceiling.ts: parse the JSON, hash the
 *     key, one prepared better-sqlite3 read of the license context from a copy of the server's
 *     database, Ed25519 where the line is signed, the same bytes out) for validate-key, signed
 *     validate-key and the compact check;
 *   - references, no goal: validate-key vs a bare node:http server answering the same bytes, and
 *     a bare Fastify route vs the same;
 *   - p50/p99 latency of the goal lines and their ceilings at a fixed moderate rate;
 *   - the server's RSS idle after start (goal < 100 MB) and after >= 60 s of load (< 200 MB).
 *   npm run bench:validate [-- --seconds 5 --rounds 3 --connections 20 --rate 1000
 *                             --latency-seconds 3 --load-seconds 60]
 * On PostgreSQL (`-- --database postgres`): bench/lib/postgres.ts, goal 0.6x. Last, the compact
 * check on `--workers 2` vs one process (bench/lib/workers.ts).
 */
import type { ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { copyDatabase, startEssentialCeiling } from "./lib/ceiling.js";
import { argument, LATENCY_RATE, LATENCY_SECONDS, latencyAt, rssMegabytes } from "./lib/measure.js";
import { databaseArgument, runPostgresBench } from "./lib/postgres.js";
import { compareWorkers } from "./lib/workers.js";
import {
  compare,
  create,
  createBenchLicense,
  header,
  type LoadRequest,
  load,
  ROUNDS,
  SECONDS,
  startCeiling,
  startKeyward,
} from "./support.js";

const GOAL = 0.7;
const IDLE_RSS_GOAL_MB = 100;
const LOADED_RSS_GOAL_MB = 200;
/** Seconds of load the server has had when its loaded RSS is read. */
const LOAD_SECONDS = argument("load-seconds", 60);
const WARMUP_SECONDS = 2;
// Plain keys (the policy has no scheme): a signed ED25519_SIGN key alone is ~300 bytes, more than
// SPEC R5's whole ~180-byte request.

// The reference (no goal): parses the JSON body like the server must and answers the same
// bytes, doing nothing else.
const BARE = `
import { createServer } from "node:http";
const [port, body] = process.argv.slice(-2);
createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString("utf8"));
    response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    response.end(body);
  });
}).listen(Number(port), "127.0.0.1");
`;

// The framework floor: Keyward's Fastify, one route, the same body in (parsed and validated
// against a schema) and the same answer out, with nothing behind it.
const FASTIFY_FLOOR = `
import Fastify from "fastify";
const [port, body] = process.argv.slice(-2);
const app = Fastify({ logger: false });
const Body = { type: "object", properties: { key: { type: "string" }, scope: { type: "object" } } };
app.get("/", async () => "ok");
app.post("/v1/licenses/actions/validate-key", { schema: { body: Body } }, async (_request, reply) =>
  reply.type("application/json; charset=utf-8").send(body),
);
await app.listen({ port: Number(port), host: "127.0.0.1" });
`;

if (databaseArgument() === "postgres") {
  await runPostgresBench();
  process.exit(0);
}

const keyward = await startKeyward();
// Idle: started, migrated, first start done, nothing asked yet but the health check.
await new Promise((resolve) => setTimeout(resolve, 1000));
const idleRss = rssMegabytes(keyward.pid);
const ceilings: { child: ChildProcess }[] = [];
const copies: string[] = [];
try {
  const license = await createBenchLicense(keyward);
  const fingerprint = "4f1c2a7e-8d3b-4b8e-9a0c-2f6d1e5b7c90";
  await create(keyward, "/v1/machines", { fingerprint }, `License ${license.key}`);

  const json = { "content-type": "application/json" };
  const validateBody = JSON.stringify({ key: license.key, scope: { fingerprint } });
  const checkBody = JSON.stringify({
    key: license.key,
    fingerprint,
    app: "com.acme.app",
    version: "2.1.0",
    platform: "linux",
  });
  const validate: LoadRequest = {
    url: `${keyward.url}/v1/licenses/actions/validate-key`,
    method: "POST",
    headers: json,
    body: validateBody,
  };
  const signed: LoadRequest = {
    ...validate,
    headers: { ...json, "keyward-accept-signature": 'algorithm="ed25519"' },
  };
  const check: LoadRequest = {
    url: `${keyward.url}/v1/check`,
    method: "POST",
    headers: json,
    body: checkBody,
  };

  const answer = async (request: LoadRequest) => {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers ?? {},
      body: request.body ?? null,
    });
    if (!response.ok)
      throw new Error(`${request.url}: ${response.status} ${await response.text()}`);
    return { text: await response.text(), signed: response.headers.has("keyward-signature") };
  };
  const validateAnswer = await answer(validate);
  const checkAnswer = await answer(check);
  const signedAvailable = (await answer(signed)).signed;

  const pem = String(
    generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }),
  );
  const file = await copyDatabase(keyward.dataDir);
  copies.push(file);
  const bare = await startCeiling(BARE, [validateAnswer.text]);
  const fastify = await startCeiling(FASTIFY_FLOOR, [validateAnswer.text]);
  const essential = await startEssentialCeiling({
    file,
    mode: "validate",
    body: validateAnswer.text,
  });
  const essentialSigned = await startEssentialCeiling({
    file,
    mode: "validate",
    body: validateAnswer.text,
    pem,
  });
  const essentialCheck = await startEssentialCeiling({
    file,
    mode: "check",
    body: checkAnswer.text,
    pem,
  });
  ceilings.push(bare, fastify, essential, essentialSigned, essentialCheck);

  header(
    `validate-key: request ${validateBody.length} B, answer ${validateAnswer.text.length} B; ` +
      `check: request ${checkBody.length} B, answer ${checkAnswer.text.length} B`,
  );
  let loadedSeconds = 0;
  const compareTimed = async (...args: Parameters<typeof compare>) => {
    loadedSeconds += WARMUP_SECONDS + ROUNDS * SECONDS;
    return compare(...args);
  };
  await compareTimed(
    "reference: bare Fastify route vs node:http (same JSON in and out)",
    { ...validate, url: bare.url },
    { ...validate, url: `${fastify.url}/v1/licenses/actions/validate-key` },
  );
  await compareTimed(
    "reference: validate-key vs bare node:http (same JSON in and out, no work)",
    { ...validate, url: bare.url },
    validate,
  );
  const goalLines: { name: string; ceiling: LoadRequest; ours: LoadRequest }[] = [
    {
      name: "validate-key vs essential work (parse, hash, one read, same bytes)",
      ceiling: { ...validate, url: `${essential.url}/v1/licenses/actions/validate-key` },
      ours: validate,
    },
  ];
  if (signedAvailable) {
    goalLines.push({
      name: "validate-key, signed response vs essential work + Ed25519",
      ceiling: { ...signed, url: `${essentialSigned.url}/v1/licenses/actions/validate-key` },
      ours: signed,
    });
  } else {
    console.log("validate-key, signed response: the server did not sign (header not supported)");
  }
  goalLines.push({
    name: "compact check (signed lease) vs essential work + Ed25519 lease",
    ceiling: { ...check, url: `${essentialCheck.url}/v1/check` },
    ours: check,
  });
  for (const line of goalLines) await compareTimed(line.name, line.ceiling, line.ours, GOAL);

  console.log(`latency at ${LATENCY_RATE} req/s (${LATENCY_SECONDS}s each, p50 / p99 ms):`);
  for (const line of goalLines) {
    const top = await latencyAt(line.ceiling);
    const ours = await latencyAt(line.ours);
    loadedSeconds += LATENCY_SECONDS;
    console.log(
      `  ${line.name.split(" vs ")[0]}: ceiling ${top.p50} / ${top.p99}, ` +
        `Keyward ${ours.p50} / ${ours.p99}`,
    );
  }

  // Memory under load: the compact check until the server has had LOAD_SECONDS of load.
  if (loadedSeconds < LOAD_SECONDS) {
    await load(check, LOAD_SECONDS - loadedSeconds);
    loadedSeconds = LOAD_SECONDS;
  }
  const loadedRss = rssMegabytes(keyward.pid);
  const verdict = (value: number | null, goal: number) =>
    value === null
      ? "not measured (no /proc)"
      : `${value.toFixed(0)} MB (goal < ${goal} MB: ${value < goal ? "met" : "NOT met"})`;
  console.log(`server RSS idle after start: ${verdict(idleRss, IDLE_RSS_GOAL_MB)}`);
  console.log(
    `server RSS after ${loadedSeconds}s of load: ${verdict(loadedRss, LOADED_RSS_GOAL_MB)}`,
  );
  await compareWorkers(keyward, {}, check, "compact check");
} finally {
  for (const ceiling of ceilings) ceiling.child.kill("SIGTERM");
  for (const copy of copies) rmSync(dirname(copy), { recursive: true, force: true });
  await keyward.stop();
}
