/**
 * Simulated clients that live through their leases (`--lifecycle`, issue #25): after its ACK
 * (DHCPv4) or REPLY (DHCPv6) a client renews at T1 (a RENEWING REQUEST with ciaddr, RFC 2131
 * §4.4.5; a RENEW to the server that gave the lease, RFC 8415 §18.2.4), rebinds at T2 when the
 * renew was not answered (a REBINDING REQUEST; a REBIND to any server, §18.2.5), loses its lease
 * at its end (then it starts over with a new DISCOVER / SOLICIT), and releases it when it leaves (a hold time drawn from an exponential distribution
 * of mean `holdS`). A fraction declines the address it was given (RFC 2131 §4.4.1, RFC 8415
 * §18.2.8: the client finds the address in use), a fraction asks for its configuration alone (an
 * INFORM, RFC 2131 §4.4.3; a declining client starts over ten seconds later, §3.1; an INFORMATION-REQUEST, RFC 8415 §18.2.6), and in DHCPv6 a fraction
 * "moves links" halfway to T1 and sends a CONFIRM (§18.2.3). The exchange logic hands over T1, T2
 * and the lease's length (DHCPv4: options 58, 59, 51; DHCPv6: the IAs', RFC 8415 §21.4); every
 * duration is divided by `timeScale`, so a 4000 s lease behaves like a 4 s one at 1000.
 *
 * A renew or rebind not answered is sent again as the client's RFC says, until T2 (renew) or the
 * lease's end (rebind): DHCPv4 after half the time left, at least 60 s (RFC 2131 §4.4.5); DHCPv6
 * after REN_TIMEOUT / REB_TIMEOUT (10 s) doubling up to REN_MAX_RT / REB_MAX_RT (600 s), each ±10 %
 * (RFC 8415 §7.6, §15, §18.2.4, §18.2.5), every one scaled by `timeScale` too. At the lease's end,
 * or when a renew, rebind or confirm is refused (a NAK, RFC 2131 §4.4.5; a failure status or
 * NotOnLink, RFC 8415 §18.2.10.1), the client is back in INIT and starts over at once.
 *
 * Pure (a clock value in, actions out): no client has a timer of its own. Each client's next event
 * sits in one binary min-heap on typed arrays, so a million clients are a few tens of MB and a
 * turn of the engine's loop costs O(log n) per event due. An event carries the client's
 * generation; a new lease, a NAK or a departure moves the generation on, so an event made stale
 * (the rebind after a renew that was answered) is dropped when it comes up instead of searched for.
 */
import { mulberry32 } from '../prng.js';
import { initialTimeoutUs, nextTimeoutUs } from './retransmit.js';

/** What a client's next event is. */
export const RENEW = 0;
export const REBIND = 1;
export const EXPIRE = 2;
export const LEAVE = 3;
/** The renew (rebind) sent again: no answer came in its retransmission time. */
export const RENEW_AGAIN = 4;
export const REBIND_AGAIN = 5;
export const CONFIRM = 6;
/** Back in INIT after its lease ended or was refused: the client starts over. */
export const RESTART = 7;

/**
 * The messages a client sends; each returns false when the send was refused (counted by the
 * exchange logic). `address` and `server` are DHCPv4's (the DHCPv6 logic keeps each client's REPLY
 * and ignores them). `again`: a retransmission of the client's renew or rebind, sent with the
 * same transaction id while that request waits (RFC 8415 §15), else as a new request.
 */
export interface LifecycleActions {
	renew(client: number, address: number, again: boolean): boolean;
	rebind(client: number, address: number, again: boolean): boolean;
	release(client: number, address: number, server: number): boolean;
	decline(client: number, address: number, server: number): boolean;
	inform(client: number, address: number): boolean;
	/** DHCPv6 only (RFC 8415 §18.2.3); the DHCPv4 logic has none (settings.ts refuses --confirm-pct). */
	confirm?(client: number): boolean;
	/** A new DISCOVER / SOLICIT from this client, which has no lease (a new exchange of the run). */
	restart(client: number): boolean;
}

/** How a renew or rebind not answered is retried: RFC 2131 §4.4.5 (DHCPv4) or RFC 8415 §15 (DHCPv6). */
export type RetryRules = 'rfc2131' | 'rfc8415';

/** RFC 2131 §4.4.5: retransmit after half the time left, "down to a minimum of 60 seconds". */
const V4_MIN_RETRY_S = 60;
/** RFC 8415 §7.6: REN_TIMEOUT and REB_TIMEOUT 10 s, REN_MAX_RT and REB_MAX_RT 600 s (renew and rebind alike). */
const V6_RETRY_IRT_S = 10;
const V6_RETRY_MRT_S = 600;

/** RFC 2131 §3.1 step 5: after a DECLINE the client waits at least ten seconds before it starts over. */
const DECLINE_WAIT_S = 10;

/** A min-heap of (due time, client, kind, generation) on growable typed arrays. */
export class EventHeap {
	private due = new Float64Array(1024);
	private clients = new Uint32Array(1024);
	private kinds = new Uint8Array(1024);
	private gens = new Uint32Array(1024);
	size = 0;
	/** The fields of the event {@link pop} took. */
	topDue = 0;
	topClient = 0;
	topKind = 0;
	topGen = 0;

	/** The earliest due time, Infinity when empty. */
	peekDue(): number {
		return this.size === 0 ? Infinity : this.due[0]!;
	}

	push(dueS: number, client: number, kind: number, gen: number): void {
		if (this.size === this.due.length) this.grow();
		let i = this.size++;
		// Sift up: move parents down until the new event's place is found.
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (this.due[p]! <= dueS) break;
			this.move(p, i);
			i = p;
		}
		this.set(i, dueS, client, kind, gen);
	}

	/** Takes the earliest event into the `top…` fields; false when empty. */
	pop(): boolean {
		if (this.size === 0) return false;
		this.topDue = this.due[0]!;
		this.topClient = this.clients[0]!;
		this.topKind = this.kinds[0]!;
		this.topGen = this.gens[0]!;
		const last = --this.size;
		if (last === 0) return true;
		const d = this.due[last]!;
		const c = this.clients[last]!;
		const k = this.kinds[last]!;
		const g = this.gens[last]!;
		let i = 0;
		// Sift down the last event from the root.
		for (;;) {
			let child = 2 * i + 1;
			if (child >= last) break;
			if (child + 1 < last && this.due[child + 1]! < this.due[child]!) child++;
			if (this.due[child]! >= d) break;
			this.move(child, i);
			i = child;
		}
		this.set(i, d, c, k, g);
		return true;
	}

	private move(from: number, to: number): void {
		this.set(to, this.due[from]!, this.clients[from]!, this.kinds[from]!, this.gens[from]!);
	}

	private set(i: number, d: number, c: number, k: number, g: number): void {
		this.due[i] = d;
		this.clients[i] = c;
		this.kinds[i] = k;
		this.gens[i] = g;
	}

	private grow(): void {
		const n = this.due.length * 2;
		const due = new Float64Array(n);
		due.set(this.due);
		const clients = new Uint32Array(n);
		clients.set(this.clients);
		const kinds = new Uint8Array(n);
		kinds.set(this.kinds);
		const gens = new Uint32Array(n);
		gens.set(this.gens);
		this.due = due;
		this.clients = clients;
		this.kinds = kinds;
		this.gens = gens;
	}
}

export interface ClientLifecycleOptions {
	/** The shard's clients: indexes first … first + count − 1. */
	first: number;
	count: number;
	/** Durations (lease, T1, T2, hold) are divided by this. */
	timeScale: number;
	/** Mean time a client keeps its address before it releases it (s, before scaling); null: clients never leave. */
	holdS: number | null;
	/** % of new leases declined at once, % of new leases followed by an INFORM. */
	declinePct: number;
	informPct: number;
	/** % of new leases whose client moves links and confirms them (DHCPv6); 0 when absent. */
	confirmPct?: number;
	/** How renews and rebinds are retried; DHCPv4's by default. */
	retry?: RetryRules;
	seed: number;
}

/** What the clients did, for tests and the shape. */
export interface LifecycleCounts {
	leases: number;
	renews: number;
	/** Clients that started over (lease ended, refused, or declined) whose DISCOVER / SOLICIT went out. */
	restarts: number;
	rebinds: number;
	expired: number;
	releases: number;
	declines: number;
	informs: number;
	/** Renews and rebinds sent again (RENEW_AGAIN, REBIND_AGAIN). */
	renewRetries: number;
	rebindRetries: number;
	confirms: number;
}

export class ClientLifecycles {
	private readonly o: ClientLifecycleOptions;
	private readonly actions: LifecycleActions;
	private readonly heap = new EventHeap();
	private readonly random: () => number;
	/** Per client of the shard (index − first). */
	private readonly gen: Uint32Array;
	private readonly address: Uint32Array;
	private readonly server: Uint32Array;
	private readonly t2At: Float64Array;
	private readonly endAt: Float64Array;
	private readonly leaveAt: Float64Array;
	/** DHCPv6: the renew's or rebind's current retransmission timeout, s before scaling (RFC 8415 §15 RT). */
	private readonly rt: Float64Array;
	/**
	 * 1 while the client holds a lease. An answer to a renew, rebind or confirm still in flight when
	 * the client left, or when its lease ended, belongs to a lease it no longer has: it must not
	 * bring the client back (a second RELEASE for an address the server has already freed, or a
	 * departed client starting over).
	 */
	private readonly holding: Uint8Array;
	readonly counts: LifecycleCounts = { leases: 0, renews: 0, restarts: 0, rebinds: 0, expired: 0, releases: 0, declines: 0, informs: 0, renewRetries: 0, rebindRetries: 0, confirms: 0 };

	constructor(o: ClientLifecycleOptions, actions: LifecycleActions) {
		this.o = o;
		this.actions = actions;
		this.random = mulberry32(o.seed ^ 0x5bd1e995);
		this.gen = new Uint32Array(o.count);
		this.address = new Uint32Array(o.count);
		this.server = new Uint32Array(o.count);
		this.t2At = new Float64Array(o.count);
		this.endAt = new Float64Array(o.count);
		this.leaveAt = new Float64Array(o.count);
		this.rt = new Float64Array(o.retry === 'rfc8415' ? o.count : 0);
		this.holding = new Uint8Array(o.count);
	}

	/** Events waiting (stale ones included). */
	get pending(): number {
		return this.heap.size;
	}

	/** When the next event is due (s of the caller's clock), Infinity when none. */
	nextDueS(): number {
		return this.heap.peekDue();
	}

	/**
	 * Client `client` was ACKed `address` by `server` at `nowS`: `fresh` for a new lease (after
	 * its SELECTING REQUEST), else a renew or rebind answered. `leaseS` is option 51 (−1 when
	 * absent), `t1S` and `t2S` options 58 and 59 (−1 when absent), all unscaled.
	 */
	onLease(client: number, address: number, server: number, leaseS: number, t1S: number, t2S: number, fresh: boolean, nowS: number): void {
		const k = client - this.o.first;
		if (k < 0 || k >= this.o.count) return;
		if (!fresh && this.holding[k] === 0) return;
		const gen = ++this.gen[k]!;
		if (fresh) {
			this.counts.leases++;
			this.holding[k] = 1;
			if (this.chance(this.o.declinePct)) {
				// RFC 2131 §4.4.1: the client declines the address and holds no lease. It starts over
				// after DECLINE_WAIT_S (§3.1 step 5: "a minimum of ten seconds ... to avoid excessive
				// network traffic in case of looping"); DHCPv6 clients here wait as long.
				this.counts.declines++;
				this.holding[k] = 0;
				this.actions.decline(client, address, server);
				this.heap.push(nowS + DECLINE_WAIT_S / this.o.timeScale, client, RESTART, gen);
				return;
			}
			if (this.chance(this.o.informPct)) {
				this.counts.informs++;
				this.actions.inform(client, address);
			}
			this.leaveAt[k] = this.o.holdS === null ? Infinity : nowS + (-Math.log(1 - this.random()) * this.o.holdS) / this.o.timeScale;
		}
		this.address[k] = address;
		this.server[k] = server;
		const scale = this.o.timeScale;
		// Option 51 absent or 0xffffffff (infinite, RFC 2132 §9.2): the lease never ends, so no renew.
		const lease = leaseS < 0 || leaseS === 0xffffffff ? Infinity : leaseS;
		// RFC 2131 §4.4.5: T1 defaults to 0.5 × the lease, T2 to 0.875 ×; never past the lease's end.
		const t2 = Math.min(t2S >= 0 ? t2S : 0.875 * lease, lease);
		const t1 = Math.min(t1S >= 0 ? t1S : 0.5 * lease, t2);
		this.t2At[k] = nowS + t2 / scale;
		this.endAt[k] = nowS + lease / scale;
		this.next(k, gen, nowS + t1 / scale, RENEW);
		// RFC 8415 §18.2.3: a client that may have moved to another link confirms its addresses;
		// here it "moves" halfway to T1. A departure first voids it (the generation moves on).
		if (fresh && this.chance(this.o.confirmPct ?? 0)) this.heap.push(nowS + t1 / 2 / scale, client, CONFIRM, gen);
	}

	/**
	 * The server refused the client's renew, rebind or confirm (at `nowS`): it is back in INIT
	 * (RFC 2131 §4.4.5, RFC 8415 §18.2.10.1), has no lease, and starts over. Called while the
	 * exchange logic reads an answer, so the new DISCOVER / SOLICIT waits for the next
	 * {@link runDue} instead of being sent from inside that read.
	 */
	onLost(client: number, nowS: number): void {
		const k = client - this.o.first;
		if (k < 0 || k >= this.o.count || this.holding[k] === 0) return;
		this.holding[k] = 0;
		const gen = ++this.gen[k]!;
		this.heap.push(nowS, client, RESTART, gen);
	}

	/** Sends every event due at `nowS`; returns how many messages went out. */
	runDue(nowS: number): number {
		const heap = this.heap;
		let sent = 0;
		while (heap.peekDue() <= nowS) {
			heap.pop();
			const client = heap.topClient;
			const k = client - this.o.first;
			const gen = this.gen[k]!;
			if (heap.topGen !== gen) continue;
			const address = this.address[k]!;
			// Retransmissions are timed from when the message went out (RFC 8415 §15), which is this
			// turn of the loop: an event may be served up to a turn after its due time.
			const at = nowS > heap.topDue ? nowS : heap.topDue;
			switch (heap.topKind) {
				case RENEW:
				case RENEW_AGAIN:
				case REBIND:
				case REBIND_AGAIN: {
					const kind = heap.topKind;
					const again = kind === RENEW_AGAIN || kind === REBIND_AGAIN;
					const renewing = kind === RENEW || kind === RENEW_AGAIN;
					if (renewing) {
						if (again) this.counts.renewRetries++;
						else this.counts.renews++;
						this.actions.renew(client, address, again);
						// A renew is retried until T2, then the client rebinds.
						this.retry(k, gen, at, again, this.t2At[k]!, RENEW_AGAIN, REBIND);
					} else {
						if (again) this.counts.rebindRetries++;
						else this.counts.rebinds++;
						this.actions.rebind(client, address, again);
						// A rebind is retried until the lease ends.
						this.retry(k, gen, at, again, this.endAt[k]!, REBIND_AGAIN, EXPIRE);
					}
					sent++;
					break;
				}
				case CONFIRM:
					this.counts.confirms++;
					this.actions.confirm?.(client);
					sent++;
					break;
				case EXPIRE:
					// RFC 2131 §4.4.5, RFC 8415 §18.2.5: at the lease's end the client stops using the address, and starts over.
					this.counts.expired++;
					this.holding[k] = 0;
					this.gen[k]!++;
					if (this.actions.restart(client)) this.counts.restarts++;
					sent++;
					break;
				case RESTART:
					this.gen[k]!++;
					if (this.actions.restart(client)) this.counts.restarts++;
					sent++;
					break;
				default:
					this.counts.releases++;
					this.holding[k] = 0;
					this.actions.release(client, address, this.server[k]!);
					this.gen[k]!++;
					sent++;
			}
		}
		return sent;
	}

	/**
	 * After a renew (rebind) sent at `atS`: its retransmission, when that comes before `limitS` (T2,
	 * the lease's end), else `limitKind` at `limitS`. `again`: `atS`'s was a retransmission already.
	 */
	private retry(k: number, gen: number, atS: number, again: boolean, limitS: number, againKind: number, limitKind: number): void {
		const scale = this.o.timeScale;
		let retryS: number;
		if (this.o.retry === 'rfc8415') {
			// RFC 8415 §15: RT = IRT ± 10 % first, then 2·RT ± 10 % up to MRT ± 10 %; MRD is the limit.
			const rt = again ? nextTimeoutUs(this.rt[k]!, this.random, V6_RETRY_MRT_S) : initialTimeoutUs(this.random, V6_RETRY_IRT_S);
			this.rt[k] = rt;
			retryS = atS + rt / scale;
		} else {
			// RFC 2131 §4.4.5: half the remaining time to T2 (the lease's end), at least 60 s.
			retryS = atS + Math.max(V4_MIN_RETRY_S / scale, (limitS - atS) / 2);
		}
		if (retryS < limitS) this.next(k, gen, retryS, againKind);
		else this.next(k, gen, limitS, limitKind);
	}

	/** Schedules `kind` at `atS`, or the departure when the client leaves first. */
	private next(k: number, gen: number, atS: number, kind: number): void {
		const leave = this.leaveAt[k]!;
		if (leave <= atS) this.heap.push(leave, k + this.o.first, LEAVE, gen);
		else if (atS !== Infinity) this.heap.push(atS, k + this.o.first, kind, gen);
	}

	private chance(pct: number): boolean {
		return pct > 0 && this.random() * 100 < pct;
	}
}
