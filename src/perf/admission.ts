/**
 * Admission control: the sending loop starts a new exchange only while it keeps up with the
 * answers to the ones it started. Pure: signals and a clock in, how many may start out.
 *
 * Why: asked for more than it can do, an open-loop generator keeps starting exchanges at the
 * asked rate and falls behind on reading the answers. They wait in its own socket until the
 * kernel drops them or they come too late, and its report reads as a server collapse. Asked
 * 100,000 DORA/s on one core against a C responder that is never the limit, the loop read its
 * socket once every 20–160 ms, 1,000–4,600 answers at a time (issue #21's measurements: 94–99 %
 * timeouts, p99 of 150 ms, all of it the generator's). perfdhcp keeps its loop honest the same
 * way in effect: it reads everything queued before each send step and caps its catch-up
 * (Kea src/bin/perfdhcp/basic_scen.cc, rate_control.cc).
 *
 * The signal is the generator's own, never the server's: how long answers lay unread in its
 * socket (Received.queuedUs, the kernel's arrival stamp). A slow server does not raise it (its
 * answers come late or not at all, and the loop reads what comes at once), so a server's
 * overload is still measured as such: the asked rate keeps going out. A period is behind when
 * most of its answers (and at least MIN_READS) lay unread for BEHIND_QUEUE_US or more: one
 * stall of a loaded machine delays the answers that arrived during it, a generator doing more
 * than it can delays them all. The loop's stalls alone are no signal: on a busy machine the
 * scheduler stalls a loop that has nothing to do (in the lab at load 14, cutting at every 50 ms
 * stall held a 200/s run back to 146/s and a 2,000/s one to 228/s). Without arrival stamps (the
 * raw socket on-link, node:dgram) the control stands aside: the run stays open loop, and what a
 * stall leaves owed is written off by the rate control (rate-control.ts), as before.
 *
 * The control is additive-increase, multiplicative-decrease on the admitted rate, judged every
 * PERIOD_S: a period behind cuts the admitted rate to 80 % of the most the generator started in
 * a period lately (so the first cut lands near what it can do, and a period it spent stalled does
 * not drag the rate down); a period in step raises it by 5 % (at least 1 % of the asked rate)
 * until it reaches the asked rate, when the control steps aside entirely. What it holds back is
 * counted apart from what the rate control writes off after a stall: both are the generator's
 * shortfall, never the server's.
 */

/** How often the admitted rate is judged, s. */
export const PERIOD_S = 0.05;
/** An answer unread this long, µs, waited for the generator (its drop time is 1 s by default; a server answers in µs to ms). */
export const BEHIND_QUEUE_US = 20_000;
/** Fewer answers than this in a period are too few to judge it by. */
export const MIN_READS = 16;
/** Periods whose started rates the cut looks back on. */
const LOOKBACK = 4;
/** Cut to this share of the recent started rate when behind. */
const DECREASE = 0.8;
/** Raised by this share of the admitted rate (at least INCREASE_FLOOR of the asked) per period in step. */
const INCREASE = 0.05;
const INCREASE_FLOOR = 0.01;
/** The admitted rate never falls below this, per second (or the asked rate, if lower). */
const MIN_RATE = 100;
/** Exchanges the bucket lets out at once while limiting: this much sending at the admitted rate, at least 4. */
const BURST_S = 0.002;

export class Admission {
	/** New exchanges per second admitted; Infinity while the control stands aside. */
	private admitted = Infinity;
	private periodStartS: number;
	/** Exchanges asked of admit() and let through in this period. */
	private dueInPeriod = 0;
	private startedInPeriod = 0;
	/** Answers read in this period with an arrival stamp, and those of them that waited BEHIND_QUEUE_US or more. */
	private reads = 0;
	private lateReads = 0;
	/** Started rates of the last LOOKBACK periods. */
	private readonly recent: number[] = [];
	private tokens = 0;
	private tokensAtS: number;
	/** Exchanges the control held back, over the run. */
	heldBack = 0;
	/** The control has cut the admitted rate at least once. */
	engaged = false;

	constructor(nowS: number) {
		this.periodStartS = nowS;
		this.tokensAtS = nowS;
	}

	/** The rate now admitted, per second; Infinity while the generator keeps up. */
	get admittedPerS(): number {
		return this.admitted;
	}

	get limiting(): boolean {
		return this.admitted !== Infinity;
	}

	/** An answer lay `us` in the socket before it was read (−1: unknown, not judged). */
	queued(us: number): void {
		if (us < 0) return;
		this.reads++;
		if (us >= BEHIND_QUEUE_US) this.lateReads++;
	}

	/**
	 * How many of `n` exchanges due at `nowS` may start; the rest are held back (counted when
	 * `counted`: the warm-up's are not part of the run). The asked rate is what is asked of this,
	 * so a rate changed live or a stage needs no word here.
	 */
	admit(n: number, nowS: number, counted: boolean): number {
		if (nowS - this.periodStartS >= PERIOD_S) this.judge(nowS);
		this.dueInPeriod += n;
		let ok = n;
		if (this.admitted !== Infinity) {
			const burst = Math.max(4, this.admitted * BURST_S);
			this.tokens = Math.min(burst, this.tokens + (nowS - this.tokensAtS) * this.admitted);
			this.tokensAtS = nowS;
			ok = Math.min(n, Math.floor(this.tokens + 1e-9));
			this.tokens -= ok;
			if (counted) this.heldBack += n - ok;
		}
		this.startedInPeriod += ok;
		return ok;
	}

	private judge(nowS: number): void {
		const spanS = nowS - this.periodStartS;
		const asked = this.dueInPeriod / spanS;
		this.recent.push(this.startedInPeriod / spanS);
		if (this.recent.length > LOOKBACK) this.recent.shift();
		const behind = this.reads >= MIN_READS && this.lateReads * 2 >= this.reads;
		if (behind && asked > 0) {
			const started = Math.max(...this.recent);
			this.admitted = Math.max(Math.min(MIN_RATE, asked), Math.min(this.admitted, started) * DECREASE);
			if (!this.engaged) this.tokens = 0;
			this.tokensAtS = nowS;
			this.engaged = true;
		} else if (this.admitted !== Infinity) {
			this.admitted += Math.max(this.admitted * INCREASE, asked * INCREASE_FLOOR);
			// Keeping up with all that is asked again: the control steps aside.
			if (this.admitted >= asked) this.admitted = Infinity;
		}
		this.periodStartS = nowS;
		this.dueInPeriod = 0;
		this.startedInPeriod = 0;
		this.reads = 0;
		this.lateReads = 0;
	}
}
