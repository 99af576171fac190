// The committed src/generated/openapi.ts is what the current server's OpenAPI document
// generates: a route schema changed without regenerating fails here, naming the command.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { test } from "node:test";
import {
  GENERATED_FILE,
  generatedTypes,
  REGENERATE_COMMAND,
  serverOpenApiDocument,
} from "../scripts/openapi-types.js";

/** The first line where the two texts differ, both sides shown. */
function firstDifference(committed: string, expected: string): string {
  const left = committed.split("\n");
  const right = expected.split("\n");
  const line = left.findIndex((text, index) => text !== right[index]);
  const at = line === -1 ? left.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(left[at] ?? "<end of file>")}, server gives ${JSON.stringify(right[at] ?? "<end of file>")}`;
}

test("the committed API types match the server's OpenAPI document", async () => {
  const document = await serverOpenApiDocument();
  const expected = await generatedTypes(document);
  const committed = await readFile(GENERATED_FILE, "utf8").catch(() => "");
  if (committed !== expected) {
    assert.fail(
      `${relative(process.cwd(), GENERATED_FILE)} is stale: the server's OpenAPI document ` +
        `changed. Run \`${REGENERATE_COMMAND}\` and commit the result ` +
        `(${firstDifference(committed, expected)}).`,
    );
  }
  // The generated file is the typed surface: every path of the document is in it.
  for (const path of Object.keys(document.paths ?? {})) {
    assert.ok(committed.includes(`"${path}": {`), path);
  }
});
