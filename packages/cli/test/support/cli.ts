import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { keywardCommand, keywardThroughTsx } from "../../../server/test/support/keyward-command.js";
import { main } from "../../src/main.js";

/** The repository's root directory. */
export const REPOSITORY = fileURLToPath(new URL("../../../../", import.meta.url));

/** Keygen's published license files (SPEC F6), kept as fixtures of @keyward/formats. */
export const VECTORS = fileURLToPath(
  new URL("../../../formats/test/fixtures/keygen", import.meta.url),
);

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the child's stdin; stdin is closed (empty) when omitted. */
  input?: string;
  cwd?: string;
  /** Node options for the child, before the CLI's own (e.g. `--import` of a loader hook). */
  execArgv?: string[];
  /**
   * For keyward(): run src/bin.ts through tsx, each module loaded as written, instead of this
   * run's bundle of it (a test of which modules a command loads).
   */
  modules?: boolean;
  /** For run(): stdout and stderr are terminals this many columns wide. */
  columns?: number;
  /** For keyward(): environment variables set (or, as "", cleared) in the child. */
  env?: Record<string, string>;
  /** For keyward(): a child still running after this long is killed (a hang fails the test). */
  timeoutMs?: number;
}

/**
 * Runs `keyward ...args` from source in a child process: the bundle of src/bin.ts that
 * scripts/run-tests.mjs made for this run, or src/bin.ts through tsx (support/keyward-command.ts).
 */
export function keyward(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const command = options.modules ? keywardThroughTsx() : keywardCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), ...command, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", KEYWARD_DEBUG: "", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            stderr += `[killed: still running after ${options.timeoutMs} ms]\n`;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {}); // the child may exit before reading stdin
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Runs `keyward ...args` in this process through main() with captured streams: the same code
 * as the child process, without its ~0.5 s start-up. Paths must be absolute.
 */
export async function run(
  args: string[],
  options: Pick<RunOptions, "input" | "columns"> = {},
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const terminal = options.columns === undefined ? {} : { isTTY: true, columns: options.columns };
  const capture = (append: (text: string) => void) => ({
    ...terminal,
    write(chunk: string | Uint8Array, callback?: () => void): boolean {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      callback?.();
      return true;
    },
  });
  const code = await main(["node", "keyward", ...args], {
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
    stdout: capture((text) => {
      stdout += text;
    }),
    stderr: capture((text) => {
      stderr += text;
    }),
  });
  return { code, stdout, stderr };
}

/** Asserts success (exit 0, nothing on stderr) and returns stdout. */
export function assertOk(result: RunResult, label = "command"): string {
  assert.equal(result.code, 0, `${label} failed: exit ${result.code}, stderr: ${result.stderr}`);
  assert.equal(result.stderr, "", `${label} wrote to stderr`);
  return result.stdout;
}

/**
 * Asserts a failure: the exit status is non-zero (and `exitCode` when given), nothing on stdout,
 * and stderr is exactly one line `keyward: error: … (CODE)` — no stack trace.
 */
export function assertFails(result: RunResult, code: string, exitCode?: number): void {
  assert.notEqual(result.code, 0, `expected a failure with ${code}, got exit 0: ${result.stdout}`);
  if (exitCode !== undefined)
    assert.equal(result.code, exitCode, `exit status for ${code}: ${result.stderr}`);
  assert.match(result.stderr, new RegExp(`^keyward: error: [^\\n]+ \\(${code}\\)\\n$`));
  assert.equal(result.stdout, "");
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "keyward-cli-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `text` with the character at `index` replaced by a different Base64 character. */
export function tamper(text: string, index: number): string {
  const replacement = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}
