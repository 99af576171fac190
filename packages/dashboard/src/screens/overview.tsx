import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { lazy, Suspense } from "react";
import { LICENSE_STATUSES, nameOf, useProducts } from "../api.js";
import { useSession } from "../session.js";
import { formatDate, QueryView, StatusBadge, TableWrap } from "../ui.js";
import { ValidationsPerDay } from "./validations.js";

/** The expiring licenses listed (one page of the API's expiry filter; the rest via the list). */
const EXPIRING_SHOWN = 25;
const DAY_MS = 86_400_000;
/** Events scanned for the activations chart (newest first): 10 pages. */
const EVENT_SCAN_LIMIT = 1000;
const CHART_DAYS = 30;

const DailyChart = lazy(() => import("../chart.js"));
/** Usage alerts listed: the latest page of usage.alert events (the Events screen has the rest). */
const ALERTS_SHOWN = 10;

/**
 * The latest usage alerts (admin tokens: the event log). The API records each quota threshold a
 * license crosses once a period as a usage.alert event; it has no "open alert" state to filter
 * on, so the overview lists the newest ones with their period.
 */
function UsageAlerts() {
  const { client } = useSession();
  const alerts = useQuery({
    queryKey: ["events", "overview", "usage-alerts"],
    queryFn: () =>
      client.GET("/v1/events", {
        params: { query: { type: "usage.alert", limit: String(ALERTS_SHOWN) } },
      }),
  });
  const text = (value: unknown) =>
    typeof value === "string" || typeof value === "number" ? String(value) : "—";
  return (
    <>
      <h2>Latest usage alerts</h2>
      <QueryView
        query={alerts}
        label="usage alerts"
        empty={(page) => (page.data.length === 0 ? "No usage alerts." : null)}
      >
        {(page) => (
          <TableWrap label="Usage alerts table">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">License</th>
                  <th scope="col">Metric</th>
                  <th scope="col">Threshold</th>
                  <th scope="col">Used of limit</th>
                  <th scope="col">Period</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((event) => (
                  <tr key={event.id}>
                    <td>{formatDate(event.createdAt)}</td>
                    <td className="mono">
                      {event.licenseId ? (
                        <Link to="/licenses/$id" params={{ id: event.licenseId }}>
                          {event.licenseId}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{text(event.data.metric)}</td>
                    <td>{text(event.data.threshold)}%</td>
                    <td>
                      {text(event.data.used)} of {text(event.data.limit)}
                    </td>
                    <td>{text(event.data.period)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </QueryView>
    </>
  );
}

/** machine.activated events per day over the last CHART_DAYS days (admin tokens: the log). */
function useActivationsPerDay(enabled: boolean) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["events", "overview", "activations"],
    enabled,
    queryFn: async () => {
      const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      const first = today - (CHART_DAYS - 1) * DAY_MS;
      const counts = new Array<number>(CHART_DAYS).fill(0);
      let scanned = 0;
      let complete = true;
      for await (const event of client.paginate("/v1/events", {
        params: { query: { type: "machine.activated", limit: "100" } },
      })) {
        const day = Math.floor((Date.parse(event.createdAt) - first) / DAY_MS);
        if (day >= 0 && day < CHART_DAYS) counts[day]! += 1;
        if (++scanned >= EVENT_SCAN_LIMIT) {
          complete = false;
          break;
        }
      }
      const days = counts.map((_count, index) => (first + index * DAY_MS) / 1000);
      return { days, counts, complete, total: counts.reduce((sum, count) => sum + count, 0) };
    },
  });
}

export function Overview() {
  const { client, organization, kind } = useSession();
  const products = useProducts();
  const activations = useActivationsPerDay(kind === "admin");
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
      <p className="lead">{organization.name}</p>
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
      <ValidationsPerDay />
      {kind === "admin" ? (
        <>
          <h2>Activations per day (UTC), last {CHART_DAYS} days</h2>
          <QueryView query={activations} label="activations">
            {(result) => (
              <figure className="panel chart-panel">
                <Suspense fallback={<p className="state">Drawing the chart…</p>}>
                  <DailyChart label="Activations" data={result} />
                </Suspense>
                <figcaption>
                  {result.total} {result.total === 1 ? "activation" : "activations"} in the last{" "}
                  {CHART_DAYS} days
                  {result.complete ? "" : ` (among the latest ${EVENT_SCAN_LIMIT} activations)`}.
                </figcaption>
              </figure>
            )}
          </QueryView>
          <UsageAlerts />
        </>
      ) : null}
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
                        <Link to="/licenses/$id" params={{ id: license.id }}>
                          {license.name ?? license.id}
                        </Link>
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
