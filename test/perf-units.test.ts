/**
 * The load generator's building blocks, without a network: pacing, the in-flight table, the
 * client population, accounting and the command-line translation.
 */
import test from 'ava';
import { EXCHANGES4, ExchangeTally, identityHolds } from '../src/perf/accounting.js';
import { ClientPicker, parseMac48, shares } from '../src/perf/clients.js';
import { evaluateThresholds } from '../src/perf/verdict.js';
import { ANSWERED, InflightTable, LIVE, MIN_CAPACITY, TIMED_OUT } from '../src/perf/inflight.js';
import { pacingOf } from '../src/perf/engine.js';
import { RateControl } from '../src/perf/rate-control.js';
import { parsePerfArgs, parseRawOption } from '../src/perf/settings.js';
import { UserError } from '../src/exit-codes.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';

test('pacing: from 1,000 exchanges/s the loop polls; timers below, when paused, in the avalanche and through the raw socket; --busy-poll spins', (t) => {
	const relay = { busyPoll: false, avalanche: false, family: 4 as const, path: { family: 4 as const, kind: 'relay' as const, relay: '198.19.0.2', server: '198.19.0.1' } };
	t.is(pacingOf(relay, 999, false), 'timer');
	t.is(pacingOf(relay, 1000, false), 'poll');
	t.is(pacingOf(relay, 50_000, true), 'timer', 'paused');
	t.is(pacingOf({ ...relay, avalanche: true }, 50_000, false), 'timer');
	t.is(pacingOf({ ...relay, path: { family: 4 as const, kind: 'onlink' as const, iface: 'eth0' } }, 2000, false), 'timer', 'on-link v4 reads through raw-socket');
	t.is(pacingOf({ ...relay, family: 6, path: { family: 6 as const, kind: 'onlink' as const, iface: 'eth0' } }, 2000, false), 'poll', 'on-link v6 is a UDP socket');
	t.is(pacingOf({ ...relay, busyPoll: true }, 10, true), 'spin');
});

/** A sending loop's turns from `fromMs` to `toMs` every `stepMs`, each starting what is due; the exchanges started. */
function turns(rc: RateControl, fromMs: number, toMs: number, stepMs: number): number {
	let started = 0;
	for (let ms = fromMs; ms <= toMs; ms += stepMs) {
		const n = rc.due(ms / 1000);
		rc.started(n);
		started += n;
	}
	return started;
}

test('rate control: floor(rate × elapsed) − started is due, and a stall catches up by at most 50 ms of sending', (t) => {
	const rc = new RateControl(1000, 0);
	t.is(rc.due(0.004), 4);
	rc.started(4);
	t.is(rc.due(0.004), 0);
	t.is(rc.due(0.008), 4);
	rc.started(4);
	// A 1 s stall: 992 due, but only 50 (50 ms at 1000/s) are still owed; the rest is written off.
	t.true(rc.due(1.0) > 0);
	t.is(rc.skipped, 992 - 50);
});

test('rate control: what is owed goes out at most twice the rate, in bursts of at most 1 ms of sending beyond the schedule of the last 2 ms', (t) => {
	const rc = new RateControl(10_000, 0);
	// 10 ms behind at 10,000/s: 100 owed, but one call lets out 30 (the schedule's 2 ms and a 1 ms burst).
	t.is(rc.due(0.01), 30);
	rc.started(30);
	t.is(rc.due(0.01), 0, 'the bucket is empty until time refills it');
	// Called often (the engine turns its loop quickly while behind), the debt drains at twice the rate.
	let sent = 30;
	let largest = 0;
	let caughtUpAtMs = 0;
	for (let us = 10_100; us <= 30_000; us += 100) {
		const n = rc.due(us / 1e6);
		largest = Math.max(largest, n);
		rc.started(n);
		sent += n;
		if (caughtUpAtMs === 0 && sent >= Math.floor(us / 100)) caughtUpAtMs = us / 1000;
	}
	t.is(sent, 300, 'caught up: floor(10,000 × 30 ms)');
	t.true(caughtUpAtMs > 16 && caughtUpAtMs < 19, `caught up at ${caughtUpAtMs} ms: 70 owed, drained at the rate's surplus of 10 per ms`);
	t.true(largest <= 11, `largest burst ${largest}`);
	t.is(rc.skipped, 0, 'nothing written off: the debt stayed under 50 ms');
	t.true(rc.msUntilNext(0.03) > 0, 'nothing owed: the next one is due later');
});

test('rate control: a loop whose turns last up to 2 ms keeps the asked rate, and catches up after a stall', (t) => {
	// A thread that waits for a core beside a saturated server turns every 2 ms instead of every 0.1 ms.
	const rc = new RateControl(4500, 0);
	let started = turns(rc, 2, 1000, 2);
	t.is(started, 4500, 'every exchange of the second started');
	t.is(rc.skipped, 0, 'none written off');
	// A 30 ms stall, then 1 ms turns: the debt drains while the schedule goes on.
	started += turns(rc, 1030, 1200, 1);
	t.is(started, 5400, 'caught up: floor(4,500 × 1.2 s)');
	t.is(rc.skipped, 0);
});

test('rate control: at the end of the period, what the bucket still held back is written off, so started + skipped = rate × period', (t) => {
	const rc = new RateControl(200, 0);
	let started = turns(rc, 5, 1720, 5);
	t.is(started, 344);
	// The next tick comes 280 ms late, at the period's end: one burst of the bucket may still go.
	const n = rc.due(2);
	t.is(n, 4);
	rc.started(n);
	started += n;
	rc.endAt(2);
	t.is(rc.skipped, 52, '24 past the 50 ms catch-up bound, and the 28 the bucket held back');
	t.is(started + rc.skipped, 400);
});

test('rate control: a rate change re-anchors, pause stops, resume does not burst', (t) => {
	const rc = new RateControl(100, 0);
	t.is(rc.due(0.03), 3);
	rc.started(3);
	rc.setRate(1000, 0.03);
	t.is(rc.due(0.034), 4, 'the new rate counts from the change');
	rc.started(4);
	rc.setPaused(true, 0.034);
	t.is(rc.due(5), 0);
	t.is(rc.msUntilNext(5), Infinity);
	rc.setPaused(false, 5);
	t.is(rc.due(5.0035), 3, 'the pause is not owed');
});

test('in-flight table: lookup by xid, FIFO expiry by send time, late answers stay recognisable', (t) => {
	const table = new InflightTable(32, 0xfffffff0);
	const timedOut: number[] = [];
	const a = table.allocate(0, 7, 100, false, () => t.fail());
	const b = table.allocate(0, 8, 200, false, () => t.fail());
	const c = table.allocate(0, 9, 300, false, () => t.fail());
	// The xids wrap past 2^32 and still find their slots.
	t.is(table.xids[a], 0xfffffff0);
	t.is(table.lookup(table.xids[c]!), c);
	t.is(table.lookup(12345), -1);
	table.complete(b);
	t.is(table.lookup(table.xids[b]!), b, 'an answered request stays known, so a second answer is a duplicate, not an orphan');
	t.is(table.state[b], ANSWERED);
	table.expire(250, (s) => timedOut.push(s));
	t.deepEqual(timedOut, [a]);
	t.is(table.state[a], TIMED_OUT);
	t.is(table.lookup(table.xids[a]!), a, 'a timed-out request is still known, so its answer is late, not an orphan');
	t.is(table.state[c], LIVE);
	t.is(table.live, 1);
	table.sweep(1000, (s) => timedOut.push(s));
	t.deepEqual(timedOut, [a, c]);
	t.is(table.live, 0);
});

test('in-flight table: grows when every slot waits, keeping each request findable', (t) => {
	const table = new InflightTable(24, 5);
	const slots: number[] = [];
	for (let i = 0; i < MIN_CAPACITY + 10; i++) slots.push(table.allocate(1, i, i, false, () => t.fail('nothing is evicted below the maximum')));
	t.is(table.capacity, MIN_CAPACITY * 2);
	t.is(table.live, MIN_CAPACITY + 10);
	for (let i = 0; i < MIN_CAPACITY + 10; i += 997) {
		const xid = (5 + i) & 0xffffff;
		const slot = table.lookup(xid);
		t.true(slot >= 0);
		t.is(table.client[slot], i);
	}
});

test('clients: a seeded order visits every client once per cycle; MACs are base + index with carries', (t) => {
	const p = new ClientPicker(100, 50, parseMac48('02:00:0c:ff:ff:ff'), 42);
	const seen = new Set<number>();
	for (let i = 0; i < 50; i++) seen.add(p.next());
	t.is(seen.size, 50);
	t.deepEqual([Math.min(...seen), Math.max(...seen)], [100, 149]);
	const mac = new Uint8Array(6);
	p.writeMac(1, mac);
	t.deepEqual([...mac], [0x02, 0x00, 0x0d, 0x00, 0x00, 0x00]);
	t.true(p.macEquals(1, mac, 0));
	const sequential = new ClientPicker(0, 5, parseMac48('02:00:00:00:00:00'), null);
	t.deepEqual(
		[0, 1, 2, 3, 4, 5].map(() => sequential.next()),
		[0, 1, 2, 3, 4, 0],
	);
	t.deepEqual(shares(10, 3), [4, 3, 3]);
});

test('accounting: NAK is rejected, timeouts and in-flight are apart, the identity holds; a v4 RELEASE is only sent', (t) => {
	const ra = new ExchangeTally(EXCHANGES4.RA);
	for (let i = 0; i < 5; i++) ra.onSent();
	ra.onOk(120);
	ra.onRejected();
	ra.onTimeout();
	ra.late++;
	t.deepEqual(ra.counters(), { sent: 5, ok: 1, rejected: 1, timeouts: 1, late: 1, orphans: 0, duplicates: 0, malformed: 0, retransmits: 0, inFlight: 2 });
	t.true(identityHolds(ra.counters(), true));
	const taken = ra.takeInterval();
	t.deepEqual(
		taken.counts.filter((_, k) => k % 2 === 1),
		[1],
		'one latency in one bucket',
	);
	t.is(taken.min, 120);
	t.is(ra.interval.totalCount, 0, 'the interval starts again');
	const release = new ExchangeTally(EXCHANGES4.release);
	release.onSent();
	t.deepEqual(release.counters(), { sent: 1, ok: 0, rejected: 0, timeouts: 0, late: 0, orphans: 0, duplicates: 0, malformed: 0, retransmits: 0, inFlight: 0 });
	t.true(identityHolds(release.counters(), false));
	t.false(identityHolds({ ...ra.counters(), ok: 2 }, true));
});

test('settings: defaults are chosen and said; no -p and no -n is a bounded 10 s run', (t) => {
	const { config, defaultsLine } = parsePerfArgs({ server: undefined, local: ['lo'] });
	t.is(config.rate, 100);
	t.is(config.clients, 10_000);
	t.is(config.periodS, 10);
	t.is(config.dropTimeS, 1);
	t.is(config.exitWaitS, 1);
	t.is(config.workers, 1);
	t.deepEqual(config.path, { kind: 'onlink', iface: 'lo' });
	t.regex(defaultsLine, /-r 100.*-R 10000.*-p 10 \(neither -p nor -n given/);
	const n = parsePerfArgs({ local: ['lo'], 'num-request': 5, 'drop-time': 0.5, dashboard: true });
	t.is(n.config.periodS, null);
	t.is(n.config.exitWaitS, 0.5);
	t.false(config.busyPoll, 'the loop sleeps between sends unless asked not to');
	const busy = parsePerfArgs({ local: ['lo'], 'busy-poll': true });
	t.true(busy.config.busyPoll);
	t.is(busy.config.echo.busyPoll, true, 'the JSON settings say so');
});

test('settings: --warm-up runs at the rate of -r unless --warm-up-rate says otherwise, and the defaults line says so', (t) => {
	const none = parsePerfArgs({ local: ['lo'], rate: 8000 });
	t.is(none.config.warmUpS, 0, 'no warm-up unless asked: every exchange the server sees is counted');
	t.false(none.defaultsLine.includes('warm-up'));
	const { config, defaultsLine } = parsePerfArgs({ local: ['lo'], rate: 8000, 'warm-up': 1.5 });
	t.is(config.warmUpS, 1.5);
	t.is(config.warmUpRate, 8000);
	t.regex(defaultsLine, /--warm-up-rate 8000 \(the rate of -r\)/);
	t.like(config.echo, { warmUpS: 1.5, warmUpRate: 8000 });
	const given = parsePerfArgs({ local: ['lo'], rate: 8000, 'warm-up': 1, 'warm-up-rate': 500 });
	t.is(given.config.warmUpRate, 500);
	t.false(given.defaultsLine.includes('warm-up'));
});

test('settings: the avalanche has no rate and no period by default; each client gives up after -d (60 s), said up front', (t) => {
	const { config, defaultsLine } = parsePerfArgs({ local: ['lo'], scenario: 'avalanche', clients: 500 });
	t.is(config.scenario, 'avalanche');
	t.is(config.rate, 0);
	t.is(config.periodS, null, 'bounded by the give-up time, not by a period');
	t.is(config.numRequests, null);
	t.is(config.dropTimeS, 60);
	t.is(config.exitWaitS, 1);
	t.regex(defaultsLine, /--scenario avalanche: every client at once, retransmitted after 1, 2, 4 … 64 s/);
	t.regex(defaultsLine, /-d 60 \(each client gives up this long after its first transmission\)/);
	t.false(/-r \d/.test(defaultsLine), 'no asked rate is claimed');
	// A give-up time past the basic scenario's 60 s limit, and -p still ends the run.
	const long = parsePerfArgs({ local: ['lo'], scenario: 'avalanche', 'drop-time': 600, period: 30 });
	t.is(long.config.dropTimeS, 600);
	t.is(long.config.periodS, 30);
	t.is(parsePerfArgs({ local: ['lo'] }).config.scenario, 'basic');
});

test('settings: bad values are one-line UserErrors', (t) => {
	const bad: [Parameters<typeof parsePerfArgs>[0], RegExp][] = [
		[{ local: ['lo'], rate: -5 }, /^-r -5: expected a positive number$/],
		[{ local: ['lo'], 'drop-time': 0 }, /^-d 0: expected a positive number$/],
		[{ local: ['lo'], 'max-drop': 'lots' }, /^-D lots: expected/],
		[{ local: ['lo'], 'lease-type': 'prefix-only' }, /DHCPv6 only/],
		[{ local: ['lo'], workers: 2 }, /on-link mode runs in one thread/],
		[{ local: ['lo'], 'exit-wait': 500000 }, /at most 600/],
		[{}, /^say where to load/],
		[{ server: '2001:db8::1' }, /add -6 for DHCPv6/],
		[{ local: ['lo'], base: ['mac=zz'] }, /^-b mac=zz:/],
		[{ local: ['lo'], scenario: 'storm' }, /^--scenario storm: expected basic or avalanche or stages or closed-loop or lifecycle$/],
		[{ local: ['lo'], scenario: 'avalanche', rate: 100 }, /^-r 100: no meaning in --scenario avalanche \(every client starts at once/],
		[{ local: ['lo'], scenario: 'avalanche', 'num-request': 10 }, /^-n 10: no meaning in --scenario avalanche/],
		[{ local: ['lo'], scenario: 'avalanche', 'renew-rate': 5 }, /^-f 5: no meaning/],
		[{ local: ['lo'], scenario: 'avalanche', 'release-rate': 5 }, /^-F 5: no meaning/],
		[{ local: ['lo'], scenario: 'avalanche', preload: 5 }, /^-P 5: no meaning/],
		[{ local: ['lo'], scenario: 'avalanche', 'warm-up': 1 }, /^--warm-up 1: no meaning in --scenario avalanche/],
		[{ local: ['lo'], 'warm-up-rate': 500 }, /^--warm-up-rate 500: needs --warm-up SECONDS$/],
		[{ local: ['lo'], 'warm-up': 61 }, /^--warm-up 61: at most 60$/],
		[{ local: ['lo'], 'warm-up': 1, 'warm-up-rate': 0 }, /^--warm-up-rate 0: expected a positive number$/],
		[{ local: ['lo'], 'drop-time': 61 }, /^-d 61: at most 60$/],
		[{ local: ['lo'], scenario: 'avalanche', 'drop-time': 3601 }, /^-d 3601: at most 3600$/],
		[{ local: ['lo'], rate: 1e12 }, /^-r 1000000000000: at most 1000000$/],
		[{ local: ['lo'], rate: '5k' }, /^-r 5k: expected a positive number$/],
		[{ local: ['lo'], 'two-way': true, 'renew-rate': 10 }, /^-f: renews and releases need leases, and -i \(2-way\) never takes one$/],
	];
	for (const [args, message] of bad) {
		const error = t.throws(() => parsePerfArgs(args), { instanceOf: UserError });
		t.regex(error!.message, message);
		t.false(error!.message.includes('\n'));
	}
	t.deepEqual(parseRawOption('60,646863', 4), { code: 60, data: Buffer.from('646863', 'hex') });
	t.throws(() => parseRawOption('300,00', 4), { message: /1 to 254/ });
});

test('thresholds: drops %, p99 per exchange and the completed rate, each passed or failed', (t) => {
	const lat = { count: 100, min: 50, mean: 100, stddev: 10, p50: 90, p90: 150, p99: 2500, p999: 3000, max: 3100 };
	const s = {
		exchanges: [
			{
				name: 'DO',
				label: 'DISCOVER-OFFER',
				expectsReply: true,
				sent: 100,
				ok: 98,
				rejected: 0,
				timeouts: 2,
				late: 0,
				orphans: 0,
				duplicates: 0,
				malformed: 0,
				retransmits: 0,
				inFlight: 0,
				latencyUs: lat,
				intervalLatencyUs: lat,
			},
			{
				name: 'RA',
				label: 'REQUEST-ACK',
				expectsReply: true,
				sent: 98,
				ok: 98,
				rejected: 0,
				timeouts: 0,
				late: 0,
				orphans: 0,
				duplicates: 0,
				malformed: 0,
				retransmits: 0,
				inFlight: 0,
				latencyUs: lat,
				intervalLatencyUs: lat,
			},
		],
	} as unknown as PerfSnapshot;
	const r = evaluateThresholds({ maxDropPct: 1, maxP99Ms: 3, minRate: 50 }, s, 1);
	t.deepEqual(
		r.map((x) => [x.name, x.passed]),
		[
			['drops %', false],
			['p99 DISCOVER-OFFER', true],
			['p99 REQUEST-ACK', true],
			['completed rate (RA)', true],
		],
	);
	t.is(r[0]!.value, '1.010 %');
});
