/**
 * Online checks on SQLite, one server process, next to ARCHITECTURE.md's ceilings measured in
 * the same run (goal: >= 0.7x each):
 *   - validate-key (unsigned) vs a bare node:http server that parses the same JSON and answers
 *     a body of the same size;
 *   - for reference (no goal), a bare Fastify route answering the same JSON against the same
 *     ceiling: the share of it the framework alone leaves;
 *   - validate-key with a signed response (Keyward-Accept-Signature, Ed25519) and the compact
 *     check (its lease is Ed25519-signed) vs the same ceiling signing its body with Ed25519.
 *   npm run bench:validate [-- --seconds 5 --rounds 3 --connections 20]
 * On PostgreSQL (`-- --database postgres`): bench/lib/postgres.ts, goal 0.6x. Last, the compact
 * check on `--workers 2` vs one process (bench/lib/workers.ts).
 */
import type { ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { databaseArgument, runPostgresBench } from "./lib/postgres.js";
import { compareWorkers } from "./lib/workers.js";
import {
  compare,
  create,
  createBenchLicense,
  header,
  type LoadRequest,
  startCeiling,
  startKeyward,
} from "./support.js";

const GOAL = 0.7;
// Plain keys (the policy has no scheme): a signed ED25519_SIGN key alone is ~300 bytes, more than
// SPEC R5's whole ~180-byte request.

// Parses the JSON body like the server must, answers a body of the given size; with a key, signs
// the body with Ed25519 as the server signs a lease or a response.
const CEILING = `
import { createServer } from "node:http";
import { createPrivateKey, sign } from "node:crypto";
const [port, body, pem] = process.argv.slice(-3);
const key = pem === "-" ? null : createPrivateKey(pem);
createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const headers = { "content-type": "application/json; charset=utf-8" };
    if (key) headers["x-signature"] = sign(null, Buffer.from(body), key).toString("base64");
    response.writeHead(200, headers);
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
const ceilings: { child: ChildProcess }[] = [];
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

  const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" });
  const bare = await startCeiling(CEILING, [validateAnswer.text, "-"]);
  const bareSigned = await startCeiling(CEILING, [validateAnswer.text, String(pem)]);
  const bareCheck = await startCeiling(CEILING, [checkAnswer.text, String(pem)]);
  const fastify = await startCeiling(FASTIFY_FLOOR, [validateAnswer.text]);
  ceilings.push(bare, bareSigned, bareCheck, fastify);

  header(
    `validate-key: request ${validateBody.length} B, answer ${validateAnswer.text.length} B; ` +
      `check: request ${checkBody.length} B, answer ${checkAnswer.text.length} B`,
  );
  await compare(
    "reference: bare Fastify route vs node:http (same JSON in and out, no goal)",
    { ...validate, url: bare.url },
    { ...validate, url: `${fastify.url}/v1/licenses/actions/validate-key` },
  );
  await compare(
    "validate-key vs node:http (same JSON in and out)",
    { ...validate, url: bare.url },
    validate,
    GOAL,
  );
  if (signedAvailable) {
    await compare(
      "validate-key, signed response vs the same + Ed25519",
      { ...validate, url: bareSigned.url },
      signed,
      GOAL,
    );
  } else {
    console.log("validate-key, signed response: the server did not sign (header not supported)");
  }
  await compare(
    "compact check (signed lease) vs check-sized answer + Ed25519",
    { ...check, url: bareCheck.url },
    check,
    GOAL,
  );
  await compareWorkers(keyward, {}, check, "compact check");
} finally {
  for (const ceiling of ceilings) ceiling.child.kill("SIGTERM");
  keyward.stop();
}
