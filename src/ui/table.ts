/**
 * Fixed-width text tables for the dashboard. A table is drawn as one string per row (one Ink
 * `<Text>` each) rather than a grid of `<Box>`es: every Box is a Yoga layout node, and layout is
 * most of a frame's cost (measured with Ink 6.8), so rows of padded text keep a frame cheap.
 */

/**
 * Rows of cells → lines: the first column left-aligned, the others right-aligned, columns two
 * spaces apart, each as wide as its widest cell.
 */
export function tableLines(rows: readonly (readonly string[])[]): string[] {
	const widths: number[] = [];
	for (const row of rows) {
		row.forEach((cell, i) => {
			widths[i] = Math.max(widths[i] ?? 0, cell.length);
		});
	}
	return rows.map((row) =>
		row
			.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
			.join('  ')
			.trimEnd(),
	);
}

/** The width `tableLines(rows)` would draw. */
export function tableWidth(rows: readonly (readonly string[])[]): number {
	return tableLines(rows).reduce((max, line) => Math.max(max, line.length), 0);
}
