/**
 * A load run's life, as pure state: the clock, the stop rules (-p, -n, -D, the avalanche's end,
 * a stop asked by a signal or the dashboard), the drain (-W), pause, and the report intervals.
 * The run loop (run.ts) feeds it the merged counters after each collection and does what it
 * answers; nothing here touches a socket, a timer or a file, so every rule is tested with a fake
 * clock and made-up counters. perfdhcp keeps the same rules apart from its loop
 * (`BasicScen::checkExitConditions`, Kea src/bin/perfdhcp/basic_scen.cc).
 */
import type { RunState } from './snapshot.js';

export type MaxDrop = { count: number } | { pct: number };

/** The drop figures -D judges: timeouts and settled requests over exchanges that expect replies. */
export interface Drops {
	timeouts: number;
	settled: number;
	sent: number;
}

/** -D's rule: N timeouts, or N % of settled requests once more than 10 were sent (perfdhcp's threshold). */
function dropHit(rule: MaxDrop, d: Drops): boolean {
	return 'count' in rule ? d.timeouts >= rule.count : d.sent > 10 && d.settled > 0 && (d.timeouts / d.settled) * 100 >= rule.pct;
}

function maxDropText(rule: MaxDrop): string {
	return 'count' in rule ? `${rule.count}` : `${rule.pct}%`;
}

export interface StopRules {
	/** -p: seconds of sending, or null. */
	periodS: number | null;
	/** -n: exchanges to start, or null. */
	numRequests: number | null;
	/** -D: stop after this many timeouts or this % of settled requests. */
	maxDrop: MaxDrop | null;
	/**
	 * perfdhcp's second -n and -D: the REQUEST stage's own (each shard stops at its share of the -n
	 * by itself). With a second -D, the first judges the DISCOVER / SOLICIT stage alone.
	 */
	requestStage?: { numRequests: number | null; maxDrop: MaxDrop | null };
	/** -W: seconds to wait for answers once sending stopped. */
	exitWaitS: number;
	/** -t: seconds between interval reports. */
	reportIntervalS: number;
	/** The run begins with a --warm-up (its clock starts after it). */
	warmUp: boolean;
	/** The avalanche: every client at once; it ends when every client is done. */
	avalanche: boolean;
	/**
	 * The asked rate the load shape follows by itself, by second of the measured run (--stages);
	 * logged at every collection while sending, as a change from + / - is, so every output sees
	 * the asked curve. Absent when the rate changes only when asked to.
	 */
	askedAt?: ((tS: number) => number) | null;
}

/** What one collection tells the lifecycle. */
export interface CollectionView {
	/** Some shard is still warming up. */
	warming: boolean;
	/** Every shard has stopped sending by itself (-p, -n, the avalanche's end). */
	doneSending: boolean;
	/** Seconds of sending as the shards measured them (the longest). */
	sendingS: number;
	/** For -D. */
	drops: Drops;
	/** For a second -n / -D: the first stage's drops, and the REQUEST stage's drops and requests sent. */
	stages?: { first: Drops; request: Drops };
	/** Requests still waiting for answers, over every exchange. */
	inFlight: number;
}

/** What happened at one collection, in order, for the loop to act on and the observers to hear. */
export type Happening =
	| { kind: 'warm-up-done' }
	| { kind: 'max-drop'; timeouts: number; settled: number }
	/** Sending stops now (the loop tells the shards); the drain begins. */
	| { kind: 'drain'; reason: string; warmUpCut: boolean }
	/** The drain is over: finish the shards. */
	| { kind: 'finished' };

/** Between collections while sending: exit conditions and the dashboard react within this. */
export const COLLECT_MS = 250;
/** While draining, collections come often: the run ends as soon as nothing is in flight. */
export const DRAIN_COLLECT_MS = 20;
/**
 * A rate the shape moves by itself (askedAt) is logged at each collection as its value half a
 * collection ahead: on a linear ramp that is the mean of what the shape asks until the next
 * collection, so the logged steps weigh the same as the ramp (logged as of now, each step would
 * lag the ramp by 125 ms: 25/s on a ramp of 200/s per second).
 */
const AHEAD_S = COLLECT_MS / 2000;

/**
 * The asked rate over [fromS, toS] from the log of asked rates (each with the second it was set
 * from), weighted by the time each was in force: what an interval was asked while + / - or the
 * stages moved the rate. The last rate before `toS` when the span is empty.
 */
export function askedOver(changes: readonly { atS: number; rate: number }[], fromS: number, toS: number): number {
	if (toS <= fromS) return [...changes].reverse().find((c) => c.atS <= toS)?.rate ?? changes[0]?.rate ?? 0;
	let sum = 0;
	for (let i = 0; i < changes.length; i++) {
		const a = Math.max(changes[i]!.atS, fromS);
		const b = Math.min(changes[i + 1]?.atS ?? Infinity, toS);
		if (b > a) sum += changes[i]!.rate * (b - a);
	}
	return sum / (toS - fromS);
}

/** How the run ended, for the verdict and the report. */
export interface RunTimes {
	/** Seconds of the measured run until the end of the drain. */
	endS: number;
	/** Seconds of sending (the shards' own measure); 0 when a stop cut the warm-up. */
	stoppedAtS: number;
	/** Seconds spent draining, rounded to the ms. */
	drainS: number;
}

export class RunLifecycle {
	readonly rules: StopRules;
	private readonly clockMs: () => number;
	state: RunState = 'starting';
	stopReason: string | null = null;
	/** -D stopped the run. */
	maxDropHit = false;
	/** The timeouts counted when -D was seen crossed (at a collection, every 0.25 s), or null. */
	maxDropSeen: number | null = null;
	/** A stop came during the warm-up: the measured run never started. */
	warmUpCut = false;
	/** When the drain began, s of the measured run; null while sending. */
	drainStartS: number | null = null;
	/** Where the run's clock stands once sending stopped (the snapshot freezes there at the end). */
	stoppedAtS: number | null = null;
	private t0Ms: number;
	private lastReportS = 0;
	private paused = false;
	/** Each asked rate and when it was set, s of the measured run (the first at 0). */
	private readonly asked: { atS: number; rate: number }[];
	/** Pauses, s of the measured run; the last one open while paused. */
	private readonly pauses: { fromS: number; toS: number }[] = [];

	constructor(rules: StopRules, clockMs: () => number, askedRate = 0) {
		this.rules = rules;
		this.clockMs = clockMs;
		this.t0Ms = clockMs();
		this.asked = [{ atS: 0, rate: askedRate }];
	}

	/** Seconds of the measured run: 0 during the warm-up, frozen at the end. */
	elapsedS(): number {
		if (this.state === 'done' && this.stoppedAtS !== null) return this.stoppedAtS;
		return this.state === 'warming' ? 0 : (this.clockMs() - this.t0Ms) / 1000;
	}

	/** The shards have been told to start. */
	start(): void {
		this.t0Ms = this.clockMs();
		this.state = this.rules.warmUp ? 'warming' : 'running';
		if (this.rules.askedAt) this.asked[0] = { atS: 0, rate: this.rules.askedAt(AHEAD_S) };
	}

	/** A signal stopped the run before its end: it did not measure what was asked. */
	interrupted = false;

	/** Asks the run to stop; the first reason given is the one reported. */
	requestStop(reason: string, interrupted = false): void {
		if (this.stopReason !== null) return;
		this.stopReason = reason;
		this.interrupted = interrupted;
	}

	get isPaused(): boolean {
		return this.paused;
	}

	/** Pause or resume sending; false when the run is not in a state that can (warming, draining, done). */
	setPaused(paused: boolean): boolean {
		if (this.state !== 'running' && this.state !== 'paused') return false;
		if (paused === this.paused) return true;
		const now = this.elapsedS();
		if (paused) this.pauses.push({ fromS: now, toS: Infinity });
		else this.pauses.at(-1)!.toS = now;
		this.paused = paused;
		this.state = paused ? 'paused' : 'running';
		return true;
	}

	/** The asked rate changed now (+ / - on the dashboard). */
	rateChanged(rate: number): void {
		this.asked.push({ atS: this.elapsedS(), rate });
	}

	/** The asked rate in force now. */
	get askedRate(): number {
		return this.asked.at(-1)!.rate;
	}

	/** Every asked rate with the second it was set (the first at 0). */
	get askedRates(): readonly { atS: number; rate: number }[] {
		return this.asked;
	}

	/** Seconds paused within the first `untilS` of the run. */
	pausedS(untilS: number): number {
		return this.pauses.reduce((n, p) => n + Math.max(0, Math.min(p.toS, untilS) - Math.min(p.fromS, untilS)), 0);
	}

	/**
	 * The asked rate over the first `untilS` of the run, weighted by the time each was in force
	 * while sending (paused time is not run time): what a run whose rate changed was asked.
	 */
	meanAskedRate(untilS: number): number {
		let sum = 0;
		for (let i = 0; i < this.asked.length; i++) {
			const from = Math.min(this.asked[i]!.atS, untilS);
			const to = Math.min(this.asked[i + 1]?.atS ?? untilS, untilS);
			sum += this.asked[i]!.rate * (to - from - (this.pausedS(to) - this.pausedS(from)));
		}
		const active = untilS - this.pausedS(untilS);
		return active > 0 ? sum / active : this.asked.at(-1)!.rate;
	}

	get draining(): boolean {
		return this.drainStartS !== null;
	}

	/**
	 * How long to wait before the next collection, ms: a quarter second while sending, but the
	 * period's end is met on time, not up to a collection late; often while draining.
	 */
	nextWaitMs(): number {
		if (this.draining) return DRAIN_COLLECT_MS;
		const toPeriodMs = this.rules.periodS !== null ? Math.max(1, (this.rules.periodS - this.elapsedS()) * 1000 + 5) : Infinity;
		return Math.min(COLLECT_MS, toPeriodMs);
	}

	/** Applies one collection; returns what happened, in order. */
	observe(view: CollectionView): Happening[] {
		const out: Happening[] = [];
		if (this.state === 'warming' && !view.warming) {
			// Each shard began its measured run at the end of its warm-up, sendingS ago.
			this.t0Ms = this.clockMs() - view.sendingS * 1000;
			this.state = 'running';
			out.push({ kind: 'warm-up-done' });
		}
		const nowS = this.elapsedS();
		if (!this.draining) {
			const r = this.rules;
			if (r.askedAt && this.state === 'running') {
				const rate = r.askedAt(nowS + AHEAD_S);
				if (rate !== this.askedRate) this.rateChanged(rate);
			}
			if (view.doneSending) {
				if (r.periodS !== null && view.sendingS >= r.periodS - 1e-6) this.requestStop(`period reached (-p ${r.periodS})`);
				else if (r.avalanche) this.requestStop('every client done (avalanche)');
				else if (r.requestStage?.numRequests != null && (view.stages?.request.sent ?? 0) >= r.requestStage.numRequests)
					this.requestStop(`num-request reached (-n ${r.numRequests ?? '0'} -n ${r.requestStage.numRequests}: REQUESTs)`);
				else this.requestStop(`num-request reached (-n ${r.numRequests})`);
			}
			// A second -D judges each stage by its own counts; one -D, the run's.
			const second = r.requestStage?.maxDrop ?? null;
			const rules: [MaxDrop, Drops, string][] = [];
			if (r.maxDrop) rules.push([r.maxDrop, second && view.stages ? view.stages.first : view.drops, second ? `-D ${maxDropText(r.maxDrop)} -D ${maxDropText(second)}: the first stage` : `-D ${maxDropText(r.maxDrop)}`]);
			if (second && view.stages) rules.push([second, view.stages.request, `-D ${r.maxDrop ? maxDropText(r.maxDrop) : '-'} -D ${maxDropText(second)}: REQUESTs`]);
			for (const [rule, d, text] of rules) {
				if (!dropHit(rule, d)) continue;
				this.requestStop(`max-drop reached (${text})`);
				if (this.stopReason!.startsWith('max-drop')) {
					this.maxDropHit = true;
					this.maxDropSeen = d.timeouts;
				}
				out.push({ kind: 'max-drop', timeouts: d.timeouts, settled: d.settled });
				break;
			}
			if (this.stopReason !== null) {
				const cut = this.state === 'warming';
				if (cut) {
					this.warmUpCut = true;
					this.t0Ms = this.clockMs();
				}
				const at = cut ? 0 : nowS;
				this.drainStartS = at;
				this.stoppedAtS = at;
				this.state = 'draining';
				out.push({ kind: 'drain', reason: this.stopReason, warmUpCut: cut });
			}
		} else if (view.inFlight === 0 || nowS - this.drainStartS! >= this.rules.exitWaitS) {
			out.push({ kind: 'finished' });
		}
		return out;
	}

	/** A report interval is due at `nowS`. */
	reportDue(nowS: number): boolean {
		return nowS - this.lastReportS >= this.rules.reportIntervalS;
	}

	/**
	 * The span of the interval report due at `atS`, or null when it would be empty. Once sending
	 * stopped, an interval's rates are over the time it was still sending (`sendingS`).
	 */
	intervalSpan(atS: number, sendingS: number): { fromS: number; toS: number } | null {
		const toS = this.draining ? Math.max(this.lastReportS, Math.min(atS, sendingS)) : atS;
		if (toS - this.lastReportS <= 0.001) return null;
		return { fromS: this.lastReportS, toS };
	}

	/** The interval ending at `toS` has been reported. */
	reported(toS: number): void {
		this.lastReportS = toS;
	}

	get lastReportAtS(): number {
		return this.lastReportS;
	}

	/** The run is over: the clock stops at the shards' sending time. */
	end(sendingS: number): RunTimes {
		const endS = this.elapsedS();
		// Sending time as the shards measured it (they stop themselves at -p / -n, to the millisecond).
		const stoppedAtS = this.warmUpCut ? 0 : Math.min(sendingS > 0 ? sendingS : endS, endS);
		this.stoppedAtS = stoppedAtS;
		this.state = 'done';
		return { endS, stoppedAtS, drainS: Math.round((endS - stoppedAtS) * 1000) / 1000 };
	}
}
