import { type Kysely, PostgresAdapter, sql } from "kysely";

// Validations stop writing a row per check (issue 18.2). Instead:
// - validation_counters: how many validations of a license answered a code on a day (UTC),
//   upserted in batches (services/validation-log.ts);
// - licenses and machines keep their last validation: the time (in batches) and the code (at
//   once, with an event, when it changes).
// Existing validation events are folded into counters and set the last validations; the rows
// themselves are kept: they are the audit log as it was written, and deleting history is the
// operator's choice, not an upgrade's (docs/server.md says how to prune them).

const VALIDATION_TYPES = ["license.validation.succeeded", "license.validation.failed"];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["licenses", "machines"]) {
    await db.schema.alterTable(table).addColumn("last_validated_at", "text").execute();
    await db.schema.alterTable(table).addColumn("last_validation_code", "text").execute();
  }

  await db.schema
    .createTable("validation_counters")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    // No foreign keys to products or licenses: counts outlive what they count.
    .addColumn("product_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("count", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("validation_counters_pk", [
      "organization_id",
      "license_id",
      "day",
      "code",
    ])
    .execute();
  await db.schema
    .createIndex("validation_counters_organization_day")
    .on("validation_counters")
    .columns(["organization_id", "day"])
    .execute();
  await db.schema
    .createIndex("validation_counters_product_day")
    .on("validation_counters")
    .columns(["organization_id", "product_id", "day"])
    .execute();
  await foldValidationEvents(db);
}

/**
 * Counters and last validations from the validation events already recorded: idempotent on an
 * empty counters table (test/validation-counters.test.ts runs it on data made by the API).
 */
export async function foldValidationEvents(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // The code an event recorded, in each dialect's JSON syntax (data is JSON text).
  const code = postgres ? sql`(e.data::json ->> 'code')` : sql`json_extract(e.data, '$.code')`;
  // Literals, not parameters: the test harness replays migrations' SQL as text.
  const types = sql.join(VALIDATION_TYPES.map((type) => sql.lit(type)));

  // Events of licenses since deleted have no product to count under and are left out.
  await sql`
    insert into validation_counters (organization_id, product_id, license_id, code, day, count)
    select e.organization_id, l.product_id, e.license_id, ${code}, substr(e.created_at, 1, 10),
           count(*)
    from events e
    join licenses l on l.id = e.license_id and l.organization_id = e.organization_id
    where e.type in (${types}) and ${code} is not null
    group by e.organization_id, l.product_id, e.license_id, ${code}, substr(e.created_at, 1, 10)
  `.execute(db);

  // The last validation event of each license without a machine, and of each machine: one
  // grouped pass over the events (event ids grow with time), not a lookup per row.
  for (const [table, subject, machineCondition] of [
    ["licenses", sql`license_id`, sql`machine_id is null`],
    ["machines", sql`machine_id`, sql`machine_id is not null`],
  ] as const) {
    await sql`
      update ${sql.table(table)}
      set last_validated_at = x.created_at, last_validation_code = x.code
      from (
        select last.subject, e.created_at, ${code} as code
        from events e
        join (
          select ${subject} as subject, max(id) as id from events
          where type in (${types}) and ${machineCondition} and ${subject} is not null
          group by ${subject}
        ) last on last.id = e.id
      ) x
      where ${sql.table(table)}.id = x.subject
    `.execute(db);
  }
}
