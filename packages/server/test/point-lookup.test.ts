// pointLookup: the same rows as Kysely, whatever order a query binds its parameters in, and no
// direct read while a transaction holds the SQLite connection (it would see uncommitted rows);
// on PostgreSQL a named prepared statement (parsed and planned once per connection).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { newId } from "../src/ids.js";
import { pointLookup } from "../src/store/database.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { signal } from "./support/signals.js";

const organizationByNameAndId = pointLookup((db, id: string, name: string) =>
  // Binds `name` before `id`: the reverse of the declared order.
  db.selectFrom("organizations").selectAll().where("name", "=", name).where("id", "=", id),
);

forEachDatabase("store: point lookups", (db) => {
  let testStore: TestStore;
  before(async () => {
    testStore = await db.openMigrated();
  });
  after(() => testStore.close());

  async function insertOrganization(name: string) {
    const now = new Date().toISOString();
    const row = { id: newId("org"), name, created_at: now, updated_at: now };
    await testStore.store.db.insertInto("organizations").values(row).execute();
    return row;
  }

  test("returns Kysely's row, with parameters bound in the query's own order", async () => {
    const row = await insertOrganization("Acme");
    const viaKysely = await testStore.store.db
      .selectFrom("organizations")
      .selectAll()
      .where("id", "=", row.id)
      .executeTakeFirst();
    assert.deepEqual(await organizationByNameAndId(testStore.store.db, row.id, "Acme"), viaKysely);
    assert.equal(await organizationByNameAndId(testStore.store.db, row.id, "Other"), undefined);
  });

  test("a lookup while a transaction is open waits for it and sees only committed rows", async () => {
    const { db: kysely } = testStore.store;
    const id = newId("org");
    const inserted = signal();
    const held = signal();
    const transaction = kysely.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await trx
        .insertInto("organizations")
        .values({ id, name: "Pending", created_at: now, updated_at: now })
        .execute();
      inserted.resolve();
      await held.promise;
      throw new Error("roll back");
    });
    // The look-up starts only once the uncommitted row is there, and the transaction stays
    // open until the look-up has started: the race happens on every run.
    await inserted.promise;
    const lookup = organizationByNameAndId(kysely, id, "Pending");
    held.resolve();
    await assert.rejects(transaction, /roll back/);
    assert.equal(await lookup, undefined);
  });

  test("a query whose SQL carries a value instead of binding it is refused", async () => {
    const inlined = pointLookup((kysely, id: string) =>
      kysely.selectFrom("organizations").selectAll().where("id", "=", id).where("name", "=", "x"),
    );
    await assert.rejects(inlined(testStore.store.db, "org_x"), /must bind only its parameters/);
  });

  test("on PostgreSQL a lookup is a named prepared statement of the connection", async () => {
    if (testStore.store.dialect !== "postgres") return;
    const row = await insertOrganization("Prepared");
    assert.deepEqual(await organizationByNameAndId(testStore.store.db, row.id, "Prepared"), row);
    // One query at a time: pg's pool hands out the connection released last, the lookup's.
    const { rows } = await sql<{ name: string; statement: string }>`
      select name, statement from pg_prepared_statements`.execute(testStore.store.db);
    const lookup = rows.find((prepared) => prepared.name.startsWith("kw_"));
    assert.ok(lookup, JSON.stringify(rows));
    assert.match(lookup.statement, /from "organizations" where "name" = \$1 and "id" = \$2/);
  });

  test("rows keep every column, also after a migration adds one to `select *`", async () => {
    const byId = pointLookup((kysely, id: string) =>
      kysely.selectFrom("organizations").selectAll().where("id", "=", id),
    );
    const row = await insertOrganization("Widening");
    assert.deepEqual(await byId(testStore.store.db, row.id), row);
    await sql`alter table organizations add column test_extra text`.execute(testStore.store.db);
    try {
      assert.deepEqual(await byId(testStore.store.db, row.id), { ...row, test_extra: null });
    } finally {
      await sql`alter table organizations drop column test_extra`.execute(testStore.store.db);
    }
  });
});
