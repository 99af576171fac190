// Real `keyward serve` processes (from source, the way the README starts the server) for tests
// that must cross a process boundary: the process test, and limits across several servers.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { createServer } from "node:net";
import { after } from "node:test";
import { keywardCommand } from "./keyward-command.js";

// A start from source on a loaded 2-core CI machine took up to 20 s through tsx.
export const START_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 5_000;

/**
 * A port nobody listens on right now, for a server process to listen on a moment later. Taken
 * at random below Linux's ephemeral range (32768+), where no `listen(0)` of another test file
 * running at the same time can take it in between; only another freePort() picking the same
 * one of ~12,000 ports at the same moment could (a failed start, never a wrong server).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + randomInt(12_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
  throw new Error("no free port between 20000 and 32000");
}

/** The environment without anything that configures the server or the test runner. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    "PORT",
    "HOST",
    "KEYWARD_DATA_DIR",
    "DATABASE_URL",
    "KEYWARD_SECRET",
    "KEYWARD_ADMIN_TOKEN",
    "LOG_LEVEL",
    "KEYWARD_BODY_LIMIT",
    "KEYWARD_REQUEST_TIMEOUT_MS",
    "KEYWARD_HEADERS_TIMEOUT_MS",
    "KEYWARD_DATABASE_POOL_SIZE",
    "KEYWARD_DATABASE_CONNECT_TIMEOUT_MS",
    "KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS",
    "KEYWARD_DATABASE_IDLE_TIMEOUT_MS",
    "KEYWARD_SQLITE_BUSY_TIMEOUT_MS",
    "KEYWARD_TRUST_PROXY",
    "KEYWARD_TLS_CERT",
    "KEYWARD_TLS_KEY",
    "KEYWARD_BACKUP_DIR",
    "KEYWARD_BACKUP_INTERVAL",
    "KEYWARD_BACKUP_KEEP",
    "KEYWARD_DASHBOARD",
    "KEYWARD_METRICS_TOKEN",
    "KEYWARD_METRICS_PORT",
    "KEYWARD_RATE_LIMITS",
    "KEYWARD_RATE_LIMIT_WINDOW_SECONDS",
    "KEYWARD_RATE_LIMIT_ADDRESS",
    "KEYWARD_RATE_LIMIT_KEY",
    "KEYWARD_RATE_LIMIT_TOKEN",
    "KEYWARD_WORKERS",
    "KEYWARD_WEBHOOKS_ALLOW_PRIVATE",
    "KEYWARD_WEBHOOK_TIMEOUT_MS",
    "KEYWARD_WEBHOOK_POLL_MS",
    "KEYWARD_WEBHOOK_RETRY_DAYS",
    "KEYWARD_WEBHOOK_DISABLE_AFTER_DAYS",
    "KEYWARD_EVENT_RETENTION_DAYS",
    "KEYWARD_WEBHOOK_DELIVERY_RETENTION_DAYS",
    "NODE_TEST_CONTEXT",
  ]) {
    delete env[name];
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A JSON log line of a server process (stdout is not a terminal: one JSON object a line). */
export interface LogLine {
  pid: number;
  level: number;
  msg: string;
  url?: string;
  worker?: number;
  workerPid?: number;
}

export class ServerProcess {
  stdout = "";
  stderr = "";
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;

  constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get output(): string {
    return this.stdout + this.stderr;
  }

  /** The JSON lines logged so far. */
  logLines(): LogLine[] {
    return this.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as LogLine);
  }

  /**
   * Waits until a log line passes `match` (failing if the process exits first or the start
   * timeout passes); while waiting, `meanwhile` runs (and may fail the test).
   */
  async logged(
    match: (line: LogLine) => boolean,
    meanwhile: () => Promise<void> = async () => {},
  ): Promise<LogLine> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const line = this.logLines().find(match);
      if (line) return line;
      assert.equal(this.child.exitCode, null, `the server exited:\n${this.output}`);
      await meanwhile();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`no such log line within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  /** Polls /v1/health until it answers 200; fails early if the process dies. */
  async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exit) {
        assert.fail(
          `the server exited (${JSON.stringify(this.exit)}) before answering:\n${this.output}`,
        );
      }
      try {
        const response = await fetch(`${this.url}/v1/health`, {
          signal: AbortSignal.timeout(1000),
        });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`no healthy answer within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  /** SIGTERM, then the exit; SIGKILL if it does not come in time (and the test fails). */
  async stop(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (!this.exit) this.child.kill("SIGKILL");
  }
}

/** All server processes a suite started, killed after it whatever happened. */
const running: ServerProcess[] = [];
after(() => {
  for (const server of running) server.kill();
});

export async function serve(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; port?: number | string },
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [...keywardCommand(), "serve", "--port", String(port), "--host", "127.0.0.1", ...args],
    { cwd: options.cwd, env: cleanEnv(options.env), stdio: ["ignore", "pipe", "pipe"] },
  );
  const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
  running.push(server);
  return server;
}
