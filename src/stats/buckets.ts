/**
 * Log-spaced latency buckets for the histogram display, built from an HDR histogram of µs.
 * The perf run loop calls {@link latencyBuckets} once per report interval with the whole-run
 * histogram; the dashboard only draws what it gets.
 */
import { bucketCounts, HIGHEST_TRACKABLE_US, type Histogram } from './latency.js';

/** Log-spaced latency buckets of a histogram, for the histogram display. */
export interface LatencyBuckets {
	/** Upper bound of each bucket, µs, increasing; the last is the histogram's maximum. */
	upperUs: number[];
	counts: number[];
}

/**
 * Upper bounds in 1-2-5 steps from 10 µs to 50 s, then the histogram's 60 s ceiling:
 * 10, 20, 50, 100, …, 50_000_000, 60_000_000.
 */
export const BUCKET_BOUNDS_US: readonly number[] = (() => {
	const bounds: number[] = [];
	for (let decade = 10; decade < HIGHEST_TRACKABLE_US; decade *= 10) {
		for (const step of [1, 2, 5]) {
			const b = decade * step;
			if (b < HIGHEST_TRACKABLE_US) bounds.push(b);
		}
	}
	bounds.push(HIGHEST_TRACKABLE_US);
	return bounds;
})();

/** The part of hdr-histogram-js's JsHistogram this module reads (not in its `Histogram` interface). */
interface IndexedHistogram {
	valueFromIndex(index: number): number;
}

function isIndexed(h: Histogram): h is Histogram & IndexedHistogram {
	return typeof (h as unknown as Partial<IndexedHistogram>).valueFromIndex === 'function';
}

/**
 * Counts of `h` per bucket of `bounds` (bucket i holds values in (bounds[i-1], bounds[i]], the
 * first from 0), trimmed to the range from the first to the last non-empty bucket. A value is
 * placed by the low end of its HDR sub-bucket, so a bound is exact to the histogram's 3
 * significant digits. An empty histogram gives empty arrays.
 *
 * Cost: one walk over the histogram's counts (bucketCounts, ~0.1 ms), then its non-zero entries:
 * cheap enough for every dashboard frame, so the histogram panel shows the same instant as the
 * counters beside it. (hdr-histogram-js's recordedValuesIterator, used before, allocates per
 * entry: 4–60 ms for a 200,000-answer histogram on a busy 2-core host.) It needs a JS histogram
 * (src/stats/latency.ts `newHistogram()` builds one); a WebAssembly one is refused with a TypeError.
 */
export function latencyBuckets(h: Histogram, bounds: readonly number[] = BUCKET_BOUNDS_US): LatencyBuckets {
	if (!isIndexed(h)) throw new TypeError('latencyBuckets needs a JS hdr-histogram (useWebAssembly: false)');
	const counts = new Array<number>(bounds.length).fill(0);
	const c = bucketCounts(h).counts;
	let i = 0;
	for (let k = 0; k < c.length; k += 2) {
		const value = h.valueFromIndex(c[k]!);
		// Indexes, and so values, increase: the bucket index only moves forward.
		while (i < bounds.length - 1 && value > bounds[i]!) i++;
		counts[i]! += c[k + 1]!;
	}
	return trimBuckets({ upperUs: [...bounds], counts });
}

/** Drops the empty buckets before the first and after the last non-empty one. */
export function trimBuckets(b: LatencyBuckets): LatencyBuckets {
	const first = b.counts.findIndex((c) => c > 0);
	if (first < 0) return { upperUs: [], counts: [] };
	let last = b.counts.length - 1;
	while (b.counts[last] === 0) last--;
	return { upperUs: b.upperUs.slice(first, last + 1), counts: b.counts.slice(first, last + 1) };
}

/**
 * Merges neighbouring buckets until there are at most `maxRows` (a short terminal). Each merged
 * bucket keeps the upper bound of its last member, so the labels stay true; counts are summed.
 */
export function mergeBuckets(b: LatencyBuckets, maxRows: number): LatencyBuckets {
	const n = b.counts.length;
	if (maxRows < 1 || n <= maxRows) return b;
	const per = Math.ceil(n / maxRows);
	const upperUs: number[] = [];
	const counts: number[] = [];
	for (let start = 0; start < n; start += per) {
		const end = Math.min(n, start + per);
		let sum = 0;
		for (let i = start; i < end; i++) sum += b.counts[i]!;
		upperUs.push(b.upperUs[end - 1]!);
		counts.push(sum);
	}
	return { upperUs, counts };
}
