/**
 * The client lifecycle's schedule (src/perf/client-events.ts) on a fake clock: the event heap
 * hands events back in time order however they were pushed, and a client renews at T1, rebinds at
 * T2 when its renew went unanswered, stops at its lease's end, releases when it leaves, and
 * declines or informs in the proportions asked, every duration divided by the time scale.
 */
import test from 'ava';
import { ClientLifecycles, EventHeap, type LifecycleActions } from '../src/perf/client-events.js';
import { mulberry32 } from '../src/prng.js';

/** Records every message the clients send, with the fake clock's time. */
function recorder(): { actions: LifecycleActions; log: [string, number, number][]; clock: { now: number } } {
	const clock = { now: 0 };
	const log: [string, number, number][] = [];
	const note = (kind: string) => (client: number) => {
		log.push([kind, client, clock.now]);
		return true;
	};
	// A retransmission (again = true) is logged as renew+ / rebind+.
	const noteAgain = (kind: string) => (client: number, _address: number, again: boolean) => note(again ? `${kind}+` : kind)(client);
	return {
		actions: { renew: noteAgain('renew'), rebind: noteAgain('rebind'), release: note('release'), decline: note('decline'), inform: note('inform'), confirm: note('confirm'), restart: note('restart') },
		log,
		clock,
	};
}

/** Steps the fake clock from `from` to `to` by `step` s, sending what falls due. */
function run(c: ClientLifecycles, clock: { now: number }, from: number, to: number, step = 0.01): void {
	const steps = Math.round((to - from) / step);
	for (let i = 0; i <= steps; i++) {
		// Whole multiples of the step, so the times logged compare exactly.
		const t = Math.round((from + i * step) * 1e6) / 1e6;
		clock.now = t;
		c.runDue(t);
	}
}

const options = { first: 100, count: 10, timeScale: 1000, holdS: null, declinePct: 0, informPct: 0, seed: 7 };
const ADDRESS = 0xc6130105;
const SERVER = 0xc6130001;

test('the heap gives events back earliest first, with their client, kind and generation', (t) => {
	const heap = new EventHeap();
	const random = mulberry32(3);
	const due: number[] = [];
	// More than its first 1024 places, so it grows.
	for (let i = 0; i < 3000; i++) {
		const d = Math.floor(random() * 1e6) / 1000;
		due.push(d);
		heap.push(d, i, i % 4, i * 2);
	}
	const out: number[] = [];
	while (heap.pop()) {
		out.push(heap.topDue);
		t.is(heap.topKind, heap.topClient % 4);
		t.is(heap.topGen, heap.topClient * 2);
	}
	t.deepEqual(
		out,
		due.sort((a, b) => a - b),
	);
	t.is(heap.peekDue(), Infinity);
});

test('a lease of 4000 s at --time-scale 1000: renew at T1 (2 s), answered, renew again 2 s later; no rebind', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles(options, actions);
	c.onLease(103, ADDRESS, SERVER, 4000, -1, -1, true, 0);
	run(c, clock, 0, 1.99);
	t.deepEqual(log, [], 'nothing before T1');
	run(c, clock, 2, 2);
	t.deepEqual(log, [['renew', 103, 2]]);
	// The renew's ACK: a new lease from now, so the rebind planned at T2 (3.5 s) is void.
	c.onLease(103, ADDRESS, SERVER, 4000, -1, -1, false, 2.001);
	run(c, clock, 2.01, 4.2);
	t.deepEqual(
		log.map(([k, , at]) => [k, Math.round(at * 100) / 100]),
		[
			['renew', 2],
			['renew', 4.01],
		],
	);
	t.is(c.counts.rebinds, 0);
});

test('a DHCPv4 renew not answered: sent again after half the time left to T2 (60 s at least, scaled), rebind at T2 likewise until the lease ends, then the client starts over', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles(options, actions);
	c.onLease(100, ADDRESS, SERVER, 4000, -1, -1, true, 0);
	run(c, clock, 0, 10);
	// RFC 2131 §4.4.5: T1 2 s, T2 = 0.875 × 4000 s / 1000 = 3.5 s; half of what is left, down to 60 s / 1000.
	t.deepEqual(
		log.map(([k, client, at]) => [k, client, Math.round(at * 1000) / 1000]),
		[
			['renew', 100, 2],
			['renew+', 100, 2.75],
			['renew+', 100, 3.13],
			['renew+', 100, 3.32],
			['renew+', 100, 3.41],
			['renew+', 100, 3.47],
			['rebind', 100, 3.5],
			['rebind+', 100, 3.75],
			['rebind+', 100, 3.88],
			['rebind+', 100, 3.94],
			['restart', 100, 4],
		],
		'each retry at half the remaining time, until the next would come after 60 ms (scaled) or past the limit',
	);
	t.like(c.counts, { renews: 1, renewRetries: 5, rebinds: 1, rebindRetries: 3, expired: 1, restarts: 1 });
	t.is(c.pending, 0);
});

test('a DHCPv6 renew not answered: REN_TIMEOUT 10 s then doubling, ±10 % (RFC 8415 §18.2.4, §15), scaled, until T2; rebind until the valid lifetime ends', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles({ ...options, retry: 'rfc8415' }, actions);
	// The lab's Kea: T1 2000 s, T2 2800 s, valid 4000 s.
	c.onLease(104, ADDRESS, SERVER, 4000, 2000, 2800, true, 0);
	run(c, clock, 0, 10, 0.001);
	const renews = log.filter(([k]) => k.startsWith('renew')).map(([, , at]) => at);
	t.is(renews[0], 2);
	const gaps = renews.slice(1).map((at, i) => at - renews[i]!);
	t.true(gaps[0]! >= 0.009 - 1e-9 && gaps[0]! <= 0.012, `first retry after REN_TIMEOUT (10 ms scaled): ${gaps[0]}`);
	for (let i = 1; i < gaps.length; i++) t.true(gaps[i]! >= 1.8 * gaps[i - 1]! - 0.002 && gaps[i]! <= 2.2 * gaps[i - 1]! + 0.002, `doubling: ${gaps.join(', ')}`);
	t.true(renews.at(-1)! < 2.8, 'no renew at or after T2');
	const rebinds = log.filter(([k]) => k.startsWith('rebind')).map(([, , at]) => at);
	t.is(rebinds[0], 2.8, 'rebind at T2');
	t.true(rebinds.length > 1 && rebinds.at(-1)! < 4, `rebinds retried until the lease's end: ${rebinds.join(', ')}`);
	t.is(c.counts.expired, 1);
	t.is(c.counts.renewRetries, renews.length - 1);
});

test('a retry is timed from when the message went out, not when it was due: a late turn does not send the retry in the same turn', (t) => {
	const { actions, log } = recorder();
	const c = new ClientLifecycles({ ...options, retry: 'rfc8415' }, actions);
	c.onLease(105, ADDRESS, SERVER, 4000, 2000, 2800, true, 0);
	// The loop's turn came 30 ms after T1: three REN_TIMEOUTs (10 ms scaled) late.
	c.runDue(2.03);
	t.deepEqual(
		log.map(([k]) => k),
		['renew'],
	);
});

test('an answer to a retried renew ends the retries', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles({ ...options, retry: 'rfc8415' }, actions);
	c.onLease(106, ADDRESS, SERVER, 4000, 2000, 2800, true, 0);
	run(c, clock, 0, 2.05, 0.001);
	const sent = log.length;
	t.true(sent >= 3, `renew and its retries so far: ${sent}`);
	c.onLease(106, ADDRESS, SERVER, 4000, 2000, 2800, false, 2.05);
	run(c, clock, 2.051, 4.04, 0.001);
	t.is(log.length, sent, 'nothing more until the new T1');
	run(c, clock, 4.041, 4.06, 0.001);
	t.deepEqual(log[sent]!.slice(0, 2), ['renew', 106], 'a new renew at the new T1, not a retry');
});

test('--confirm-pct: a client that moved links confirms halfway to T1, then renews as usual', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles({ ...options, first: 0, count: 1000, confirmPct: 30, retry: 'rfc8415' }, actions);
	for (let k = 0; k < 1000; k++) c.onLease(k, ADDRESS, SERVER, 4000, 2000, 2800, true, 0);
	run(c, clock, 0, 2, 0.5);
	const confirms = log.filter(([k]) => k === 'confirm');
	t.true(confirms.length > 240 && confirms.length < 360, `confirms: ${confirms.length} of 1000`);
	t.true(
		confirms.every(([, , at]) => at === 1),
		'at T1 / 2',
	);
	t.is(log.filter(([k]) => k === 'renew').length, 1000, 'every client renews at T1, confirmed or not');
});

test("the ACK's own T1 and T2 (options 58, 59) are kept; a NAK ends the client's lease and it starts over at the next turn", (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles(options, actions);
	c.onLease(101, ADDRESS, SERVER, 4000, 1000, 3000, true, 0);
	run(c, clock, 0, 1.5);
	t.deepEqual(log, [['renew', 101, 1]]);
	c.onLost(101, 1.5);
	t.is(log.length, 1, 'nothing sent from inside the read of the NAK');
	run(c, clock, 1.51, 10);
	t.deepEqual(
		log,
		[
			['renew', 101, 1],
			['restart', 101, 1.51],
		],
		'no retry and no rebind after the NAK (RFC 2131 §4.4.5: back to INIT)',
	);
	t.is(c.pending, 0);
});

test('a client leaves after its hold time with a RELEASE, and nothing follows', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles({ ...options, holdS: 500 }, actions);
	for (let k = 100; k < 110; k++) c.onLease(k, ADDRESS + k, SERVER, 4000, -1, -1, true, 0);
	run(c, clock, 0, 30);
	const releases = log.filter(([k]) => k === 'release');
	t.is(releases.length, 10, 'every client left (mean hold 0.5 s scaled, 30 s is 60 means)');
	for (const [, client, at] of releases) {
		t.true(log.filter(([k, c2, at2]) => k !== 'release' && c2 === client && at2 > at).length === 0, `client ${client} sent nothing after it left`);
	}
	t.is(c.pending, 0);
});

test('an answer that comes after the client gave its lease up (refused, or the lease ended) does not bring that lease back', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles(options, actions);
	c.onLease(101, ADDRESS, SERVER, 4000, -1, -1, true, 0);
	c.onLease(102, ADDRESS + 1, SERVER, 4000, -1, -1, true, 0);
	// 101's renew is refused; 102 hears nothing until its lease ends at 4 s (scaled) and starts over.
	run(c, clock, 0, 2);
	c.onLost(101, 2);
	run(c, clock, 2.01, 4.5);
	t.deepEqual(
		log.filter(([k]) => k === 'restart'),
		[
			['restart', 101, 2.01],
			['restart', 102, 4],
		],
	);
	// Now the late answers arrive: a second NAK for 101, an ACK of 102's last rebind.
	const before = log.length;
	c.onLost(101, 4.5);
	c.onLease(102, ADDRESS + 1, SERVER, 4000, -1, -1, false, 4.5);
	run(c, clock, 4.5, 20);
	t.deepEqual(log.slice(before), [], 'no second restart, and no renew of a lease the client no longer has');
	t.is(c.pending, 0);
});

test("a RELEASE while a renew is in flight is the last message: the renew's ACK or NAK after it changes nothing", (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles({ ...options, first: 0, count: 2000, holdS: 2500 }, actions);
	for (let k = 0; k < 2000; k++) c.onLease(k, ADDRESS + k, SERVER, 4000, -1, -1, true, 0);
	// Every renew is left unanswered until its client has left; then each is answered (even clients) or refused (odd).
	const renewedAt = new Map<number, number>();
	for (let i = 0; i <= 3000; i++) {
		const now = i / 1000;
		clock.now = now;
		c.runDue(now);
		for (const [kind, client, at] of log) if (kind === 'renew' && !renewedAt.has(client)) renewedAt.set(client, at);
	}
	const left = new Set(log.filter(([k]) => k === 'release').map(([, client]) => client));
	const renewedThenLeft = [...renewedAt.keys()].filter((client) => left.has(client));
	t.true(renewedThenLeft.length > 10, `clients that renewed and then left: ${renewedThenLeft.length}`);
	const before = log.length;
	for (const client of renewedThenLeft) {
		if (client % 2 === 0) c.onLease(client, ADDRESS + client, SERVER, 4000, -1, -1, false, 3);
		else c.onLost(client, 3);
	}
	run(c, clock, 3, 20);
	const after = log.slice(before).filter(([, client]) => left.has(client));
	t.deepEqual(after, [], 'no second RELEASE, no renew and no restart from a client that left');
});

test('--decline-pct and --inform-pct: in proportion, a declined lease is never renewed', (t) => {
	const { actions, log, clock } = recorder();
	const n = 2000;
	const c = new ClientLifecycles({ ...options, first: 0, count: n, declinePct: 25, informPct: 10 }, actions);
	for (let k = 0; k < n; k++) c.onLease(k, ADDRESS + k, SERVER, 4000, -1, -1, true, 0);
	const declined = new Set(log.filter(([k]) => k === 'decline').map(([, client]) => client));
	const informs = log.filter(([k]) => k === 'inform').length;
	t.true(declined.size > n * 0.2 && declined.size < n * 0.3, `declines: ${declined.size} of ${n}`);
	t.true(informs > (n - declined.size) * 0.06 && informs < (n - declined.size) * 0.14, `informs: ${informs}`);
	run(c, clock, 0, 2.5, 0.5);
	const renewed = log.filter(([k]) => k === 'renew').map(([, client]) => client);
	t.is(renewed.length, n - declined.size);
	t.false(renewed.some((client) => declined.has(client)));
});

test('a client that declined starts over ten seconds later (RFC 2131 §3.1 step 5), scaled, not before', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles({ ...options, declinePct: 100 }, actions);
	c.onLease(101, ADDRESS, SERVER, 4000, -1, -1, true, 0);
	t.deepEqual(log, [['decline', 101, 0]]);
	run(c, clock, 0, 0.009, 0.001);
	t.is(log.length, 1, 'no new DISCOVER within 10 s (0.01 s at --time-scale 1000)');
	run(c, clock, 0.01, 1, 0.001);
	t.deepEqual(log, [
		['decline', 101, 0],
		['restart', 101, 0.01],
	]);
	t.is(c.counts.restarts, 1);
	t.is(c.pending, 0);
});

test('a million clients on one heap: each renews once by T1, in time order', (t) => {
	let renews = 0;
	let last = 0;
	let ordered = true;
	const clock = { now: 0 };
	const count = 1_000_000;
	const actions: LifecycleActions = {
		renew: (_client, _address, again) => {
			if (again) return true;
			renews++;
			if (clock.now < last) ordered = false;
			last = clock.now;
			return true;
		},
		rebind: () => true,
		release: () => true,
		decline: () => true,
		inform: () => true,
		restart: () => true,
	};
	const c = new ClientLifecycles({ ...options, first: 0, count }, actions);
	// Leases granted over 1 s of the fake clock: renewals due over 2 … 3 s.
	for (let k = 0; k < count; k++) c.onLease(k, ADDRESS, SERVER, 4000, -1, -1, true, k / count);
	run(c, clock, 0, 3, 0.05);
	t.is(renews, count);
	t.true(ordered);
});
