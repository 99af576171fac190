// Handshake codes (trackable apps), created and edited: the code devices send, its session
// password (write-only: the API says only whether one is set), validation fields, and the
// licenses bound to it (a license is bound on its own screen).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type HandshakeCode, useDelete, useListPage } from "../api.js";
import {
  CheckboxField,
  FormPanel,
  fieldErrors,
  listOf,
  MetadataField,
  metadataOf,
  metadataText,
  TextField,
  useForm,
} from "../forms.js";
import { LicenseLink } from "../license-names.js";
import { useSession, Writable } from "../session.js";
import { AskFirst, actionsColumn, formatDate, PagedTable, RowButton, StatusBadge } from "../ui.js";

const VALIDATION_FIELDS = [
  ["domains", "Domains"],
  ["processNames", "Process names"],
  ["appIdentifiers", "App identifiers"],
] as const;

/** What shows below the list for one code: its bound licenses, or its edit form. */
type Shown = { id: string; view: "licenses" | "edit" };

export function HandshakeCodes() {
  const [shown, setShown] = useState<Shown | null>(null);
  const codes = useListPage("/v1/handshake-codes");
  const remove = useDelete("/v1/handshake-codes/{id}");
  const shownCode = codes.query.data?.data.find((code) => code.id === shown?.id);
  // A row's toggle: shows its view of the code, or hides it when shown.
  const toggle = (id: string, view: Shown["view"]) =>
    setShown(shown?.id === id && shown.view === view ? null : { id, view });
  const isShown = (id: string, view: Shown["view"]) => shown?.id === id && shown.view === view;
  return (
    <section>
      <h1>Handshake codes</h1>
      <CodeForm />
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
          actionsColumn((code: HandshakeCode) => (
            <>
              <RowButton
                label={`Licenses bound to ${code.code}`}
                pressed={isShown(code.id, "licenses")}
                onClick={() => toggle(code.id, "licenses")}
              >
                Licenses
              </RowButton>
              <Writable>
                <RowButton
                  label={`Edit ${code.code}`}
                  pressed={isShown(code.id, "edit")}
                  onClick={() => toggle(code.id, "edit")}
                >
                  Edit
                </RowButton>
              </Writable>
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
      {shownCode && shown?.view === "licenses" ? (
        <BoundLicenses key={shownCode.id} codeId={shownCode.id} code={shownCode.code} />
      ) : null}
      {shownCode && shown?.view === "edit" ? (
        <CodeForm key={shownCode.id} code={shownCode} />
      ) : null}
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

/** The form's values for `code` (empty for a new one); a session password is never shown. */
function formOf(code: HandshakeCode | undefined) {
  return {
    name: code?.name ?? "",
    sessionPassword: "",
    removePassword: false,
    isDefault: code?.isDefault ?? false,
    domains: code?.validationFields.domains.join(", ") ?? "",
    processNames: code?.validationFields.processNames.join(", ") ?? "",
    appIdentifiers: code?.validationFields.appIdentifiers.join(", ") ?? "",
    metadata: metadataText(code?.metadata ?? {}),
  };
}

/**
 * Creates a handshake code, or edits `code`: its name, session password (a new one, or none),
 * whether it is the default, validation fields and metadata. The code itself never changes:
 * deployed apps embed it (SPEC T11).
 */
function CodeForm(props: { code?: HandshakeCode }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const { code } = props;
  const form = useForm(formOf(code), code?.updatedAt);
  const { values } = form;
  const save = useMutation({
    mutationFn: () => {
      const validationFields = {
        domains: listOf(values.domains),
        processNames: listOf(values.processNames),
        appIdentifiers: listOf(values.appIdentifiers),
      };
      if (code) {
        return client.PATCH("/v1/handshake-codes/{id}", {
          params: { path: { id: code.id } },
          body: {
            name: values.name.trim() || null,
            ...(values.removePassword
              ? { sessionPassword: null }
              : values.sessionPassword
                ? { sessionPassword: values.sessionPassword }
                : {}),
            // Sent only when changed: a default is replaced by making another code the default.
            ...(form.changed("isDefault") ? { isDefault: values.isDefault } : {}),
            validationFields,
            metadata: metadataOf(values.metadata),
          },
        });
      }
      return client.POST("/v1/handshake-codes", {
        body: {
          ...(values.name.trim() ? { name: values.name.trim() } : {}),
          ...(values.sessionPassword ? { sessionPassword: values.sessionPassword } : {}),
          ...(values.isDefault ? { isDefault: true } : {}),
          validationFields,
          ...(values.metadata.trim() ? { metadata: metadataOf(values.metadata) } : {}),
        },
      });
    },
    onSuccess: () => {
      if (!code) form.reset(formOf(undefined));
      return queryClient.invalidateQueries({ queryKey: ["handshake-codes"] });
    },
  });
  const field = form.withErrors(fieldErrors(save.error));
  return (
    <FormPanel
      title={code ? `Edit handshake code ${code.code}` : "New handshake code"}
      save={save}
      fields={[
        "name",
        "sessionPassword",
        "isDefault",
        "metadata",
        ...VALIDATION_FIELDS.map(([key]) => `validationFields.${key}`),
      ]}
      submit={code ? "Save handshake code" : "Create handshake code"}
      saved={
        save.isSuccess ? (
          code ? (
            "Saved."
          ) : (
            <>
              Created code <span className="mono">{save.data.data.code}</span>.
            </>
          )
        ) : null
      }
    >
      <TextField label="Name (optional)" {...field("name")} />
      <TextField
        label={code ? "New session password (optional)" : "Session password (optional)"}
        type="password"
        hint={
          code?.hasSessionPassword
            ? "At least 8 characters; empty: keep the current one"
            : "At least 8 characters; stored as a hash, never shown again"
        }
        {...field("sessionPassword")}
      />
      {VALIDATION_FIELDS.map(([key, label]) => (
        <TextField
          key={key}
          label={`${label} (optional)`}
          hint="Comma-separated; empty allows any"
          {...field(key, `validationFields.${key}`)}
        />
      ))}
      <MetadataField {...field("metadata")} />
      {code?.hasSessionPassword ? (
        <CheckboxField
          label="Remove the session password (devices then send none)"
          {...field("removePassword")}
        />
      ) : null}
      <CheckboxField label="The organization's default code" {...field("isDefault")} />
    </FormPanel>
  );
}
