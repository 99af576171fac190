import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { FormPanel, fieldErrors, TextField } from "../forms.js";
import { useSession } from "../session.js";
import { formatDate, PagedTable, useCursor } from "../ui.js";

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
  return (
    <FormPanel
      title="New product"
      save={create}
      fields={["name", "code"]}
      submit="Create product"
      saved={create.isSuccess ? `Created ${create.data.data.name} (${create.data.data.id}).` : null}
    >
      <TextField label="Name" value={name} error={errors.name} onChange={setName} />
      <TextField
        label="Code (optional)"
        hint="Letters, digits, _ . -"
        value={code}
        error={errors.code}
        onChange={setCode}
      />
    </FormPanel>
  );
}
