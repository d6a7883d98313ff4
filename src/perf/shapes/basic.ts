/**
 * The basic shape (perfdhcp's default scenario, `BasicScen`): new exchanges at -r, renews at -f
 * and releases at -F, open loop, each paced by its own RateControl; -P exchanges back to back
 * first and a --warm-up at its own rate, neither counted; sending ends at -p or after -n.
 */
import { RateControl } from '../rate-control.js';
import type { LoadShape, ShapeHost, ShapeSpec } from './shape.js';

/** Exported for the shapes that pace like it with a rate of their own (stages.ts). */
export class BasicShape implements LoadShape {
	protected readonly h: ShapeHost;
	protected readonly newRate: RateControl;
	private readonly renewRate: RateControl;
	private readonly releaseRate: RateControl;
	private readonly warmRate: RateControl;
	private preloadLeft: number;
	private started = 0;
	/** --warm-up: uncounted exchanges paced at their own rate until warmEndS (a double from the start: see engine.ts startS). */
	warming = false;
	private warmEndS = Number.NaN;
	warmUpStarted = 0;

	constructor(h: ShapeHost) {
		this.h = h;
		const s = h.settings;
		const now = h.nowS();
		this.newRate = new RateControl(s.rate, now);
		this.renewRate = new RateControl(s.renewRate, now);
		this.releaseRate = new RateControl(s.releaseRate, now);
		this.warmRate = new RateControl(s.warmUpRate, now);
		this.preloadLeft = s.preload;
	}

	get paused(): boolean {
		return this.newRate.isPaused;
	}

	get skipped(): number {
		return this.newRate.skipped;
	}

	askedPerS(): number {
		return this.warming ? this.warmRate.asked : this.newRate.asked + this.renewRate.asked + this.releaseRate.asked;
	}

	start(nowS: number): void {
		if (this.h.settings.warmUpS > 0) {
			this.warming = true;
			this.warmEndS = nowS + this.h.settings.warmUpS;
			this.warmRate.setRate(this.h.settings.warmUpRate, nowS);
		} else this.h.begin(nowS);
	}

	onBegin(nowS: number): void {
		this.newRate.setRate(this.newRate.asked, nowS);
		this.renewRate.setRate(this.renewRate.asked, nowS);
		this.releaseRate.setRate(this.releaseRate.asked, nowS);
	}

	onHalt(): void {
		// Stopped during the warm-up: the measured run never starts.
		this.warming = false;
	}

	onRequest(): void {}

	setRates(rate: number, renewRate: number, releaseRate: number, nowS: number): void {
		this.newRate.setRate(rate, nowS);
		this.renewRate.setRate(renewRate, nowS);
		this.releaseRate.setRate(releaseRate, nowS);
	}

	setPaused(paused: boolean, nowS: number): void {
		this.newRate.setPaused(paused, nowS);
		this.renewRate.setPaused(paused, nowS);
		this.releaseRate.setPaused(paused, nowS);
	}

	turn(nowUs: number): void {
		const h = this.h;
		if (this.warming) {
			this.warmUpTurn(nowUs / 1e6);
			return;
		}
		if (this.preloadLeft > 0) {
			// -P: back-to-back exchanges before the measured run, not counted (perfdhcp's -P).
			const n = Math.min(this.preloadLeft, 256);
			let i = 0;
			while (i < n && h.exchanges.startExchange(true)) i++;
			this.preloadLeft -= i;
			if (this.preloadLeft === 0) this.setRates(this.newRate.asked, this.renewRate.asked, this.releaseRate.asked, h.nowS());
			h.schedule(1);
			return;
		}
		if (this.sendDue(nowUs)) {
			h.schedule(20);
			return;
		}
		const nowS = nowUs / 1e6;
		const s = h.exchanges;
		h.scheduleNext(Math.min(this.newRate.msUntilNext(nowS), s.renewStage >= 0 ? this.renewRate.msUntilNext(nowS) : Infinity, s.releaseStage >= 0 ? this.releaseRate.msUntilNext(nowS) : Infinity));
	}

	/**
	 * Libuv timers fire at most once a millisecond (often two), so timer pacing alone sends in
	 * bursts of rate/1000 or more. Answers wake the loop far more often under load; sending what is
	 * due once per turn of the loop that read any spreads the requests between the ticks, at no
	 * cost when nothing arrives.
	 */
	afterReceive(nowUs: number): void {
		if (this.preloadLeft > 0 || this.warming) return;
		this.sendDue(nowUs);
	}

	/**
	 * One step of the warm-up: new exchanges at the warm-up rate, not counted (renews and releases
	 * wait for the measured run). A JIT runtime runs its first thousands of exchanges on slow code
	 * and compiles the hot paths on a helper thread meanwhile; on a small machine shared with the
	 * server that thread takes the server's core and the sending comes in uneven clumps, so the
	 * first second of a run near the knee measures the tool. In the lab, DORA at 5,000/s: cold runs
	 * wrote off 0.7–2 % of the asked exchanges in that second (sent 4,902–4,967/s), warm ones sent
	 * 5,000/s; 2-way at 12,000/s, timeouts fell from a median of 460 to 88 in one session (7
	 * alternating pairs) and stayed within the host's noise in another (200 vs 161, of 60,000).
	 * At its end the measured run starts.
	 */
	private warmUpTurn(nowS: number): void {
		const endS = this.warmEndS;
		// What was due up to the warm-up's end, as at the end of -p.
		this.warmUpStarted += this.startDue(this.warmRate, Math.min(nowS, endS), Infinity, true);
		if (nowS >= endS) {
			this.warming = false;
			this.h.begin(nowS);
			this.h.scheduleNext(0);
			return;
		}
		this.h.scheduleNext(Math.min(this.warmRate.msUntilNext(nowS), (endS - nowS) * 1000));
	}

	/**
	 * Starts the new exchanges `rate` owes at `nowS`, at most `limit`, as many as admission
	 * control lets through, until the send window is full; returns how many started. The warm-up and the measured run share it, so the measured
	 * run begins on code the warm-up has already made hot.
	 */
	private startDue(rate: RateControl, nowS: number, limit: number, uncounted: boolean): number {
		const due = Math.min(rate.due(nowS), limit);
		// Held back by admission control: the schedule moves on without them (counted there).
		const admitted = due > 0 ? this.h.admit(due, nowS, !uncounted) : 0;
		const s = this.h.exchanges;
		let i = 0;
		let refused = 0;
		while (i < admitted) {
			if (!s.startExchange(uncounted)) {
				// Refused (a send error, counted): that exchange's turn is used up, so a refusing
				// kernel is not asked again and again within one turn; the rest wait for the next.
				refused = 1;
				break;
			}
			i++;
		}
		rate.started(i + refused + due - admitted);
		return i;
	}

	/** Starts the exchanges, renews and releases due at `nowUs`; true once the period or -n ended sending. */
	private sendDue(nowUs: number): boolean {
		const h = this.h;
		let nowS = nowUs / 1e6;
		const s = h.exchanges;
		const period = h.settings.periodS;
		let last = false;
		if (period !== null && nowS - h.startS >= period) {
			// Send what was due up to the end of the period, not what a late timer would add.
			nowS = h.startS + period;
			last = true;
		}
		// perfdhcp's second -n: the shard's share of REQUESTs sent (the exchange logic sends no more) ends sending too.
		const requests = h.settings.requestQuota;
		if (requests !== null && h.exchanges.tallies[1] !== undefined && h.exchanges.tallies[1].sent >= requests) {
			h.halt(h.nowS());
			return true;
		}
		const quota = h.settings.numRequests;
		this.started += this.startDue(this.newRate, nowS, quota === null ? Infinity : quota - this.started, false);
		if (s.renewStage >= 0) {
			const n = this.renewRate.due(nowS);
			let k = 0;
			while (k < n && s.renew()) k++;
			// No lease to renew yet counts as done: renews do not pile up behind the first ACKs.
			this.renewRate.started(n);
		}
		if (s.releaseStage >= 0) {
			const n = this.releaseRate.due(nowS);
			let k = 0;
			while (k < n && s.release()) k++;
			this.releaseRate.started(n);
		}
		if (last || (quota !== null && this.started >= quota)) {
			if (last) this.newRate.endAt(nowS);
			h.halt(last ? nowS : h.nowS());
			return true;
		}
		return false;
	}
}

export const basic: ShapeSpec = {
	name: 'basic',
	refuses: [],
	create: (host) => new BasicShape(host),
};
