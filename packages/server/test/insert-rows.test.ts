// insertRows: the rows Kysely reads back, in one transaction; never slipped into another
// request's open transaction on the shared SQLite connection, and part of the caller's own.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { newId } from "../src/ids.js";
import { insertRows } from "../src/store/database.js";
import type { Event } from "../src/store/schema.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { signal } from "./support/signals.js";

forEachDatabase("store: insertRows", (db) => {
  let testStore: TestStore;
  let organizationId: string;
  before(async () => {
    testStore = await db.openMigrated();
    const now = new Date().toISOString();
    organizationId = newId("org");
    await testStore.store.db
      .insertInto("organizations")
      .values({ id: organizationId, name: "Rows", created_at: now, updated_at: now })
      .execute();
  });
  after(() => testStore.close());

  const events = (count: number, type: string): Event[] =>
    Array.from({ length: count }, (_, index) => ({
      id: newId("evt"),
      organization_id: organizationId,
      type,
      license_id: index % 2 === 0 ? null : newId("lic"),
      machine_id: null,
      data: JSON.stringify({ index }),
      created_at: new Date().toISOString(),
    }));

  const stored = (type: string) =>
    testStore.store.db
      .selectFrom("events")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("type", "=", type)
      .orderBy("id")
      .execute();

  test("inserts every row (more than one chunk) as Kysely reads them back", async () => {
    const rows = events(120, "test.many");
    await insertRows(testStore.store.db, "events", rows);
    assert.deepEqual(await stored("test.many"), rows);
  });

  test("while another transaction holds the connection, its rollback does not take the rows", async () => {
    const { db: kysely } = testStore.store;
    const inserted = signal();
    const held = signal();
    const transaction = kysely.transaction().execute(async (trx) => {
      await insertRows(trx, "events", events(1, "test.rolled-back"));
      inserted.resolve();
      await held.promise;
      throw new Error("roll back");
    });
    // The outside insert starts only once the transaction has written its row, and the
    // transaction stays open until that insert has started: the race happens on every run.
    await inserted.promise;
    const rows = events(3, "test.outside");
    const inserting = insertRows(kysely, "events", rows);
    held.resolve();
    await assert.rejects(transaction, /roll back/);
    await inserting;
    assert.deepEqual(await stored("test.outside"), rows);
    assert.deepEqual(await stored("test.rolled-back"), []);
  });
});
