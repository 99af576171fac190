// A trackable license's usage per day (uPlot, canvas; loaded on demand like chart.tsx): the
// day's counts as bars, their running total over the range as a line, and the period's quota
// and grace ceiling as dashed lines against that total. Numbers are also given as text by the
// screen (the canvas is hidden from screen readers).
import { useEffect, useRef } from "react";
import { bars, drawDays } from "./day-chart.js";

export interface UsageSeries {
  /** Start of each UTC day, Unix seconds. */
  days: number[];
  counts: number[];
  /** The period's quota; null when unlimited. */
  quota: number | null;
  /** The most allowed with grace (overage); null when none. */
  grace: number | null;
}

export default function UsageChart(props: { data: UsageSeries }) {
  const box = useRef<HTMLDivElement>(null);
  const { data } = props;
  useEffect(() => {
    if (!box.current) return;
    let total = 0;
    const running = data.counts.map((count) => {
      total += count;
      return total;
    });
    const flat = (value: number | null) => data.days.map(() => value);
    const line = { width: 2, points: { show: false } };
    return drawDays(box.current, {
      height: 240,
      legend: true,
      axis: { size: 56 },
      yAtLeast: Math.max(data.grace ?? 0, data.quota ?? 0),
      series: [
        bars({ label: "Per day", stroke: "#1d4ed8", fill: "rgba(29, 78, 216, 0.25)" }),
        { ...line, label: "Running total", stroke: "#0f766e" },
        { ...line, label: "Quota", stroke: "#b45309", dash: [8, 4] },
        { ...line, label: "Grace", stroke: "#b91c1c", dash: [3, 3] },
      ],
      data: [data.days, data.counts, running, flat(data.quota), flat(data.grace)],
    });
  }, [data]);
  return <div ref={box} className="chart" aria-hidden="true" />;
}
