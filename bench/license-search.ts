/**
 * License search and counts with many licenses (issue 16: the dashboard's licenses screen
 * "stays fast with 100,000 licenses"). Fills one organization with --licenses licenses
 * (names, metadata, users, expiries) through the store's repository, so the search terms are
 * written as the API writes them, then times GET /v1/licenses?… (exact, substring and
 * prefix searches, filters) and /v1/licenses/counts through the app in this process
 * (app.inject: routing, validation, auth, service, database). Then reports the search tables'
 * size and how long migration 0018 takes to rebuild them (what an upgrade costs).
 *   npm run bench:search [-- --licenses 100000 --runs 20]
 * SQLite in a temp dir; PostgreSQL when KEYWARD_BENCH_DATABASE_URL is set (a scratch database:
 * the bench migrates it and adds its rows).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { buildApp } from "../packages/server/src/http/app.js";
import { newId } from "../packages/server/src/ids.js";
import { createServices } from "../packages/server/src/services/index.js";
import { openStore } from "../packages/server/src/store/database.js";
import { licensesRepository } from "../packages/server/src/store/licenses.js";
import { migrateToLatest } from "../packages/server/src/store/migrate.js";
import * as licenseSearchTrigrams from "../packages/server/src/store/migrations/0018_license_search_trigrams.js";
import { argument } from "./support.js";

const LICENSES = argument("licenses", 100_000);
const RUNS = argument("runs", 20);
const USERS = 1000;
const PLANS = ["basic", "pro", "enterprise"];
const COMPANIES = [
  "Big Acme Corp",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Vandelay Industries",
  "Soylent",
  "Tyrell",
];

const databaseUrl = process.env.KEYWARD_BENCH_DATABASE_URL ?? null;
const dataDir = mkdtempSync(join(tmpdir(), "keyward-bench-search-"));
const store = openStore({ databaseUrl, dataDir });
await migrateToLatest(store.db);
const services = createServices({ store, secret: randomBytes(32).toString("base64url") });
const app = await buildApp({ services, version: "bench", logger: false });

async function call(url: string, token: string) {
  const response = await app.inject({
    method: url.startsWith("POST ") ? "POST" : "GET",
    url: url.replace(/^POST /, ""),
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
  return response.json();
}

const organization = await services.organizations.create("Bench");
const { plaintext: token } = await services.tokens.issue(organization.id, { kind: "admin" });
const json = (method: "POST", url: string, body: unknown) =>
  app
    .inject({
      method,
      url,
      payload: JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    })
    .then((response) => response.json().data);
const product = await json("POST", "/v1/products", { name: "Editor" });
const policy = await json("POST", "/v1/policies", { productId: product.id, name: "Seat" });
const userIds: string[] = [];
for (let i = 0; i < USERS; i++) {
  // One user in ten buys for acme.example: a domain search finds their licenses.
  const email = i % 10 === 0 ? `buyer${i}@acme.example` : `user${i}@customer.example`;
  userIds.push((await json("POST", "/v1/users", { email })).id);
}

const started = performance.now();
const now = new Date();
let someKey = "";
const BATCH = 2000;
for (let start = 0; start < LICENSES; start += BATCH) {
  await store.db.transaction().execute(async (trx) => {
    const repository = licensesRepository(trx);
    for (let i = start; i < Math.min(start + BATCH, LICENSES); i++) {
      const key = randomBytes(16).toString("hex");
      if (i === Math.floor(LICENSES / 2)) someKey = key;
      const stamp = new Date(now.getTime() - (LICENSES - i) * 1000).toISOString();
      await repository.insert({
        id: newId("lic", new Date(now.getTime() - (LICENSES - i) * 1000)),
        organizationId: organization.id,
        productId: product.id,
        policyId: policy.id,
        userId: i % 10 === 0 ? userIds[(i / 10) % USERS]! : null,
        name: `Customer ${i}`,
        key,
        keyHash: createHash("sha256").update(key).digest("hex"),
        keyImported: false,
        suspended: i % 50 === 0,
        revokedAt: null,
        expiresAt:
          i % 4 === 0
            ? new Date(now.getTime() + ((i % 400) - 100) * 86_400_000).toISOString()
            : null,
        uses: 0,
        firstActivatedAt: null,
        firstValidatedAt: null,
        lastValidatedAt: null,
        lastValidationCode: null,
        lastCheckInAt: null,
        expiredEventFor: null,
        handshakeCodeId: null,
        overrides: {},
        metadata: { plan: PLANS[i % 3]!, order: i, company: COMPANIES[i % COMPANIES.length]! },
        createdAt: stamp,
        updatedAt: stamp,
      });
    }
  });
}
const filled = (performance.now() - started) / 1000;
// As autovacuum would have by now on a server that grew to this size: the planner's statistics.
if (store.dialect === "postgres") await sql`analyze`.execute(store.db);

const day = 86_400_000;
const soon = new Date(now.getTime() + 30 * day).toISOString();
// Each user holds 10 licenses; "~N" is how many licenses match (a page shows 25).
const queries: Array<[string, string]> = [
  ["first page, no filter", "/v1/licenses"],
  ["exact key (by hash)", `/v1/licenses?q=${someKey}`],
  ["user email (10)", "/v1/licenses?q=user42%40customer.example"],
  ["in email: ser42@ (10)", "/v1/licenses?q=ser42%40"],
  ["in email: @acme.example (1k)", "/v1/licenses?q=%40acme.example"],
  ["name start: customer 42424", "/v1/licenses?q=customer%2042424"],
  ["in name: tomer 4242 (11)", "/v1/licenses?q=tomer%204242"],
  ["in name: omer 1 (~11k)", "/v1/licenses?q=omer%201"],
  ["in name: omer (100k)", "/v1/licenses?q=omer"],
  ["in metadata: acme (~13k)", "/v1/licenses?q=acme"],
  ["in metadata: ndustri (~13k)", "/v1/licenses?q=ndustri"],
  ["metadata plan:pro (~33k)", "/v1/licenses?q=plan%3Apro"],
  ["acme, suspended (500)", "/v1/licenses?q=acme&status=suspended"],
  ["acme, revoked (0: all ~13k)", "/v1/licenses?q=acme&status=revoked"],
  ["2 chars, prefix: gl (~13k)", "/v1/licenses?q=gl"],
  ["no match", "/v1/licenses?q=nobody"],
  [
    "active, expiring in 30 days",
    `/v1/licenses?status=active&expiresAfter=${now.toISOString()}&expiresBefore=${soon}`,
  ],
  ["counts by status", "/v1/licenses/counts"],
];

console.log(
  `license search, ${store.dialect}: ` +
    `${LICENSES} licenses (filled in ${filled.toFixed(1)} s), median of ${RUNS} runs, ` +
    "one process, app.inject (no TCP); the machine may be shared",
);
for (const [label, url] of queries) {
  await call(url, token);
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const body = await call(url, token);
    times.push(performance.now() - t0);
    count = Array.isArray(body.data) ? body.data.length : 1;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.floor(times.length * 0.9)]!;
  console.log(
    `  ${label.padEnd(30)} ${median.toFixed(2).padStart(8)} ms median, ${p90.toFixed(2).padStart(8)} ms p90 (${count} item(s))`,
  );
}

const rows = await store.db
  .selectFrom("license_search_trigrams")
  .select((eb) => eb.fn.countAll<string>().as("count"))
  .executeTakeFirstOrThrow();
const { rows: sizes } = await (store.dialect === "postgres"
  ? sql<{
      bytes: string;
    }>`select pg_total_relation_size('license_search_trigrams') + pg_total_relation_size('license_search_terms') as bytes`
  : sql<{
      bytes: string;
    }>`select sum(pgsize) as bytes from dbstat where name like 'license_search%' or name like 'sqlite_autoindex_license_search%'`
).execute(store.db);
console.log(
  `  search tables: ${Number(rows.count).toLocaleString("en")} trigram rows, ` +
    `${(Number(sizes[0]!.bytes) / 2 ** 20).toFixed(0)} MiB with their indexes`,
);
// An upgrade: migration 0018 rebuilding both tables from the licenses.
await store.db.schema.dropTable("license_search_trigrams").execute();
const migrating = performance.now();
await store.db.transaction().execute((trx) => licenseSearchTrigrams.up(trx as never));
console.log(
  `  migration 0018 on ${LICENSES} licenses: ${((performance.now() - migrating) / 1000).toFixed(1)} s`,
);

await app.close();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
