import {
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Kysely,
  PostgresDialect,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from "kysely";

/**
 * Kysely's PostgreSQL introspector reads every schema of the database and calls
 * `has_schema_privilege(name, …)` on each: when another application (or another Keyward, or a
 * test file) drops its schema meanwhile, the call fails with `schema "…" does not exist`, and
 * Kysely's migrator introspects at every start. Keyward's tables live in one schema, the
 * search_path's first, so this introspector reads only that one, through information_schema
 * (which filters by oid, never by a name that may be gone). Cost: tables of other schemas are
 * not listed, which nothing here asks for.
 */
export class CurrentSchemaPostgresDialect extends PostgresDialect {
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own signature
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

interface ColumnRow {
  schema: string;
  table: string;
  tableType: string;
  column: string;
  dataType: string;
  nullable: string;
  columnDefault: string | null;
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own signature
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`
      select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return rows;
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.table_schema as "schema", c.table_name as "table", t.table_type as "tableType",
             c.column_name as "column", c.data_type as "dataType", c.is_nullable as "nullable",
             c.column_default as "columnDefault"
      from information_schema.columns c
      join information_schema.tables t
        on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema()
      order by c.table_name, c.ordinal_position`.execute(this.db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      if (!options.withInternalKyselyTables && row.table.startsWith("kysely_migration")) continue;
      let table = tables.get(row.table);
      if (!table) {
        table = {
          name: row.table,
          schema: row.schema,
          isView: row.tableType === "VIEW",
          columns: [],
        };
        tables.set(row.table, table);
      }
      (table.columns as TableMetadata["columns"][number][]).push({
        name: row.column,
        dataType: row.dataType,
        isNullable: row.nullable === "YES",
        hasDefaultValue: row.columnDefault !== null,
        isAutoIncrementing: row.columnDefault?.startsWith("nextval(") ?? false,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions) {
    return { tables: await this.getTables(options) };
  }
}
