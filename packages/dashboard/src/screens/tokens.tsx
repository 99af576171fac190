import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { nameOf, useDelete, useListPage, useProducts } from "../api.js";
import { FormPanel, fieldErrors, ProductField, SelectField, TextField } from "../forms.js";
import { useSession } from "../session.js";
import { actionColumn, ErrorNotice, formatDate, OnceSecret, PagedTable } from "../ui.js";

const KINDS = [
  { value: "product", label: "product (one product)" },
  { value: "admin", label: "admin (whole organization)" },
] as const;

export function Tokens() {
  const { kind } = useSession();
  const products = useProducts();
  const tokens = useListPage("/v1/tokens", { enabled: kind === "admin" });
  const [secret, setSecret] = useState<string | null>(null);
  const revoke = useDelete("/v1/tokens/{id}");
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
      <CreateToken onSecret={setSecret} />
      {secret ? (
        <OnceSecret
          what="token"
          secret={secret}
          testId="token-secret"
          onDone={() => setSecret(null)}
        />
      ) : null}
      <h2>All tokens</h2>
      {revoke.isError ? <ErrorNotice error={revoke.error} what="Could not revoke" /> : null}
      <PagedTable
        query={tokens.query}
        cursor={tokens.cursor}
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

/** Creates a token; its secret goes to the notice once and is kept nowhere (the API stores a hash). */
function CreateToken({ onSecret }: { onSecret(secret: string | null): void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<"admin" | "product">("product");
  const [name, setName] = useState("");
  const [productId, setProductId] = useState("");
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/tokens", {
        body: {
          kind,
          ...(name.trim() ? { name } : {}),
          ...(kind === "product" ? { productId } : {}),
        },
      }),
    onMutate: () => onSecret(null),
    onSuccess: ({ data }) => {
      onSecret(data.token);
      setName("");
      return queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <FormPanel
      title="New token"
      save={create}
      fields={["kind", "productId", "name"]}
      submit="Create token"
    >
      <SelectField
        label="Kind"
        value={kind}
        choices={KINDS}
        error={errors.kind}
        onChange={(value) => setKind(value as typeof kind)}
      />
      {kind === "product" ? (
        <ProductField
          none="Choose a product"
          value={productId}
          error={errors.productId}
          onChange={setProductId}
        />
      ) : null}
      <TextField
        label="Name (optional)"
        hint="Where it is used, e.g. billing backend."
        value={name}
        error={errors.name}
        onChange={setName}
      />
    </FormPanel>
  );
}
