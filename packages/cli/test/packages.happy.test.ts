// The packages as a vendor installs them into their own app, while they are not on the npm
// registry: `npm run pack:packages` (scripts/pack-packages.mjs) packs @keyward/formats,
// @keyward/sdk and @keyward/client; a fresh project outside the repository installs the tarballs
// with npm, typechecks a TypeScript file against what they ship (their .d.ts files included) and
// runs it: verifying Keygen's signed license key offline through both SDK entry points, and a
// call of the API client (answered by its `fetch` option). docs/sdk.md and docs/client.md
// document these steps. Third-party dependencies (openapi-fetch) come from npm's cache or the
// registry, as for any `npm install`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));
const PACK_SCRIPT = join(REPOSITORY, "scripts/pack-packages.mjs");
const TSC = join(REPOSITORY, "node_modules/typescript/bin/tsc");
/** Keygen's ED25519_SIGN license key vector (SPEC K1), with its public key and dataset. */
const KEY_VECTOR = fileURLToPath(
  new URL(
    "../../formats/test/fixtures/keygen/example-java-cryptographic-license-keys/",
    import.meta.url,
  ),
);
const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

/**
 * The environment without what an enclosing `npm test` or `npm run` sets for its own package
 * (its prefix, workspace, package fields): npm in the temporary project must see only that
 * project. npm's cache, user config and registry settings stay.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      /^npm_(package_|lifecycle_|command$|config_(local_prefix|prefix|workspaces?|call)$)/i.test(
        name,
      ) ||
      name === "INIT_CWD"
    ) {
      delete env[name];
    }
  }
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false" };
}

/** Runs a command; fails the test with its output unless it succeeds. Returns its stdout. */
function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: cleanEnv() });
  assert.equal(
    result.status,
    0,
    `${command} ${args.join(" ")} (in ${cwd}) failed: ${result.error?.message ?? ""}\n` +
      `${result.stdout}${result.stderr}`,
  );
  return result.stdout;
}

/** A project directory outside the repository: package.json only. */
async function project(work: string, name: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir);
  const manifest = { name, version: "1.0.0", private: true, type: "module" };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** A strict consumer that also checks the packages' own declarations (skipLibCheck off). */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "DOM"],
    types: [],
    strict: true,
    skipLibCheck: false,
    noEmitOnError: true,
  },
  files: ["app.ts"],
};

/** The vendor's app: every import as docs/sdk.md and docs/client.md show them. */
function appSource(key: string, publicKey: string): string {
  return `import { createClient, memoryStorage, verifyLicenseKey } from "@keyward/sdk";
import { createClient as createNodeClient, fileStorage } from "@keyward/sdk/node";
import { createKeywardClient } from "@keyward/client";

const KEY = ${JSON.stringify(key)};
const PUBLIC_KEY = ${JSON.stringify(publicKey)};
const options = { serverUrl: "https://licenses.example.com", licenseKey: KEY, publicKey: PUBLIC_KEY };

const datasets: string[] = [];
for (const client of [
  createClient({ ...options, storage: memoryStorage() }),
  createNodeClient({ ...options, storage: fileStorage("./state") }),
]) {
  const verified = await client.verifyLicenseKey({ scheme: "ED25519_SIGN" });
  if (!verified.ok) throw new Error(\`verifyLicenseKey: \${verified.error.code}\`);
  datasets.push(verified.value.dataset);
  // @ts-expect-error the scheme is required: the types are the SDK's, not any.
  await client.verifyLicenseKey({});
}
// @ts-expect-error a public key is parsed first (TrustedKeys), not passed as text.
await verifyLicenseKey(KEY, PUBLIC_KEY, { scheme: "ED25519_SIGN" });

const requests: string[] = [];
const keyward = createKeywardClient({
  url: "https://licenses.example.com",
  token: "kw_admin_example",
  fetch: async (request: Request) => {
    requests.push(\`\${request.method} \${request.url} \${request.headers.get("authorization")}\`);
    return Response.json({ status: "ok" });
  },
});
const health: { status: string } = await keyward.GET("/v1/health");
// @ts-expect-error no such route: paths are checked.
keyward.GET("/v1/no-such-route");

console.log(JSON.stringify({ datasets, health, requests }));
`;
}

describe("the packed packages, installed in a project outside the repository", () => {
  let work = "";
  let tarballs: string[] = [];
  const tarball = (name: string) => {
    const file = tarballs.find((path) => path.startsWith(`keyward-${name}-`));
    assert.ok(file, `no tarball of @keyward/${name} among ${tarballs.join(", ")}`);
    return join(work, "packages", file);
  };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "keyward-packages-"));
    assert.ok(relative(REPOSITORY, work).startsWith(".."), `${work} is inside the repository`);
    run(process.execPath, [PACK_SCRIPT, "--out", join(work, "packages")], REPOSITORY);
    tarballs = readdirSync(join(work, "packages")).sort();
  });
  after(async () => {
    if (work !== "") await rm(work, { recursive: true, force: true });
  });

  test("packs exactly @keyward/formats, @keyward/sdk and @keyward/client", () => {
    assert.deepEqual(
      tarballs.map((file) => file.replace(/-\d+\.\d+\.\d+\.tgz$/, "")),
      ["keyward-client", "keyward-formats", "keyward-sdk"],
    );
  });

  test("the SDK's and the client's tarballs alone install, typecheck and run", async () => {
    const dir = await project(work, "vendor-app");
    run("npm", [...NPM_INSTALL, tarball("sdk"), tarball("client")], dir);

    // @keyward/formats, on no registry, came inside the SDK's tarball; nothing else of ours.
    assert.deepEqual(readdirSync(join(dir, "node_modules/@keyward")).sort(), ["client", "sdk"]);
    assert.ok(existsSync(join(dir, "node_modules/@keyward/sdk/node_modules/@keyward/formats")));
    for (const path of ["sdk", "client", "sdk/node_modules/@keyward/formats"]) {
      const installed = join(dir, "node_modules/@keyward", path);
      const manifest = await readFile(join(installed, "package.json"), "utf8");
      const { license, engines } = JSON.parse(manifest);
      assert.equal(license, "Apache-2.0", path);
      assert.equal(engines?.node, ">=20.19 <27", path);
      // The workspace's condition maps entry points to src/*.ts: not in an installed package.
      assert.doesNotMatch(manifest, /@keyward\/source/, path);
      assert.match(
        await readFile(join(installed, "LICENSE"), "utf8"),
        /Apache License\n\s+Version 2\.0/,
      );
      assert.ok(existsSync(join(installed, "README.md")), `${path}: no README.md`);
    }

    await writeFile(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    const key = (await readFile(join(KEY_VECTOR, "ed25519_sign.key"), "utf8")).trim();
    const publicKey = (await readFile(join(KEY_VECTOR, "public_key.hex"), "utf8")).trim();
    await writeFile(join(dir, "app.ts"), appSource(key, publicKey));
    run(process.execPath, [TSC, "-p", "tsconfig.json"], dir);

    const output = JSON.parse(run(process.execPath, ["app.js"], dir));
    const expected = (await readFile(join(KEY_VECTOR, "expected_dataset.txt"), "utf8"))
      .split("\n")
      .find((line) => line.startsWith("dataset= "))
      ?.slice("dataset= ".length);
    assert.ok(expected);
    assert.deepEqual(output, {
      datasets: [expected, expected],
      health: { status: "ok" },
      requests: ["GET https://licenses.example.com/v1/health Bearer kw_admin_example"],
    });

    // The browser bundle (@keyward/sdk/browser) is one ES module that loads on its own.
    const browser = run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'console.log(typeof (await import("@keyward/sdk/browser")).createClient)',
      ],
      dir,
    );
    assert.equal(browser.trim(), "function");
  });

  test("@keyward/formats' tarball alone installs, with both entry points", async () => {
    const dir = await project(work, "formats-only");
    run("npm", [...NPM_INSTALL, tarball("formats")], dir);
    const script = `
      const formats = await import("@keyward/formats");
      const node = await import("@keyward/formats/node");
      console.log(typeof formats.verifyLicenseKey, typeof node.generateKeyPair);`;
    assert.equal(
      run(process.execPath, ["--input-type=module", "-e", script], dir).trim(),
      "function function",
    );
  });
});
