import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { LICENSE_STATUSES, type LicenseStatus, nameOf, usePolicies, useProducts } from "../api.js";
import { useSession } from "../session.js";
import {
  Field,
  FormError,
  fieldErrors,
  formatDate,
  Pager,
  QueryView,
  StatusBadge,
  TableWrap,
  useCursor,
} from "../ui.js";

/** The list's filters, kept in the address (?productId=…&status=…) so a view can be shared. */
export interface LicenseFilters {
  productId?: string | undefined;
  policyId?: string | undefined;
  status?: LicenseStatus | undefined;
}

export function Licenses() {
  const filters = useSearch({ from: "/licenses" });
  const navigate = useNavigate({ from: "/licenses" });
  const { client } = useSession();
  const products = useProducts();
  const policies = usePolicies();
  const cursor = useCursor();
  const licenses = useQuery({
    queryKey: ["licenses", "page", filters, cursor.cursor],
    queryFn: () =>
      client.GET("/v1/licenses", {
        params: {
          query: {
            ...(filters.productId ? { productId: filters.productId } : {}),
            ...(filters.policyId ? { policyId: filters.policyId } : {}),
            ...(filters.status ? { status: filters.status } : {}),
            ...(cursor.cursor ? { cursor: cursor.cursor } : {}),
          },
        },
      }),
  });
  const filter = (change: LicenseFilters) => {
    cursor.reset();
    return navigate({ search: (current: LicenseFilters) => ({ ...current, ...change }) });
  };
  const policyChoices = policies.data?.filter(
    (policy) => !filters.productId || policy.productId === filters.productId,
  );

  return (
    <section>
      <h1>Licenses</h1>
      <CreateLicense />
      <h2>Find licenses</h2>
      <div className="filters">
        <Field label="Product">
          {(ids) => (
            <select
              id={ids.id}
              value={filters.productId ?? ""}
              onChange={(event) =>
                filter({ productId: event.target.value || undefined, policyId: undefined })
              }
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
        <Field label="Policy">
          {(ids) => (
            <select
              id={ids.id}
              value={filters.policyId ?? ""}
              onChange={(event) => filter({ policyId: event.target.value || undefined })}
            >
              <option value="">Any policy</option>
              {policyChoices?.map((policy) => (
                <option key={policy.id} value={policy.id}>
                  {policy.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {(ids) => (
            <select
              id={ids.id}
              value={filters.status ?? ""}
              onChange={(event) =>
                filter({ status: (event.target.value || undefined) as LicenseStatus | undefined })
              }
            >
              <option value="">Any status</option>
              {LICENSE_STATUSES.map((status) => (
                <option key={status}>{status}</option>
              ))}
            </select>
          )}
        </Field>
        <OpenById />
      </div>
      <QueryView
        query={licenses}
        label="licenses"
        empty={(page) =>
          page.data.length === 0 && cursor.page === 1 ? "No licenses match these filters." : null
        }
      >
        {(page) => (
          <>
            <TableWrap label="Licenses table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">Product</th>
                    <th scope="col">Policy</th>
                    <th scope="col">Expires</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((license) => (
                    <tr key={license.id}>
                      <td>
                        <Link to="/licenses/$id" params={{ id: license.id }}>
                          {license.name ?? license.id}
                        </Link>
                      </td>
                      <td>
                        <StatusBadge status={license.status} />
                      </td>
                      <td>{nameOf(products.data, license.productId)}</td>
                      <td>{nameOf(policies.data, license.policyId)}</td>
                      <td>{formatDate(license.expiresAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <Pager cursor={cursor} nextCursor={page.nextCursor} />
          </>
        )}
      </QueryView>
    </section>
  );
}

/** Straight to a license by its id (lic_…): the API has no search by key, name or user yet. */
function OpenById() {
  const navigate = useNavigate();
  const [id, setId] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (id.trim()) void navigate({ to: "/licenses/$id", params: { id: id.trim() } });
  };
  return (
    <form className="inline" onSubmit={submit} aria-label="Open a license by id">
      <Field label="License ID">
        {(ids) => (
          <input
            id={ids.id}
            className="mono"
            placeholder="lic_…"
            value={id}
            onChange={(event) => setId(event.target.value)}
          />
        )}
      </Field>
      <button type="submit">Open</button>
    </form>
  );
}

function CreateLicense() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const products = useProducts();
  const policies = usePolicies();
  const [productId, setProductId] = useState("");
  const [policyId, setPolicyId] = useState("");
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () =>
      client.POST("/v1/licenses", {
        body: { productId, policyId, ...(name.trim() ? { name } : {}) },
      }),
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: ["licenses"] });
      await navigate({ to: "/licenses/$id", params: { id: data.id } });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-license" noValidate>
      <h2 id="new-license">New license</h2>
      <div className="row">
        <Field label="Product" error={errors.productId}>
          {(ids) => (
            <select
              id={ids.id}
              value={productId}
              aria-invalid={ids.invalid || undefined}
              aria-describedby={ids.describedBy}
              onChange={(event) => {
                setProductId(event.target.value);
                setPolicyId("");
              }}
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
        <Field label="Policy" error={errors.policyId}>
          {(ids) => (
            <select
              id={ids.id}
              value={policyId}
              aria-invalid={ids.invalid || undefined}
              aria-describedby={ids.describedBy}
              onChange={(event) => setPolicyId(event.target.value)}
            >
              <option value="">Choose a policy</option>
              {policies.data
                ?.filter((policy) => policy.productId === productId)
                .map((policy) => (
                  <option key={policy.id} value={policy.id}>
                    {policy.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label="Name (optional)" error={errors.name} hint="E.g. the customer's email.">
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
      <FormError error={create.error} fields={["productId", "policyId", "name"]} />
      <button type="submit" disabled={create.isPending}>
        Create license
      </button>
    </form>
  );
}
