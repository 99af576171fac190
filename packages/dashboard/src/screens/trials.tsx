// Trials issued: the licenses of the organization's trial policies (public 7-day trials and
// private 30-day ones are licenses of such a policy), newest pages through the API's cursor.
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { nameOf, usePolicies, useProducts } from "../api.js";
import { useSession } from "../session.js";
import { Field, formatDate, PagedTable, QueryView, StatusBadge, useCursor } from "../ui.js";

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
  const { client } = useSession();
  const products = useProducts();
  const cursor = useCursor();
  const [policyId, setPolicyId] = useState(props.policies[0]!.id);
  const trials = useQuery({
    queryKey: ["licenses", "trials", policyId, cursor.cursor],
    queryFn: () =>
      client.GET("/v1/licenses", {
        params: { query: { policyId, ...(cursor.cursor ? { cursor: cursor.cursor } : {}) } },
      }),
  });
  return (
    <>
      <div className="filters">
        <Field label="Trial policy">
          {(ids) => (
            <select
              id={ids.id}
              value={policyId}
              onChange={(event) => {
                setPolicyId(event.target.value);
                cursor.reset();
              }}
            >
              {props.policies.map((policy) => (
                <option key={policy.id} value={policy.id}>
                  {policy.name} ({nameOf(products.data, policy.productId)})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <PagedTable
        query={trials}
        cursor={cursor}
        label="trials"
        empty="No trial issued under this policy yet."
        columns={[
          {
            header: "License",
            cell: (license) => (
              <Link to="/licenses/$id" params={{ id: license.id }}>
                {license.name ?? license.id}
              </Link>
            ),
          },
          { header: "Status", cell: (license) => <StatusBadge status={license.status} /> },
          { header: "Issued", cell: (license) => formatDate(license.createdAt) },
          { header: "Expires", cell: (license) => formatDate(license.expiresAt) },
        ]}
      />
    </>
  );
}
