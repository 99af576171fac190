import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useSession } from "../session.js";
import { Field, FormError, fieldErrors, formatDate, PagedTable, useCursor } from "../ui.js";

export function Products() {
  const { client, kind, productId } = useSession();
  const cursor = useCursor();
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
      {kind === "admin" ? <CreateProduct /> : null}
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
              <Link to="/licenses" search={{ productId: product.id }}>
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

function CreateProduct() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/products", { body: { name, ...(code.trim() ? { code } : {}) } }),
    onSuccess: () => {
      setName("");
      setCode("");
      return queryClient.invalidateQueries({ queryKey: ["products"] });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-product">
      <h2 id="new-product">New product</h2>
      <div className="row">
        <Field label="Name" error={errors.name}>
          {(ids) => (
            <input
              id={ids.id}
              value={name}
              required
              aria-invalid={ids.invalid || undefined}
              aria-describedby={ids.describedBy}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field label="Code (optional)" error={errors.code} hint="Letters, digits, _ . -">
          {(ids) => (
            <input
              id={ids.id}
              value={code}
              aria-invalid={ids.invalid || undefined}
              aria-describedby={ids.describedBy}
              onChange={(event) => setCode(event.target.value)}
            />
          )}
        </Field>
      </div>
      <FormError error={create.error} fields={["name", "code"]} />
      {create.isSuccess ? (
        <p className="notice ok" role="status">
          Created {create.data.data.name} ({create.data.data.id}).
        </p>
      ) : null}
      <button type="submit" disabled={create.isPending}>
        Create product
      </button>
    </form>
  );
}
