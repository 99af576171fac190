// A trackable license's usage per day (uPlot, canvas; loaded on demand like chart.tsx): the
// day's counts as bars, their running total over the range as a line, and the period's quota
// and grace ceiling as dashed lines against that total. Numbers are also given as text by the
// screen (the canvas is hidden from screen readers).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const HALF_DAY = 43_200;

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
    const target = box.current;
    if (!target) return;
    let total = 0;
    const running = data.counts.map((count) => {
      total += count;
      return total;
    });
    const flat = (value: number | null) => data.days.map(() => value);
    const chart = new uPlot(
      {
        width: Math.max(280, target.clientWidth),
        height: 240,
        legend: { show: true, live: false },
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
        cursor: { show: false },
        scales: {
          x: { time: true, range: (_self, min, max) => [min - HALF_DAY, max + HALF_DAY] },
          y: {
            range: (_self, _min, max) => [0, Math.max(1, max, data.grace ?? 0, data.quota ?? 0)],
          },
        },
        axes: [{}, { size: 56 }],
        series: [
          {},
          {
            label: "Per day",
            stroke: "#1d4ed8",
            fill: "rgba(29, 78, 216, 0.25)",
            paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
            points: { show: false },
          },
          { label: "Running total", stroke: "#0f766e", width: 2, points: { show: false } },
          { label: "Quota", stroke: "#b45309", width: 2, dash: [8, 4], points: { show: false } },
          { label: "Grace", stroke: "#b91c1c", width: 2, dash: [3, 3], points: { show: false } },
        ],
      },
      [data.days, data.counts, running, flat(data.quota), flat(data.grace)],
      target,
    );
    const resize = () => chart.setSize({ width: Math.max(280, target.clientWidth), height: 240 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.destroy();
    };
  }, [data]);
  return <div ref={box} className="chart" aria-hidden="true" />;
}
