// Validations per day on the overview: the hook for the counters another change adds
// (`GET /v1/stats/validations`, per day). Isolated here so that wiring it in is this file only:
// until the server has the route, the API answers 404 and the section says the numbers are not
// available on this server, rather than failing the overview.
import { KeywardApiError } from "@keyward/client";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useSession } from "../session.js";
import { ErrorNotice } from "../ui.js";

const DailyChart = lazy(() => import("../chart.js"));
const DAY_MS = 86_400_000;
const CHART_DAYS = 30;

/** What the counters route is expected to answer: one count per UTC day. */
interface ValidationDay {
  day: string;
  count: number;
}

/**
 * The validations of the last CHART_DAYS days; null when this server has no counters route.
 * The route is not in the typed client yet, so it is fetched by path through the client's
 * untyped escape hatch; once the counters land, regenerate the client and type it.
 */
function useValidationsPerDay() {
  const { client } = useSession();
  return useQuery({
    queryKey: ["stats", "validations", CHART_DAYS],
    queryFn: async () => {
      const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      const first = today - (CHART_DAYS - 1) * DAY_MS;
      try {
        const answer = await (
          client.GET as unknown as (
            path: string,
            init: { params: { query: Record<string, string> } },
          ) => Promise<{ data: ValidationDay[] }>
        )("/v1/stats/validations", {
          params: { query: { from: new Date(first).toISOString().slice(0, 10) } },
        });
        const counts = new Array<number>(CHART_DAYS).fill(0);
        for (const { day, count } of answer.data) {
          const index = Math.floor((Date.parse(day) - first) / DAY_MS);
          if (index >= 0 && index < CHART_DAYS) counts[index]! += count;
        }
        const days = counts.map((_count, index) => (first + index * DAY_MS) / 1000);
        return { days, counts, total: counts.reduce((sum, count) => sum + count, 0) };
      } catch (error) {
        if (error instanceof KeywardApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function ValidationsPerDay() {
  const validations = useValidationsPerDay();
  return (
    <>
      <h2>Validations per day (UTC), last {CHART_DAYS} days</h2>
      {validations.isPending ? (
        <p className="state" role="status">
          Loading validations…
        </p>
      ) : validations.isError ? (
        <ErrorNotice error={validations.error} what="Could not load validations" />
      ) : validations.data === null ? (
        <p className="state empty" role="status">
          This server does not count validations per day yet.
        </p>
      ) : (
        <figure className="panel chart-panel">
          <Suspense fallback={<p className="state">Drawing the chart…</p>}>
            <DailyChart label="Validations" data={validations.data} />
          </Suspense>
          <figcaption>
            {validations.data.total} validations in the last {CHART_DAYS} days.
          </figcaption>
        </figure>
      )}
    </>
  );
}
