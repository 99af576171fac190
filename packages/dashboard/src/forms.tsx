// Forms as every screen builds them: labelled controls wired to their hint and to the API's
// error for the field, the panel a create or edit form sits in, and the values typed into them.
import { KeywardApiError } from "@keyward/client";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useProducts } from "./api.js";
import { useCanWrite } from "./session.js";
import { ErrorNotice } from "./ui.js";

interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The API's errors about one field of the body that come without details (a 409 on a unique
 * value, a URL the server will not call): shown at that field, as a detail naming it would be.
 * A form without the field shows them above its button, as any problem without a field.
 */
const CODE_FIELDS: Readonly<Record<string, string>> = {
  EMAIL_TAKEN: "email",
  USERNAME_TAKEN: "username",
  WEBHOOK_URL_NOT_ALLOWED: "url",
  PRODUCT_REQUIRED: "productId",
  POLICY_PRODUCT_MISMATCH: "policyId",
  KEY_SCHEME_MISMATCH: "policyId",
  POLICY_LIMITS_EXCEEDED: "policyId",
  INVALID_EXPIRY: "expiresAt",
  INVALID_LICENSE: "expiresAt",
  INVALID_KEY: "key",
  USER_NOT_FOUND: "userId",
  HANDSHAKE_CODE_IS_DEFAULT: "isDefault",
};

/** "name" → "a name", "email" → "an email", "productCode" → "a product code". */
function aNoun(path: string): string {
  const noun = (path.split(".").at(-1) ?? path).replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

/**
 * The schema's wording (AJV's "must NOT have fewer than 1 characters") said for people: an
 * empty field asks for its value ("Enter a name"; `path` null: a list's item).
 */
function humane(path: string | null, message: string): string {
  if (message === "must be object") return "must be a JSON object";
  if (message === "must NOT have fewer than 1 items") return "Choose one";
  const length = /^must NOT have (fewer|more) than (\d+) characters$/.exec(message);
  if (!length) return message;
  const [, side, count] = length;
  if (side === "fewer" && count === "1") {
    return path === null ? "must not be empty" : `Enter ${aNoun(path)}`;
  }
  return `must be at ${side === "fewer" ? "least" : "most"} ${count} characters`;
}

/** The entry of the map field `map` (a JSON object typed as text) that `path` names, if any. */
function mapEntry(path: string, map: string): string | undefined {
  if (!path.startsWith(map)) return undefined;
  const rest = path.slice(map.length);
  if (rest.startsWith(".")) return rest.slice(1);
  // A name that is not an identifier comes quoted: featureQuotas["odd name"].
  const quoted = /^\[(".*")\]$/.exec(rest)?.[1];
  return quoted === undefined ? undefined : (JSON.parse(quoted) as string);
}

/**
 * The API's per-field problems (400 VALIDATION_FAILED: `error.details[{path, message}]`, paths
 * like `body.heartbeat.durationSeconds`) keyed by the field's path inside the body, and the
 * errors CODE_FIELDS places at a field. A list's item (`eventTypes[1]`) is said at the list's
 * field ("item 2 must be one of …"); an entry of a `maps` field, a JSON object typed as text
 * (`featureQuotas.export`), at the map's field, named ("export: must be integer").
 */
export function fieldErrors(error: unknown, maps: readonly string[] = []): Record<string, string> {
  if (!(error instanceof KeywardApiError)) return {};
  const details = (error.body as { error?: { details?: ErrorDetail[] } } | null)?.error?.details;
  const fields: Record<string, string> = {};
  const add = (path: string, message: string) => {
    fields[path] = fields[path] ? `${fields[path]}; ${message}` : message;
  };
  for (const detail of details ?? []) {
    const path = detail.path.replace(/^body\.?/, "");
    const item = /^(.+)\[(\d+)\]$/.exec(path);
    const map = maps.find((name) => mapEntry(path, name) !== undefined);
    if (map) add(map, `${mapEntry(path, map)}: ${humane(null, detail.message)}`);
    else if (item) add(item[1]!, `item ${Number(item[2]) + 1} ${humane(null, detail.message)}`);
    else add(path, humane(path, detail.message));
  }
  const placed = CODE_FIELDS[error.code];
  if (placed && !details?.length) add(placed, error.message);
  return fields;
}

/** Problems with no field of the form to show them at (or errors without details). */
function FormError(props: {
  error: unknown;
  fields: readonly string[];
  maps?: readonly string[] | undefined;
}) {
  if (!props.error) return null;
  const errors = fieldErrors(props.error, props.maps);
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

/**
 * A create or edit form in its panel, named by its heading: the fields, the API's problems that
 * no field shows, a notice once saved, and the button (disabled while the call runs). The
 * browser's own checks are off: the API's answer names the field, shown at it. A read-only token
 * gets no form at all (useCanWrite): the API would refuse its save. The trade-off: an edit form
 * is then not there to read either, so such a token sees an item's values only where its screen
 * or list shows them besides (a policy's rules beyond the list's columns it does not see).
 */
export function FormPanel(props: {
  title: string;
  /** The call the button makes (a TanStack mutation). */
  save: { mutate(): void; error: unknown; isPending: boolean };
  /** The body paths with a field here; the API's problems elsewhere show above the button. */
  fields: readonly string[];
  /** The fields that are JSON objects typed as text: their entries' problems show at them. */
  maps?: readonly string[];
  submit: string;
  /** Said once saved (or null). */
  saved?: ReactNode;
  /** Buttons beside the submit button (a step of its own, such as unbinding). */
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = useId();
  const canWrite = useCanWrite();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.save.mutate();
  };
  if (!canWrite) return null;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby={heading} noValidate>
      <h2 id={heading}>{props.title}</h2>
      <div className="row">{props.children}</div>
      <FormError error={props.save.error} fields={props.fields} maps={props.maps} />
      {props.saved ? (
        <p className="notice ok" role="status">
          {props.saved}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={props.save.isPending}>
          {props.submit}
        </button>
        {props.actions}
      </div>
    </form>
  );
}

/**
 * What a control takes from its Field: its id, its description, whether it is invalid and
 * whether it is disabled.
 */
interface Control {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
  disabled: boolean | undefined;
}

/** A labelled control with its hint and the API's error for it, wired for screen readers. */
export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  /** The control takes no input (its value set aside, as the hint says). */
  disabled?: boolean | undefined;
  /** The control, given the attributes to spread on it. */
  children: (control: Control) => ReactNode;
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
      {props.children({
        id,
        "aria-describedby": describedBy,
        "aria-invalid": props.error ? true : undefined,
        disabled: props.disabled,
      })}
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

/** A labelled text input with its hint and the API's error for the field. */
export function TextField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean | undefined;
  type?: "text" | "email" | "password" | "url" | "search" | "datetime-local";
  mono?: boolean;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint} disabled={props.disabled}>
      {(control) => (
        <input
          {...control}
          type={props.type ?? "text"}
          className={props.mono ? "mono" : undefined}
          autoComplete={props.type === "password" ? "new-password" : "off"}
          spellCheck={false}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * Fields that belong together in a form, under their legend ("Heartbeats"), with the API's error
 * about them as a whole (INVALID_OVERRIDES at `body.overrides`: a rule of the policy's that a
 * license's overrides no longer fit), said under the legend.
 */
export function FieldGroup(props: {
  legend: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  const id = useId();
  const describedBy =
    [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <fieldset className={props.error ? "group invalid" : "group"} aria-describedby={describedBy}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      <div className="row">{props.children}</div>
    </fieldset>
  );
}

/** A labelled text area (JSON, several lines) with its hint and the API's error for the field. */
export function TextAreaField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean | undefined;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint} disabled={props.disabled}>
      {(control) => (
        <textarea
          {...control}
          className="mono"
          rows={3}
          spellCheck={false}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A resource's metadata as JSON (metadataText, metadataOf), labelled "Metadata (optional)". */
export function MetadataField(props: {
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
}) {
  return (
    <TextAreaField
      label="Metadata (optional)"
      hint='A JSON object, e.g. {"plan": "pro"}; empty: none'
      {...props}
    />
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
  hint?: string | undefined;
  disabled?: boolean | undefined;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint} disabled={props.disabled}>
      {(control) => (
        <input
          {...control}
          inputMode="numeric"
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A choice of a select box: a value shown as itself, or a value with its label. */
type Choice = string | { value: string; label: string };

/** A labelled select box with its hint and the API's error for the field. */
export function SelectField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  choices: readonly Choice[] | undefined;
  /** A first choice for "none" (value ""): "Any product" in a filter, "Choose…" in a form. */
  none?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean | undefined;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint} disabled={props.disabled}>
      {(control) => (
        <select
          {...control}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        >
          {props.none === undefined ? null : <option value="">{props.none}</option>}
          {props.choices?.map((choice) =>
            typeof choice === "string" ? (
              <option key={choice}>{choice}</option>
            ) : (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ),
          )}
        </select>
      )}
    </Field>
  );
}

/** Items with an id and a name (products, policies) as the choices of a select box. */
export function choicesOf(
  items: readonly { id: string; name: string }[] | undefined,
): Choice[] | undefined {
  return items?.map((item) => ({ value: item.id, label: item.name }));
}

/** The products the token may use, as a select box labelled "Product". */
export function ProductField(props: {
  value: string;
  onChange(productId: string): void;
  /** "Any product" in a filter, "Choose a product" in a form. */
  none: string;
  error?: string | undefined;
}) {
  const products = useProducts();
  return <SelectField label="Product" choices={choicesOf(products.data)} {...props} />;
}

/** A labelled checkbox, with the API's error for the field. */
export function CheckboxField(props: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field checkbox">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={props.error ? `${id}-error` : undefined}
        aria-invalid={props.error ? true : undefined}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.error ? (
        <span className="field-error" id={`${id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/**
 * A search box sent on submit, not per key: the text typed, trimmed. `name` names the form
 * (the search landmark) for screen readers. `initial` is the search in effect (the address's):
 * when it changes (Back, a link), the box shows it, and what was typed but not sent is dropped.
 */
export function SearchForm(props: {
  name: string;
  label: string;
  hint?: string | undefined;
  button: string;
  initial?: string | undefined;
  onSearch(text: string): void;
}) {
  const [text, setText] = useState(props.initial ?? "");
  const [shown, setShown] = useState(props.initial);
  if (props.initial !== shown) {
    setShown(props.initial);
    setText(props.initial ?? "");
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSearch(text.trim());
  };
  return (
    <search>
      <form className="inline" onSubmit={submit} aria-label={props.name}>
        <TextField
          label={props.label}
          type="search"
          hint={props.hint}
          value={text}
          onChange={setText}
        />
        <button type="submit">{props.button}</button>
      </form>
    </search>
  );
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

/** A comma-separated list as the API's array (blank items dropped). */
export function listOf(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** Metadata as typed in a MetadataField: empty is none. */
export function metadataText(metadata: Record<string, unknown>): string {
  return Object.keys(metadata).length === 0 ? "" : JSON.stringify(metadata, null, 2);
}

/**
 * A MetadataField's text as the API's metadata: empty is {}. Text that is not JSON goes as typed
 * (typed as an object here), so the API's validation names the field ("must be a JSON object").
 */
export function metadataOf(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return text as unknown as Record<string, unknown>;
  }
}

/** A datetime-local value as the API's ISO time (left as typed if the browser cannot read it). */
export function isoTime(local: string): string {
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? local : time.toISOString();
}

/** An ISO time as a datetime-local value, in the browser's time zone ("" for none). */
export function localTime(iso: string | null): string {
  if (iso === null) return "";
  const time = new Date(iso);
  const two = (value: number) => String(value).padStart(2, "0");
  return (
    `${time.getFullYear()}-${two(time.getMonth() + 1)}-${two(time.getDate())}` +
    `T${two(time.getHours())}:${two(time.getMinutes())}`
  );
}

/**
 * What `field(name)` gives a control: its value (`checked` for a checkbox), the API's error for
 * it and its onChange, spread on the control (`<TextField label="Name" {...field("name")} />`).
 */
export type FieldBinding<Value> = [Value] extends [boolean]
  ? { checked: boolean; error: string | undefined; onChange(checked: boolean): void }
  : { value: Value; error: string | undefined; onChange(value: Value): void };

/**
 * A form's values as typed: `set(name)` is a field's onChange; `changed(name)` whether it
 * differs from where the form started (an edit sends only those: a datetime-local field shows
 * minutes, so an unchanged expiry sent back would lose its seconds); `reset(to)` starts again
 * from `to` (the empty form, once created). An edit form gives the item's `version` (its
 * updatedAt): once the item changes (saved here, or renewed…), the form starts again from it.
 * `withErrors(fieldErrors(save.error))` gives `field(name)`, a control's value, error and
 * onChange at once; the error is the one at the body path `name`, or at the path given where
 * the body names it otherwise (`field("overageStrategy", "overage.strategy")`).
 */
export function useForm<Values extends Record<string, string | boolean>>(
  initial: Values,
  version?: string,
) {
  const [state, setState] = useState({ version, start: initial, values: initial });
  const current = state.version === version ? state : { version, start: initial, values: initial };
  if (current !== state) setState(current);
  const { start, values } = current;
  const set =
    <Name extends keyof Values>(name: Name) =>
    (value: Values[Name]) =>
      setState((now) => ({ ...now, values: { ...now.values, [name]: value } }));
  return {
    values,
    set,
    changed: (name: keyof Values) => values[name] !== start[name],
    reset: (to: Values) => setState({ version, start: to, values: to }),
    withErrors:
      (errors: Readonly<Record<string, string>>) =>
      <Name extends keyof Values & string>(name: Name, path: string = name) => {
        const value = values[name];
        const error = errors[path];
        return (
          typeof value === "boolean"
            ? { checked: value, error, onChange: set(name) }
            : { value, error, onChange: set(name) }
        ) as FieldBinding<Values[Name]>;
      },
  };
}

/**
 * Every value of a union of the API's types (the OpenAPI document's enum), in the record's
 * order: @keyward/client exports unions, not lists, and a record keyed by the union has the
 * compiler check that it names each value exactly once (a value the API adds fails the build).
 */
export function valuesOf<Value extends string>(set: Readonly<Record<Value, true>>): Value[] {
  return Object.keys(set) as Value[];
}
