import test from 'ava';
import { plainLine, plainStartLine } from '../src/ui/plain.js';
import { formatReport } from '../src/ui/report.js';
import { dora, empty, sarr } from './ui-fixtures.js';

test('the start line says what is measured, against what, for how long', (t) => {
	t.is(plainStartLine(dora()), 'dhcpulse perf: DORA (v4) relay 198.19.0.2 → 198.19.0.1:67, asked 50000/s, 100000 clients, 2 workers, for 30.0s');
	t.is(plainStartLine(sarr()), 'dhcpulse perf: SARR (v6) relay 2001:db8:2::2 → 2001:db8:2::1:547, asked 5000/s, 10000 clients, 1 worker, up to 100000 requests');
	t.is(plainStartLine(empty()), 'dhcpulse perf: DORA (v4) relay 198.19.0.2 → 198.19.0.1:67, asked 0/s, 1 client, 1 worker, until stopped');
});

test('an interval line carries rates, every exchange, send errors and a shortfall warning', (t) => {
	t.is(
		plainLine(dora()),
		'[ 12.0s] sent 31200/s (asked 50000/s) answered 30700/s' +
			' | DO sent 374400 ok 371950 rej 0 to 2410 late 37 orph 12 mal 3 infl 40 p50 0.51ms p99 6.02ms' +
			' | RA sent 371950 ok 368700 rej 1250 to 1980 late 4 orph 0 mal 0 infl 20 p50 0.6ms p99 6.61ms' +
			' | release sent 1000 (no reply expected)' +
			' | send errors 35' +
			' | RATE NOT REACHED: asked 50000/s, sent 31200/s',
	);
});

test('an interval line of a run that keeps up has no warning', (t) => {
	t.is(
		plainLine(sarr()),
		'[ 10.0s] sent 5000/s (asked 5000/s) answered 4998/s' +
			' | SA sent 50000 ok 49990 rej 0 to 0 late 0 orph 0 mal 0 infl 10 p50 0.355ms p99 1.15ms' +
			' | RR sent 49990 ok 49975 rej 5 to 0 late 0 orph 2 mal 0 infl 10 p50 0.39ms p99 1.28ms',
	);
});

test('an interval line before any answer shows dashes for latency, not zeros or NaN', (t) => {
	t.is(plainLine(empty()), '[  0.0s] sent 0/s (asked 0/s) answered 0/s' + ' | DO sent 0 ok 0 rej 0 to 0 late 0 orph 0 mal 0 infl 0 p50 - p99 -' + ' | RA sent 0 ok 0 rej 0 to 0 late 0 orph 0 mal 0 infl 0 p50 - p99 -');
});

test('a paused interval says PAUSED and does not call the silence a shortfall', (t) => {
	const s = dora();
	s.state = 'paused';
	const line = plainLine(s);
	t.true(line.endsWith(' | send errors 35 | PAUSED'));
	t.false(line.includes('RATE NOT REACHED'));
});

test('the final report follows perfdhcp sections, adds percentiles, thresholds and the honest-accounting notes', (t) => {
	const report = formatReport(dora(), {
		exitReason: 'stopped by user (q)',
		thresholds: [
			{ name: 'drops ratio DISCOVER-OFFER', limit: '1 %', value: '0.644 %', passed: true },
			{ name: 'p99 REQUEST-ACK', limit: '5 ms', value: '5.410 ms', passed: false },
		],
	});
	t.is(
		report,
		[
			'***Run***',
			'target: relay 198.19.0.2 → 198.19.0.1:67',
			'mode: DORA (DHCPv4), 2 workers, 100000 clients',
			'duration: 12.000 s',
			'ended: stopped by user (q)',
			'***Rate statistics***',
			'Rate: 30725.000 4-way exchanges/second, expected rate: 50000',
			'asked rate: 50000/s',
			'achieved send rate: 31200/s (62.4 % of asked)',
			'completed rate: 30725/s',
			'RATE NOT REACHED: asked 50000/s, sent 31200/s on average',
			'send errors: 35',
			'***Malformed Packets***',
			'Malformed packets: 3',
			'***Statistics for: DISCOVER-OFFER***',
			'sent packets: 374400',
			'received packets (ok): 371950',
			'rejected: 0',
			'timeouts (drops): 2410',
			'drops ratio: 0.644 %',
			'late: 37',
			'orphans: 12',
			'duplicates: 0',
			'malformed: 3',
			'retransmissions: 0',
			'in-flight: 40',
			'',
			'min delay: 0.047 ms',
			'avg delay: 0.812 ms',
			'p50 delay: 0.420 ms',
			'p90 delay: 1.310 ms',
			'p99 delay: 4.870 ms',
			'p99.9 delay: 19.500 ms',
			'max delay: 61.200 ms',
			'std deviation: 0.901 ms',
			'***Statistics for: REQUEST-ACK***',
			'sent packets: 371950',
			'received packets (ok): 368700',
			'rejected: 1250',
			'timeouts (drops): 1980',
			'drops ratio: 0.532 %',
			'late: 4',
			'orphans: 0',
			'duplicates: 0',
			'malformed: 0',
			'retransmissions: 0',
			'in-flight: 20',
			'',
			'min delay: 0.061 ms',
			'avg delay: 0.955 ms',
			'p50 delay: 0.510 ms',
			'p90 delay: 1.590 ms',
			'p99 delay: 5.410 ms',
			'p99.9 delay: 22.800 ms',
			'max delay: 70.100 ms',
			'std deviation: 1.021 ms',
			'***Statistics for: RELEASE***',
			'sent packets: 1000',
			'no reply expected',
			'***Thresholds***',
			'PASS  drops ratio DISCOVER-OFFER  0.644 % (limit 1 %)',
			'FAIL  p99 REQUEST-ACK             5.410 ms (limit 5 ms)',
			'1 of 2 thresholds failed',
			'***Notes***',
			'in-flight: requests still waiting for an answer when the run ended; they are not counted as drops.',
			'drops ratio: timeouts / (ok + rejected + timeouts); late answers are part of timeouts, not of ok.',
			'RELEASE: no reply expected (RFC 2131 §4.4.6: the server sends none to a DHCPRELEASE); requests are sent, never dropped.',
			'',
		].join('\n'),
	);
});

test('a report whose thresholds all pass says so; without thresholds there is no section', (t) => {
	const passing = formatReport(sarr(), { thresholds: [{ name: 'p99 SOLICIT-ADVERTISE', limit: 5000, value: 1200, passed: true }] });
	t.true(passing.includes('***Thresholds***\nPASS  p99 SOLICIT-ADVERTISE  1200 (limit 5000)\nall thresholds passed\n'));
	const none = formatReport(sarr());
	t.false(none.includes('***Thresholds***'));
	t.false(none.includes('RATE NOT REACHED'));
	t.false(none.includes('ended:'));
	t.true(none.includes('Rate: 4997.500 4-way exchanges/second, expected rate: 5000\n'));
	t.true(none.includes('***Statistics for: SOLICIT-ADVERTISE***\n'));
	t.false(none.includes('RFC 2131'), 'v6 RELEASE is answered; only the v4 no-reply note is conditional');
});

test('a 2-way run reports 2-way exchanges', (t) => {
	const s = dora();
	s.mode = 'DO (2-way)';
	s.exchanges = [s.exchanges[0]!];
	t.true(formatReport(s).includes('Rate: 30995.833 2-way exchanges/second, expected rate: 50000\n'));
});

test('a lifecycle report counts clients that started over apart: their DISCOVERs are DO requests, not new clients of the asked rate', (t) => {
	const s = dora();
	const plain = formatReport(s);
	s.mode = 'DORA lifecycle';
	s.restarts = 74_400;
	const report = formatReport(s);
	t.true(report.includes('\nclients that started over: 74400 (a lease ended or was refused, or a decline): their DISCOVERs are counted below, not in the send rate\n'));
	const sentRate = (r: string) => Number(/achieved send rate: (\d+)\/s/.exec(r)![1]);
	// 374,400 DISCOVERs in 12 s: 31,200/s; less the restarts, 300,000 in 12 s: 25,000/s.
	t.is(sentRate(plain), 31_200);
	t.is(sentRate(report), 25_000);
	t.false(plain.includes('started over'), 'no line outside the lifecycle');
});

test('a shortfall only in the last interval is reported as such', (t) => {
	const s = sarr();
	s.rate = { ...s.rate, sent: 4_000, shortfall: true };
	t.true(formatReport(s).includes('RATE NOT REACHED: asked 5000/s, sent 4000/s in the last interval (20.0 % short)\n'));
});

test('a warm-up is said at the start and in the report, and a stop during it says nothing was measured', (t) => {
	const s = dora();
	s.warmUp = { seconds: 1, rate: 12_500, started: 12_500, cut: false };
	t.regex(plainStartLine(s), /, after a 1\.0s warm-up at 12500\/s \(not counted\)$/);
	t.true(formatReport(s).includes('\nwarm-up: 12500 exchanges in 1.0s at 12500/s before the run, not counted\n'));
	const cut = empty();
	cut.warmUp = { seconds: 3, rate: 500, started: 501, cut: true };
	t.true(formatReport(cut).includes('\nwarm-up: 501 exchanges at 500/s, cut short by the stop (nothing was measured), not counted\n'));
	t.false(formatReport(dora()).includes('warm-up'), 'no warm-up, no line');
});

test('an empty run reports n/a, never NaN, inf or -nan', (t) => {
	const report = formatReport(empty());
	t.notRegex(report, /NaN|nan|inf/i);
	t.true(report.includes('drops ratio: n/a (nothing settled)\n'));
	t.true(report.includes('delay: n/a (no answers)\n'));
	t.true(report.includes('achieved send rate: 0/s\n'));
});

test("an avalanche report says how long provisioning took (perfdhcp's sentence) and counts retransmissions apart", (t) => {
	const s = dora();
	s.state = 'done';
	s.mode = 'DORA avalanche';
	s.rate.asked = 0;
	// The coordinator never flags a shortfall without an asked rate.
	s.rate.shortfall = false;
	s.elapsedS = 33.456;
	s.exchanges = s.exchanges.slice(0, 2);
	s.exchanges[0] = { ...s.exchanges[0]!, retransmits: 7_000, duplicates: 55 };
	s.avalanche = { done: 99_990, provisioned: 99_000, retransmits: 7_000 };
	const report = formatReport(s, { exitReason: 'every client done (avalanche); drained 0.250 s' });
	t.true(report.includes('\nIt took 00:00:33.46 to provision 99000 clients\n'));
	t.true(report.includes('\navalanche: 99000 of 100000 clients provisioned, 990 rejected or gave up, 10 not done; 7000 retransmissions\n'));
	t.true(report.includes('\nasked rate: all at once\n'));
	t.false(report.includes('RATE NOT REACHED'));
	t.true(report.includes('\nduplicates: 55\nmalformed: 3\nretransmissions: 7000\n'));
	t.regex(report, /avalanche: sent counts requests, not transmissions; a delay runs from a request's first transmission/);
	const line = plainLine(s);
	t.regex(line, /^\[ *33\.5s\] sent \S+ \(asked all at once\) answered \S+ \| clients done 99990\/100000 provisioned 99000 retx 7000 \| DO sent /);
	t.regex(line, / dup 55 retx 7000 \| RA /);
});
