/**
 * How wide the dashboard is laid out. From {@link FULL_COLUMNS} up every column of every table
 * fits; below it the narrow layout drops the columns a glance can do without, so that no line is
 * ever wider than the terminal (a terminal wraps a line that is, and every redraw then leaves a
 * wrapped remnant behind: a pile of frames instead of one).
 */
export const FULL_COLUMNS = 80;

/** The layout for `columns` terminal columns is the narrow one. */
export function isNarrow(columns: number): boolean {
	return columns < FULL_COLUMNS;
}
