import { setFlagsFromString } from "node:v8";
import type { ServerConfig } from "@keyward/server";
import type { Command } from "commander";
import { usageError } from "../errors.js";
import { setupFailure } from "./setup-errors.js";

interface ServeOptions {
  port?: string;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  logLevel?: string;
  corsOrigins?: string;
  corsAdminOrigins?: string;
  requestTimeoutMs?: string;
  headersTimeoutMs?: string;
  databasePoolSize?: string;
  databaseConnectTimeoutMs?: string;
  databaseStatementTimeoutMs?: string;
  databaseIdleTimeoutMs?: string;
  sqliteBusyTimeoutMs?: string;
  tlsCert?: string;
  tlsKey?: string;
  workers?: string;
}

/** `keyward serve`: the license server (SQLite in ./data by default). */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .summary("start the license server")
    .description(
      "Start the Keyward license server. Flags override environment variables (defaults in\n" +
        "parentheses; docs/server.md, Configuration, has them all):\n" +
        "- PORT (8080), HOST (0.0.0.0), KEYWARD_DATA_DIR (./data), DATABASE_URL (postgres://…;\n" +
        "  SQLite in the data dir when unset), KEYWARD_SECRET (seals private keys; generated\n" +
        "  into the data dir when unset, required with DATABASE_URL), KEYWARD_ADMIN_TOKEN (the\n" +
        "  first admin token; otherwise generated into <data dir>/admin-token), LOG_LEVEL (info),\n" +
        "  KEYWARD_BODY_LIMIT (bytes, 1048576), KEYWARD_OFFLINE_DATE_WINDOW_SECONDS (600: how far\n" +
        "  an offline activation's Date header may be off), KEYWARD_DASHBOARD (true: the admin\n" +
        "  dashboard at /admin; false: none).\n" +
        "- Browsers and proxies: KEYWARD_CORS_ORIGINS (*: origins of browser apps calling the\n" +
        "  client routes), KEYWARD_CORS_ADMIN_ORIGINS (none: origins allowed on the admin\n" +
        "  routes), KEYWARD_TRUST_PROXY (false; behind a reverse proxy: its addresses or CIDRs,\n" +
        "  comma-separated, whose X-Forwarded-For gives the client's address; true: any peer).\n" +
        "- Timeouts in milliseconds (docs/server.md, Timeouts): KEYWARD_REQUEST_TIMEOUT_MS\n" +
        "  (30000), KEYWARD_HEADERS_TIMEOUT_MS (30000), KEYWARD_DATABASE_POOL_SIZE (10),\n" +
        "  KEYWARD_DATABASE_CONNECT_TIMEOUT_MS (5000), KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS\n" +
        "  (15000; 0: none), KEYWARD_DATABASE_IDLE_TIMEOUT_MS (30000),\n" +
        "  KEYWARD_SQLITE_BUSY_TIMEOUT_MS (5000).\n" +
        "- HTTPS: KEYWARD_TLS_CERT and KEYWARD_TLS_KEY (PEM files, reread on SIGHUP).\n" +
        "- Scheduled SQLite backups: KEYWARD_BACKUP_DIR, KEYWARD_BACKUP_INTERVAL (minutes, 60),\n" +
        "  KEYWARD_BACKUP_KEEP (24). Processes: KEYWARD_WORKERS (1; auto: one per core; jobs,\n" +
        "  migrations and backups run in worker 1). See docs/server.md, Operations.\n" +
        "- Metrics (off unless set): KEYWARD_METRICS_TOKEN (bearer token for GET /metrics),\n" +
        "  KEYWARD_METRICS_PORT (serve /metrics on this port only). Rate limits per window:\n" +
        "  KEYWARD_RATE_LIMITS (true), KEYWARD_RATE_LIMIT_WINDOW_SECONDS (60),\n" +
        "  KEYWARD_RATE_LIMIT_ADDRESS (600), KEYWARD_RATE_LIMIT_KEY (300),\n" +
        "  KEYWARD_RATE_LIMIT_TOKEN (1200). See docs/server.md, Metrics and Rate limits.\n" +
        "- Webhooks: KEYWARD_WEBHOOKS_ALLOW_PRIVATE (false), KEYWARD_WEBHOOK_TIMEOUT_MS (10000),\n" +
        "  KEYWARD_WEBHOOK_POLL_MS (1000), KEYWARD_WEBHOOK_RETRY_DAYS (3),\n" +
        "  KEYWARD_WEBHOOK_DISABLE_AFTER_DAYS (5). Retention in days: KEYWARD_EVENT_RETENTION_DAYS\n" +
        "  (90; 0: keep), KEYWARD_WEBHOOK_DELIVERY_RETENTION_DAYS (30; 0: keep),\n" +
        "  KEYWARD_AUDIT_RETENTION_DAYS (365). See docs/server.md, Webhooks and Audit log.",
    )
    .option("-p, --port <port>", "port to listen on")
    .option("--host <host>", "address to bind")
    .option("--data-dir <dir>", "data directory")
    .option("--database-url <url>", "PostgreSQL URL")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
    .option("--cors-origins <origins>", "comma list of origins for the client routes, or *")
    .option("--cors-admin-origins <origins>", "comma list of origins for the admin routes")
    .option("--request-timeout-ms <ms>", "longest a client may take to send a request")
    .option("--headers-timeout-ms <ms>", "longest a client may take to send its headers")
    .option("--database-pool-size <n>", "PostgreSQL connections per process")
    .option("--database-connect-timeout-ms <ms>", "longest wait for a PostgreSQL connection")
    .option("--database-statement-timeout-ms <ms>", "longest PostgreSQL statement (0: none)")
    .option("--database-idle-timeout-ms <ms>", "an unused PostgreSQL connection closes after")
    .option("--sqlite-busy-timeout-ms <ms>", "longest wait for another process's SQLite lock")
    .option("--tls-cert <file>", "serve HTTPS with this PEM certificate chain")
    .option("--tls-key <file>", "and this PEM private key")
    .option("--workers <n>", "server processes on the one port: a count or auto (one per core)")
    .action(async (options: ServeOptions) => {
      // Imported here, not at the top: the offline commands must start without the server.
      const { ConfigError, loadConfig, serve } = await import("@keyward/server");
      let config: ServerConfig | undefined;
      try {
        config = loadConfig(options);
        // startServer reads the TLS files: an unreadable one is a usage error too.
        await serve(config);
      } catch (error) {
        if (error instanceof ConfigError) throw usageError(error.message);
        // A busy port, a database that does not answer: the set-up's fault, said as such.
        throw setupFailure(error, config ?? { databaseUrl: options.databaseUrl ?? null });
      } finally {
        releaseYoungGeneration();
      }
    });
}

/**
 * bin/keyward.js holds V8's young generation at its start-up size (see there); once the server
 * listens, growth is V8's again (its default factor is 2), for the load to size it. Harmless
 * where nothing held it (from source, embedded).
 */
function releaseYoungGeneration(): void {
  setFlagsFromString("--semi-space-growth-factor=2");
}
