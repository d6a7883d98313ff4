/**
 * What the perf benchmark (run.ts) adds to the ladder of src/capacity/ladder.ts to compare two
 * tools: where to centre one ladder for both, and when their rough knees lie too far apart to centre one on.
 * Pure, pinned down by test/bench-ladder.test.ts.
 */

/**
 * How far apart two tools' rough knees may lie before the bisection is taken for the host's
 * doing and run again. Both tools measure the same server, so a factor of 2 says a stolen minute
 * fell on one search: session 9's --quick run placed the 2-way knees at 2,714 and 10,688 (61 %
 * steal in some trials), and the ladder around their mean measured neither.
 */
export const ROUGH_APART = 2;

/** Whether two rough knees (0: none found) are too far apart to centre a ladder on. */
export function roughApart(a: number, b: number): boolean {
	if (a <= 0 || b <= 0) return a > 0 || b > 0;
	return Math.max(a, b) / Math.min(a, b) > ROUGH_APART;
}

/** The centre of a ladder for knees found by bisection: their geometric mean (either one alone if the other found none). */
export function centreOf(a: number, b: number): number {
	return a > 0 && b > 0 ? Math.sqrt(a * b) : Math.max(a, b, 1000);
}
