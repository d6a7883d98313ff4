/**
 * The capacity search: the highest rate a server sustains under the user's criteria, found from
 * trials at chosen rates. Three phases, the method of the perf benchmark (benchmarks/perf/run.ts), whose ladder arithmetic is ladder.ts:
 *
 *   1. coarse: one trial at the start rate, then at twice the rate while trials pass, until one
 *      fails, the generator cannot send the asked rate, or --max-rate is reached;
 *   2. bisection: geometric midpoints between the last pass and the first failure, until the two
 *      are one ladder step apart;
 *   3. ladder: rungs one step apart either side of that point, each run `trialsPerRung` times in
 *      shuffled rounds (a rung is added beyond an end the knee lies past); the knee is where the
 *      rungs' pass fraction, made non-increasing in the rate, crosses one half, with a bootstrap
 *      interval (ladder.ts).
 *
 * A trial in which the generator did not start what was asked (interval-rates.ts `fellShort`) is
 * not the server's failure: the search goes no higher than that rate, and when such trials are
 * what stopped it, the answer is "generator limit reached at N/s", not a knee.
 *
 * Pure: the trials come from the `runTrial` function given (the command runs load runs, the tests
 * a fabricated server), the time from `nowS`, every order from a seeded generator.
 */
import { mulberry32 } from '../prng.js';
import { kneeInterval, kneeOf, rungs as ladderRungs, shuffled, type Rung } from './ladder.js';

/** What a trial must meet to pass. */
export interface Criteria {
	/** Timeouts, % of settled requests (default 1). */
	maxDropPct: number;
	/** Rejections (NAK, DHCPv6 failure status), % of settled requests; null: not judged. */
	maxRejectPct: number | null;
	/** p99 latency of the slowest exchange, ms; null: not judged. */
	maxP99Ms: number | null;
}

/** What one trial measured. Rates are per second of sending. */
export interface TrialFigures {
	/** The asked rate. */
	rate: number;
	/** New exchanges started per second. */
	sent: number;
	/** Exchanges completed (final stage answered) per second. */
	completed: number;
	/**
	 * Drops: timeouts and requests still unanswered when the trial's drain ended; rejections: NAKs and
	 * DHCPv6 failure statuses. Both % of the requests settled or unanswered, over every exchange that expects a reply.
	 */
	dropPct: number;
	rejectPct: number;
	/** Latency of the slowest exchange type (the one with the highest p99), ms; null when nothing was answered. */
	p50Ms: number | null;
	p99Ms: number | null;
	/** The generator started fewer exchanges than asked (fellShort): not the server's doing. */
	generatorLimited: boolean;
}

export type Phase = 'coarse' | 'bisection' | 'ladder';

export interface Trial extends TrialFigures {
	/** 1, 2, … in the order run. */
	trial: number;
	phase: Phase;
	passed: boolean;
	/** Why it failed, e.g. `drops 3.2 % > 1 %`; empty when it passed. */
	why: string;
}

/** What is known as a trial starts: for a live view, and for the command to choose what the trial reads (the ledger near the knee). */
export interface TrialStart {
	/** Its number, 1, 2, … in the order run. */
	trial: number;
	phase: Phase;
	rate: number;
	/**
	 * Which trial at this rate in this phase it is (1-based), and how many are planned there: a
	 * coarse or bisection rate has 1, up to `trialsPerRung` once one was in doubt (settle); a
	 * ladder rung `trialsPerRung`, one in each shuffled round.
	 */
	atRate: number;
	ofAtRate: number;
}

export type RunTrial = (rate: number, start: TrialStart) => Promise<TrialFigures>;

/** Where the search stands after a trial, for a live view: the curve so far and how far the knee is pinned down. */
export interface SearchProgress {
	curve: CurvePoint[];
	/** The highest rate the coarse and bisection phases passed, and the lowest they failed (the knee lies between); null: none yet. */
	bracket: { pass: number | null; fail: number | null };
	/** The knee from the ladder's trials so far, with its bootstrap interval; null before the ladder. */
	knee: Knee | null;
}

export interface SearchOptions {
	criteria: Criteria;
	/** The first rate tried, and the lowest. */
	startRate: number;
	/** The search never asks more. */
	maxRate: number;
	/** Trials at every rung of the ladder. */
	trialsPerRung: number;
	/** Rungs either side of the centre, and their spacing as a fraction of it. */
	rungsEachSide?: number;
	step?: number;
	/** Seconds the whole search may take: no trial starts that would end past it (judged by the longest trial so far). */
	maxTimeS: number;
	/** Seconds, monotonic. */
	nowS: () => number;
	/** Shuffles and the bootstrap. */
	seed?: number;
	/** The interval's confidence. */
	level?: number;
	/** After each trial, with where the search then stands. */
	onTrial?: (t: Trial, progress: SearchProgress) => void;
	onWarning?: (text: string) => void;
	/** Checked before every trial: true stops the search (an interrupt). */
	stopped?: () => boolean;
}

/** Every rate tried, its trials summed up: medians of the figures. */
export interface CurvePoint {
	rate: number;
	trials: number;
	passed: number;
	generatorLimited: number;
	/** Whether the rung is one of the ladder's (the knee is found from these alone). */
	ladder: boolean;
	dropPct: number;
	rejectPct: number;
	p50Ms: number | null;
	p99Ms: number | null;
	completed: number;
}

export interface Knee {
	/** The capacity: where the pass fraction crosses one half, per second. */
	rate: number;
	/** The bootstrap interval, and its confidence (0.9: the 5 % and 95 % quantiles). */
	low: number;
	high: number;
	confidence: number;
	/** 'above': the ladder passed at its highest rung (the knee is at least `rate`); 'below': it failed at its lowest. */
	censored: 'above' | 'below' | null;
}

/**
 * - `knee`: a knee found between passing and failing rungs (exit 0);
 * - `generator-limit`: the generator could not send the asked rate before the server failed (exit 1);
 * - `above-max-rate`: every rate up to --max-rate passed (exit 1);
 * - `no-knee`: the ladder did not bracket the knee within the time or an interrupt came (exit 1);
 * - `failed-at-lowest`: the server failed at the start rate (exit 2).
 */
export type VerdictKind = 'knee' | 'generator-limit' | 'above-max-rate' | 'no-knee' | 'failed-at-lowest';

export interface SearchResult {
	criteria: Criteria;
	trials: Trial[];
	curve: CurvePoint[];
	knee: Knee | null;
	/** The highest rate that passed every trial run at it, or null. */
	highestPass: number | null;
	/** The lowest asked rate the generator fell short of, or null. */
	generatorLimit: number | null;
	verdict: { kind: VerdictKind; text: string };
	/** Why the search ended before its method did: the time limit or an interrupt; null when it did not. */
	cutShort: 'time' | 'interrupted' | null;
	warnings: string[];
	seed: number;
}

/** Whether a trial meets the criteria, and if not why (a generator limit first: the server's figures then say little). */
export function judgeTrial(f: TrialFigures, c: Criteria): { passed: boolean; why: string } {
	const why: string[] = [];
	if (f.generatorLimited) why.push(`generator limit: sent ${Math.round(f.sent)}/s of ${Math.round(f.rate)}/s asked`);
	if (f.dropPct > c.maxDropPct) why.push(`drops ${f.dropPct.toFixed(2)} % > ${c.maxDropPct} %`);
	if (c.maxRejectPct !== null && f.rejectPct > c.maxRejectPct) why.push(`rejected ${f.rejectPct.toFixed(2)} % > ${c.maxRejectPct} %`);
	if (c.maxP99Ms !== null && (f.p99Ms === null || f.p99Ms > c.maxP99Ms)) why.push(f.p99Ms === null ? 'no answer to measure p99' : `p99 ${f.p99Ms.toFixed(2)} ms > ${c.maxP99Ms} ms`);
	return { passed: why.length === 0, why: why.join('; ') };
}

/** The search ran out of time or was interrupted. */
class CutShort extends Error {
	constructor(readonly why: 'time' | 'interrupted') {
		super(why);
	}
}

const median = (xs: number[]): number => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const medianOrNull = (xs: (number | null)[]): number | null => {
	const v = xs.filter((x): x is number => x !== null);
	return v.length > 0 ? median(v) : null;
};
const round10 = (r: number): number => Math.max(10, Math.round(r / 10) * 10);

/** Every rate tried, sorted, with the medians of its trials. */
export function curveOf(trials: readonly Trial[]): CurvePoint[] {
	const by = new Map<number, Trial[]>();
	for (const t of trials) by.set(t.rate, [...(by.get(t.rate) ?? []), t]);
	return [...by.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([rate, ts]) => ({
			rate,
			trials: ts.length,
			passed: ts.filter((t) => t.passed).length,
			generatorLimited: ts.filter((t) => t.generatorLimited).length,
			ladder: ts.some((t) => t.phase === 'ladder'),
			dropPct: median(ts.map((t) => t.dropPct)),
			rejectPct: median(ts.map((t) => t.rejectPct)),
			p50Ms: medianOrNull(ts.map((t) => t.p50Ms)),
			p99Ms: medianOrNull(ts.map((t) => t.p99Ms)),
			completed: median(ts.map((t) => t.completed)),
		}));
}

export async function searchCapacity(runTrial: RunTrial, o: SearchOptions): Promise<SearchResult> {
	const seed = o.seed ?? 1;
	const step = o.step ?? 0.1;
	const half = o.rungsEachSide ?? 2;
	const level = o.level ?? 0.9;
	const random = mulberry32(seed);
	const trials: Trial[] = [];
	const warnings: string[] = [];
	const started = o.nowS();
	let longestS = 0;
	let generatorLimit: number | null = null;
	let rejectionsWarned = false;
	const warn = (text: string): void => {
		warnings.push(text);
		o.onWarning?.(text);
	};

	let lastPass: number | null = null;
	let firstFail: number | null = null;
	const ladder = new Map<number, Rung>();
	const kneeSoFar = (): Knee | null => {
		const measured = [...ladder.values()].filter((r) => r.trials > 0);
		if (measured.length === 0) return null;
		const k = kneeOf(measured);
		const [low, high] = kneeInterval(measured, { seed, level });
		return { rate: Math.round(k.rate), low: Math.round(low), high: Math.round(high), confidence: level, censored: k.censored };
	};
	/**
	 * The bracket as the trials before the ladder show it now (lastPass and firstFail move only once
	 * a rate is settled): the lowest rate failed by most of its trials, the generator's shortfalls
	 * apart, and the highest below it passed by at least as many as failed it (settle's tie rule).
	 */
	const bracketSoFar = (): SearchProgress['bracket'] => {
		const points = curveOf(trials.filter((t) => t.phase !== 'ladder'));
		const fails = (p: CurvePoint): number => p.trials - p.passed - p.generatorLimited;
		const failing = points.filter((p) => fails(p) > p.passed).map((p) => p.rate);
		const fail = failing.length > 0 ? Math.min(...failing) : null;
		const passing = points.filter((p) => p.passed > 0 && p.passed >= fails(p) && (fail === null || p.rate < fail)).map((p) => p.rate);
		return { pass: passing.length > 0 ? Math.max(...passing) : null, fail };
	};
	const progress = (): SearchProgress => ({ curve: curveOf(trials), bracket: bracketSoFar(), knee: kneeSoFar() });

	const trial = async (rate: number, phase: Phase, atRate = 1, ofAtRate = 1): Promise<Trial> => {
		if (o.stopped?.()) throw new CutShort('interrupted');
		if (o.nowS() - started + longestS > o.maxTimeS) throw new CutShort('time');
		const t0 = o.nowS();
		const start: TrialStart = { trial: trials.length + 1, phase, rate, atRate, ofAtRate };
		const f = await runTrial(rate, start);
		longestS = Math.max(longestS, o.nowS() - t0);
		const t: Trial = { ...f, trial: start.trial, phase, ...judgeTrial(f, o.criteria) };
		trials.push(t);
		if (phase === 'ladder') {
			// Counted before the progress is told, so the knee so far includes this trial.
			const rung = ladder.get(rate)!;
			rung.trials++;
			if (t.passed) rung.passed++;
		}
		if (o.onTrial) o.onTrial(t, progress());
		// Rejections mean the server refused, often for want of an address (a DHCPv4 NAK; DHCPv6
		// NoAddrsAvail, RFC 8415 §21.13): a filled pool fails every later trial too. (A DHCPv4 server
		// with no address to offer sends nothing, RFC 2131 §4.3.1, which counts as a drop.)
		if (f.rejectPct > 0 && !rejectionsWarned) {
			rejectionsWarned = true;
			warn(`the server rejected ${f.rejectPct.toFixed(2)} % of requests at ${Math.round(rate)}/s (NAK, or a DHCPv6 status such as NoAddrsAvail), as a server whose pool runs out does: then every later trial fails too`);
		}
		return t;
	};

	/**
	 * The outcome at a rate in the coarse and bisection phases: one trial, unless it fell short of
	 * the asked rate or failed at the start rate, when more trials there (up to `trialsPerRung`)
	 * decide by majority. On a busy host one trial can fall short for a moment (a stolen
	 * time slice), and a single shortfall must not end the search upward for good.
	 */
	const settle = async (rate: number, phase: Phase, lowest: boolean): Promise<'pass' | 'fail' | 'generator'> => {
		const ts = [await trial(rate, phase)];
		const count = (): { short: number; fails: number; passes: number } => ({
			short: ts.filter((t) => t.generatorLimited).length,
			fails: ts.filter((t) => !t.passed && !t.generatorLimited).length,
			passes: ts.filter((t) => t.passed).length,
		});
		const doubtful = (t: Trial): boolean => t.generatorLimited || (lowest && !t.passed);
		while (doubtful(ts[0]!) && ts.length < o.trialsPerRung) {
			ts.push(await trial(rate, phase, ts.length + 1, o.trialsPerRung));
			const c = count();
			// Decided once the trials left cannot change the majority.
			if (Math.max(c.short, c.fails, c.passes) * 2 > o.trialsPerRung) break;
		}
		const c = count();
		// The generator kept pace at this rate or above before: these shortfalls were its host's
		// moment (on 2 shared cores a busy server takes the generator's CPU), not its limit, and the
		// server is judged on what it did with what was sent.
		const refuted = trials.some((t) => t.rate >= rate && !t.generatorLimited);
		if (c.short * 2 > ts.length && refuted) {
			const serverFails = ts.filter((t) => !judgeTrial({ ...t, generatorLimited: false }, o.criteria).passed).length;
			return serverFails * 2 > ts.length ? 'fail' : 'pass';
		}
		if (c.short * 2 > ts.length) {
			if (generatorLimit === null || rate < generatorLimit) {
				generatorLimit = rate;
				warn(`generator limit reached at ${rate}/s (sent ${Math.round(Math.max(...ts.map((t) => t.sent)))}/s at most): no rate from there up is tried, and no failure there is the server's`);
			}
			return 'generator';
		}
		// A tie between the server's passes and failures is a pass: the ladder looks closer.
		return c.fails > c.passes ? 'fail' : 'pass';
	};

	let cutShort: SearchResult['cutShort'] = null;
	let failedAtLowest = false;
	try {
		// 1. Coarse: double while passing.
		const lowest = round10(o.startRate);
		let rate = lowest;
		for (;;) {
			const outcome = await settle(rate, 'coarse', rate === lowest);
			if (outcome === 'generator') break;
			if (outcome === 'fail') {
				if (rate === lowest) failedAtLowest = true;
				else firstFail = rate;
				break;
			}
			lastPass = rate;
			if (rate >= o.maxRate) break;
			rate = Math.min(round10(rate * 2), o.maxRate);
		}
		// 2. Bisection between the last pass and the first failure (or the generator's limit).
		const top = (): number | null => (firstFail !== null && generatorLimit !== null ? Math.min(firstFail, generatorLimit) : (firstFail ?? generatorLimit));
		while (lastPass !== null && top() !== null && top()! / lastPass > 1 + step) {
			const mid = round10(Math.sqrt(lastPass * top()!));
			if (mid <= lastPass || mid >= top()!) break;
			const outcome = await settle(mid, 'bisection', false);
			if (outcome === 'pass') lastPass = mid;
			else if (outcome === 'fail') firstFail = mid;
		}
		// 3. The ladder, when a server failure bounds the search (else there is no knee to place).
		if (lastPass !== null && firstFail !== null && (generatorLimit === null || firstFail < generatorLimit)) {
			const centre = Math.sqrt(lastPass * firstFail);
			const usable = (r: number): boolean => r >= 10 && r <= o.maxRate && (generatorLimit === null || r < generatorLimit);
			const runRungs = async (rates: number[]): Promise<void> => {
				for (const r of rates) if (!ladder.has(r)) ladder.set(r, { rate: r, passed: 0, trials: 0 });
				for (let round = 0; round < o.trialsPerRung; round++) {
					for (const r of shuffled(rates, random)) {
						if (!usable(r)) continue;
						await trial(r, 'ladder', round + 1, o.trialsPerRung);
					}
				}
			};
			await runRungs([...new Set(ladderRungs(centre, half, step))].filter(usable));
			// A knee past an end of the ladder (the host sped up or slowed down since the bisection): one
			// more rung beyond that end at a time, as many as the ladder has either side.
			for (let extra = 0; extra < half * 2; extra++) {
				const rs = [...ladder.values()].filter((r) => r.trials > 0);
				if (rs.length === 0) break;
				const k = kneeOf(rs);
				if (k.censored === null) break;
				const ends = rs.map((r) => r.rate);
				const next = round10(k.censored === 'above' ? Math.max(...ends) * (1 + step) : Math.min(...ends) * (1 - step));
				if (!usable(next) || ladder.has(next)) break;
				await runRungs([next]);
			}
		}
	} catch (error) {
		if (!(error instanceof CutShort)) throw error;
		cutShort = error.why;
	}

	const knee = kneeSoFar();
	const curve = curveOf(trials);
	const passing = curve.filter((p) => p.passed === p.trials && p.generatorLimited === 0);
	// A knee made by the generator's shortfalls (most failures at the first rung above it fell short of the asked rate) is its limit, not the server's.
	const next = knee === null ? undefined : Math.min(...trials.filter((t) => t.phase === 'ladder' && t.rate > knee!.rate).map((t) => t.rate));
	const above = trials.filter((t) => t.phase === 'ladder' && t.rate === next && !t.passed);
	// … unless, on the ladder, the server failed higher up with the generator keeping pace: then the knee is the server's.
	const keptPaceAbove = trials.some((t) => t.phase === 'ladder' && next !== undefined && t.rate >= next && !t.passed && !t.generatorLimited);
	const kneeByGenerator = above.length > 0 && above.filter((t) => t.generatorLimited).length * 2 > above.length && !keptPaceAbove;
	if (kneeByGenerator) generatorLimit = Math.min(generatorLimit ?? Infinity, next!);
	const highestPass = passing.length > 0 ? Math.max(...passing.map((p) => p.rate)) : null;
	return {
		criteria: o.criteria,
		trials,
		curve,
		knee,
		highestPass,
		generatorLimit,
		verdict: verdictOf(knee, { kneeByGenerator, failedAtLowest, highestPass, generatorLimit, cutShort, maxRate: o.maxRate, startRate: round10(o.startRate) }),
		cutShort,
		warnings,
		seed,
	};
}

function verdictOf(
	knee: Knee | null,
	s: { kneeByGenerator: boolean; failedAtLowest: boolean; highestPass: number | null; generatorLimit: number | null; cutShort: SearchResult['cutShort']; maxRate: number; startRate: number },
): SearchResult['verdict'] {
	const pass = s.highestPass !== null ? `; the server passed every trial up to ${s.highestPass}/s` : '';
	if (s.failedAtLowest) return { kind: 'failed-at-lowest', text: `the server failed the criteria at the lowest rate, ${s.startRate}/s` };
	if (knee !== null && knee.censored === null && !s.kneeByGenerator) return { kind: 'knee', text: `capacity ${knee.rate}/s (${Math.round(knee.confidence * 100)} % interval ${knee.low}–${knee.high}/s)` };
	if (s.generatorLimit !== null)
		return { kind: 'generator-limit', text: `generator limit reached at ${s.generatorLimit}/s before the server failed${pass}: the server's capacity is at least that, and this generator on this host cannot show more` };
	if (s.cutShort === null && s.highestPass !== null && s.highestPass >= s.maxRate) return { kind: 'above-max-rate', text: `the server passed at --max-rate ${s.maxRate}/s: its capacity is at least that` };
	const why = s.cutShort === 'time' ? 'the search ran out of time (--max-time)' : s.cutShort === 'interrupted' ? 'the search was interrupted' : 'the ladder did not bracket the knee';
	const bound = knee !== null ? ` (the ladder ${knee.censored === 'above' ? 'passed up to' : 'failed down to'} ${knee.rate}/s)` : '';
	return { kind: 'no-knee', text: `no knee: ${why}${bound}${pass}` };
}

/**
 * The ladder's trials either side of the knee, for their ledgers: 'below', a trial the server
 * passed at the highest rung at or below the knee (where it kept up), and 'above', one it failed
 * with the generator keeping pace at the lowest rung above the knee where there is one (where it
 * stopped keeping up: the datagrams lost there are the server's). Of several, the one with the
 * median drops. Without such a trial, the median trial of the rung either side stands for it.
 * Empty without a knee.
 */
export function kneeTrials(r: Pick<SearchResult, 'knee' | 'trials'>): { side: 'below' | 'above'; trial: Trial }[] {
	const k = r.knee;
	if (k === null) return [];
	const ladder = r.trials.filter((t) => t.phase === 'ladder');
	const median = (ts: Trial[]): Trial | null => [...ts].sort((a, b) => a.dropPct - b.dropPct || a.trial - b.trial)[(ts.length - 1) >> 1] ?? null;
	const at = (ts: Trial[], pickRate: (rates: number[]) => number): Trial[] => {
		if (ts.length === 0) return [];
		const rate = pickRate(ts.map((t) => t.rate));
		return ts.filter((t) => t.rate === rate);
	};
	const lower = ladder.filter((t) => t.rate <= k.rate);
	const higher = ladder.filter((t) => t.rate > k.rate);
	const below =
		median(
			at(
				lower.filter((t) => t.passed),
				(rs) => Math.max(...rs),
			),
		) ?? median(at(lower, (rs) => Math.max(...rs)));
	const above =
		median(
			at(
				higher.filter((t) => !t.passed && !t.generatorLimited),
				(rs) => Math.min(...rs),
			),
		) ?? median(at(higher, (rs) => Math.min(...rs)));
	return [...(below ? [{ side: 'below' as const, trial: below }] : []), ...(above ? [{ side: 'above' as const, trial: above }] : [])];
}
