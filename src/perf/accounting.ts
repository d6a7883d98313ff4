/**
 * The counters and latency histograms of one exchange type, and the rules that keep them true:
 * every request ends in exactly one of ok / rejected / timeouts, or is still in flight, so
 * `sent = ok + rejected + timeouts + inFlight` (ExchangeCounters). A NAK is `rejected`, not a drop; a
 * DHCPv4 RELEASE expects no reply (RFC 2131 §4.4.6) and is only ever `sent`; an answer after the
 * drop time is `late` (and stays a timeout); an unknown transaction id is an orphan of the
 * exchange its message type belongs to. perfdhcp counts a NAK as a drop and matches a reply on its xid alone (Kea src/bin/perfdhcp/receiver.cc, stats_mgr.h).
 */
import { addBucketCounts, bucketCounts, newHistogram, recordUs, type BucketCounts, type Histogram, type LatencySummary } from '../stats/latency.js';
import { fastSummary } from './summary.js';

/**
 * What happened to the requests of one exchange type. Every request ends in exactly one of
 * ok / rejected / timeouts, or is still in flight, so `sent = ok + rejected + timeouts + inFlight`
 * always holds. `late` counts answers that arrived after their request had already timed out
 * (they are part of `timeouts`, not of `ok`); orphans and malformed are datagrams that matched
 * no request at all, duplicates a second answer to a request already answered. `sent` counts
 * requests, not transmissions: a retransmission (avalanche scenario) is counted in `retransmits`.
 */
export interface ExchangeCounters {
	sent: number;
	/** Answered with the expected positive reply (OFFER, ACK, ADVERTISE, REPLY with the IA). */
	ok: number;
	/** Answered negatively: NAK, a DHCPv6 failure status, or an ADVERTISE/REPLY missing the asked IA. */
	rejected: number;
	/** No answer within the drop time (`-d`). */
	timeouts: number;
	/** Answers that came after their request had timed out. */
	late: number;
	/** Replies whose transaction id matches no request of this exchange. */
	orphans: number;
	/** Answers to a request that already had its answer (the server answered a retransmission too, or twice). */
	duplicates: number;
	/** Replies that did not decode. */
	malformed: number;
	/** Transmissions after a request's first (avalanche: RFC 8415 §15 timeouts); 0 in the basic scenario. */
	retransmits: number;
	/** Requests still waiting for an answer when the snapshot was taken. */
	inFlight: number;
}

/** Exchange names: v4 `DO`, `RA`, `renew`, `release`; v6 `SA`, `RR`, `renew`, `release`; with --lifecycle `rebind`, `decline`, `inform`, and v6 `confirm`. */
export type ExchangeName = 'DO' | 'RA' | 'SA' | 'RR' | 'renew' | 'release' | 'rebind' | 'decline' | 'inform' | 'confirm';

export interface ExchangeDef {
	name: ExchangeName;
	label: string;
	expectsReply: boolean;
}

export const EXCHANGES4: Record<'DO' | 'RA' | 'renew' | 'release' | 'rebind' | 'decline' | 'inform', ExchangeDef> = {
	DO: { name: 'DO', label: 'DISCOVER-OFFER', expectsReply: true },
	RA: { name: 'RA', label: 'REQUEST-ACK', expectsReply: true },
	renew: { name: 'renew', label: 'REQUEST-ACK (renew)', expectsReply: true },
	// RFC 2131 §4.4.6: the server sends no reply to a DHCPRELEASE.
	release: { name: 'release', label: 'RELEASE', expectsReply: false },
	// RFC 2131 §4.4.5: REBINDING, a broadcast REQUEST with ciaddr to any server, after T2.
	rebind: { name: 'rebind', label: 'REQUEST-ACK (rebind)', expectsReply: true },
	// RFC 2131 §4.3.3: the server sends no reply to a DHCPDECLINE.
	decline: { name: 'decline', label: 'DECLINE', expectsReply: false },
	// RFC 2131 §4.3.5: the server answers a DHCPINFORM with a DHCPACK (no lease).
	inform: { name: 'inform', label: 'INFORM-ACK', expectsReply: true },
};

export const EXCHANGES6: Record<'SA' | 'RR' | 'renew' | 'release' | 'rebind' | 'decline' | 'inform' | 'confirm', ExchangeDef> = {
	SA: { name: 'SA', label: 'SOLICIT-ADVERTISE', expectsReply: true },
	RR: { name: 'RR', label: 'REQUEST-REPLY', expectsReply: true },
	renew: { name: 'renew', label: 'RENEW-REPLY', expectsReply: true },
	// RFC 8415 §18.3.7: the server answers a RELEASE with a REPLY.
	release: { name: 'release', label: 'RELEASE-REPLY', expectsReply: true },
	// RFC 8415 §18.2.5, §18.3.5: REBIND to any server after T2, answered with a REPLY.
	rebind: { name: 'rebind', label: 'REBIND-REPLY', expectsReply: true },
	// RFC 8415 §18.3.8: the server answers a DECLINE with a REPLY (unlike DHCPv4's).
	decline: { name: 'decline', label: 'DECLINE-REPLY', expectsReply: true },
	// RFC 8415 §18.2.6, §18.3.6: configuration without a lease.
	inform: { name: 'inform', label: 'INFORMATION-REQUEST-REPLY', expectsReply: true },
	// RFC 8415 §18.2.3, §18.3.3: are the client's addresses on its link? Success or NotOnLink.
	confirm: { name: 'confirm', label: 'CONFIRM-REPLY', expectsReply: true },
};

export function emptyCounters(): ExchangeCounters {
	return { sent: 0, ok: 0, rejected: 0, timeouts: 0, late: 0, orphans: 0, duplicates: 0, malformed: 0, retransmits: 0, inFlight: 0 };
}

/** One exchange's tallies in one engine: cumulative counters, and the latency since the last collection. */
export class ExchangeTally {
	readonly def: ExchangeDef;
	sent = 0;
	ok = 0;
	rejected = 0;
	timeouts = 0;
	late = 0;
	orphans = 0;
	duplicates = 0;
	malformed = 0;
	retransmits = 0;
	inFlight = 0;
	/** Latency of ok answers since the last {@link takeInterval}. */
	readonly interval: Histogram = newHistogram();

	constructor(def: ExchangeDef) {
		this.def = def;
	}

	onSent(): void {
		this.sent++;
		if (this.def.expectsReply) this.inFlight++;
	}

	onOk(latencyUs: number): void {
		this.ok++;
		this.inFlight--;
		recordUs(this.interval, latencyUs);
	}

	onRejected(): void {
		this.rejected++;
		this.inFlight--;
	}

	onTimeout(): void {
		this.timeouts++;
		this.inFlight--;
	}

	counters(): ExchangeCounters {
		return {
			sent: this.sent,
			ok: this.ok,
			rejected: this.rejected,
			timeouts: this.timeouts,
			late: this.late,
			orphans: this.orphans,
			duplicates: this.duplicates,
			malformed: this.malformed,
			retransmits: this.retransmits,
			inFlight: this.inFlight,
		};
	}

	/**
	 * Hands over the interval's latencies as their non-zero buckets and clears the histogram in
	 * place: no new 70 KB histogram per collection, and what travels is a few hundred numbers.
	 */
	takeInterval(): BucketCounts {
		const b = bucketCounts(this.interval);
		if (this.interval.totalCount > 0) this.interval.reset();
		return b;
	}
}

/** Adds `b` into `a`. */
export function addCounters(a: ExchangeCounters, b: ExchangeCounters): void {
	a.sent += b.sent;
	a.ok += b.ok;
	a.rejected += b.rejected;
	a.timeouts += b.timeouts;
	a.late += b.late;
	a.orphans += b.orphans;
	a.duplicates += b.duplicates;
	a.malformed += b.malformed;
	a.retransmits += b.retransmits;
	a.inFlight += b.inFlight;
}

/**
 * The accounting identity, for an exchange that expects replies: every request sent is ok,
 * rejected, timed out or still in flight. An exchange without replies (v4 RELEASE) is only sent.
 */
export function identityHolds(c: ExchangeCounters, expectsReply: boolean): boolean {
	if (!expectsReply) return c.ok === 0 && c.rejected === 0 && c.timeouts === 0 && c.inFlight === 0;
	return c.sent === c.ok + c.rejected + c.timeouts + c.inFlight && c.inFlight >= 0;
}

/** Whole-run and interval latency of one exchange, kept by the coordinator from the engines' interval histograms. */
export class LatencyRecord {
	readonly total: Histogram = newHistogram();
	interval: Histogram = newHistogram();

	add(b: BucketCounts): void {
		addBucketCounts(this.total, b);
		addBucketCounts(this.interval, b);
	}

	summary(): LatencySummary {
		return fastSummary(this.total);
	}

	intervalSummary(): LatencySummary {
		return fastSummary(this.interval);
	}

	resetInterval(): void {
		this.interval.reset();
	}
}
