// Entitlements: the features a policy or license grants, by code.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useDelete, useListPage } from "../api.js";
import { FormPanel, fieldErrors, TextField } from "../forms.js";
import { useSession } from "../session.js";
import { actionColumn, formatDate, PagedTable } from "../ui.js";

export function Entitlements() {
  const { kind } = useSession();
  const entitlements = useListPage("/v1/entitlements");
  const remove = useDelete("/v1/entitlements/{id}");
  const admin = kind === "admin";
  return (
    <section>
      <h1>Entitlements</h1>
      {admin ? <CreateEntitlement /> : null}
      <h2>All entitlements</h2>
      <PagedTable
        query={entitlements.query}
        cursor={entitlements.cursor}
        label="entitlements"
        empty="No entitlements yet."
        columns={[
          { header: "Code", className: "mono", cell: (entitlement) => entitlement.code },
          { header: "Name", cell: (entitlement) => entitlement.name },
          { header: "Created", cell: (entitlement) => formatDate(entitlement.createdAt) },
          ...(admin
            ? [
                actionColumn<{ id: string; code: string }>({
                  verb: "Delete",
                  name: (entitlement) => entitlement.code,
                  mutation: remove,
                  ask: {
                    question: (entitlement) =>
                      `Delete the entitlement ${entitlement.code}? Policies and licenses that grant it no longer do. This cannot be undone.`,
                    confirm: () => "Yes, delete",
                    failed: "Could not delete",
                  },
                }),
              ]
            : []),
        ]}
      />
    </section>
  );
}

function CreateEntitlement() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ code: "", name: "" });
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/entitlements", { body: { code: form.code.trim(), name: form.name.trim() } }),
    onSuccess: () => {
      setForm({ code: "", name: "" });
      return queryClient.invalidateQueries({ queryKey: ["entitlements"] });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <FormPanel
      title="New entitlement"
      save={create}
      fields={["code", "name"]}
      submit="Create entitlement"
    >
      <TextField
        label="Code"
        mono
        hint="E.g. EXPORT_PDF; unique in the organization"
        value={form.code}
        error={errors.code}
        onChange={(code) => setForm({ ...form, code })}
      />
      <TextField
        label="Name"
        value={form.name}
        error={errors.name}
        onChange={(name) => setForm({ ...form, name })}
      />
    </FormPanel>
  );
}
