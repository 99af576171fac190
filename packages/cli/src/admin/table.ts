// Plain-text tables for people; scripts use --json. No colours, no truncation: a cell is copied
// (an id, a license key) as often as it is read.

/** A cell: text as is, null as `-`, anything else as compact JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value.replace(/\s+/g, " ");
  return JSON.stringify(value);
}

/** Rows under a header of the column names, columns two spaces apart. */
export function formatTable(columns: readonly string[], rows: readonly unknown[]): string {
  const cells = rows.map((row) =>
    columns.map((column) => cell((row as Record<string, unknown>)[column])),
  );
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => line[index]!.length)),
  );
  return [columns, ...cells]
    .map((line) =>
      line
        .map((text, index) => text.padEnd(widths[index]!))
        .join("  ")
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/** One `field  value` line per field of an object. */
export function formatRecord(record: Record<string, unknown>): string {
  const width = Math.max(0, ...Object.keys(record).map((key) => key.length));
  return Object.entries(record)
    .map(([key, value]) => `${key.padEnd(width)}  ${cell(value)}`.trimEnd())
    .map((line) => `${line}\n`)
    .join("");
}
