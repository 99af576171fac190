/**
 * Usage ingestion on SQLite (ARCHITECTURE.md goal: >= 50,000 counted events/s), one process:
 * the Keyward app in this process (Fastify's app.inject: JSON parsing, schema validation,
 * credential check, the service and the database; no TCP), on a SQLite file in a temp dir.
 *   npm run bench:usage [-- --seconds 10 --reports 500 --features 10 --parallel 2]
 * One counted event = one counter line of a report (a report × one of its features), counted
 * for the first time; the same batches are then sent again to time duplicate detection.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../packages/server/src/http/app.js";
import { createServices } from "../packages/server/src/services/index.js";
import { openStore } from "../packages/server/src/store/database.js";
import { migrateToLatest } from "../packages/server/src/store/migrate.js";
import { argument } from "./support.js";

const GOAL = 50_000;
const SECONDS = argument("seconds", 10);
const REPORTS = argument("reports", 500);
const FEATURES = argument("features", 10);
const PARALLEL = argument("parallel", 2);
const DEVICES = 50;

const dataDir = mkdtempSync(join(tmpdir(), "keyward-bench-usage-"));
const store = openStore({ databaseUrl: null, dataDir });
await migrateToLatest(store.db);
const services = createServices({ store, secret: randomBytes(32).toString("base64url") });
const app = await buildApp({ services, version: "bench", logger: false });

async function call(method: "GET" | "POST" | "PUT", url: string, body: unknown, token?: string) {
  const response = await app.inject({
    method,
    url,
    payload: JSON.stringify(body),
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.body}`);
  return response.json().data ?? response.json();
}

const organization = await services.organizations.create("Bench");
const { plaintext: token } = await services.tokens.issue(organization.id, { kind: "admin" });
const product = await call("POST", "/v1/products", { name: "Scanner" }, token);
const policy = await call(
  "POST",
  "/v1/policies",
  { productId: product.id, name: "Trackable", floating: true, maxMachines: null },
  token,
);
const license = await call(
  "POST",
  "/v1/licenses",
  { productId: product.id, policyId: policy.id },
  token,
);
const code = await call("POST", "/v1/handshake-codes", {}, token);
await call(
  "POST",
  `/v1/licenses/${license.id}/actions/bind-handshake-code`,
  { handshakeCodeId: code.id },
  token,
);
const devices = Array.from({ length: DEVICES }, () => randomUUID());
for (const deviceId of devices) {
  await call("POST", "/v1/trackable/authorize", {
    handshakeCode: code.code,
    deviceId,
    productId: product.id,
  });
}

const features = Array.from({ length: FEATURES }, (_, i) => `feature-${i}`);
let sequence = 0;
function batch() {
  const day = new Date(Date.UTC(2030, 0, 1 + (sequence % 28))).toISOString().slice(0, 10);
  return JSON.stringify({
    handshakeCode: code.code,
    productId: product.id,
    reports: Array.from({ length: REPORTS }, () => {
      sequence++;
      return {
        reportId: randomUUID(),
        deviceId: devices[sequence % DEVICES],
        periodStart: `${day}T10:00:00.000Z`,
        periodEnd: `${day}T10:03:00.000Z`,
        counters: Object.fromEntries(features.map((f, i) => [f, 1 + ((sequence + i) % 7)])),
      };
    }),
  });
}

async function send(payload: string): Promise<{ counted: number; duplicates: number }> {
  const response = await app.inject({
    method: "POST",
    url: "/v1/trackable/usage",
    payload,
    headers: { "content-type": "application/json" },
  });
  if (response.statusCode !== 200) throw new Error(`usage: ${response.body}`);
  return response.json();
}

/** Sends batches from PARALLEL senders for SECONDS; returns what was counted and the time. */
async function run(next: () => string | undefined) {
  let counted = 0;
  let duplicates = 0;
  let requests = 0;
  const started = process.hrtime.bigint();
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (Date.now() < until) {
        const payload = next();
        if (payload === undefined) return;
        const result = await send(payload);
        counted += result.counted;
        duplicates += result.duplicates;
        requests++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { counted, duplicates, requests, seconds };
}

const prepared: string[] = [];
const fresh = await run(() => {
  const payload = batch();
  prepared.push(payload);
  return payload;
});
let replayed = 0;
const again = await run(() => prepared[replayed++]);
const totals = await store.db
  .selectFrom("usage_totals")
  .select("count")
  .where("license_id", "=", license.id)
  .where("feature", "=", "*")
  .executeTakeFirstOrThrow();

const rate = fresh.counted / fresh.seconds;
console.log(
  `usage ingestion, SQLite, one process (in-process app.inject), ${PARALLEL} senders, ` +
    `batches of ${REPORTS} reports × ${FEATURES} features from ${DEVICES} devices`,
);
console.log("counted event = one counter line (report × feature) counted for the first time");
console.log(
  `new reports      ${rate.toFixed(0).padStart(8)} counted events/s  ` +
    `(${fresh.counted} in ${fresh.seconds.toFixed(1)} s, ${fresh.requests} batches)  ` +
    `goal ${GOAL}: ${rate >= GOAL ? "met" : "NOT met"}`,
);
console.log(
  `resent reports   ${((again.duplicates * FEATURES) / again.seconds).toFixed(0).padStart(8)} ` +
    `duplicate lines/s (${again.duplicates} duplicate reports, none counted)`,
);
console.log(`total uses stored: ${Number(totals.count)} (unchanged by the resends)`);
await app.close();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
