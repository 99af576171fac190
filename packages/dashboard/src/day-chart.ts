// What the charts of values per day share (chart.tsx, stacked-chart.tsx, usage-chart.tsx): UTC
// days on the x axis, y from 0, as wide as their box (following the window), no cursor. Only
// those lazily loaded modules import it: it loads with uPlot, not in the first load.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const HALF_DAY = 43_200;

/** Counts are whole numbers: whole-number ticks only. */
export const COUNT_AXIS: uPlot.Axis = {
  size: 48,
  incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
};

/** A series drawn as bars. */
export function bars(series: { label: string; stroke: string; fill: string }): uPlot.Series {
  return { ...series, paths: uPlot.paths.bars?.({ size: [0.7, 40] }), points: { show: false } };
}

/**
 * Draws values per day into `target`, kept as wide as it; answers what removes the chart (an
 * effect's cleanup).
 */
export function drawDays(
  target: HTMLElement,
  chart: {
    height: number;
    legend: boolean;
    /** The y axis (the x axis is the days'). */
    axis: uPlot.Axis;
    /** The least the y axis reaches (a quota line above the values). */
    yAtLeast?: number;
    series: uPlot.Series[];
    /** The days (start of each UTC day, Unix seconds), then each series' values. */
    data: uPlot.AlignedData;
  },
): () => void {
  const width = () => Math.max(280, target.clientWidth);
  const plot = new uPlot(
    {
      width: width(),
      height: chart.height,
      legend: chart.legend ? { show: true, live: false } : { show: false },
      // The days are UTC days (as the counts are made): the axis says their dates.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
      cursor: { show: false },
      scales: {
        // Half a day on each side: the first and last bars are whole.
        x: { time: true, range: (_self, min, max) => [min - HALF_DAY, max + HALF_DAY] },
        y: { range: (_self, _min, max) => [0, Math.max(1, max, chart.yAtLeast ?? 0)] },
      },
      axes: [{}, chart.axis],
      series: [{}, ...chart.series],
    },
    chart.data,
    target,
  );
  const resize = () => plot.setSize({ width: width(), height: chart.height });
  window.addEventListener("resize", resize);
  return () => {
    window.removeEventListener("resize", resize);
    plot.destroy();
  };
}
