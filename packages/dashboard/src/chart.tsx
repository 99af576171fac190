// A bar chart of counts per day (uPlot, canvas). Loaded on demand (React.lazy): uPlot is not
// part of the first load. The numbers are also given as text, for screen readers and tests.
import { useEffect, useRef } from "react";
import { bars, COUNT_AXIS, drawDays } from "./day-chart.js";

export interface DailyCounts {
  /** Start of each UTC day, Unix seconds. */
  days: number[];
  counts: number[];
}

export default function DailyChart(props: { label: string; data: DailyCounts }) {
  const box = useRef<HTMLDivElement>(null);
  const { label, data } = props;
  useEffect(() => {
    if (!box.current) return;
    return drawDays(box.current, {
      height: 200,
      legend: false,
      axis: COUNT_AXIS,
      series: [bars({ label, stroke: "#1d4ed8", fill: "rgba(29, 78, 216, 0.25)" })],
      data: [data.days, data.counts],
    });
  }, [label, data]);
  return <div ref={box} className="chart" aria-hidden="true" />;
}
