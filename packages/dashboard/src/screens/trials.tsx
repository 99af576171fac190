// Trials issued: the licenses of the organization's trial policies (public 7-day trials and
// private 30-day ones are licenses of such a policy), newest pages through the API's cursor.
import { useState } from "react";
import { nameOf, useListPage, usePolicies, useProducts } from "../api.js";
import { SelectField } from "../forms.js";
import { LicenseLink } from "../license-names.js";
import { formatDate, PagedTable, QueryView, StatusBadge } from "../ui.js";

export function Trials() {
  const policies = usePolicies();
  return (
    <section>
      <h1>Trials issued</h1>
      <QueryView
        query={policies}
        label="trial policies"
        empty={(all) =>
          all.some((policy) => policy.model === "trial")
            ? null
            : "No trial policy yet: create a policy with the trial model."
        }
      >
        {(all) => <TrialList policies={all.filter((policy) => policy.model === "trial")} />}
      </QueryView>
    </section>
  );
}

function TrialList(props: { policies: { id: string; name: string; productId: string }[] }) {
  const products = useProducts();
  const [policyId, setPolicyId] = useState(props.policies[0]!.id);
  const trials = useListPage("/v1/licenses", { filters: { policyId } });
  return (
    <>
      <div className="filters">
        <SelectField
          label="Trial policy"
          choices={props.policies.map((policy) => ({
            value: policy.id,
            label: `${policy.name} (${nameOf(products.data, policy.productId)})`,
          }))}
          value={policyId}
          onChange={setPolicyId}
        />
      </div>
      <PagedTable
        query={trials.query}
        cursor={trials.cursor}
        label="trials"
        empty="No trial issued under this policy yet."
        columns={[
          { header: "License", cell: (license) => <LicenseLink license={license} /> },
          { header: "Status", cell: (license) => <StatusBadge status={license.status} /> },
          { header: "Issued", cell: (license) => formatDate(license.createdAt) },
          { header: "Expires", cell: (license) => formatDate(license.expiresAt) },
        ]}
      />
    </>
  );
}
