/** A cell of a table: numbers are right-aligned, `null` shows as `-`. */
export type Cell = string | number | boolean | null;

/** One column: its heading and how to read a cell from a row. */
export interface Column<R> {
  readonly heading: string;
  readonly cell: (row: R) => Cell;
}

function text(cell: Cell): string {
  return cell === null ? '-' : String(cell);
}

/**
 * Lays rows out under their headings, columns two spaces apart, numbers aligned
 * right; one string, no trailing spaces, ending without a newline.
 */
export function formatTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.heading.length, ...cells.map((row) => text(row[index] ?? null).length)),
  );
  const line = (values: readonly Cell[], headings: boolean): string =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        const shown = text(value);
        return !headings && typeof value === 'number' ? shown.padStart(width) : shown.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(
      columns.map((column) => column.heading),
      true,
    ),
    ...cells.map((row) => line(row, false)),
  ].join('\n');
}

/** `key  value` lines, keys padded to one width. */
export function formatPairs(pairs: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(0, ...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${key.padEnd(width)}  ${text(value)}`.trimEnd()).join('\n');
}

/** An epoch-ms instant as ISO text, `null` as itself. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
