/**
 * perfdhcp's flags without a network (issue #25): -u (address uniqueness) and -x l (the leases) as
 * the ledger the coordinator builds from every shard's lease events and what the text report says
 * of it; -n, -D, -d given twice (one value per exchange stage) in the stop rules and the in-flight
 * table; -M's clients.
 */
import test from 'ava';
import { ClientPicker, formatMac48 } from '../src/perf/clients.js';
import { InflightTable, LIVE, TIMED_OUT } from '../src/perf/inflight.js';
import { RunLifecycle, type CollectionView, type StopRules } from '../src/perf/lifecycle.js';
import { runCli } from './helpers/cli.js';
import { LeaseBook } from '../src/perf/lease-book.js';
import { formatReport } from '../src/ui/report.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';

const A = '02:00:0c:00:00:01';
const B = '02:00:0c:00:00:02';
const C = '02:00:0c:00:00:03';

test('an address leased to two clients is a duplicate, with both clients, in the order they got it', (t) => {
	const l = new LeaseBook();
	l.apply([
		['lease', A, '198.19.1.10'],
		['lease', B, '198.19.1.11'],
	]);
	// A second shard's events: its client C was given A's address.
	l.apply([['lease', C, '198.19.1.10']]);
	t.deepEqual(l.duplicates(), [{ address: '198.19.1.10', clients: [A, C] }]);
	t.is(l.addresses, 2);
	t.deepEqual(l.granted, [
		[A, '198.19.1.10'],
		[B, '198.19.1.11'],
		[C, '198.19.1.10'],
	]);
});

test('a client given its own address again (a renew) is no duplicate; nor is an address released and leased to another', (t) => {
	const l = new LeaseBook();
	l.apply([
		['lease', A, '2001:db8:1::10'],
		['lease', A, '2001:db8:1::10'],
		['lease', B, '2001:db8:1::20'],
		['release', B, '2001:db8:1::20'],
		['lease', C, '2001:db8:1::20'],
	]);
	t.deepEqual(l.duplicates(), []);
	// A release by a client that does not hold the address frees nothing.
	l.apply([
		['release', A, '2001:db8:1::20'],
		['lease', A, '2001:db8:1::20'],
	]);
	t.deepEqual(l.duplicates(), [{ address: '2001:db8:1::20', clients: [C, A] }]);
});

test('a third client given a duplicated address joins its list once', (t) => {
	const l = new LeaseBook();
	l.apply([
		['lease', A, '198.19.1.77'],
		['lease', B, '198.19.1.77'],
		['lease', C, '198.19.1.77'],
		['lease', B, '198.19.1.77'],
	]);
	t.deepEqual(l.duplicates(), [{ address: '198.19.1.77', clients: [A, B, C] }]);
});

const snapshot: PerfSnapshot = {
	elapsedS: 1,
	pausedS: 0,
	target: 'relay 198.19.0.2 → 198.19.0.1:67',
	mode: 'DORA',
	family: 4,
	workers: 1,
	clients: 3,
	exchanges: [],
	sendErrors: 0,
	rate: { asked: 10, sent: 10, completed: 10 },
} as unknown as PerfSnapshot;

test('the text report has an address uniqueness section with -u: the count, then each duplicate and its clients', (t) => {
	const text = formatReport(snapshot, { uniqueness: { addresses: 2, duplicates: [{ address: '198.19.1.10', clients: [A, C] }] } });
	t.regex(text, /\*\*\*Address uniqueness\*\*\*\nnon unique addresses: 1 \(of 2 addresses leased\)\n198\.19\.1\.10 leased to 02:00:0c:00:00:01, 02:00:0c:00:00:03\n/);
	t.notRegex(formatReport(snapshot, {}), /uniqueness/, 'no section without -u');
});

const RULES: StopRules = { periodS: null, numRequests: null, maxDrop: null, exitWaitS: 1, reportIntervalS: 1, warmUp: false, avalanche: false };
const none = { timeouts: 0, settled: 0, sent: 0 };

function view(v: Partial<CollectionView>): CollectionView {
	return { warming: false, doneSending: false, sendingS: 0, drops: none, inFlight: 0, ...v };
}

test('-D twice: the first judges the DISCOVER stage alone, the second the REQUEST stage, each by its own counts', (t) => {
	const ms = 1000;
	const life = new RunLifecycle({ ...RULES, maxDrop: { count: 5 }, requestStage: { numRequests: null, maxDrop: { count: 2 } } }, () => ms);
	life.start();
	// 5 timeouts in the run (one -D 5 would stop here), 4 of them the first stage's: neither stage's rule is met yet.
	t.deepEqual(life.observe(view({ drops: { timeouts: 5, settled: 50, sent: 50 }, stages: { first: { timeouts: 4, settled: 30, sent: 30 }, request: { timeouts: 1, settled: 20, sent: 20 } } })), []);
	const hit = life.observe(view({ drops: { timeouts: 6, settled: 50, sent: 50 }, stages: { first: { timeouts: 4, settled: 30, sent: 30 }, request: { timeouts: 2, settled: 20, sent: 20 } } }));
	t.deepEqual(
		hit.map((h) => h.kind),
		['max-drop', 'drain'],
	);
	t.is(life.stopReason, 'max-drop reached (-D 5 -D 2: REQUESTs)');
	t.is(life.maxDropSeen, 2);
});

test('-n twice: sending that stopped at the REQUEST quota is said so', (t) => {
	const life = new RunLifecycle({ ...RULES, numRequests: 100, requestStage: { numRequests: 30, maxDrop: null } }, () => 1000);
	life.start();
	life.observe(view({ doneSending: true, sendingS: 0.3, stages: { first: { ...none, sent: 31 }, request: { ...none, sent: 30 } } }));
	t.is(life.stopReason, 'num-request reached (-n 100 -n 30: REQUESTs)');
});

test('-d twice: each stage expires at its own drop time; an entry may wait behind an older one of the longer stage, never expire early', (t) => {
	const table = new InflightTable(32, 1);
	const out: number[] = [];
	const discover = table.allocate(0, 1, 100, false, () => t.fail());
	const request = table.allocate(1, 2, 150, false, () => t.fail());
	const discover2 = table.allocate(0, 3, 600, false, () => t.fail());
	// At 800 µs: DISCOVERs drop after 1000 µs, REQUESTs after 200 µs.
	const cut = (now: number): Float64Array => Float64Array.of(now - 1000, now - 200);
	table.expire(800 - 1000, (s) => out.push(s), cut(800));
	t.deepEqual(out, [], 'the REQUEST (due at 350) waits behind the DISCOVER sent before it (due at 1100)');
	table.expire(1100 - 1000, (s) => out.push(s), cut(1100));
	t.deepEqual(out, [discover, request]);
	t.is(table.state[discover2], LIVE);
	table.sweep(1200 - 1000, (s) => out.push(s), cut(1200));
	t.deepEqual(out, [discover, request], 'the second DISCOVER is not due until 1600');
	t.is(table.state[request], TIMED_OUT);
});

test("-M: client i has the list's i-th MAC, in every shard", (t) => {
	const list = { hi: [0x000c, 0x000c, 0xffff], lo: [0x01020304, 0x01020305, 0xffffffff] };
	const shard = new ClientPicker(1, 2, { hi: 0, lo: 0 }, null, list);
	const macs = [shard.next(), shard.next(), shard.next()].map((i) => formatMac48({ hi: shard.macHi(i), lo: shard.macLo(i) }));
	t.deepEqual(macs, ['00:0c:01:02:03:05', 'ff:ff:ff:ff:ff:ff', '00:0c:01:02:03:05']);
	t.throws(() => new ClientPicker(2, 2, { hi: 0, lo: 0 }, null, list), { message: /the MAC list has 3/ });
});

test('-D 0 is perfdhcp\'s "abort at the first drop" (-D 1), not an error; -D 1.5 is', async (t) => {
	// -e in DHCPv4 is refused right after the -D check: the error is -e's once -D passed, and nothing is sent.
	const zero = await runCli(['perf', '127.0.0.1', '-D', '0', '-e', 'address-only']);
	t.regex(zero.stderr, /^dhcpulse: -e address-only: lease types/m);
	const half = await runCli(['perf', '127.0.0.1', '-D', '1.5']);
	t.is(half.code, 3);
	t.regex(half.stderr, /^dhcpulse: -D 1\.5: the number of drops must be a whole number$/m);
});

test("-b ether=… is perfdhcp's other spelling of -b mac=…", async (t) => {
	// -o is read right after -b: the error is -o's once -b passed.
	const r = await runCli(['perf', '127.0.0.1', '-b', 'ether=00:0c:01:02:03:04', '-o', '300,00']);
	t.regex(r.stderr, /^dhcpulse: -o 300,00: option code must be 1 to 254 for DHCPv4$/m);
	const bad = await runCli(['perf', '127.0.0.1', '-b', 'ethernet=00:0c:01:02:03:04']);
	t.regex(bad.stderr, /^dhcpulse: -b ethernet=00:0c:01:02:03:04: expected mac=XX:XX:XX:XX:XX:XX or duid=HEX$/m);
});
