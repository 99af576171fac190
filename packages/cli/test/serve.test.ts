// `keyward serve` that cannot start for the machine's set-up: a port another process listens
// on, a database that does not answer. Real processes, as an operator runs them: the failure
// is said on one line with what to do, as a usage or network error, never "internal error".
import assert from "node:assert/strict";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer, type Server } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { POSTGRES_SKIP, POSTGRES_URL } from "../../server/test/support/databases.js";
import { setupFailure } from "../src/commands/setup-errors.js";
import { assertFails, keyward, run, tempDir } from "./support/cli.js";

/** A TCP server of this process on a loopback port: that port is busy. */
async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port };
}

/** A loopback port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const { server, port } = await occupy();
  server.close();
  await once(server, "close");
  return port;
}

const SECRET = "a-server-secret-of-at-least-32-characters";
const PASSWORD = "pw-s3cr3t-Xq9";

describe("keyward serve: start-up failures of the set-up", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let busy: { server: Server; port: number };
  before(async () => {
    ({ dir, cleanup } = await tempDir());
    busy = await occupy();
  });
  after(async () => {
    busy.server.close();
    await cleanup();
  });

  test("a port another process listens on: USAGE, exit 2, and what to do", async () => {
    const { port } = busy;
    const serve = (...args: string[]) =>
      keyward(
        ["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warn", ...args],
        // SQLite in the data dir, whatever the environment running the tests says; the webhook
        // worker polling at once, so that one started before the listen would be caught using
        // the database the failed start closes.
        {
          env: { DATABASE_URL: "", KEYWARD_WORKERS: "", KEYWARD_WEBHOOK_POLL_MS: "10" },
          timeoutMs: 60_000,
        },
      );
    const metricsPort = await closedPort();
    const [single, workers, workersWithMetrics] = await Promise.all([
      serve("--data-dir", join(dir, "single")),
      // Under --workers the worker that cannot listen says so and exits (no hang).
      serve("--data-dir", join(dir, "workers"), "--workers", "2"),
      // Its metrics port listens before the main port fails: still a worker that did not start
      // (it was once taken for serving, and replaced without end).
      keyward(["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warn"], {
        env: {
          DATABASE_URL: "",
          KEYWARD_WORKERS: "2",
          KEYWARD_DATA_DIR: join(dir, "workers-metrics"),
          KEYWARD_METRICS_PORT: String(metricsPort),
        },
        timeoutMs: 60_000,
      }),
    ]);
    assertFails(single, "USAGE", 2);
    // The one line that says what to do, and no log of background work failing behind it.
    assert.equal(single.stdout, "");
    assert.equal(single.stderr.trim().split("\n").length, 1, single.stderr);
    assert.match(
      single.stderr,
      new RegExp(
        `cannot listen on 127\\.0\\.0\\.1:${port}: another process already uses port ${port}` +
          ".*; stop it, or choose another port with --port \\(or PORT\\)",
      ),
    );
    for (const result of [workers, workersWithMetrics]) {
      // The primary stops (1), having logged that worker 1 ended with the usage error's code.
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stdout, /worker 1 exited before listening \(code 2, signal null\)/);
      assert.doesNotMatch(result.stderr, /INTERNAL|internal error/);
      assert.match(
        result.stderr,
        new RegExp(
          `^keyward: error: cannot listen on 127\\.0\\.0\\.1:${port}: .+ \\(USAGE\\)$`,
          "m",
        ),
      );
    }
  });

  test("a DATABASE_URL nothing answers at: NETWORK_ERROR, exit 21, host and port, no password", async () => {
    const port = await closedPort();
    const result = await keyward(
      ["serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "silent"],
      {
        env: {
          DATABASE_URL: `postgres://keyward:${PASSWORD}@127.0.0.1:${port}/keyward`,
          KEYWARD_SECRET: SECRET,
          KEYWARD_WORKERS: "",
          KEYWARD_DATA_DIR: join(dir, "postgres"),
        },
      },
    );
    assertFails(result, "NETWORK_ERROR", 21);
    assert.match(
      result.stderr,
      new RegExp(
        `the database at 127\\.0\\.0\\.1:${port} is not reachable \\(connect ECONNREFUSED .+\\); ` +
          "check that PostgreSQL runs there and that DATABASE_URL \\(or --database-url\\) names it",
      ),
    );
    assert.ok(!result.stderr.includes(PASSWORD), result.stderr);
  });

  test("a secret that does not open the database's keys: USAGE, exit 2, before listening", async () => {
    const dataDir = join(dir, "restored");
    const env = { DATABASE_URL: "", KEYWARD_WORKERS: "", KEYWARD_SECRET: "" };
    // A database with sealed signing keys, and its secret.
    const created = await keyward(["orgs", "create", "--name", "Restored", "--data-dir", dataDir], {
      env,
    });
    assert.equal(created.code, 0, created.stderr);
    const file = join(dataDir, "secret");
    const serve = (extra: Record<string, string> = {}) =>
      keyward(["serve", "--port", "0", "--log-level", "silent", "--data-dir", dataDir], {
        env: { ...env, ...extra },
        timeoutMs: 60_000,
      });

    await writeFile(file, `${"x".repeat(43)}\n`, { mode: 0o600 });
    const wrongFile = await serve();
    assertFails(wrongFile, "USAGE", 2);
    assert.match(
      wrongFile.stderr,
      /secret does not open this database's sealed keys: put the secret/,
    );

    const wrongEnvironment = await serve({ KEYWARD_SECRET: "y".repeat(43) });
    assertFails(wrongEnvironment, "USAGE", 2);
    assert.match(
      wrongEnvironment.stderr,
      /KEYWARD_SECRET does not open this database's sealed keys/,
    );

    // A restore without its secret: none is generated in its place.
    await rm(file);
    const none = await serve();
    assertFails(none, "USAGE", 2);
    assert.match(none.stderr, /the data dir has no secret file, but its database holds keys/);
    assert.equal(existsSync(file), false, "a new secret was left in the data dir");
  });

  test("a database a newer version migrated (a downgrade): USAGE, exit 2, for serve and orgs", async () => {
    const dataDir = join(dir, "downgraded");
    const env = { DATABASE_URL: "", KEYWARD_WORKERS: "", KEYWARD_SECRET: "" };
    assert.equal((await run(["orgs", "create", "--name", "New", "--data-dir", dataDir])).code, 0);
    const database = new Database(join(dataDir, "keyward.sqlite"));
    database
      .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
      .run("9999_from_the_future", "2031-01-01T00:00:00.000Z");
    database.close();
    const serve = await keyward(
      ["serve", "--port", "0", "--log-level", "silent", "--data-dir", dataDir],
      { env, timeoutMs: 60_000 },
    );
    const list = await run(["orgs", "list", "--data-dir", dataDir]);
    for (const result of [serve, list]) {
      assertFails(result, "USAGE", 2);
      assert.match(
        result.stderr,
        /migrated by a newer version of Keyward \(it has migration 9999_/,
      );
    }
  });

  test("an address the machine does not have: USAGE, exit 2, choose another --host", async () => {
    // 192.0.2.1 (TEST-NET-1, RFC 5737) is on no interface.
    const result = await keyward(
      ["serve", "--host", "192.0.2.1", "--port", "0", "--log-level", "silent"],
      { env: { DATABASE_URL: "", KEYWARD_WORKERS: "" }, timeoutMs: 60_000 },
    );
    assertFails(result, "USAGE", 2);
    assert.match(result.stderr, /cannot listen on 192\.0\.2\.1: this machine has no such address/);
    assert.match(result.stderr, /--host \(or HOST/);
  });

  test("a host name that does not resolve: USAGE, exit 2, before the data dir is made", async () => {
    const dataDir = join(dir, "bad-host");
    // .invalid never resolves (RFC 2606).
    const result = await keyward(
      ["serve", "--host", "not-a-host.invalid", "--port", "0", "--data-dir", dataDir],
      { env: { DATABASE_URL: "", KEYWARD_WORKERS: "" }, timeoutMs: 60_000 },
    );
    assertFails(result, "USAGE", 2);
    assert.match(result.stderr, /cannot listen on not-a-host\.invalid: the name does not resolve/);
    assert.equal(existsSync(dataDir), false, "the data dir was made");
  });

  test("a database that answers no (no such database): USAGE, exit 2, no password", {
    skip: POSTGRES_SKIP,
  }, async () => {
    const url = new URL(POSTGRES_URL);
    url.password = PASSWORD;
    url.pathname = `/kw_no_such_database_${process.pid}`;
    const result = await keyward(
      ["serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "silent"],
      {
        env: {
          DATABASE_URL: url.href,
          KEYWARD_SECRET: SECRET,
          KEYWARD_WORKERS: "",
          KEYWARD_DATA_DIR: join(dir, "no-database"),
        },
        timeoutMs: 60_000,
      },
    );
    assertFails(result, "USAGE", 2);
    assert.match(
      result.stderr,
      new RegExp(
        `the database at ${url.hostname.replace(/\./g, "\\.")}:${url.port || 5432} refused ` +
          `the connection \\(.*kw_no_such_database_${process.pid}.*\\); check the user, ` +
          "password and database name in DATABASE_URL",
      ),
    );
    assert.ok(!result.stderr.includes(PASSWORD), result.stderr);
  });

  test("keyward orgs says the same of its database", async () => {
    const port = await closedPort();
    const url = `postgres://keyward:${PASSWORD}@127.0.0.1:${port}/keyward`;
    const result = await run(["orgs", "list", "--database-url", url]);
    assertFails(result, "NETWORK_ERROR", 21);
    assert.match(result.stderr, new RegExp(`the database at 127\\.0\\.0\\.1:${port} is not`));
    assert.ok(!result.stderr.includes(PASSWORD), result.stderr);
  });
});

test("the database URL's password is redacted from the stack and the cause chain too", () => {
  const url = `postgres://keyward:${encodeURIComponent(`${PASSWORD}/@`)}@127.0.0.1:5432/keyward`;
  const plain = `${PASSWORD}/@`;
  // The stack is written with the message the error was made with (read here, as a logger or
  // KEYWARD_DEBUG would); a driver's error may quote the URL, decoded or not.
  const root = new Error(`connect to ${url} failed, password ${plain}`);
  void root.stack;
  const middle = new Error(`pool: ${plain}`, { cause: root });
  void middle.stack;
  const attempt = new Error(`attempt 1: ${url}`);
  void attempt.stack;
  const aggregate = new AggregateError([attempt], `tried ${plain}`);
  void aggregate.stack;
  const error = new TypeError(`cannot start with ${url}`, {
    cause: new Error(`wrapped ${plain}`, { cause: middle }),
  });
  void error.stack;
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (!(value instanceof Error)) return;
    texts.push(value.message, String(value.stack));
    collect(value.cause);
  };
  const beforeRedaction = [error.stack, middle.stack, root.stack, attempt.stack].join("\n");
  assert.ok(beforeRedaction.includes(PASSWORD), "the test's stacks hold the password");

  const reported = setupFailure(error, { databaseUrl: url });
  assert.equal(reported, error, "an error that is not the set-up's is reported as it is");
  collect(reported);
  assert.equal(texts.length, 8, "the error and its three causes");
  for (const text of texts) {
    assert.ok(!text.includes(PASSWORD), text);
    assert.ok(!text.includes(encodeURIComponent(plain)), text);
  }
  assert.match(String(error.stack), /^TypeError: cannot start with postgres:\/\/keyward:\*\*\*@/);
  assert.match(String(root.stack), /^Error: connect to .+ failed, password \*\*\*\n {4}at /);

  // An AggregateError's errors too.
  const many = setupFailure(aggregate, { databaseUrl: url }) as AggregateError;
  for (const inner of [many, ...many.errors] as Error[]) {
    assert.ok(!String(inner.stack).includes(PASSWORD), String(inner.stack));
    assert.ok(!inner.message.includes(PASSWORD), inner.message);
  }
});
