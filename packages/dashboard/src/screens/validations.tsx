// Validations per day on the overview, by the code they answered (GET /v1/stats/validations:
// the server's counters, per UTC day and code), as stacked bars. Admin tokens see the
// organization's validations; product tokens their product's (the API scopes them).
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useSession } from "../session.js";
import type { StackedSeries } from "../stacked-chart.js";
import { QueryView } from "../ui.js";

const StackedChart = lazy(() => import("../stacked-chart.js"));
const DAY_MS = 86_400_000;
const CHART_DAYS = 30;

/**
 * A color per code: VALID in the dashboard's blue, the others from a fixed list in order of
 * their totals (a code past the list's end reuses its last color: the text still names it).
 */
const VALID_COLOR = "#1d4ed8";
const OTHER_COLORS = ["#b45309", "#b91c1c", "#0f766e", "#7c3aed", "#be185d", "#4b5563"];

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The last CHART_DAYS UTC days of validations, a series per code (most validations first). */
function useValidationsPerDay() {
  const { client } = useSession();
  return useQuery({
    queryKey: ["stats", "validations", CHART_DAYS],
    queryFn: async () => {
      const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      const first = today - (CHART_DAYS - 1) * DAY_MS;
      const answer = await client.GET("/v1/stats/validations", {
        params: { query: { from: dayOf(first), to: dayOf(today) } },
      });
      const byCode = new Map<string, number[]>();
      for (const { day, code, count } of answer.data) {
        const index = Math.floor((Date.parse(`${day}T00:00:00Z`) - first) / DAY_MS);
        if (index < 0 || index >= CHART_DAYS) continue;
        let counts = byCode.get(code);
        if (!counts) {
          counts = new Array<number>(CHART_DAYS).fill(0);
          byCode.set(code, counts);
        }
        counts[index]! += count;
      }
      const totals = [...byCode]
        .map(([code, counts]) => ({ code, counts, total: counts.reduce((a, b) => a + b, 0) }))
        .sort((a, b) =>
          a.code === "VALID"
            ? -1
            : b.code === "VALID"
              ? 1
              : b.total - a.total || (a.code < b.code ? -1 : 1),
        );
      let other = 0;
      const series: (StackedSeries & { total: number })[] = totals.map((entry) => ({
        label: entry.code,
        counts: entry.counts,
        total: entry.total,
        color:
          entry.code === "VALID"
            ? VALID_COLOR
            : OTHER_COLORS[Math.min(other++, OTHER_COLORS.length - 1)]!,
      }));
      const days = Array.from(
        { length: CHART_DAYS },
        (_day, index) => (first + index * DAY_MS) / 1000,
      );
      return { days, series, total: series.reduce((sum, entry) => sum + entry.total, 0) };
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
