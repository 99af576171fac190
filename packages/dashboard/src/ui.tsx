// Building blocks every screen shares: the states of a query, API errors, tables, cursor
// pagination and the secrets shown once. Form controls are in forms.tsx.
import { KeywardApiError } from "@keyward/client";
import type { UseQueryResult } from "@tanstack/react-query";
import {
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { useCanWrite } from "./session.js";

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

/**
 * The API's errors whose message tells an API client which routes to call first, said as the
 * dashboard's screens do it (the code still beside it).
 */
const IN_WORDS: Readonly<Record<string, string>> = {
  PRODUCT_IN_USE:
    "the product still has policies (and licenses of them): delete its licenses, then its policies, first.",
  PRODUCT_HAS_TOKENS: "tokens of this product still work: revoke them on the Tokens screen first.",
};

/** An API or network error as the API gave it: message (IN_WORDS), code and request id. */
export function ErrorNotice(props: { error: unknown; what?: string }) {
  const { error } = props;
  const message =
    error instanceof KeywardApiError
      ? (IN_WORDS[error.code] ?? error.message)
      : error instanceof Error
        ? error.message
        : String(error);
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
  return cursorOf(seen.filters === filters ? seen.stack : [], (stack) =>
    setSeen({ filters, stack }),
  );
}

/**
 * The Cursor over a stack of cursors kept elsewhere (a screen's address, so Back and a reload
 * find the page again): `keep` stores the stack that replaces it. Whoever keeps it empties it
 * when the filters change, as useCursor does.
 */
export function cursorOf(stack: readonly string[], keep: (stack: string[]) => void): Cursor {
  return {
    cursor: stack.at(-1),
    page: stack.length + 1,
    next: (cursor) => keep([...stack, cursor]),
    previous: () => keep(stack.slice(0, -1)),
    reset: () => keep([]),
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

/**
 * A time in the browser's zone, the zone named ("Mar 1, 2026, 1:00 PM UTC", "… GMT+1"), so it
 * can be matched with the server's logs (UTC). Named, not converted: an agent reads times in
 * their own zone, and the short name keeps the tables' cells narrow.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  // dateStyle and timeStyle take no timeZoneName: their parts, spelled out.
  return new Date(value).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

export function StatusBadge(props: { status: string }) {
  return <span className={`badge status-${props.status}`}>{props.status}</span>;
}

/**
 * The question before a step that cannot be undone (a rotation, a delete, a revocation), in
 * place of the button that asked: the step's button and one that keeps things as they are.
 *
 * Focus moves into it, to the safe choice ("Keep it"), not to the step's button: the question
 * is named by its text, so a screen reader says it before the choice, and a key pressed once
 * too often (Enter or Space repeated on the button that asked, which is gone from under it) then
 * keeps things as they are instead of taking the step. Escape keeps them too. Whoever shows the
 * question gives focus back to the button that asked once it goes (useReturnFocus, AskFirst).
 */
export function Confirm(props: {
  children: ReactNode;
  confirm: string;
  keep: string;
  pending: boolean;
  /** A control of how to take the step (a webhook secret's overlap), under the question. */
  choice?: ReactNode;
  /** The step's failure, said in the question (it may be tried again, or kept). */
  error?: unknown;
  /** What the failure's notice starts with ("Could not delete"). */
  failed?: string | undefined;
  onConfirm(): void;
  onKeep(): void;
  /** Focus coming into the question and leaving it (to another element, or none). */
  onFocus?(): void;
  onBlur?(event: FocusEvent<HTMLElement>): void;
}) {
  const question = useId();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  const keepOnEscape = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    props.onKeep();
  };
  return (
    // A group named by the question: a screen reader says it as focus comes to the choice.
    <fieldset
      className="notice secret confirm"
      aria-labelledby={question}
      onFocus={props.onFocus}
      onBlur={props.onBlur}
    >
      <p id={question}>{props.children}</p>
      {props.choice}
      {props.error ? <ErrorNotice error={props.error} what={props.failed} /> : null}
      <div className="actions">
        {/* aria-disabled, not disabled, while the call runs: a disabled button loses focus. */}
        <button
          type="button"
          className="danger"
          aria-disabled={props.pending || undefined}
          onClick={() => {
            if (!props.pending) props.onConfirm();
          }}
          onKeyDown={keepOnEscape}
        >
          {props.confirm}
        </button>
        <button
          ref={keep}
          type="button"
          className="secondary"
          onClick={props.onKeep}
          onKeyDown={keepOnEscape}
        >
          {props.keep}
        </button>
      </div>
    </fieldset>
  );
}

/** The nearest region around `element` that takes focus (a table's), else the main region. */
function regionAround(element: HTMLElement | null): HTMLElement | null {
  const region = element?.parentElement?.closest<HTMLElement>("[tabindex]");
  return region?.isConnected ? region : document.getElementById("main");
}

/**
 * Focus back on the button that opened a question (Confirm) once the question goes and the
 * button shows again: call `closing(key)` as the question closes, and give `trigger(key)` as
 * the ref of the button named `key`. A button that can no longer be pressed (disabled now)
 * hands focus to the region around it.
 */
export function useReturnFocus() {
  const owed = useRef<string | null>(null);
  return useMemo(
    () => ({
      closing(key: string) {
        owed.current = key;
      },
      trigger: (key: string) => (element: HTMLButtonElement | null) => {
        if (!element || owed.current !== key) return;
        owed.current = null;
        (element.disabled ? regionAround(element) : element)?.focus();
      },
    }),
    [],
  );
}

/**
 * A button whose step cannot be undone (delete, revoke, deactivate): pressed, it asks first
 * (Confirm) in its place; kept, focus goes back to it; taken, the question closes once the call
 * succeeds, and its failure is said in the question. When the button leaves the page with focus
 * on it or its question (its row deleted), focus goes to the region around it (the table).
 */
export function AskFirst(props: {
  /** The button's text ("Delete"). */
  children: ReactNode;
  /** Its name for screen readers when the text alone is not enough ("Delete ada@example.com"). */
  label?: string | undefined;
  danger?: boolean | undefined;
  disabled?: boolean | undefined;
  question: ReactNode;
  /** A control of how to take the step, in the question (Confirm's `choice`). */
  choice?: ReactNode;
  /** The step's button in the question ("Yes, delete"). */
  confirm: string;
  keep?: string | undefined;
  /** The step's call: running, and its failure (said in the question). */
  pending: boolean;
  error?: unknown;
  failed?: string | undefined;
  /** Takes the step; `done`, called once it succeeded, closes the question. */
  onConfirm(done: () => void): void;
}) {
  // Every step that asks first changes something: none for a read-only token.
  const canWrite = useCanWrite();
  const [asking, setAsking] = useState(false);
  const [tried, setTried] = useState(false);
  const focus = useReturnFocus();
  const region = useRef<HTMLElement | null>(null);
  // Whether focus was last here: it stays so when this leaves the page with focus in it (the
  // blur, if any, goes to no element), and when focus goes to no element (a click on text).
  const held = useRef(false);
  const hold = () => {
    held.current = true;
  };
  const release = (event: FocusEvent<HTMLElement>) => {
    if (event.relatedTarget !== null) held.current = false;
  };
  // Gone from the page with focus here, now on <body>: to the region the button was in.
  useEffect(
    () => () => {
      const active = document.activeElement;
      if (!held.current || (active !== null && active !== document.body)) return;
      (region.current?.isConnected ? region.current : document.getElementById("main"))?.focus();
    },
    [],
  );
  if (!canWrite) return null;
  const close = () => {
    focus.closing("ask");
    setAsking(false);
    setTried(false);
  };
  if (asking) {
    return (
      <Confirm
        confirm={props.confirm}
        keep={props.keep ?? "Keep it"}
        pending={props.pending}
        choice={props.choice}
        error={tried ? props.error : null}
        failed={props.failed}
        onConfirm={() => {
          setTried(true);
          props.onConfirm(close);
        }}
        onKeep={close}
        onFocus={hold}
        onBlur={release}
      >
        {props.question}
      </Confirm>
    );
  }
  const returnFocus = focus.trigger("ask");
  return (
    <button
      ref={(element) => {
        if (element) region.current = regionAround(element);
        returnFocus(element);
      }}
      type="button"
      className={props.danger === false ? "secondary" : "danger"}
      disabled={props.disabled}
      aria-label={props.label}
      onClick={() => setAsking(true)}
      onFocus={hold}
      onBlur={release}
    >
      {props.children}
    </button>
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
  /** Its cells only change things (actionColumn): left out for a read-only token. */
  writes?: boolean;
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
    cell: (item) => <div className="actions">{cell(item)}</div>,
  };
}

/** A row's call on its id (a TanStack mutation, useDelete's say). */
export interface RowMutation {
  mutate(id: string, options?: { onSuccess?(): void }): void;
  isPending: boolean;
  error: unknown;
  /** The id of the last call. */
  variables: string | undefined;
}

/**
 * The actions column of a list with one action per row (delete, revoke, deactivate): a button
 * named by the row, disabled while the action runs; rows `when` refuses show none, and a read-only
 * token not the column (Column.writes). With `ask`
 * (a step that cannot be undone), the button asks first, in the row (AskFirst), and a failure
 * is said there.
 */
export function actionColumn<T extends { id: string }>(action: {
  verb: string;
  name: (item: T) => string;
  mutation: RowMutation;
  danger?: boolean;
  when?: (item: T) => boolean;
  ask?: {
    question: (item: T) => ReactNode;
    /** The step's button in the question: "Yes, delete". */
    confirm: (item: T) => string;
    /** What a failure's notice starts with: "Could not delete". */
    failed: string;
  };
}): Column<T> {
  const { mutation, ask } = action;
  const column = actionsColumn((item: T) => {
    if (action.when && !action.when(item)) return null;
    const label = `${action.verb} ${action.name(item)}`;
    if (!ask) {
      return (
        <RowButton
          label={label}
          onClick={() => mutation.mutate(item.id)}
          disabled={mutation.isPending}
          danger={action.danger}
        >
          {action.verb}
        </RowButton>
      );
    }
    return (
      <AskFirst
        label={label}
        question={ask.question(item)}
        confirm={ask.confirm(item)}
        disabled={mutation.isPending}
        pending={mutation.isPending}
        error={mutation.variables === item.id ? mutation.error : null}
        failed={ask.failed}
        onConfirm={(done) => mutation.mutate(item.id, { onSuccess: done })}
      >
        {action.verb}
      </AskFirst>
    );
  });
  return { ...column, writes: true };
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
  const canWrite = useCanWrite();
  const columns = canWrite ? props.columns : props.columns.filter((column) => !column.writes);
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
