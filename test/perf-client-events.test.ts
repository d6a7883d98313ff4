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
	return { actions: { renew: note('renew'), rebind: note('rebind'), release: note('release'), decline: note('decline'), inform: note('inform') }, log, clock };
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

test('a renew not answered: rebind at T2, then the lease ends at its time and the client stops', (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles(options, actions);
	c.onLease(100, ADDRESS, SERVER, 4000, -1, -1, true, 0);
	run(c, clock, 0, 10);
	t.deepEqual(
		log,
		[
			['renew', 100, 2],
			['rebind', 100, 3.5],
		],
		'T2 = 0.875 × 4000 s / 1000 (RFC 2131 §4.4.5)',
	);
	t.is(c.counts.expired, 1, 'at 4 s the lease ended');
	t.is(c.pending, 0);
});

test("the ACK's own T1 and T2 (options 58, 59) are kept; a NAK ends the client's lease", (t) => {
	const { actions, log, clock } = recorder();
	const c = new ClientLifecycles(options, actions);
	c.onLease(101, ADDRESS, SERVER, 4000, 1000, 3000, true, 0);
	run(c, clock, 0, 2.5);
	t.deepEqual(log, [['renew', 101, 1]]);
	c.onLost(101);
	run(c, clock, 2.51, 10);
	t.deepEqual(log, [['renew', 101, 1]], 'no rebind after the NAK');
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

test('a million clients on one heap: each renews once by T1, in time order', (t) => {
	let renews = 0;
	let last = 0;
	let ordered = true;
	const clock = { now: 0 };
	const count = 1_000_000;
	const actions: LifecycleActions = {
		renew: () => {
			renews++;
			if (clock.now < last) ordered = false;
			last = clock.now;
			return true;
		},
		rebind: () => true,
		release: () => true,
		decline: () => true,
		inform: () => true,
	};
	const c = new ClientLifecycles({ ...options, first: 0, count }, actions);
	// Leases granted over 1 s of the fake clock: renewals due over 2 … 3 s.
	for (let k = 0; k < count; k++) c.onLease(k, ADDRESS, SERVER, 4000, -1, -1, true, k / count);
	run(c, clock, 0, 3, 0.05);
	t.is(renews, count);
	t.true(ordered);
});
