// Days and per-day series for the charts of the stats endpoints (GET /v1/stats/validations,
// /v1/stats/usage): the last N UTC days, and rows of {day, count} binned into one count per
// day for each key (a code, a feature). Plain functions, in the first load: the chart modules
// (uPlot) load on demand.

export const DAY_MS = 86_400_000;

/** A UTC day as the API writes it, YYYY-MM-DD. */
export const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

export interface DayRange {
  /** The first day's UTC midnight, ms. */
  first: number;
  /** The query's inclusive days. */
  from: string;
  to: string;
  /** Each day's start, Unix seconds (uPlot's x values). */
  days: number[];
}

/** The `count` UTC days up to and including today. */
export function lastDays(count: number, now: number = Date.now()): DayRange {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const first = today - (count - 1) * DAY_MS;
  return {
    first,
    from: dayOf(first),
    to: dayOf(today),
    days: Array.from({ length: count }, (_day, index) => (first + index * DAY_MS) / 1000),
  };
}

export interface KeyedCounts {
  key: string;
  /** One count per day of the range. */
  counts: number[];
  total: number;
}

/** The rows' counts per key and day of `range` (rows outside it are left out), most first. */
export function countsByKey<R extends { day: string; count: number }>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  range: DayRange,
): KeyedCounts[] {
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const index = Math.floor((Date.parse(`${row.day}T00:00:00Z`) - range.first) / DAY_MS);
    if (index < 0 || index >= range.days.length) continue;
    const key = keyOf(row);
    let counts = byKey.get(key);
    if (!counts) {
      counts = new Array<number>(range.days.length).fill(0);
      byKey.set(key, counts);
    }
    counts[index]! += row.count;
  }
  return [...byKey]
    .map(([key, counts]) => ({ key, counts, total: counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
}
