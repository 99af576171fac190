import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig } from "@keyward/server";
import { adminOperations, fieldFlag } from "../src/admin/commands.js";
import { RESOURCES } from "../src/admin/resources.js";
import { assertFails, keyward, REPOSITORY, run, tempDir } from "./support/cli.js";

const COMMANDS = [
  ["keys", "generate"],
  ["keys", "public"],
  ["key", "sign"],
  ["key", "verify"],
  ["file", "create"],
  ["file", "verify"],
  ["file", "inspect"],
  ["proof", "create"],
  ["proof", "verify"],
];

/** Every help page: the program's, each group's and each command's. */
const HELP_PAGES = [
  [],
  ["serve"],
  ...[...new Set(COMMANDS.map(([group]) => group!))].map((group) => [group]),
  ...COMMANDS,
  ["orgs"],
  ["orgs", "create"],
  ["orgs", "list"],
  ["offline"],
  ["offline", "request"],
  ["offline", "activate"],
  ["offline", "verify"],
];

/**
 * The prose of a help page: its lines outside the option/command/argument tables and outside
 * example blocks (a `$ ` line up to the next blank line), which are laid out as written.
 */
function proseLines(help: string): string[] {
  const prose: string[] = [];
  let skipping = false;
  for (const line of help.split("\n")) {
    if (line === "") skipping = false;
    else if (/^(Options|Commands|Arguments):$/.test(line) || line.trimStart().startsWith("$ ")) {
      skipping = true;
    } else if (!skipping && !line.startsWith("Usage:")) prose.push(line);
    if (line === "") prose.push("");
  }
  return prose;
}

describe("keyward command line", () => {
  test("--help and --version of the real executable", async () => {
    const [help, version, subHelp] = await Promise.all([
      keyward(["--help"]),
      keyward(["--version"]),
      keyward(["file", "verify", "--help"]),
    ]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: keyward \[options\] \[command\]/);
    for (const group of ["keys", "key", "file", "proof"]) {
      assert.match(help.stdout, new RegExp(`\\n  ${group} `));
    }
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    assert.equal(subHelp.code, 0);
    assert.match(subHelp.stdout, /^Usage: keyward file verify \[options\] \[file\]/);
    assert.match(subHelp.stdout, /--allow-expired/);
  });

  test("every command and group prints its usage with --help and exits 0", async () => {
    const groups = [...new Set(COMMANDS.map(([group]) => group!))];
    for (const args of [...groups.map((group) => [group]), ...COMMANDS]) {
      const result = await run([...args, "--help"]);
      assert.equal(result.code, 0, args.join(" "));
      assert.equal(result.stderr, "");
      assert.match(result.stdout, new RegExp(`^Usage: keyward ${args.join(" ")} `), args.join(" "));
      // `keyward help keys`, `keyward keys help generate`
      const help = await run([...args.slice(0, -1), "help", args.at(-1)!]);
      assert.equal(help.code, 0, `help ${args.join(" ")}`);
      assert.equal(help.stdout, result.stdout);
    }
  });

  test("every admin group and each of its commands builds and prints its help", async () => {
    // A group's commands are built when it runs: an option that clashes with another (a field
    // whose flag is --url, say) fails every command of the group, --help too.
    for (const resource of RESOURCES) {
      const group = await run([resource.name, "--help"]);
      assert.equal(group.code, 0, `${resource.name} --help: ${group.stderr}`);
      assert.equal(group.stderr, "");
      assert.match(group.stdout, new RegExp(`^Usage: keyward ${resource.name} `));
      assert.equal((await run(["help", resource.name])).stdout, group.stdout);
    }
    const operations = adminOperations();
    assert.ok(operations.length > 70, `only ${operations.length} admin operations`);
    for (const operation of operations) {
      const args = [operation.resource.name, operation.name];
      const result = await run([...args, "--help"]);
      const label = args.join(" ");
      assert.equal(result.code, 0, `${label} --help: ${result.stderr}`);
      assert.equal(result.stderr, "", label);
      assert.match(result.stdout, new RegExp(`^Usage: keyward ${label}[ |]`), label);
      const filters = operation.name === "list" ? operation.resource.filters : {};
      for (const field of Object.keys({ ...filters, ...operation.query, ...operation.body })) {
        const flag = `--${fieldFlag(operation.resource, field)}`;
        assert.match(result.stdout, new RegExp(`^ {2}${flag}[ ,]`, "m"), `${label}: ${flag}`);
      }
    }
  });

  test("docs/cli.md's table of admin resources has a row for every group", async () => {
    const docs = await readFile(join(REPOSITORY, "docs/cli.md"), "utf8");
    const rows = docs.split("\n").filter((line) => /^\| `[a-z-]+` +\|/.test(line));
    const documented = rows.map((line) => /^\| `([a-z-]+)`/.exec(line)![1]!);
    const groups = RESOURCES.map((resource) => resource.name);
    assert.deepEqual(
      groups.filter((name) => !documented.includes(name)),
      [],
      "groups without a row in docs/cli.md",
    );
    // The webhook endpoint's URL flag, as the command has it.
    const webhooks = rows.find((line) => line.startsWith("| `webhook-endpoints`"))!;
    assert.match(webhooks, /`--endpoint-url URL`/);
  });

  test("usage errors: one line, exit 2", async () => {
    const [unknownCommand, unknownOption, missingOption, extra] = await Promise.all([
      keyward(["keyz"]),
      run(["keys", "generate", "--colour"]),
      run(["file", "verify", "--public-key", "x"]),
      run(["keys", "public", "--private-key", "k", "extra"]),
    ]);
    assertFails(unknownCommand, "USAGE", 2);
    assert.match(unknownCommand.stderr, /unknown command 'keyz'.*Did you mean/);
    assertFails(unknownOption, "USAGE", 2);
    assertFails(missingOption, "USAGE", 2);
    assert.match(missingOption.stderr, /--algorithm/);
    assertFails(extra, "USAGE", 2);
  });

  test("a group without a subcommand prints its help on stderr and exits 2", async () => {
    const result = await run(["key"]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^Usage: keyward key \[options\] \[command\]/);
  });

  test("two inputs cannot both come from stdin", async () => {
    const result = await run(
      ["key", "sign", "--scheme", "ED25519_SIGN", "--private-key", "-", "--dataset", "-"],
      { input: "x" },
    );
    assertFails(result, "USAGE", 2);
    assert.match(result.stderr, /only one input can come from stdin/);
  });

  test("help is laid out for the terminal: within its width, no line broken early", async () => {
    for (const columns of [80, 64]) {
      for (const args of HELP_PAGES) {
        const label = `keyward ${args.join(" ")} --help at ${columns} columns`;
        const result = await run([...args, "--help"], { columns });
        assert.equal(result.code, 0, label);
        const lines = result.stdout.trimEnd().split("\n");
        if (columns === 80) {
          // Example commands are wrapped by hand to fit 80 columns too.
          const wide = lines.filter((line) => line.length > columns);
          assert.deepEqual(wide, [], label);
        }
        const prose = proseLines(result.stdout);
        for (const [index, line] of prose.entries()) {
          assert.ok(line.length <= columns, `${label}: too wide: ${line}`);
          // Within a paragraph (same indentation), the next line's first word did not fit here:
          // a one-word line in mid-sentence means a hand-made line break was kept.
          const next = prose[index + 1];
          if (line === "" || next === undefined || next === "") continue;
          const indent = (text: string) => text.length - text.trimStart().length;
          if (indent(next) !== indent(line) || next.trimStart().startsWith("- ")) continue;
          const firstWord = next.trimStart().split(" ")[0]!;
          assert.ok(
            line.length + 1 + firstWord.length > columns,
            `${label}: "${firstWord}" would fit after "${line}"`,
          );
        }
      }
    }
  });

  test("serve --help names every setting the server's config reads, and no other", async () => {
    // The names loadConfig reads, from an environment that records every lookup (nothing set:
    // every setting takes its default, so none is skipped by an earlier one's failure).
    const read = new Set<string>();
    const recording = new Proxy({} as Record<string, string | undefined>, {
      get(_target, name) {
        if (typeof name === "string") read.add(name);
        return undefined;
      },
    });
    loadConfig({}, recording);
    assert.ok(read.size > 40, `loadConfig read only ${[...read].join(", ")}`);
    const settings = [...read];
    const NAME = /\b(?:PORT|HOST|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g;
    const help = await run(["serve", "--help"]);
    assert.equal(help.code, 0, help.stderr);
    const described = help.stdout.slice(0, help.stdout.indexOf("\nOptions:"));
    /** What one list lacks and has beyond the settings, so that a failure names them. */
    const compare = (names: string[]) => ({
      missing: settings.filter((name) => !names.includes(name)),
      unknown: [...new Set(names)].filter((name) => !settings.includes(name)),
    });
    assert.deepEqual(compare(described.match(NAME) ?? []), { missing: [], unknown: [] });
    // docs/server.md's configuration table, first column: the same names.
    const docs = await readFile(join(REPOSITORY, "docs/server.md"), "utf8");
    const section = docs.slice(docs.indexOf("## Configuration"), docs.indexOf("\n## First start"));
    const documented = section
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .flatMap((line) => line.split("|")[1]!.match(NAME) ?? []);
    assert.deepEqual(compare(documented), { missing: [], unknown: [] }, "docs/server.md");
  });

  test("a pipe gets help 80 columns wide, a wide terminal too", async () => {
    const piped = await keyward(["serve", "--help"]);
    const wide = await run(["serve", "--help"], { columns: 200 });
    assert.equal(piped.code, 0);
    assert.equal(wide.stdout, piped.stdout);
    assert.ok(Math.max(...piped.stdout.split("\n").map((line) => line.length)) <= 80);
    assert.match(piped.stdout, /^Start the Keyward license server\. Flags override/m);
  });

  test("offline commands start without loading the server or the client package", async () => {
    // A resolve hook in the child that fails any import of @keyward/server or @keyward/client:
    // in-thread (module.registerHooks) where Node.js has it, which deprecates module.register.
    const resolve =
      "(specifier, context, next) => {" +
      ' if (specifier === "@keyward/server" || specifier === "@keyward/client")' +
      '  throw new Error(specifier + " was imported");' +
      " return next(specifier, context); }";
    const register =
      'import * as module from "node:module";' +
      `if (module.registerHooks) module.registerHooks({ resolve: ${resolve} });` +
      ` else module.register(${JSON.stringify(
        `data:text/javascript,${encodeURIComponent(`export const resolve = ${resolve};`)}`,
      )});`;
    // The sources through tsx, not the run's bundle: the hook sees the packages' specifiers.
    const options = {
      execArgv: ["--import", `data:text/javascript,${encodeURIComponent(register)}`],
      modules: true,
    };
    const { dir, cleanup } = await tempDir();
    try {
      const [help, serveHelp, adminHelp, generate, orgs, admin] = await Promise.all([
        keyward(["--help"], options),
        keyward(["serve", "--help"], options),
        keyward(["licenses", "suspend", "--help"], options),
        keyward(["keys", "generate", "--format", "hex"], options),
        // The controls: commands that need the server or the client do load it, and the hook
        // sees that.
        keyward(["orgs", "list", "--data-dir", dir], options),
        keyward(["products", "list", "--url", "http://127.0.0.1:9", "--token", "t"], options),
      ]);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /^ {2}licenses +admin: /m);
      assert.equal(serveHelp.code, 0, serveHelp.stderr);
      assert.equal(adminHelp.code, 0, adminHelp.stderr);
      assert.match(adminHelp.stdout, /^Usage: keyward licenses suspend \[options\] <id>/);
      assertFails(admin, "INTERNAL", 1);
      assert.match(admin.stderr, /@keyward\/client was imported/);
      assert.equal(generate.code, 0, generate.stderr);
      assert.match(generate.stdout, /^private: [0-9a-f]{64}\npublic: [0-9a-f]{64}\n$/);
      assertFails(orgs, "INTERNAL", 1);
      assert.match(orgs.stderr, /@keyward\/server was imported/);
    } finally {
      await cleanup();
    }
  });
});
