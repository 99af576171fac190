import { CliError, usageError } from "../errors.js";

// Start-up failures that are the machine's set-up, not a bug in keyward: a port another process
// listens on, a database that does not answer. They get a message that says what failed and
// what to do, and the exit status of a usage error (2) or of a server that does not answer
// (21), instead of "internal error" (docs/cli.md, Errors).

/** What the failing command was started with: enough to name the port and the database. */
export interface Setup {
  databaseUrl: string | null;
  port?: number;
  metricsPort?: number | null;
}

/** Errors of the network, not of the database's answer: nothing (or nothing sane) answered. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
]);

/**
 * The error a command should report for `error`, thrown while the server (or an operator
 * command) started with `setup`: a CliError for a busy port or an unavailable database, else
 * the error itself. Either way no message carries the password of the database URL.
 */
export function setupFailure(error: unknown, setup: Setup): unknown {
  const failure = listenFailure(error, setup) ?? databaseFailure(error, setup);
  if (failure !== undefined) return redact(failure, setup.databaseUrl);
  return redact(error, setup.databaseUrl);
}

function listenFailure(error: unknown, setup: Setup): CliError | undefined {
  const { code, syscall, address, port } = (error ?? {}) as NodeJS.ErrnoException & {
    address?: string;
    port?: number;
  };
  if (syscall !== "listen" && syscall !== "bind") return undefined;
  // Node leaves the port out of the error when it is 0 (any port).
  const where =
    port === undefined ? (address ?? "the address") : hostPort(address ?? "0.0.0.0", port);
  const isMetrics =
    port !== undefined && port === setup.metricsPort && port !== setup.port && port !== 0;
  const choosePort = isMetrics
    ? "choose another port with KEYWARD_METRICS_PORT"
    : "choose another port with --port (or PORT)";
  switch (code) {
    case "EADDRINUSE":
      return usageError(
        `cannot listen on ${where}: another process already uses port ${port} ` +
          `(another keyward serve?); stop it, or ${choosePort}`,
      );
    case "EACCES":
      return usageError(
        `cannot listen on ${where}: permission denied (ports below 1024 need privileges); ` +
          choosePort.replace("another port", "a port from 1024 up"),
      );
    case "EADDRNOTAVAIL":
      return usageError(
        `cannot listen on ${where}: this machine has no such address; ` +
          "choose another with --host (or HOST; 0.0.0.0: every address)",
      );
    default:
      return undefined;
  }
}

function databaseFailure(error: unknown, setup: Setup): CliError | undefined {
  // @keyward/server's DatabaseUnavailableError (not exported): the driver's error is its cause.
  if ((error as { code?: unknown } | null)?.code !== "DATABASE_UNAVAILABLE") return undefined;
  const cause = (error as { cause?: unknown }).cause;
  const causeCode = String((cause as { code?: unknown } | null)?.code ?? "");
  const reason = cause instanceof Error ? cause.message : String(cause ?? "no answer");
  const where = setup.databaseUrl === null ? "" : ` at ${databaseAddress(setup.databaseUrl)}`;
  const named = "DATABASE_URL (or --database-url)";
  // SQLSTATE class 28 (invalid authorization) and 3D000 (no such database): it answered, no.
  if (causeCode.startsWith("28") || causeCode === "3D000") {
    return usageError(
      `the database${where} refused the connection (${reason}); ` +
        `check the user, password and database name in ${named}`,
    );
  }
  const unreachable = UNREACHABLE.has(causeCode) || /timeout|terminated/i.test(reason);
  return new CliError(
    "NETWORK_ERROR",
    `the database${where} is ${unreachable ? "not reachable" : "unavailable"} (${reason}); ` +
      `check that PostgreSQL runs there and that ${named} names it`,
  );
}

/** `host:port` of a postgres:// URL (5432 by default), without its user or password. */
export function databaseAddress(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = decodeURIComponent(url.hostname) || url.searchParams.get("host") || "localhost";
    return hostPort(host, url.port === "" ? 5432 : Number(url.port));
  } catch {
    return "DATABASE_URL";
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * `error` with the database URL's password replaced by `***` in its message and its stack (the
 * stack is written when the error is made, with the message of then; KEYWARD_DEBUG prints it),
 * and so in every error of its cause chain (and of an AggregateError's errors).
 */
function redact<T>(error: T, databaseUrl: string | null): T {
  if (!(error instanceof Error) || databaseUrl === null) return error;
  let password = "";
  try {
    password = new URL(databaseUrl).password;
  } catch {
    // An unparsable URL: its text between "user:" and "@", as a connection string has it.
    password = /^[a-z]+:\/\/[^:/@]*:([^@]*)@/i.exec(databaseUrl)?.[1] ?? "";
  }
  if (password === "") return error;
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {}
  const secrets = [...new Set([password, decoded])];
  const hide = (text: string) =>
    secrets.reduce((hidden, secret) => hidden.split(secret).join("***"), text);
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (!(value instanceof Error) || seen.has(value)) return;
    seen.add(value);
    value.message = hide(value.message);
    const { stack } = value;
    if (typeof stack === "string") value.stack = hide(stack);
    if (typeof value.cause === "string") value.cause = hide(value.cause);
    else walk(value.cause);
    if (value instanceof AggregateError && Array.isArray(value.errors)) {
      for (const inner of value.errors) walk(inner);
    }
  };
  walk(error);
  return error;
}
