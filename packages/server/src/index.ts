/** @keyward/server — the license server. */
export { BackupError, backupDatabase, restoreDatabase } from "./backup.js";
export { serve } from "./cluster.js";
export { ConfigError, loadConfig, type ServerConfig } from "./config.js";
export { buildApp } from "./http/app.js";
export { closeOnSignals, type RunningServer, startServer, VERSION } from "./server.js";
export { resolveServerSecret } from "./server-secret.js";
export { createServices, type Services } from "./services/index.js";
export { openStore, type Store } from "./store/database.js";
export { DatabaseNewerError, migrateToLatest } from "./store/migrate.js";
