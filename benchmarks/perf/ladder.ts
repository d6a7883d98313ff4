/**
 * The knee from a rate ladder: each tool runs several trials at every rung of a ladder of rates,
 * the tools' trials interleaved, and its knee is where its pass fraction, made non-increasing in
 * the rate, crosses one half.
 *
 * Why not one bisection: on this 2-vCPU VM the server's capacity moves by a third within minutes
 * (lab, DORA at 8,000/s, back-to-back runs of one tool: 4,748 to 7,993 completed/s), so one
 * pass/fail trial near the knee is a coin toss, and a bisection follows whichever way its tosses
 * fell (session 8: perfdhcp -g single's knee was 5,029, 6,000 and 5,702 in three runs of the
 * benchmark). At every rung of the ladder both tools run the same number of trials, in shuffled
 * rung order and alternating tool order, so a bad minute falls on both tools and on no rate in
 * particular; the bootstrap interval says how far the ratio could move by chance.
 *
 * Pure: no I/O, so test/bench-ladder.test.ts can pin it down. Orders and intervals come from a
 * seeded generator (src/prng.ts), so a ladder can be replayed.
 */
import { mulberry32 } from '../../src/prng.js';

/** The rungs: `centre` × (1 + step × i) for i = −half … half, rounded to 10/s. */
export function rungs(centre: number, half: number, step: number): number[] {
	const out: number[] = [];
	for (let i = -half; i <= half; i++) out.push(Math.round((centre * (1 + step * i)) / 10) * 10);
	return out;
}

/** Fisher–Yates with the given generator (a new array). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const a = [...items];
	for (let i = a.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[a[i], a[j]] = [a[j]!, a[i]!];
	}
	return a;
}

/** One tool's trials at one rung. */
export interface Rung {
	rate: number;
	passed: number;
	trials: number;
}

/**
 * Pass fractions made non-increasing in the rate (pool-adjacent-violators, weighted by trials):
 * a server that fails at a rate cannot be expected to pass at a higher one, so an inversion
 * between neighbouring rungs is noise and is averaged away. `rungs` must be sorted by rate, each
 * with at least one trial.
 */
export function monotoneFractions(rungs: readonly Rung[]): number[] {
	const blocks: { sum: number; weight: number; count: number }[] = [];
	for (const r of rungs) {
		blocks.push({ sum: r.passed, weight: r.trials, count: 1 });
		// A block passing more often than the one before it (a lower rate) violates the order: merge.
		while (blocks.length > 1) {
			const b = blocks[blocks.length - 1]!;
			const a = blocks[blocks.length - 2]!;
			if (b.sum / b.weight <= a.sum / a.weight) break;
			blocks.pop();
			a.sum += b.sum;
			a.weight += b.weight;
			a.count += b.count;
		}
	}
	const out: number[] = [];
	for (const b of blocks) for (let i = 0; i < b.count; i++) out.push(b.sum / b.weight);
	return out;
}

/** Where a tool's knee lies: a rate, or beyond one end of the ladder. */
export interface Knee {
	rate: number;
	/** 'below': failed more often than not even at the lowest rung; 'above': passed at the highest. */
	censored: 'below' | 'above' | null;
}

/**
 * The rate at which the monotone pass fraction crosses ½, interpolated linearly between the last
 * rung at or above ½ and the first below it. Beyond the ladder, the end rung, marked censored.
 */
export function kneeOf(rungs: readonly Rung[]): Knee {
	const sorted = [...rungs].sort((a, b) => a.rate - b.rate);
	const f = monotoneFractions(sorted);
	let last = -1;
	for (let i = 0; i < f.length; i++) if (f[i]! >= 0.5) last = i;
	if (last === -1) return { rate: sorted[0]!.rate, censored: 'below' };
	if (last === f.length - 1) return { rate: sorted[last]!.rate, censored: 'above' };
	const a = sorted[last]!;
	const b = sorted[last + 1]!;
	const fa = f[last]!;
	const fb = f[last + 1]!;
	return { rate: a.rate + ((fa - 0.5) / (fa - fb)) * (b.rate - a.rate), censored: null };
}

/**
 * A bootstrap interval of knee(ours) ÷ knee(theirs): every rung's trials are resampled with
 * replacement (a binomial draw at the observed pass fraction), `samples` times; the interval
 * between the `(1 − level)/2` quantiles. Censored knees enter at their end rung, which narrows
 * the interval toward that end: the printed interval says so by the censored mark beside it.
 */
export function ratioInterval(ours: readonly Rung[], theirs: readonly Rung[], { samples = 2000, level = 0.9, seed = 1 } = {}): [number, number] {
	const random = mulberry32(seed);
	const resample = (rs: readonly Rung[]): Rung[] =>
		rs.map((r) => {
			let passed = 0;
			const p = r.trials > 0 ? r.passed / r.trials : 0;
			for (let i = 0; i < r.trials; i++) if (random() < p) passed++;
			return { rate: r.rate, passed, trials: r.trials };
		});
	const ratios: number[] = [];
	for (let s = 0; s < samples; s++) ratios.push(kneeOf(resample(ours)).rate / kneeOf(resample(theirs)).rate);
	ratios.sort((a, b) => a - b);
	const q = (x: number): number => ratios[Math.min(ratios.length - 1, Math.max(0, Math.floor(x * ratios.length)))]!;
	return [q((1 - level) / 2), q(1 - (1 - level) / 2)];
}

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
