/**
 * What the engine asks of the DHCPv4 and DHCPv6 exchange logic (exchange4.ts, exchange6.ts): start a new exchange,
 * a renew, a release, and classify each datagram that arrives. The engine owns pacing, the clock,
 * the in-flight table's expiry and the transport; the exchange logic owns the bytes.
 */
import type { Endpoint, Received, Transport } from '../transport/types.js';
import { ExchangeTally, type ExchangeDef } from './accounting.js';
import type { ClientPicker } from './clients.js';
import type { LifecycleActions } from './client-events.js';
import type { LeaseEvent } from './lease-book.js';
import { LIVE, TIMED_OUT, type InflightTable } from './inflight.js';

export interface ExchangeContext {
	transport: Transport;
	/** Where requests go (the server, or the broadcast / multicast address on-link). */
	to: Endpoint;
	table: InflightTable;
	clients: ClientPicker;
	/** µs since the engine's origin, from the monotonic clock. */
	nowUs(): number;
	/**
	 * µs since the engine's origin at which an answer arrived: when it was read, less the time it
	 * lay in the socket's queue when the transport knows it (Received.queuedUs). A generator
	 * behind on its reading must not report its own delay as the server's latency.
	 */
	arrivedUs(d: Received): number;
	dropUs: number;
	/** The REQUEST stage's drop time, µs (perfdhcp's second -d; else dropUs). */
	requestDropUs: number;
	/** Counted REQUESTs (after OFFER / ADVERTISE) this shard may send (its share of perfdhcp's second -n; else Infinity). */
	requestQuota: number;
	/**
	 * The seconds a new exchange says its client has waited: 0, or during perfdhcp's -Y/-y window
	 * the seconds since its start + 1, as if clients had waited that long (Kea
	 * src/bin/perfdhcp/test_control.cc sendDiscover4). DHCPv4 writes them in secs (RFC 2131 §2),
	 * DHCPv6 in the SOLICIT's Elapsed Time (RFC 8415 §21.9), as perfdhcp(8)'s usage examples
	 * describe; perfdhcp 2.2's own SOLICITs keep 0.
	 */
	startSecs(): number;
	/** Follow-up requests (REQUEST after OFFER / ADVERTISE) may be sent; false once the run has ended. */
	followUps: boolean;
	/** Called when a send is refused by the window or fails at once. */
	onSendRefused(): void;
	/** A request expecting an answer went out for the first time (the avalanche schedules its retransmission). */
	onRequest(slot: number): void;
	/** Requests are retransmitted (avalanche): keep what a retransmission needs. */
	retransmit: boolean;
}

/** What the exchange logic tells the client lifecycle (client-events.ts) of the answers it reads. */
export interface LeaseListener {
	/** An ACK granted `address`: `fresh` after a SELECTING REQUEST, else a renew or rebind answered; options 51, 58, 59 (−1 when absent). */
	onLease(client: number, address: number, server: number, leaseS: number, t1S: number, t2S: number, fresh: boolean): void;
	/** A renew or rebind was NAKed (DHCPv6: refused, or a confirm answered NotOnLink). */
	onLost(client: number): void;
}

/** --lifecycle: messages for a given client's lease, and where the answers are told. */
export interface ClientLifecycleLogic extends LifecycleActions {
	listener: LeaseListener | null;
}

export interface ExchangeLogic {
	/** The exchanges in report order; a request's `stage` is an index into this list. */
	readonly tallies: ExchangeTally[];
	/** The same for uncounted requests (-P, --warm-up): never reported (see {@link TallySets}). */
	readonly uncountedTallies: ExchangeTally[];
	/** Stage index of the renew and release exchanges, or -1 when the run has none. */
	readonly renewStage: number;
	readonly releaseStage: number;
	/** Leases granted and released since the engine last took them (-u, -x l: lease-book.ts); null when not asked. */
	readonly leaseEvents: LeaseEvent[] | null;
	/** DHCPv6 Rapid Commit SOLICITs the server answered with an ADVERTISE (counted rejected); absent in DHCPv4. */
	readonly rapidCommitDeclined?: number;
	/** --lifecycle's messages; absent without it. */
	readonly clientLifecycle?: ClientLifecycleLogic;
	/** Starts one new exchange (DISCOVER / SOLICIT), for the next client or for `client`; false when the transport refused it. */
	startExchange(uncounted: boolean, client?: number): boolean;
	/** Renews a lease from the pool; false when there is none yet or the send was refused. */
	renew(): boolean;
	release(): boolean;
	onReceive(datagram: Received): void;
	/** A waiting request timed out (or was evicted from a full table). */
	onTimeout(slot: number): void;
	/**
	 * Sends the waiting request in `slot` again, same transaction id, with its elapsed time
	 * brought up to date (RFC 2131 §2 `secs`, RFC 8415 §21.9 Elapsed Time); false when refused.
	 */
	resend(slot: number): boolean;
}

/**
 * --lifecycle: each client's last renew or rebind, by transaction id, so its retransmission goes
 * out under the same id while the request still waits (RFC 8415 §15: a retransmission keeps the
 * transaction id; the in-flight table may have moved the slot since). Once the request gave up
 * (-d) or was answered, a retry is a new request.
 */
export class ClientRequests {
	private readonly first: number;
	private readonly xids: Uint32Array;

	constructor(first: number, count: number) {
		this.first = first;
		this.xids = new Uint32Array(count);
	}

	note(client: number, xid: number): void {
		this.xids[client - this.first] = xid;
	}

	/** The slot of `client`'s request of `stage` while it still waits, else -1. */
	waiting(table: InflightTable, client: number, stage: number): number {
		const slot = table.lookup(this.xids[client - this.first]!);
		return slot >= 0 && table.state[slot] === LIVE && table.client[slot] === client && table.stage[slot] === stage ? slot : -1;
	}
}

/**
 * Buffers for outgoing datagrams, reused round-robin. A datagram the kernel could not take at
 * once stays queued in libuv with a reference to its buffer, so a template patched in place must
 * be copied out before it is sent; with more buffers than the send window has places, a buffer
 * comes round again only after its send completed (one socket's sends complete in order).
 */
export class SendRing {
	private readonly buffers: Buffer[];
	private next = 0;

	constructor(count: number, size: number) {
		this.buffers = Array.from({ length: count }, () => Buffer.allocUnsafe(size));
	}

	take(): Buffer {
		const b = this.buffers[this.next]!;
		this.next = this.next + 1 === this.buffers.length ? 0 : this.next + 1;
		return b;
	}
}

/**
 * The exchange logic's tallies in two sets: `counted`, which the run reports, and one that takes the
 * outcomes of uncounted requests (-P, --warm-up) and is never read. Uncounted requests run the
 * very code counted ones do, so a warm-up leaves the JIT with the measured run's own paths
 * compiled: a branch never taken during the warm-up (recording a latency, say) would be compiled
 * out and deoptimize at the measured run's first answers.
 */
export class TallySets {
	readonly counted: ExchangeTally[];
	readonly uncounted: ExchangeTally[];
	private readonly sets: ExchangeTally[][];

	constructor(defs: readonly ExchangeDef[]) {
		this.counted = defs.map((d) => new ExchangeTally(d));
		this.uncounted = defs.map((d) => new ExchangeTally(d));
		this.sets = [this.counted, this.uncounted];
	}

	/** The tally of `stage` for a new request, counted or not. */
	of(uncounted: boolean, stage: number): ExchangeTally {
		return this.sets[uncounted ? 1 : 0]![stage]!;
	}

	/** The tally of `stage` for the request in `slot`, counted or not as it was started. */
	ofSlot(table: InflightTable, slot: number, stage: number): ExchangeTally {
		return this.sets[table.uncounted[slot]!]![stage]!;
	}
}

/**
 * An answer that came after its drop time is a timeout answered late (snapshot.ts: `late` is part
 * of `timeouts`), never an ok. Settles such an answer and returns true; returns false, touching
 * nothing, for an answer in time. Both families apply this one rule.
 */
export function settleLateAnswer(table: InflightTable, slot: number, tally: ExchangeTally, latencyUs: number, dropUs: number): boolean {
	const state = table.state[slot]!;
	if (state !== TIMED_OUT && latencyUs <= dropUs) return false;
	if (state === LIVE) tally.onTimeout();
	tally.late++;
	table.complete(slot);
	return true;
}
