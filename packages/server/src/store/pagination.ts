/**
 * A page of a list: items in id (= creation) order, newest first when asked ("desc"), and the
 * cursor of the next page, if any.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Oldest first (ascending ids, the default) or newest first. */
export type PageOrder = "asc" | "desc";

export interface PageRequest {
  /** The id of the last item of the previous page (a page in the same order). */
  cursor?: string | undefined;
  limit: number;
  /** Absent: "asc". */
  order?: PageOrder | undefined;
}

/** The page with each item mapped (rows decoded into records). */
export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

/** Cuts one extra row fetched to learn whether another page follows. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
