// Handshake codes (trackable apps): the code devices send, its session password (write-only:
// the API says only whether one is set), validation fields, and the licenses bound to it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useSession } from "../session.js";
import {
  ErrorNotice,
  FormError,
  fieldErrors,
  formatDate,
  listOf,
  PagedTable,
  StatusBadge,
  TextField,
  useCursor,
} from "../ui.js";

const VALIDATION_FIELDS = [
  ["domains", "Domains"],
  ["processNames", "Process names"],
  ["appIdentifiers", "App identifiers"],
] as const;

export function HandshakeCodes() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const [shown, setShown] = useState<{ id: string; code: string } | null>(null);
  const codes = useQuery({
    queryKey: ["handshake-codes", "page", cursor.cursor],
    queryFn: () =>
      client.GET("/v1/handshake-codes", {
        params: { query: cursor.cursor ? { cursor: cursor.cursor } : {} },
      }),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      client.DELETE("/v1/handshake-codes/{id}", { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["handshake-codes"] }),
  });
  return (
    <section>
      <h1>Handshake codes</h1>
      <CreateCode />
      <h2>All codes</h2>
      {remove.isError ? <ErrorNotice error={remove.error} what="Could not delete" /> : null}
      <PagedTable
        query={codes}
        cursor={cursor}
        label="handshake codes"
        empty="No handshake codes yet."
        columns={[
          { header: "Code", className: "mono", cell: (code) => code.code },
          {
            header: "Name",
            cell: (code) => (
              <>
                {code.name ?? "—"}
                {code.isDefault ? <span className="badge">default</span> : null}
              </>
            ),
          },
          {
            header: "Session password",
            cell: (code) => (code.hasSessionPassword ? "set" : "none"),
          },
          {
            header: "Validation fields",
            cell: (code) =>
              VALIDATION_FIELDS.map(([key, label]) =>
                code.validationFields[key].length > 0
                  ? `${label}: ${code.validationFields[key].join(", ")}`
                  : null,
              )
                .filter(Boolean)
                .join("; ") || "any",
          },
          {
            header: "Actions",
            hiddenHeader: true,
            cell: (code) => (
              <span className="actions">
                <button
                  type="button"
                  className="secondary"
                  aria-pressed={shown?.id === code.id}
                  onClick={() => setShown({ id: code.id, code: code.code })}
                  aria-label={`Licenses bound to ${code.code}`}
                >
                  Licenses
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(code.id)}
                  aria-label={`Delete ${code.code}`}
                >
                  Delete
                </button>
              </span>
            ),
          },
        ]}
      />
      {shown ? <BoundLicenses key={shown.id} codeId={shown.id} code={shown.code} /> : null}
    </section>
  );
}

/** The licenses bound to one code (GET /v1/licenses?handshakeCodeId=). */
function BoundLicenses(props: { codeId: string; code: string }) {
  const { client } = useSession();
  const cursor = useCursor();
  const licenses = useQuery({
    queryKey: ["licenses", "handshake-code", props.codeId, cursor.cursor],
    queryFn: () =>
      client.GET("/v1/licenses", {
        params: {
          query: {
            handshakeCodeId: props.codeId,
            ...(cursor.cursor ? { cursor: cursor.cursor } : {}),
          },
        },
      }),
  });
  return (
    <>
      <h2>
        Licenses bound to <span className="mono">{props.code}</span>
      </h2>
      <PagedTable
        query={licenses}
        cursor={cursor}
        label="bound licenses"
        empty="No license is bound to this code."
        columns={[
          {
            header: "License",
            cell: (license) => (
              <Link to="/licenses/$id" params={{ id: license.id }}>
                {license.name ?? license.id}
              </Link>
            ),
          },
          { header: "Status", cell: (license) => <StatusBadge status={license.status} /> },
          { header: "Expires", cell: (license) => formatDate(license.expiresAt) },
        ]}
      />
    </>
  );
}

function CreateCode() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const empty = {
    name: "",
    sessionPassword: "",
    isDefault: false,
    domains: "",
    processNames: "",
    appIdentifiers: "",
  };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/handshake-codes", {
        body: {
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
          ...(form.sessionPassword ? { sessionPassword: form.sessionPassword } : {}),
          ...(form.isDefault ? { isDefault: true } : {}),
          validationFields: {
            domains: listOf(form.domains),
            processNames: listOf(form.processNames),
            appIdentifiers: listOf(form.appIdentifiers),
          },
        },
      }),
    onSuccess: () => {
      setForm(empty);
      return queryClient.invalidateQueries({ queryKey: ["handshake-codes"] });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-code" noValidate>
      <h2 id="new-code">New handshake code</h2>
      <div className="row">
        <TextField
          label="Name (optional)"
          value={form.name}
          error={errors.name}
          onChange={(name) => setForm({ ...form, name })}
        />
        <TextField
          label="Session password (optional)"
          type="password"
          hint="At least 8 characters; stored as a hash, never shown again"
          value={form.sessionPassword}
          error={errors.sessionPassword}
          onChange={(sessionPassword) => setForm({ ...form, sessionPassword })}
        />
        {VALIDATION_FIELDS.map(([key, label]) => (
          <TextField
            key={key}
            label={`${label} (optional)`}
            hint="Comma-separated; empty allows any"
            value={form[key]}
            error={errors[`validationFields.${key}`]}
            onChange={(value) => setForm({ ...form, [key]: value })}
          />
        ))}
        <div className="field checkbox">
          <input
            id="code-default"
            type="checkbox"
            checked={form.isDefault}
            onChange={(event) => setForm({ ...form, isDefault: event.target.checked })}
          />
          <label htmlFor="code-default">The organization's default code</label>
        </div>
      </div>
      <FormError
        error={create.error}
        fields={[
          "name",
          "sessionPassword",
          ...VALIDATION_FIELDS.map(([key]) => `validationFields.${key}`),
        ]}
      />
      {create.isSuccess ? (
        <p className="notice ok" role="status">
          Created code <span className="mono">{create.data.data.code}</span>.
        </p>
      ) : null}
      <button type="submit" disabled={create.isPending}>
        Create handshake code
      </button>
    </form>
  );
}
