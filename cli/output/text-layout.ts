/** `2024-11-27T09:00:00.000Z` as `2024-11-27 09:00` (UTC, minutes): what a person compares in a list. */
export function shortInstant(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

/**
 * Rows as columns separated by two spaces. Every cell but the last must be plain ASCII (ids,
 * states, dates), so padding by length lines them up; the last cell is free text (a title in any
 * script) and is printed as it is, unpadded, at the end of the line, where a right-to-left title
 * cannot pull the other columns into its run.
 */
export function columns(header: string[], rows: string[][]): string {
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `label: value` lines with the values aligned; lines whose value is undefined are left out. */
export function fields(entries: [string, string | undefined][]): string {
  const present = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
  const width = Math.max(0, ...present.map(([label]) => label.length));
  return present.map(([label, value]) => `  ${`${label}:`.padEnd(width + 2)}${value}`).join('\n');
}
