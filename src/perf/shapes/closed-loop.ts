/**
 * The closed loop (`--max-in-flight N`): N exchanges outstanding at all times, a new one starting
 * as soon as one is answered or times out, for latency at a fixed concurrency (vegeta's
 * `-max-workers`, k6's constant-vus executor, perfdhcp has none). There is no asked rate: the
 * server's answers pace the load, so nothing is ever "not reached" and nothing is written off.
 * An exchange is outstanding from its first request until its last stage settles (a DORA's
 * REQUEST keeps its DISCOVER's in-flight entry, exchange4.ts; a SARR's REQUEST takes the entry its
 * ADVERTISE freed, exchange6.ts), so the in-flight table's count of waiting requests is the count
 * of outstanding exchanges. The engine records its peak (ShardPartial.peakInFlight).
 */
import type { LoadShape, ShapeHost, ShapeSpec } from './shape.js';

/** Turns come on a 1 ms timer while every slot is taken; answers read in between start new exchanges at once (afterReceive). */
const WAIT_MS = 1;

class ClosedLoopShape implements LoadShape {
	readonly warming = false;
	readonly warmUpStarted = 0;
	readonly skipped = 0;
	paused = false;
	private started = 0;

	constructor(private readonly h: ShapeHost) {}

	start(nowS: number): void {
		this.h.begin(nowS);
	}

	onBegin(): void {}

	onHalt(): void {}

	onRequest(): void {}

	setRates(): void {}

	setPaused(paused: boolean): void {
		this.paused = paused;
	}

	/** No rate is asked: the engine paces its loop on timers and reads answers as they come. */
	askedPerS(): number {
		return 0;
	}

	turn(nowUs: number): void {
		if (!this.fill(nowUs)) this.h.schedule(WAIT_MS);
	}

	afterReceive(nowUs: number): void {
		this.fill(nowUs);
	}

	/** Starts exchanges into the free slots; true once -p or -n ended sending. */
	private fill(nowUs: number): boolean {
		const h = this.h;
		const s = h.settings;
		const nowS = nowUs / 1e6;
		if (s.periodS !== null && nowS - h.startS >= s.periodS) {
			h.halt(h.startS + s.periodS);
			return true;
		}
		if (this.paused) return false;
		let free = Math.min(s.maxInFlight! - h.table.live, s.numRequests === null ? Infinity : s.numRequests - this.started);
		// A refused send (counted as a send error) ends the turn: the next one tries again.
		while (free > 0 && h.exchanges.startExchange(false)) {
			this.started++;
			free--;
		}
		if (s.numRequests !== null && this.started >= s.numRequests) {
			h.halt(h.nowS());
			return true;
		}
		return false;
	}
}

export const closedLoop: ShapeSpec = {
	name: 'closed-loop',
	refuses: [
		['rate', 'a closed loop has no asked rate: answers pace it'],
		['renew-rate', 'a closed loop paces new exchanges only'],
		['release-rate', 'a closed loop paces new exchanges only'],
		['preload', 'a closed loop has no uncounted start'],
		['warm-up', 'a closed loop has no uncounted start'],
		['warm-up-rate', 'a closed loop has no uncounted start'],
	],
	create: (host) => new ClosedLoopShape(host),
};
