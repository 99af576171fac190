// Builds and packs the packages a vendor installs into their own app, until they are on the npm
// registry: `npm run pack:packages` writes dist/packages/keyward-formats-<version>.tgz,
// keyward-sdk-<version>.tgz and keyward-client-<version>.tgz (docs/sdk.md, docs/client.md).
//
//   node scripts/pack-packages.mjs [--out DIR]
//
// Each tarball installs on its own, in any project: `npm install ./keyward-sdk-0.1.0.tgz`.
// @keyward/sdk depends on @keyward/formats, which no registry has, so the SDK's tarball carries
// it (bundleDependencies: npm installs the bundled copy and asks no registry for it). Without
// it, the SDK's tarball alone fails to install (npm asks the registry for @keyward/formats@0.1.0:
// 404), and a vendor would have to name the formats tarball too in every install that resolves
// it; bundled, one tarball is the whole install, and npm's own mechanism for a dependency that
// is on no registry. The version is pinned (0.1.0) in the sdk's manifest and both are packed
// from the same sources, so the bundled copy is the one it asks for.
//
// What the tarballs hold differs from the workspace's manifests in two ways, and only here (the
// workspace keeps resolving the TypeScript sources):
// - the `@keyward/source` export condition is removed: it maps the entry points to src/*.ts for
//   the workspace's tests and tools, and would hand TypeScript sources to any bundler or runtime
//   that happens to enable a condition of that name. src/ stays in the tarball (`files`) so the
//   source maps of dist/ resolve.
// - `scripts` and `devDependencies` are left out: they build the workspace and mean nothing in an
//   installed package (tsconfig files are not packed).
// Every tarball carries the repository's LICENSE (Apache-2.0), and the package's README.
//
// Built from the sources as they are, by each package's own `build` script, in a copy of the
// packages (under node_modules/.cache, so that their tools and dependencies resolve): the
// workspace's dist/ directories are neither read (they may be stale) nor written (a test or a
// build running meanwhile may be reading them; the runnable docs' test builds them too).
//
// Not packed: @keyward/server and the `keyward` CLI. The server finds its admin dashboard at
// ../dashboard/dist beside its own package.json (the workspace's layout), so it runs from a
// checkout (`npm ci && npm start`, README.md), not from an installed tarball.
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const REPOSITORY = fileURLToPath(new URL("../", import.meta.url));

/**
 * The packed packages, and the workspace packages each one carries inside (bundled: not on the
 * registry), which are built and packed before it.
 */
const PACKAGES = [
  { dir: "packages/formats", bundles: [] },
  { dir: "packages/sdk", bundles: ["@keyward/formats"] },
  { dir: "packages/client", bundles: [] },
];
/** What of a package's directory its build does not need. */
const NOT_COPIED = new Set(["dist", "node_modules", "test"]);

/** The workspace-only export condition (tsconfig.base.json customConditions). */
const SOURCE_CONDITION = "@keyward/source";

const { values } = parseArgs({
  options: { out: { type: "string", default: join(REPOSITORY, "dist/packages") } },
});
const out = resolve(values.out);

/**
 * The environment of the npm commands: without what an enclosing `npm run` sets for the
 * repository's own package (its prefix, package fields), so that npm in a copied package sees
 * only that package.
 */
function npmEnv() {
  const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false" };
  for (const name of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|config_(local_prefix|workspaces?)$)/i.test(name)) {
      delete env[name];
    }
  }
  return env;
}

const NPM_OPTIONS = {
  encoding: "utf8",
  // Windows runs npm through its .cmd shim.
  shell: process.platform === "win32",
  env: npmEnv(),
};

function npmFailure(args, cwd, how, output) {
  return new Error(`npm ${args.join(" ")} failed in ${cwd} (${how}):\n${output}`);
}

/** Runs npm (or fails with its output); returns its stdout. */
function npm(args, cwd) {
  const result = spawnSync("npm", args, { ...NPM_OPTIONS, cwd });
  if (result.status !== 0) {
    const how = result.error?.message ?? `exit ${result.status}`;
    throw npmFailure(args, cwd, how, `${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** npm, without waiting for it. */
function npmAsync(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { ...NPM_OPTIONS, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", (error) => reject(npmFailure(args, cwd, error.message, output)));
    child.on("close", (code, signal) =>
      code === 0 ? resolve() : reject(npmFailure(args, cwd, `exit ${code ?? signal}`, output)),
    );
  });
}

const readManifest = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

/**
 * Copies the packages into `copy` as the workspace lays them out (packages/<name>, the base
 * tsconfig their build configs extend, node_modules/@keyward/<name> linking each), and builds
 * them there with their own `build` scripts: each once the packages it bundles are built (the
 * sdk's build reads @keyward/formats' declarations), the others at the same time. Returns each
 * package's built directory by name.
 */
async function buildCopies(copy) {
  cpSync(join(REPOSITORY, "tsconfig.base.json"), join(copy, "tsconfig.base.json"));
  const dirs = new Map();
  for (const { dir } of PACKAGES) {
    const source = join(REPOSITORY, dir);
    for (const entry of readdirSync(source)) {
      if (!NOT_COPIED.has(entry)) {
        cpSync(join(source, entry), join(copy, dir, entry), { recursive: true });
      }
    }
    const { name } = readManifest(source);
    const link = join(copy, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(copy, dir), link, "junction");
    dirs.set(name, join(copy, dir));
  }
  const builds = new Map();
  for (const { dir, bundles } of PACKAGES) {
    const before = bundles.map((name) => builds.get(name));
    const build = Promise.all(before).then(() => npmAsync(["run", "build"], join(copy, dir)));
    builds.set(readManifest(join(copy, dir)).name, build);
  }
  // Every build ends before a failure is reported (and the copy removed).
  const results = await Promise.allSettled(builds.values());
  const failed = results.find((result) => result.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  return dirs;
}

/** An exports map without the source condition, at every level. */
function withoutSourceCondition(exports) {
  if (Array.isArray(exports)) return exports.map(withoutSourceCondition);
  if (typeof exports !== "object" || exports === null) return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, value]) => [key, withoutSourceCondition(value)]),
  );
}

/** The manifest as the tarball carries it. */
function packedManifest(manifest, bundles) {
  const { scripts: _scripts, devDependencies: _devDependencies, ...packed } = manifest;
  packed.exports = withoutSourceCondition(manifest.exports);
  for (const name of bundles) {
    if (packed.dependencies?.[name] === undefined) {
      throw new Error(`${manifest.name} bundles ${name} but does not depend on it`);
    }
  }
  if (bundles.length > 0) packed.bundleDependencies = bundles;
  return packed;
}

/**
 * Copies what npm packs of the built package in `built` (its `files`, README) into `stage`, with
 * the packed manifest, the repository's LICENSE and the bundled packages' stages.
 */
function stagePackage(built, stage, bundles, staged) {
  const manifest = readManifest(built);
  for (const entry of [...(manifest.files ?? []), "README.md"]) {
    if (!existsSync(join(built, entry))) throw new Error(`${manifest.name} has no ${entry}`);
    cpSync(join(built, entry), join(stage, entry), { recursive: true });
  }
  cpSync(join(REPOSITORY, "LICENSE"), join(stage, "LICENSE"));
  for (const name of bundles) {
    cpSync(staged.get(name), join(stage, "node_modules", name), { recursive: true });
  }
  const packed = packedManifest(manifest, bundles);
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(packed, null, 2)}\n`);
}

const cache = join(REPOSITORY, "node_modules/.cache");
mkdirSync(cache, { recursive: true });
const copy = mkdtempSync(join(cache, "keyward-pack-"));
try {
  const built = await buildCopies(copy);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  /** Package name → its staged directory. */
  const staged = new Map();
  for (const { dir, bundles } of PACKAGES) {
    const { name } = readManifest(join(copy, dir));
    const stage = join(copy, "stage", name);
    stagePackage(built.get(name), stage, bundles, staged);
    staged.set(name, stage);
    const [result] = JSON.parse(npm(["pack", "--json", "--pack-destination", out], stage));
    console.log(`${join(out, result.filename)} (${result.entryCount} files, ${result.size} bytes)`);
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
