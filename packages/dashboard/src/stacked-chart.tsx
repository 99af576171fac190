// Counts per day split by a category (validations by code), as stacked bars (uPlot, canvas;
// loaded on demand like chart.tsx). uPlot has no stacking of its own: each series is drawn as the
// running sum of itself and the series after it, the tallest first, so each bar's visible slice
// is its own count. The numbers are also given as text by the screen (the canvas is hidden).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const HALF_DAY = 43_200;

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
    const target = box.current;
    if (!target) return;
    // Top of the stack first: series i is drawn as the sum of series 0..i, from the last down.
    const sums = data.series.map((_series, index) =>
      data.days.map((_day, day) =>
        data.series.slice(0, index + 1).reduce((sum, series) => sum + (series.counts[day] ?? 0), 0),
      ),
    );
    const order = data.series.map((_series, index) => index).reverse();
    const chart = new uPlot(
      {
        width: Math.max(280, target.clientWidth),
        height: 220,
        legend: { show: true, live: false },
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
        cursor: { show: false },
        scales: {
          x: { time: true, range: (_self, min, max) => [min - HALF_DAY, max + HALF_DAY] },
          y: { range: (_self, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [{}, { size: 48, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }],
        series: [
          {},
          ...order.map((index) => ({
            label: data.series[index]!.label,
            stroke: data.series[index]!.color,
            fill: data.series[index]!.color,
            paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
            points: { show: false },
          })),
        ],
      },
      [data.days, ...order.map((index) => sums[index]!)],
      target,
    );
    const resize = () => chart.setSize({ width: Math.max(280, target.clientWidth), height: 220 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.destroy();
    };
  }, [data]);
  return <div ref={box} className="chart" aria-hidden="true" />;
}
