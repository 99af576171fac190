// `keyward offline request / activate / verify` against a real server (SQLite in a temp dir):
// the device's request file, traded at the server for a response file the device verifies.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig, type RunningServer, startServer } from "@keyward/server";
import { assertFails, assertOk, run, tamper, tempDir } from "./support/cli.js";

describe("keyward offline request / activate / verify", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let server: RunningServer;
  const adminToken = `kw_admin_${randomBytes(32).toString("base64url")}`;
  let keys: { apiKey: string; sharedKey: string };
  let licenseKey: string;
  let licenseId: string;
  let sharedKeyFile: string;

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(new URL(path, server.url), {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as { data: Record<string, string> };
    assert.ok(response.ok, JSON.stringify(json));
    return json.data;
  }

  before(async () => {
    ({ dir, cleanup } = await tempDir());
    server = await startServer(
      loadConfig({
        dataDir: join(dir, "data"),
        host: "127.0.0.1",
        port: 0,
        adminToken,
        logLevel: "silent",
      }),
    );
    keys = (await call("POST", "/v1/organization/offline-keys")) as typeof keys;
    sharedKeyFile = join(dir, "shared.key");
    await writeFile(sharedKeyFile, `${keys.sharedKey}\n`, { mode: 0o600 });
    const product = await call("POST", "/v1/products", { name: "App", code: "app" });
    const policy = await call("POST", "/v1/policies", { productId: product.id, name: "Locked" });
    const license = await call("POST", "/v1/licenses", {
      productId: product.id,
      policyId: policy.id,
    });
    licenseKey = license.key!;
    licenseId = license.id!;
  });

  after(async () => {
    await server?.close();
    await cleanup();
  });

  const deviceKeys = () => ["--api-key", keys.apiKey, "--shared-key-file", sharedKeyFile];

  test("round trip: request on the device, activate at the server, verify on the device", async () => {
    const requestFile = join(dir, "activation.req");
    const responseFile = join(dir, "activation.res");
    assertOk(
      await run([
        "offline",
        "request",
        "--license-key",
        licenseKey,
        "--hardware-id",
        "hw-cli",
        ...deviceKeys(),
        "--hostname",
        "lab",
        "--variable",
        "seat=1",
        "--out",
        requestFile,
      ]),
    );
    const request = JSON.parse(
      Buffer.from((await readFile(requestFile, "utf8")).trim(), "base64").toString("utf8"),
    );
    assert.equal(request.license_key, licenseKey);
    assert.equal(request.hardware_id, "hw-cli");
    assert.equal(request.api_key, keys.apiKey);
    assert.deepEqual(request.variables, { seat: "1" });
    assert.match(request.signature, /^[A-Za-z0-9+/]{43}=$/);

    assertOk(
      await run([
        "offline",
        "activate",
        "--server",
        server.url,
        "--token",
        adminToken,
        requestFile,
        "--out",
        responseFile,
      ]),
    );
    const verifyArgs = ["offline", "verify", "--license-key", licenseKey, ...deviceKeys()];
    const summary = assertOk(
      await run([...verifyArgs, "--hardware-id", "hw-cli", "--max-age", "60", responseFile]),
    );
    assert.match(summary, /^valid: license lic_\w+ \(perpetual\), device hw-cli, signed .+ GMT\n$/);
    const json = JSON.parse(
      assertOk(await run([...verifyArgs, "--hardware-id", "hw-cli", "--json", responseFile])),
    );
    assert.equal(json.hardware_id, "hw-cli");
    assert.deepEqual(json.variables, { seat: "1" });

    const response = (await readFile(responseFile, "utf8")).trim();
    const [otherDevice, tampered, replay] = await Promise.all([
      run([...verifyArgs, "--hardware-id", "hw-other", responseFile]),
      run([...verifyArgs, "--hardware-id", "hw-cli"], { input: tamper(response, 20) }),
      run(["offline", "activate", "--server", server.url, "--token", adminToken, requestFile]),
    ]);
    assertFails(otherDevice, "BAD_SIGNATURE", 10);
    assert.notEqual(tampered.code, 0);
    assertFails(replay, "REQUEST_REPLAYED");
    // Both files hold the license key: private.
    assert.equal((await stat(requestFile)).mode & 0o777, 0o600);
    assert.equal((await stat(responseFile)).mode & 0o777, 0o600);
  });

  test("a license user's request file (the password in Base64) is private, also over an existing file", async () => {
    const requestFile = join(dir, "user.req");
    await writeFile(requestFile, "old\n");
    await chmod(requestFile, 0o644);
    assertOk(
      await run([
        ...["offline", "request", "--username", "ada", "--password", "s3cret-pass"],
        ...["--hardware-id", "hw-user", ...deviceKeys(), "--out", requestFile],
      ]),
    );
    const request = JSON.parse(
      Buffer.from((await readFile(requestFile, "utf8")).trim(), "base64").toString("utf8"),
    );
    assert.equal(request.password, "s3cret-pass");
    assert.equal((await stat(requestFile)).mode & 0o777, 0o600);
  });

  test("a second device is refused with the server's code; deactivation frees the seat", async () => {
    const request = async (hardwareId: string, extra: string[] = []) =>
      assertOk(
        await run([
          "offline",
          "request",
          "--license-key",
          licenseKey,
          "--hardware-id",
          hardwareId,
          ...deviceKeys(),
          ...extra,
        ]),
      );
    const activate = (input: string, extra: string[] = []) =>
      run(["offline", "activate", "--server", server.url, "--token", adminToken, ...extra], {
        input,
      });
    assertFails(await activate(await request("hw-second")), "MACHINE_LIMIT_EXCEEDED", 20);
    // Dated later than test 1's activation request of hw-cli (same device, so same signature
    // within one second: the server serves a signature once).
    const later = new Date(Date.now() + 2000).toUTCString();
    const freed = await activate(await request("hw-cli", ["--deactivation", "--date", later]), [
      "--deactivate",
    ]);
    assert.deepEqual(JSON.parse(assertOk(freed)), {
      license_id: licenseId,
      hardware_id: "hw-cli",
      deactivated: true,
    });
    // The refused request was never served: the same device may send it again.
    assertOk(await activate(await request("hw-second")));
  });

  test("usage errors: both identities, no shared key, no server", async () => {
    const base = ["offline", "request", "--hardware-id", "h", "--api-key", "a"];
    assertFails(
      await run([...base, "--license-key", "k", "--username", "u", "--shared-key", "s"]),
      "USAGE",
      2,
    );
    assertFails(await run([...base, "--license-key", "k"]), "USAGE", 2);
    const saved = process.env.KEYWARD_URL;
    delete process.env.KEYWARD_URL;
    try {
      assertFails(await run(["offline", "activate", "--token", "t"], { input: "x" }), "USAGE", 2);
    } finally {
      if (saved !== undefined) process.env.KEYWARD_URL = saved;
    }
  });
});
