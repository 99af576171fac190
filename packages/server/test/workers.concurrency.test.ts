// `keyward serve --workers 2` (issue 18.4): two processes on one port over one database, on
// SQLite (WAL) and PostgreSQL. The 60-racer activation holds the machine limit with requests
// served by both workers; a scrape of /metrics answers both workers' sum, whichever answers it;
// the first start and the background jobs run in worker 1 only; a killed worker is replaced
// (worker 1's replacement takes the jobs over); SIGTERM drains all.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { get, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestSchema, forEachDatabase, type TestSchema } from "./support/databases.js";
import { type ServerProcess, serve } from "./support/processes.js";
import { parseSamples, sampleValue } from "./support/prometheus.js";

const RACERS = 60;
const MAX_MACHINES = 5;
const JOBS_LINE = "this worker runs the background jobs and backups";

forEachDatabase("serve --workers 2", (db) => {
  const adminToken = `kw_admin_${randomBytes(24).toString("hex")}`;
  const metricsToken = randomBytes(24).toString("base64url");
  let root: string;
  let schema: TestSchema | null = null;
  let server: ServerProcess;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-workers-"));
    schema = db.name === "postgres" ? await createTestSchema() : null;
    server = await serve(["--workers", "2", "--log-level", "info"], {
      cwd: root,
      env: {
        KEYWARD_DATA_DIR: join(root, "data"),
        KEYWARD_SECRET: randomBytes(32).toString("hex"),
        KEYWARD_ADMIN_TOKEN: adminToken,
        KEYWARD_METRICS_TOKEN: metricsToken,
        ...(schema ? { DATABASE_URL: schema.databaseUrl } : {}),
      },
    });
    await server.waitUntilHealthy();
    await server.logged((line) => line.msg === "2 workers serving");
  });

  after(async () => {
    server.kill();
    await rm(root, { recursive: true, force: true });
    await schema?.drop();
  });

  async function call(authorization: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const workerPids = (slot: number) =>
    server
      .logLines()
      .filter((line) => line.msg === `worker ${slot} listening`)
      .map((line) => line.workerPid);

  test("first start and jobs run in worker 1 only", () => {
    const lines = server.logLines();
    const created = lines.filter((line) => line.msg.startsWith("created the first organization"));
    assert.deepEqual(
      created.map((line) => line.pid),
      workerPids(1),
    );
    const jobs = lines.filter((line) => line.msg === JOBS_LINE);
    assert.deepEqual(
      jobs.map((line) => line.pid),
      workerPids(1),
    );
    assert.equal(workerPids(2).length, 1);
    assert.notEqual(workerPids(1)[0], workerPids(2)[0]);
  });

  test(`${RACERS} activations over both workers: exactly ${MAX_MACHINES} machines`, async () => {
    const bearer = `Bearer ${adminToken}`;
    const product = await call(bearer, "POST", "/v1/products", { name: "Race" });
    const policy = await call(bearer, "POST", "/v1/policies", {
      productId: product.body.data.id,
      name: "Floating",
      floating: true,
      maxMachines: MAX_MACHINES,
    });
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
    const license = await call(bearer, "POST", "/v1/licenses", {
      productId: product.body.data.id,
      policyId: policy.body.data.id,
    });
    const key = `License ${license.body.data.key}`;
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        call(key, "POST", "/v1/machines", { fingerprint: `device-${i}` }),
      ),
    );
    const statuses: Record<number, number> = {};
    for (const { status } of responses) statuses[status] = (statuses[status] ?? 0) + 1;
    assert.deepEqual(statuses, { 201: MAX_MACHINES, 422: RACERS - MAX_MACHINES });
    const listed = await call(bearer, "GET", `/v1/machines?licenseId=${license.body.data.id}`);
    assert.equal(listed.body.data.length, MAX_MACHINES);
    // Both workers answered some of them (the primary hands connections out in turn).
    const servedBy = new Set(
      server
        .logLines()
        .filter((line) => line.msg === "request completed")
        .map((line) => line.pid),
    );
    assert.deepEqual([...servedBy].sort(), [...workerPids(1), ...workerPids(2)].sort());
  });

  /** GET /metrics on a connection of its own: the primary hands new connections out in turn. */
  const scrape = () =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = get(
        `${server.url}/metrics`,
        { agent: false, headers: { authorization: `Bearer ${metricsToken}` } },
        (response) => {
          let text = "";
          response.setEncoding("utf8").on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on("error", reject);
    });

  test("a scrape of /metrics answers both workers' sum, whichever worker answers it", async () => {
    // The racers above were served by both workers; each counted its own.
    for (let i = 0; i < 4; i++) {
      const { status, text } = await scrape();
      assert.equal(status, 200, text);
      const samples = parseSamples(text);
      const activations = (outcome: string) =>
        sampleValue(samples, "keyward_activations_total", { kind: "online", outcome });
      assert.equal(activations("activated"), MAX_MACHINES);
      assert.equal(activations("refused"), RACERS - MAX_MACHINES);
    }
    const scrapedBy = new Set(
      server
        .logLines()
        .filter((line) => line.msg === "request completed" && line.url === "/metrics")
        .map((line) => line.pid),
    );
    assert.deepEqual([...scrapedBy].sort(), [...workerPids(1), ...workerPids(2)].sort());
  });

  test("a worker that cannot hand its metrics over fails the scrape with a 503", async () => {
    const [stopped] = workerPids(2);
    assert.ok(stopped);
    process.kill(stopped, "SIGSTOP");
    let answers: { status: number; text: string }[];
    try {
      // One of the two lands on worker 1, which waits for the stopped worker in vain; the other
      // may land on the stopped worker and waits for it to go on.
      const scrapes = [scrape(), scrape()];
      const first = await Promise.race(scrapes);
      process.kill(stopped, "SIGCONT");
      answers = [first, ...(await Promise.all(scrapes)).filter((answer) => answer !== first)];
    } finally {
      process.kill(stopped, "SIGCONT");
    }
    const [refused] = answers;
    assert.equal(refused?.status, 503, refused?.text);
    assert.equal(JSON.parse(refused.text).error.code, "METRICS_UNAVAILABLE");
    const again = await scrape();
    assert.equal(again.status, 200, again.text);
  });

  test("a killed worker is replaced, and worker 1's replacement runs the jobs", async () => {
    const [killed] = workerPids(1);
    assert.ok(killed);
    process.kill(killed, "SIGKILL");
    const replacement = await server.logged(
      (line) => line.msg === "worker 1 listening" && line.workerPid !== killed,
    );
    const jobs = server.logLines().filter((line) => line.msg === JOBS_LINE);
    assert.deepEqual(
      jobs.map((line) => line.pid),
      [killed, replacement.workerPid],
    );
    // No second first start: the organization exists.
    assert.equal(
      server.logLines().filter((line) => line.msg.startsWith("created the first organization"))
        .length,
      1,
    );
    for (let i = 0; i < 4; i++) {
      const answer = await call(`Bearer ${adminToken}`, "GET", "/v1/organization");
      assert.equal(answer.status, 200);
    }
  });

  test("without TLS SIGHUP changes nothing; SIGTERM drains every worker, the primary exits 0", async () => {
    // The live workers: worker 1's replacement and worker 2.
    const live = [...workerPids(1), ...workerPids(2)].slice(1) as number[];
    // Ignored: a worker it ended would not log its shutdown below.
    for (const pid of [server.child.pid, ...live]) process.kill(pid as number, "SIGHUP");
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
    const pidsLogging = (msg: string) =>
      server
        .logLines()
        .filter((line) => line.msg === msg)
        .map((line) => line.pid)
        .sort();
    assert.deepEqual(pidsLogging("SIGTERM received, shutting down"), [...live].sort());
    // The last line of each process, the primary's after its workers'.
    assert.deepEqual(pidsLogging("stopped"), [...live, server.child.pid].sort());
    assert.equal(server.logLines().at(-1)?.pid, server.child.pid);
  });
});

describe("serve --workers 2: rate limits count for the whole server", () => {
  const LIMIT = 20;
  let root: string;
  let server: ServerProcess;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-workers-limits-"));
    // At debug: the client routes' request lines are debug lines.
    server = await serve(["--workers", "2", "--log-level", "debug"], {
      cwd: root,
      env: {
        KEYWARD_DATA_DIR: join(root, "data"),
        KEYWARD_RATE_LIMIT_ADDRESS: String(LIMIT),
        // Windows are aligned to the clock: an hour makes one ending mid-test unlikely.
        KEYWARD_RATE_LIMIT_WINDOW_SECONDS: "3600",
      },
    });
    await server.waitUntilHealthy();
    await server.logged((line) => line.msg === "2 workers serving");
  });

  after(async () => {
    server.kill();
    await rm(root, { recursive: true, force: true });
  });

  /** A validation of a made-up key on a connection of its own: the workers take turns. */
  const validate = () =>
    new Promise<{ status: number; retryAfter: string | undefined; text: string }>(
      (resolve, reject) => {
        const body = JSON.stringify({ key: randomBytes(16).toString("hex") });
        const sent = request(
          `${server.url}/v1/licenses/actions/validate-key`,
          { method: "POST", agent: false, headers: { "content-type": "application/json" } },
          (response) => {
            let text = "";
            response.setEncoding("utf8").on("data", (chunk: string) => {
              text += chunk;
            });
            response.on("end", () =>
              resolve({
                status: response.statusCode ?? 0,
                retryAfter: response.headers["retry-after"],
                text,
              }),
            );
          },
        );
        sent.on("error", reject);
        sent.end(body);
      },
    );

  test(`one address gets ${LIMIT} requests in all, whichever worker serves them`, async () => {
    const answers = [];
    for (let i = 0; i < 2 * LIMIT; i++) answers.push(await validate());
    const admitted = answers.filter((answer) => answer.status === 200).length;
    // Each worker alone let 2 × LIMIT through. A worker decides before the other's last hit
    // has reached it (rate-limits-cluster.ts): at most a few over.
    assert.ok(admitted >= LIMIT && admitted <= LIMIT + 3, `${admitted} admitted`);
    const refused = answers.slice(admitted);
    assert.ok(refused.length > 0);
    for (const answer of refused) {
      assert.equal(answer.status, 429, answer.text);
      assert.equal(JSON.parse(answer.text).error.code, "RATE_LIMITED");
      assert.ok(Number(answer.retryAfter) > 0 && Number(answer.retryAfter) <= 3600);
    }
    // Both workers served some (the log lines may come after the answers).
    const workers = server
      .logLines()
      .filter((line) => /^worker \d listening$/.test(line.msg))
      .map((line) => line.workerPid);
    assert.equal(workers.length, 2);
    for (const pid of workers) {
      await server.logged(
        (line) =>
          line.msg === "request completed" &&
          line.pid === pid &&
          line.url === "/v1/licenses/actions/validate-key",
      );
    }
  });
});
