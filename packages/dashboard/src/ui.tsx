// Building blocks every screen shares: the states of a query, API errors, labelled fields and
// cursor pagination.
import { KeywardApiError } from "@keyward/client";
import type { UseQueryResult } from "@tanstack/react-query";
import { type ReactNode, useId, useState } from "react";

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

interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The API's per-field problems (400 VALIDATION_FAILED: `error.details[{path, message}]`, paths
 * like `body.heartbeat.durationSeconds`) keyed by the field's path inside the body.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof KeywardApiError)) return {};
  const details = (error.body as { error?: { details?: ErrorDetail[] } } | null)?.error?.details;
  const fields: Record<string, string> = {};
  for (const detail of details ?? []) {
    const path = detail.path.replace(/^body\.?/, "");
    fields[path] = fields[path] ? `${fields[path]}; ${detail.message}` : detail.message;
  }
  return fields;
}

/** Problems with no field of the form to show them at (or errors without details). */
export function FormError(props: { error: unknown; fields: readonly string[] }) {
  if (!props.error) return null;
  const errors = fieldErrors(props.error);
  const unplaced = Object.keys(errors).filter((path) => !props.fields.includes(path));
  if (Object.keys(errors).length > 0 && unplaced.length === 0) {
    return (
      <div className="notice error" role="alert">
        Please correct the fields marked above.
      </div>
    );
  }
  return <ErrorNotice error={props.error} what="Not saved" />;
}

/** A labelled control with its hint and the API's error for it, wired for screen readers. */
export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className={props.error ? "field invalid" : "field"}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: Boolean(props.error) })}
      {props.hint ? (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span className="field-error" id={errorId}>
          {props.error}
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

export function useCursor(): Cursor {
  const [stack, setStack] = useState<string[]>([]);
  return {
    cursor: stack.at(-1),
    page: stack.length + 1,
    next: (cursor) => setStack((current) => [...current, cursor]),
    previous: () => setStack((current) => current.slice(0, -1)),
    reset: () => setStack([]),
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

/**
 * A number input for a nullable limit: empty is null. Anything that is not a number goes to the
 * API as typed (typed as a number here), so its validation names the field, rather than JSON
 * turning NaN into null, which would silently mean "unlimited".
 */
export function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : (trimmed as unknown as number);
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

/**
 * The actions column of a list with one action per row (delete, revoke, deactivate): a button
 * named for screen readers by the row, disabled while the action runs; rows `when` refuses show
 * none.
 */
export function actionColumn<T extends { id: string }>(action: {
  verb: string;
  name: (item: T) => string;
  run: (id: string) => void;
  pending: boolean;
  danger?: boolean;
  when?: (item: T) => boolean;
}): Column<T> {
  return {
    header: "Actions",
    hiddenHeader: true,
    cell: (item) =>
      action.when && !action.when(item) ? null : (
        <button
          type="button"
          className={action.danger ? "danger" : "secondary"}
          disabled={action.pending}
          onClick={() => action.run(item.id)}
          aria-label={`${action.verb} ${action.name(item)}`}
        >
          {action.verb}
        </button>
      ),
  };
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
  const { cursor, columns } = props;
  return (
    <QueryView
      query={props.query}
      label={props.label}
      empty={(page) => (page.data.length === 0 && cursor.page === 1 ? props.empty : null)}
    >
      {(page) => (
        <>
          <TableWrap label={`${props.label[0]!.toUpperCase()}${props.label.slice(1)} table`}>
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
                {page.data.map((item) => (
                  <tr key={item.id}>
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
          <Pager cursor={cursor} nextCursor={page.nextCursor} />
        </>
      )}
    </QueryView>
  );
}

/**
 * A labelled number input kept as text (empty is "no value"; numberOrNull turns it into what
 * the API takes), with its hint and the API's error for the field.
 */
export function NumberField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string;
}) {
  return (
    <Field
      label={props.label}
      error={props.error}
      {...(props.hint === undefined ? {} : { hint: props.hint })}
    >
      {(ids) => (
        <input
          id={ids.id}
          inputMode="numeric"
          value={props.value}
          aria-describedby={ids.describedBy}
          aria-invalid={ids.invalid || undefined}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A labelled text input with its hint and the API's error for the field. */
export function TextField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string;
  type?: "text" | "email" | "password";
  mono?: boolean;
}) {
  return (
    <Field
      label={props.label}
      error={props.error}
      {...(props.hint === undefined ? {} : { hint: props.hint })}
    >
      {(ids) => (
        <input
          id={ids.id}
          type={props.type ?? "text"}
          className={props.mono ? "mono" : undefined}
          autoComplete={props.type === "password" ? "new-password" : "off"}
          spellCheck={false}
          value={props.value}
          aria-describedby={ids.describedBy}
          aria-invalid={ids.invalid || undefined}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A comma-separated list as the API's array (blank items dropped). */
export function listOf(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
