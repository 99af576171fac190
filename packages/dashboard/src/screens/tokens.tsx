import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { nameOf, useProducts } from "../api.js";
import { useSession } from "../session.js";
import {
  actionColumn,
  ErrorNotice,
  Field,
  FormError,
  fieldErrors,
  formatDate,
  PagedTable,
  useCursor,
} from "../ui.js";

export function Tokens() {
  const { client, kind } = useSession();
  const products = useProducts();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const tokens = useQuery({
    queryKey: ["tokens", "page", cursor.cursor],
    enabled: kind === "admin",
    queryFn: () =>
      client.GET("/v1/tokens", {
        params: { query: cursor.cursor ? { cursor: cursor.cursor } : {} },
      }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => client.DELETE("/v1/tokens/{id}", { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tokens"] }),
  });
  if (kind !== "admin") {
    return (
      <section>
        <h1>Tokens</h1>
        <p className="state">Tokens are managed with an admin token.</p>
      </section>
    );
  }
  return (
    <section>
      <h1>Tokens</h1>
      <CreateToken />
      <h2>All tokens</h2>
      {revoke.isError ? <ErrorNotice error={revoke.error} what="Could not revoke" /> : null}
      <PagedTable
        query={tokens}
        cursor={cursor}
        label="tokens"
        empty="No tokens."
        columns={[
          {
            header: "Name",
            cell: (token) => token.name ?? <span className="mono">{token.id}</span>,
          },
          { header: "Kind", cell: (token) => token.kind },
          {
            header: "Scope",
            cell: (token) =>
              token.productId
                ? nameOf(products.data, token.productId)
                : (token.licenseId ?? "organization"),
          },
          { header: "Expires", cell: (token) => formatDate(token.expiresAt) },
          {
            header: "State",
            cell: (token) =>
              token.revokedAt ? `revoked ${formatDate(token.revokedAt)}` : "active",
          },
          actionColumn<{ id: string; name?: string | null; revokedAt?: string | null }>({
            verb: "Revoke",
            name: (token) => token.name ?? token.id,
            run: (id) => revoke.mutate(id),
            pending: revoke.isPending,
            danger: true,
            when: (token) => !token.revokedAt,
          }),
        ]}
      />
    </section>
  );
}

/** Creates a token; its secret is shown here once and kept nowhere (the API stores a hash). */
function CreateToken() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const products = useProducts();
  const [kind, setKind] = useState<"admin" | "product">("product");
  const [name, setName] = useState("");
  const [productId, setProductId] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/tokens", {
        body: {
          kind,
          ...(name.trim() ? { name } : {}),
          ...(kind === "product" ? { productId } : {}),
        },
      }),
    onSuccess: ({ data }) => {
      setSecret(data.token);
      setName("");
      return queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-token" noValidate>
      <h2 id="new-token">New token</h2>
      <div className="row">
        <Field label="Kind" error={errors.kind}>
          {(ids) => (
            <select
              id={ids.id}
              value={kind}
              onChange={(event) => setKind(event.target.value as typeof kind)}
            >
              <option value="product">product (one product)</option>
              <option value="admin">admin (whole organization)</option>
            </select>
          )}
        </Field>
        {kind === "product" ? (
          <Field label="Product" error={errors.productId}>
            {(ids) => (
              <select
                id={ids.id}
                value={productId}
                aria-invalid={ids.invalid || undefined}
                aria-describedby={ids.describedBy}
                onChange={(event) => setProductId(event.target.value)}
              >
                <option value="">Choose a product</option>
                {products.data?.map((product) => (
                  <option key={product.id} value={product.id}>
                    {product.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field
          label="Name (optional)"
          error={errors.name}
          hint="Where it is used, e.g. billing backend."
        >
          {(ids) => (
            <input
              id={ids.id}
              value={name}
              aria-invalid={ids.invalid || undefined}
              aria-describedby={ids.describedBy}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError error={create.error} fields={["kind", "productId", "name"]} />
      {secret ? (
        <div className="notice secret" role="status">
          <p>
            <strong>Copy this token now:</strong> it is shown only this once.
          </p>
          <code className="mono key" data-testid="token-secret">
            {secret}
          </code>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() => void navigator.clipboard?.writeText(secret)}
            >
              Copy
            </button>
            <button type="button" className="secondary" onClick={() => setSecret(null)}>
              Done, hide it
            </button>
          </div>
        </div>
      ) : null}
      <button type="submit" disabled={create.isPending}>
        Create token
      </button>
    </form>
  );
}
