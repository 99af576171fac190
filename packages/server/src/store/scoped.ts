import {
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  sql,
  type Updateable,
} from "kysely";
import { dialectOf } from "./database.js";
import { type Page, type PageRequest, toPage } from "./pagination.js";
import type { Database } from "./schema.js";

// The queries every organization-scoped table shares: one row by (organization, id), a page of
// rows in id order, and update or deletion by (organization, id).

/** The columns that make a table organization-scoped. */
interface ScopedColumns {
  id: string;
  organization_id: string;
}

/** The tables whose rows belong to one organization and are addressed by a string id. */
export type ScopedTable = {
  [T in keyof Database]: Database[T] extends ScopedColumns ? T : never;
}[keyof Database];

/** `SELECT *` from a scoped table, as Kysely types it for that table. */
export type ScopedSelect<T extends ScopedTable> = SelectQueryBuilder<
  Database,
  T,
  Selectable<Database[T]>
>;

/**
 * `db` seen as holding one scoped table. Kysely cannot type `where` on a table name that is a
 * type parameter, so the helpers query through this view and type their results by `T`; sound,
 * as every ScopedTable has these columns and the helpers select whole rows.
 */
function scopedView<T extends ScopedTable>(db: Kysely<Database>, table: T) {
  return { db: db as unknown as Kysely<{ scoped: ScopedColumns }>, table: table as "scoped" };
}

/** The organization's rows of `table`, for the caller to filter further. */
export function selectScoped<T extends ScopedTable>(
  db: Kysely<Database>,
  table: T,
  organizationId: string,
): ScopedSelect<T> {
  const view = scopedView(db, table);
  return view.db
    .selectFrom(view.table)
    .selectAll()
    .where("organization_id", "=", organizationId) as unknown as ScopedSelect<T>;
}

/** The row `id` of the organization; undefined when unknown to it. */
export function findScoped<T extends ScopedTable>(
  db: Kysely<Database>,
  table: T,
  organizationId: string,
  id: string,
): Promise<Selectable<Database[T]> | undefined> {
  const view = scopedView(db, table);
  return view.db
    .selectFrom(view.table)
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst() as Promise<Selectable<Database[T]> | undefined>;
}

/**
 * `query` limited to one page in `idColumn` order (`page.order`: ascending unless "desc"), after
 * `page.cursor` in that order, plus one extra row that tells whether another page follows
 * (pageById runs it). The indexes that end with the id serve either order: SQLite and PostgreSQL
 * read a B-tree backwards as cheaply as forwards.
 */
export function pagedById<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  idColumn = "id",
): SelectQueryBuilder<DB, TB, O> {
  const descending = page.order === "desc";
  const paged = query.orderBy(sql.ref(idColumn), descending ? "desc" : "asc").limit(page.limit + 1);
  return page.cursor ? paged.where(sql.ref(idColumn), descending ? "<" : ">", page.cursor) : paged;
}

/** One page of `query` in `idColumn` order, after `page.cursor` (see pagedById). */
export async function pageById<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  idColumn = "id",
): Promise<Page<O>> {
  return toPage(await pagedById(query, page, idColumn).execute(), page.limit);
}

/** A page of the organization's rows of `table`, unfiltered. */
export function listScoped<T extends ScopedTable>(
  db: Kysely<Database>,
  table: T,
  organizationId: string,
  page: PageRequest,
): Promise<Page<Selectable<Database[T]>>> {
  // Every ScopedTable row has a string id, which TypeScript cannot see through Database[T].
  const query = selectScoped(db, table, organizationId) as SelectQueryBuilder<
    Database,
    T,
    Selectable<Database[T]> & { id: string }
  >;
  return pageById(query, page);
}

/** Deletes the row `id` of the organization; false when unknown to it. */
export async function deleteScoped(
  db: Kysely<Database>,
  table: ScopedTable,
  organizationId: string,
  id: string,
): Promise<boolean> {
  const view = scopedView(db, table);
  const result = await view.db
    .deleteFrom(view.table)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Applies `changes` to the row `id` of the organization; false when unknown to it. */
export async function updateScoped<T extends ScopedTable>(
  db: Kysely<Database>,
  table: T,
  organizationId: string,
  id: string,
  changes: Updateable<Database[T]>,
): Promise<boolean> {
  const view = scopedView(db, table);
  const result = await view.db
    .updateTable(view.table)
    .set(changes as Updateable<ScopedColumns>)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Takes the row's lock for the rest of the transaction with a no-op write (a row lock on
 * PostgreSQL, the write lock on SQLite); false when the row is unknown to the organization.
 * Whatever stores a reference to a row takes its lock before writing the reference, and
 * whatever deletes the row takes it before looking for references: the two then run one after
 * the other, across processes too, so a reference never lands on a row being deleted. Call
 * inside a transaction, before its reads.
 */
export function lockScoped(
  db: Kysely<Database>,
  table: ScopedTable,
  organizationId: string,
  id: string,
): Promise<boolean> {
  // The organization it already has: a write that changes nothing.
  return updateScoped(db, table, organizationId, id, { organization_id: organizationId });
}

/** Strings by UTF-16 code units, as `<` compares them (ids: by creation). */
export const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order a transaction that writes several rows of one table locks them in: by organization,
 * then id. Two transactions locking shared rows in opposite orders can each wait for the other,
 * and PostgreSQL aborts one as deadlocked; in one order, the later waits for the earlier.
 */
export function inLockOrder(
  a: { organizationId: string; id: string },
  b: { organizationId: string; id: string },
): number {
  return compareStrings(a.organizationId, b.organizationId) || compareStrings(a.id, b.id);
}

/**
 * PostgreSQL: takes the row locks of the rows `rows` selects, in lock order (SELECT … ORDER BY
 * organization_id, id FOR UPDATE), before a statement that changes them all: an UPDATE, DELETE
 * or cascade locks rows in the order its plan meets them, which can cross another transaction's
 * lock order. Costs a round trip. SQLite has one writer at a time: nothing to do.
 */
export async function lockInOrder<T extends ScopedTable>(
  db: Kysely<Database>,
  rows: SelectQueryBuilder<Database, T, object>,
): Promise<void> {
  if (dialectOf(db) !== "postgres") return;
  await rows.orderBy(sql`organization_id`).orderBy(sql`id`).forUpdate().execute();
}

/**
 * The ids of a product's licenses now, for `license_id in (…)`: tables keyed by license (machines,
 * events, usage) reach their product through it, so rows of a deleted license leave the product.
 */
export function licenseIdsOfProduct(
  db: Kysely<Database>,
  organizationId: string,
  productId: string,
) {
  return db
    .selectFrom("licenses")
    .select("licenses.id")
    .where("licenses.organization_id", "=", organizationId)
    .where("licenses.product_id", "=", productId);
}

/** The ids of the organization's licenses of a user (the licensee): licenses_organization_user. */
export function licenseIdsOfUser(db: Kysely<Database>, organizationId: string, userId: string) {
  return db
    .selectFrom("licenses")
    .select("licenses.id")
    .where("licenses.organization_id", "=", organizationId)
    .where("licenses.user_id", "=", userId);
}
