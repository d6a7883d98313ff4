/**
 * `--json FILE|-`: the run summary as one JSON document (documented in README.md, "perf JSON").
 * Exchange names are those of snapshot.ts: v4 DO, RA, renew, release; v6 SA, RR, renew, release.
 */
import type { LatencySummary } from '../stats/latency.js';
import { identityHolds } from './accounting.js';
import type { RunOutcome } from './observer.js';
import type { ExchangeCounters, PerfSnapshot } from './snapshot.js';
import { finalExchange, type ThresholdResult } from './verdict.js';

export interface PerfJsonExchange extends ExchangeCounters {
	label: string;
	expectsReply: boolean;
	latencyUs: Omit<LatencySummary, 'count'> & { count: number };
}

export interface PerfJson {
	version: 1;
	family: 4 | 6;
	mode: string;
	target: string;
	workers: number;
	clients: number;
	exchanges: Record<string, PerfJsonExchange>;
	/**
	 * Per second of sending: asked (time-weighted when + / - changed it; each rate and when it was
	 * set in `askedChanges`), new exchanges started, final-stage exchanges completed; `skipped`:
	 * exchanges written off because the generator fell behind (bounded catch-up).
	 */
	rate: { asked: number; sent: number; completed: number; skipped: number; askedChanges?: { atS: number; rate: number }[] };
	/** --warm-up: seconds, rate, exchanges started before the run (none of them counted), cut short by a stop; null without one. */
	warmUp: PerfSnapshot['warmUp'];
	/** Seconds spent sending, paused time excluded (the rates are per second of it). */
	durationS: number;
	/** Seconds paused (`p` on the dashboard). */
	pausedS: number;
	/** Seconds spent waiting for answers after sending stopped (-W). */
	drainS: number;
	/** Longest pause of the sending loop while sending, ms: large values explain `rate.skipped`. */
	maxStallMs: number;
	/**
	 * The generator's own side: `limited` when it could not start the asked rate (the run then
	 * measured the generator, not the server), the rate of new exchanges it `sustainedPerS`,
	 * exchanges `heldBack` by admission control to keep up with the answers and `skipped` after
	 * stalls, and the longest an answer lay unread in its socket (`maxQueuedMs`, null without
	 * arrival stamps).
	 */
	generator: { limited: boolean; sustainedPerS: number; heldBack: number; skipped: number; maxStallMs: number; maxQueuedMs: number | null };
	exitReason: string;
	exitCode: number;
	thresholds: ThresholdResult[];
	/** sent = ok + rejected + timeouts + inFlight held for every exchange that expects replies. */
	identityHolds: boolean;
	sendErrors: number;
	settings: Record<string, unknown>;
	/** -u: addresses leased, and each leased to two clients or more with those clients (MACs); absent without -u. */
	uniqueness?: RunOutcome['uniqueness'];
}

export function perfJson(
	s: PerfSnapshot,
	run: Pick<RunOutcome, 'durationS' | 'pausedS' | 'drainS' | 'skipped' | 'maxStallMs' | 'heldBack' | 'maxQueuedMs' | 'generatorLimited' | 'sustainedPerS' | 'settings'> & Partial<Pick<RunOutcome, 'uniqueness'>> & { exitReason: string; exitCode: number; thresholds: ThresholdResult[] },
): PerfJson {
	const exchanges: Record<string, PerfJsonExchange> = {};
	for (const e of s.exchanges) {
		exchanges[e.name] = {
			label: e.label,
			expectsReply: e.expectsReply,
			sent: e.sent,
			ok: e.ok,
			rejected: e.rejected,
			timeouts: e.timeouts,
			late: e.late,
			orphans: e.orphans,
			duplicates: e.duplicates,
			malformed: e.malformed,
			retransmits: e.retransmits,
			inFlight: e.inFlight,
			latencyUs: { ...e.latencyUs },
		};
	}
	const first = s.exchanges[0];
	const final = finalExchange(s.exchanges);
	const per = (n: number): number => (run.durationS > 0 ? Math.round((n / run.durationS) * 10) / 10 : 0);
	return {
		version: 1,
		family: s.family,
		mode: s.mode,
		target: s.target,
		workers: s.workers,
		clients: s.clients,
		exchanges,
		rate: {
			asked: s.rate.askedMean ?? s.rate.asked,
			sent: per(first?.sent ?? 0),
			completed: per(final?.ok ?? 0),
			skipped: run.skipped,
			...(s.rate.askedChanges ? { askedChanges: s.rate.askedChanges.map((c) => ({ atS: Math.round(c.atS * 1000) / 1000, rate: c.rate })) } : {}),
		},
		warmUp: s.warmUp,
		durationS: run.durationS,
		pausedS: run.pausedS,
		drainS: run.drainS,
		maxStallMs: run.maxStallMs,
		generator: { limited: run.generatorLimited, sustainedPerS: run.sustainedPerS, heldBack: run.heldBack, skipped: run.skipped, maxStallMs: run.maxStallMs, maxQueuedMs: run.maxQueuedMs },
		exitReason: run.exitReason,
		exitCode: run.exitCode,
		thresholds: run.thresholds,
		identityHolds: s.exchanges.every((e) => identityHolds(e, e.expectsReply)),
		sendErrors: s.sendErrors,
		settings: run.settings,
		...(run.uniqueness ? { uniqueness: run.uniqueness } : {}),
	};
}
