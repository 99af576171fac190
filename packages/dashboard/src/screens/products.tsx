import type { ListItem } from "@keyward/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { usePolicies } from "../api.js";
import { DeleteFromScreen } from "../detail.js";
import {
  choicesOf,
  FormPanel,
  fieldErrors,
  listOf,
  MetadataField,
  metadataOf,
  metadataText,
  SelectField,
  TextField,
  useForm,
} from "../forms.js";
import { useSession } from "../session.js";
import { formatDate, PagedTable, QueryView, useCursor } from "../ui.js";

type Product = ListItem<"/v1/products">;

export function Products() {
  const { client, kind, productId } = useSession();
  const cursor = useCursor();
  // The list is for admin tokens; a product token reads its own product.
  const products = useQuery({
    queryKey: ["products", "page", cursor.cursor],
    queryFn: async () =>
      productId === null
        ? client.GET("/v1/products", {
            params: { query: cursor.cursor ? { cursor: cursor.cursor } : {} },
          })
        : {
            data: [
              (await client.GET("/v1/products/{id}", { params: { path: { id: productId } } })).data,
            ],
            nextCursor: null,
          },
  });
  return (
    <section>
      <h1>Products</h1>
      {kind === "admin" ? <ProductForm /> : null}
      <h2>All products</h2>
      <PagedTable
        query={products}
        cursor={cursor}
        label="products"
        empty="No products yet."
        columns={[
          {
            header: "Name",
            cell: (product) => (
              <Link to="/products/$id" params={{ id: product.id }}>
                {product.name}
              </Link>
            ),
          },
          { header: "Code", cell: (product) => product.code ?? "—" },
          { header: "ID", className: "mono", cell: (product) => product.id },
          { header: "Created", cell: (product) => formatDate(product.createdAt) },
        ]}
      />
    </section>
  );
}

/** A product's screen: its facts, and for admin tokens its settings, public trials and deletion. */
export function ProductDetail() {
  const { id } = useParams({ from: "/products/$id" });
  const { client, kind } = useSession();
  const product = useQuery({
    queryKey: ["products", "one", id],
    queryFn: async () => (await client.GET("/v1/products/{id}", { params: { path: { id } } })).data,
  });
  return (
    <section>
      <p>
        <Link to="/products">← Products</Link>
      </p>
      <QueryView query={product} label="the product">
        {(data) => (
          <>
            <h1>Product {data.name}</h1>
            <dl className="facts">
              <dt>ID</dt>
              <dd className="mono">{data.id}</dd>
              <dt>Code</dt>
              <dd className="mono">{data.code ?? "—"}</dd>
              <dt>Created</dt>
              <dd>{formatDate(data.createdAt)}</dd>
            </dl>
            <p>
              <Link to="/licenses" search={{ productId: data.id }}>
                Its licenses
              </Link>
            </p>
            {kind === "admin" ? (
              <>
                <ProductForm product={data} />
                <PublicTrials productId={data.id} />
                <h2>Delete</h2>
                <DeleteFromScreen
                  path="/v1/products/{id}"
                  id={data.id}
                  list="/products"
                  label="Delete product…"
                  question={`Delete the product ${data.name}? This cannot be undone.`}
                />
              </>
            ) : null}
          </>
        )}
      </QueryView>
    </section>
  );
}

const PRODUCT_FIELDS = ["name", "code", "platforms", "appIdentifiers", "metadata"] as const;

/** The form's values for `product` (empty for a new one). */
function formOf(product: Product | undefined) {
  return {
    name: product?.name ?? "",
    code: product?.code ?? "",
    platforms: product?.platforms.join(", ") ?? "",
    appIdentifiers: product?.appIdentifiers.join(", ") ?? "",
    metadata: metadataText(product?.metadata ?? {}),
  };
}

/**
 * Creates a product (admin tokens), or edits `product`: its name, code, the platforms and
 * application identifiers its licenses allow (SPEC R1; empty: any) and metadata.
 */
function ProductForm(props: { product?: Product }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const { product } = props;
  const form = useForm(formOf(product), product?.updatedAt);
  const { values } = form;
  const save = useMutation({
    mutationFn: async () => {
      const body = {
        name: values.name,
        platforms: listOf(values.platforms),
        appIdentifiers: listOf(values.appIdentifiers),
        metadata: metadataOf(values.metadata),
      };
      const code = values.code.trim();
      if (product) {
        return client.PATCH("/v1/products/{id}", {
          params: { path: { id: product.id } },
          body: { ...body, code: code || null },
        });
      }
      return client.POST("/v1/products", { body: { ...body, ...(code ? { code } : {}) } });
    },
    onSuccess: () => {
      if (!product) form.reset(formOf(undefined));
      return queryClient.invalidateQueries({ queryKey: ["products"] });
    },
  });
  const field = form.withErrors(fieldErrors(save.error));
  return (
    <FormPanel
      title={product ? "Edit product" : "New product"}
      save={save}
      fields={PRODUCT_FIELDS}
      submit={product ? "Save product" : "Create product"}
      saved={
        save.isSuccess
          ? product
            ? "Saved."
            : `Created ${save.data.data.name} (${save.data.data.id}).`
          : null
      }
    >
      <TextField label="Name" {...field("name")} />
      <TextField label="Code (optional)" hint="Letters, digits, _ . -" {...field("code")} />
      <TextField
        label="Platforms (optional)"
        hint="Comma-separated, e.g. macos, windows; empty allows any"
        {...field("platforms")}
      />
      <TextField
        label="App identifiers (optional)"
        hint="Comma-separated bundle IDs, package names or domains; empty allows any"
        {...field("appIdentifiers")}
      />
      <MetadataField {...field("metadata")} />
    </FormPanel>
  );
}

/**
 * The policy of the product's 7-day public trials (GET/PUT /v1/products/{id}/trackable): a
 * device asking with neither organization nor handshake code gets one, once (SPEC T2); none
 * chosen, the product offers no public trial.
 */
function PublicTrials(props: { productId: string }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const policies = usePolicies();
  const settings = useQuery({
    queryKey: ["products", "trackable", props.productId],
    queryFn: async () =>
      (
        await client.GET("/v1/products/{id}/trackable", {
          params: { path: { id: props.productId } },
        })
      ).data,
  });
  return (
    <QueryView query={settings} label="public-trial settings">
      {(data) => (
        <PublicTrialForm
          productId={props.productId}
          policyId={data.publicTrialPolicyId ?? ""}
          policies={policies.data?.filter((policy) => policy.productId === props.productId)}
          onSaved={() => queryClient.invalidateQueries({ queryKey: ["products"] })}
        />
      )}
    </QueryView>
  );
}

function PublicTrialForm(props: {
  productId: string;
  policyId: string;
  policies: readonly { id: string; name: string }[] | undefined;
  onSaved(): Promise<unknown>;
}) {
  const { client } = useSession();
  const [policyId, setPolicyId] = useState(props.policyId);
  const save = useMutation({
    mutationFn: () =>
      client.PUT("/v1/products/{id}/trackable", {
        params: { path: { id: props.productId } },
        body: { publicTrialPolicyId: policyId || null },
      }),
    onSuccess: props.onSaved,
  });
  const errors = fieldErrors(save.error);
  return (
    <FormPanel
      title="Public trials"
      save={save}
      fields={["publicTrialPolicyId"]}
      submit="Save public trials"
      saved={
        save.isSuccess
          ? save.data.data.publicTrialPolicyId
            ? "Saved: devices without a code get a 7-day trial of this policy."
            : "Saved: no public trial."
          : null
      }
    >
      <SelectField
        label="Public-trial policy"
        none="No public trial"
        hint="Devices asking with neither organization nor handshake code get a 7-day trial of it, once per device."
        choices={choicesOf(props.policies)}
        value={policyId}
        error={errors.publicTrialPolicyId}
        onChange={setPolicyId}
      />
    </FormPanel>
  );
}
