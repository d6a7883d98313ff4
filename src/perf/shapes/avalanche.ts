/**
 * The avalanche (perfdhcp's `--scenario avalanche`, Kea src/bin/perfdhcp/avalanche_scen.cc):
 * every client of the shard starts its exchange at once, as fast as the send window takes them;
 * an unanswered request is sent again on the RFC 8415 §15 schedule (retransmit.ts) until it is
 * answered or its drop time, counted from its first transmission, has passed; the shard is done
 * when no client is left waiting.
 */
import { mulberry32 } from '../../prng.js';
import { LIVE } from '../inflight.js';
import { initialTimeoutUs, nextTimeoutUs, RetransmitQueue } from '../retransmit.js';
import type { LoadShape, ShapeHost, ShapeSpec } from './shape.js';

class AvalancheShape implements LoadShape {
	private readonly h: ShapeHost;
	/** Retransmissions due, and the jitter source of their timeouts. */
	private readonly queue = new RetransmitQueue();
	private readonly random: () => number;
	private started = 0;
	paused = false;
	readonly warming = false;
	readonly warmUpStarted = 0;
	readonly skipped = 0;

	constructor(h: ShapeHost) {
		this.h = h;
		this.random = mulberry32(h.seed ^ 0x5bd1e995);
	}

	askedPerS(): number {
		return 0;
	}

	start(nowS: number): void {
		this.h.begin(nowS);
	}

	onBegin(): void {}

	onHalt(): void {}

	setRates(): void {}

	setPaused(paused: boolean): void {
		this.paused = paused;
	}

	afterReceive(): void {}

	onRequest(slot: number): void {
		const h = this.h;
		const rt = initialTimeoutUs(this.random);
		const nowUs = h.nowUs();
		this.queue.push(Math.min(nowUs + rt, nowUs + h.dropUs), h.table.xids[slot]!, h.table.stage[slot]!, rt);
	}

	/**
	 * One step: retransmit what is due, start more clients while the send window has room, and
	 * end the shard once every client has started and none is waiting. Sending is limited by the
	 * window only (a storm is the point), so a retransmission or start the window cannot take now
	 * waits for the next step; it is not counted as a send error.
	 */
	turn(nowUs: number): void {
		const h = this.h;
		const q = this.queue;
		const table = h.table;
		const t = h.transport;
		const room = h.settings.sendWindow >> 1;
		const s = h.exchanges;
		if (this.paused) {
			// `p` on the dashboard: nothing is sent, retransmissions wait; give-ups still come from the expiry walk.
			h.schedule(20);
			return;
		}
		let blocked = false;
		q.popDue(nowUs, (xid, stage, rtUs) => {
			const slot = table.lookup(xid);
			// Answered, given up, or moved on to its next stage (a v4 REQUEST keeps the DISCOVER's xid).
			if (slot < 0 || table.state[slot] !== LIVE || table.stage[slot] !== stage) return;
			// The drop time counts from the first transmission: past it the client gives up, judged
			// here at its own deadline (the FIFO expiry walk can be held back by a later-sent REQUEST).
			const deadline = table.sentUs[slot]! + h.dropUs;
			if (nowUs >= deadline) {
				table.timeOut(slot, (x) => s.onTimeout(x));
				return;
			}
			if (t.pendingSends >= room || !s.resend(slot)) {
				blocked = true;
				q.push(Math.min(nowUs + 10_000, deadline), xid, stage, rtUs);
				return;
			}
			const rt = nextTimeoutUs(rtUs, this.random);
			q.push(Math.min(nowUs + rt, deadline), xid, stage, rt);
		});
		const period = h.settings.periodS;
		if (period !== null && nowUs / 1e6 - h.startS >= period) {
			h.halt(h.startS + period);
			h.schedule(20);
			return;
		}
		const clients = h.settings.clientCount;
		// A batch per step keeps the event loop turning, so answers are read while the wave goes out.
		let n = 0;
		while (this.started < clients && n < 1024 && t.pendingSends < room && s.startExchange(false)) {
			this.started++;
			n++;
		}
		const waveDone = this.started >= clients;
		if (waveDone && table.live === 0) {
			h.halt(h.nowS());
			h.schedule(20);
			return;
		}
		const untilDue = (q.peekDue() - h.nowUs()) / 1000;
		h.schedule(!waveDone || blocked ? 0 : Math.max(0, Math.min(10, Math.floor(untilDue))));
	}
}

export const avalanche: ShapeSpec = {
	name: 'avalanche',
	refuses: [
		['rate', 'every client starts at once, as fast as the socket takes them'],
		['num-request', 'each of the -R clients runs one exchange'],
		['renew-rate', 'the avalanche ends with the leases'],
		['release-rate', 'the avalanche ends with the leases'],
		['preload', 'the avalanche itself is the start'],
		['warm-up', 'the avalanche itself is the start'],
	],
	note: '--scenario avalanche: every client at once, retransmitted after 1, 2, 4 … 64 s ± 10 % (RFC 8415 §15)',
	create: (host) => new AvalancheShape(host),
};
