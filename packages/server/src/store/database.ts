import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import {
  type CompiledQuery,
  type Insertable,
  Kysely,
  PostgresAdapter,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
  type SqliteDatabase,
  SqliteDialect,
  sql,
} from "kysely";
import type pg from "pg";
import { preparePrivateDir, preparePrivateFile, type Warn, warnOnStderr } from "../data-dir.js";
import { CurrentSchemaPostgresDialect } from "./postgres-introspector.js";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

/**
 * A database handle or an open transaction: what repositories take and what services pass
 * along. Services name this, never Kysely's generic with the schema (which stays in store/).
 */
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
  /** PostgreSQL: the pool's sizes now (the metrics' gauges); absent for SQLite. */
  poolStats?: () => { total: number; idle: number; waiting: number };
}

/** How long the database may take, and how many connections it gets (docs/server.md). */
export interface DatabaseLimits {
  /** PostgreSQL: connections per process. */
  poolSize: number;
  /** PostgreSQL: longest wait for a connection, a new one or one from a busy pool. */
  connectTimeoutMs: number;
  /**
   * PostgreSQL: longest statement, and longest idle gap inside a transaction, both enforced by
   * the server (statement_timeout, idle_in_transaction_session_timeout); when the server sends
   * nothing at all (a dead network), the client gives up NO_ANSWER_GRACE_MS later. 0: no limit.
   */
  statementTimeoutMs: number;
  /** PostgreSQL: an unused pooled connection is closed after this. */
  idleTimeoutMs: number;
  /**
   * SQLite: longest wait for another process's write lock (busy_timeout). better-sqlite3 waits
   * synchronously: the process answers nothing else meanwhile, so keep it short.
   */
  sqliteBusyTimeoutMs: number;
}

export const DATABASE_DEFAULTS: DatabaseLimits = {
  poolSize: 10,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleTimeoutMs: 30_000,
  sqliteBusyTimeoutMs: 5_000,
};

/** How much longer than the statement timeout the client waits for a server that says nothing. */
const NO_ANSWER_GRACE_MS = 2_000;

export interface StoreOptions {
  /** postgres://… or null for SQLite. */
  databaseUrl: string | null;
  /** Directory of the SQLite file (created when missing). */
  dataDir: string;
  /** SQLite file name inside dataDir, or ":memory:". */
  sqliteFile?: string;
  /** Defaults: DATABASE_DEFAULTS. */
  limits?: Partial<DatabaseLimits>;
  /**
   * PostgreSQL: an idle pooled connection failed (the server ended it, the network broke). The
   * pool has already dropped it and opens a new one when needed; this only reports it.
   */
  onConnectionLost?: (error: Error) => void;
  /** Where it says that it made the data dir or the SQLite files private (default: stderr). */
  warn?: Warn;
}

/**
 * The database cannot answer now: it refuses or drops connections, or a timeout of
 * DatabaseLimits passed. The API answers 503 DATABASE_UNAVAILABLE; `cause` is the driver's error.
 */
class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";
  readonly code = "DATABASE_UNAVAILABLE";
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** The SQLite database in the data dir. */
export const SQLITE_FILE = "keyward.sqlite";

/**
 * The PostgreSQL driver, loaded when a store first needs it: a server on SQLite never loads it,
 * which keeps about 10 MB of code and heap out of its memory (issue 18.5). Synchronous (pg is
 * CommonJS), so openStore stays synchronous.
 */
let postgresDriver: typeof pg | undefined;
function postgres(): typeof pg {
  postgresDriver ??= createRequire(import.meta.url)("pg") as typeof pg;
  return postgresDriver;
}

/** Opens the database: SQLite in WAL mode by default, PostgreSQL when a URL is given. */
export function openStore(options: StoreOptions): Store {
  const limits = { ...DATABASE_DEFAULTS, ...options.limits };
  if (options.databaseUrl) {
    const pool = new (postgres().Pool)({
      connectionString: options.databaseUrl,
      // Shows in pg_stat_activity; an application_name in the URL wins.
      application_name: "keyward",
      max: limits.poolSize,
      connectionTimeoutMillis: limits.connectTimeoutMs,
      idleTimeoutMillis: limits.idleTimeoutMs,
      ...(limits.statementTimeoutMs > 0 && {
        statement_timeout: limits.statementTimeoutMs,
        idle_in_transaction_session_timeout: limits.statementTimeoutMs,
        query_timeout: limits.statementTimeoutMs + NO_ANSWER_GRACE_MS,
      }),
    });
    // Without a listener, an idle connection's failure would be an uncaught exception.
    pool.on("error", (error) => options.onConnectionLost?.(error));
    const guarded = unavailableWhenDown(pool);
    const db = new Kysely<Database>({
      dialect: new CurrentSchemaPostgresDialect({ pool: guarded }),
    });
    directPostgres.set(db, guarded);
    return {
      db,
      dialect: "postgres",
      close: () => db.destroy(),
      poolStats: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }),
    };
  }
  const file = options.sqliteFile ?? SQLITE_FILE;
  const path = file === ":memory:" ? file : join(options.dataDir, file);
  if (path !== ":memory:") {
    const warn = options.warn ?? warnOnStderr;
    preparePrivateDir(options.dataDir, warn);
    // SQLite creates the -wal and -shm files with the database file's mode: 0600 from the start.
    preparePrivateFile(path, warn, true);
    for (const suffix of ["-wal", "-shm"]) preparePrivateFile(`${path}${suffix}`, warn);
  }
  const sqlite = new SQLite(path);
  // First: switching to WAL waits for other processes opening the same file.
  sqlite.pragma(`busy_timeout = ${limits.sqliteBusyTimeoutMs}`);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  directConnections.set(db, { sqlite, read: directReader(sqlite), insert: directInserter(sqlite) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** Which database `db` (or a transaction on it) talks to. */
/** One round trip to the database (`select 1`); rejects while it does not answer. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

export function dialectOf(db: Kysely<Database>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * The pool as Kysely sees it, where every failure that means "no database" becomes a
 * DatabaseUnavailableError and a connection that broke is dropped from the pool, never reused.
 */
function unavailableWhenDown(pool: pg.Pool): GuardedPool {
  const guarded = new WeakMap<pg.PoolClient, GuardedClient>();
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        // A pool this process closed is its own fault (500), as Kysely answers after destroy().
        if (pool.ending) throw error;
        throw new DatabaseUnavailableError(error);
      }
      let wrapped = guarded.get(client);
      if (!wrapped) {
        wrapped = guardedClient(client);
        guarded.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

/** A pooled connection that also runs named prepared statements (see pointLookup). */
interface GuardedClient extends PostgresPoolClient {
  /** `text` as the prepared statement `name` on this connection: parsed and planned once. */
  prepared(name: string, text: string, values: unknown[]): Promise<PostgresQueryResult<unknown>>;
  /** Gives the connection back, closing it instead when `discard` (its statements are stale). */
  release(discard?: boolean): void;
}

interface GuardedPool extends PostgresPool {
  connect(): Promise<GuardedClient>;
}

function guardedClient(client: pg.PoolClient): GuardedClient {
  // The connection's own failure (the server ended it, the network broke). The pool listens
  // only while the client is idle: without this listener, a failure while Kysely holds the
  // client (between a transaction's statements) would be an uncaught exception.
  let lost: Error | undefined;
  client.on("error", (error) => {
    lost ??= error;
  });
  const query = async (
    text: string,
    parameters: ReadonlyArray<unknown>,
    name?: string,
  ): Promise<PostgresQueryResult<unknown>> => {
    try {
      const values = parameters as unknown[];
      return (await (name === undefined
        ? client.query(text, values)
        : client.query({ name, text, values }))) as PostgresQueryResult<unknown>;
    } catch (error) {
      if (lost === undefined && endsConnection(error)) lost = error as Error;
      if (lost !== undefined || isUnavailableCode(error)) throw new DatabaseUnavailableError(error);
      throw error;
    }
  };
  return {
    // Kysely passes a cursor only for streams, which need a cursor class it is not given.
    query: ((text: string, parameters: ReadonlyArray<unknown>) =>
      query(text, parameters)) as PostgresPoolClient["query"],
    prepared: (name, text, values) => query(text, values, name),
    release: (discard = false) => client.release(lost ?? discard),
  };
}

/**
 * SQLSTATE codes of a database that cannot answer now: connection exceptions (class 08),
 * insufficient resources (53: too many connections, out of memory or disk), operator
 * intervention (57: shutdown, statement timeout) and lock_not_available.
 */
function isUnavailableCode(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (/^(08|53|57)/.test(code) || code === "55P03");
}

/**
 * Failures after which the connection must not be used again: the server ended the session
 * (class 08, 57P01–57P05), or pg's query_timeout passed without an answer (the statement may
 * still run there; pg's message is its only mark).
 */
function endsConnection(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return /^(08|57P0)/.test(code);
  return error instanceof Error && error.message === "Query read timeout";
}

/** Runs constant SQL straight on the SQLite connection, without Kysely. */
interface DirectRead {
  /** The first row of `sql` (`?` parameters), as Kysely returns rows. */
  first<Row>(sql: string, parameters: unknown[]): Row | undefined;
}

/** Inserts rows (all with the same columns, named by us) in one SQLite transaction. */
type DirectInsert = (table: string, rows: Record<string, unknown>[]) => void;

// A process-wide pool, not a cache of data: each SQLite connection's prepared statements, held
// weakly by the connection (gone with it). Statements hold SQL text, never rows, so nothing in
// them goes stale and they need neither a clock nor invalidation.
const directConnections = new WeakMap<
  Kysely<Database>,
  { sqlite: SQLite.Database; read: DirectRead; insert: DirectInsert }
>();

// The pools of PostgreSQL stores, by their Kysely instance (not its transactions): point
// lookups run there as named prepared statements.
const directPostgres = new WeakMap<Kysely<Database>, GuardedPool>();

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
  // One per dialect: a process may hold stores of both (the tests do).
  let template: { sql: string; order: number[] } | undefined;
  let prepared: { name: string; sql: string; order: number[] } | undefined;
  return async (db, ...parameters) => {
    const pool = directPostgres.get(db);
    if (pool) {
      prepared ??= namedTemplate(compileTemplate(build, db, parameters));
      const values = prepared.order.map((index) => parameters[index]);
      const row = await firstPrepared(pool, prepared.name, prepared.sql, values);
      return row === STALE ? build(db, ...parameters).executeTakeFirst() : (row as Row | undefined);
    }
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

/** The statement's name on every connection: its SQL's hash, so one name never has two texts. */
function namedTemplate(template: { sql: string; order: number[] }) {
  const name = `kw_${createHash("sha256").update(template.sql).digest("hex").slice(0, 24)}`;
  return { name, ...template };
}

const STALE = Symbol("stale prepared statement");

/**
 * The first row of a named prepared statement on PostgreSQL: Kysely's unnamed statements make
 * PostgreSQL parse and plan the license-context join on every check, which cost five times the
 * execution (bench/validate.ts --database postgres); named, each pooled connection prepares it
 * once. Cost: a statement per lookup per connection held by the server (a few kB each, at most
 * poolSize × the handful of lookups). A migration that changes a table behind `select *` makes
 * PostgreSQL refuse the old plan ("cached plan must not change result type", 0A000): the
 * connection is then closed (its statements go with it) and STALE tells the caller to run the
 * lookup through Kysely once.
 */
async function firstPrepared(
  pool: GuardedPool,
  name: string,
  text: string,
  values: unknown[],
): Promise<unknown | typeof STALE> {
  const client = await pool.connect();
  let discard = false;
  try {
    const result = await client.prepared(name, text, values);
    return result.rows[0];
  } catch (error) {
    if ((error as { code?: unknown }).code === "0A000") {
      discard = true;
      return STALE;
    }
    throw error;
  } finally {
    client.release(discard);
  }
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
  // One chunk is one statement, atomic by itself: no BEGIN and COMMIT round trips around it.
  if (db.isTransaction || rows.length <= INSERT_CHUNK) await insertChunks(db);
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

/** `(values) => ({ "<column 0>": values[0], … })` for the statement's columns. */
function rowBuilder(statement: SQLite.Statement): RowBuilder {
  const columns = statement.columns().map((column) => column.name);
  const build = literalBuilder(columns.map((name, index) => [name, index]));
  return Object.assign(build, { width: columns.length });
}

/**
 * `(source) => ({ "<to>": source["<from>"], … })`, made once: an object literal V8 specializes,
 * where copying members one by one in a loop is a run of keyed stores it cannot. The names are
 * our own (columns of our compiled SQL) and written as JSON literals, so none can inject code.
 */
export function literalBuilder(
  members: ReadonlyArray<readonly [to: string, from: string | number]>,
): (source: unknown) => Record<string, unknown> {
  const body = members.map(
    ([to, from]) => `${JSON.stringify(to)}: source[${JSON.stringify(from)}]`,
  );
  return new Function("source", `return { ${body.join(", ")} };`) as (
    source: unknown,
  ) => Record<string, unknown>;
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
