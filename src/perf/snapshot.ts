/**
 * The shape of a load run's state as presenters see it: the live dashboard (src/ui), the plain
 * interval lines, the final text report, the JSON summary and SIGUSR1 status dumps all read this
 * one structure, produced by the perf coordinator once per report interval (and at the end).
 */
import type { LatencyBuckets } from '../stats/buckets.js';
import type { LatencySummary } from '../stats/latency.js';
import type { ExchangeCounters, ExchangeName } from './accounting.js';
import type { Ledger } from './ledger.js';

export interface ExchangeSnapshot extends ExchangeCounters {
	name: ExchangeName;
	/** Human label, e.g. `DISCOVER-OFFER`. */
	label: string;
	/** Latency of `ok` answers over the whole run so far, µs. */
	latencyUs: LatencySummary;
	/** The same over the last report interval only. */
	intervalLatencyUs: LatencySummary;
	/** Whether a reply is expected at all (v4 RELEASE has none: it is sent, never dropped). */
	expectsReply: boolean;
}

export interface PerfEvent {
	/** Seconds since the run started. */
	atS: number;
	level: 'info' | 'warn' | 'error';
	text: string;
}

export type RunState = 'starting' | 'warming' | 'running' | 'paused' | 'draining' | 'done';

export interface PerfSnapshot {
	state: RunState;
	family: 4 | 6;
	/** e.g. `relay 198.19.0.2 → 198.19.0.1:67` or `on-link dpl-cli0 → 255.255.255.255:67`. */
	target: string;
	/** e.g. `DORA`, `DO (2-way)`, `SARR`, `SA (2-way)`, `DORA avalanche`. */
	mode: string;
	workers: number;
	clients: number;
	elapsedS: number;
	/** Progress toward `-p` or `-n` (avalanche: clients done), 0..1; null when the run has no limit. */
	progress: number | null;
	/**
	 * The avalanche scenario's clients (null in the basic scenario): done = provisioned, rejected or
	 * given up; provisioned = final stage ok; retransmits over every exchange.
	 */
	avalanche: { done: number; provisioned: number; retransmits: number } | null;
	limit: { periodS: number | null; requests: number | null };
	/**
	 * --warm-up: its length and rate, the exchanges it started (never counted), and whether a stop
	 * cut it short (then nothing was measured); null without one.
	 */
	warmUp: { seconds: number; rate: number; started: number; cut: boolean } | null;
	rate: {
		/** The asked rate (`-r`), new exchanges per second; changes live with +/-. 0 in the avalanche (all at once). */
		asked: number;
		/** Exchanges started per second over the last interval. */
		sent: number;
		/** Exchanges completed (final stage ok) per second over the last interval. */
		completed: number;
		/** The send rate fell short of the asked rate in the last interval (by more than 2 %). */
		shortfall: boolean;
		/** Per-interval history of the asked (its mean over the interval), `sent` and `completed` rates, oldest first (bounded), for sparklines. */
		history: { asked: number; sent: number; completed: number }[];
		/** The asked rate over the run so far, weighted by the time each rate was in force while sending (+ / - change it). */
		askedMean?: number;
		/** Each asked rate and the second of the run it was set from, when it changed during the run. */
		askedChanges?: { atS: number; rate: number }[];
	};
	/** Seconds of the run spent paused (`p`): not run time, left out of every rate. */
	pausedS?: number;
	exchanges: ExchangeSnapshot[];
	/** The whole run's latencies (all exchanges) in log-spaced buckets, for the histogram display. */
	histogram: LatencyBuckets;
	/** Recent notable events, newest last, bounded. */
	events: PerfEvent[];
	/** Send attempts refused by the kernel or the send window (ENOBUFS, window full). */
	sendErrors: number;
	/** The loss ledger as of the last report interval (and the run's at the end); absent when the server's side is not read. */
	ledger?: Ledger | null;
	/** Most requests waiting for answers at once so far (each shard's peak, added up). */
	peakInFlight?: number;
	/**
	 * --lifecycle: clients that started over (a lease ended or was refused, or a decline). Their
	 * DISCOVERs / SOLICITs are in the first exchange's counts, but not in the send rate, which
	 * counts new clients as the asked rate does. Absent in other shapes.
	 */
	restarts?: number;
}
