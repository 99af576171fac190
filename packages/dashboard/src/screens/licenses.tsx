import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import {
  LICENSE_STATUSES,
  type LicenseStatus,
  nameOf,
  useListPage,
  usePolicies,
  useProducts,
} from "../api.js";
import {
  choicesOf,
  FormPanel,
  fieldErrors,
  ProductField,
  SearchForm,
  SelectField,
  TextField,
} from "../forms.js";
import { useSession } from "../session.js";
import { formatDate, LicenseLink, PagedTable, StatusBadge } from "../ui.js";

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
  const products = useProducts();
  const policies = usePolicies();
  const licenses = useListPage("/v1/licenses", { filters });
  const filter = (change: LicenseFilters) =>
    navigate({ search: (current: LicenseFilters) => ({ ...current, ...change }) });
  const policyChoices = policies.data?.filter(
    (policy) => !filters.productId || policy.productId === filters.productId,
  );

  return (
    <section>
      <h1>Licenses</h1>
      <CreateLicense />
      <h2>Find licenses</h2>
      <div className="filters">
        <ProductField
          none="Any product"
          value={filters.productId ?? ""}
          onChange={(productId) =>
            filter({ productId: productId || undefined, policyId: undefined })
          }
        />
        <SelectField
          label="Policy"
          none="Any policy"
          choices={choicesOf(policyChoices)}
          value={filters.policyId ?? ""}
          onChange={(policyId) => filter({ policyId: policyId || undefined })}
        />
        <SelectField
          label="Status"
          none="Any status"
          choices={LICENSE_STATUSES}
          value={filters.status ?? ""}
          onChange={(status) =>
            filter({ status: (status || undefined) as LicenseStatus | undefined })
          }
        />
        {/* The API's search (`?q=`): an exact key (the server compares its hash) or license id,
            or part of a name, a user's email or name, or a metadata value (`plan:pro`). */}
        <SearchForm
          name="Search licenses"
          label="Search"
          hint="Exact key or ID, or part of a name, user email or metadata value"
          button="Search"
          initial={filters.q}
          onSearch={(q) => filter({ q: q || undefined })}
        />
      </div>
      <PagedTable
        query={licenses.query}
        cursor={licenses.cursor}
        label="licenses"
        empty="No licenses match these filters."
        columns={[
          { header: "Name", cell: (license) => <LicenseLink license={license} /> },
          { header: "Status", cell: (license) => <StatusBadge status={license.status} /> },
          { header: "Product", cell: (license) => nameOf(products.data, license.productId) },
          { header: "Policy", cell: (license) => nameOf(policies.data, license.policyId) },
          { header: "Expires", cell: (license) => formatDate(license.expiresAt) },
        ]}
      />
    </section>
  );
}

function CreateLicense() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
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
  return (
    <FormPanel
      title="New license"
      save={create}
      fields={["productId", "policyId", "name"]}
      submit="Create license"
    >
      <ProductField
        none="Choose a product"
        value={productId}
        error={errors.productId}
        onChange={(chosen) => {
          setProductId(chosen);
          setPolicyId("");
        }}
      />
      <SelectField
        label="Policy"
        none="Choose a policy"
        choices={choicesOf(policies.data?.filter((policy) => policy.productId === productId))}
        value={policyId}
        error={errors.policyId}
        onChange={setPolicyId}
      />
      <TextField
        label="Name (optional)"
        hint="E.g. the customer's email."
        value={name}
        error={errors.name}
        onChange={setName}
      />
    </FormPanel>
  );
}
