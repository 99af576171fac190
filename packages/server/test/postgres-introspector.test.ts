// Kysely's own PostgreSQL introspector calls has_schema_privilege() by name on every schema of
// the database, so a schema dropped while it runs fails the migrator of an unrelated Keyward
// ("schema … does not exist"). The store's introspector reads only its own schema.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { openStore, type Store } from "../src/store/database.js";
import { migrateToLatest } from "../src/store/migrate.js";
import {
  createTestSchema,
  POSTGRES_SKIP,
  POSTGRES_URL,
  type TestSchema,
} from "./support/databases.js";

describe("[postgres] the store's introspector", { skip: POSTGRES_SKIP }, () => {
  let ours: TestSchema;
  let store: Store;
  before(async () => {
    ours = await createTestSchema();
    store = openStore({ dataDir: "", databaseUrl: ours.databaseUrl });
    await migrateToLatest(store.db);
  });
  after(async () => {
    await store?.close();
    await ours?.drop();
  });

  test("lists this schema's tables only, and survives another schema dropped meanwhile", async () => {
    const other = await createTestSchema();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(`create table ${other.schema}.elsewhere (id int)`);
      await store.db
        .transaction()
        .setIsolationLevel("repeatable read")
        .execute(async (trx) => {
          // The snapshot still shows the other schema; the drop commits after it was taken,
          // which is the race a concurrent DROP SCHEMA makes.
          await sql`select count(*) from pg_catalog.pg_namespace`.execute(trx);
          await other.drop();
          const tables = await trx.introspection.getTables({ withInternalKyselyTables: true });
          const names = tables.map((table) => table.name);
          assert.ok(names.includes("licenses") && names.includes("kysely_migration"), names.join());
          assert.ok(!names.includes("elsewhere"), names.join());
          assert.deepEqual(new Set(tables.map((table) => table.schema)), new Set([ours.schema]));
        });
    } finally {
      await admin.end();
      await other.drop();
    }
  });
});
