import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { type Machine, useProducts } from "../api.js";
import { useSession } from "../session.js";
import { actionColumn, ErrorNotice, Field, formatDate, PagedTable, useCursor } from "../ui.js";

/** Every activated machine, by product or by fingerprint (the API's filters). */
export function Machines() {
  const products = useProducts();
  const [productId, setProductId] = useState("");
  const [typed, setTyped] = useState("");
  const [fingerprint, setFingerprint] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFingerprint(typed.trim());
  };
  return (
    <section>
      <h1>Machines</h1>
      <div className="filters">
        <Field label="Product">
          {(ids) => (
            <select
              id={ids.id}
              value={productId}
              onChange={(event) => setProductId(event.target.value)}
            >
              <option value="">Any product</option>
              {products.data?.map((product) => (
                <option key={product.id} value={product.id}>
                  {product.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <form className="inline" onSubmit={submit} aria-label="Find a machine by fingerprint">
          <Field label="Fingerprint">
            {(ids) => (
              <input
                id={ids.id}
                className="mono"
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
              />
            )}
          </Field>
          <button type="submit">Find</button>
        </form>
      </div>
      <MachineList productId={productId || undefined} fingerprint={fingerprint || undefined} />
    </section>
  );
}

/** A page of machines (of a license, a product or a fingerprint) with deactivate. */
export function MachineList(props: {
  licenseId?: string | undefined;
  productId?: string | undefined;
  fingerprint?: string | undefined;
}) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const { licenseId, productId, fingerprint } = props;
  const machines = useQuery({
    queryKey: ["machines", licenseId, productId, fingerprint, cursor.cursor],
    queryFn: () =>
      client.GET("/v1/machines", {
        params: {
          query: {
            ...(licenseId ? { licenseId } : {}),
            ...(productId ? { productId } : {}),
            ...(fingerprint ? { fingerprint } : {}),
            ...(cursor.cursor ? { cursor: cursor.cursor } : {}),
          },
        },
      }),
  });
  const deactivate = useMutation({
    mutationFn: (id: string) => client.DELETE("/v1/machines/{id}", { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["machines"] }),
  });
  return (
    <>
      {deactivate.isError ? (
        <ErrorNotice error={deactivate.error} what="Could not deactivate" />
      ) : null}
      <PagedTable
        query={machines}
        cursor={cursor}
        label="machines"
        empty="No machine is activated."
        columns={[
          { header: "Name", cell: (machine) => machine.name ?? machine.id },
          { header: "Fingerprint", className: "mono", cell: (machine) => machine.fingerprint },
          ...(licenseId
            ? []
            : [
                {
                  header: "License",
                  className: "mono",
                  cell: (machine: Machine) => (
                    <Link to="/licenses/$id" params={{ id: machine.licenseId }}>
                      {machine.licenseId}
                    </Link>
                  ),
                },
              ]),
          { header: "Platform", cell: (machine) => machine.platform ?? "—" },
          { header: "Last heartbeat", cell: (machine) => formatDate(machine.lastHeartbeatAt) },
          actionColumn<Machine>({
            verb: "Deactivate",
            name: (machine) => machine.name ?? machine.fingerprint,
            run: (id) => deactivate.mutate(id),
            pending: deactivate.isPending,
          }),
        ]}
      />
    </>
  );
}
