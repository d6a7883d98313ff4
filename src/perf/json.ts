/**
 * `--json FILE|-`: the run summary as one JSON document (documented in README.md, "perf JSON").
 * Exchange names are those of snapshot.ts: v4 DO, RA, renew, release; v6 SA, RR, renew, release.
 */
import { hostname } from 'node:os';
import type { LatencySummary } from '../stats/latency.js';
import { VERSION } from '../version.js';
import { identityHolds } from './accounting.js';
import type { RunOutcome } from './observer.js';
import type { Ledger } from './ledger.js';
import type { DistributionPoint, IntervalRow, IntervalSeries } from './series.js';
import type { PerfSnapshot } from './snapshot.js';
import type { ExchangeCounters } from './accounting.js';
import { finalExchange, type ThresholdResult } from './verdict.js';

export interface PerfJsonExchange extends ExchangeCounters {
	label: string;
	expectsReply: boolean;
	latencyUs: Omit<LatencySummary, 'count'> & { count: number };
	/** The whole run's HdrHistogram percentile plot: [percentile, µs] pairs, the last at 100 (the maximum); empty without answers. */
	distributionUs?: DistributionPoint[];
}

export interface PerfJson {
	/** The document's format (docs/perf-summary.schema.json); raised only when a field changes meaning or goes. */
	version: 1;
	/** The tool that wrote it. */
	tool: { name: 'dhcpulse'; version: string };
	/** When the run began sending (any warm-up included), ISO 8601, and the host it ran on. */
	startedAt: string;
	host: string;
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
	/** --lifecycle: clients that started over (PerfSnapshot.restarts); in the first exchange's `sent`, not in `rate.sent`. */
	restarts?: number;
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
	/** Most requests waiting for answers at once (each worker's peak, added up); --max-in-flight caps it. */
	peakInFlight: number;
	settings: Record<string, unknown>;
	/** The loss ledger (ledger.ts, docs/json-schema.md "ledger"); null when the server's side was not read (no lab, no --kea-socket). */
	ledger: Ledger | null;
	/** -u: addresses leased, and each leased to two clients or more with those clients (MACs); absent without -u. */
	uniqueness?: RunOutcome['uniqueness'];
	/** One row per report interval (-t), the last one up to the end of the drain (docs/json-schema.md, "perf summary"). */
	series?: IntervalRow[];
}

/** The summary of a finished run, with the interval rows and distributions an observer's series gathered. */
export function perfJsonOf(o: RunOutcome, series: IntervalSeries): PerfJson {
	const v = o.verdict;
	return perfJson(o.snapshot, { ...o, exitReason: v.exitReason, exitCode: v.exitCode, thresholds: v.thresholds, series: series.rows, distributions: series.distributions() });
}

export function perfJson(
	s: PerfSnapshot,
	run: Pick<RunOutcome, 'startedAt' | 'durationS' | 'pausedS' | 'drainS' | 'skipped' | 'maxStallMs' | 'heldBack' | 'maxQueuedMs' | 'generatorLimited' | 'sustainedPerS' | 'settings'> &
		Partial<Pick<RunOutcome, 'uniqueness'>> & {
			exitReason: string;
			exitCode: number;
			thresholds: ThresholdResult[];
			ledger?: Ledger | null;
			series?: IntervalRow[];
			distributions?: Partial<Record<string, DistributionPoint[]>>;
		},
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
			...(run.distributions ? { distributionUs: run.distributions[e.name] ?? [] } : {}),
		};
	}
	const first = s.exchanges[0];
	const final = finalExchange(s.exchanges);
	const per = (n: number): number => (run.durationS > 0 ? Math.round((n / run.durationS) * 10) / 10 : 0);
	return {
		version: 1,
		tool: { name: 'dhcpulse', version: VERSION },
		startedAt: run.startedAt,
		host: hostname(),
		family: s.family,
		mode: s.mode,
		target: s.target,
		workers: s.workers,
		clients: s.clients,
		exchanges,
		rate: {
			asked: Math.round((s.rate.askedMean ?? s.rate.asked) * 10) / 10,
			sent: per((first?.sent ?? 0) - (s.restarts ?? 0)),
			completed: per(final?.ok ?? 0),
			skipped: run.skipped,
			...(s.rate.askedChanges ? { askedChanges: s.rate.askedChanges.map((c) => ({ atS: Math.round(c.atS * 1000) / 1000, rate: Math.round(c.rate * 10) / 10 })) } : {}),
		},
		...(s.restarts !== undefined ? { restarts: s.restarts } : {}),
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
		peakInFlight: s.peakInFlight ?? 0,
		settings: run.settings,
		ledger: run.ledger ?? null,
		...(run.series ? { series: run.series } : {}),
		...(run.uniqueness ? { uniqueness: run.uniqueness } : {}),
	};
}
