// Validations per day on the overview, by the code they answered (GET /v1/stats/validations:
// the server's counters, per UTC day and code), as stacked bars. Admin tokens see the
// organization's validations; product tokens their product's (the API scopes them).
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { countsByKey, lastDays } from "../daily-series.js";
import { useSession } from "../session.js";
import type { StackedSeries } from "../stacked-chart.js";
import { QueryView } from "../ui.js";

const StackedChart = lazy(() => import("../stacked-chart.js"));
const CHART_DAYS = 30;

/**
 * A color per code: VALID in the dashboard's blue, the others from a fixed list in order of
 * their totals (a code past the list's end reuses its last color: the text still names it).
 */
const VALID_COLOR = "#1d4ed8";
const OTHER_COLORS = ["#b45309", "#b91c1c", "#0f766e", "#7c3aed", "#be185d", "#4b5563"];

/** The last CHART_DAYS UTC days of validations, a series per code (VALID, then most first). */
function useValidationsPerDay() {
  const { client } = useSession();
  return useQuery({
    queryKey: ["stats", "validations", CHART_DAYS],
    queryFn: async () => {
      const range = lastDays(CHART_DAYS);
      const answer = await client.GET("/v1/stats/validations", {
        params: { query: { from: range.from, to: range.to } },
      });
      const byCode = countsByKey(answer.data, (row) => row.code, range);
      const totals = [
        ...byCode.filter((entry) => entry.key === "VALID"),
        ...byCode.filter((entry) => entry.key !== "VALID"),
      ];
      let other = 0;
      const series: (StackedSeries & { total: number })[] = totals.map((entry) => ({
        label: entry.key,
        counts: entry.counts,
        total: entry.total,
        color:
          entry.key === "VALID"
            ? VALID_COLOR
            : OTHER_COLORS[Math.min(other++, OTHER_COLORS.length - 1)]!,
      }));
      return {
        days: range.days,
        series,
        total: series.reduce((sum, entry) => sum + entry.total, 0),
      };
    },
  });
}

export function ValidationsPerDay() {
  const validations = useValidationsPerDay();
  return (
    <>
      <h2>Validations per day (UTC), last {CHART_DAYS} days</h2>
      <QueryView
        query={validations}
        label="validations"
        empty={(result) =>
          result.total === 0 ? `No validations in the last ${CHART_DAYS} days.` : null
        }
      >
        {(result) => (
          <figure className="panel chart-panel validations-chart">
            <Suspense fallback={<p className="state">Drawing the chart…</p>}>
              <StackedChart data={result} />
            </Suspense>
            <figcaption>
              {result.total} {result.total === 1 ? "validation" : "validations"} in the last{" "}
              {CHART_DAYS} days:{" "}
              {result.series.map((entry) => `${entry.label} ${entry.total}`).join(", ")}.
            </figcaption>
          </figure>
        )}
      </QueryView>
    </>
  );
}
