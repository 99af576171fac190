// Users (licensees): the list, create, delete (the API refuses while licenses name the user).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useDelete, useListPage } from "../api.js";
import { FormPanel, fieldErrors, TextField } from "../forms.js";
import { useSession } from "../session.js";
import { actionColumn, formatDate, PagedTable } from "../ui.js";

export function Users() {
  const users = useListPage("/v1/users");
  const remove = useDelete("/v1/users/{id}");
  return (
    <section>
      <h1>Users</h1>
      <CreateUser />
      <h2>All users</h2>
      <PagedTable
        query={users.query}
        cursor={users.cursor}
        label="users"
        empty="No users yet."
        columns={[
          { header: "Email", cell: (user) => user.email },
          { header: "Name", cell: (user) => user.name ?? "—" },
          { header: "Username", cell: (user) => user.username ?? "—" },
          { header: "ID", className: "mono", cell: (user) => user.id },
          { header: "Created", cell: (user) => formatDate(user.createdAt) },
          actionColumn<{ id: string; email: string }>({
            verb: "Delete",
            name: (user) => user.email,
            mutation: remove,
            ask: {
              question: (user) =>
                `Delete the user ${user.email}? This cannot be undone. (The API refuses while licenses name the user.)`,
              confirm: () => "Yes, delete",
              failed: "Could not delete",
            },
          }),
        ]}
      />
    </section>
  );
}

function CreateUser() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ email: "", name: "", username: "" });
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/users", {
        body: {
          email: form.email.trim(),
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
          ...(form.username.trim() ? { username: form.username.trim() } : {}),
        },
      }),
    onSuccess: () => {
      setForm({ email: "", name: "", username: "" });
      return queryClient.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <FormPanel
      title="New user"
      save={create}
      fields={["email", "name", "username"]}
      submit="Create user"
      saved={create.isSuccess ? `Created user ${create.data.data.email}.` : null}
    >
      <TextField
        label="Email"
        type="email"
        value={form.email}
        error={errors.email}
        onChange={(email) => setForm({ ...form, email })}
      />
      <TextField
        label="Name (optional)"
        value={form.name}
        error={errors.name}
        onChange={(name) => setForm({ ...form, name })}
      />
      <TextField
        label="Username (optional)"
        value={form.username}
        error={errors.username}
        onChange={(username) => setForm({ ...form, username })}
      />
    </FormPanel>
  );
}
