// `keyward serve --workers 2` replacing a worker that died while the cause of a failed start
// lasts: PostgreSQL unreachable (through a proxy the test cuts, never the machine's server), a
// TLS key file being replaced. The other worker serves throughout; the replacement comes up
// (at once, or retried with backoff) and the primary never stops.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestSchema, POSTGRES_SKIP, type TestSchema } from "./support/databases.js";
import { OPENSSL_SKIP, selfSignedCertificate } from "./support/openssl.js";
import { type LogLine, type ServerProcess, serve } from "./support/processes.js";
import { TcpProxy } from "./support/tcp-proxy.js";

const pidsOf = (server: ServerProcess, slot: number) =>
  server
    .logLines()
    .filter((line) => line.msg === `worker ${slot} listening`)
    .map((line) => line.workerPid);

/** SIGKILL to worker 1; resolves with its pid. */
function killWorker1(server: ServerProcess): number {
  const [pid] = pidsOf(server, 1);
  assert.ok(pid);
  process.kill(pid, "SIGKILL");
  return pid;
}

describe("serve --workers 2: a worker dies while PostgreSQL is unreachable", {
  skip: POSTGRES_SKIP,
}, () => {
  const adminToken = `kw_admin_${randomBytes(24).toString("hex")}`;
  let root: string;
  let schema: TestSchema;
  let proxy: TcpProxy;
  let server: ServerProcess;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-replacement-"));
    schema = await createTestSchema();
    proxy = await TcpProxy.start();
    server = await serve(["--workers", "2", "--log-level", "info"], {
      cwd: root,
      env: {
        KEYWARD_DATA_DIR: join(root, "data"),
        KEYWARD_SECRET: randomBytes(32).toString("hex"),
        KEYWARD_ADMIN_TOKEN: adminToken,
        DATABASE_URL: proxy.url(schema.databaseUrl),
        KEYWARD_DATABASE_CONNECT_TIMEOUT_MS: "1000",
      },
    });
    await server.waitUntilHealthy();
    await server.logged((line) => line.msg === "2 workers serving");
  });

  after(async () => {
    server.kill();
    await proxy.close();
    await rm(root, { recursive: true, force: true });
    await schema.drop();
  });

  test("the replacement starts without the database; worker 2 serves meanwhile", async () => {
    await proxy.refuse();
    const killed = killWorker1(server);
    // From when the primary knows: a connection it handed the dying worker before is lost
    // (node:cluster waits for that worker's answer in vain).
    await server.logged((line) => line.msg === "worker 1 died; starting a new one in its place");
    let answered = 0;
    // Each on a connection of its own (a kept-alive one may be the killed worker's).
    const healthy = async () => {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const options = { agent: false, signal: AbortSignal.timeout(5000) };
        get(`${server.url}/v1/health`, options, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on("error", reject);
      });
      assert.equal(status, 200);
      answered += 1;
    };
    await server.logged(
      (line) => line.msg === "worker 1 listening" && line.workerPid !== killed,
      healthy,
    );
    assert.ok(answered > 0);
    await proxy.accept();
    // Both workers reach the database again.
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${server.url}/v1/organization`, {
        headers: { authorization: `Bearer ${adminToken}` },
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(response.status, 200, await response.text());
    }
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
  });
});

describe("serve --workers 2: a replacement that cannot start is tried again", {
  skip: OPENSSL_SKIP,
}, () => {
  let root: string;
  let server: ServerProcess;
  const key = () => join(root, "key.pem");

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-replacement-tls-"));
    selfSignedCertificate(root, "127.0.0.1");
    await copyFile(key(), join(root, "key.kept"));
    server = await serve(["--workers", "2", "--log-level", "info"], {
      cwd: root,
      env: {
        KEYWARD_DATA_DIR: join(root, "data"),
        KEYWARD_TLS_CERT: join(root, "cert.pem"),
        KEYWARD_TLS_KEY: key(),
      },
    });
    await server.logged((line) => line.msg === "2 workers serving");
  });

  after(async () => {
    server.kill();
    await rm(root, { recursive: true, force: true });
  });

  test("a bad key file: retried after 1 s, 2 s, …; the replacement serves once it is whole", async () => {
    await writeFile(key(), "not a key\n");
    const killed = killWorker1(server);
    const retry = (delay: number) => (line: LogLine) =>
      line.msg === `a replacement for worker 1 did not start; trying again in ${delay} s`;
    await server.logged(retry(1));
    await server.logged(retry(2));
    await copyFile(join(root, "key.kept"), key());
    await server.logged((line) => line.msg === "worker 1 listening" && line.workerPid !== killed);
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
  });
});
