/**
 * Open-loop pacing: by elapsed time t since the last anchor, `floor(rate × t)` exchanges should
 * have started; the difference with what did start is due now. A sender that fell behind (a
 * stalled event loop, a full send window) owes at most `burst` (50 ms of sending); the rest of
 * the debt is written off and counted, so a generator that cannot keep up shows a lower achieved
 * rate instead of flooding the server later (perfdhcp caps its catch-up at 3 per loop and never
 * says it fell short, Kea src/bin/perfdhcp/rate_control.cc). Changing the rate or resuming re-anchors, so the
 * new rate applies from that moment.
 *
 * What is owed goes out through a token bucket: at most twice the rate, in bursts of at most
 * `spreadS` of sending (1 ms, at least 4) beyond the schedule's own share of the time since the
 * previous call; the engine turns its loop quickly while it is behind, so the debt drains in
 * small steps. A 10 ms stall at 14,000/s would otherwise put 140 requests on the wire at once,
 * and Kea's packet socket (dhcp-socket-type raw, a 208 KiB buffer) drops what overflows it
 * silently: the server, not the generator, would seem to lose them (measured in the lab: that
 * socket's drop count, `ss -0 -m`, equalled our timeouts).
 *
 * The schedule's share counts for gaps up to `turnS` (2 ms; a longer gap is a stall, whose debt
 * is spread): with a bucket of 1 ms alone, a loop whose turns lasted 1 ms or more (a thread that
 * waits for a core beside a saturated server) could never catch up, and at 2 ms turns it sent
 * 2,500 of 4,500/s, writing the rest off with no stall to show for it (test/perf-units). In the
 * lab, DORA at 8,000/s without --warm-up (above Kea's knee), 8 alternating runs: the 1 ms bucket
 * wrote off 114–489 exchanges in 4 runs whose longest stalls (21–34 ms) stayed under the 50 ms
 * bound; this one wrote off 22 in 1.
 */
export class RateControl {
	private rate: number;
	private anchorS = 0;
	private startedSinceAnchor = 0;
	/** Exchanges owed at the anchor, fractions included, carried over by {@link retarget}. */
	private carry = 0;
	private paused = false;
	/** Most exchanges one {@link due} call may return, as seconds of sending at the current rate (50 ms). */
	private readonly burstS: number;
	/** Most exchanges sent back to back, as seconds of sending at the current rate (1 ms). */
	private readonly spreadS: number;
	private tokens: number;
	private tokensAtS: number;
	/** Exchanges written off because the catch-up would have exceeded the burst. */
	skipped = 0;

	/** The longest gap between two calls whose share of the schedule the bucket lets out on top of its burst (2 ms). */
	private readonly turnS: number;

	constructor(rate: number, nowS: number, burstS = 0.05, spreadS = 0.001, turnS = 0.002) {
		this.rate = rate;
		this.anchorS = nowS;
		this.burstS = burstS;
		this.spreadS = spreadS;
		this.turnS = turnS;
		this.tokens = this.spread;
		this.tokensAtS = nowS;
	}

	/** The bucket's size: `spreadS` of sending at the current rate, at least 4. */
	get spread(): number {
		return Math.max(4, Math.ceil(this.rate * this.spreadS));
	}

	/** The catch-up bound at the current rate: 50 ms worth of sending, at least 32 (a loaded 2-core box stalls for tens of ms). */
	get burst(): number {
		return Math.max(32, Math.ceil(this.rate * this.burstS));
	}

	get asked(): number {
		return this.rate;
	}

	get isPaused(): boolean {
		return this.paused;
	}

	setRate(rate: number, nowS: number): void {
		this.rate = rate;
		this.anchorS = nowS;
		this.startedSinceAnchor = 0;
		this.carry = 0;
	}

	/**
	 * A new rate from `nowS` on that keeps what the schedule owed, fractions included (a ramp,
	 * shapes/stages.ts, changes the rate every turn: re-anchoring each time with {@link setRate}
	 * would drop up to one exchange per turn to the floor).
	 */
	retarget(rate: number, nowS: number): void {
		if (!this.paused) this.carry += this.rate * (nowS - this.anchorS) - this.startedSinceAnchor;
		this.rate = rate;
		this.anchorS = nowS;
		this.startedSinceAnchor = 0;
	}

	setPaused(paused: boolean, nowS: number): void {
		if (this.paused === paused) return;
		this.paused = paused;
		if (!paused) {
			this.anchorS = nowS;
			this.startedSinceAnchor = 0;
			this.carry = 0;
		}
	}

	/** Exchanges the schedule owes at `nowS`: floor(rate × elapsed) − started (0 while paused or at rate 0). */
	private owedAt(nowS: number): number {
		if (this.paused || this.rate <= 0) return 0;
		// The epsilon keeps float error from losing the exchange due exactly at a boundary (200/s × 2 s = 400).
		return Math.floor(this.rate * (nowS - this.anchorS) + this.carry + 1e-6) - this.startedSinceAnchor;
	}

	/** Gives up `n` owed exchanges, counted in {@link skipped}. */
	private writeOff(n: number): void {
		this.skipped += n;
		this.startedSinceAnchor += n;
	}

	/** How many exchanges to start now (0 while paused or at rate 0). Call {@link started} with what was actually started. */
	due(nowS: number): number {
		let due = this.owedAt(nowS);
		if (due <= 0) return 0;
		const burst = this.burst;
		if (due > burst) {
			this.writeOff(due - burst);
			due = burst;
		}
		const sinceS = nowS - this.tokensAtS;
		const cap = this.spread + Math.floor(this.rate * Math.min(sinceS, this.turnS) + 1e-6);
		this.tokens = Math.min(cap, this.tokens + sinceS * 2 * this.rate);
		this.tokensAtS = nowS;
		if (due > this.tokens) due = Math.floor(this.tokens + 1e-6);
		return due > 0 ? due : 0;
	}

	/**
	 * The schedule ends at `nowS` (the period is over): what was due by then and not started, held
	 * back by the bucket after a late tick, is written off, so every exchange the period asked for
	 * was either started or counted in {@link skipped}.
	 */
	endAt(nowS: number): void {
		const owed = this.owedAt(nowS);
		if (owed > 0) this.writeOff(owed);
	}

	started(n: number): void {
		this.startedSinceAnchor += n;
		this.tokens -= n;
	}

	/** Milliseconds until the next exchange is due (0 when one is due now, Infinity when paused). */
	msUntilNext(nowS: number): number {
		if (this.paused || this.rate <= 0) return Infinity;
		const nextAt = this.anchorS + (this.startedSinceAnchor + 1 - this.carry) / this.rate;
		return Math.max(0, (nextAt - nowS) * 1000);
	}
}
