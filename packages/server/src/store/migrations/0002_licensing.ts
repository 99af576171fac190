import type { Kysely } from "kysely";

// Policies, licenses, entitlements and the links between them. Portable DDL as in 0001.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("policies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("policies_organization_id")
    .on("policies")
    .columns(["organization_id", "id"])
    .execute();
  await db.schema
    .createIndex("policies_organization_product")
    .on("policies")
    .columns(["organization_id", "product_id", "id"])
    .execute();

  await db.schema
    .createTable("licenses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
    .addColumn("user_id", "text")
    .addColumn("name", "text")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("suspended", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("revoked_at", "text")
    .addColumn("expires_at", "text")
    .addColumn("uses", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("overrides", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("licenses_key_hash")
    .on("licenses")
    .column("key_hash")
    .unique()
    .execute();
  await db.schema
    .createIndex("licenses_organization_id")
    .on("licenses")
    .columns(["organization_id", "id"])
    .execute();
  await db.schema
    .createIndex("licenses_organization_product")
    .on("licenses")
    .columns(["organization_id", "product_id", "id"])
    .execute();
  await db.schema
    .createIndex("licenses_organization_policy")
    .on("licenses")
    .columns(["organization_id", "policy_id", "id"])
    .execute();

  await db.schema
    .createTable("entitlements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("entitlements_organization_code", ["organization_id", "code"])
    .execute();
  await db.schema
    .createIndex("entitlements_organization_id")
    .on("entitlements")
    .columns(["organization_id", "id"])
    .execute();

  for (const [table, owner, ownerTable] of [
    ["policy_entitlements", "policy_id", "policies"],
    ["license_entitlements", "license_id", "licenses"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
      .addColumn(owner, "text", (c) => c.notNull().references(`${ownerTable}.id`))
      .addColumn("entitlement_id", "text", (c) => c.notNull().references("entitlements.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pkey`, [owner, "entitlement_id"])
      .execute();
    await db.schema
      .createIndex(`${table}_entitlement`)
      .on(table)
      .columns(["entitlement_id"])
      .execute();
  }
}
