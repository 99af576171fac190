// The database going away under real `keyward serve` processes: PostgreSQL ending their
// connections, refusing new ones, or hanging (through a proxy, never the machine's own server),
// and SQLite held locked by another process. The servers stay up, answer 503
// DATABASE_UNAVAILABLE in the standard error body while it lasts, and serve again after.
// A transaction PostgreSQL aborts to break a deadlock answers 409 CONFLICT (retry), not 500.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import Fastify from "fastify";
import { sql } from "kysely";
import pg from "pg";
import { errorHandler, newRequestId } from "../src/http/errors.js";
import { openStore } from "../src/store/database.js";
import { migrateToLatest } from "../src/store/migrate.js";
import {
  createTestSchema,
  POSTGRES_SKIP,
  POSTGRES_URL,
  type TestSchema,
} from "./support/databases.js";
import { type ServerProcess, serve } from "./support/processes.js";
import { TcpProxy } from "./support/tcp-proxy.js";

/** A bound no request may pass, whatever the database does (the servers' timeouts are lower). */
const REQUEST_DEADLINE_MS = 20_000;

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked field by field
  body: any;
}

async function call(
  server: ServerProcess,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A 503 DATABASE_UNAVAILABLE in the standard error body. */
function assertUnavailable(answer: Answer, label: string): void {
  assert.equal(answer.status, 503, `${label}: ${JSON.stringify(answer.body)}`);
  assert.deepEqual(Object.keys(answer.body), ["error"], label);
  assert.deepEqual(Object.keys(answer.body.error).sort(), ["code", "message", "requestId"], label);
  assert.equal(answer.body.error.code, "DATABASE_UNAVAILABLE", label);
  assert.match(answer.body.error.requestId, /^req_[0-9a-f]{32}$/, label);
}

function assertRunning(server: ServerProcess): void {
  assert.equal(server.child.exitCode, null, `the server exited:\n${server.output}`);
  assert.equal(server.child.signalCode, null, `the server was killed:\n${server.output}`);
}

/** Asks until `ready` answers 200; fails after `attempts` answers that are not. */
async function waitUntilReady(server: ServerProcess, attempts: number): Promise<number> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const ready = await call(server, null, "GET", "/v1/ready");
    if (ready.status === 200) return attempt;
    assertUnavailable(ready, "GET /v1/ready");
  }
  assert.fail(`not ready after ${attempts} attempts:\n${server.output}`);
}

/** Waits for the server's JSON log line that passes `match` (it logs it, or the test fails). */
async function logLine(
  server: ServerProcess,
  match: (line: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + REQUEST_DEADLINE_MS;
  while (Date.now() < deadline) {
    const line = server.stdout
      .split("\n")
      .filter((text) => text.startsWith("{"))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find(match);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`no such log line within ${REQUEST_DEADLINE_MS} ms:\n${server.output}`);
}

function adminToken(): string {
  return `kw_admin_${randomBytes(32).toString("base64url")}`;
}

describe("the database goes away", { concurrency: true }, () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-db-faults-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe("[postgres]", { skip: POSTGRES_SKIP, concurrency: true }, () => {
    const schemas: TestSchema[] = [];
    after(async () => {
      for (const schema of schemas) await schema.drop();
    });

    async function adminQuery<Row extends pg.QueryResultRow>(
      text: string,
      values: unknown[] = [],
    ): Promise<Row[]> {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        return (await client.query<Row>(text, values)).rows;
      } finally {
        await client.end();
      }
    }

    /** A fresh schema whose connections carry its name: a test terminates only its own. */
    async function namedSchema(): Promise<{ schema: TestSchema; url: string }> {
      const schema = await createTestSchema();
      schemas.push(schema);
      const url = new URL(schema.databaseUrl);
      url.searchParams.set("application_name", schema.schema);
      return { schema, url: url.toString() };
    }

    function terminateBackendsOf(schema: TestSchema): Promise<Array<{ pid: number }>> {
      return adminQuery(
        "select pg_terminate_backend(pid), pid from pg_stat_activity where application_name = $1",
        [schema.schema],
      );
    }

    test("a connection ended inside a transaction: DATABASE_UNAVAILABLE, the pool recovers", async () => {
      const { schema, url } = await namedSchema();
      let reportLost: (error: Error) => void = () => {};
      const reported = new Promise<Error>((resolve) => (reportLost = resolve));
      const store = openStore({
        databaseUrl: url,
        dataDir: root,
        limits: { poolSize: 2 },
        onConnectionLost: (error) => reportLost(error),
      });
      try {
        await migrateToLatest(store.db);
        const failed = store.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          const pid = rows[0]!.pid;
          await adminQuery("select pg_terminate_backend($1)", [pid]);
          // Gone on the server: the client holds a dead connection between two statements.
          let alive: unknown[];
          do alive = await adminQuery("select 1 from pg_stat_activity where pid = $1", [pid]);
          while (alive.length > 0);
          await trx.selectFrom("organizations").selectAll().execute();
        });
        await assert.rejects(failed, { code: "DATABASE_UNAVAILABLE" });
        // The broken connection did not go back to the pool: the next statements work.
        for (let round = 0; round < 3; round++) {
          assert.deepEqual(await store.db.selectFrom("organizations").selectAll().execute(), []);
        }
        // An idle pooled connection that ends is reported (and dropped), never thrown.
        await terminateBackendsOf(schema);
        assert.equal(((await reported) as Error & { code?: string }).code, "57P01");
        assert.deepEqual(await store.db.selectFrom("organizations").selectAll().execute(), []);
      } finally {
        await store.close();
      }
    });

    test("two servers under load, every backend terminated: both stay up and serve", async () => {
      const { schema, url } = await namedSchema();
      const token = adminToken();
      const env = {
        DATABASE_URL: url,
        KEYWARD_SECRET: randomBytes(32).toString("base64url"),
        KEYWARD_ADMIN_TOKEN: token,
        KEYWARD_DATABASE_POOL_SIZE: "4",
        // Clients loop until told to stop: the per-token rate limit is not what is tested here.
        KEYWARD_RATE_LIMITS: "false",
      };
      // One after the other: the second finds the first organization.
      const servers: ServerProcess[] = [];
      for (const name of ["a", "b"]) {
        const server = await serve(["--data-dir", join(root, name)], { cwd: root, env });
        await server.waitUntilHealthy();
        servers.push(server);
      }

      // Four clients per server, reading and writing, until told to stop.
      const answered = servers.map(() => 0);
      let stop = false;
      let onAnswer: () => void = () => {};
      const nextAnswer = () => new Promise<void>((resolve) => (onAnswer = resolve));
      const load = servers.flatMap((server, index) =>
        Array.from({ length: 4 }, async (_, client) => {
          for (let round = 0; !stop; round++) {
            const answer =
              round % 2 === 0
                ? await call(server, token, "GET", "/v1/products?limit=5")
                : await call(server, token, "POST", "/v1/products", { name: `p${client}` });
            if (answer.status === 503) assertUnavailable(answer, `${server.url} under load`);
            else assert.ok([200, 201].includes(answer.status), JSON.stringify(answer.body));
            answered[index]!++;
            onAnswer();
          }
        }),
      );
      const waitForAnswers = async (count: number) => {
        const targets = answered.map((done) => done + count);
        while (answered.some((done, index) => done < targets[index]!)) {
          for (const server of servers) assertRunning(server);
          await Promise.race([Promise.all(load), nextAnswer()]);
        }
      };
      try {
        await waitForAnswers(20);
        const terminated = await terminateBackendsOf(schema);
        assert.ok(terminated.length >= 2, `terminated ${terminated.length} backends`);
        await waitForAnswers(40);
      } finally {
        stop = true;
        await Promise.allSettled(load);
      }
      await Promise.all(load);

      for (const server of servers) {
        assertRunning(server);
        const created = await call(server, token, "POST", "/v1/products", { name: "after" });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.equal((await call(server, token, "GET", "/v1/products")).status, 200);
        assert.equal((await call(server, null, "GET", "/v1/ready")).status, 200);
      }
      // The lost connections are logged as warnings, never as a crash.
      const output = servers.map((server) => server.output).join("");
      assert.match(output, /"level":40[^\n]*database/i, output);
      assert.doesNotMatch(output, /"level":60/);
      for (const server of servers) {
        assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output);
      }
    });

    test("refused, then hanging, then back: 503 within the timeouts, ready again", async () => {
      const schema = await createTestSchema();
      schemas.push(schema);
      const proxy = await TcpProxy.start();
      const token = adminToken();
      const server = await serve(["--data-dir", join(root, "proxied")], {
        cwd: root,
        env: {
          DATABASE_URL: proxy.url(schema.databaseUrl),
          KEYWARD_SECRET: randomBytes(32).toString("base64url"),
          KEYWARD_ADMIN_TOKEN: token,
          KEYWARD_DATABASE_CONNECT_TIMEOUT_MS: "1000",
          KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS: "1500",
          // The webhook worker asks the database often: its failures show how a job logs one.
          KEYWARD_WEBHOOK_POLL_MS: "100",
        },
      });
      await server.waitUntilHealthy();
      assert.equal((await call(server, token, "POST", "/v1/products", { name: "x" })).status, 201);

      // A statement that waits on a lock ends at the statement timeout.
      const locker = new pg.Client({ connectionString: schema.databaseUrl });
      await locker.connect();
      try {
        await locker.query("begin");
        await locker.query("lock table products in access exclusive mode");
        assertUnavailable(await call(server, token, "GET", "/v1/products"), "locked table");
        await locker.query("rollback");
      } finally {
        await locker.end();
      }
      assert.equal((await call(server, token, "GET", "/v1/products")).status, 200);

      // Refused: connections cut, nothing listens.
      await proxy.refuse();
      assertUnavailable(await call(server, token, "GET", "/v1/products"), "refused, read");
      assertUnavailable(
        await call(server, token, "POST", "/v1/products", { name: "y" }),
        "refused, write",
      );
      assertUnavailable(await call(server, null, "GET", "/v1/ready"), "refused, ready");
      assert.equal((await call(server, null, "GET", "/v1/health")).status, 200);
      assertRunning(server);
      // A background task that fails meanwhile: a warning with the driver's reason (refused, or a
      // connection reset under a pass in flight), once, no stack (an outage, not a bug).
      const outage = await logLine(
        server,
        (line) => line.msg === "webhook delivery pass failed: the database is unavailable",
      );
      assert.equal(outage.level, 40);
      assert.equal(outage.err, undefined);
      assert.match(String(outage.reason), /ECONNREFUSED|ECONNRESET|connect|terminat/i);

      // Back: the very next readiness probe answers 200, and the outage's end is logged (its
      // warning came once: repeats within a minute are counted, not logged).
      await proxy.accept();
      assert.equal(await waitUntilReady(server, 1), 1);
      const over = await logLine(
        server,
        (line) => line.msg === "webhook delivery passes succeed again",
      );
      assert.equal(over.level, 30);
      assert.equal(typeof over.repeated, "number");
      assert.equal((await call(server, token, "GET", "/v1/products")).status, 200);

      // Hanging: connections open and new ones get no answer; requests still end, as 503.
      proxy.hang();
      assertUnavailable(await call(server, token, "GET", "/v1/products"), "hanging, read");
      assertUnavailable(
        await call(server, token, "POST", "/v1/products", { name: "z" }),
        "hanging, write",
      );
      assertUnavailable(await call(server, null, "GET", "/v1/ready"), "hanging, ready");
      assertRunning(server);

      proxy.forward();
      // Pooled connections that hung are dropped as they fail; the pool holds at most 10.
      await waitUntilReady(server, 12);
      const created = await call(server, token, "POST", "/v1/products", { name: "back" });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const names = (await call(server, token, "GET", "/v1/products")).body.data.map(
        (product: { name: string }) => product.name,
      );
      // What was refused with a 503 was not written.
      assert.deepEqual(names.sort(), ["back", "x"]);
      assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output);
      assert.doesNotMatch(server.output, /"level":60/);
    });
  });

  describe("[postgres] a transaction aborted to break a deadlock", { skip: POSTGRES_SKIP }, () => {
    /** Two transactions that lock two rows in opposite orders: PostgreSQL aborts one. */
    async function deadlockError(databaseUrl: string): Promise<Error> {
      const [one, two] = [
        new pg.Client({ connectionString: databaseUrl }),
        new pg.Client({ connectionString: databaseUrl }),
      ];
      await Promise.all([one.connect(), two.connect()]);
      try {
        await one.query("create table rows (id int primary key)");
        await one.query("insert into rows values (1), (2)");
        await Promise.all([one.query("begin"), two.query("begin")]);
        await one.query("update rows set id = id where id = 1");
        await two.query("update rows set id = id where id = 2");
        const outcomes = await Promise.allSettled([
          one.query("update rows set id = id where id = 2"),
          two.query("update rows set id = id where id = 1"),
        ]);
        const aborted = outcomes.find((outcome) => outcome.status === "rejected");
        assert.ok(aborted, "no transaction was aborted");
        return aborted.reason as Error;
      } finally {
        await Promise.all([one.end(), two.end()]);
      }
    }

    test("answers 409 CONFLICT (retry), not 500", async () => {
      const schema = await createTestSchema();
      try {
        const error = await deadlockError(schema.databaseUrl);
        assert.equal((error as { code?: string }).code, "40P01");
        const app = Fastify({ logger: false, genReqId: newRequestId });
        app.setErrorHandler(errorHandler);
        app.post("/race", async () => {
          throw error;
        });
        const answer = await app.inject({ method: "POST", url: "/race" });
        assert.equal(answer.statusCode, 409, answer.body);
        const body = answer.json();
        assert.equal(body.error.code, "CONFLICT");
        assert.match(body.error.message, /raced a concurrent one/);
      } finally {
        await schema.drop();
      }
    });
  });

  describe("[sqlite]", () => {
    test("a write lock held by another process past the busy timeout: 503, then writes go on", async () => {
      const dataDir = join(root, "sqlite");
      const token = adminToken();
      const server = await serve(["--data-dir", dataDir], {
        cwd: root,
        env: { KEYWARD_ADMIN_TOKEN: token, KEYWARD_SQLITE_BUSY_TIMEOUT_MS: "200" },
      });
      await server.waitUntilHealthy();
      assert.equal((await call(server, token, "POST", "/v1/products", { name: "x" })).status, 201);

      const other = new SQLite(join(dataDir, "keyward.sqlite"));
      try {
        other.exec("begin immediate");
        assertUnavailable(
          await call(server, token, "POST", "/v1/products", { name: "y" }),
          "locked write",
        );
        // Readers are not blocked by a writer (WAL).
        assert.equal((await call(server, token, "GET", "/v1/products")).status, 200);
        assert.equal((await call(server, null, "GET", "/v1/ready")).status, 200);
        other.exec("rollback");
      } finally {
        other.close();
      }
      assert.equal((await call(server, token, "POST", "/v1/products", { name: "z" })).status, 201);
      const names = (await call(server, token, "GET", "/v1/products")).body.data.map(
        (product: { name: string }) => product.name,
      );
      assert.deepEqual(names.sort(), ["x", "z"]);
      assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output);
    });
  });
});
