/**
 * perfdhcp's -u (address uniqueness) and -x l (the leases) as dhcpulse keeps them: the ledger the
 * coordinator builds from every shard's lease events, and what the text report says of it.
 */
import test from 'ava';
import { LeaseLedger } from '../src/perf/lease-ledger.js';
import { formatReport } from '../src/ui/report.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';

const A = '02:00:0c:00:00:01';
const B = '02:00:0c:00:00:02';
const C = '02:00:0c:00:00:03';

test('an address leased to two clients is a duplicate, with both clients, in the order they got it', (t) => {
	const l = new LeaseLedger();
	l.apply([['lease', A, '198.19.1.10'], ['lease', B, '198.19.1.11']]);
	// A second shard's events: its client C was given A's address.
	l.apply([['lease', C, '198.19.1.10']]);
	t.deepEqual(l.duplicates(), [{ address: '198.19.1.10', clients: [A, C] }]);
	t.is(l.addresses, 2);
	t.deepEqual(l.granted, [[A, '198.19.1.10'], [B, '198.19.1.11'], [C, '198.19.1.10']]);
});

test('a client given its own address again (a renew) is no duplicate; nor is an address released and leased to another', (t) => {
	const l = new LeaseLedger();
	l.apply([['lease', A, '2001:db8:1::10'], ['lease', A, '2001:db8:1::10'], ['lease', B, '2001:db8:1::20'], ['release', B, '2001:db8:1::20'], ['lease', C, '2001:db8:1::20']]);
	t.deepEqual(l.duplicates(), []);
	// A release by a client that does not hold the address frees nothing.
	l.apply([['release', A, '2001:db8:1::20'], ['lease', A, '2001:db8:1::20']]);
	t.deepEqual(l.duplicates(), [{ address: '2001:db8:1::20', clients: [C, A] }]);
});

test('a third client given a duplicated address joins its list once', (t) => {
	const l = new LeaseLedger();
	l.apply([['lease', A, '198.19.1.77'], ['lease', B, '198.19.1.77'], ['lease', C, '198.19.1.77'], ['lease', B, '198.19.1.77']]);
	t.deepEqual(l.duplicates(), [{ address: '198.19.1.77', clients: [A, B, C] }]);
});

const snapshot: PerfSnapshot = {
	elapsedS: 1, pausedS: 0, target: 'relay 198.19.0.2 → 198.19.0.1:67', mode: 'DORA', family: 4, workers: 1, clients: 3, exchanges: [], sendErrors: 0,
	rate: { asked: 10, sent: 10, completed: 10 },
} as unknown as PerfSnapshot;

test('the text report has an address uniqueness section with -u: the count, then each duplicate and its clients', (t) => {
	const text = formatReport(snapshot, { uniqueness: { addresses: 2, duplicates: [{ address: '198.19.1.10', clients: [A, C] }] } });
	t.regex(text, /\*\*\*Address uniqueness\*\*\*\nnon unique addresses: 1 \(of 2 addresses leased\)\n198\.19\.1\.10 leased to 02:00:0c:00:00:01, 02:00:0c:00:00:03\n/);
	t.notRegex(formatReport(snapshot, {}), /uniqueness/, 'no section without -u');
});
