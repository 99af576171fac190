import type { ListItem } from "@keyward/client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { nameOf, useListPage, useProducts } from "../api.js";
import { FormPanel, fieldErrors, ProductField, SelectField, TextField } from "../forms.js";
import { useSession, useSessionState } from "../session.js";
import { actionColumn, formatDate, OnceSecret, PagedTable } from "../ui.js";

type Token = ListItem<"/v1/tokens">;

const KINDS = [
  { value: "product", label: "product (one product)" },
  { value: "admin", label: "admin (whole organization)" },
] as const;

/**
 * Tokens (admin tokens): create (the secret shows once), list, revoke (asked first). The token
 * this dashboard signed in with is marked; revoking it signs this tab out. The API refuses to
 * revoke the organization's last admin token (409 LAST_ADMIN_TOKEN): said in the question.
 */
export function Tokens() {
  const { kind, client, tokenId } = useSession();
  const { signOut } = useSessionState();
  const queryClient = useQueryClient();
  const products = useProducts();
  const tokens = useListPage("/v1/tokens", { enabled: kind === "admin" });
  const [secret, setSecret] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => client.DELETE("/v1/tokens/{id}", { params: { path: { id } } }),
    // Its own token revoked, the tab has nothing left to call the API with.
    onSuccess: (_answer, id) =>
      id === tokenId
        ? signOut("You revoked the token this tab was signed in with: sign in with another one.")
        : queryClient.invalidateQueries({ queryKey: ["tokens"] }),
  });
  const nameOfToken = (token: Token) => token.name ?? token.id;
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
      <PagedTable
        query={tokens.query}
        cursor={tokens.cursor}
        label="tokens"
        empty="No tokens."
        columns={[
          {
            header: "Name",
            cell: (token) => (
              <>
                {token.name ?? <span className="mono">{token.id}</span>}
                {token.id === tokenId ? (
                  <span className="badge current">this dashboard's token</span>
                ) : null}
              </>
            ),
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
          actionColumn<Token>({
            verb: "Revoke",
            name: nameOfToken,
            mutation: revoke,
            when: (token) => !token.revokedAt,
            ask: {
              question: (token) =>
                token.id === tokenId ? (
                  <>
                    Revoke {nameOfToken(token)}?{" "}
                    <strong>This dashboard is signed in with it:</strong> you will be signed out at
                    once, and whatever else uses it is refused from now on. This cannot be undone.
                  </>
                ) : (
                  `Revoke ${nameOfToken(token)}? Whatever uses it is refused from now on. This cannot be undone.`
                ),
              confirm: (token) =>
                token.id === tokenId ? "Yes, revoke and sign out" : "Yes, revoke",
              failed: "Could not revoke",
            },
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
