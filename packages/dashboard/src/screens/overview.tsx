import type { ListItem } from "@keyward/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { lazy, Suspense } from "react";
import { LICENSE_STATUSES, nameOf, useOrganization, useProducts } from "../api.js";
import { countsByKey, DAY_MS, lastDays } from "../daily-series.js";
import { LicenseLink, LicenseName, useLicenseNames } from "../license-names.js";
import { useSession } from "../session.js";
import type { StackedSeries } from "../stacked-chart.js";
import {
  actionColumn,
  ErrorNotice,
  formatDate,
  PagedTable,
  QueryView,
  StatusBadge,
  TableWrap,
  useCursor,
} from "../ui.js";
import { ValidationsPerDay } from "./validations.js";

/** The expiring licenses listed (one page of the API's expiry filter; the rest via the list). */
const EXPIRING_SHOWN = 25;
const CHART_DAYS = 30;

const DailyChart = lazy(() => import("../chart.js"));
const StackedChart = lazy(() => import("../stacked-chart.js"));

/**
 * Features drawn as their own slice of the usage bars, most used first; the others are summed
 * into one "other features" slice (the caption still names each). Colors as the validations
 * chart's: the dashboard's blue first, then fixed hues, gray for the rest.
 */
const FEATURE_COLORS = ["#1d4ed8", "#b45309", "#0f766e", "#7c3aed", "#be185d"];
const REST_COLOR = "#4b5563";

/** Uses per day and feature of trackable licenses over the last CHART_DAYS days. */
function useUsagePerDay() {
  const { client } = useSession();
  return useQuery({
    queryKey: ["stats", "usage", CHART_DAYS],
    queryFn: async () => {
      const range = lastDays(CHART_DAYS);
      const answer = await client.GET("/v1/stats/usage", {
        params: { query: { from: range.from, to: range.to } },
      });
      const features = countsByKey(answer.data, (row) => row.feature, range);
      const shown = features.slice(0, FEATURE_COLORS.length);
      const rest = features.slice(FEATURE_COLORS.length);
      const series: StackedSeries[] = shown.map((entry, index) => ({
        label: entry.key,
        counts: entry.counts,
        color: FEATURE_COLORS[index]!,
      }));
      if (rest.length > 0) {
        series.push({
          label: "other features",
          counts: range.days.map((_day, index) =>
            rest.reduce((sum, entry) => sum + entry.counts[index]!, 0),
          ),
          color: REST_COLOR,
        });
      }
      return {
        days: range.days,
        series,
        features,
        total: features.reduce((sum, entry) => sum + entry.total, 0),
      };
    },
  });
}

/**
 * Usage per day across trackable licenses (GET /v1/stats/usage: the server's daily counters),
 * stacked by feature. Admin tokens see the organization's, product tokens their product's.
 */
function UsagePerDay() {
  const usage = useUsagePerDay();
  return (
    <>
      <h2>Usage per day (UTC), last {CHART_DAYS} days</h2>
      <QueryView
        query={usage}
        label="usage"
        empty={(result) =>
          result.total === 0 ? `No usage reported in the last ${CHART_DAYS} days.` : null
        }
      >
        {(result) => (
          <figure className="panel chart-panel usage-chart">
            <Suspense fallback={<p className="state">Drawing the chart…</p>}>
              <StackedChart data={result} />
            </Suspense>
            <figcaption>
              {result.total} {result.total === 1 ? "use" : "uses"} reported by trackable licenses in
              the last {CHART_DAYS} days:{" "}
              {result.features.map((entry) => `${entry.key} ${entry.total}`).join(", ")}.
            </figcaption>
          </figure>
        )}
      </QueryView>
    </>
  );
}

type UsageAlert = ListItem<"/v1/usage-alerts">;

/**
 * The open usage alerts (admin tokens): quota thresholds crossed in the current period (the
 * license's lifetime, or this UTC month) that no one has acknowledged. Acknowledging one takes
 * it off this list (the API records who and when, with an audit entry); a new month closes the
 * last month's alerts by itself.
 */
function OpenUsageAlerts() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const cursor = useCursor();
  const alerts = useQuery({
    queryKey: ["usage-alerts", "open", cursor.cursor],
    queryFn: () =>
      client.GET("/v1/usage-alerts", {
        params: { query: { state: "open", ...(cursor.cursor ? { cursor: cursor.cursor } : {}) } },
      }),
  });
  const acknowledge = useMutation({
    mutationFn: (id: string) =>
      client.POST("/v1/usage-alerts/{id}/actions/acknowledge", { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["usage-alerts"] }),
  });
  const count = (value: number | null) => (value === null ? "—" : String(value));
  const names = useLicenseNames((alerts.data?.data ?? []).map((alert) => alert.licenseId));
  return (
    <>
      <h2>Open usage alerts</h2>
      {acknowledge.isError ? (
        <ErrorNotice error={acknowledge.error} what="Could not acknowledge" />
      ) : null}
      <PagedTable<UsageAlert>
        query={alerts}
        cursor={cursor}
        label="open usage alerts"
        empty="No open usage alerts."
        columns={[
          { header: "Since", cell: (alert) => formatDate(alert.createdAt) },
          { header: "License", cell: (alert) => <LicenseName license={names(alert.licenseId)} /> },
          { header: "Metric", cell: (alert) => alert.metric },
          { header: "Threshold", cell: (alert) => `${alert.threshold}%` },
          {
            header: "Used of limit",
            cell: (alert) => `${count(alert.used)} of ${count(alert.limit)}`,
          },
          { header: "Period", cell: (alert) => alert.period },
          actionColumn<UsageAlert>({
            verb: "Acknowledge",
            name: (alert) =>
              `the ${alert.threshold}% alert on ${alert.metric} of ${names(alert.licenseId).label}`,
            mutation: acknowledge,
          }),
        ]}
      />
    </>
  );
}

/**
 * Machines activated per day over the last CHART_DAYS days, and how many went (deactivated,
 * culled dead, released inactive): GET /v1/stats/activations, counted by the server from its
 * events (kept 90 days by default, so 30 days are whole).
 */
function useActivationsPerDay() {
  const { client } = useSession();
  return useQuery({
    queryKey: ["stats", "activations", CHART_DAYS],
    queryFn: async () => {
      const range = lastDays(CHART_DAYS);
      const answer = await client.GET("/v1/stats/activations", {
        params: { query: { from: range.from, to: range.to } },
      });
      const types = countsByKey(answer.data, (row) => row.type, range);
      const activated = types.find((entry) => entry.key === "machine.activated");
      return {
        days: range.days,
        counts: activated?.counts ?? range.days.map(() => 0),
        total: activated?.total ?? 0,
        gone: types.reduce(
          (sum, entry) => (entry.key === "machine.activated" ? sum : sum + entry.total),
          0,
        ),
      };
    },
  });
}

function ActivationsPerDay() {
  const activations = useActivationsPerDay();
  return (
    <>
      <h2>Activations per day (UTC), last {CHART_DAYS} days</h2>
      <QueryView
        query={activations}
        label="activations"
        empty={(result) =>
          result.total === 0 && result.gone === 0
            ? `No machine activated or deactivated in the last ${CHART_DAYS} days.`
            : null
        }
      >
        {(result) => (
          <figure className="panel chart-panel activations-chart">
            <Suspense fallback={<p className="state">Drawing the chart…</p>}>
              <DailyChart label="Activations" data={result} />
            </Suspense>
            <figcaption>
              {result.total} {result.total === 1 ? "activation" : "activations"} in the last{" "}
              {CHART_DAYS} days; {result.gone} {result.gone === 1 ? "machine" : "machines"}{" "}
              deactivated, culled or released.
            </figcaption>
          </figure>
        )}
      </QueryView>
    </>
  );
}

/** The machine counts shown beside the total, by heartbeat state (GET /v1/machines/counts). */
const MACHINE_STATES = [
  { key: "alive", label: "heartbeat alive" },
  { key: "notStarted", label: "heartbeat not started" },
  { key: "dead", label: "heartbeat dead" },
  { key: "notRequired", label: "no heartbeat needed" },
] as const;

/** Activated machines now, and how many of them are alive, dead… (admin and product tokens). */
function ActiveMachines() {
  const { client } = useSession();
  const counts = useQuery({
    queryKey: ["machines", "overview", "counts"],
    queryFn: async () => (await client.GET("/v1/machines/counts")).data,
  });
  return (
    <>
      <h2>Active machines</h2>
      <QueryView query={counts} label="machine counts">
        {(data) => (
          <ul className="cards">
            <li className="card">
              <Link to="/machines">
                <span className="count">{data.total}</span>
                <span className="meta">activated</span>
              </Link>
            </li>
            {MACHINE_STATES.map((state) => (
              <li key={state.key} className="card">
                <div>
                  <span className="count">{data[state.key]}</span>
                  <span className="meta">{state.label}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </>
  );
}

export function Overview() {
  const { client, organization, kind } = useSession();
  const renamed = useOrganization();
  const products = useProducts();
  const counts = useQuery({
    queryKey: ["licenses", "overview", "counts"],
    queryFn: async () => {
      const { data } = await client.GET("/v1/licenses/counts");
      return LICENSE_STATUSES.map((status) => ({ status, count: data[status] }));
    },
  });
  const expiring = useQuery({
    queryKey: ["licenses", "overview", "expiring"],
    queryFn: async () => {
      const now = new Date();
      const page = await client.GET("/v1/licenses", {
        params: {
          query: {
            status: "active",
            expiresAfter: now.toISOString(),
            expiresBefore: new Date(now.getTime() + 30 * DAY_MS).toISOString(),
            limit: String(EXPIRING_SHOWN),
          },
        },
      });
      return { found: page.data, more: page.nextCursor !== null };
    },
  });

  return (
    <section>
      <h1>Overview</h1>
      <p className="lead">{renamed.data?.name ?? organization.name}</p>
      <h2>Licenses by status</h2>
      <QueryView query={counts} label="license counts">
        {(rows) => (
          <ul className="cards">
            {rows.map((row) => (
              <li key={row.status} className="card">
                <Link to="/licenses" search={{ status: row.status }}>
                  <span className="count">{row.count}</span>
                  <StatusBadge status={row.status} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <ActiveMachines />
      <ValidationsPerDay />
      <ActivationsPerDay />
      <UsagePerDay />
      {kind === "admin" ? <OpenUsageAlerts /> : null}
      <h2>Expiring in the next 30 days</h2>
      <QueryView
        query={expiring}
        label="expiring licenses"
        empty={(result) =>
          result.found.length === 0 ? "No active license expires in the next 30 days." : null
        }
      >
        {(result) => (
          <>
            {result.more ? (
              <p className="hint">The first {EXPIRING_SHOWN}, in creation order.</p>
            ) : null}
            <TableWrap label="Expiring licenses table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">License</th>
                    <th scope="col">Product</th>
                    <th scope="col">Expires</th>
                  </tr>
                </thead>
                <tbody>
                  {result.found.map((license) => (
                    <tr key={license.id}>
                      <td>
                        <LicenseLink license={license} />
                      </td>
                      <td>{nameOf(products.data, license.productId)}</td>
                      <td>{formatDate(license.expiresAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
      </QueryView>
    </section>
  );
}
