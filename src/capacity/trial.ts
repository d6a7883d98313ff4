/**
 * One trial of a capacity search: a bounded perf run (src/perf/run.ts) at the asked rate, with
 * every setting of the command line but the rate and the period, and its figures for the search.
 * Without a terminal no observer is attached: the search prints one line a trial (text.ts); on
 * one, the command's live view (observers/capacity-dashboard.ts) watches it.
 */
import { runPerf } from '../perf/run.js';
import type { PerfConfig } from '../perf/config.js';
import { fellShort } from '../perf/interval-rates.js';
import type { PerfObserver, RunHandle } from '../perf/observer.js';
import type { Ledger } from '../perf/ledger.js';
import type { LedgerSource } from '../perf/ledger-source.js';
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

export interface TrialRun {
	figures: TrialFigures;
	/** The loss ledger of the trial, when it was given a ledger source; else null. */
	ledger: Ledger | null;
}

/**
 * Runs one trial with `config` (its rate and period the trial's); `onHandle` receives the run while
 * it lasts, so a signal can stop it. `observers`: a live view of the trial; `ledger`: read the
 * server's side before and after it (the trials near the knee).
 */
export async function runTrial(config: PerfConfig, onHandle: (run: RunHandle | null) => void, o: { observers?: PerfObserver[]; ledger?: LedgerSource | null } = {}): Promise<TrialRun> {
	const observers = o.observers ?? [];
	try {
		// As perf does: with a live view on this thread the one shard runs in a worker, so drawing never delays sending or the receive stamps.
		const r = await runPerf(config, { observers, inProcess: config.workers === 1 && observers.length === 0, onHandle, ...(o.ledger ? { ledger: o.ledger } : {}) });
		return { figures: figuresOf(r.snapshot, config.rate, r.durationS), ledger: r.ledger };
	} finally {
		onHandle(null);
	}
}
