import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { preparePrivateDir, type Warn, warnOnStderr } from "../data-dir.js";
import type { Services } from "./index.js";

export interface BootstrapResult {
  organizationId: string;
  /** Where the first admin token was written; null when it was given by KEYWARD_ADMIN_TOKEN. */
  tokenFile: string | null;
}

export const ADMIN_TOKEN_FILE = "admin-token";

/**
 * On an empty database: the first organization and an admin token, in one transaction under
 * the organizations' lock, so processes starting at once create exactly one of each. The token
 * is written to a 0600 file in the data dir (or taken from KEYWARD_ADMIN_TOKEN) and never
 * logged. Returns null when the database already has an organization.
 */
export async function bootstrapFirstOrganization(
  services: Services,
  options: {
    dataDir: string;
    adminToken: string | null;
    /**
     * The database is the data dir's own SQLite file: an admin-token already there belonged to
     * the database that file held before (deleted, since this one is empty) and is replaced.
     * Otherwise (PostgreSQL) it may be another database's working token, the data dir's SQLite
     * one say, and stays: this database's token goes to `admin-token-<organization id>`.
     */
    databaseInDataDir: boolean;
    warn?: Warn;
  },
): Promise<BootstrapResult | null> {
  return services.organizations.createFirst("Default organization", async (trx, organization) => {
    const { plaintext } = await services.tokens.issue(
      organization.id,
      {
        kind: "admin",
        name: "first admin token",
        ...(options.adminToken ? { plaintext: options.adminToken } : {}),
      },
      trx,
    );
    if (options.adminToken) return { organizationId: organization.id, tokenFile: null };
    // Before the commit: a token that cannot be written rolls the organization back rather than
    // lock everyone out. With DATABASE_URL nothing else creates the data dir.
    preparePrivateDir(options.dataDir, options.warn ?? warnOnStderr);
    let tokenFile = join(options.dataDir, ADMIN_TOKEN_FILE);
    if (!options.databaseInDataDir && existsSync(tokenFile)) {
      tokenFile = join(options.dataDir, `${ADMIN_TOKEN_FILE}-${organization.id}`);
    }
    // A fresh file: the mode of writeFileSync only applies when it creates the file, and a stale
    // admin-token left from an earlier database may be readable by others.
    rmSync(tokenFile, { force: true });
    writeFileSync(tokenFile, `${plaintext}\n`, { mode: 0o600, flag: "wx" });
    return { organizationId: organization.id, tokenFile };
  });
}
