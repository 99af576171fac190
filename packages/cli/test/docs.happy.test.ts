import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { REPOSITORY } from "./support/cli.js";
import {
  consoleCommands,
  type DocsEnvironment,
  docsEnvironment,
  documentationFiles,
  type RunnableBlock,
  runBlocks,
  runnableBlocks,
} from "./support/runnable-docs.js";

const files = await Promise.all(
  documentationFiles().map(async (file) => ({
    file,
    blocks: runnableBlocks(await readFile(join(REPOSITORY, file), "utf8"), file),
  })),
);

/** The tools the examples use besides keyward; .ci/run installs them. */
const missingTools = ["bash", "curl", "jq"].filter(
  (tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0,
);
const skip =
  missingTools.length > 0 && process.env.CI !== "true"
    ? `${missingTools.join(", ")} not installed (set CI=true to fail instead)`
    : false;
if (skip) console.warn(`SKIPPED: the runnable docs: ${skip}`);

describe("the runnable examples of the docs", { skip }, () => {
  test("README.md, docs/cli.md and docs/quickstart.md have runnable examples", () => {
    for (const name of ["README.md", "docs/cli.md", "docs/quickstart.md"]) {
      const found = files.find(({ file }) => file === name);
      assert.ok(found && found.blocks.length > 0, `${name} has no runnable block`);
    }
  });

  // One fresh server and directory per file: a file's examples build on each other, not on
  // another file's.
  for (const { file, blocks } of files.filter(({ blocks }) => blocks.length > 0)) {
    test(`${file}: ${blocks.length} runnable blocks`, async () => {
      // A file that starts the server itself (the quick-start) gets none of the runner's.
      const environment = await docsEnvironment({
        server: !blocks.some((block) => block.background),
      });
      try {
        await runBlocks(blocks, environment);
      } finally {
        await environment.close();
      }
    });
  }
});

describe("the runnable-docs runner", { skip }, () => {
  let environment: DocsEnvironment;
  before(async () => {
    environment = await docsEnvironment();
  });
  after(() => environment.close());

  const block = (kind: RunnableBlock["kind"], text: string): RunnableBlock => ({
    file: "example.md",
    line: 1,
    kind,
    background: false,
    text,
  });
  const failure = async (blocks: RunnableBlock[]) => {
    const error = await runBlocks(blocks, environment).then(
      () => assert.fail("the blocks passed"),
      (error: unknown) => error as Error,
    );
    return error.message;
  };

  test("finds blocks by their info string", () => {
    const markdown = [
      "```sh runnable",
      "echo one",
      "```",
      "```sh",
      "echo not runnable",
      "```",
      "```console runnable",
      "$ echo two",
      "two",
      "```",
      "```sh runnable background",
      "sleep 1000",
      "```",
    ].join("\n");
    const blocks = runnableBlocks(markdown, "x.md");
    assert.deepEqual(
      blocks.map((found) => found.background),
      [false, false, true],
    );
    assert.deepEqual(
      blocks.map(({ line, kind, text }) => ({ line, kind, text })),
      [
        { line: 1, kind: "sh", text: "echo one" },
        { line: 7, kind: "console", text: "$ echo two\ntwo" },
        { line: 11, kind: "sh", text: "sleep 1000" },
      ],
    );
  });

  test("splits a console block into commands: continuations, heredocs, comments", () => {
    const text = [
      "# a comment",
      "$ echo one \\",
      "    two",
      "one two",
      "$ cat > file <<'EOF'",
      "$ not a command",
      "EOF",
      "$ cat <<< here",
      "here",
      "",
    ].join("\n");
    assert.deepEqual(
      consoleCommands(block("console", text)).map(({ command, expected }) => ({
        command,
        expected,
      })),
      [
        { command: "echo one \\\n    two", expected: ["one two"] },
        { command: "cat > file <<'EOF'\n$ not a command\nEOF", expected: [] },
        { command: "cat <<< here", expected: ["here"] },
      ],
    );
  });

  test("a failing sh block fails the run with its text and output", async () => {
    const message = await failure([block("sh", "echo before\nfalse\necho after")]);
    assert.match(message, /example\.md:1: runnable block failed \(exit 1\)/);
    assert.match(message, /--- output ---\nbefore\n$/);
  });

  test("console output is compared, with … as a wildcard", async () => {
    await runBlocks(
      [block("console", "$ printf 'a\\nb 42 c\\nd\\ne\\n'\na\nb … c\n…\n$ echo $((6 * 7))\n42")],
      environment,
    );
    const message = await failure([block("console", "$ echo 41\n42")]);
    assert.match(
      message,
      /unexpected output[\s\S]*--- expected ---\n42\n--- actual \(exit 0\) ---\n41/,
    );
  });

  test("a console command must fail exactly when the doc shows an error", async () => {
    await runBlocks(
      [
        block(
          "console",
          "$ sh -c 'echo \"keyward: error: no (X)\"; exit 3'\nkeyward: error: no (X)\n$ echo $?\n3",
        ),
      ],
      environment,
    );
    const unexpectedSuccess = await failure([
      block("console", "$ echo 'keyward: error: no (X)'\nkeyward: error: no (X)"),
    ]);
    assert.match(unexpectedSuccess, /expected a failure/);
    const unexpectedFailure = await failure([
      block("console", "$ sh -c 'echo fine; exit 1'\nfine"),
    ]);
    assert.match(unexpectedFailure, /expected success/);
  });

  test("a background block runs while the next blocks do, and is stopped at the end", async () => {
    await runBlocks(
      [
        {
          ...block(
            "sh",
            "trap 'echo stopped > background.txt; exit 0' TERM\necho running > background.txt\nwhile true; do sleep 0.1; done",
          ),
          background: true,
        },
        block("console", "$ echo next\nnext"),
      ],
      environment,
    );
    // The runner waited for it to stop before it returned.
    assert.equal(await readFile(join(environment.dir, "background.txt"), "utf8"), "stopped\n");
  });

  test("blocks share the shell, the directory, the server and keyward", async () => {
    await runBlocks(
      [
        block(
          "sh",
          'NAME=shared\necho "$NAME" > file.txt\ncurl -fsS http://localhost:8080/v1/health > health.json',
        ),
        block(
          "console",
          "$ cat file.txt\nshared\n$ echo $NAME\nshared\n$ grep -c ok health.json\n1\n$ npx keyward --version\n….….…\n$ keyward --version\n….….…",
        ),
      ],
      environment,
    );
  });
});
