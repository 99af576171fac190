import { lookup } from "node:dns/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Server as TlsServer } from "node:tls";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import { scheduleBackups } from "./backup.js";
import { ConfigError, metricsExposed, type ServerConfig } from "./config.js";
import { preparePrivateDir, preparePrivateFile, type Warn } from "./data-dir.js";
import { buildApp } from "./http/app.js";
import { loggerOptions } from "./http/logging.js";
import { listenMetrics } from "./http/metrics.js";
import { startJobs } from "./jobs/index.js";
import { startWebhookWorker } from "./jobs/webhooks.js";
import { checkServerSecret, resolveServerSecret, secretSource } from "./server-secret.js";
import { ADMIN_TOKEN_FILE, bootstrapFirstOrganization } from "./services/bootstrap.js";
import { databaseUnavailableReason } from "./services/errors.js";
import { createServices, type Services } from "./services/index.js";
import type { ServiceLog } from "./services/validation-log.js";
import { repeatingWarning } from "./services/validation-log.js";
import { openStore, type StoreOptions } from "./store/database.js";
import { DatabaseNewerError, MIGRATION_NAMES, migrateToLatest } from "./store/migrate.js";
import { readTlsFiles, type TlsFiles } from "./tls.js";
import { keepUnwritten, writeKeptValidations } from "./unwritten-validations.js";

/**
 * This package's package.json, found by its name rather than beside this file: the CLI runs a
 * bundle of this code from its own dist/ (packages/cli/bundle.mjs).
 */
const PACKAGE_JSON = createRequire(import.meta.url).resolve("@keyward/server/package.json");

export const VERSION: string = (
  JSON.parse(readFileSync(PACKAGE_JSON, "utf8")) as { version: string }
).version;

/** The dashboard's build (packages/dashboard/dist), beside this package in the workspace. */
const DASHBOARD_DIR = join(dirname(PACKAGE_JSON), "../dashboard/dist");

/** How often the background jobs (culling, expiry events) run. */
const JOB_INTERVAL_MS = 15_000;
const DAY_MS = 86_400_000;

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
  /** Where /metrics is served on its own port (KEYWARD_METRICS_PORT); null: not there. */
  metricsUrl: string | null;
  /**
   * HTTPS only: reads the certificate and key files again and uses them for new handshakes;
   * open connections keep theirs. Throws ConfigError (and keeps the old ones) when they are bad.
   */
  reloadTls: (() => void) | null;
}

/**
 * What one process of several (`--workers`, cluster.ts) does besides serving. A lone server
 * does everything.
 */
export interface ServerRole {
  /** Migrates and creates the first organization (and its admin-token file). */
  firstStart: boolean;
  /** Runs the background jobs and the scheduled backups. */
  background: boolean;
  /** Which worker this is (1 to N); absent for a lone server. */
  worker?: number;
}

const LONE_SERVER: ServerRole = { firstStart: true, background: true };

/** Opens the database, migrates, bootstraps the first organization and listens. */
export async function startServer(
  config: ServerConfig,
  role: ServerRole = LONE_SERVER,
): Promise<RunningServer> {
  // Logged once the logger exists (the app's).
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  // First: bad TLS files stop the start before anything is written to the data dir.
  const tlsFiles: TlsFiles | null =
    config.tlsCert && config.tlsKey ? { cert: config.tlsCert, key: config.tlsKey } : null;
  const tls = tlsFiles ? readTlsFiles(tlsFiles) : undefined;
  await checkHost(config.host);
  const source = secretSource(config);
  const secret = resolveServerSecret(config, warn);
  if (role.firstStart) tightenAdminTokens(config.dataDir, warn);
  if (role.firstStart) for (const message of config.unknownSettings) warn(message);
  const storeOptions: StoreOptions = {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    warn,
    limits: {
      poolSize: config.databasePoolSize,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      idleTimeoutMs: config.databaseIdleTimeoutMs,
      sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
    },
  };
  if (role.firstStart) await migrate(storeOptions, await processLogger(config));
  // Set once the app (and its logger) exists.
  let log: FastifyBaseLogger | undefined;
  // The services exist before the app and its logger; they log nothing before it listens
  // (their warnings come from writes of validation counts, which follow requests).
  const serviceLog: ServiceLog = {
    warn: (fields, message) => log?.warn(fields, message),
    info: (fields, message) => log?.info(fields, message),
  };
  const metrics = metricsExposed(config)
    ? (await import("./prometheus-metrics.js")).prometheusMetrics({
        workers: role.worker !== undefined,
      })
    : null;
  const store = openStore({
    ...storeOptions,
    onConnectionLost: (error) => {
      metrics?.databaseError("connection_lost");
      log?.warn(
        { code: (error as { code?: unknown }).code, reason: error.message },
        "a pooled database connection failed and was dropped; the pool opens new ones as needed",
      );
    },
  });
  if (metrics && store.poolStats) metrics.watchPool(store.poolStats);
  let metricsServer: Awaited<ReturnType<typeof listenMetrics>> | null = null;
  try {
    // At the first start; a replacement worker skips it, so that it starts while the database
    // is away (the secret was checked when the server started).
    if (role.firstStart) await checkServerSecret(config, store, secret, source);
    const services = createServices({
      store,
      secret,
      offlineDateWindowSeconds: config.offlineDateWindowSeconds,
      ...(metrics ? { metrics } : {}),
      auditRetentionDays: config.auditRetentionDays,
      log: serviceLog,
      webhooks: {
        allowPrivate: config.webhooksAllowPrivate,
        timeoutMs: config.webhookTimeoutMs,
        retryWindowMs: config.webhookRetryDays * DAY_MS,
        disableAfterMs: config.webhookDisableAfterDays * DAY_MS,
      },
      retention: {
        eventDays: config.eventRetentionDays,
        deliveryDays: config.webhookDeliveryRetentionDays,
      },
    });
    const app = await buildApp({
      services,
      version: VERSION,
      bodyLimit: config.bodyLimit,
      cors: { clientOrigins: config.corsOrigins, adminOrigins: config.corsAdminOrigins },
      timeouts: { requestMs: config.requestTimeoutMs, headersMs: config.headersTimeoutMs },
      trustProxy: config.trustProxy,
      ...(tls ? { tls } : {}),
      dashboard: config.dashboard ? { dir: DASHBOARD_DIR } : false,
      ...(metrics
        ? {
            metrics: {
              metrics,
              token: config.metricsToken,
              onMainPort: config.metricsPort === null,
            },
          }
        : {}),
      rateLimits: config.rateLimits && {
        windowSeconds: config.rateLimitWindowSeconds,
        perAddress: config.rateLimitAddress,
        perKey: config.rateLimitKey,
        perToken: config.rateLimitToken,
        acrossWorkers: role.worker !== undefined,
      },
      // A person reads a terminal; anything else (a file, journald, a collector) gets JSON lines.
      logger: { level: config.logLevel, pretty: process.stdout.isTTY === true },
    });
    log = app.log;
    for (const message of warnings) app.log.warn(message);
    const bootstrap = role.firstStart
      ? await bootstrapFirstOrganization(services, {
          dataDir: config.dataDir,
          adminToken: config.adminToken,
          databaseInDataDir: config.databaseUrl === null,
          warn: (message) => app.log.warn(message),
        })
      : null;
    if (bootstrap) {
      app.log.info(
        { organizationId: bootstrap.organizationId, tokenFile: bootstrap.tokenFile },
        bootstrap.tokenFile
          ? `created the first organization; its admin token is in ${bootstrap.tokenFile}`
          : "created the first organization with the admin token from KEYWARD_ADMIN_TOKEN",
      );
    }
    if (role.firstStart) {
      const kept = await writeKeptValidations(config.dataDir, store, (message) =>
        app.log.warn(message),
      );
      if (kept.files > 0) {
        app.log.info(
          kept,
          "wrote the validation counts earlier processes kept when the database was away",
        );
      }
    }
    // Under --workers every worker listens on the metrics port too (node:cluster shares it); the
    // one a scrape reaches answers every worker's sum (metrics-cluster.ts).
    metricsServer =
      metrics && config.metricsPort !== null
        ? await listenMetrics({
            metrics,
            token: config.metricsToken,
            host: config.host,
            port: config.metricsPort,
          })
        : null;
    // Started once the port is ours (below): a start that fails to listen leaves nothing running
    // that would use the database it closes.
    let background: ReturnType<typeof startBackground> | null = null;
    app.addHook("onClose", async () => {
      await metricsServer?.app.close();
      await background?.stop();
      await services.flush();
      await keepWhatWasNotWritten(services, config.dataDir, app.log);
      await store.close();
    });
    const url = await app.listen({ host: config.host, port: config.port });
    // The schema names the version too: the package version moves only with releases.
    const schema = MIGRATION_NAMES.at(-1);
    app.log.info(
      { database: store.dialect, version: VERSION, schema },
      `Keyward ${VERSION} (schema ${schema}) listening on ${url}`,
    );
    background = startBackground(services, config, role, app.log);
    if (metricsServer) app.log.info(`metrics on ${metricsServer.url}/metrics`);
    const reloadTls = tlsFiles
      ? () => (app.server as unknown as TlsServer).setSecureContext(readTlsFiles(tlsFiles))
      : null;
    return {
      app,
      url,
      metricsUrl: metricsServer?.url ?? null,
      close: () => app.close(),
      reloadTls,
    };
  } catch (error) {
    await metricsServer?.app.close();
    await store.close();
    throw error;
  }
}

/**
 * The background work of a listening server: the jobs and backups (in one process of a
 * cluster) and the webhook worker (in every worker: claims are atomic, so they share the
 * deliveries). `stop` waits for what is running.
 */
function startBackground(
  services: Services,
  config: ServerConfig,
  role: ServerRole,
  log: FastifyBaseLogger,
): { stop(): Promise<void> } {
  const jobs = role.background
    ? startJobs(services, {
        intervalMs: JOB_INTERVAL_MS,
        onError: (job, error) => logFailure(log, error, { job }, `job ${job} failed`),
      })
    : null;
  // A pass runs every pollMs (a second): during an outage its warning is logged when it begins,
  // then at most once a minute, and its end once a pass succeeds again.
  const webhookOutage = repeatingWarning(
    { warn: (fields, message) => log.warn(fields, message), info: (f, m) => log.info(f, m) },
    "webhook delivery pass failed: the database is unavailable",
    "webhook delivery passes succeed again",
  );
  const webhookWorker = startWebhookWorker(services, {
    pollMs: config.webhookPollMs,
    onError: (error) => {
      const reason = databaseUnavailableReason(error);
      if (reason === null) log.error({ err: error }, "webhook delivery pass failed");
      else webhookOutage.failed({ reason });
    },
    onPass: () => webhookOutage.succeeded(),
  });
  if (role.background && role.worker !== undefined) {
    log.info({ worker: role.worker }, "this worker runs the background jobs and backups");
  }
  const backups =
    config.backupDir && role.background
      ? scheduleBackups({
          dataDir: config.dataDir,
          dir: config.backupDir,
          intervalMinutes: config.backupIntervalMinutes,
          keep: config.backupKeep,
          warn: (message) => log.warn(message),
          onBackup: (file) => log.info({ file }, "scheduled backup written"),
          onError: (error) => logFailure(log, error, {}, "scheduled backup failed"),
        })
      : null;
  return {
    async stop() {
      await backups?.stop();
      await jobs?.stop();
      await webhookWorker.stop();
    },
  };
}

/**
 * A background task's failure: while the database is away, a warning with the driver's reason
 * and no stack (an outage, not a bug; as for requests, http/errors.ts); otherwise an error with
 * the stack.
 */
function logFailure(
  log: FastifyBaseLogger,
  error: unknown,
  fields: Record<string, unknown>,
  message: string,
): void {
  const reason = databaseUnavailableReason(error);
  if (reason !== null) log.warn({ ...fields, reason }, `${message}: the database is unavailable`);
  else log.error({ ...fields, err: error }, message);
}

/**
 * Counts the database did not take by the time the server closes (it is away) go to the data
 * dir, for the next start to write (unwritten-validations.ts); lost only if that fails too.
 */
async function keepWhatWasNotWritten(
  services: Services,
  dataDir: string,
  log: FastifyBaseLogger,
): Promise<void> {
  const unwritten = services.takeUnwrittenValidations();
  if (!unwritten) return;
  const held = `${unwritten.counts.length} counters, ${unwritten.lastValidations.length} last validations`;
  try {
    const file = await keepUnwritten(dataDir, unwritten, (message) => log.warn(message));
    log.warn(
      { file },
      `the database did not take the validation counts (${held}); kept for the next start`,
    );
  } catch (error) {
    log.error({ err: error }, `validation counts lost (${held}): the data dir is not writable`);
  }
}

/**
 * A HOST that names no address is a set-up error said before anything is written to the data
 * dir, as a busy port is (listen would say ENOTFOUND only after the first start's work). The
 * cost: a host name is looked up twice at start, here and by listen.
 */
async function checkHost(host: string): Promise<void> {
  try {
    await lookup(host);
  } catch (error) {
    throw new ConfigError(
      `cannot listen on ${host}: the name does not resolve (${(error as NodeJS.ErrnoException).code}); ` +
        "choose another with --host (or HOST; 0.0.0.0: every address)",
    );
  }
}

/**
 * The admin-token files an earlier start wrote (`admin-token`, `admin-token-<organization id>`)
 * are tightened like the secret: written 0600, but a copied or older data dir may hold them
 * open to others. With DATABASE_URL the data dir may not exist: nothing to do.
 */
function tightenAdminTokens(dataDir: string, warn: Warn): void {
  if (!existsSync(dataDir)) return;
  preparePrivateDir(dataDir, warn);
  for (const name of readdirSync(dataDir)) {
    if (name === ADMIN_TOKEN_FILE || name.startsWith(`${ADMIN_TOKEN_FILE}-`)) {
      preparePrivateFile(join(dataDir, name), warn);
    }
  }
}

/**
 * Migrations run on their own connection, without the statement timeout (one may rewrite a big
 * table), and wait up to a minute for another instance's run on SQLite.
 */
async function migrate(options: StoreOptions, log: Logger): Promise<void> {
  const store = openStore({
    ...options,
    limits: { ...options.limits, statementTimeoutMs: 0, sqliteBusyTimeoutMs: 60_000 },
  });
  try {
    const applied = await migrateToLatest(store.db, () =>
      log.info("waiting for another instance's migration of the database to end"),
    );
    for (const name of applied) log.info({ migration: name }, `applied migration ${name}`);
  } catch (error) {
    // A downgrade: the operator's to undo, said as a set-up error (exit 2), not a crash.
    if (error instanceof DatabaseNewerError) throw new ConfigError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

/**
 * A logger of this process's own, as the app's logs (http/logging.ts): for the primary of
 * --workers, and for what a start says before the app exists (migrations).
 */
export async function processLogger(config: ServerConfig): Promise<Logger> {
  const { stream, ...options } = (await loggerOptions({
    level: config.logLevel,
    pretty: process.stdout.isTTY === true,
  })) as LoggerOptions & { stream?: DestinationStream };
  return stream ? pino(options, stream) : pino(options);
}

/**
 * Closes on SIGTERM/SIGINT: in-flight requests finish, then the database closes. With HTTPS,
 * SIGHUP rereads the certificate and key (a renewed certificate) without dropping connections.
 */
export function closeOnSignals(server: RunningServer): void {
  const { reloadTls } = server;
  // Without TLS there is nothing to reload: SIGHUP (a closed terminal, nohup's) changes nothing.
  if (!reloadTls) process.on("SIGHUP", () => {});
  if (reloadTls) {
    process.on("SIGHUP", () => {
      try {
        reloadTls();
        server.app.log.info("SIGHUP received, reloaded the TLS certificate and key");
      } catch (error) {
        server.app.log.error(
          { reason: (error as Error).message },
          "SIGHUP received, but the TLS files could not be loaded; still serving the previous ones",
        );
      }
    });
  }
  const stop = (signal: NodeJS.Signals) => {
    server.app.log.info(`${signal} received, shutting down`);
    server.close().then(
      () => {
        server.app.log.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        server.app.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
