// Users (licensees): the list, create, delete (the API refuses while licenses name the user).
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

export function Users() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const users = useQuery({
    queryKey: ["users", "page", cursor.cursor],
    queryFn: () =>
      client.GET("/v1/users", {
        params: { query: cursor.cursor ? { cursor: cursor.cursor } : {} },
      }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => client.DELETE("/v1/users/{id}", { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
  return (
    <section>
      <h1>Users</h1>
      <CreateUser />
      <h2>All users</h2>
      {remove.isError ? <ErrorNotice error={remove.error} what="Could not delete" /> : null}
      <PagedTable
        query={users}
        cursor={cursor}
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
            run: (id) => remove.mutate(id),
            pending: remove.isPending,
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-user" noValidate>
      <h2 id="new-user">New user</h2>
      <div className="row">
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
      </div>
      <FormError error={create.error} fields={["email", "name", "username"]} />
      {create.isSuccess ? (
        <p className="notice ok" role="status">
          Created user {create.data.data.email}.
        </p>
      ) : null}
      <button type="submit" disabled={create.isPending}>
        Create user
      </button>
    </form>
  );
}
