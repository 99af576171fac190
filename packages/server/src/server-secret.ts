import { randomBytes } from "node:crypto";
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, type ServerConfig } from "./config.js";
import { preparePrivateDir, preparePrivateFile, type Warn, warnOnStderr } from "./data-dir.js";

export const SECRET_FILE = "secret";

/**
 * The server secret that seals private keys. Given by KEYWARD_SECRET, or kept in the data dir
 * (generated on first start). Several instances over one PostgreSQL must share it, so with
 * DATABASE_URL it has to be given explicitly.
 */
export function resolveServerSecret(config: ServerConfig, warn: Warn = warnOnStderr): string {
  if (config.secret) return config.secret;
  if (config.databaseUrl) {
    throw new ConfigError(
      "KEYWARD_SECRET is required with DATABASE_URL: every instance must seal keys with the same secret",
    );
  }
  const file = join(config.dataDir, SECRET_FILE);
  preparePrivateDir(config.dataDir, warn);
  if (existsSync(file)) {
    preparePrivateFile(file, warn);
    return readFileSync(file, "utf8").trim();
  }
  const secret = randomBytes(32).toString("base64url");
  // Processes starting at once on an empty data dir must end up with one secret: each writes
  // its own under a temporary name, then links it into place, which fails when the name
  // exists; the losers read the winner's, which is whole by then.
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeFileSync(temporary, `${secret}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(file, "utf8").trim();
  } finally {
    rmSync(temporary, { force: true });
  }
}
