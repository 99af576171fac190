// Runs the shell examples of the Markdown docs (README.md, docs/*.md) that are marked runnable,
// against a fresh server, in a fresh directory, with the built `keyward` on PATH, so that the docs
// cannot drift from the code. The convention (documented in the README's Development section):
//
// - A fenced block whose info string is `sh runnable` is a bash script. It must succeed.
// - A block whose info string is `console runnable` is a terminal session: `$ ` starts a command
//   (continued by lines after a trailing `\` and by the body of a heredoc), `# ` lines are
//   comments, and every other line is the output the command must print (stdout and stderr as a
//   terminal shows them). In the expected output `…` matches any text within a line, and a line
//   that is only `…` matches any number of lines. A command whose expected output has an
//   `<program>: error: …` line must fail (exit status ≠ 0); every other command must succeed.
// - The blocks of one file run in order in one bash process (`set -o pipefail`), so files, shell
//   variables and the working directory carry over from one block to the next.
// - The server is at a free port: `http://localhost:8080` in a block means that server, and
//   KEYWARD_URL names it. Its data directory is `./data`, so `$(cat data/admin-token)` works.
// - A block whose info string is `sh runnable background` starts the server itself, as a reader
//   does (`npx keyward serve`): it runs in the background with PORT set to the free port, the
//   next block starts once the server is ready (GET /v1/ready, within a minute), and it is
//   stopped (SIGTERM to its process group) when the file's blocks end. A file with such a block
//   gets no server of the runner's.
// - `examples/` is the repository's, and `keyward login` saves its profile in ./.config.
// - `keyward` and `npx keyward` run packages/cli/bin/keyward.js, the built CLI (built here when
//   its sources are newer than its build); npm runs offline, so nothing is downloaded.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, startServer } from "@keyward/server";
import { REPOSITORY } from "./cli.js";

const CLI_PACKAGE = join(REPOSITORY, "packages/cli");
/** The packages the built CLI loads; their builds must be at least as new as their sources. */
const CLI_BUILD_INPUTS = ["formats", "server", "client", "sdk", "cli"];
/** A file's blocks must finish within this (they run ~30 commands at ~0.2 s each). */
const FILE_TIMEOUT_MS = 180_000;

export interface RunnableBlock {
  /** Path of the Markdown file, relative to the repository. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  kind: "sh" | "console";
  /** `sh runnable background`: a server the next blocks talk to (see above). */
  background: boolean;
  text: string;
}

/** The blocks of `markdown` marked runnable (info string `sh runnable` or `console runnable`). */
export function runnableBlocks(markdown: string, file: string): RunnableBlock[] {
  const blocks: RunnableBlock[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\S*)(.*)$/.exec(lines[index]!);
    if (fence === null) continue;
    const end = lines.findIndex((line, at) => at > index && /^```\s*$/.test(line));
    assert.ok(end > index, `${file}:${index + 1}: unclosed code block`);
    const words = fence[2]!.trim().split(/\s+/);
    if (words.includes("runnable")) {
      assert.ok(
        fence[1] === "sh" || fence[1] === "console",
        `${file}:${index + 1}: only sh and console blocks can be runnable, not '${fence[1]}'`,
      );
      const background = words.includes("background");
      assert.ok(
        !background || fence[1] === "sh",
        `${file}:${index + 1}: only sh blocks can run in the background`,
      );
      blocks.push({
        file,
        line: index + 1,
        kind: fence[1],
        background,
        text: lines.slice(index + 1, end).join("\n"),
      });
    }
    index = end;
  }
  return blocks;
}

/** The Markdown files whose examples are checked: README.md and docs/*.md. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(REPOSITORY, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs];
}

interface ConsoleCommand {
  line: number;
  command: string;
  expected: string[];
}

/** Splits a console block into commands and the output each must print. */
export function consoleCommands(block: RunnableBlock): ConsoleCommand[] {
  const commands: ConsoleCommand[] = [];
  const lines = block.text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const line1 = block.line + 1 + index;
    if (line.startsWith("$ ")) {
      const command = [line.slice(2)];
      // Continuation lines, then the body of a heredoc (`<<'EOF'` … `EOF`).
      while (command.at(-1)!.endsWith("\\") && index + 1 < lines.length) {
        command.push(lines[++index]!);
      }
      const heredoc = /(?<!<)<<-?(?!<)\s*'?"?(\w+)'?"?/.exec(command.join("\n"));
      if (heredoc !== null) {
        while (index + 1 < lines.length && lines[index]!.trim() !== heredoc[1]) {
          command.push(lines[++index]!);
        }
      }
      commands.push({ line: line1, command: command.join("\n"), expected: [] });
    } else if (!line.startsWith("# ") && line !== "#") {
      const current = commands.at(-1);
      assert.ok(current, `${block.file}:${line1}: output before any command: ${line}`);
      current.expected.push(line);
    }
  }
  // Blank lines after a command's output separate the session's steps; they are not output.
  for (const command of commands) {
    while (command.expected.at(-1) === "") command.expected.pop();
  }
  return commands;
}

/** Whether `actual` lines match `expected` lines, where `…` is a wildcard (see above). */
export function outputMatches(expected: string[], actual: string[]): boolean {
  const lineMatches = (pattern: string, line: string) => {
    const parts = pattern.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${parts.join(".*")}$`).test(line);
  };
  const match = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e] === "…") {
      for (let skip = a; skip <= actual.length; skip++) if (match(e + 1, skip)) return true;
      return false;
    }
    return a < actual.length && lineMatches(expected[e]!, actual[a]!) && match(e + 1, a + 1);
  };
  return match(0, 0);
}

/** Output as lines, without trailing spaces and trailing blank lines (as a reader sees it). */
function outputLines(text: string): string[] {
  const lines = text.split("\n").map((line) => line.trimEnd());
  while (lines.at(-1) === "") lines.pop();
  return lines;
}

export interface DocsEnvironment {
  /** The working directory the blocks run in (holds `data/`, the server's data directory). */
  dir: string;
  /** The server's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * A fresh directory with `keyward` installed the way a project installs it
 * (`node_modules/keyward`, `node_modules/.bin/keyward`, on PATH), the repository's `examples/`,
 * and a fresh server on a free port whose data directory is `./data` — or, with
 * `server: false`, only the free port, for a block that starts the server (PORT names it).
 */
export async function docsEnvironment(
  options: { server?: boolean } = {},
): Promise<DocsEnvironment> {
  ensureCliBuilt();
  const dir = await mkdtemp(join(tmpdir(), "keyward-docs-"));
  const bin = join(dir, "node_modules/.bin");
  await mkdir(bin, { recursive: true });
  await symlink(CLI_PACKAGE, join(dir, "node_modules/keyward"), "dir");
  await symlink("../keyward/bin/keyward.js", join(bin, "keyward"));
  await symlink(join(REPOSITORY, "examples"), join(dir, "examples"), "dir");
  const server =
    options.server === false
      ? null
      : await startServer(
          loadConfig(
            { host: "127.0.0.1", port: 0, dataDir: join(dir, "data"), logLevel: "silent" },
            {},
          ),
        );
  const port = server === null ? await freePort() : Number(new URL(server.url).port);
  const url = server?.url ?? `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: process.env.HOME ?? dir,
    // `keyward login` writes here, not in the user's own config.
    XDG_CONFIG_HOME: join(dir, ".config"),
    LANG: "C.UTF-8",
    TZ: "UTC",
    NO_COLOR: "1",
    PORT: String(port),
    KEYWARD_URL: url,
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
  };
  return {
    dir,
    url,
    env,
    close: async () => {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on now (the kernel's pick; a race with other programs is unlikely). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs `blocks` (of one file, in order) in `environment`. Fails with the block, the command and
 * its output when a block fails or a command prints something else than the doc shows.
 */
export async function runBlocks(blocks: RunnableBlock[], environment: DocsEnvironment) {
  const state = await mkdtemp(join(tmpdir(), "keyward-docs-state-"));
  try {
    // Background blocks run with job control, in their own process group, killed at the end.
    const script = [
      "set -o pipefail",
      "__rc=0",
      "__background=()",
      `trap 'for p in "\${__background[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done; wait' EXIT`,
    ];
    const steps: { block: RunnableBlock; command?: ConsoleCommand; id: string }[] = [];
    const local = (text: string) => text.replaceAll("http://localhost:8080", environment.url);
    for (const [b, block] of blocks.entries()) {
      if (block.background) {
        const id = `${b}`;
        steps.push({ block, id });
        script.push(
          `echo ${id} > "${state}/step"`,
          "set -m",
          "{",
          local(block.text),
          `} > "${state}/${id}.out" 2>&1 &`,
          "__started=$!",
          '__background+=("$__started")',
          "set +m",
          // Ready within a minute (the first start creates the database), or the block failed.
          "for __try in $(seq 600); do",
          '  curl -fsS -o /dev/null "$KEYWARD_URL/v1/ready" 2>/dev/null && break',
          '  kill -0 "$__started" 2>/dev/null || break',
          "  sleep 0.1",
          "done",
          'curl -fsS -o /dev/null "$KEYWARD_URL/v1/ready" 2>/dev/null || exit 97',
        );
      } else if (block.kind === "sh") {
        const id = `${b}`;
        steps.push({ block, id });
        script.push(
          `echo ${id} > "${state}/step"`,
          "set -e",
          "{",
          local(block.text),
          `} > "${state}/${id}.out" 2>&1`,
          "set +e",
        );
      } else {
        for (const [c, command] of consoleCommands(block).entries()) {
          const id = `${b}.${c}`;
          steps.push({ block, command, id });
          script.push(
            `echo ${id} > "${state}/step"`,
            // $? is the previous command's status, for a doc's `echo $?`.
            '(exit "$__rc")',
            "{",
            local(command.command),
            `} > "${state}/${id}.out" 2>&1`,
            `__rc=$?; echo "$__rc" > "${state}/${id}.rc"`,
          );
        }
      }
    }
    script.push(`echo done > "${state}/step"`);
    await writeFile(join(state, "script.sh"), `${script.join("\n")}\n`);
    const exit = await runBash(join(state, "script.sh"), environment);
    const read = async (name: string) => {
      const path = join(state, name);
      return existsSync(path) ? readFile(path, "utf8") : "";
    };
    const reached = (await read("step")).trim();
    for (const step of steps) {
      const where = `${step.block.file}:${step.command?.line ?? step.block.line}`;
      const output = await read(`${step.id}.out`);
      if (step.command === undefined) {
        if (reached === step.id) {
          assert.fail(
            `${where}: runnable block failed (${exit})\n--- block ---\n${step.block.text}\n` +
              `--- output ---\n${output}`,
          );
        }
        continue;
      }
      const status = Number((await read(`${step.id}.rc`)).trim());
      const { command, expected } = step.command;
      const actual = outputLines(output);
      const mustFail = expected.some((line) => /^\S+: error: /.test(line));
      const report =
        `\n--- command ---\n$ ${command}\n--- expected ---\n${expected.join("\n")}\n` +
        `--- actual (exit ${status}) ---\n${actual.join("\n")}`;
      assert.ok(reached !== step.id, `${where}: the session stopped here (${exit})${report}`);
      assert.ok(
        mustFail ? status !== 0 : status === 0,
        `${where}: expected ${mustFail ? "a failure" : "success"}${report}`,
      );
      assert.ok(outputMatches(expected, actual), `${where}: unexpected output${report}`);
    }
    assert.equal(reached, "done", `the session stopped in step ${reached} (${exit})`);
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}

function runBash(script: string, environment: DocsEnvironment): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", script], {
      cwd: environment.dir,
      env: environment.env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), FILE_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const how = signal === null ? `exit ${code}` : `killed by ${signal} after a timeout`;
      resolve(stderr === "" ? how : `${how}; bash: ${stderr.trim()}`);
    });
  });
}

/** Newest modification time under `dir` (0 when missing). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).reduce((latest, name) => {
    const stats = statSync(join(dir, name));
    return stats.isFile() ? Math.max(latest, stats.mtimeMs) : latest;
  }, 0);
}

/**
 * Builds formats, server and cli when a source is newer than its build (tsc rewrites every
 * output, so dist/index.js dates the last build). Test files run in parallel and two builds must
 * not write dist/ at once: call it from one test file (docs.happy.test.ts).
 */
export function ensureCliBuilt(): void {
  const stale = CLI_BUILD_INPUTS.filter((name) => {
    const pkg = join(REPOSITORY, "packages", name);
    const built = join(pkg, "dist/index.js");
    const sources = Math.max(newest(join(pkg, "src")), statSync(join(pkg, "package.json")).mtimeMs);
    return !existsSync(built) || statSync(built).mtimeMs < sources;
  });
  if (stale.length === 0) return;
  const workspaces = stale.flatMap((name) => ["-w", `packages/${name}`]);
  const result = spawnSync("npm", ["run", "build", ...workspaces], {
    cwd: REPOSITORY,
    encoding: "utf8",
  });
  assert.equal(
    result.status,
    0,
    `npm run build ${workspaces.join(" ")} failed:\n${result.stdout}${result.stderr}`,
  );
}
