import test from 'ava';
import { bar, dropFraction, formatBound, formatMsCell, formatMsShort, sparkline, truncate } from '../src/ui/format.js';
import { nextRate } from '../src/ui/rate-step.js';

test('+/- steps are 10 % of the rate, at least 1/s, never below 1/s', (t) => {
	t.is(nextRate(50_000, 1), 55_000);
	t.is(nextRate(50_000, -1), 45_000);
	t.is(nextRate(5, 1), 6);
	t.is(nextRate(5, -1), 4);
	t.is(nextRate(1, -1), 1);
	t.is(nextRate(0, 1), 2, 'a zero or missing rate counts as 1/s');
	t.is(nextRate(Number.NaN, -1), 1);
});

test('bars are full blocks plus one eighth block, padded to the width', (t) => {
	t.is(bar(1, 4), '████');
	t.is(bar(0.5, 4), '██  ');
	t.is(bar(0.53, 4), '██▏ ');
	t.is(bar(0.9375, 2), '█▉');
	t.is(bar(0.875, 2), '█▊');
	t.is(bar(0, 4), '    ');
	t.is(bar(0, 4, true), '▏   ', 'a visible bar is never empty');
	t.is(bar(Number.NaN, 3), '   ');
	t.is(bar(7, 3), '███', 'clamped to the width');
});

test('sparklines scale to the given maximum and keep the newest values', (t) => {
	t.is(sparkline([0, 50, 100], 100, 10), '▁▅█');
	t.is(sparkline([1, 2, 3, 4], 4, 2), '▆█');
	t.is(sparkline([5, 5], 0, 5), '▁▁');
	t.is(sparkline([], 10, 5), '');
	t.is(sparkline([Number.NaN, 200], 100, 5), '▁█');
});

test('latency cells are milliseconds at three significant digits, in plain ASCII', (t) => {
	t.deepEqual([0, 5, 47, 999, 1000, 1234, 12_345, 123_456, 999_999, 1_234_567, 60_000_000].map(formatMsCell), ['0.000', '0.005', '0.047', '0.999', '1.00', '1.23', '12.3', '123', '1000', '1235', '60000']);
	t.deepEqual([420, 1900, 12_340, 150_000, 0].map(formatMsShort), ['0.42ms', '1.9ms', '12.3ms', '150ms', '0ms']);
	t.deepEqual([10, 500, 1000, 20_000, 2_000_000, 60_000_000].map(formatBound), ['10µs', '500µs', '1ms', '20ms', '2s', '60s']);
});

test('drop fraction counts settled requests only and is undefined without replies', (t) => {
	const base = { sent: 100, ok: 90, rejected: 5, timeouts: 5, late: 0, orphans: 0, duplicates: 0, malformed: 0, retransmits: 0, inFlight: 0, expectsReply: true };
	t.is(dropFraction(base), 0.05);
	t.is(dropFraction({ ...base, sent: 1100, inFlight: 1000 }), 0.05, 'in-flight requests are not drops');
	t.is(dropFraction({ ...base, expectsReply: false }), null);
	t.is(dropFraction({ ...base, ok: 0, rejected: 0, timeouts: 0 }), null);
});

test('truncation marks the cut', (t) => {
	t.is(truncate('abcdef', 4), 'abc…');
	t.is(truncate('abc', 4), 'abc');
	t.is(truncate('abc', 0), '');
});
