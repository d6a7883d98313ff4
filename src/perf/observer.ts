/**
 * What the run loop (run.ts) tells the things that show or record a run: the dashboard, the
 * interval lines, the text report, the JSON summary, the HdrHistogram log, the capture. Each is an
 * observer the command passes in (src/observers/); the loop knows none of them by name, so a new
 * output is one new file and one line in the command.
 */
import type { DuplicateAddress } from './lease-book.js';
import type { Histogram } from '../stats/latency.js';
import type { Ledger } from './ledger.js';
import type { PerfSnapshot } from './snapshot.js';
import type { ExchangeName } from './accounting.js';
import type { Verdict } from './verdict.js';

/** What an observer may do to the run it watches (the dashboard's keys, status dumps). */
export interface RunHandle {
	/** Stop sending, drain, report; the first reason asked is the one reported. */
	stop(reason: string): void;
	/** A signal asks the run to stop: as stop(), and the verdict knows the run did not finish. */
	interrupt(signal: string): void;
	togglePause(): void;
	/** A new asked rate for the whole run, new exchanges per second. */
	setRate(rate: number): void;
	/** The run as it stands now (for a status dump between intervals): its counters are those of the last collection. */
	snapshot(): PerfSnapshot;
	/** When the last collection was made, s of the run (0 before the first). */
	collectedAtS(): number;
	/** Seconds of the run now, to a tenth: the clock the run's events are stamped with (a log record shown among them takes it too). */
	eventClockS(): number;
}

/** One report interval's latencies, as the interval histograms of each exchange. */
export interface IntervalReport {
	/** Seconds of the measured run. */
	fromS: number;
	toS: number;
	/** Read-only, and valid only during the call: they are reset after it. */
	latency: { name: ExchangeName; histogram: Histogram }[];
}

/** A finished run: the final snapshot, its verdict, and what the snapshot does not hold. */
export interface RunOutcome {
	/** When sending began (any warm-up included), ISO 8601, wall clock. */
	startedAt: string;
	snapshot: PerfSnapshot;
	verdict: Verdict;
	/** The latencies since the last interval report, up to the end of the drain. */
	lastInterval: IntervalReport;
	/** Seconds spent sending, paused time excluded (rates are per second of it). */
	durationS: number;
	/** Seconds paused (`p`). */
	pausedS: number;
	drainS: number;
	/** Exchanges written off by the rate control's bounded catch-up. */
	skipped: number;
	maxStallMs: number;
	/** New exchanges admission control held back to keep up with the answers (admission.ts). */
	heldBack: number;
	/** Longest an answer lay unread in dhcpulse's own socket, ms; null when the socket gives no arrival stamps. */
	maxQueuedMs: number | null;
	/** The generator, not the server, limited the run: it could not start the asked rate (held back, written off). */
	generatorLimited: boolean;
	/** New exchanges started per second of sending: what the generator sustained. */
	sustainedPerS: number;
	/** --pcap: the capture could not be written (its path and the reason); null when it could, or there is none. */
	pcapError: string | null;
	/** The settings as the user gave them (the command's echo), plus what the run found (the UDP path). */
	settings: Record<string, unknown>;
	/** The loss ledger (ledger.ts): null when the run was given no ledger source. */
	ledger: Ledger | null;
	/** -u: how many addresses were leased, and each one leased to two clients or more; null without -u. */
	uniqueness: { addresses: number; duplicates: DuplicateAddress[] } | null;
	/** -x l: every lease granted, [client, address], in the order the answers came; null without it. */
	leases: readonly (readonly [string, string])[] | null;
}

export interface PerfObserver {
	/** Wants the whole-run latency histogram's display buckets in every interval's snapshot (they cost ~10 ms to build). */
	readonly wantsBuckets?: boolean;
	/**
	 * False: a live view that draws no loss ledger, so it is no reason for the run to read the
	 * server's side while it lasts (a capacity trial's ledger is read before and after alone).
	 */
	readonly showsLedger?: boolean;
	/** Before the shards start sending. */
	start?(first: PerfSnapshot, run: RunHandle): void;
	/** After a collection that is not an interval report (4 a second): for live views. */
	update?(s: PerfSnapshot): void;
	/** At every report interval (-t). */
	interval?(s: PerfSnapshot, report: IntervalReport): void;
	/** The run is over; observers finish in the order they were given. */
	finish?(outcome: RunOutcome): void | Promise<void>;
	/** Always called last, also when the run failed: release what start() took. */
	close?(): void;
}
