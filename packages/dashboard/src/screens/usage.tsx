// Trackable usage of one license: per day as a chart with the period's quota and grace lines,
// per feature and per device as tables, and the quotas now. The license is found with the API's
// search (key, id, name, email or metadata).
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { lazy, Suspense, useState } from "react";
import { SearchForm, SelectField } from "../forms.js";
import { useSession } from "../session.js";
import { QueryView, Table } from "../ui.js";

const UsageChart = lazy(() => import("../usage-chart.js"));
const DAY_MS = 86_400_000;
const DAYS = 30;

export function Usage() {
  const { client } = useSession();
  const [q, setQ] = useState("");
  const [licenseId, setLicenseId] = useState<string | null>(null);
  const found = useQuery({
    queryKey: ["licenses", "usage-search", q],
    enabled: q !== "",
    queryFn: () => client.GET("/v1/licenses", { params: { query: { q, limit: "10" } } }),
  });
  return (
    <section>
      <h1>Trackable usage</h1>
      <SearchForm
        name="Find a trackable license"
        label="License"
        hint="Exact key or ID, or part of a name or user email"
        button="Show usage"
        onSearch={(text) => {
          setLicenseId(null);
          setQ(text);
        }}
      />
      {q === "" ? (
        <p className="state" role="status">
          Find a license to see its usage.
        </p>
      ) : (
        <QueryView
          query={found}
          label="licenses"
          empty={(page) => (page.data.length === 0 ? "No license matches." : null)}
        >
          {(page) => {
            const chosenId = licenseId ?? (page.data.length === 1 ? page.data[0]!.id : null);
            const chosen = page.data.find((license) => license.id === chosenId);
            return (
              <>
                {page.data.length > 1 ? (
                  <ul className="choices" aria-label="Matching licenses">
                    {page.data.map((license) => (
                      <li key={license.id}>
                        <button
                          type="button"
                          className="secondary"
                          aria-pressed={chosenId === license.id}
                          onClick={() => setLicenseId(license.id)}
                        >
                          {license.name ?? license.id}
                        </button>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {chosen ? <LicenseUsage key={chosen.id} license={chosen} /> : null}
              </>
            );
          }}
        </QueryView>
      )}
    </section>
  );
}

/** The usage of a license of the search's answer (named by its name, its id beside it). */
function LicenseUsage(props: { license: { id: string; name: string | null } }) {
  const { client } = useSession();
  const { id: licenseId, name } = props.license;
  const [feature, setFeature] = useState("");
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const first = today - (DAYS - 1) * DAY_MS;
  const from = new Date(first).toISOString().slice(0, 10);
  const usage = (groupBy: "day" | "feature" | "device", only?: string) =>
    client.GET("/v1/licenses/{id}/usage", {
      params: {
        path: { id: licenseId },
        query: { groupBy, from, ...(only ? { feature: only } : {}) },
      },
    });
  const perDay = useQuery({
    queryKey: ["usage", licenseId, "day", feature, from],
    queryFn: () => usage("day", feature || undefined),
  });
  const perFeature = useQuery({
    queryKey: ["usage", licenseId, "feature", from],
    queryFn: () => usage("feature"),
  });
  const perDevice = useQuery({
    queryKey: ["usage", licenseId, "device", from],
    queryFn: () => usage("device"),
  });
  const quota = useQuery({
    queryKey: ["usage", licenseId, "quota"],
    queryFn: () => client.GET("/v1/licenses/{id}/quota", { params: { path: { id: licenseId } } }),
  });
  // The API's metrics: "uses" (every feature, the policy's maxUses) and "uses:<feature>".
  const metric = quota.data?.data.quotas.find(
    (line) => line.metric === (feature ? `uses:${feature}` : "uses"),
  );

  return (
    <>
      <h2>
        Usage of{" "}
        {name === null ? (
          <Link to="/licenses/$id" params={{ id: licenseId }} className="mono">
            {licenseId}
          </Link>
        ) : (
          <>
            <Link to="/licenses/$id" params={{ id: licenseId }}>
              {name}
            </Link>{" "}
            <span className="mono meta">{licenseId}</span>
          </>
        )}
      </h2>
      <div className="filters">
        <SelectField
          label="Feature"
          none="All features"
          choices={perFeature.data?.data.map((row) => row.key)}
          value={feature}
          onChange={setFeature}
        />
      </div>
      <h3>Per day (UTC), last {DAYS} days</h3>
      <QueryView
        query={perDay}
        label="usage per day"
        empty={(answer) =>
          answer.data.length === 0 ? `No usage reported in the last ${DAYS} days.` : null
        }
      >
        {(answer) => {
          const counts = new Array<number>(DAYS).fill(0);
          for (const row of answer.data) {
            const index = Math.floor((Date.parse(row.key) - first) / DAY_MS);
            if (index >= 0 && index < DAYS) counts[index]! += row.count;
          }
          const days = counts.map((_count, index) => (first + index * DAY_MS) / 1000);
          const total = counts.reduce((sum, count) => sum + count, 0);
          return (
            <figure className="panel chart-panel">
              <Suspense fallback={<p className="state">Drawing the chart…</p>}>
                <UsageChart
                  data={{
                    days,
                    counts,
                    quota: metric?.limit ?? null,
                    grace: metric?.most ?? null,
                  }}
                />
              </Suspense>
              <figcaption>
                {total} used in the last {DAYS} days{feature ? ` (${feature})` : ""}
                {metric
                  ? `; in the quota's period (${quota.data?.data.period ?? "now"}): ${metric.used} of ${
                      metric.limit ?? "unlimited"
                    }${metric.most !== null ? `, grace up to ${metric.most}` : ""}`
                  : ""}
                .
              </figcaption>
            </figure>
          );
        }}
      </QueryView>
      <h3>Quotas this period</h3>
      <QueryView
        query={quota}
        label="quotas"
        empty={(answer) => (answer.data.quotas.length === 0 ? "No quota is set." : null)}
      >
        {(answer) => (
          <Table
            label="Quotas table"
            rows={answer.data.quotas}
            rowKey={(line) => line.metric}
            columns={[
              { header: "Feature", className: "mono", cell: (line) => line.metric },
              { header: "Used", cell: (line) => line.used },
              { header: "Quota", cell: (line) => line.limit ?? "unlimited" },
              { header: "With grace", cell: (line) => line.most ?? "—" },
              { header: "Stage", cell: (line) => line.stage },
            ]}
          />
        )}
      </QueryView>
      <Totals
        title="Per feature"
        label="usage per feature"
        keyHeader="Feature"
        query={perFeature}
      />
      <Totals title="Per device" label="usage per device" keyHeader="Device" query={perDevice} />
    </>
  );
}

function Totals(props: {
  title: string;
  label: string;
  keyHeader: string;
  query: Parameters<typeof QueryView<{ data: { key: string; count: number }[] }>>[0]["query"];
}) {
  return (
    <>
      <h3>
        {props.title}, last {DAYS} days
      </h3>
      <QueryView
        query={props.query}
        label={props.label}
        empty={(answer) => (answer.data.length === 0 ? "Nothing reported." : null)}
      >
        {(answer) => (
          <Table
            label={`${props.title} table`}
            rows={answer.data}
            rowKey={(row) => row.key}
            columns={[
              { header: props.keyHeader, className: "mono", cell: (row) => row.key },
              { header: "Used", cell: (row) => row.count },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
