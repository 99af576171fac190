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
  PagedTable,
  StatusBadge,
  useCursor,
} from "../ui.js";

/** The list's filters, kept in the address (?productId=…&status=…) so a view can be shared. */
export interface LicenseFilters {
  productId?: string | undefined;
  policyId?: string | undefined;
  status?: LicenseStatus | undefined;
  /** Search text: an exact key or id, or part of a name, user's email or metadata value. */
  q?: string | undefined;
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
            ...(filters.q ? { q: filters.q } : {}),
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
        <Search initial={filters.q ?? ""} onSearch={(q) => filter({ q: q || undefined })} />
      </div>
      <PagedTable
        query={licenses}
        cursor={cursor}
        label="licenses"
        empty="No licenses match these filters."
        columns={[
          {
            header: "Name",
            cell: (license) => (
              <Link to="/licenses/$id" params={{ id: license.id }}>
                {license.name ?? license.id}
              </Link>
            ),
          },
          { header: "Status", cell: (license) => <StatusBadge status={license.status} /> },
          { header: "Product", cell: (license) => nameOf(products.data, license.productId) },
          { header: "Policy", cell: (license) => nameOf(policies.data, license.policyId) },
          { header: "Expires", cell: (license) => formatDate(license.expiresAt) },
        ]}
      />
    </section>
  );
}

/**
 * The API's search (`?q=`): an exact key (the server compares its hash) or license id, or part
 * of a name, a user's email or name, or a metadata value (`plan:pro`). Sent on submit, not per
 * key.
 */
function Search(props: { initial: string; onSearch(q: string): void }) {
  const [text, setText] = useState(props.initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSearch(text.trim());
  };
  return (
    <search>
      <form className="inline" onSubmit={submit} aria-label="Search licenses">
        <Field
          label="Search"
          hint="Exact key or ID, or part of a name, user email or metadata value"
        >
          {(ids) => (
            <input
              id={ids.id}
              type="search"
              spellCheck={false}
              value={text}
              aria-describedby={ids.describedBy}
              onChange={(event) => setText(event.target.value)}
            />
          )}
        </Field>
        <button type="submit">Search</button>
      </form>
    </search>
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
