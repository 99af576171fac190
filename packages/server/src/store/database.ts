import { join } from "node:path";
import SQLite from "better-sqlite3";
import {
  type CompiledQuery,
  type Insertable,
  Kysely,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
} from "kysely";
import pg from "pg";
import { preparePrivateDir, preparePrivateFile, type Warn, warnOnStderr } from "../data-dir.js";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… or null for SQLite. */
  databaseUrl: string | null;
  /** Directory of the SQLite file (created when missing). */
  dataDir: string;
  /** SQLite file name inside dataDir, or ":memory:". */
  sqliteFile?: string;
  /** Where it says that it made the data dir or the SQLite files private (default: stderr). */
  warn?: Warn;
}

/** Opens the database: SQLite in WAL mode by default, PostgreSQL when a URL is given. */
export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  const file = options.sqliteFile ?? "keyward.sqlite";
  const path = file === ":memory:" ? file : join(options.dataDir, file);
  if (path !== ":memory:") {
    const warn = options.warn ?? warnOnStderr;
    preparePrivateDir(options.dataDir, warn);
    // SQLite creates the -wal and -shm files with the database file's mode: 0600 from the start.
    preparePrivateFile(path, warn, true);
    for (const suffix of ["-wal", "-shm"]) preparePrivateFile(`${path}${suffix}`, warn);
  }
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  directConnections.set(db, { sqlite, read: directReader(sqlite), insert: directInserter(sqlite) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** Runs constant SQL straight on the SQLite connection, without Kysely. */
interface DirectRead {
  /** The first row of `sql` (`?` parameters), as Kysely returns rows. */
  first<Row>(sql: string, parameters: unknown[]): Row | undefined;
}

/** Inserts rows (all with the same columns, named by us) in one SQLite transaction. */
type DirectInsert = (table: string, rows: Record<string, unknown>[]) => void;

const directConnections = new WeakMap<
  Kysely<Database>,
  { sqlite: SQLite.Database; read: DirectRead; insert: DirectInsert }
>();

/** A query that can run on Kysely or have its SQL compiled. */
interface LookupQuery<Row> {
  compile(): CompiledQuery;
  executeTakeFirst(): Promise<Row | undefined>;
}

/**
 * A hot point lookup (bearer token, license by key or id, machine by fingerprint). `build` is the
 * query's one definition, and its SQL must not depend on the parameters' values: Kysely runs it
 * on PostgreSQL and inside transactions. On SQLite
 * outside a transaction, its SQL, compiled once, runs as a prepared statement on the connection:
 * building and compiling a Kysely query, then awaiting its connection, costs several times the
 * indexed lookup itself (bench/api.ts). Not while a transaction holds the connection: a read then
 * would see that transaction's uncommitted rows, whereas Kysely waits until it ends.
 */
export function pointLookup<P extends unknown[], Row>(
  build: (db: Kysely<Database>, ...parameters: P) => LookupQuery<Row>,
): (db: Kysely<Database>, ...parameters: P) => Promise<Row | undefined> {
  let template: { sql: string; order: number[] } | undefined;
  return async (db, ...parameters) => {
    const direct = directConnections.get(db);
    if (!direct || direct.sqlite.inTransaction) return build(db, ...parameters).executeTakeFirst();
    template ??= compileTemplate(build, db, parameters);
    const order = template.order;
    return direct.read.first<Row>(
      template.sql,
      order.map((index) => parameters[index]),
    );
  };
}

const INSERT_CHUNK = 50;

/**
 * Inserts many rows of one table (all with the same columns) in one transaction. On SQLite
 * outside a transaction, a prepared single-row INSERT runs once per row in a better-sqlite3
 * transaction: Kysely would build and compile a statement of hundreds of parameters per chunk,
 * which cost more than SQLite's own work (bench/validate.ts records a row per check). Otherwise
 * (PostgreSQL, inside a transaction) Kysely inserts chunks of a fixed size, so neither the
 * statement cache nor PostgreSQL's limit on parameters sees hundreds of shapes.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const direct = directConnections.get(db);
  if (direct && !direct.sqlite.inTransaction) {
    direct.insert(table, rows as Record<string, unknown>[]);
    return;
  }
  const insertChunks = async (target: Kysely<Database>) => {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      // Kysely's insert typing cannot follow a generic table name.
      await target
        .insertInto(table)
        .values(rows.slice(start, start + INSERT_CHUNK) as never)
        .execute();
    }
  };
  if (db.isTransaction) await insertChunks(db);
  else await db.transaction().execute(insertChunks);
}

/**
 * The SQL of `build` and where each of its `?` takes its value from: built once with a marker
 * per parameter, so the order Kysely binds them in is read off, never assumed.
 */
function compileTemplate<P extends unknown[]>(
  build: (db: Kysely<Database>, ...parameters: P) => { compile(): CompiledQuery },
  db: Kysely<Database>,
  parameters: P,
): { sql: string; order: number[] } {
  const markers = parameters.map((_, index) => `\u0000keyward-parameter-${index}`) as P;
  const compiled = build(db, ...markers).compile();
  const order = compiled.parameters.map((value) => markers.indexOf(value));
  if (order.includes(-1)) {
    throw new Error(`a point lookup must bind only its parameters: ${compiled.sql}`);
  }
  return { sql: compiled.sql, order };
}

/**
 * Rows come from better-sqlite3 as arrays and become objects here, through a function made once
 * per statement that builds the row as an object literal. Built column by column instead, a row
 * is a run of keyed stores V8 cannot specialize, and the mapping cost a third of the lookup.
 * Only compiled point lookups come here, so the statements are kept without a bound.
 */
function directReader(sqlite: SQLite.Database): DirectRead {
  const statements = new Map<string, { statement: SQLite.Statement; toRow: RowBuilder }>();
  return {
    first<Row>(sql: string, parameters: unknown[]): Row | undefined {
      let entry = statements.get(sql);
      if (!entry) {
        const statement = sqlite.prepare(sql).raw();
        entry = { statement, toRow: rowBuilder(statement) };
        statements.set(sql, entry);
      }
      const values = entry.statement.get(...parameters) as unknown[] | undefined;
      if (values === undefined) return undefined;
      // Built again if a migration changed what `select *` returns.
      if (values.length !== entry.toRow.width) entry.toRow = rowBuilder(entry.statement);
      return entry.toRow(values) as Row;
    },
  };
}

interface RowBuilder {
  (values: unknown[]): Record<string, unknown>;
  /** How many columns it maps. */
  width: number;
}

/**
 * `(values) => ({ "<column 0>": values[0], … })` for the statement's columns. The names come
 * from our own compiled SQL and are written as JSON string literals, so none can inject code.
 */
function rowBuilder(statement: SQLite.Statement): RowBuilder {
  const columns = statement.columns().map((column) => column.name);
  const members = columns.map((name, index) => `${JSON.stringify(name)}: values[${index}]`);
  const build = new Function("values", `return { ${members.join(", ")} };`);
  return Object.assign(build, { width: columns.length }) as RowBuilder;
}

function directInserter(sqlite: SQLite.Database): DirectInsert {
  const statements = new Map<string, SQLite.Statement>();
  const insertAll = sqlite.transaction(
    (statement: SQLite.Statement, columns: string[], rows: Record<string, unknown>[]) => {
      for (const row of rows) statement.run(columns.map((column) => row[column]));
    },
  );
  return (table, rows) => {
    const columns = Object.keys(rows[0]!);
    const sql =
      `insert into "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) ` +
      `values (${columns.map(() => "?").join(", ")})`;
    let statement = statements.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      statements.set(sql, statement);
    }
    insertAll(statement, columns, rows);
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing costs more than running a point lookup, so the
 * statements of the (few hundred distinct) queries Keyward issues are kept and reused. Kysely
 * runs one query at a time per SQLite connection, so a statement is never used concurrently.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        // Dynamic SQL (IN lists of varying length) must not grow the cache without bound.
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
