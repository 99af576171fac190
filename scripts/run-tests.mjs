// Runs every *.test.ts under packages/*/test through node:test with tsx.
// Node 20's test runner does not expand globs nor pick up .ts files by itself.
//
// Test files run concurrently, each in its own process: as many at once as the machine has
// cores (KEYWARD_TEST_CONCURRENCY overrides it; 1 runs them one after another). Files share
// nothing but the databases' migrated templates and PostgreSQL (random schemas); servers they
// start listen on port 0 or on a free port below the ephemeral range (support/processes.ts).
// The largest files start first, so a long one does not start last and run alone.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

function concurrency() {
  const configured = process.env.KEYWARD_TEST_CONCURRENCY;
  if (configured === undefined || configured === "") return availableParallelism();
  const value = Number(configured);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`KEYWARD_TEST_CONCURRENCY must be a whole number ≥ 1, not "${configured}"`);
    process.exit(1);
  }
  return value;
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : ["packages"];
const files = roots
  .flatMap((root) => (statSync(root).isDirectory() ? findTests(root) : [root]))
  .filter((file) => !file.includes("node_modules"))
  .map((file) => ({ file, size: statSync(file).size }))
  .sort((a, b) => b.size - a.size || a.file.localeCompare(b.file))
  .map(({ file }) => file);
if (files.length === 0) {
  console.error("no test files found under", roots.join(", "));
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    "--conditions=@keyward/source",
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${concurrency()}`,
    ...files,
  ],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
