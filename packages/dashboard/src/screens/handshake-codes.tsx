// Handshake codes (trackable apps): the code devices send, its session password (write-only:
// the API says only whether one is set), validation fields, and the licenses bound to it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useDelete, useListPage } from "../api.js";
import { CheckboxField, FormPanel, fieldErrors, listOf, TextField } from "../forms.js";
import { useSession } from "../session.js";
import {
  AskFirst,
  actionsColumn,
  formatDate,
  LicenseLink,
  PagedTable,
  RowButton,
  StatusBadge,
} from "../ui.js";

const VALIDATION_FIELDS = [
  ["domains", "Domains"],
  ["processNames", "Process names"],
  ["appIdentifiers", "App identifiers"],
] as const;

export function HandshakeCodes() {
  const [shown, setShown] = useState<{ id: string; code: string } | null>(null);
  const codes = useListPage("/v1/handshake-codes");
  const remove = useDelete("/v1/handshake-codes/{id}");
  return (
    <section>
      <h1>Handshake codes</h1>
      <CreateCode />
      <h2>All codes</h2>
      <PagedTable
        query={codes.query}
        cursor={codes.cursor}
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
          actionsColumn((code: { id: string; code: string }) => (
            <>
              <RowButton
                label={`Licenses bound to ${code.code}`}
                pressed={shown?.id === code.id}
                onClick={() => setShown({ id: code.id, code: code.code })}
              >
                Licenses
              </RowButton>
              <AskFirst
                label={`Delete ${code.code}`}
                question={`Delete the handshake code ${code.code}? Apps that send it can no longer authorize. This cannot be undone. (The API refuses while licenses are bound to it.)`}
                confirm="Yes, delete"
                pending={remove.isPending}
                error={remove.variables === code.id ? remove.error : null}
                failed="Could not delete"
                onConfirm={(done) => remove.mutate(code.id, { onSuccess: done })}
              >
                Delete
              </AskFirst>
            </>
          )),
        ]}
      />
      {shown ? <BoundLicenses key={shown.id} codeId={shown.id} code={shown.code} /> : null}
    </section>
  );
}

/** The licenses bound to one code (GET /v1/licenses?handshakeCodeId=). */
function BoundLicenses(props: { codeId: string; code: string }) {
  const licenses = useListPage("/v1/licenses", { filters: { handshakeCodeId: props.codeId } });
  return (
    <>
      <h2>
        Licenses bound to <span className="mono">{props.code}</span>
      </h2>
      <PagedTable
        query={licenses.query}
        cursor={licenses.cursor}
        label="bound licenses"
        empty="No license is bound to this code."
        columns={[
          { header: "License", cell: (license) => <LicenseLink license={license} /> },
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
  return (
    <FormPanel
      title="New handshake code"
      save={create}
      fields={[
        "name",
        "sessionPassword",
        "isDefault",
        ...VALIDATION_FIELDS.map(([key]) => `validationFields.${key}`),
      ]}
      submit="Create handshake code"
      saved={
        create.isSuccess ? (
          <>
            Created code <span className="mono">{create.data.data.code}</span>.
          </>
        ) : null
      }
    >
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
      <CheckboxField
        label="The organization's default code"
        checked={form.isDefault}
        error={errors.isDefault}
        onChange={(isDefault) => setForm({ ...form, isDefault })}
      />
    </FormPanel>
  );
}
