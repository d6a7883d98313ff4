/**
 * The in-flight table: every request waiting for its answer, keyed by transaction id, in typed
 * arrays (no object per request). Transaction ids are handed out in sequence from a random base,
 * so the table is a ring indexed by `(xid − base) & mask`, and send order is ring order: the
 * oldest request is always at the ring's tail, and expiry walks forward from there (FIFO by send
 * time) until it meets a request still within its drop time.
 *
 * A DHCPv4 REQUEST keeps its DISCOVER's xid (RFC 2131 §4.4.1, Table 5: "xid from server
 * DHCPOFFER"), so it reuses the DISCOVER's entry with a later send time. Such an entry can hold
 * the expiry walk back for at most one OFFER round trip; that only delays when a timeout is
 * tallied, never what it is counted as, because an answer is judged against its own deadline
 * when it arrives (after it → late), and the final sweep judges every entry against the clock.
 *
 * After a timeout the entry is kept (state TIMED_OUT) until its slot is reused, so an answer that
 * comes later is recognised as late, not as an orphan; after an answer it is kept too (ANSWERED),
 * so a second answer to the same request (the server answered a retransmission as well) is a
 * duplicate, not an orphan. The ring doubles when a slot is needed
 * whose request is still waiting, up to MAX_CAPACITY; past that the oldest request is expired
 * early (counted as a timeout) so memory stays bounded whatever the server does.
 */

export const FREE = 0;
export const LIVE = 1;
export const TIMED_OUT = 2;
export const ANSWERED = 3;

export const MIN_CAPACITY = 1 << 12;
/** 2 M entries × 22 bytes ≈ 46 MB: 20 s of 100,000 requests/s with no answer. */
export const MAX_CAPACITY = 1 << 21;

export type ExpireHandler = (slot: number) => void;

export class InflightTable {
	capacity: number;
	mask: number;
	/** The transaction id of each slot (the full xid, to verify a lookup). */
	xids: Uint32Array;
	state: Uint8Array;
	/** Index of the exchange the request belongs to. */
	stage: Uint8Array;
	/** Send time, µs since the engine's origin. */
	sentUs: Float64Array;
	client: Uint32Array;
	/** 1 for uncounted requests (-P, --warm-up): their outcomes go to a set of tallies never reported (exchange.ts TallySets). */
	uncounted: Uint8Array;
	/** Sequence number of the next request and of the oldest one the expiry walk has not passed. */
	private nextSeq = 0;
	private oldestSeq = 0;
	private readonly base: number;
	private readonly xidMask: number;
	/** Requests expired early because the table was at its largest. */
	evicted = 0;
	live = 0;

	/** `xidBits` 32 for DHCPv4, 24 for DHCPv6 (RFC 8415 §8: a 3-octet transaction-id). */
	constructor(xidBits: 24 | 32, base: number, capacity = MIN_CAPACITY) {
		this.xidMask = xidBits === 32 ? 0xffffffff : 0xffffff;
		this.base = (base & this.xidMask) >>> 0;
		this.capacity = capacity;
		this.mask = capacity - 1;
		this.xids = new Uint32Array(capacity);
		this.state = new Uint8Array(capacity);
		this.stage = new Uint8Array(capacity);
		this.sentUs = new Float64Array(capacity);
		this.client = new Uint32Array(capacity);
		this.uncounted = new Uint8Array(capacity);
	}

	/**
	 * Takes the next transaction id and its slot for a new request; returns the slot (its xid is
	 * `xids[slot]`). `onEvict` is called for a waiting request the table had to give up.
	 */
	allocate(stage: number, client: number, nowUs: number, uncounted: boolean, onEvict: ExpireHandler): number {
		let slot = this.nextSeq & this.mask;
		if (this.state[slot] === LIVE) {
			if (this.capacity < MAX_CAPACITY) {
				this.grow();
				slot = this.nextSeq & this.mask;
			} else {
				this.evicted++;
				this.timeOut(slot, onEvict);
			}
		}
		this.xids[slot] = (this.base + this.nextSeq) & this.xidMask;
		this.state[slot] = LIVE;
		this.stage[slot] = stage;
		this.sentUs[slot] = nowUs;
		this.client[slot] = client;
		this.uncounted[slot] = uncounted ? 1 : 0;
		this.nextSeq++;
		this.live++;
		return slot;
	}

	/** Gives back the last allocation (its send was refused). */
	unallocate(slot: number): void {
		this.state[slot] = FREE;
		this.nextSeq--;
		this.live--;
	}

	/** The slot holding `xid` (waiting, timed out or answered), or -1. */
	lookup(xid: number): number {
		const slot = (xid - this.base) & this.xidMask & this.mask;
		return this.xids[slot] === xid && this.state[slot] !== FREE ? slot : -1;
	}

	/** Marks a request answered (or settled late); its entry stays findable until the slot is reused. */
	complete(slot: number): void {
		if (this.state[slot] === LIVE) this.live--;
		this.state[slot] = ANSWERED;
	}

	/** Times out one waiting request now, wherever it is (expiry, eviction, and the avalanche's own deadlines). */
	timeOut(slot: number, onTimeout: ExpireHandler): void {
		if (this.state[slot] !== LIVE) return;
		this.state[slot] = TIMED_OUT;
		this.live--;
		onTimeout(slot);
	}

	/** Expires, oldest first, every waiting request sent before `cutoffUs`. */
	expire(cutoffUs: number, onTimeout: ExpireHandler, stageCutoffUs?: Float64Array): void {
		const mask = this.mask;
		while (this.oldestSeq < this.nextSeq) {
			const slot = this.oldestSeq & mask;
			if (this.state[slot] === LIVE) {
				// With a drop time per stage (perfdhcp's second -d) an entry waits behind an older one of the
				// stage with the longer drop time: its timeout is counted late, never wrongly (answers are
				// judged by their own stage's drop time when they arrive, and the final sweep by every entry's).
				if (this.sentUs[slot]! > (stageCutoffUs === undefined ? cutoffUs : stageCutoffUs[this.stage[slot]!]!)) return;
				this.timeOut(slot, onTimeout);
			}
			this.oldestSeq++;
		}
	}

	/** Every waiting request sent before `cutoffUs`, wherever it is (the end-of-run sweep). */
	sweep(cutoffUs: number, onTimeout: ExpireHandler, stageCutoffUs?: Float64Array): void {
		for (let seq = this.oldestSeq; seq < this.nextSeq; seq++) {
			const slot = seq & this.mask;
			if (this.sentUs[slot]! <= (stageCutoffUs === undefined ? cutoffUs : stageCutoffUs[this.stage[slot]!]!)) this.timeOut(slot, onTimeout);
		}
	}

	private grow(): void {
		const old = { xids: this.xids, state: this.state, stage: this.stage, sentUs: this.sentUs, client: this.client, uncounted: this.uncounted, mask: this.mask };
		const capacity = this.capacity * 2;
		this.capacity = capacity;
		this.mask = capacity - 1;
		this.xids = new Uint32Array(capacity);
		this.state = new Uint8Array(capacity);
		this.stage = new Uint8Array(capacity);
		this.sentUs = new Float64Array(capacity);
		this.client = new Uint32Array(capacity);
		this.uncounted = new Uint8Array(capacity);
		// Entries older than the old capacity have been overwritten already; keep the rest in place by sequence.
		const from = Math.max(this.oldestSeq, this.nextSeq - old.mask - 1);
		for (let seq = from; seq < this.nextSeq; seq++) {
			const o = seq & old.mask;
			const n = seq & this.mask;
			this.xids[n] = old.xids[o]!;
			this.state[n] = old.state[o]!;
			this.stage[n] = old.stage[o]!;
			this.sentUs[n] = old.sentUs[o]!;
			this.client[n] = old.client[o]!;
			this.uncounted[n] = old.uncounted[o]!;
		}
	}
}
