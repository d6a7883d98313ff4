import test from 'ava';
import { BUCKET_BOUNDS_US, latencyBuckets, mergeBuckets, trimBuckets } from '../src/stats/buckets.js';
import { newHistogram, recordUs, type Histogram } from '../src/stats/latency.js';

test('bounds step 1-2-5 from 10 µs to 50 s, then the 60 s ceiling', (t) => {
	t.deepEqual(BUCKET_BOUNDS_US.slice(0, 7), [10, 20, 50, 100, 200, 500, 1000]);
	t.deepEqual(BUCKET_BOUNDS_US.slice(-3), [20_000_000, 50_000_000, 60_000_000]);
	t.is(BUCKET_BOUNDS_US.length, 22);
});

test('each value lands in the bucket whose upper bound is the first at or above it, trimmed to the populated range', (t) => {
	const h = newHistogram();
	for (const us of [5, 10, 11, 300, 300, 300, 1000, 1001, 45_000]) recordUs(h, us);
	t.deepEqual(latencyBuckets(h), {
		upperUs: [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000],
		counts: [2, 1, 0, 0, 0, 3, 1, 1, 0, 0, 0, 1],
	});
});

function logUniform(n: number, max: number): number[] {
	const values: number[] = [];
	let seed = 12345;
	for (let i = 0; i < n; i++) {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		values.push(Math.max(1, Math.round(Math.exp((seed / 2 ** 31) * Math.log(max)))));
	}
	return values;
}

test('below 2048 µs, where the HDR histogram is exact, bucket counts equal a direct count of the values', (t) => {
	const h = newHistogram();
	const values = logUniform(20_000, 2047);
	for (const v of values) recordUs(h, v);
	const b = latencyBuckets(h);
	t.is(b.upperUs.at(-1), 5000);
	b.upperUs.forEach((upper, i) => {
		const lower = i === 0 ? 0 : b.upperUs[i - 1]!;
		t.is(b.counts[i], values.filter((v) => v > lower && v <= upper).length, `bucket ≤${upper}`);
	});
	h.destroy();
});

test('over the whole range, bucket counts add up to the total and stay within the 3-digit resolution of a direct count', (t) => {
	const h = newHistogram();
	const values = logUniform(20_000, 30_000_000);
	for (const v of values) recordUs(h, v);
	const b = latencyBuckets(h);
	t.is(
		b.counts.reduce((a, c) => a + c, 0),
		h.totalCount,
	);
	b.upperUs.forEach((upper, i) => {
		const lower = i === 0 ? 0 : b.upperUs[i - 1]!;
		// A bound may share an HDR sub-bucket with values up to 0.1 % above it.
		const loose = values.filter((v) => v > lower * 1.001 && v <= upper).length;
		const wide = values.filter((v) => v > lower && v <= upper * 1.001).length;
		t.true(b.counts[i]! >= loose && b.counts[i]! <= wide, `bucket ≤${upper}: ${b.counts[i]} not in [${loose}, ${wide}]`);
	});
	h.destroy();
});

test('a latency clamped to 60 s is counted in the last bucket', (t) => {
	const h = newHistogram();
	recordUs(h, 1e12);
	t.deepEqual(latencyBuckets(h), { upperUs: [60_000_000], counts: [1] });
});

test('an empty histogram gives no buckets', (t) => {
	t.deepEqual(latencyBuckets(newHistogram()), { upperUs: [], counts: [] });
});

test('a histogram without a value iterator (WebAssembly) is refused', (t) => {
	t.throws(() => latencyBuckets({ totalCount: 0 } as unknown as Histogram), { instanceOf: TypeError });
});

test('trimming drops only the empty buckets at both ends', (t) => {
	t.deepEqual(trimBuckets({ upperUs: [1, 2, 3, 4, 5], counts: [0, 4, 0, 2, 0] }), { upperUs: [2, 3, 4], counts: [4, 0, 2] });
	t.deepEqual(trimBuckets({ upperUs: [1, 2], counts: [0, 0] }), { upperUs: [], counts: [] });
});

test('merging neighbours keeps every count and the true upper bounds', (t) => {
	const b = { upperUs: [50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000], counts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
	t.deepEqual(mergeBuckets(b, 4), { upperUs: [200, 2000, 20_000, 100_000], counts: [6, 15, 24, 21] });
	t.is(mergeBuckets(b, 11), b, 'already fits: unchanged');
	t.is(mergeBuckets(b, 20), b);
});
