// `keyward serve --tls-cert --tls-key`: HTTPS with a certificate openssl makes here, TLS 1.2
// and later only, the SDK checking a license through it, and SIGHUP swapping the certificate
// while an open keep-alive connection goes on working.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Agent, request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect, type PeerCertificate, type TLSSocket } from "node:tls";
import { createClient, type FetchLike, memoryStorage } from "../../sdk/src/index.js";
import { OPENSSL_SKIP, openssl } from "./support/openssl.js";
import { type ServerProcess, START_TIMEOUT_MS, serve } from "./support/processes.js";

const ADMIN_TOKEN = `kw_admin_${"tls_test_".repeat(4)}`;

/** A P-256 CA, and leaf certificates for 127.0.0.1 it signs: { cert, key } PEM file names. */
function makeCa(dir: string): (name: string) => { cert: string; key: string } {
  openssl(dir, [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
    ...["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Keyward test CA"],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
  ]);
  execFileSync("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1\\n' > leaf.ext"], { cwd: dir });
  return (name) => {
    openssl(dir, [
      ...["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
      ...["-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`],
    ]);
    openssl(dir, [
      ...["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key"],
      ...["-CAcreateserial", "-days", "2", "-extfile", "leaf.ext", "-out", `${name}.pem`],
    ]);
    return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  };
}

/** Resolves once the server's stdout, from `from` on, matches `pattern` (event-driven). */
function logged(server: ServerProcess, pattern: RegExp, from = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    const stdout = server.child.stdout;
    if (!stdout) throw new Error("the server's stdout is not piped");
    const look = () => {
      if (!pattern.test(server.stdout.slice(from))) return;
      clearTimeout(timer);
      stdout.off("data", look);
      resolve();
    };
    const timer = setTimeout(() => {
      stdout.off("data", look);
      reject(new Error(`no ${pattern} within ${START_TIMEOUT_MS} ms:\n${server.output}`));
    }, START_TIMEOUT_MS);
    // After ServerProcess's own listener: server.stdout already holds the chunk.
    stdout.on("data", look);
    server.exited.then((exit) =>
      reject(new Error(`exited ${JSON.stringify(exit)}:\n${server.output}`)),
    );
    look();
  });
}

interface Answer {
  status: number;
  body: string;
  socket: TLSSocket;
  certificate: PeerCertificate;
}

/** One HTTPS request trusting `ca`, on `agent`'s pooled connections. */
function get(url: string, ca: Buffer, agent: Agent, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = httpsRequest(url, { ca, agent, headers }, (response) => {
      const socket = response.socket as TLSSocket;
      const certificate = socket.getPeerCertificate();
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          socket,
          certificate,
        }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

/** The SDK's fetch over node:https trusting `ca` (Node's global fetch takes no CA). */
function fetchTrusting(ca: Buffer): FetchLike {
  const agent = new Agent({ keepAlive: true, ca });
  after(() => agent.destroy());
  return (input, init) =>
    new Promise((resolve, reject) => {
      // The SDK passes its headers as a plain object.
      const headers = init.headers as Record<string, string>;
      const request = httpsRequest(input, { method: init.method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          const answerHeaders = new Headers();
          for (let i = 0; i < response.rawHeaders.length; i += 2) {
            answerHeaders.append(response.rawHeaders[i] ?? "", response.rawHeaders[i + 1] ?? "");
          }
          resolve(new Response(body, { status, headers: answerHeaders }));
        });
      });
      request.on("error", reject);
      if (typeof init.body === "string") request.write(init.body);
      request.end();
    });
}

/** Which TLS version a handshake with at most `maxVersion` agrees on, or the error code. */
function handshake(port: number, ca: Buffer, maxVersion: "TLSv1.1" | "TLSv1.2"): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(
      // SECLEVEL=0: Node's OpenSSL would not even offer TLS 1.1 otherwise; the server refuses.
      {
        host: "127.0.0.1",
        port,
        ca,
        minVersion: "TLSv1",
        maxVersion,
        ciphers: "DEFAULT@SECLEVEL=0",
      },
      () => {
        resolve(socket.getProtocol() ?? "none");
        socket.end();
      },
    );
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe("keyward serve over HTTPS", { skip: OPENSSL_SKIP }, () => {
  let root: string;
  let ca: Buffer;
  let leaf: (name: string) => { cert: string; key: string };
  let server: ServerProcess;
  let url: string;
  let port: number;
  const cert = () => join(root, "serving.pem");
  const key = () => join(root, "serving.key");

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-tls-test-"));
    leaf = makeCa(root);
    ca = await readFile(join(root, "ca.pem"));
    const first = leaf("first");
    await writeFile(cert(), await readFile(first.cert));
    await writeFile(key(), await readFile(first.key), { mode: 0o600 });
    server = await serve(
      ["--data-dir", join(root, "data"), "--tls-cert", cert(), "--tls-key", key()],
      { cwd: root, env: { KEYWARD_ADMIN_TOKEN: ADMIN_TOKEN } },
    );
    await logged(server, /listening on https:\/\/127\.0\.0\.1:\d+/);
    url = server.url.replace(/^http:/, "https:");
    port = Number(new URL(url).port);
  });
  after(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  test("the SDK activates and checks a license over HTTPS, trusting the CA", async () => {
    const fetch = fetchTrusting(ca);
    const admin = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      assert.ok(response.status < 300, `${method} ${path}: ${response.status}`);
      // biome-ignore lint/suspicious/noExplicitAny: the test reads the fields it needs
      return ((await response.json()) as { data: any }).data;
    };
    const product = await admin("POST", "/v1/products", { name: "Over TLS" });
    const policy = await admin("POST", "/v1/policies", { productId: product.id, name: "P" });
    const license = await admin("POST", "/v1/licenses", { policyId: policy.id });
    const keys: Array<{ algorithm: string; publicKey: string }> = await admin(
      "GET",
      "/v1/signing-keys",
    );
    const publicKey = keys.find((k) => k.algorithm === "ed25519")?.publicKey;
    assert.ok(publicKey);

    const sdk = createClient({
      serverUrl: url,
      licenseKey: license.key,
      publicKey,
      productId: product.id,
      storage: memoryStorage(),
      fetch,
      retry: { retries: 0 },
    });
    const machine = await sdk.activate();
    assert.equal(machine.licenseId, license.id);
    const status = await sdk.check();
    assert.deepEqual([status.state, status.code, status.source], ["valid", "VALID", "server"]);

    // Without the CA nothing is trusted: Node's fetch refuses the certificate.
    await assert.rejects(globalThis.fetch(`${url}/v1/health`), (error: Error) => {
      assert.equal((error.cause as { code?: string }).code, "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
      return true;
    });
  });

  test("TLS 1.1 is refused with a protocol-version alert; 1.2 and 1.3 are served", async () => {
    assert.equal(await handshake(port, ca, "TLSv1.1"), "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION");
    assert.equal(await handshake(port, ca, "TLSv1.2"), "TLSv1.2");
    const agent = new Agent({ ca });
    try {
      const answer = await get(`${url}/v1/health`, ca, agent);
      assert.equal(answer.status, 200);
      assert.equal(answer.socket.getProtocol(), "TLSv1.3");
    } finally {
      agent.destroy();
    }
  });

  test("SIGHUP swaps the certificate for new connections; an open keep-alive one goes on", async () => {
    const kept = new Agent({ keepAlive: true, maxSockets: 1, ca });
    const fresh = new Agent({ ca });
    try {
      const before = await get(`${url}/v1/health`, ca, kept);
      assert.equal(before.status, 200);
      const servedBefore = before.certificate.subject.CN;

      const next = leaf(`renewed-${Date.now()}`);
      await writeFile(cert(), await readFile(next.cert));
      await writeFile(key(), await readFile(next.key));
      const from = server.stdout.length;
      server.child.kill("SIGHUP");
      await logged(server, /reloaded the TLS certificate and key/, from);

      // The same socket (kept alive), the same handshake: still answered.
      const during = await get(`${url}/v1/organization`, ca, kept, {
        authorization: `Bearer ${ADMIN_TOKEN}`,
      });
      assert.equal(during.status, 200, during.body);
      assert.equal(during.socket as Socket, before.socket as Socket, "a new connection was made");
      assert.equal(during.certificate.subject.CN, servedBefore);

      const after = await get(`${url}/v1/health`, ca, fresh);
      assert.equal(after.status, 200);
      assert.notEqual(after.certificate.subject.CN, servedBefore);
      assert.match(String(after.certificate.subject.CN), /^renewed-/);
      assert.equal(server.child.exitCode, null, "the server stopped on SIGHUP");
    } finally {
      kept.destroy();
      fresh.destroy();
    }
  });

  test("an unreadable certificate stops the start with one line naming the setting", async () => {
    const bad = await serve(
      [
        "--data-dir",
        join(root, "never"),
        "--tls-cert",
        join(root, "missing.pem"),
        "--tls-key",
        key(),
      ],
      { cwd: root },
    );
    const exit = await bad.exited;
    assert.equal(exit.code, 2, bad.output);
    assert.match(
      bad.stderr,
      /^keyward: error: KEYWARD_TLS_CERT: cannot read [^\n]*missing\.pem \(ENOENT\) \(USAGE\)\n$/,
    );
    assert.equal(existsSync(join(root, "never")), false, "the data dir was created");
  });

  test("a bad file on SIGHUP is logged and the previous certificate stays", async () => {
    const previous = await readFile(cert());
    await writeFile(cert(), "not a certificate");
    try {
      const from = server.stdout.length;
      server.child.kill("SIGHUP");
      await logged(server, /TLS files could not be loaded/, from);
      const agent = new Agent({ ca });
      try {
        const answer = await get(`${url}/v1/health`, ca, agent);
        assert.equal(answer.status, 200);
        assert.match(String(answer.certificate.subject.CN), /^renewed-/);
      } finally {
        agent.destroy();
      }
    } finally {
      await writeFile(cert(), previous);
    }
  });
});

describe("keyward serve --workers 2 over HTTPS", { skip: OPENSSL_SKIP }, () => {
  let root: string;
  let server: ServerProcess;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-tls-workers-"));
  });
  after(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  test("SIGHUP to the primary reloads the certificate in every worker", async () => {
    const leaf = makeCa(root);
    const ca = await readFile(join(root, "ca.pem"));
    const cert = join(root, "serving.pem");
    const key = join(root, "serving.key");
    const first = leaf("first");
    await writeFile(cert, await readFile(first.cert));
    await writeFile(key, await readFile(first.key), { mode: 0o600 });
    server = await serve(
      ["--workers", "2", "--data-dir", join(root, "data"), "--tls-cert", cert, "--tls-key", key],
      { cwd: root, env: { KEYWARD_ADMIN_TOKEN: ADMIN_TOKEN } },
    );
    await logged(server, /2 workers serving/);
    const url = server.url.replace(/^http:/, "https:");

    const next = leaf(`renewed-${Date.now()}`);
    await writeFile(cert, await readFile(next.cert));
    await writeFile(key, await readFile(next.key));
    const from = server.stdout.length;
    server.child.kill("SIGHUP");
    const reloaded = /reloaded the TLS certificate and key/;
    await logged(server, new RegExp(`${reloaded.source}[^]*${reloaded.source}`), from);

    // A new connection each: the primary hands them to the workers in turn, so both answer.
    for (let i = 0; i < 4; i++) {
      const agent = new Agent({ ca });
      try {
        const answer = await get(`${url}/v1/health`, ca, agent);
        assert.equal(answer.status, 200);
        assert.match(String(answer.certificate.subject.CN), /^renewed-/);
      } finally {
        agent.destroy();
      }
    }
    assert.equal(server.child.exitCode, null, "the server stopped on SIGHUP");
  });
});
