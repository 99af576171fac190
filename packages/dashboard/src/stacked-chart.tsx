// Counts per day split by a category (validations by code), as stacked bars (uPlot, canvas;
// loaded on demand like chart.tsx). uPlot has no stacking of its own: each series is drawn as the
// running sum of itself and the series after it, the tallest first, so each bar's visible slice
// is its own count. The numbers are also given as text by the screen (the canvas is hidden).
import { useEffect, useRef } from "react";
import { bars, COUNT_AXIS, drawDays } from "./day-chart.js";

export interface StackedSeries {
  label: string;
  counts: number[];
  color: string;
}

export interface StackedCounts {
  /** Start of each UTC day, Unix seconds. */
  days: number[];
  /** Bottom of the stack first. */
  series: StackedSeries[];
}

export default function StackedChart(props: { data: StackedCounts }) {
  const box = useRef<HTMLDivElement>(null);
  const { data } = props;
  useEffect(() => {
    if (!box.current) return;
    // Top of the stack first: series i is drawn as the sum of series 0..i, from the last down.
    const sums = data.series.map((_series, index) =>
      data.days.map((_day, day) =>
        data.series.slice(0, index + 1).reduce((sum, series) => sum + (series.counts[day] ?? 0), 0),
      ),
    );
    const order = data.series.map((_series, index) => index).reverse();
    return drawDays(box.current, {
      height: 220,
      legend: true,
      axis: COUNT_AXIS,
      series: order.map((index) => {
        const { label, color } = data.series[index]!;
        return bars({ label, stroke: color, fill: color });
      }),
      data: [data.days, ...order.map((index) => sums[index]!)],
    });
  }, [data]);
  return <div ref={box} className="chart" aria-hidden="true" />;
}
