/**
 * One request/reply exchange as a probe does it: send, wait, retransmit with exponential backoff
 * (RFC 2131 §4.1: the wait doubles with each retransmission; RFC 8415 §15 likewise for v6), and
 * either return on the first reply that answers us or, with `wait`, collect every answer until
 * the time is up (rogue-server detection needs every OFFER, not the first).
 *
 * The engine knows nothing about DHCP: `classify` decides whether a datagram answers this request
 * (matched on transaction id *and* client identity *and* expected message type by the caller), so
 * the same engine runs DHCPv4 and DHCPv6 exchanges.
 */
import { registerStatusProvider } from '../log/index.js';
import type { Endpoint, Received, Transport } from '../transport/types.js';

/**
 * The classes of datagrams that answer nothing of ours, counted apart (a probe's JSON
 * `ignoredBy`): too short or not the protocol, a client's request, another transaction, another
 * client, undecodable, a type not expected at this step, a copy of an answer already taken.
 */
export type IgnoredClass = 'not-dhcp' | 'request' | 'other-xid' | 'other-client' | 'malformed' | 'unexpected-type' | 'duplicate';

/** Datagrams ignored, by class. */
export type IgnoredCounts = Partial<Record<IgnoredClass, number>>;

export type Classification<R> =
	| { kind: 'reply'; reply: R }
	/** A datagram that is not an answer to this request, its class, and why (wrong xid, wrong client, not DHCP…). */
	| { kind: 'ignored'; class: IgnoredClass; reason: string };

export interface ExchangeOptions<R> {
	transport: Transport;
	to: Endpoint;
	/** The request bytes for attempt 1, 2, …; retransmissions keep the transaction id (RFC 2131 §4.1). */
	request(attempt: number): Uint8Array;
	classify(datagram: Received): Classification<R>;
	/** Number of transmissions (≥ 1). */
	tries: number;
	/** Wait after the first transmission, in ms; doubled after each retransmission. */
	timeoutMs: number;
	/** Collect every reply until the last wait ends, instead of returning on the first. */
	wait?: boolean;
	/** Stops early (e.g. on a NAK, or once every allowed server answered). */
	done?(replies: readonly ReplyRecord<R>[]): boolean;
	/** Called for each ignored datagram (the caller counts and logs it). */
	onIgnored?(datagram: Received, reason: string, cls: IgnoredClass): void;
	/** Called after each transmission. */
	onSent?(attempt: number, bytes: Uint8Array): void;
	/** Aborts the exchange (SIGINT): resolves with what was collected so far. */
	signal?: AbortSignal;
}

export interface ReplyRecord<R> {
	reply: R;
	from: Endpoint;
	/** µs from the latest transmission before the reply to its arrival (monotonic clock). */
	latencyUs: number;
	/** The transmission the reply followed (1-based). */
	attempt: number;
	rxNs: bigint;
	payload: Buffer;
}

export interface ExchangeResult<R> {
	replies: ReplyRecord<R>[];
	/** Transmissions made. */
	attempts: number;
	ignored: number;
	/** Why the exchange ended. */
	ended: 'replied' | 'done' | 'timeout' | 'aborted';
}

export async function exchange<R>(options: ExchangeOptions<R>): Promise<ExchangeResult<R>> {
	const { transport, tries, signal } = options;
	if (tries < 1) throw new RangeError('tries must be at least 1');
	const replies: ReplyRecord<R>[] = [];
	let ignored = 0;
	let attempt = 0;
	let lastSentNs = 0n;
	let finish: (ended: ExchangeResult<R>['ended']) => void = () => {};
	const finished = new Promise<ExchangeResult<R>['ended']>((resolve) => {
		finish = resolve;
	});

	transport.onReceive((datagram) => {
		if (attempt === 0) return;
		const c = options.classify(datagram);
		if (c.kind === 'ignored') {
			ignored++;
			options.onIgnored?.(datagram, c.reason, c.class);
			return;
		}
		replies.push({
			reply: c.reply,
			from: datagram.from,
			latencyUs: Number(datagram.rxNs - lastSentNs) / 1000,
			attempt,
			rxNs: datagram.rxNs,
			payload: datagram.payload,
		});
		if (options.done?.(replies)) finish('done');
		else if (!options.wait) finish('replied');
	});
	const onAbort = (): void => finish('aborted');
	signal?.addEventListener('abort', onAbort, { once: true });
	// SIGUSR1 while the probe waits: where the exchange stands (log/status.ts).
	const startedMs = performance.now();
	const unregister = registerStatusProvider('probe', () => ({
		to: `${options.to.address}:${options.to.port}`,
		elapsedS: Math.round(performance.now() - startedMs) / 1000,
		transmissions: attempt,
		of: tries,
		replies: replies.length,
		ignored,
	}));
	if (signal?.aborted) finish('aborted');

	let timer: NodeJS.Timeout | undefined;
	const run = async (): Promise<void> => {
		let waitMs = options.timeoutMs;
		for (attempt = 1; attempt <= tries; attempt++) {
			const bytes = options.request(attempt);
			lastSentNs = process.hrtime.bigint();
			await transport.send(bytes, options.to);
			options.onSent?.(attempt, bytes);
			// With `wait`, a reply does not stop retransmission early: other servers may still answer.
			let stop = await Promise.race([finished.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), waitMs)))]);
			clearTimeout(timer);
			// Timers run before the event loop polls for I/O, so after the process was descheduled
			// (a busy VM) the deadline fires while a reply that arrived in time still sits in the
			// socket. One turn of the loop (setImmediate runs after the poll phase) reads it first.
			if (!stop) stop = await Promise.race([finished.then(() => true), new Promise<false>((r) => setImmediate(() => r(false)))]);
			if (stop) return;
			if (options.wait && replies.length > 0) break;
			waitMs *= 2;
		}
		attempt = Math.min(attempt, tries);
		finish(replies.length > 0 ? 'replied' : 'timeout');
	};
	// A send that fails (ENETUNREACH, EACCES…) ends the exchange and is rethrown to the caller.
	let failure: { error: unknown } | undefined;
	const sending = run().catch((error: unknown) => {
		failure = { error };
		finish('timeout');
	});
	const ended = await finished;
	unregister();
	clearTimeout(timer);
	signal?.removeEventListener('abort', onAbort);
	transport.onReceive(() => {});
	await sending;
	if (failure) throw failure.error;
	return { replies, attempts: Math.min(attempt, tries), ignored, ended };
}
