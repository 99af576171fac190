import type { ListItem } from "@keyward/client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { nameOf, useListPage, useProducts } from "../api.js";
import {
  FormPanel,
  fieldErrors,
  isoTime,
  ProductField,
  SelectField,
  TextField,
  useForm,
} from "../forms.js";
import { LicenseName, useLicenseNames } from "../license-names.js";
import { useSession, useSessionState } from "../session.js";
import { actionColumn, formatDate, OnceSecret, PagedTable } from "../ui.js";

type Token = ListItem<"/v1/tokens">;

const KINDS = [
  { value: "product", label: "product (one product)" },
  { value: "admin", label: "admin (whole organization)" },
] as const;

const SCOPES = [
  { value: "write", label: "read and write" },
  { value: "read", label: "read-only" },
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
  const licenses = useLicenseNames((tokens.query.data?.data ?? []).map((token) => token.licenseId));
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
            header: "Reach",
            cell: (token) =>
              token.licenseId ? (
                <LicenseName license={licenses(token.licenseId)} />
              ) : token.productId ? (
                nameOf(products.data, token.productId)
              ) : (
                "organization"
              ),
          },
          {
            header: "Access",
            cell: (token) => (token.scope === "read" ? "read-only" : "read and write"),
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
  const form = useForm({
    kind: "product" as "admin" | "product",
    productId: "",
    name: "",
    scope: "write" as "read" | "write",
    expiresAt: "",
  });
  const { values } = form;
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/tokens", {
        body: {
          kind: values.kind,
          scope: values.scope,
          ...(values.name.trim() ? { name: values.name } : {}),
          ...(values.kind === "product" ? { productId: values.productId } : {}),
          ...(values.expiresAt ? { expiresAt: isoTime(values.expiresAt) } : {}),
        },
      }),
    onMutate: () => onSecret(null),
    onSuccess: ({ data }) => {
      onSecret(data.token);
      form.reset({ ...values, name: "", expiresAt: "" });
      return queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const field = form.withErrors(fieldErrors(create.error));
  return (
    <FormPanel
      title="New token"
      save={create}
      fields={["kind", "productId", "name", "scope", "expiresAt"]}
      submit="Create token"
    >
      <SelectField label="Kind" choices={KINDS} {...field("kind")} />
      {values.kind === "product" ? (
        <ProductField none="Choose a product" {...field("productId")} />
      ) : null}
      <TextField
        label="Name (optional)"
        hint="Where it is used, e.g. billing backend."
        {...field("name")}
      />
      <SelectField
        label="Access"
        choices={SCOPES}
        hint="A read-only token reads what its kind reaches and is refused every change."
        {...field("scope")}
      />
      <TextField
        label="Expires (optional)"
        type="datetime-local"
        hint="Your time zone; empty: never. It is refused from then on."
        {...field("expiresAt")}
      />
    </FormPanel>
  );
}
