import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { isId, newId } from "../src/ids.js";
import { ADMIN_TOKEN_FILE, bootstrapFirstOrganization } from "../src/services/bootstrap.js";
import { createServices } from "../src/services/index.js";
import { DatabaseNewerError, migrateToLatest } from "../src/store/migrate.js";
import { organizationsRepository } from "../src/store/organizations.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";

const TABLES = ["organizations", "products", "signing_keys", "tokens"];

forEachDatabase("store: migrations and first start", (db) => {
  let root: string;
  const opened: TestStore[] = [];
  async function open(): Promise<TestStore> {
    const store = await db.open();
    opened.push(store);
    return store;
  }
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-bootstrap-test-"));
  });
  after(async () => {
    for (const store of opened) await store.close();
    await rm(root, { recursive: true, force: true });
  });

  async function tableNames(store: TestStore): Promise<string[]> {
    const tables = await store.store.db.introspection.getTables();
    const schema =
      store.store.dialect === "postgres"
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.store.db)).rows[0]!
            .s
        : undefined;
    return tables
      .filter((table) => schema === undefined || table.schema === schema)
      .map((table) => table.name)
      .sort();
  }

  /** Asserts the core tables exist (later migrations add more). */
  async function assertTables(store: TestStore): Promise<void> {
    const names = await tableNames(store);
    for (const table of TABLES) assert.ok(names.includes(table), `no table ${table}: ${names}`);
  }

  test("migrateToLatest creates the tables once; a second run does nothing", async () => {
    const store = await open();
    assert.deepEqual(await tableNames(store), []);
    const applied = await migrateToLatest(store.store.db);
    assert.equal(applied[0], "0001_initial");
    assert.deepEqual([...applied].sort(), applied, "migrations ran out of order");
    await assertTables(store);
    assert.deepEqual(await migrateToLatest(store.store.db), []);
  });

  test("a database a newer version migrated is refused by name, and left as it was", async () => {
    const store = await open();
    await migrateToLatest(store.store.db);
    await store.store.db
      .insertInto("kysely_migration" as never)
      .values({ name: "9999_from_the_future", timestamp: "2031-01-01T00:00:00.000Z" } as never)
      .execute();
    const before = await tableNames(store);
    await assert.rejects(migrateToLatest(store.store.db), (error: Error) => {
      assert.ok(error instanceof DatabaseNewerError, String(error));
      assert.match(error.message, /migrated by a newer version of Keyward/);
      assert.match(error.message, /9999_from_the_future/);
      return true;
    });
    assert.deepEqual(await tableNames(store), before);
  });

  test("a database that already has another migrated schema still gets its own tables", async () => {
    // With PostgreSQL, the first store above is another schema of the same database: its
    // kysely_migration tables must not be mistaken for this one's.
    const first = await open();
    await migrateToLatest(first.store.db);
    const second = await open();
    assert.equal((await migrateToLatest(second.store.db))[0], "0001_initial");
    await assertTables(second);
    const organization = await createServices({
      store: second.store,
      secret: "x".repeat(32),
    }).organizations.create("Second");
    assert.ok(await organizationsRepository(second.store.db).find(organization.id));
    assert.equal(await organizationsRepository(first.store.db).find(organization.id), undefined);
  });

  test("bootstrap: first organization, admin token in a fresh 0600 file, once", async () => {
    const store = await open();
    await migrateToLatest(store.store.db);
    const services = createServices({ store: store.store, secret: "x".repeat(32) });
    // A data dir that does not exist yet (with PostgreSQL nothing else creates it).
    const dataDir = join(root, `${db.name}-fresh`, "data");
    const result = await bootstrapFirstOrganization(services, {
      dataDir,
      adminToken: null,
      databaseInDataDir: true,
    });
    assert.ok(result);
    assert.equal(result.tokenFile, join(dataDir, ADMIN_TOKEN_FILE));
    const info = await stat(result.tokenFile);
    assert.equal(info.mode & 0o777, 0o600);
    const token = (await readFile(result.tokenFile, "utf8")).trim();
    assert.match(token, /^kw_admin_[A-Za-z0-9_-]{43}$/);
    const principal = await services.tokens.authenticate(token);
    assert.deepEqual(principal && { ...principal, tokenId: "x" }, {
      organizationId: result.organizationId,
      tokenId: "x",
      kind: "admin",
      productId: null,
      licenseId: null,
    });

    // Second start: nothing happens.
    const again = await bootstrapFirstOrganization(services, {
      dataDir,
      adminToken: null,
      databaseInDataDir: true,
    });
    assert.equal(again, null);
    assert.equal((await readFile(result.tokenFile, "utf8")).trim(), token);
    const organizations = await store.store.db.selectFrom("organizations").select("id").execute();
    assert.deepEqual(organizations, [{ id: result.organizationId }]);
  });

  test("bootstrap replaces a stale, readable admin-token file with a 0600 one", async () => {
    const store = await open();
    await migrateToLatest(store.store.db);
    const services = createServices({ store: store.store, secret: "x".repeat(32) });
    const dataDir = join(root, `${db.name}-stale`);
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, ADMIN_TOKEN_FILE);
    await writeFile(file, "kw_admin_old\n", { mode: 0o644 });
    const result = await bootstrapFirstOrganization(services, {
      dataDir,
      adminToken: null,
      databaseInDataDir: true,
    });
    assert.equal(result?.tokenFile, file);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const token = (await readFile(file, "utf8")).trim();
    assert.notEqual(token, "kw_admin_old");
    assert.ok(await services.tokens.authenticate(token));
  });

  test("bootstrap on another database (PostgreSQL) keeps the data dir's admin-token and writes admin-token-<org>", async () => {
    const store = await open();
    await migrateToLatest(store.store.db);
    const services = createServices({ store: store.store, secret: "x".repeat(32) });
    const dataDir = join(root, `${db.name}-other-database`);
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, ADMIN_TOKEN_FILE);
    await writeFile(file, "kw_admin_of_the_sqlite_database\n", { mode: 0o600 });
    const result = await bootstrapFirstOrganization(services, {
      dataDir,
      adminToken: null,
      databaseInDataDir: false,
    });
    assert.ok(result);
    assert.equal(result.tokenFile, join(dataDir, `${ADMIN_TOKEN_FILE}-${result.organizationId}`));
    assert.equal(await readFile(file, "utf8"), "kw_admin_of_the_sqlite_database\n");
    assert.equal((await stat(result.tokenFile)).mode & 0o777, 0o600);
    assert.ok(
      await services.tokens.authenticate((await readFile(result.tokenFile, "utf8")).trim()),
    );
  });

  test("bootstrap with KEYWARD_ADMIN_TOKEN: that token, no file", async () => {
    const store = await open();
    await migrateToLatest(store.store.db);
    const services = createServices({ store: store.store, secret: "x".repeat(32) });
    const dataDir = join(root, `${db.name}-given`);
    const adminToken = `kw_admin_${"Z".repeat(40)}`;
    const result = await bootstrapFirstOrganization(services, {
      dataDir,
      adminToken,
      databaseInDataDir: true,
    });
    assert.deepEqual(result && { ...result, organizationId: "x" }, {
      organizationId: "x",
      tokenFile: null,
    });
    await assert.rejects(stat(join(dataDir, ADMIN_TOKEN_FILE)), { code: "ENOENT" });
    const principal = await services.tokens.authenticate(adminToken);
    assert.equal(principal?.organizationId, result?.organizationId);
    assert.equal(principal?.kind, "admin");
  });
});

test("ids: prefixed, 26 Crockford base32 characters, sorted by time", () => {
  const id = newId("prod", new Date("2030-01-01T00:00:00Z"));
  assert.match(id, /^prod_[0-9a-hjkmnp-tv-z]{26}$/);
  assert.ok(isId("prod", id));
  assert.ok(!isId("tok", id));
  assert.ok(!isId("prod", `${id}x`));
  assert.ok(!isId("prod", id.toUpperCase()));
  const earlier = newId("prod", new Date("2029-12-31T23:59:59.999Z"));
  const later = newId("prod", new Date("2030-01-01T00:00:00.001Z"));
  assert.ok(earlier < id && id < later);
});

test("ids made in one millisecond still sort in creation order", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const ids = Array.from({ length: 1000 }, () => newId("tok", now));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  // The time part (the first 45 of its 48 bits: 9 characters) is the same for all of them.
  assert.equal(new Set(ids.map((id) => id.slice(0, "tok_".length + 9))).size, 1);
});
