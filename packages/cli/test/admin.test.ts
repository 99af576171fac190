// The admin commands against a real server (SQLite, listening on a loopback port): every
// operation of the OpenAPI document has a command, every flag is a field of its operation, and
// the commands do what they say, with tables, --json, --all, license keys as ids, the login
// profile and the documented exit codes.
import assert from "node:assert/strict";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig, type RunningServer, startServer } from "@keyward/server";
import { adminOperations, flagName } from "../src/admin/commands.js";
import type { FieldType } from "../src/admin/resources.js";
import { assertFails, assertOk, type RunResult, run, tempDir } from "./support/cli.js";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
/** Public probes: authenticated by nobody, administered by nobody. */
const PROBES = new Set(["GET /v1/health", "GET /v1/ready"]);

interface Schema {
  type?: string | string[];
  anyOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
}
interface OperationObject {
  security?: unknown[];
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
type OpenApi = { security?: unknown[]; paths: Record<string, Record<string, OperationObject>> };

let server: RunningServer;
let token: string;
let openapi: OpenApi;
let dir: string;
let cleanup: () => Promise<void>;

before(async () => {
  ({ dir, cleanup } = await tempDir());
  server = await startServer(
    loadConfig({ host: "127.0.0.1", port: 0, dataDir: join(dir, "data"), logLevel: "silent" }, {}),
  );
  token = (await readFile(join(dir, "data/admin-token"), "utf8")).trim();
  openapi = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as OpenApi;
});
after(async () => {
  await server.close();
  await cleanup();
});

/** `keyward <args> --url … --token …`. */
function admin(...args: string[]): Promise<RunResult> {
  return run([...args, "--url", server.url, "--token", token]);
}

/** Runs an admin command with --json and returns the answer. */
async function json<T = { data: Record<string, unknown> }>(...args: string[]): Promise<T> {
  return JSON.parse(assertOk(await admin(...args, "--json"), args.join(" "))) as T;
}

/** Whether a schema (or one of its anyOf branches) admits JSON of this type. */
function admits(schema: Schema, type: string): boolean {
  if (schema.anyOf) return schema.anyOf.some((branch) => admits(branch, type));
  if (schema.type === undefined) return type !== "null" || (schema.enum ?? []).includes(null);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes(type) || (type === "integer" && types.includes("number"));
}

const JSON_TYPE: Record<Exclude<FieldType, "json">, string> = {
  string: "string",
  "string?": "string",
  int: "integer",
  "int?": "integer",
  bool: "boolean",
  list: "array",
  license: "string",
};

describe("the admin commands and the OpenAPI document", () => {
  test("every admin operation of the document has a command, and every command an operation", () => {
    const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method] !== undefined)
        .filter((method) => (item[method]!.security ?? openapi.security ?? []).length > 0)
        .map((method) => `${method.toUpperCase()} ${path}`)
        .filter((operation) => !PROBES.has(operation)),
    );
    assert.ok(documented.length > 70, `only ${documented.length} admin operations found`);
    const commands = adminOperations().map((operation) => `${operation.method} ${operation.path}`);
    assert.deepEqual(
      documented.filter((operation) => !commands.includes(operation)),
      [],
      "operations without a command (add them to packages/cli/src/admin/resources.ts)",
    );
    assert.deepEqual(
      commands.filter((operation) => !documented.includes(operation)),
      [],
      "commands without an admin operation",
    );
    assert.equal(new Set(commands).size, commands.length, "two commands for one operation");
  });

  test("every flag sets a field of its operation's body or query, with a type it admits", () => {
    const problems: string[] = [];
    for (const operation of adminOperations()) {
      const documented = openapi.paths[operation.path]![operation.method.toLowerCase()]!;
      const body = documented.requestBody?.content["application/json"]?.schema.properties ?? {};
      const query = Object.fromEntries(
        (documented.parameters ?? [])
          .filter((parameter) => parameter.in === "query")
          .map((parameter) => [parameter.name, parameter.schema ?? {}]),
      );
      const where = `${operation.resource.name} ${operation.name}`;
      const filters = operation.name === "list" ? operation.resource.filters : operation.query;
      for (const [fields, schemas] of [
        [operation.body, body],
        [filters, query],
      ] as const) {
        for (const [field, type] of Object.entries(fields ?? {})) {
          const schema = schemas[field];
          if (schema === undefined) {
            problems.push(`${where}: --${flagName(field)} is no field of the operation`);
          } else if (schemas === query) {
            // Query values travel as text.
          } else if (type !== "json" && !admits(schema, JSON_TYPE[type])) {
            problems.push(`${where}: --${flagName(field)} sends ${type}, not admitted`);
          } else if (type.endsWith("?") && !admits(schema, "null")) {
            problems.push(`${where}: --${flagName(field)} none sends null, not admitted`);
          }
        }
      }
      if (operation.list) {
        for (const parameter of ["limit", "cursor"]) {
          if (!(parameter in query)) problems.push(`${where}: no ${parameter} parameter`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test("every field of an operation's body has a flag (--data is for files, not for gaps)", () => {
    const missing = adminOperations().flatMap((operation) => {
      const documented = openapi.paths[operation.path]![operation.method.toLowerCase()]!;
      const body = documented.requestBody?.content["application/json"]?.schema.properties ?? {};
      return Object.keys(body)
        .filter((field) => !(field in (operation.body ?? {})) && field !== operation.idInBody)
        .map((field) => `${operation.resource.name} ${operation.name}: --${flagName(field)}`);
    });
    assert.deepEqual(missing, []);
  });
});

describe("keyward products|policies|licenses|machines … against a server", () => {
  let productId: string;
  let policyId: string;
  let license: { id: string; key: string };

  test("products: create, list (table), get, update, delete", async () => {
    const created = await json("products", "create", "--name", "Desktop App", "--code", "desk");
    productId = created.data.id as string;
    assert.match(productId, /^prod_/);
    const table = assertOk(await admin("products", "list"));
    assert.match(table, /^id +name +code +createdAt\n/);
    assert.match(table, new RegExp(`^${productId} +Desktop App +desk +\\S+$`, "m"));
    const shown = assertOk(await admin("products", "get", productId));
    assert.match(shown, new RegExp(`^id +${productId}$`, "m"));
    assert.match(shown, /^name +Desktop App$/m);
    const updated = await json(
      "products",
      "update",
      productId,
      "--name",
      "Desktop",
      "--code",
      "none",
    );
    assert.equal(updated.data.name, "Desktop");
    assert.equal(updated.data.code, null);
    const spare = await json("products", "create", "--data", '{"name":"Spare","platforms":["x"]}');
    assert.deepEqual(spare.data.platforms, ["x"]);
    assert.equal(
      assertOk(await admin("products", "delete", spare.data.id as string)),
      `deleted product ${spare.data.id}\n`,
    );
    assertFails(await admin("products", "get", spare.data.id as string), "PRODUCT_NOT_FOUND", 20);
  });

  test("policies: create with flags and --data @file, list filtered by product, update", async () => {
    const file = join(dir, "policy.json");
    await writeFile(file, JSON.stringify({ name: "from a file", maxMachines: 5 }));
    const created = await json(
      ...["policies", "create", "--product-id", productId, "--data", `@${file}`],
      ...["--floating", "--max-machines", "2", "--scheme", "ED25519_SIGN"],
    );
    policyId = created.data.id as string;
    // Flags win over --data.
    assert.equal(created.data.maxMachines, 2);
    assert.equal(created.data.name, "from a file");
    assert.equal(created.data.floating, true);
    const listed = await json<{ data: { id: string }[] }>(
      ...["policies", "list", "--product-id", productId],
    );
    assert.deepEqual(
      listed.data.map((policy) => policy.id),
      [policyId],
    );
    const updated = await json(
      "policies",
      "update",
      policyId,
      "--no-floating",
      "--max-machines",
      "1",
    );
    assert.deepEqual([updated.data.floating, updated.data.maxMachines], [false, 1]);
    await json("policies", "update", policyId, "--floating", "--max-machines", "2");
  });

  test("licenses: create, get by id or key, the actions by key, checkout --out", async () => {
    const created = await json(
      ...["licenses", "create", "--product-id", productId, "--policy-id", policyId],
      ...["--name", "Ada", "--metadata", '{"order":42}'],
    );
    license = { id: created.data.id as string, key: created.data.key as string };
    assert.deepEqual(created.data.metadata, { order: 42 });
    // A create retried with its Idempotency-Key (a script's retry after a network error): done
    // once, the same answer.
    const once = ["licenses", "create", "--policy-id", policyId, "--idempotency-key", "import-7"];
    const [first, retried] = [await json(...once), await json(...once)];
    assert.equal(retried.data.id, first.data.id);
    assert.equal(retried.data.key, first.data.key);
    const byKey = await json("licenses", "get", license.key);
    assert.equal(byKey.data.id, license.id);
    // Exact metadata filters (sent as metadata[order]=42): the number, never a part of it.
    const filtered = async (...flags: string[]) =>
      (await json<{ data: { id: string }[] }>("licenses", "list", ...flags)).data.map(
        (item) => item.id,
      );
    assert.deepEqual(await filtered("--metadata", '{"order":42}'), [license.id]);
    assert.deepEqual(await filtered("--metadata", '{"order":"42","name":"x"}'), []);
    assert.deepEqual(await filtered("--metadata", '{"order":"4"}'), []);
    assert.deepEqual(await filtered("--metadata", '{"order":42}', "--status", "revoked"), []);
    assert.deepEqual(await filtered("--user-id", "usr_01jf3k8q2w7x9r5t6v4m2n8p0c"), []);

    for (const [action, status] of [
      ["suspend", "suspended"],
      ["reinstate", "active"],
    ] as const) {
      const table = assertOk(await admin("licenses", action, license.key));
      assert.match(table, new RegExp(`^status +${status}$`, "m"), action);
    }
    const checkedIn = await json("licenses", "check-in", license.id);
    assert.notEqual(checkedIn.data.lastCheckInAt, null);
    const validated = await json<{ valid: boolean; code: string }>(
      ...["licenses", "validate", license.key],
    );
    assert.deepEqual([validated.valid, validated.code], [true, "VALID"]);
    assert.match(assertOk(await admin("licenses", "validate", license.id)), /^code +VALID$/m);

    const out = join(dir, "license.lic");
    // The file is the license (a base64+ one holds its key in clear): private, also when --out
    // already existed readable by others.
    await writeFile(out, "old\n");
    await chmod(out, 0o644);
    const checkout = await admin(
      ...["licenses", "checkout", license.key, "--algorithm", "aes-256-gcm+ed25519"],
      ...["--out", out],
    );
    assert.equal(checkout.code, 0, checkout.stderr);
    assert.equal(checkout.stdout, "");
    assert.equal(checkout.stderr, `keyward: wrote the file to ${out}\n`);
    const keys = await json<{ data: { algorithm: string; publicKey: string }[] }>(
      ...["signing-keys", "list"],
    );
    const publicKey = keys.data.find((key) => key.algorithm === "ed25519")!.publicKey;
    const verified = JSON.parse(
      assertOk(
        await run([
          ...["file", "verify", "--algorithm", "aes-256-gcm+ed25519", "--public-key", publicKey],
          ...["--license-key", license.key, out],
        ]),
      ),
    );
    assert.equal(verified.data.id, license.id);

    const token = await json("licenses", "create-token", license.key, "--name", "device");
    assert.match(token.data.token as string, /^kw_/);
    assert.equal(token.data.licenseId, license.id);

    assert.equal((await stat(out)).mode & 0o777, 0o600);
    const plain = join(dir, "license-base64.lic");
    const base64 = await admin(
      ...["licenses", "checkout", license.key, "--algorithm", "base64+ed25519", "--out", plain],
    );
    assert.equal(base64.code, 0, base64.stderr);
    assert.equal((await stat(plain)).mode & 0o777, 0o600);
  });

  test("licenses: renew and revoke a timed license; actions whose id goes in the body", async () => {
    const timed = await json(
      ...["policies", "create", "--product-id", productId, "--name", "Yearly"],
      ...["--model", "timed", "--duration-seconds", "31536000"],
    );
    // The policy names the product: --product-id may be left out, as in the API.
    const created = await json("licenses", "create", "--policy-id", timed.data.id as string);
    assert.equal(created.data.productId, productId);
    const key = created.data.key as string;
    const renewed = await json("licenses", "renew", key);
    assert.ok(
      Date.parse(renewed.data.expiresAt as string) > Date.parse(created.data.expiresAt as string),
    );
    const revoked = await json("licenses", "revoke", key);
    assert.equal(revoked.data.status, "revoked");
    // The policy id goes in the body of POST /v1/trackable/private-trials: the server reads it
    // (and refuses, the policy being no trial policy) rather than missing it.
    const trial = await admin("policies", "create-private-trial", timed.data.id as string);
    assertFails(trial, "NO_DEFAULT_HANDSHAKE_CODE", 20);
    const trackable = await json(
      ...["products", "set-trackable", productId, "--public-trial-policy-id", "none"],
    );
    assert.deepEqual(trackable.data, { publicTrialPolicyId: null });
    assert.deepEqual((await json("products", "trackable", productId)).data, trackable.data);
  });

  test("machines: activate with a license key, list by key, heartbeat, proof, deactivate", async () => {
    const machine = await json(
      ...["machines", "create", "--license-id", license.key, "--fingerprint", "fp-1"],
      ...["--name", "laptop"],
    );
    const machineId = machine.data.id as string;
    assert.equal(machine.data.licenseId, license.id);
    const table = assertOk(await admin("machines", "list", "--license-id", license.key));
    assert.match(table, new RegExp(`^${machineId} +${license.id} +fp-1 +laptop `, "m"));
    const beat = await json("machines", "heartbeat", machineId);
    assert.equal(beat.data.id, machineId);
    const proof = await json<{ data: { proof: string } }>("machines", "proof", machineId);
    assert.match(proof.data.proof, /^proof\//);
    const file = assertOk(await admin("machines", "checkout", machineId));
    assert.match(file, /^-----BEGIN MACHINE FILE-----\n/);
    assert.equal(
      assertOk(await admin("machines", "deactivate", machineId)),
      `deleted machine ${machineId}\n`,
    );
    assert.equal(
      (await json<{ data: [] }>("machines", "list", "--license-id", license.id)).data.length,
      0,
    );
  });

  test("entitlements: create, attach to and detach from a license and a policy", async () => {
    const entitlement = await json("entitlements", "create", "--code", "PRO", "--name", "Pro");
    const id = entitlement.data.id as string;
    for (const [group, target] of [
      ["licenses", license.key],
      ["policies", policyId],
    ] as const) {
      assert.match(
        assertOk(await admin(group, "attach-entitlements", target, "--entitlement-ids", id)),
        /^done: attach-entitlements /,
      );
      const attached = assertOk(await admin(group, "entitlements", target));
      assert.match(attached, new RegExp(`^${id} +PRO +Pro$`, "m"), group);
      assertOk(await admin(group, "detach-entitlements", target, "--entitlement-ids", id));
      const detached = await json<{ data: [] }>(group, "entitlements", target);
      assert.deepEqual(detached.data, [], group);
    }
  });

  test("users, handshake codes and tokens: create, get, update, revoke or delete", async () => {
    const user = await json("users", "create", "--email", "ada@example.com", "--name", "Ada");
    const renamed = await json("users", "update", user.data.id as string, "--name", "Ada L.");
    const byEmail = await json<{ data: { id: string }[] }>(
      ...["users", "list", "--email", "ADA@example.com"],
    );
    assert.deepEqual(
      byEmail.data.map((item) => item.id),
      [user.data.id],
    );
    const machinesOfUser = await json<{ data: unknown[] }>(
      ...["machines", "list", "--user-id", user.data.id as string],
    );
    assert.deepEqual(machinesOfUser.data, []);
    assert.equal(renamed.data.name, "Ada L.");
    assertOk(await admin("users", "delete", user.data.id as string));

    const first = await json("handshake-codes", "create", "--code", "HANDSHAKE-1", "--is-default");
    assert.equal(first.data.isDefault, true);
    const second = await json("handshake-codes", "create", "--code", "HANDSHAKE-2");
    const secondId = second.data.id as string;
    const changed = await json(
      "handshake-codes",
      "update",
      secondId,
      "--is-default",
      "--name",
      "Web",
    );
    assert.deepEqual([changed.data.isDefault, changed.data.name], [true, "Web"]);
    assert.equal(
      (await json("handshake-codes", "get", first.data.id as string)).data.isDefault,
      false,
    );
    assertOk(await admin("handshake-codes", "delete", first.data.id as string));

    const created = await json(
      "tokens",
      "create",
      "--kind",
      "product",
      "--product-id",
      productId,
      "--scope",
      "read",
    );
    const tokenId = created.data.id as string;
    assert.match(created.data.token as string, /^kw_/);
    assert.equal(created.data.scope, "read");
    const listed = assertOk(await admin("tokens", "list", "--all"));
    assert.match(listed, new RegExp(`^${tokenId} +product +read `, "m"));
    assert.ok(!listed.includes(created.data.token as string), "a list never shows a token");
    assertOk(await admin("tokens", "revoke", tokenId));
    const revoked = await json("tokens", "get", tokenId);
    assert.notEqual(revoked.data.revokedAt, null);
  });

  test("the organization: get, update, offline keys; events list by license key", async () => {
    const renamed = await json("organization", "update", "--name", "Acme");
    assert.equal(renamed.data.name, "Acme");
    assert.match(assertOk(await admin("organization", "get")), /^name +Acme$/m);
    const keys = await json("organization", "create-offline-keys");
    const rotated = await json("organization", "rotate-offline-keys");
    assert.notEqual(rotated.data.sharedKey, keys.data.sharedKey);
    const shown = await json("organization", "offline-keys");
    assert.equal(shown.data.sharedKey, rotated.data.sharedKey);

    const events = await json<{ data: { id: string; type: string; licenseId: string }[] }>(
      ...["events", "list", "--license-id", license.key, "--all"],
    );
    const types = events.data.map((event) => event.type);
    for (const type of ["license.created", "license.suspended", "license.reinstated"]) {
      assert.ok(types.includes(type), `${type} in ${types.join(", ")}`);
    }
    assert.ok(events.data.every((event) => event.licenseId === license.id));
    // --order desc: the same events, newest first.
    const newest = await json<{ data: { id: string }[] }>(
      ...["events", "list", "--license-id", license.key, "--order", "desc", "--all"],
    );
    assert.deepEqual(
      newest.data.map((event) => event.id),
      events.data.map((event) => event.id).reverse(),
    );
  });

  test("--all follows the cursors; without it a page, and a hint on stderr", async () => {
    const created: string[] = [];
    for (const code of ["A", "B", "C", "D", "E"]) {
      created.push(
        (await json("entitlements", "create", "--code", `PAGE-${code}`, "--name", code)).data
          .id as string,
      );
    }
    const page = await admin("entitlements", "list", "--limit", "2");
    assert.equal(page.code, 0);
    assert.equal(page.stdout.trim().split("\n").length, 3, "a header and two rows");
    const cursor = /--cursor (\S+)\n$/.exec(page.stderr)?.[1];
    assert.ok(cursor, page.stderr);
    const next = await json<{ data: { id: string }[] }>(
      ...["entitlements", "list", "--limit", "2", "--cursor", cursor],
    );
    assert.equal(next.data.length, 2);

    const all = await json<{ data: { id: string }[]; nextCursor: null }>(
      ...["entitlements", "list", "--all", "--limit", "2"],
    );
    assert.equal(all.nextCursor, null);
    const ids = all.data.map((entitlement) => entitlement.id);
    for (const id of created) assert.ok(ids.includes(id));
    assert.equal(new Set(ids).size, ids.length);
    const table = assertOk(await admin("entitlements", "list", "--all", "--limit", "2"));
    assert.equal(table.trim().split("\n").length, ids.length + 1);
  });
});

describe("admin command errors and exit codes", () => {
  test("the API's refusal: its code and message on one line, exit 20", async () => {
    const missing = await admin("licenses", "get", "lic_00000000000000000000000000");
    assertFails(missing, "LICENSE_NOT_FOUND", 20);
    const unknownKey = await admin("licenses", "suspend", "NOT-A-KEY");
    assertFails(unknownKey, "LICENSE_NOT_FOUND", 20);
    assert.match(unknownKey.stderr, /'NOT-A-KEY'/);
    const invalid = await admin(
      "policies",
      "create",
      "--product-id",
      "prod_x",
      "--name",
      "p",
      "--max-uses",
      "-3",
    );
    assert.equal(invalid.code, 20);
    assert.match(invalid.stderr, /^keyward: error: .+ \([A-Z_]+\)\n$/);
    const unauthorized = await run([
      "products",
      "list",
      "--url",
      server.url,
      "--token",
      "kw_admin_wrongwrongwrongwrong",
    ]);
    assertFails(unauthorized, "UNAUTHORIZED", 20);
  });

  test("an unreachable server is NETWORK_ERROR, exit 21", async () => {
    const result = await run(["products", "list", "--url", "http://127.0.0.1:9", "--token", token]);
    assertFails(result, "NETWORK_ERROR", 21);
  });

  test("bad command lines are USAGE, exit 2, before any request", async () => {
    // A group's commands are built when it runs or shows help, whichever way help is asked for.
    for (const args of [
      ["help", "machines"],
      ["machines", "--help"],
    ]) {
      const groupHelp = assertOk(await run(args));
      assert.match(groupHelp, /^ {2}delete\|deactivate \[options\] <id> +delete a machine$/m);
    }
    const help = assertOk(await run(["policies", "create", "--help"]));
    assert.match(help, /^ {2}--product-id <value> +productId \(required\)$/m);
    assert.match(help, /^ {2}--max-machines <value> +maxMachines \(integer; none: clear\)$/m);
    assertFails(await admin("products", "create"), "USAGE", 2);
    assertFails(await admin("products", "create", "--data", "{not json"), "USAGE", 2);
    assertFails(await admin("products", "create", "--data", "[1]"), "USAGE", 2);
    assertFails(await admin("policies", "update", "pol_x", "--max-machines", "two"), "USAGE", 2);
    assertFails(await admin("products", "get"), "USAGE", 2);
    // Before any request: a server that does not answer is not reached.
    const offline = ["--url", "http://127.0.0.1:9", "--token", token];
    assertFails(await run(["licenses", "consume", "SOME-KEY", ...offline]), "USAGE", 2);
    assertFails(await run(["machines", "create", "--fingerprint", "f", ...offline]), "USAGE", 2);
    const saved = {
      url: process.env.KEYWARD_URL,
      token: process.env.KEYWARD_TOKEN,
      xdg: process.env.XDG_CONFIG_HOME,
    };
    delete process.env.KEYWARD_URL;
    delete process.env.KEYWARD_TOKEN;
    process.env.XDG_CONFIG_HOME = join(dir, "no-config");
    try {
      const none = await run(["products", "list"]);
      assertFails(none, "USAGE", 2);
      assert.match(none.stderr, /keyward login/);
      assertFails(
        await run(["products", "list", "--url", "ftp://x", "--token", token]),
        "USAGE",
        2,
      );
    } finally {
      restore("KEYWARD_URL", saved.url);
      restore("KEYWARD_TOKEN", saved.token);
      restore("XDG_CONFIG_HOME", saved.xdg);
    }
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe("keyward login / logout", () => {
  test("saves the profile 0600 in the config dir; commands use it; logout forgets it", async () => {
    const saved = {
      url: process.env.KEYWARD_URL,
      token: process.env.KEYWARD_TOKEN,
      xdg: process.env.XDG_CONFIG_HOME,
    };
    delete process.env.KEYWARD_URL;
    delete process.env.KEYWARD_TOKEN;
    const config = join(dir, "config");
    process.env.XDG_CONFIG_HOME = config;
    const file = join(config, "keyward/profiles.json");
    try {
      // The token on stdin keeps it out of the shell's history.
      const login = await run(["login", "--url", server.url], { input: `${token}\n` });
      assert.match(
        assertOk(login),
        /^logged in to http:\/\/127\.0\.0\.1:\d+ as \S+ \(org_\w+\); profile 'default' saved in /,
      );
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await stat(join(config, "keyward"))).mode & 0o777, 0o700);
      assert.deepEqual(JSON.parse(await readFile(file, "utf8")), {
        profiles: { default: { url: server.url, token } },
      });

      assert.match(assertOk(await run(["organization", "get"])), /^id +org_/m);
      // The profile's token goes to the profile's server only.
      const elsewhere = await run(["products", "list", "--url", "http://127.0.0.1:9"]);
      assertFails(elsewhere, "USAGE", 2);
      // A bad token is refused at login, and nothing is saved.
      assertFails(
        await run([
          "login",
          "--url",
          server.url,
          "--token",
          "kw_admin_wrongwrongwrongwrong",
          "--profile",
          "bad",
        ]),
        "UNAUTHORIZED",
        20,
      );
      assertFails(await run(["products", "list", "--profile", "bad"]), "USAGE", 2);

      assert.equal(assertOk(await run(["logout"])), "logged out: profile 'default' forgotten\n");
      await assert.rejects(stat(file));
      assertFails(await run(["organization", "get"]), "USAGE", 2);

      // A damaged profile file stops only the commands that need it.
      await writeFile(file, "{not json");
      assertFails(await run(["organization", "get"]), "BAD_FORMAT", 4);
      assertOk(await admin("organization", "get"));
    } finally {
      restore("KEYWARD_URL", saved.url);
      restore("KEYWARD_TOKEN", saved.token);
      restore("XDG_CONFIG_HOME", saved.xdg);
    }
  });
});

describe("keyward signing-keys: rotation (SPEC X7)", () => {
  test("create a next key, rotate, retire; a file from before and one from after verify with --keys", async () => {
    const product = await json("products", "create", "--name", "Rotated");
    const policy = await json(
      ...["policies", "create", "--product-id", product.data.id as string, "--name", "P"],
    );
    const created = await json(
      ...["licenses", "create", "--product-id", product.data.id as string],
      ...["--policy-id", policy.data.id as string],
    );
    const key = created.data.key as string;
    const checkout = async (name: string) => {
      const out = join(dir, name);
      const result = await admin(
        ...["licenses", "checkout", key, "--algorithm", "aes-256-gcm+ed25519", "--out", out],
      );
      assert.equal(result.code, 0, result.stderr);
      return out;
    };
    type Keys = { data: { id: string; algorithm: string; state: string }[] };
    const ed25519 = (keys: Keys, state: string) =>
      keys.data.filter((k) => k.algorithm === "ed25519" && k.state === state).map((k) => k.id);
    const before = await checkout("before.lic");
    const [oldId] = ed25519(await json<Keys>("signing-keys", "list"), "active");

    // A next key, published at once; retiring it leaves the active key alone.
    const next = await json("signing-keys", "create", "--algorithm", "ed25519");
    assert.equal(next.data.state, "next");
    const dropped = await json("signing-keys", "retire", next.data.id as string);
    assert.equal(dropped.data.state, "retired");
    // rotate: a new next key, activated; the old active key retired.
    const rotated = await json("signing-keys", "rotate", "--algorithm", "ed25519");
    assert.equal(rotated.data.state, "active");
    const listed = await json<Keys>("signing-keys", "list");
    assert.deepEqual(ed25519(listed, "active"), [rotated.data.id]);
    assert.ok(ed25519(listed, "retired").includes(oldId!));
    const table = assertOk(await admin("signing-keys", "list"));
    assert.match(table, /state/);
    assert.match(table, new RegExp(`${oldId}\\s+ed25519\\s+retired`));
    // The active key cannot be retired: the API's refusal, exit 20.
    const refused = await admin("signing-keys", "retire", rotated.data.id as string);
    assertFails(refused, "SIGNING_KEY_STATE", 20);

    const after = await checkout("after.lic");
    const keysFile = join(dir, "keys.json");
    await writeFile(keysFile, assertOk(await admin("signing-keys", "list", "--json")));
    for (const file of [before, after]) {
      const verified = JSON.parse(
        assertOk(
          await run([
            ...["file", "verify", "--algorithm", "aes-256-gcm+ed25519", "--keys", keysFile],
            ...["--license-key", key, file],
          ]),
          file,
        ),
      );
      assert.equal(verified.data.id, created.data.id);
    }
    // With the old public key alone, only the file from before verifies.
    const oldKey = listed.data.find((k) => k.id === oldId) as unknown as { publicKey: string };
    const only = (file: string) =>
      run([
        ...[
          "file",
          "verify",
          "--algorithm",
          "aes-256-gcm+ed25519",
          "--public-key",
          oldKey.publicKey,
        ],
        ...["--license-key", key, file],
      ]);
    assert.equal((await only(before)).code, 0);
    assertFails(await only(after), "BAD_SIGNATURE", 10);
  });
});
