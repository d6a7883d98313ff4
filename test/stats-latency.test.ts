import test from 'ava';
import { addEncoded, encodeHistogram, formatUs, newHistogram, recordUs, summarize } from '../src/stats/latency.js';

test('a summary gives exact order statistics of what was recorded', (t) => {
	const h = newHistogram();
	for (let us = 1; us <= 1000; us++) recordUs(h, us);
	const s = summarize(h);
	t.is(s.count, 1000);
	t.is(s.min, 1);
	t.is(s.max, 1000);
	t.is(s.p50, 500);
	t.is(s.p90, 900);
	t.is(s.p99, 990);
	t.is(s.p999, 999);
	t.is(s.mean, 500.5);
	t.true(Math.abs(s.stddev - 288.7) < 0.5);
});

test('an empty histogram summarises to zeros, never NaN', (t) => {
	const s = summarize(newHistogram());
	t.deepEqual(Object.values(s).filter((v) => !Number.isFinite(v)), []);
	t.is(s.count, 0);
});

test('out-of-range latencies are clamped and still counted', (t) => {
	const h = newHistogram();
	recordUs(h, 0);
	recordUs(h, 1e12);
	const s = summarize(h);
	t.is(s.count, 2);
	t.is(s.min, 1);
	t.true(s.max >= 59_000_000);
});

test('histograms from workers merge through their encoded form', (t) => {
	const a = newHistogram();
	const b = newHistogram();
	for (let i = 0; i < 100; i++) recordUs(a, 100);
	for (let i = 0; i < 100; i++) recordUs(b, 300);
	const total = newHistogram();
	addEncoded(total, encodeHistogram(a));
	addEncoded(total, encodeHistogram(b));
	const s = summarize(total);
	t.is(s.count, 200);
	t.is(s.p50, 100);
	t.is(s.max, 300);
});

test('latencies print in the unit that suits them', (t) => {
	t.is(formatUs(56), '56 µs');
	t.is(formatUs(1234), '1.234 ms');
	t.is(formatUs(2_500_000), '2.500 s');
});
