// Runs every *.test.ts under packages/*/test through node:test with tsx.
// Node 20's test runner does not expand globs nor pick up .ts files by itself.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : ["packages"];
const files = roots
  .flatMap((root) => (statSync(root).isDirectory() ? findTests(root) : [root]))
  .filter((file) => !file.includes("node_modules"))
  .sort();
if (files.length === 0) {
  console.error("no test files found under", roots.join(", "));
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--conditions=@keyward/source", "--import", "tsx", "--test", ...files],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
