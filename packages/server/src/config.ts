import { isIP } from "node:net";
import { resolve } from "node:path";

/** Everything the server needs to start, read once from the environment and flags. */
export interface ServerConfig {
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
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (Fastify trustProxy):
   * false (none: the peer is the client), true (any peer), or the proxies' addresses/CIDRs.
   */
  trustProxy: boolean | string[];
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export type ConfigInput = Partial<Record<keyof ServerConfig, string | number | undefined>>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * Builds the config from flags (first) and environment variables; throws ConfigError with a
 * message naming the setting for anything invalid, so a bad deployment fails at start.
 */
export function loadConfig(
  flags: ConfigInput = {},
  env: Record<string, string | undefined> = process.env,
): ServerConfig {
  const pick = (key: keyof ServerConfig, name: string) => {
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
  return {
    host: pick("host", "HOST") ?? "0.0.0.0",
    port,
    dataDir: resolve(pick("dataDir", "KEYWARD_DATA_DIR") ?? "data"),
    databaseUrl,
    secret,
    adminToken,
    logLevel: logLevel as ServerConfig["logLevel"],
    bodyLimit: integer(
      pick("bodyLimit", "KEYWARD_BODY_LIMIT") ?? "1048576",
      "KEYWARD_BODY_LIMIT",
      1024,
      64 * 1024 * 1024,
    ),
    offlineDateWindowSeconds: integer(
      pick("offlineDateWindowSeconds", "KEYWARD_OFFLINE_DATE_WINDOW_SECONDS") ?? "600",
      "KEYWARD_OFFLINE_DATE_WINDOW_SECONDS",
      10,
      7 * 86_400,
    ),
    trustProxy: trustProxy(pick("trustProxy", "KEYWARD_TRUST_PROXY")),
  };
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

function integer(text: string, name: string, min: number, max: number): number {
  // Digits only: Number() would also take " " (0), "1e3" and "0x1f90".
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
