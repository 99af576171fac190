// Runs every *.test.ts under packages/*/test through node:test.
// Node 20's test runner does not expand globs nor pick up .ts files by itself.
//
// Test files run concurrently, each in its own process: as many at once as the machine has
// cores (KEYWARD_TEST_CONCURRENCY overrides it; 1 runs them one after another). Files share
// nothing but the databases' migrated templates and PostgreSQL (random schemas); servers they
// start listen on port 0 or on a free port below the ephemeral range (support/processes.ts).
// The files that take longest start first (SLOW), then the rest largest first, so a long one
// does not start last and run alone while the other cores have nothing left to do.
//
// How the TypeScript runs: esbuild bundles each test file (its own code, the test support and
// the sources it imports, from src/ through the @keyward/source condition, and the ES-module
// packages the published CLI bundles too) into a temporary directory once per run, and Node runs
// the bundles without a loader. The same build bundles the CLI's source entry (src/bin.ts); the
// tests that start `keyward` processes run that bundle (KEYWARD_TEST_BIN), still the sources of
// this run. Why: tsx's loader hooks run in a separate thread on Node 20 (module.register) and
// every module a test file loads (~1,200 for a server test: typebox alone 683) crossed to it and
// back, ~1.3 s of CPU per test file and ~2 s per started `keyward` process, the largest cost of
// the suite on 2 cores. What changes for a test: nothing it runs (the same sources, transformed
// by the same esbuild tsx uses); import.meta.url, .dirname and .filename are the source file's,
// so fixtures and the repository are found as before; stack traces map back to the .ts files
// (--enable-source-maps). KEYWARD_TEST_TSX=1 runs the sources through tsx instead, as before.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, constants } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPOSITORY = fileURLToPath(new URL("../", import.meta.url));
/** The CLI's source entry, bundled beside the tests for the `keyward` processes they start. */
const CLI_ENTRY = join(REPOSITORY, "packages/cli/src/bin.ts");
/** Where a run's bundles go: inside the repository, so their imports find node_modules. */
const BUNDLES = join(REPOSITORY, "node_modules/.cache/keyward-tests");
/**
 * Bundled besides our sources: the ES-module packages with large module graphs, as the CLI's
 * bundle.mjs does (they are what costs a start; CommonJS packages load cheaply one by one).
 * @fastify/type-provider-typebox comes along so that it and the sources share one typebox.
 */
const BUNDLED = /^(@keyward\/|typebox(\/|$)|kysely(\/|$)|@fastify\/type-provider-typebox$)/;

/**
 * The files that took longest on the 2-core machine (20–60 s each: a browser, the docs' shell
 * sessions, real server processes and their waits), slowest first. A missing one is skipped.
 */
const SLOW = [
  "packages/dashboard/test/browser.happy.test.ts",
  "packages/cli/test/docs.happy.test.ts",
  "packages/cli/test/packages.happy.test.ts",
  "packages/server/test/validation-counters.test.ts",
  "packages/server/test/workers.concurrency.test.ts",
  "packages/server/test/webhooks.concurrency.test.ts",
  "packages/server/test/first-start.concurrency.test.ts",
  "packages/server/test/database-faults.error.test.ts",
];

/** Where a file starts: SLOW ones in that order, then larger before smaller. */
function startOrder(a, b) {
  const slow = (file) => {
    const index = SLOW.indexOf(relative(REPOSITORY, resolve(file)));
    return index === -1 ? SLOW.length : index;
  };
  return slow(a.file) - slow(b.file) || b.size - a.size || a.file.localeCompare(b.file);
}

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

/**
 * Bundles `files` and the CLI entry into `outdir` (one build: code they share is written once,
 * as chunks). Returns each test file's bundle, in the order of `files`, and the CLI's.
 */
async function bundle(files, outdir) {
  const { build } = await import("esbuild");
  const entryPoints = [...files, CLI_ENTRY].map((file) => resolve(file));
  const result = await build({
    entryPoints,
    outdir,
    outbase: REPOSITORY,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: `node${process.versions.node}`,
    conditions: ["@keyward/source"],
    // Names as written: bundling renames clashing top-level names, and a class's or a
    // function's name shows in errors and logs.
    keepNames: true,
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    logLevel: "warning",
    plugins: [
      {
        name: "keyward-tests",
        setup(build) {
          // Other packages load from node_modules at run time, as they do for the sources.
          build.onResolve({ filter: /^[^./]/ }, ({ path }) =>
            BUNDLED.test(path) ? undefined : { path, external: true },
          );
          // import.meta of the source file, not of the bundle.
          build.onLoad({ filter: /\.[cm]?ts$/ }, ({ path }) => {
            const text = readFileSync(path, "utf8")
              .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(path).href))
              .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(path)))
              .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(path));
            return { contents: text, loader: "ts" };
          });
        },
      },
    ],
  });
  const outputs = new Map(
    Object.entries(result.metafile.outputs)
      .filter(([, output]) => output.entryPoint !== undefined)
      .map(([path, output]) => [resolve(REPOSITORY, output.entryPoint), resolve(path)]),
  );
  const bundled = (file) => {
    const output = outputs.get(resolve(file));
    if (output === undefined) throw new Error(`esbuild wrote no bundle for ${file}`);
    return output;
  };
  return { tests: files.map(bundled), cli: bundled(CLI_ENTRY) };
}

/** Removes what runs that died before cleaning up left behind (a day old). */
function removeStaleBundles() {
  let names = [];
  try {
    names = readdirSync(BUNDLES);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(BUNDLES, name);
    if (Date.now() - statSync(path).mtimeMs > 24 * 3600_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : ["packages"];
const files = roots
  .flatMap((root) => (statSync(root).isDirectory() ? findTests(root) : [root]))
  .filter((file) => !file.includes("node_modules"))
  .map((file) => ({ file, size: statSync(file).size }))
  .sort(startOrder)
  .map(({ file }) => file);
if (files.length === 0) {
  console.error("no test files found under", roots.join(", "));
  process.exit(1);
}

const testing = ["--test", `--test-concurrency=${concurrency()}`];
const throughTsx = ["--conditions=@keyward/source", "--import", "tsx", ...testing, ...files];
let outdir = null;
let args = throughTsx;
let env = process.env;
if (process.env.KEYWARD_TEST_TSX !== "1") {
  removeStaleBundles();
  outdir = join(BUNDLES, `run-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(outdir, { recursive: true });
  try {
    const bundles = await bundle(files, outdir);
    env = { ...process.env, KEYWARD_TEST_BIN: bundles.cli };
    args = ["--enable-source-maps", "--conditions=@keyward/source", ...testing, ...bundles.tests];
    if (process.env.KEYWARD_TEST_VERBOSE === "1") {
      console.error(`# bundled ${files.length} test files into ${relative(REPOSITORY, outdir)}`);
    }
  } catch (error) {
    // A file esbuild cannot read (a syntax error) fails its own test file through tsx, as
    // before, rather than the whole run here.
    rmSync(outdir, { recursive: true, force: true });
    outdir = null;
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `# bundling the tests failed; they run through tsx:\n# ${message.replaceAll("\n", "\n# ")}`,
    );
  }
}

const child = spawn(process.execPath, args, { stdio: "inherit", env });
// The bundles are removed when the tests end, however they end. A terminal's Ctrl-C reaches the
// test runner too; a signal sent to this process alone is passed on.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (signal !== "SIGINT") child.kill(signal);
  });
}
child.on("close", (code, signal) => {
  if (outdir !== null) rmSync(outdir, { recursive: true, force: true });
  process.exit(code ?? (signal === null ? 1 : 128 + (constants.signals[signal] ?? 0)));
});
