/**
 * Retransmission for the avalanche scenario: when each request is sent again, and a queue of the
 * retransmissions due, ordered by time.
 *
 * The schedule is RFC 8415 §15's: the first retransmission timeout RT is IRT plus up to ±10 %
 * (RAND), each next one is 2·RT ± 10 %, and RT stops growing at MRT ± 10 %. IRT is 1 s (RFC 8415
 * §7.6 SOL_TIMEOUT and REQ_TIMEOUT; perfdhcp's avalanche also starts at 1 s) and MRT 64 s, RFC
 * 2131 §4.1's largest DHCPv4 interval, for both families so a storm of either is measured alike.
 * (RFC 2131 §4.1 would start DHCPv4 at 4 s with ±1 s; a 1 s start shows a server's recovery in
 * the seconds it takes, as perfdhcp does.)
 *
 * A queue entry names its request by transaction id and stage, not by in-flight slot: the table
 * may grow and move slots, and an entry whose request was answered, gave up, or moved on to its
 * next stage (a DHCPv4 REQUEST keeps its DISCOVER's xid) is simply dropped when it comes due.
 */

export const IRT_US = 1_000_000;
export const MRT_US = 64_000_000;
const RAND = 0.1;

/**
 * The timeout after `rtUs` (RFC 8415 §15): 2·RT + RAND·RT, and past MRT, MRT + RAND·MRT. Any unit;
 * the avalanche's MRT by default, a lifecycle renew's REN_MAX_RT (client-events.ts) otherwise.
 */
export function nextTimeoutUs(rtUs: number, random: () => number, mrt = MRT_US): number {
	const jitter = (random() * 2 - 1) * RAND;
	const rt = 2 * rtUs + jitter * rtUs;
	return rt > mrt ? mrt + jitter * mrt : rt;
}

/** The first timeout (RFC 8415 §15): IRT + RAND·IRT (any unit; the avalanche's IRT by default). */
export function initialTimeoutUs(random: () => number, irt = IRT_US): number {
	return irt + (random() * 2 - 1) * RAND * irt;
}

/**
 * A binary min-heap of (due time, xid, stage, current timeout) in typed arrays, so a storm of a
 * million clients costs a few flat arrays, not a million objects.
 */
export class RetransmitQueue {
	private due = new Float64Array(1024);
	private rt = new Float64Array(1024);
	private xid = new Uint32Array(1024);
	private stage = new Uint8Array(1024);
	size = 0;

	push(dueUs: number, xid: number, stage: number, rtUs: number): void {
		if (this.size === this.due.length) this.grow();
		let i = this.size++;
		// Sift up: move parents later than the new entry down one level.
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (this.due[parent]! <= dueUs) break;
			this.move(parent, i);
			i = parent;
		}
		this.due[i] = dueUs;
		this.xid[i] = xid;
		this.stage[i] = stage;
		this.rt[i] = rtUs;
	}

	/** Due time of the earliest entry, or Infinity when empty. */
	peekDue(): number {
		return this.size > 0 ? this.due[0]! : Infinity;
	}

	/**
	 * Removes and hands over every entry due at `nowUs` or earlier, earliest first. `visit` may
	 * push (the next retransmission); such an entry is due later than now, so it is not visited again.
	 */
	popDue(nowUs: number, visit: (xid: number, stage: number, rtUs: number) => void): void {
		while (this.size > 0 && this.due[0]! <= nowUs) {
			const xid = this.xid[0]!;
			const stage = this.stage[0]!;
			const rt = this.rt[0]!;
			this.removeTop();
			visit(xid, stage, rt);
		}
	}

	private removeTop(): void {
		const last = --this.size;
		if (last === 0) return;
		const due = this.due[last]!;
		let i = 0;
		// Sift down: the last entry takes the root's place and sinks below its earlier children.
		for (;;) {
			const left = 2 * i + 1;
			if (left >= last) break;
			const right = left + 1;
			const child = right < last && this.due[right]! < this.due[left]! ? right : left;
			if (this.due[child]! >= due) break;
			this.move(child, i);
			i = child;
		}
		this.move(last, i);
	}

	private move(from: number, to: number): void {
		this.due[to] = this.due[from]!;
		this.xid[to] = this.xid[from]!;
		this.stage[to] = this.stage[from]!;
		this.rt[to] = this.rt[from]!;
	}

	private grow(): void {
		const n = this.due.length * 2;
		const due = new Float64Array(n);
		const rt = new Float64Array(n);
		const xid = new Uint32Array(n);
		const stage = new Uint8Array(n);
		due.set(this.due);
		rt.set(this.rt);
		xid.set(this.xid);
		stage.set(this.stage);
		this.due = due;
		this.rt = rt;
		this.xid = xid;
		this.stage = stage;
	}
}
