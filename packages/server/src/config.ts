import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { HTTP_TIMEOUT_DEFAULTS } from "./http/app.js";
import { RATE_LIMIT_DEFAULTS } from "./http/rate-limits.js";
import { DATABASE_DEFAULTS } from "./store/database.js";

/** Everything the server needs to start, read once from the environment and flags. */
export interface ServerConfig {
  /**
   * Warnings for KEYWARD_* variables set that no setting reads but one is named like (a typo:
   * KEYWARD_RATELIMITS for KEYWARD_RATE_LIMITS), logged at start; such a variable is ignored.
   */
  unknownSettings: string[];
  host: string;
  port: number;
  /** Where the SQLite database, the generated secret and the first admin token live. */
  dataDir: string;
  /** postgres://… to use PostgreSQL; SQLite in dataDir when absent. */
  databaseUrl: string | null;
  /** Seals private keys at rest; generated into dataDir when not given. */
  secret: string | null;
  /** Token for the first organization's admin, for scripted set-ups. */
  adminToken: string | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** How far an offline activation's Date header may be from the server's clock (seconds). */
  offlineDateWindowSeconds: number;
  /** Origins browsers may call the client routes from (http/cors.ts); ["*"]: any. */
  corsOrigins: string[];
  /** Origins browsers may call the admin routes from; empty: none (no CORS headers). */
  corsAdminOrigins: string[];
  /** Longest a client may take to send a whole request (ms); then 408 and the connection ends. */
  requestTimeoutMs: number;
  /** Longest a client may take to send the request line and headers (ms); at most requestTimeoutMs. */
  headersTimeoutMs: number;
  /** PostgreSQL: connections per process. */
  databasePoolSize: number;
  /** PostgreSQL: longest wait for a connection, new or from a busy pool (ms); then 503. */
  databaseConnectTimeoutMs: number;
  /** PostgreSQL: longest statement, and longest idle gap inside a transaction (ms); then 503. */
  databaseStatementTimeoutMs: number;
  /** PostgreSQL: an unused pooled connection is closed after this (ms). */
  databaseIdleTimeoutMs: number;
  /** SQLite: longest wait for another process's write lock (ms); then 503. */
  sqliteBusyTimeoutMs: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (Fastify trustProxy):
   * false (none: the peer is the client), true (any peer), or the proxies' addresses/CIDRs.
   */
  trustProxy: boolean | string[];
  /** HTTPS: PEM certificate chain and private key files (both or neither), reread on SIGHUP. */
  tlsCert: string | null;
  tlsKey: string | null;
  /** SQLite: where scheduled backups go (backup.ts); null: none. */
  backupDir: string | null;
  /** Minutes between scheduled backups. */
  backupIntervalMinutes: number;
  /** How many scheduled backups are kept (the newest). */
  backupKeep: number;
  /** Serve the admin dashboard at /admin (KEYWARD_DASHBOARD=false turns it off). */
  dashboard: boolean;
  /** Bearer token GET /metrics asks for; with neither this nor metricsPort: no metrics. */
  metricsToken: string | null;
  /** Serve /metrics on this port only (not on the main one); null: on the main port. */
  metricsPort: number | null;
  /** Rate limits on (KEYWARD_RATE_LIMITS=false turns them off: benches, a proxy that limits). */
  rateLimits: boolean;
  /** The rate limits' window (seconds) and requests per window per address, key and token. */
  rateLimitWindowSeconds: number;
  rateLimitAddress: number;
  rateLimitKey: number;
  rateLimitToken: number;
  /** Server processes on the one port (cluster.ts); KEYWARD_WORKERS=auto: one per core. */
  workers: number;
  /** Webhooks may target loopback/private/link-local addresses (KEYWARD_WEBHOOKS_ALLOW_PRIVATE). */
  webhooksAllowPrivate: boolean;
  /** Longest one webhook attempt may take (ms). */
  webhookTimeoutMs: number;
  /** How often the webhook worker looks for due deliveries (ms). */
  webhookPollMs: number;
  /** Days a failing delivery is retried. */
  webhookRetryDays: number;
  /** Days an endpoint may fail without a success before it is disabled. */
  webhookDisableAfterDays: number;
  /** Days events are kept (0: forever). */
  eventRetentionDays: number;
  /** Days finished webhook deliveries are kept (0: forever). */
  webhookDeliveryRetentionDays: number;
  /** Audit entries older than this many days are deleted by a job (KEYWARD_AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export type ConfigInput = Partial<Record<keyof ServerConfig, string | number | undefined>>;

/** Whether /metrics is served, so counted: a token or a port of its own (docs/server.md). */
export function metricsExposed(config: ServerConfig): boolean {
  return config.metricsToken !== null || config.metricsPort !== null;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const HOUR_MS = 3_600_000;

/**
 * Builds the config from flags (first) and environment variables; throws ConfigError with a
 * message naming the setting for anything invalid, so a bad deployment fails at start.
 */
export function loadConfig(
  flags: ConfigInput = {},
  env: Record<string, string | undefined> = process.env,
): ServerConfig {
  /** The variables the settings read (misspelt: the others). */
  const read = new Set<string>();
  const pick = (key: keyof ServerConfig, name: string) => {
    read.add(name);
    const value = flags[key] ?? env[name];
    return value === undefined || value === "" ? undefined : String(value);
  };
  const port = integer(pick("port", "PORT") ?? "8080", "PORT", 0, 65535);
  const databaseUrl = pick("databaseUrl", "DATABASE_URL") ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("DATABASE_URL must be a postgres:// or postgresql:// URL");
  }
  const secret = pick("secret", "KEYWARD_SECRET") ?? null;
  if (secret !== null && secret.length < 32) {
    throw new ConfigError("KEYWARD_SECRET must be at least 32 characters");
  }
  const adminToken = pick("adminToken", "KEYWARD_ADMIN_TOKEN") ?? null;
  // At most 191 after the prefix: the bearer parser (http/auth.ts) takes tokens up to 200.
  if (adminToken !== null && !/^kw_admin_[A-Za-z0-9_-]{32,191}$/.test(adminToken)) {
    throw new ConfigError(
      "KEYWARD_ADMIN_TOKEN must look like kw_admin_<32 to 191 base64url characters>",
    );
  }
  const logLevel = pick("logLevel", "LOG_LEVEL") ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  }
  /** An integer setting from `min` to `max`. */
  const number = (
    key: keyof ServerConfig,
    name: string,
    byDefault: number,
    min: number,
    max: number,
  ) => integer(pick(key, name) ?? String(byDefault), name, min, max);
  const requestTimeoutMs = number(
    "requestTimeoutMs",
    "KEYWARD_REQUEST_TIMEOUT_MS",
    HTTP_TIMEOUT_DEFAULTS.requestMs,
    100,
    HOUR_MS,
  );
  const headersTimeoutMs = number(
    "headersTimeoutMs",
    "KEYWARD_HEADERS_TIMEOUT_MS",
    Math.min(HTTP_TIMEOUT_DEFAULTS.headersMs, requestTimeoutMs),
    100,
    HOUR_MS,
  );
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      `KEYWARD_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed KEYWARD_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  const tlsCert = pick("tlsCert", "KEYWARD_TLS_CERT");
  const tlsKey = pick("tlsKey", "KEYWARD_TLS_KEY");
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new ConfigError("KEYWARD_TLS_CERT and KEYWARD_TLS_KEY must be given together");
  }
  const backupDir = pick("backupDir", "KEYWARD_BACKUP_DIR");
  if (backupDir !== undefined && databaseUrl !== null) {
    throw new ConfigError(
      "KEYWARD_BACKUP_DIR backs up SQLite; with DATABASE_URL use pg_dump (docs/server.md, Backups)",
    );
  }
  const metricsToken = pick("metricsToken", "KEYWARD_METRICS_TOKEN") ?? null;
  if (metricsToken !== null && !/^[\x21-\x7e]{16,200}$/.test(metricsToken)) {
    throw new ConfigError(
      "KEYWARD_METRICS_TOKEN must be 16 to 200 visible ASCII characters (no spaces)",
    );
  }
  const metricsPortText = pick("metricsPort", "KEYWARD_METRICS_PORT");
  const metricsPort =
    metricsPortText === undefined
      ? null
      : integer(metricsPortText, "KEYWARD_METRICS_PORT", 0, 65535);
  if (metricsPort !== null && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError("KEYWARD_METRICS_PORT must differ from PORT");
  }
  return {
    host: pick("host", "HOST") ?? "0.0.0.0",
    port,
    dataDir: resolve(pick("dataDir", "KEYWARD_DATA_DIR") ?? "data"),
    databaseUrl,
    secret,
    adminToken,
    logLevel: logLevel as ServerConfig["logLevel"],
    bodyLimit: number("bodyLimit", "KEYWARD_BODY_LIMIT", 1048576, 1024, 64 * 1024 * 1024),
    offlineDateWindowSeconds: number(
      "offlineDateWindowSeconds",
      "KEYWARD_OFFLINE_DATE_WINDOW_SECONDS",
      600,
      10,
      7 * 86_400,
    ),
    corsOrigins: origins(
      pick("corsOrigins", "KEYWARD_CORS_ORIGINS") ?? "*",
      "KEYWARD_CORS_ORIGINS",
    ),
    corsAdminOrigins: origins(
      pick("corsAdminOrigins", "KEYWARD_CORS_ADMIN_ORIGINS") ?? "",
      "KEYWARD_CORS_ADMIN_ORIGINS",
    ),
    requestTimeoutMs,
    headersTimeoutMs,
    databasePoolSize: number(
      "databasePoolSize",
      "KEYWARD_DATABASE_POOL_SIZE",
      DATABASE_DEFAULTS.poolSize,
      1,
      1000,
    ),
    databaseConnectTimeoutMs: number(
      "databaseConnectTimeoutMs",
      "KEYWARD_DATABASE_CONNECT_TIMEOUT_MS",
      DATABASE_DEFAULTS.connectTimeoutMs,
      100,
      HOUR_MS,
    ),
    // 0 turns the limit off (PostgreSQL's own default).
    databaseStatementTimeoutMs: number(
      "databaseStatementTimeoutMs",
      "KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS",
      DATABASE_DEFAULTS.statementTimeoutMs,
      0,
      HOUR_MS,
    ),
    databaseIdleTimeoutMs: number(
      "databaseIdleTimeoutMs",
      "KEYWARD_DATABASE_IDLE_TIMEOUT_MS",
      DATABASE_DEFAULTS.idleTimeoutMs,
      1000,
      HOUR_MS,
    ),
    sqliteBusyTimeoutMs: number(
      "sqliteBusyTimeoutMs",
      "KEYWARD_SQLITE_BUSY_TIMEOUT_MS",
      DATABASE_DEFAULTS.sqliteBusyTimeoutMs,
      0,
      60_000,
    ),
    trustProxy: trustProxy(pick("trustProxy", "KEYWARD_TRUST_PROXY")),
    tlsCert: tlsCert === undefined ? null : resolve(tlsCert),
    tlsKey: tlsKey === undefined ? null : resolve(tlsKey),
    backupDir: backupDir === undefined ? null : resolve(backupDir),
    backupIntervalMinutes: number(
      "backupIntervalMinutes",
      "KEYWARD_BACKUP_INTERVAL",
      60,
      1,
      7 * 24 * 60,
    ),
    backupKeep: number("backupKeep", "KEYWARD_BACKUP_KEEP", 24, 1, 10_000),
    dashboard: flag(pick("dashboard", "KEYWARD_DASHBOARD") ?? "true", "KEYWARD_DASHBOARD"),
    metricsToken,
    metricsPort,
    rateLimits: flag(pick("rateLimits", "KEYWARD_RATE_LIMITS") ?? "true", "KEYWARD_RATE_LIMITS"),
    rateLimitWindowSeconds: number(
      "rateLimitWindowSeconds",
      "KEYWARD_RATE_LIMIT_WINDOW_SECONDS",
      RATE_LIMIT_DEFAULTS.windowSeconds,
      1,
      86_400,
    ),
    rateLimitAddress: number(
      "rateLimitAddress",
      "KEYWARD_RATE_LIMIT_ADDRESS",
      RATE_LIMIT_DEFAULTS.perAddress,
      1,
      100_000_000,
    ),
    rateLimitKey: number(
      "rateLimitKey",
      "KEYWARD_RATE_LIMIT_KEY",
      RATE_LIMIT_DEFAULTS.perKey,
      1,
      100_000_000,
    ),
    rateLimitToken: number(
      "rateLimitToken",
      "KEYWARD_RATE_LIMIT_TOKEN",
      RATE_LIMIT_DEFAULTS.perToken,
      1,
      100_000_000,
    ),
    workers: workers(pick("workers", "KEYWARD_WORKERS") ?? "1"),
    webhooksAllowPrivate: flag(
      pick("webhooksAllowPrivate", "KEYWARD_WEBHOOKS_ALLOW_PRIVATE") ?? "false",
      "KEYWARD_WEBHOOKS_ALLOW_PRIVATE",
    ),
    webhookTimeoutMs: number("webhookTimeoutMs", "KEYWARD_WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000),
    webhookPollMs: number("webhookPollMs", "KEYWARD_WEBHOOK_POLL_MS", 1_000, 10, 60_000),
    webhookRetryDays: number("webhookRetryDays", "KEYWARD_WEBHOOK_RETRY_DAYS", 3, 1, 30),
    webhookDisableAfterDays: number(
      "webhookDisableAfterDays",
      "KEYWARD_WEBHOOK_DISABLE_AFTER_DAYS",
      5,
      1,
      365,
    ),
    eventRetentionDays: number("eventRetentionDays", "KEYWARD_EVENT_RETENTION_DAYS", 90, 0, 36_500),
    webhookDeliveryRetentionDays: number(
      "webhookDeliveryRetentionDays",
      "KEYWARD_WEBHOOK_DELIVERY_RETENTION_DAYS",
      30,
      0,
      36_500,
    ),
    auditRetentionDays: number(
      "auditRetentionDays",
      "KEYWARD_AUDIT_RETENTION_DAYS",
      365,
      1,
      100 * 365,
    ),
    // Last: every setting above has read its variable.
    unknownSettings: misspelt(env, read),
  };
}

/**
 * A warning for each KEYWARD_* variable that is not one of `read` but at most two edits from
 * one: most likely a typo that would otherwise be ignored in silence. Variables further from
 * every setting are left alone (other tools', as the CLI's KEYWARD_URL, take the prefix too).
 */
function misspelt(env: Record<string, string | undefined>, read: ReadonlySet<string>): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith("KEYWARD_") || read.has(name)) continue;
    const near = [...read].find((setting) => editDistance(name, setting) <= 2);
    if (near) warnings.push(`${name} is not a setting and is ignored: did you mean ${near}?`);
  }
  return warnings;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

const MAX_WORKERS = 256;

/** KEYWARD_WORKERS: a count, or `auto` for one per core this process may use. */
function workers(text: string): number {
  if (text === "auto") return Math.min(availableParallelism(), MAX_WORKERS);
  if (!/^[0-9]+$/.test(text)) {
    throw new ConfigError(
      `KEYWARD_WORKERS must be auto or an integer from 1 to ${MAX_WORKERS}, got "${text}"`,
    );
  }
  return integer(text, "KEYWARD_WORKERS", 1, MAX_WORKERS);
}

/** A comma list of origins (`https://app.example.com`, no path) or `*` alone. */
function origins(text: string, name: string): string[] {
  const list = text
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  if (list.includes("*")) {
    if (list.length > 1) throw new ConfigError(`${name}: * allows any origin; list no others`);
    return list;
  }
  for (const origin of list) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {}
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `${name} must be * or a comma list of origins such as https://app.example.com ` +
          `(scheme, host and port only), got "${origin}"`,
      );
    }
  }
  return list;
}

/** KEYWARD_TRUST_PROXY: unset/false, true, or a list of addresses and CIDRs. */
function trustProxy(text: string | undefined): ServerConfig["trustProxy"] {
  if (text === undefined || text === "false") return false;
  if (text === "true") return true;
  const entries = text.split(",").map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.split("/");
    const version = isIP(address);
    const valid =
      version !== 0 &&
      rest.length === 0 &&
      (bits === undefined || (/^[0-9]+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)));
    if (!valid) {
      throw new ConfigError(
        `KEYWARD_TRUST_PROXY must be true, false or the proxies' addresses/CIDRs separated ` +
          `by commas, got "${entry}"`,
      );
    }
  }
  return entries;
}

function flag(text: string, name: string): boolean {
  if (text === "true" || text === "false") return text === "true";
  throw new ConfigError(`${name} must be true or false, got "${text}"`);
}

function integer(text: string, name: string, min: number, max: number): number {
  // Digits only: Number() would also take " " (0), "1e3" and "0x1f90".
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
