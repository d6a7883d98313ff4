/**
 * The knee from a rate ladder: several trials at every rung of a ladder of rates, in shuffled
 * order, and the knee is where the pass fraction, made non-increasing in the rate, crosses one
 * half. Used by `dhcpulse capacity` (search.ts) and by the perf benchmark (benchmarks/perf/run.ts,
 * which compares two tools' ladders by the ratio of their knees).
 *
 * Why not one bisection: on a 2-vCPU VM the server's capacity moves by a third within minutes
 * (lab, DORA at 8,000/s, back-to-back runs of one tool: 4,748 to 7,993 completed/s), so one
 * pass/fail trial near the knee is a coin toss, and a bisection follows whichever way its tosses
 * fell (session 8: perfdhcp -g single's knee was 5,029, 6,000 and 5,702 in three runs of the
 * benchmark). Trials at every rung in shuffled rung order spread a bad minute over all rates
 * rather than one; the bootstrap interval says how far the knee could move by chance.
 *
 * Pure: no I/O. Orders and intervals come from a seeded generator (src/prng.ts), so a ladder can
 * be replayed.
 */
import { mulberry32 } from '../prng.js';

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

/** Every rung's trials drawn again with replacement: a binomial draw at the observed pass fraction. */
function resample(rs: readonly Rung[], random: () => number): Rung[] {
	return rs.map((r) => {
		let passed = 0;
		const p = r.trials > 0 ? r.passed / r.trials : 0;
		for (let i = 0; i < r.trials; i++) if (random() < p) passed++;
		return { rate: r.rate, passed, trials: r.trials };
	});
}

export interface BootstrapOptions {
	samples?: number;
	/** The interval's confidence, e.g. 0.9 for the 5 % and 95 % quantiles. */
	level?: number;
	seed?: number;
}

/** The `(1 − level)/2` and `1 − (1 − level)/2` quantiles of `samples` draws of `draw(random)`. */
function bootstrap(draw: (random: () => number) => number, { samples = 2000, level = 0.9, seed = 1 }: BootstrapOptions): [number, number] {
	const random = mulberry32(seed);
	const values: number[] = [];
	for (let s = 0; s < samples; s++) values.push(draw(random));
	values.sort((a, b) => a - b);
	const q = (x: number): number => values[Math.min(values.length - 1, Math.max(0, Math.floor(x * values.length)))]!;
	return [q((1 - level) / 2), q(1 - (1 - level) / 2)];
}

/**
 * A bootstrap interval of one ladder's knee: every rung's trials are resampled with replacement,
 * `samples` times, and the knee found again each time; never narrower than the rungs either side
 * of the knee. A censored knee enters at its end rung, which narrows the interval toward that
 * end: the caller says so beside it.
 */
export function kneeInterval(rungs: readonly Rung[], options: BootstrapOptions = {}): [number, number] {
	const [low, high] = bootstrap((random) => kneeOf(resample(rungs, random)).rate, options);
	// Rungs that all passed or all failed resample to themselves, and the bootstrap then says the
	// knee is exact; it is known no closer than the two rungs either side of it.
	const k = kneeOf(rungs);
	if (k.censored !== null) return [low, high];
	const sorted = [...rungs].sort((a, b) => a.rate - b.rate);
	const below = sorted.filter((r) => r.rate <= k.rate).at(-1)!.rate;
	const above = sorted.find((r) => r.rate >= k.rate)!.rate;
	return [Math.min(low, below), Math.max(high, above)];
}

/** The same for knee(ours) ÷ knee(theirs), two ladders resampled alike (the benchmark's comparison of two tools). */
export function ratioInterval(ours: readonly Rung[], theirs: readonly Rung[], options: BootstrapOptions = {}): [number, number] {
	return bootstrap((random) => kneeOf(resample(ours, random)).rate / kneeOf(resample(theirs, random)).rate, options);
}
