// Building blocks every screen shares: the states of a query, API errors, tables, cursor
// pagination and the secrets shown once. Form controls are in forms.tsx.
import { KeywardApiError } from "@keyward/client";
import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";

/** Loading, error and empty states around a query's data. */
export function QueryView<T>(props: {
  query: UseQueryResult<T>;
  /** What to say when the data holds nothing. */
  empty?: (data: T) => string | null;
  label: string;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) {
    return (
      <p className="state" role="status">
        Loading {props.label}…
      </p>
    );
  }
  if (query.isError)
    return <ErrorNotice error={query.error} what={`Could not load ${props.label}`} />;
  const emptyText = props.empty?.(query.data);
  if (emptyText) {
    return (
      <p className="state empty" role="status">
        {emptyText}
      </p>
    );
  }
  return <>{props.children(query.data)}</>;
}

/** An API or network error as the API gave it: message, code and request id. */
export function ErrorNotice(props: { error: unknown; what?: string }) {
  const { error } = props;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice error" role="alert">
      {props.what ? <strong>{props.what}: </strong> : null}
      {message}
      {error instanceof KeywardApiError ? (
        <span className="meta">
          {" "}
          ({error.code}
          {error.requestId ? `, request ${error.requestId}` : ""})
        </span>
      ) : null}
    </div>
  );
}

/** The cursors of the pages seen so far: the API's lists only go forward. */
export interface Cursor {
  cursor: string | undefined;
  page: number;
  next(cursor: string): void;
  previous(): void;
  reset(): void;
}

/**
 * The cursors of a list under `filters` (any string naming them): other filters are another
 * list, so a change of filters starts again at page 1 (a cursor of the old list would page
 * through the new one from the middle).
 */
export function useCursor(filters = ""): Cursor {
  const [seen, setSeen] = useState<{ filters: string; stack: string[] }>({ filters, stack: [] });
  const stack = seen.filters === filters ? seen.stack : [];
  const change = (to: (stack: string[]) => string[]) =>
    setSeen((current) => ({
      filters,
      stack: to(current.filters === filters ? current.stack : []),
    }));
  return {
    cursor: stack.at(-1),
    page: stack.length + 1,
    next: (cursor) => change((current) => [...current, cursor]),
    previous: () => change((current) => current.slice(0, -1)),
    reset: () => change(() => []),
  };
}

/** Previous/next over a list's cursor pages (useCursor), given the current page's nextCursor. */
export function Pager({ cursor, nextCursor }: { cursor: Cursor; nextCursor: string | null }) {
  // One page in all: nothing to page through.
  if (cursor.page === 1 && nextCursor === null) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={cursor.page === 1} onClick={cursor.previous}>
        Previous page
      </button>
      <span>Page {cursor.page}</span>
      <button
        type="button"
        disabled={nextCursor === null}
        onClick={() => nextCursor !== null && cursor.next(nextCursor)}
      >
        Next page
      </button>
    </nav>
  );
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function StatusBadge(props: { status: string }) {
  return <span className={`badge status-${props.status}`}>{props.status}</span>;
}

/** A link to a license's detail screen, named by the license's name or else its id. */
export function LicenseLink({ license }: { license: { id: string; name?: string | null } }) {
  return (
    <Link to="/licenses/$id" params={{ id: license.id }}>
      {license.name ?? license.id}
    </Link>
  );
}

/**
 * The question before a step that cannot be undone (a rotation), announced: the step's button
 * and one that keeps things as they are.
 */
export function Confirm(props: {
  children: ReactNode;
  confirm: string;
  keep: string;
  pending: boolean;
  onConfirm(): void;
  onKeep(): void;
}) {
  return (
    <div className="notice secret" role="alert">
      <p>{props.children}</p>
      <button type="button" className="danger" disabled={props.pending} onClick={props.onConfirm}>
        {props.confirm}
      </button>{" "}
      <button type="button" className="secondary" onClick={props.onKeep}>
        {props.keep}
      </button>
    </div>
  );
}

/**
 * A secret the API shows once (a token, a webhook signing secret): to copy now, then hidden;
 * the dashboard keeps it nowhere.
 */
export function OnceSecret(props: {
  /** What it is: "token", "signing secret". */
  what: string;
  secret: string;
  testId: string;
  onDone(): void;
}) {
  return (
    <div className="notice secret" role="status">
      <p>
        <strong>Copy this {props.what} now:</strong> it is shown only this once.
      </p>
      <code className="mono key" data-testid={props.testId}>
        {props.secret}
      </code>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => void navigator.clipboard?.writeText(props.secret)}
        >
          Copy
        </button>
        <button type="button" className="secondary" onClick={props.onDone}>
          Done, hide it
        </button>
      </div>
    </div>
  );
}

/**
 * A table that scrolls sideways on narrow screens; focusable (keyboard users scroll it with the
 * arrow keys) and named, as a scrollable region must be.
 */
export function TableWrap(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus
    <section className="table-wrap" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}

/** One column of a PagedTable: its header and what each row shows in it. */
export interface Column<T> {
  header: string;
  /** The header is read by screen readers only (an actions column). */
  hiddenHeader?: boolean;
  className?: string;
  cell: (item: T) => ReactNode;
}

/** A row's button, named for screen readers by the row ("Delete ada@example.com"). */
export function RowButton(props: {
  label: string;
  onClick(): void;
  disabled?: boolean | undefined;
  danger?: boolean | undefined;
  /** A toggle's state (the row's details shown). */
  pressed?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={props.danger ? "danger" : "secondary"}
      disabled={props.disabled}
      aria-pressed={props.pressed}
      onClick={props.onClick}
      aria-label={props.label}
    >
      {props.children}
    </button>
  );
}

/** The actions column: its header is for screen readers, its buttons sit in a row. */
export function actionsColumn<T>(cell: (item: T) => ReactNode): Column<T> {
  return {
    header: "Actions",
    hiddenHeader: true,
    cell: (item) => <span className="actions">{cell(item)}</span>,
  };
}

/**
 * The actions column of a list with one action per row (delete, revoke, deactivate): a button
 * named by the row, disabled while the action runs; rows `when` refuses show none.
 */
export function actionColumn<T extends { id: string }>(action: {
  verb: string;
  name: (item: T) => string;
  run: (id: string) => void;
  pending: boolean;
  danger?: boolean;
  when?: (item: T) => boolean;
}): Column<T> {
  return actionsColumn((item) =>
    action.when && !action.when(item) ? null : (
      <RowButton
        label={`${action.verb} ${action.name(item)}`}
        onClick={() => action.run(item.id)}
        disabled={action.pending}
        danger={action.danger}
      >
        {action.verb}
      </RowButton>
    ),
  );
}

/**
 * Rows under their columns' headers, in the scrollable region named `label` ("Quotas table").
 * `rowKey` tells the rows apart.
 */
export function Table<T>(props: {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (item: T) => string;
}) {
  const { columns } = props;
  return (
    <TableWrap label={props.label}>
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.hiddenHeader ? (
                  <span className="visually-hidden">{column.header}</span>
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((item) => (
            <tr key={props.rowKey(item)}>
              {columns.map((column) => (
                <td key={column.header} className={column.className}>
                  {column.cell(item)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * A list screen's table over one cursor page of the API: loading, error and empty states, the
 * table in its scrollable region, and the pager. The screens differ only in their columns.
 */
export function PagedTable<T extends { id: string }>(props: {
  query: UseQueryResult<{ data: T[]; nextCursor: string | null }>;
  cursor: Cursor;
  /** Plural noun for the states ("licenses") and the table's region name. */
  label: string;
  /** Said when the first page holds nothing. */
  empty: string;
  columns: readonly Column<T>[];
}) {
  const { cursor } = props;
  return (
    <QueryView
      query={props.query}
      label={props.label}
      empty={(page) => (page.data.length === 0 && cursor.page === 1 ? props.empty : null)}
    >
      {(page) => (
        <>
          <Table
            label={`${props.label[0]!.toUpperCase()}${props.label.slice(1)} table`}
            columns={props.columns}
            rows={page.data}
            rowKey={(item) => item.id}
          />
          <Pager cursor={cursor} nextCursor={page.nextCursor} />
        </>
      )}
    </QueryView>
  );
}
