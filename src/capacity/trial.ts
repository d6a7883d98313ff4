/**
 * One trial of a capacity search: a bounded perf run (src/perf/run.ts) at the asked rate, with
 * every setting of the command line but the rate and the period, and its figures for the search.
 * No observer is attached: the search prints one line a trial (text.ts).
 */
import { runPerf } from '../perf/run.js';
import type { PerfConfig } from '../perf/config.js';
import { fellShort } from '../perf/interval-rates.js';
import type { RunHandle } from '../perf/observer.js';
import { finalExchange, outcomes } from '../perf/verdict.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import type { TrialFigures } from './search.js';

/** The figures of a finished run asked `rate`/s over `durationS` seconds of sending. */
export function figuresOf(final: Pick<PerfSnapshot, 'exchanges'>, rate: number, durationS: number): TrialFigures {
	const replying = final.exchanges.filter((e) => e.expectsReply);
	const { timeouts, rejected, settled } = outcomes(replying);
	// Requests still unanswered when the trial's drain (-W) ended count as drops, as perfdhcp counts
	// them (lab-facts.md): a server too slow to answer within the trial is not keeping up.
	const unanswered = replying.reduce((n, e) => n + e.inFlight, 0);
	const pct = (n: number): number => (settled + unanswered > 0 ? (n / (settled + unanswered)) * 100 : 0);
	// The slowest exchange type's latency: a p99 criterion holds for every exchange (verdict.ts).
	const answered = replying.filter((e) => e.latencyUs.count > 0);
	const slowest = answered.reduce<(typeof answered)[number] | null>((a, e) => (a === null || e.latencyUs.p99 > a.latencyUs.p99 ? e : a), null);
	const started = final.exchanges[0]!.sent;
	const per = (n: number): number => (durationS > 0 ? Math.round((n / durationS) * 10) / 10 : 0);
	return {
		rate,
		sent: per(started),
		completed: per(finalExchange(final.exchanges)!.ok),
		dropPct: Math.round(pct(timeouts + unanswered) * 1000) / 1000,
		rejectPct: Math.round(pct(rejected) * 1000) / 1000,
		p50Ms: slowest ? slowest.latencyUs.p50 / 1000 : null,
		p99Ms: slowest ? slowest.latencyUs.p99 / 1000 : null,
		generatorLimited: fellShort(started, rate * durationS),
	};
}

/** Runs one trial with `config` (its rate and period the trial's); `onHandle` receives the run while it lasts, so a signal can stop it. */
export async function runTrial(config: PerfConfig, onHandle: (run: RunHandle | null) => void): Promise<TrialFigures> {
	try {
		const r = await runPerf(config, { observers: [], inProcess: config.workers === 1, onHandle });
		return figuresOf(r.snapshot, config.rate, r.durationS);
	} finally {
		onHandle(null);
	}
}
