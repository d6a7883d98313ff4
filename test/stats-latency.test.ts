import test from 'ava';
import { addBucketCounts, bucketCounts, formatUs, newHistogram, recordUs, summarize } from '../src/stats/latency.js';
import { fastSummary } from '../src/perf/summary.js';
import { mulberry32 } from '../src/prng.js';

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

test('no percentile lies above the largest value recorded or below the smallest, in either summary', (t) => {
	const h = newHistogram();
	// 69,491 µs shares its 3-significant-digit bucket with values up to 69,503 µs.
	for (let i = 0; i < 999; i++) recordUs(h, 200);
	recordUs(h, 69_491);
	const merged = newHistogram();
	addBucketCounts(merged, bucketCounts(h));
	for (const s of [summarize(h), fastSummary(merged)]) {
		t.is(s.max, 69_491);
		t.is(s.p999, 200);
		t.true(s.p99 <= s.max && s.p999 <= s.max, JSON.stringify(s));
	}
	const top = newHistogram();
	for (let i = 0; i < 10; i++) recordUs(top, 69_491);
	for (const s of [summarize(top), fastSummary(top)]) {
		t.is(s.p50, 69_491, "a bucket's upper end is not reported past the maximum");
		t.is(s.p999, 69_491);
		t.is(s.min, 69_491);
	}
});

test('an empty histogram summarises to zeros, never NaN', (t) => {
	const s = summarize(newHistogram());
	t.deepEqual(
		Object.values(s).filter((v) => !Number.isFinite(v)),
		[],
	);
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

test('histograms from workers merge through their bucket counts exactly as a direct add', (t) => {
	const a = newHistogram();
	const b = newHistogram();
	for (let i = 0; i < 100; i++) recordUs(a, 100);
	for (let i = 0; i < 100; i++) recordUs(b, 300);
	for (const us of [1, 57, 1234, 98_765, 2_500_000, 59_999_999]) recordUs(b, us);
	const total = newHistogram();
	addBucketCounts(total, bucketCounts(a));
	addBucketCounts(total, bucketCounts(b));
	const direct = newHistogram();
	direct.add(a);
	direct.add(b);
	t.deepEqual(summarize(total), summarize(direct));
	t.is(summarize(total).count, 206);
	t.is(summarize(total).min, 1);
	t.is(summarize(total).max, 59_999_999);
	t.deepEqual(bucketCounts(newHistogram()).counts, []);
});

test('latencies print in the unit that suits them', (t) => {
	t.is(formatUs(56), '56 µs');
	t.is(formatUs(1234), '1.234 ms');
	t.is(formatUs(2_500_000), '2.500 s');
});

test('the fast summary gives the figures hdr-histogram-js computes, for any spread of latencies', (t) => {
	const random = mulberry32(7);
	const shapes: ((i: number) => number)[] = [() => 250, (i) => 1 + i, () => 50 + random() * 400, () => Math.exp(random() * 17), (i) => (i % 100 === 0 ? 59_000_000 : 80 + random() * 40)];
	for (const [k, shape] of shapes.entries()) {
		for (const n of [1, 7, 999, 20_000]) {
			const h = newHistogram();
			for (let i = 0; i < n; i++) recordUs(h, shape(i));
			t.deepEqual(fastSummary(h), summarize(h), `shape ${k}, ${n} values`);
		}
	}
	t.deepEqual(fastSummary(newHistogram()), summarize(newHistogram()));
});
