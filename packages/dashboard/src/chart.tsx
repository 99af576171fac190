// A bar chart of counts per day (uPlot, canvas). Loaded on demand (React.lazy): uPlot is not
// part of the first load. The numbers are also given as text, for screen readers and tests.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const HALF_DAY = 43_200;

export interface DailyCounts {
  /** Start of each UTC day, Unix seconds. */
  days: number[];
  counts: number[];
}

export default function DailyChart(props: { label: string; data: DailyCounts }) {
  const box = useRef<HTMLDivElement>(null);
  const { label, data } = props;
  useEffect(() => {
    const target = box.current;
    if (!target) return;
    const chart = new uPlot(
      {
        width: Math.max(280, target.clientWidth),
        height: 200,
        legend: { show: false },
        // The days are UTC days (as the counts are made): the axis says their dates.
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
        cursor: { show: false },
        scales: {
          // Half a day on each side: the first and last bars are whole.
          x: { time: true, range: (_self, min, max) => [min - HALF_DAY, max + HALF_DAY] },
          y: { range: (_self, _min, max) => [0, Math.max(1, max)] },
        },
        // Counts are whole numbers: whole-number ticks only.
        axes: [{}, { size: 48, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }],
        series: [
          {},
          {
            label,
            stroke: "#1d4ed8",
            fill: "rgba(29, 78, 216, 0.25)",
            paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
            points: { show: false },
          },
        ],
      },
      [data.days, data.counts],
      target,
    );
    const resize = () => chart.setSize({ width: Math.max(280, target.clientWidth), height: 200 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.destroy();
    };
  }, [label, data]);
  return <div ref={box} className="chart" aria-hidden="true" />;
}
