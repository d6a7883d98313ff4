/**
 * The run as the sum of its shards: each collection's partials (cumulative counters, the
 * interval's latency buckets) merged into run-wide counters and latency records. Pure: no clock,
 * no I/O, so the merge is tested with made-up partials.
 */
import { addBucketCounts, newHistogram, type Histogram } from '../stats/latency.js';
import { addCounters, emptyCounters, LatencyRecord, type ExchangeDef } from './accounting.js';
import type { ShardPartial } from './engine.js';
import { LeaseBook } from './lease-book.js';
import type { ExchangeCounters } from './accounting.js';
import { finalExchange, outcomes } from './verdict.js';
import type { Drops } from './lifecycle.js';

export class RunAggregate {
	readonly defs: readonly ExchangeDef[];
	/** Index of the exchange whose ok answers complete an exchange (REQUEST-ACK / REQUEST-REPLY; 0 when 2-way). */
	readonly finalIndex: number;
	/** Cumulative counters, one per exchange (replaced at each merge: the shards' are cumulative). */
	counters: ExchangeCounters[];
	readonly latency: LatencyRecord[];
	/** Every exchange's ok latencies together, for the histogram display. */
	readonly all: Histogram = newHistogram();
	sendErrors = 0;
	/** Seconds of sending, the longest of the shards'. */
	sendingS = 0;
	warmUpStarted = 0;
	skipped = 0;
	/** Longest stall of a sending loop while it was sending, ms. */
	maxStallMs = 0;
	/** The shards' peaks of requests in flight, added up: never below the run's own peak, and equal to it with one shard. */
	peakInFlight = 0;
	/** New exchanges admission control held back, every shard together. */
	heldBack = 0;
	/** Some shard's admission control is holding back now. */
	admissionLimiting = false;
	/** Longest an answer lay unread in a shard's socket over the run, ms; −1 while no answer carried an arrival stamp. */
	maxQueuedMs = -1;
	/** Some shard is still in its warm-up. */
	warming = false;
	/** Every shard has stopped sending (-p, -n, the avalanche's end, or stopSending). */
	doneSending = false;
	/** The first capture write that failed, named; null while none has. */
	pcapError: string | null = null;
	/** DHCPv6 Rapid Commit SOLICITs answered with an ADVERTISE, every shard together. */
	rapidCommitDeclined = 0;
	/** Lifecycle clients that started over, every shard together (not new exchanges: see `started`). */
	restarts = 0;
	/** Datagrams the kernel took, every shard together. */
	onWire = 0;
	/** Who holds which address, every shard together (-u, -x l; empty otherwise). */
	readonly leases = new LeaseBook();
	/** A send the kernel refused (the last one seen), or null. */
	sendFailure: ShardPartial['sendFailure'] = null;
	// The warm-up's latencies take the same merges and summaries into records nobody reads, so
	// that code is compiled when the measured run begins (engine.ts, ShardPartial.warmHistograms).
	private readonly warmLatency: LatencyRecord[];
	private readonly warmAll: Histogram = newHistogram();

	constructor(defs: readonly ExchangeDef[]) {
		this.defs = defs;
		this.finalIndex = defs.indexOf(finalExchange(defs)!);
		this.counters = defs.map(() => emptyCounters());
		this.latency = defs.map(() => new LatencyRecord());
		this.warmLatency = defs.map(() => new LatencyRecord());
	}

	merge(partials: readonly ShardPartial[]): void {
		const next = this.defs.map(() => emptyCounters());
		let errors = 0;
		for (const p of partials) {
			if (p.leaseEvents.length > 0) this.leases.apply(p.leaseEvents);
			p.counters.forEach((cnt, i) => addCounters(next[i]!, cnt));
			p.histograms.forEach((b, i) => {
				this.latency[i]!.add(b);
				addBucketCounts(this.all, b);
			});
			p.warmHistograms.forEach((b, i) => {
				const w = this.warmLatency[i]!;
				w.add(b);
				addBucketCounts(this.warmAll, b);
				w.intervalSummary();
				w.resetInterval();
			});
			errors += p.sendErrors;
		}
		this.sendingS = Math.max(...partials.map((p) => p.sendingS));
		this.warmUpStarted = partials.reduce((n, p) => n + p.warmUpStarted, 0);
		this.skipped = partials.reduce((n, p) => n + p.skipped, 0);
		this.peakInFlight = partials.reduce((n, p) => n + p.peakInFlight, 0);
		this.heldBack = partials.reduce((n, p) => n + p.heldBack, 0);
		this.admissionLimiting = partials.some((p) => p.admissionLimiting);
		for (const p of partials) if (p.maxQueuedMs > this.maxQueuedMs) this.maxQueuedMs = p.maxQueuedMs;
		for (const p of partials) if (p.sendingS > 0 && p.maxStallMs > this.maxStallMs && p.doneSending === false) this.maxStallMs = p.maxStallMs;
		this.warming = partials.some((p) => p.warming);
		this.doneSending = partials.every((p) => p.doneSending);
		this.pcapError ??= partials.find((p) => p.pcapError !== null)?.pcapError ?? null;
		this.onWire = partials.reduce((n, p) => n + p.onWire, 0);
		this.rapidCommitDeclined = partials.reduce((n, p) => n + p.rapidCommitDeclined, 0);
		this.restarts = partials.reduce((n, p) => n + p.restarts, 0);
		this.sendFailure = partials.find((p) => p.sendFailure !== null)?.sendFailure ?? this.sendFailure;
		this.counters = next;
		this.sendErrors = errors;
	}

	drops(): Drops {
		return dropsOf(this.counters.filter((_, i) => this.defs[i]!.expectsReply));
	}

	/** The first stage's drops and the REQUEST stage's (RA / RR), for perfdhcp's second -n / -D; null without a REQUEST stage. */
	stageDrops(): { first: Drops; request: Drops } | null {
		const request = this.defs.findIndex((d) => d.name === 'RA' || d.name === 'RR');
		return request < 0 ? null : { first: dropsOf([this.counters[0]!]), request: dropsOf([this.counters[request]!]) };
	}

	inFlight(): number {
		return this.counters.reduce((n, x) => n + x.inFlight, 0);
	}

	/** New exchanges started (the first stage's requests, less the lifecycle's clients starting over). */
	get started(): number {
		return this.counters[0]!.sent - this.restarts;
	}

	/** Exchanges completed (the final stage's ok answers). */
	get completed(): number {
		return this.counters[this.finalIndex]!.ok;
	}

	resetIntervals(): void {
		for (const l of this.latency) l.resetInterval();
	}
}

function dropsOf(replying: readonly ExchangeCounters[]): Drops {
	const { timeouts, settled } = outcomes(replying);
	return { timeouts, settled, sent: replying.reduce((n, x) => n + x.sent, 0) };
}
