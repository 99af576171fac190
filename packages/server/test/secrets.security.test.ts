// Secrets at rest: nothing a response or request holds in secret is kept in clear in the
// Idempotency-Key table (responses are sealed with the server secret, request hashes keyed
// with it), and the data dir (0700) and its files (0600: the SQLite database with its -wal and
// -shm, the secret, the admin token) are the server user's alone, tightened at start if looser.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import { loadConfig } from "../src/config.js";
import { resolveServerSecret, SECRET_FILE } from "../src/server-secret.js";
import { ADMIN_TOKEN_FILE, bootstrapFirstOrganization } from "../src/services/bootstrap.js";
import { createServices } from "../src/services/index.js";
import { openStore } from "../src/store/database.js";
import { migrateToLatest } from "../src/store/migrate.js";
import { createPolicy, createProduct } from "./licensing-fixtures.js";
import { type ApiResponse, api, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { serve } from "./support/processes.js";

const SEALED = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

forEachDatabase("secrets at rest: Idempotency-Key records", (db) => {
  const t = useTestApp(db);

  test("responses holding secrets are stored sealed, requests keyed; replays still work", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const secrets: string[] = [];
    const requests: Array<{ path: string; body?: Record<string, unknown> }> = [
      { path: "/v1/organization/offline-keys" },
      { path: "/v1/organization/offline-keys/actions/rotate" },
      { path: "/v1/users", body: { email: "idem@example.com", password: "user-Password-93" } },
      { path: "/v1/handshake-codes", body: { sessionPassword: "session-Password-93" } },
      { path: "/v1/licenses", body: { policyId: policy.id } },
    ];
    secrets.push("user-Password-93", "session-Password-93");
    const firsts: ApiResponse[] = [];
    for (const [index, request] of requests.entries()) {
      const headers = { "idempotency-key": `secret-${index}` };
      const first = await call("POST", request.path, request.body, { headers });
      assert.ok(first.status === 200 || first.status === 201, first.text);
      const data = first.body.data;
      for (const value of [data.sharedKey, data.key]) if (value) secrets.push(value);
      firsts.push(first);
    }
    assert.equal(secrets.length, 5, "two shared keys, two passwords and a license key");

    // The table itself, read directly: no secret in any column, every body sealed.
    const rows = await t()
      .store.db.selectFrom("idempotency_keys")
      .selectAll()
      .where("organization_id", "=", t().organizationId)
      .execute();
    assert.equal(rows.length, requests.length);
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `${row.path} keeps a secret in clear: ${text}`);
      }
      assert.match(row.response_body ?? "", SEALED, `${row.path}: the body is not sealed`);
    }
    // A password in a request body would be guessable from a plain SHA-256 of the request.
    const users = rows.find((row) => row.path === "/v1/users")!;
    const plain = createHash("sha256")
      .update('POST\n/v1/users\n{"email":"idem@example.com","password":"user-Password-93"}')
      .digest("hex");
    assert.match(users.request_hash, /^[0-9a-f]{64}$/);
    assert.notEqual(users.request_hash, plain);

    // Replays open the seal: the same secret again, marked replayed.
    for (const [index, request] of requests.entries()) {
      const headers = { "idempotency-key": `secret-${index}` };
      const replay = await call("POST", request.path, request.body, { headers });
      assert.equal(replay.headers["idempotent-replayed"], "true", replay.text);
      assert.equal(replay.text, firsts[index]!.text);
    }
  });
});

describe("secrets at rest: the data dir and its files", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-modes-test-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("SQLite: a new data dir is 0700, the database and its -wal and -shm files 0600", async () => {
    const dataDir = join(root, "fresh", "data");
    const warnings: string[] = [];
    const store = openStore({
      databaseUrl: null,
      dataDir,
      warn: (message) => warnings.push(message),
    });
    try {
      await migrateToLatest(store.db);
      await createServices({ store, secret: "s".repeat(32) }).organizations.create("Modes");
      const file = join(dataDir, "keyward.sqlite");
      assert.equal(await mode(dataDir), 0o700);
      // While the store is open, WAL mode keeps all three.
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        assert.equal(await mode(path), 0o600, path);
      }
      assert.deepEqual(warnings, []);
    } finally {
      await store.close();
    }
  });

  test("an existing data dir and database open to others are tightened, with a warning", async () => {
    const dataDir = join(root, "loose");
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    const file = join(dataDir, "keyward.sqlite");
    // Another connection keeps -wal and -shm in place, as a running process would.
    const other = new SQLite(file);
    try {
      other.pragma("journal_mode = WAL");
      other.exec("create table t (x); insert into t values (1)");
      for (const path of [file, `${file}-wal`, `${file}-shm`]) await chmod(path, 0o644);
      const warnings: string[] = [];
      const store = openStore({
        databaseUrl: null,
        dataDir,
        warn: (message) => warnings.push(message),
      });
      await store.close();
      assert.equal(await mode(dataDir), 0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        assert.equal(await mode(path), 0o600, path);
      }
      assert.equal(warnings.length, 4, warnings.join("\n"));
      assert.match(warnings[0]!, /loose was open to other users \(mode 755\); changed to 700/);
      // The data survived: nothing but the modes changed.
      assert.deepEqual(other.prepare("select x from t").all(), [{ x: 1 }]);
    } finally {
      other.close();
    }
  });

  test("the generated secret's dir is 0700; an existing secret file is tightened", async () => {
    const dataDir = join(root, "secret-dir");
    const config = { ...loadConfig({}, {}), dataDir };
    resolveServerSecret(config, () => {});
    assert.equal(await mode(dataDir), 0o700);
    assert.equal(await mode(join(dataDir, SECRET_FILE)), 0o600);
    await chmod(join(dataDir, SECRET_FILE), 0o644);
    const warnings: string[] = [];
    resolveServerSecret(config, (message) => warnings.push(message));
    assert.equal(await mode(join(dataDir, SECRET_FILE)), 0o600);
    assert.equal(warnings.length, 1);
  });

  test("keyward serve on a loose data dir: tightened before anything is read, and logged", async () => {
    const dataDir = join(root, "served");
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    await writeFile(join(dataDir, SECRET_FILE), `${randomBytes(32).toString("base64url")}\n`, {
      mode: 0o644,
    });
    await chmod(join(dataDir, SECRET_FILE), 0o644);
    const server = await serve(["--data-dir", dataDir, "--log-level", "warn"], { cwd: root });
    await server.waitUntilHealthy();
    const exit = await server.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, server.output);
    assert.equal(await mode(dataDir), 0o700);
    for (const name of [SECRET_FILE, ADMIN_TOKEN_FILE, "keyward.sqlite"]) {
      assert.equal(await mode(join(dataDir, name)), 0o600, name);
    }
    const warnings = server.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.level === 40 && /open to other users/.test(entry.msg));
    assert.deepEqual(
      warnings.map((entry) => entry.msg.split(" was ")[0]),
      [dataDir, join(dataDir, SECRET_FILE)],
      server.output,
    );
    // The secret it already had is still the one (read, not replaced).
    assert.match(await readFile(join(dataDir, SECRET_FILE), "utf8"), /^[A-Za-z0-9_-]{43}\n$/);

    // The admin token the first start wrote, opened up since, and a backup dir open to others:
    // tightened by the next start (the backup dir by its first backup), said in its JSON log.
    const tokenFile = join(dataDir, ADMIN_TOKEN_FILE);
    const token = await readFile(tokenFile, "utf8");
    await chmod(tokenFile, 0o644);
    const backupDir = join(root, "served-backups");
    await mkdir(backupDir, { mode: 0o755 });
    await chmod(backupDir, 0o755);
    const again = await serve(["--data-dir", dataDir, "--log-level", "warn"], {
      cwd: root,
      env: { KEYWARD_BACKUP_DIR: backupDir },
    });
    await again.waitUntilHealthy();
    // The stop waits for the backup under way.
    assert.deepEqual(await again.stop(), { code: 0, signal: null }, again.output);
    assert.equal(await mode(tokenFile), 0o600);
    assert.equal(await mode(backupDir), 0o700);
    assert.match(again.stdout, /admin-token was open to other users \(mode 644\); changed to 600/);
    assert.match(again.stdout, /served-backups was open to other users \(mode 755\)/);
    assert.doesNotMatch(again.stderr, /open to other users/);
    assert.equal(await readFile(tokenFile, "utf8"), token);
  });
});

forEachDatabase("secrets at rest: the first admin token's data dir", (db) => {
  test("created 0700 with the token file 0600 (the only file with PostgreSQL)", async () => {
    const testStore = await db.open();
    try {
      await migrateToLatest(testStore.store.db);
      const services = createServices({ store: testStore.store, secret: "s".repeat(32) });
      const dataDir = join(testStore.dataDir, "new", "data");
      const result = await bootstrapFirstOrganization(services, {
        dataDir,
        adminToken: null,
        databaseInDataDir: true,
        warn: (message) => assert.fail(message),
      });
      assert.ok(result?.tokenFile);
      assert.equal(await mode(join(testStore.dataDir, "new")), 0o700);
      assert.equal(await mode(dataDir), 0o700);
      assert.equal(await mode(result.tokenFile), 0o600);
    } finally {
      await testStore.close();
    }
  });
});
