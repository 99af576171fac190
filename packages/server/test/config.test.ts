import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { ConfigError, loadConfig, type ServerConfig } from "../src/config.js";
import { resolveServerSecret, SECRET_FILE } from "../src/server-secret.js";

const ADMIN_TOKEN = `kw_admin_${"A1b2_-".repeat(8)}`;

/** The ConfigError loadConfig throws; fails when it returns. */
function configError(flags: Parameters<typeof loadConfig>[0], env: Record<string, string>) {
  try {
    loadConfig(flags, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
    assert.equal(error.name, "ConfigError");
    return error;
  }
  assert.fail(`accepted ${JSON.stringify({ flags, env })}`);
}

describe("loadConfig", () => {
  test("defaults with an empty environment", () => {
    assert.deepEqual(loadConfig({}, {}), {
      host: "0.0.0.0",
      port: 8080,
      dataDir: resolve("data"),
      databaseUrl: null,
      secret: null,
      adminToken: null,
      logLevel: "info",
      bodyLimit: 1048576,
      offlineDateWindowSeconds: 600,
      corsOrigins: ["*"],
      corsAdminOrigins: [],
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 30_000,
      databasePoolSize: 10,
      databaseConnectTimeoutMs: 5_000,
      databaseStatementTimeoutMs: 15_000,
      databaseIdleTimeoutMs: 30_000,
      sqliteBusyTimeoutMs: 5_000,
      trustProxy: false,
      tlsCert: null,
      tlsKey: null,
      backupDir: null,
      backupIntervalMinutes: 60,
      backupKeep: 24,
      dashboard: true,
      metricsToken: null,
      metricsPort: null,
      rateLimits: true,
      rateLimitWindowSeconds: 60,
      rateLimitAddress: 600,
      rateLimitKey: 300,
      rateLimitToken: 1200,
      workers: 1,
      webhooksAllowPrivate: false,
      webhookTimeoutMs: 10_000,
      webhookPollMs: 1_000,
      webhookRetryDays: 3,
      webhookDisableAfterDays: 5,
      eventRetentionDays: 90,
      webhookDeliveryRetentionDays: 30,
      auditRetentionDays: 365,
      unknownSettings: [],
    } satisfies ServerConfig);
  });

  test("a KEYWARD_ variable named like a setting but none is warned about; others' are not", () => {
    const config = loadConfig(
      {},
      { KEYWARD_RATELIMITS: "false", KEYWARD_URL: "http://x", KEYWARD_RATE_LIMITS: "true" },
    );
    assert.equal(config.rateLimits, true);
    assert.deepEqual(config.unknownSettings, [
      "KEYWARD_RATELIMITS is not a setting and is ignored: did you mean KEYWARD_RATE_LIMITS?",
    ]);
  });

  test("the environment sets everything", () => {
    const config = loadConfig(
      {},
      {
        PORT: "9000",
        HOST: "127.0.0.1",
        KEYWARD_DATA_DIR: "/var/lib/keyward",
        DATABASE_URL: "postgresql://u:p@db:5432/keyward",
        KEYWARD_SECRET: "s".repeat(32),
        KEYWARD_ADMIN_TOKEN: ADMIN_TOKEN,
        LOG_LEVEL: "debug",
        KEYWARD_BODY_LIMIT: "4096",
        KEYWARD_OFFLINE_DATE_WINDOW_SECONDS: "120",
        KEYWARD_CORS_ORIGINS: "https://app.example.com, http://localhost:3000",
        KEYWARD_CORS_ADMIN_ORIGINS: "https://admin.example.com",
        KEYWARD_REQUEST_TIMEOUT_MS: "60000",
        KEYWARD_HEADERS_TIMEOUT_MS: "10000",
        KEYWARD_DATABASE_POOL_SIZE: "20",
        KEYWARD_DATABASE_CONNECT_TIMEOUT_MS: "2000",
        KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS: "0",
        KEYWARD_DATABASE_IDLE_TIMEOUT_MS: "60000",
        KEYWARD_SQLITE_BUSY_TIMEOUT_MS: "250",
        KEYWARD_TRUST_PROXY: "10.0.0.0/8, 192.0.2.1,::1",
        KEYWARD_TLS_CERT: "/etc/keyward/cert.pem",
        KEYWARD_TLS_KEY: "/etc/keyward/key.pem",
        KEYWARD_DASHBOARD: "false",
        KEYWARD_METRICS_TOKEN: "m".repeat(24),
        KEYWARD_METRICS_PORT: "9100",
        KEYWARD_RATE_LIMITS: "false",
        KEYWARD_RATE_LIMIT_WINDOW_SECONDS: "10",
        KEYWARD_RATE_LIMIT_ADDRESS: "50",
        KEYWARD_RATE_LIMIT_KEY: "5",
        KEYWARD_RATE_LIMIT_TOKEN: "100",
        KEYWARD_WORKERS: "4",
        KEYWARD_WEBHOOKS_ALLOW_PRIVATE: "true",
        KEYWARD_WEBHOOK_TIMEOUT_MS: "3000",
        KEYWARD_WEBHOOK_POLL_MS: "250",
        KEYWARD_WEBHOOK_RETRY_DAYS: "2",
        KEYWARD_WEBHOOK_DISABLE_AFTER_DAYS: "7",
        KEYWARD_EVENT_RETENTION_DAYS: "0",
        KEYWARD_WEBHOOK_DELIVERY_RETENTION_DAYS: "14",
        KEYWARD_AUDIT_RETENTION_DAYS: "30",
      },
    );
    assert.deepEqual(config, {
      host: "127.0.0.1",
      port: 9000,
      dataDir: "/var/lib/keyward",
      databaseUrl: "postgresql://u:p@db:5432/keyward",
      secret: "s".repeat(32),
      adminToken: ADMIN_TOKEN,
      logLevel: "debug",
      bodyLimit: 4096,
      offlineDateWindowSeconds: 120,
      corsOrigins: ["https://app.example.com", "http://localhost:3000"],
      corsAdminOrigins: ["https://admin.example.com"],
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 10_000,
      databasePoolSize: 20,
      databaseConnectTimeoutMs: 2_000,
      databaseStatementTimeoutMs: 0,
      databaseIdleTimeoutMs: 60_000,
      sqliteBusyTimeoutMs: 250,
      trustProxy: ["10.0.0.0/8", "192.0.2.1", "::1"],
      tlsCert: "/etc/keyward/cert.pem",
      tlsKey: "/etc/keyward/key.pem",
      backupDir: null,
      backupIntervalMinutes: 60,
      backupKeep: 24,
      dashboard: false,
      metricsToken: "m".repeat(24),
      metricsPort: 9100,
      rateLimits: false,
      rateLimitWindowSeconds: 10,
      rateLimitAddress: 50,
      rateLimitKey: 5,
      rateLimitToken: 100,
      workers: 4,
      webhooksAllowPrivate: true,
      webhookTimeoutMs: 3_000,
      webhookPollMs: 250,
      webhookRetryDays: 2,
      webhookDisableAfterDays: 7,
      eventRetentionDays: 0,
      webhookDeliveryRetentionDays: 14,
      auditRetentionDays: 30,
      unknownSettings: [],
    });
    assert.match(
      configError({}, { KEYWARD_WEBHOOKS_ALLOW_PRIVATE: "yes" }).message,
      /KEYWARD_WEBHOOKS_ALLOW_PRIVATE must be true or false/,
    );
  });

  test("TLS files come together; scheduled backups are for SQLite", () => {
    assert.match(
      configError({ tlsCert: "cert.pem" }, {}).message,
      /KEYWARD_TLS_CERT and KEYWARD_TLS_KEY/,
    );
    assert.match(
      configError({}, { KEYWARD_TLS_KEY: "key.pem" }).message,
      /KEYWARD_TLS_CERT and KEYWARD_TLS_KEY/,
    );
    const sqlite = loadConfig(
      {},
      { KEYWARD_BACKUP_DIR: "backups", KEYWARD_BACKUP_INTERVAL: "15", KEYWARD_BACKUP_KEEP: "3" },
    );
    assert.deepEqual(
      [sqlite.backupDir, sqlite.backupIntervalMinutes, sqlite.backupKeep],
      [resolve("backups"), 15, 3],
    );
    assert.match(
      configError({}, { KEYWARD_BACKUP_DIR: "b", DATABASE_URL: "postgres://h/db" }).message,
      /pg_dump/,
    );
    assert.match(
      configError({}, { KEYWARD_BACKUP_INTERVAL: "0" }).message,
      /KEYWARD_BACKUP_INTERVAL/,
    );
    assert.match(configError({}, { KEYWARD_BACKUP_KEEP: "0" }).message, /KEYWARD_BACKUP_KEEP/);
  });

  test("flags override the environment; empty variables count as unset", () => {
    const env = {
      PORT: "9000",
      HOST: "127.0.0.1",
      KEYWARD_DATA_DIR: "/env/dir",
      DATABASE_URL: "postgres://env/db",
      LOG_LEVEL: "debug",
    };
    const config = loadConfig(
      {
        port: "9100",
        host: "::1",
        dataDir: "relative/dir",
        databaseUrl: "postgres://flag/db",
        logLevel: "warn",
      },
      env,
    );
    assert.equal(config.port, 9100);
    assert.equal(config.host, "::1");
    assert.equal(config.dataDir, resolve("relative/dir"));
    assert.equal(config.databaseUrl, "postgres://flag/db");
    assert.equal(config.logLevel, "warn");
    // A number flag works as well as a string one.
    assert.equal(loadConfig({ port: 7000 }, env).port, 7000);
    // Empty environment variables count as unset.
    assert.equal(loadConfig({}, { PORT: "", DATABASE_URL: "" }).port, 8080);
    assert.equal(loadConfig({}, { DATABASE_URL: "" }).databaseUrl, null);
    // undefined flags (commander's absent options) do not hide the environment.
    assert.equal(loadConfig({ port: undefined }, env).port, 9000);
  });

  test("an invalid PORT names PORT", () => {
    for (const port of ["abc", "-1", "65536", "80.5", "1e3", "0x50", " ", "８０"]) {
      const error = configError({}, { PORT: port });
      assert.match(error.message, /^PORT /, port);
    }
    assert.match(configError({ port: "abc" }, {}).message, /PORT.*"abc"/);
    assert.equal(loadConfig({}, { PORT: "0" }).port, 0);
    assert.equal(loadConfig({}, { PORT: "65535" }).port, 65535);
  });

  test("KEYWARD_WORKERS: 1 to 256, or auto (one per core); anything else names it", () => {
    assert.equal(loadConfig({}, { KEYWARD_WORKERS: "auto" }).workers, availableParallelism());
    assert.equal(loadConfig({ workers: "3" }, { KEYWARD_WORKERS: "2" }).workers, 3);
    for (const value of ["0", "257", "-1", "1.5", "all", "AUTO"]) {
      assert.match(configError({}, { KEYWARD_WORKERS: value }).message, /^KEYWARD_WORKERS /);
    }
  });

  test("KEYWARD_DASHBOARD: true or false; anything else names it", () => {
    assert.equal(loadConfig({}, { KEYWARD_DASHBOARD: "true" }).dashboard, true);
    for (const value of ["0", "no", "TRUE", "off"]) {
      assert.match(configError({}, { KEYWARD_DASHBOARD: value }).message, /^KEYWARD_DASHBOARD /);
    }
  });

  test("KEYWARD_TRUST_PROXY: true, false, or addresses and CIDRs; anything else names it", () => {
    assert.equal(loadConfig({}, { KEYWARD_TRUST_PROXY: "true" }).trustProxy, true);
    assert.equal(loadConfig({}, { KEYWARD_TRUST_PROXY: "false" }).trustProxy, false);
    assert.deepEqual(loadConfig({}, { KEYWARD_TRUST_PROXY: "fd00::/8" }).trustProxy, ["fd00::/8"]);
    // A hop count is not taken: Fastify would trust no one with it, silently.
    for (const value of ["1", "yes", "10.0.0.0/33", "10.0.0.1/8/1", "proxy.local", "10.0.0.1,"]) {
      const error = configError({}, { KEYWARD_TRUST_PROXY: value });
      assert.match(error.message, /^KEYWARD_TRUST_PROXY /, value);
    }
  });

  test("an invalid DATABASE_URL names DATABASE_URL", () => {
    for (const url of ["mysql://x/y", "sqlite:///data/db", "127.0.0.1:5432", "postgres:/x"]) {
      assert.match(configError({}, { DATABASE_URL: url }).message, /DATABASE_URL/, url);
    }
    assert.match(configError({ databaseUrl: "nope" }, {}).message, /DATABASE_URL/);
  });

  test("a KEYWARD_SECRET under 32 characters names KEYWARD_SECRET", () => {
    const error = configError({}, { KEYWARD_SECRET: "s".repeat(31) });
    assert.match(error.message, /KEYWARD_SECRET/);
    assert.ok(!error.message.includes("s".repeat(31)), "the secret is in the message");
    assert.equal(loadConfig({}, { KEYWARD_SECRET: "s".repeat(32) }).secret, "s".repeat(32));
  });

  test("a malformed KEYWARD_ADMIN_TOKEN names KEYWARD_ADMIN_TOKEN", () => {
    for (const token of [
      "secret",
      `kw_product_${"a".repeat(43)}`,
      `kw_admin_${"a".repeat(31)}`,
      `kw_admin_${"a".repeat(42)}=`,
      `kw_admin_${"a".repeat(40)} x`,
      `KW_ADMIN_${"a".repeat(43)}`,
      // Longer than the bearer parser accepts: it would never authenticate.
      `kw_admin_${"a".repeat(192)}`,
    ]) {
      const error = configError({}, { KEYWARD_ADMIN_TOKEN: token });
      assert.match(error.message, /KEYWARD_ADMIN_TOKEN/, token);
      assert.ok(!error.message.includes(token), "the token is in the message");
    }
    const longest = `kw_admin_${"a".repeat(191)}`;
    assert.equal(loadConfig({}, { KEYWARD_ADMIN_TOKEN: longest }).adminToken, longest);
  });

  test("an unknown LOG_LEVEL names LOG_LEVEL", () => {
    for (const level of ["verbose", "INFO", "0"]) {
      assert.match(configError({}, { LOG_LEVEL: level }).message, /LOG_LEVEL/, level);
    }
    assert.match(configError({ logLevel: "loud" }, {}).message, /LOG_LEVEL/);
    for (const level of ["fatal", "error", "warn", "info", "debug", "trace", "silent"]) {
      assert.equal(loadConfig({}, { LOG_LEVEL: level }).logLevel, level);
    }
  });

  test("KEYWARD_OFFLINE_DATE_WINDOW_SECONDS is bounded", () => {
    assert.equal(
      loadConfig({}, { KEYWARD_OFFLINE_DATE_WINDOW_SECONDS: "60" }).offlineDateWindowSeconds,
      60,
    );
    for (const window of ["9", "604801", "-1", "1.5"]) {
      assert.match(
        configError({}, { KEYWARD_OFFLINE_DATE_WINDOW_SECONDS: window }).message,
        /KEYWARD_OFFLINE_DATE_WINDOW_SECONDS/,
      );
    }
  });

  test("CORS origins are * or a list of origins; anything else names the setting", () => {
    assert.deepEqual(loadConfig({ corsOrigins: "https://a.example" }, {}).corsOrigins, [
      "https://a.example",
    ]);
    assert.deepEqual(loadConfig({ corsAdminOrigins: "*" }, {}).corsAdminOrigins, ["*"]);
    for (const value of [
      "https://a.example/",
      "https://a.example/app",
      "a.example",
      "ftp://a.example",
      "*, https://a.example",
      "https://user@a.example",
    ]) {
      assert.match(
        configError({}, { KEYWARD_CORS_ORIGINS: value }).message,
        /^KEYWARD_CORS_ORIGINS/,
        value,
      );
      assert.match(
        configError({ corsAdminOrigins: value }, {}).message,
        /^KEYWARD_CORS_ADMIN_ORIGINS/,
        value,
      );
    }
  });

  test("KEYWARD_BODY_LIMIT is bounded", () => {
    for (const limit of ["1023", "abc", String(64 * 1024 * 1024 + 1)]) {
      assert.match(
        configError({}, { KEYWARD_BODY_LIMIT: limit }).message,
        /KEYWARD_BODY_LIMIT/,
        limit,
      );
    }
    assert.equal(loadConfig({}, { KEYWARD_BODY_LIMIT: "1024" }).bodyLimit, 1024);
  });

  test("timeouts and the pool size are bounded, each error naming its setting", () => {
    const bad: Record<string, string[]> = {
      KEYWARD_REQUEST_TIMEOUT_MS: ["99", "3600001", "30s", ""],
      KEYWARD_HEADERS_TIMEOUT_MS: ["99", "-1", "1e4"],
      KEYWARD_DATABASE_POOL_SIZE: ["0", "1001", "ten"],
      KEYWARD_DATABASE_CONNECT_TIMEOUT_MS: ["0", "99", "3600001"],
      KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS: ["-1", "3600001", "1.5"],
      KEYWARD_DATABASE_IDLE_TIMEOUT_MS: ["999", "3600001"],
      KEYWARD_SQLITE_BUSY_TIMEOUT_MS: ["-1", "60001"],
    };
    for (const [name, values] of Object.entries(bad)) {
      // An empty variable counts as unset: the default.
      for (const value of values.filter((text) => text !== "")) {
        assert.match(configError({}, { [name]: value }).message, new RegExp(`^${name} `), value);
      }
    }
    // Flags win, as for every setting.
    const flags = loadConfig(
      { requestTimeoutMs: "5000", headersTimeoutMs: 1000, databasePoolSize: "3" },
      { KEYWARD_REQUEST_TIMEOUT_MS: "9000", KEYWARD_DATABASE_POOL_SIZE: "7" },
    );
    assert.deepEqual(
      [flags.requestTimeoutMs, flags.headersTimeoutMs, flags.databasePoolSize],
      [5000, 1000, 3],
    );
  });

  test("the headers timeout defaults to the request timeout when that is shorter, never above it", () => {
    assert.equal(loadConfig({}, { KEYWARD_REQUEST_TIMEOUT_MS: "5000" }).headersTimeoutMs, 5000);
    const error = configError(
      {},
      { KEYWARD_REQUEST_TIMEOUT_MS: "5000", KEYWARD_HEADERS_TIMEOUT_MS: "6000" },
    );
    assert.match(error.message, /KEYWARD_HEADERS_TIMEOUT_MS.*KEYWARD_REQUEST_TIMEOUT_MS/);
  });

  test("metrics and rate limit settings are checked and name themselves", () => {
    for (const [env, name] of [
      [{ KEYWARD_METRICS_TOKEN: "short" }, /KEYWARD_METRICS_TOKEN/],
      [{ KEYWARD_METRICS_TOKEN: `${"t".repeat(20)} x` }, /KEYWARD_METRICS_TOKEN/],
      [{ KEYWARD_METRICS_PORT: "70000" }, /KEYWARD_METRICS_PORT/],
      [{ KEYWARD_METRICS_PORT: "8080" }, /KEYWARD_METRICS_PORT must differ from PORT/],
      [{ KEYWARD_RATE_LIMITS: "off" }, /KEYWARD_RATE_LIMITS/],
      [{ KEYWARD_RATE_LIMIT_WINDOW_SECONDS: "0" }, /KEYWARD_RATE_LIMIT_WINDOW_SECONDS/],
      [{ KEYWARD_RATE_LIMIT_ADDRESS: "-1" }, /KEYWARD_RATE_LIMIT_ADDRESS/],
      [{ KEYWARD_RATE_LIMIT_KEY: "1e3" }, /KEYWARD_RATE_LIMIT_KEY/],
      [{ KEYWARD_RATE_LIMIT_TOKEN: "0" }, /KEYWARD_RATE_LIMIT_TOKEN/],
    ] as const) {
      assert.match(configError({}, env).message, name, JSON.stringify(env));
    }
    // Port 0 (any free port) for both is no clash.
    assert.equal(loadConfig({ port: 0 }, { KEYWARD_METRICS_PORT: "0" }).metricsPort, 0);
  });
});

describe("resolveServerSecret", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-secret-test-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function config(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
    return { ...loadConfig({}, {}), dataDir, ...overrides };
  }

  test("generates a 0600 secret file once, then reuses it", async () => {
    const dataDir = join(root, "generated", "nested");
    const first = resolveServerSecret(config(dataDir));
    assert.match(first, /^[A-Za-z0-9_-]{43}$/);
    const file = join(dataDir, SECRET_FILE);
    const info = await stat(file);
    assert.equal(info.mode & 0o777, 0o600);
    assert.equal(await readFile(file, "utf8"), `${first}\n`);

    const second = resolveServerSecret(config(dataDir));
    assert.equal(second, first);
    const again = await stat(file);
    assert.equal(again.mtimeMs, info.mtimeMs);
    assert.equal(await readFile(file, "utf8"), `${first}\n`);

    // Another data dir, another secret.
    assert.notEqual(resolveServerSecret(config(join(root, "other"))), first);
  });

  test("an existing secret file is read, surrounding whitespace trimmed", async () => {
    const dataDir = join(root, "existing");
    resolveServerSecret(config(dataDir));
    await writeFile(join(dataDir, SECRET_FILE), `  ${"k".repeat(40)}\r\n`);
    assert.equal(resolveServerSecret(config(dataDir)), "k".repeat(40));
  });

  test("KEYWARD_SECRET wins and writes nothing", async () => {
    const dataDir = join(root, "given");
    const secret = "g".repeat(32);
    assert.equal(resolveServerSecret(config(dataDir, { secret })), secret);
    await assert.rejects(stat(dataDir), { code: "ENOENT" });
    // With PostgreSQL too.
    assert.equal(
      resolveServerSecret(config(dataDir, { secret, databaseUrl: "postgres://db/x" })),
      secret,
    );
  });

  test("DATABASE_URL without KEYWARD_SECRET is a ConfigError naming KEYWARD_SECRET", async () => {
    const dataDir = join(root, "postgres");
    assert.throws(
      () => resolveServerSecret(config(dataDir, { databaseUrl: "postgres://db/x" })),
      (error: unknown) => error instanceof ConfigError && /KEYWARD_SECRET/.test(error.message),
    );
    // Not even a generated one in the data dir.
    await assert.rejects(stat(dataDir), { code: "ENOENT" });
  });
});
