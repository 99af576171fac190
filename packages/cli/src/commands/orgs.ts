import type { Services } from "@keyward/server";
import type { Command } from "commander";
import { usageError } from "../errors.js";
import { helpText } from "../help.js";
import type { Context } from "../io.js";
import { setupFailure } from "./setup-errors.js";

interface StoreOptions {
  dataDir?: string;
  databaseUrl?: string;
}

interface CreateOptions extends StoreOptions {
  name: string;
}

interface AdminTokenOptions extends StoreOptions {
  org: string;
  name: string;
}

const STORE_HELP =
  "Opens the server's database with the rules of `keyward serve`: --data-dir / KEYWARD_DATA_DIR\n" +
  "(./data, SQLite) unless --database-url / DATABASE_URL names PostgreSQL; KEYWARD_SECRET (or\n" +
  "<data dir>/secret, generated when missing) seals the new signing keys, so it must be the\n" +
  "secret the server runs with.";

/** Runs `work` on the server's migrated store, closing it afterwards. */
async function withServices<T>(
  options: StoreOptions & { sealsKeys: boolean },
  work: (services: Services) => Promise<T>,
): Promise<T> {
  // Imported here, not at the top: the offline commands must start without the server.
  const {
    ConfigError,
    DatabaseNewerError,
    createServices,
    loadConfig,
    migrateToLatest,
    openStore,
    resolveServerSecret,
  } = await import("@keyward/server");
  let secret: string;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
    // Listing reads no key: it needs no secret (and must not generate one).
    secret = options.sealsKeys ? resolveServerSecret(config) : "unused: nothing is sealed";
  } catch (error) {
    if (error instanceof ConfigError) throw usageError(error.message);
    throw error;
  }
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(store.db);
    return await work(createServices({ store, secret }));
  } catch (error) {
    if (error instanceof DatabaseNewerError) throw usageError(error.message);
    // A database that does not answer is the set-up's fault, said as such (as `serve` does).
    throw setupFailure(error, { databaseUrl: config.databaseUrl });
  } finally {
    await store.close();
  }
}

/** `keyward orgs …`: operator commands for organizations, straight on the database. */
export function registerOrgsCommands(program: Command, context: Context): void {
  const orgs = program
    .command("orgs")
    .description("create and list organizations (operators; works on the server's database)");

  orgs
    .command("create")
    .summary("create an organization with its signing keys and an admin token")
    .description(
      "Create an organization with its Ed25519 and RSA-2048 signing keys and a first admin\n" +
        "token, and print the organization id and the token. The token is printed this once and\n" +
        `never stored in clear: keep it.\n\n${STORE_HELP}`,
    )
    .requiredOption("-n, --name <name>", "the organization's name")
    .option("--data-dir <dir>", "data directory (SQLite database and secret)")
    .option("--database-url <url>", "PostgreSQL URL")
    .addHelpText(
      "after",
      helpText(`
Example (the output is two lines):
  $ keyward orgs create --name "Acme Inc." --data-dir /var/lib/keyward
  organization: org_…
  admin token: kw_admin_…`),
    )
    .action(async (options: CreateOptions) => {
      const name = options.name.trim();
      if (name === "" || name.length > 200) {
        throw usageError("--name must be 1 to 200 characters");
      }
      const { organizationId, token } = await withServices(
        { ...options, sealsKeys: true },
        async (services) => {
          const organization = await services.organizations.create(name);
          const { plaintext } = await services.tokens.issue(organization.id, {
            kind: "admin",
            name: `${name} admin (keyward orgs create)`,
          });
          return { organizationId: organization.id, token: plaintext };
        },
      );
      await context.writeStdout(`organization: ${organizationId}\nadmin token: ${token}\n`);
    });

  orgs
    .command("admin-token")
    .summary("make a new admin token for an organization whose admin tokens are lost")
    .description(
      "Make a new admin token for an existing organization and print it: the way back in when\n" +
        "no admin token of it works (lost, expired, or revoked). The API keeps the last working\n" +
        "one from being revoked, but not from expiring or being lost. The token is printed this\n" +
        `once and never stored in clear; the audit log records it (actor: system).\n\n${STORE_HELP}`,
    )
    .requiredOption("--org <id>", "the organization (`keyward orgs list` prints them)")
    .option("-n, --name <name>", "the token's name", "admin (keyward orgs admin-token)")
    .option("--data-dir <dir>", "data directory (SQLite database and secret)")
    .option("--database-url <url>", "PostgreSQL URL")
    .addHelpText(
      "after",
      helpText(`
Example:
  $ keyward orgs admin-token --org org_… --data-dir /var/lib/keyward
  admin token: kw_admin_…`),
    )
    .action(async (options: AdminTokenOptions) => {
      const name = options.name.trim();
      if (name === "" || name.length > 200) {
        throw usageError("--name must be 1 to 200 characters");
      }
      const token = await withServices({ ...options, sealsKeys: false }, async (services) => {
        const found = await services.organizations.list();
        if (!found.some((organization) => organization.id === options.org)) {
          throw usageError(`no organization ${options.org}: \`keyward orgs list\` prints them`);
        }
        return (await services.tokens.issue(options.org, { kind: "admin", name })).plaintext;
      });
      await context.writeStdout(`admin token: ${token}\n`);
    });

  orgs
    .command("list")
    .description(
      `print every organization's id and name, one per line, tab-separated\n\n${STORE_HELP}`,
    )
    .option("--data-dir <dir>", "data directory (SQLite database and secret)")
    .option("--database-url <url>", "PostgreSQL URL")
    .action(async (options: StoreOptions) => {
      const organizations = await withServices({ ...options, sealsKeys: false }, (services) =>
        services.organizations.list(),
      );
      const lines = organizations.map(
        (organization) => `${organization.id}\t${organization.name}\n`,
      );
      await context.writeStdout(lines.join(""));
    });
}
