import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertFails, keyward, run } from "./support/cli.js";

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
});
