/**
 * Webhook delivery throughput on SQLite, one process: Keyward's worker (claim a batch in the
 * database, sign each body, connect to the checked address, POST, record the attempt) sending
 * an outbox of deliveries to a local receiver, next to a bare node:http client POSTing the same
 * bodies with the same headers to the same receiver in the same run, over kept-alive
 * connections like the worker's, and as many at once as the worker's batch.
 *   npm run bench:webhooks [-- --deliveries 2000 --batch 20 --rounds 3]
 * The receiver runs in its own process (answers 204 at once), so both sides get the same share
 * of the CPU; rounds alternate so a busy neighbour hits both alike; the ratio is the median.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordEvents } from "../packages/server/src/services/events.js";
import { createServices } from "../packages/server/src/services/index.js";
import { signWebhook } from "../packages/server/src/services/webhooks/signing.js";
import { openStore } from "../packages/server/src/store/database.js";
import { migrateToLatest } from "../packages/server/src/store/migrate.js";
import { argument, freePort, waitFor } from "./support.js";

const DELIVERIES = argument("deliveries", 2000);
const BATCH = argument("batch", 20);
const ROUNDS = argument("rounds", 3);

const port = await freePort();
const receiver = spawn(
  process.execPath,
  [
    "-e",
    `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => s.writeHead(204).end()); }).listen(${port}, "127.0.0.1")`,
  ],
  { stdio: "inherit" },
);
const url = `http://127.0.0.1:${port}/hook`;
await waitFor(url, { method: "POST", body: "{}" });

const dataDir = mkdtempSync(join(tmpdir(), "keyward-bench-webhooks-"));
const store = openStore({ databaseUrl: null, dataDir });
await migrateToLatest(store.db);
const services = createServices({
  store,
  secret: randomBytes(32).toString("base64url"),
  webhooks: { allowPrivate: true, batchSize: BATCH },
});
const organization = await services.organizations.create("Bench");
const admin = {
  organizationId: organization.id,
  kind: "admin" as const,
  tokenId: null,
  productId: null,
  licenseId: null,
};
const { secret } = await services.webhooks.create(admin, { url });

/** Writes `count` events (and so their deliveries) in transactions of 500. */
async function fillOutbox(count: number): Promise<void> {
  for (let done = 0; done < count; done += 500) {
    await store.db.transaction().execute(async (trx) => {
      for (let i = done; i < Math.min(count, done + 500); i++) {
        await recordEvents(trx, new Date(), {
          organizationId: organization.id,
          type: "license.updated",
          licenseId: "lic_01m84cp2y929bjrzt348fmrx3m",
          data: { changed: ["name"], i },
        });
      }
    });
  }
}

/** The bodies the worker will send: read back from the outbox, for the bare client. */
async function pendingBodies(): Promise<Array<{ id: string; body: string }>> {
  const rows = await store.db
    .selectFrom("webhook_deliveries")
    .select(["id", "payload"])
    .where("status", "=", "pending")
    .execute();
  return rows.map((row) => ({ id: row.id, body: row.payload }));
}

async function keywardRound(): Promise<number> {
  await fillOutbox(DELIVERIES);
  const started = performance.now();
  let sent = 0;
  for (;;) {
    const results = await services.webhooks.deliverDue();
    if (results.length === 0) break;
    for (const result of results) {
      if (!result.ok) throw new Error(`delivery failed: ${result.error}`);
    }
    sent += results.length;
  }
  const seconds = (performance.now() - started) / 1000;
  if (sent !== DELIVERIES) throw new Error(`sent ${sent} of ${DELIVERIES}`);
  return sent / seconds;
}

// As the worker's pool for one receiver (services/webhooks/send.ts).
const keptAlive = new Agent({ keepAlive: true, maxSockets: BATCH });

function post(body: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        agent: keptAlive,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () =>
          response.statusCode === 204 ? resolve() : reject(new Error(`${response.statusCode}`)),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function bareRound(bodies: Array<{ id: string; body: string }>): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < bodies.length; start += BATCH) {
    await Promise.all(
      bodies.slice(start, start + BATCH).map(({ id, body }) =>
        // Signed too, as the receiver would want it: the HMAC is part of the essential work.
        post(body, { ...signWebhook(secret, id, Math.floor(Date.now() / 1000), body) }),
      ),
    );
  }
  return bodies.length / ((performance.now() - started) / 1000);
}

// Warm-up (JIT, the receiver), then alternating rounds.
await fillOutbox(DELIVERIES);
const warmBodies = await pendingBodies();
await bareRound(warmBodies);
while ((await services.webhooks.deliverDue()).length > 0) {}

const ratios: number[] = [];
const lines: string[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const keyward = await keywardRound();
  await fillOutbox(DELIVERIES);
  const bodies = await pendingBodies();
  const bare = await bareRound(bodies);
  // Those deliveries were only for their bodies: finished without sending.
  await store.db
    .updateTable("webhook_deliveries")
    .set({ status: "succeeded", next_attempt_at: null })
    .where("status", "=", "pending")
    .execute();
  ratios.push(keyward / bare);
  lines.push(
    `round ${round}: Keyward worker ${keyward.toFixed(0)} deliveries/s, bare node:http client ` +
      `${bare.toFixed(0)} posts/s, ratio ${(keyward / bare).toFixed(2)}`,
  );
}
for (const line of lines) console.log(line);
ratios.sort((a, b) => a - b);
console.log(
  `median ratio ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)} (${DELIVERIES} deliveries ` +
    `per round, ${BATCH} at once, SQLite, one process; receiver in its own process)`,
);

keptAlive.destroy();
services.webhooks.closeConnections();
receiver.kill();
await services.flush();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
