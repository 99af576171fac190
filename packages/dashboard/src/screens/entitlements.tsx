// Entitlements: the features a policy or license grants, by code.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../session.js";
import {
  actionColumn,
  ErrorNotice,
  FormError,
  fieldErrors,
  formatDate,
  PagedTable,
  TextField,
  useCursor,
} from "../ui.js";

export function Entitlements() {
  const { client, kind } = useSession();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const entitlements = useQuery({
    queryKey: ["entitlements", "page", cursor.cursor],
    queryFn: () =>
      client.GET("/v1/entitlements", {
        params: { query: cursor.cursor ? { cursor: cursor.cursor } : {} },
      }),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      client.DELETE("/v1/entitlements/{id}", { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["entitlements"] }),
  });
  const admin = kind === "admin";
  return (
    <section>
      <h1>Entitlements</h1>
      {admin ? <CreateEntitlement /> : null}
      <h2>All entitlements</h2>
      {remove.isError ? <ErrorNotice error={remove.error} what="Could not delete" /> : null}
      <PagedTable
        query={entitlements}
        cursor={cursor}
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
                  run: (id) => remove.mutate(id),
                  pending: remove.isPending,
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-entitlement" noValidate>
      <h2 id="new-entitlement">New entitlement</h2>
      <div className="row">
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
      </div>
      <FormError error={create.error} fields={["code", "name"]} />
      <button type="submit" disabled={create.isPending}>
        Create entitlement
      </button>
    </form>
  );
}
