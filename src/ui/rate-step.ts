/**
 * The `+` / `-` keys change the asked rate by 10 % of the current value, at least 1/s, and never
 * below 1/s (a rate of 0 is what `p` is for).
 */
export function nextRate(asked: number, direction: 1 | -1): number {
	const current = Number.isFinite(asked) && asked >= 1 ? Math.round(asked) : 1;
	const step = Math.max(1, Math.round(current * 0.1));
	return Math.max(1, current + direction * step);
}
