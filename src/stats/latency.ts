/**
 * Latency distributions in microseconds, recorded into HDR histograms (hdr-histogram-js): exact
 * percentiles at 3 significant digits from 1 µs to 60 s, where perfdhcp keeps only min, mean and
 * standard deviation (Kea src/bin/perfdhcp/stats_mgr.h). The plain JS Int32 histogram costs ~0.1 µs per
 * record, so 50,000 records/s take about 0.5 % of a core (hdr-histogram-js 3 with its JS Int32 counts, measured over 5M records).
 */
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** 60 s in µs: anything slower is clamped to this and still counted. */
export const HIGHEST_TRACKABLE_US = 60_000_000;

export function newHistogram(): Histogram {
	return hdr.build({
		bitBucketSize: 32,
		lowestDiscernibleValue: 1,
		highestTrackableValue: HIGHEST_TRACKABLE_US,
		numberOfSignificantValueDigits: 3,
		useWebAssembly: false,
	});
}

/** Records one latency, clamped into the trackable range (a 0 µs loopback reply counts as 1 µs). */
export function recordUs(h: Histogram, us: number): void {
	h.recordValue(us < 1 ? 1 : us > HIGHEST_TRACKABLE_US ? HIGHEST_TRACKABLE_US : Math.round(us));
}

/** The figures every report prints: perfdhcp's min/mean/stddev/max plus percentiles. */
export interface LatencySummary {
	count: number;
	min: number;
	mean: number;
	stddev: number;
	p50: number;
	p90: number;
	p99: number;
	p999: number;
	max: number;
}

/** Summary in µs; all zero for an empty histogram (never NaN or Infinity, unlike perfdhcp's `-nan`). */
export function summarize(h: Histogram): LatencySummary {
	const count = h.totalCount;
	if (count === 0) return { count: 0, min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
	return withinExtremes({
		count,
		min: h.minNonZeroValue,
		mean: round(h.mean),
		stddev: round(h.stdDeviation),
		p50: h.getValueAtPercentile(50),
		p90: h.getValueAtPercentile(90),
		p99: h.getValueAtPercentile(99),
		p999: h.getValueAtPercentile(99.9),
		max: h.maxValue,
	});
}

/**
 * A percentile is the highest value equivalent to its bucket (HdrHistogram's definition, 3
 * significant digits), which can lie above the largest value recorded (p99.9 69.503 ms beside a
 * max of 69.491 ms) or below the smallest; the extremes are exact, so no percentile is reported
 * outside them.
 */
export function withinExtremes(s: LatencySummary): LatencySummary {
	const clamp = (v: number): number => Math.min(s.max, Math.max(s.min, v));
	return { ...s, p50: clamp(s.p50), p90: clamp(s.p90), p99: clamp(s.p99), p999: clamp(s.p999) };
}

function round(n: number): number {
	return Math.round(n * 10) / 10;
}

/**
 * A histogram's non-zero buckets as `[index, count, index, count, …]` with its exact extremes,
 * for posting from worker threads (a Histogram cannot be cloned). Walking the ~17,000 buckets
 * takes 0.06–0.13 ms (1.3 ms the first, cold time); the compressed base64 encoding took 0.7–6 ms
 * per histogram, a stall in the worker's sending loop at every collection (measured with Node 20).
 */
export interface BucketCounts {
	min: number;
	max: number;
	counts: number[];
}

export function bucketCounts(h: Histogram): BucketCounts {
	const js = h as unknown as hdr.JsHistogram;
	const counts: number[] = [];
	if (h.totalCount > 0) {
		for (let i = 0; i < js.countsArrayLength; i++) {
			const n = js.getCountAtIndex(i);
			if (n !== 0) counts.push(i, n);
		}
	}
	return { min: h.minNonZeroValue, max: h.maxValue, counts };
}

/**
 * Adds {@link bucketCounts} of a histogram built by {@link newHistogram} into `into` (same layout,
 * so indexes match). One count of the lowest and of the highest bucket is recorded as the exact
 * min and max, so the extremes come out as a direct `add` gives them.
 */
export function addBucketCounts(into: Histogram, b: BucketCounts): void {
	const js = into as unknown as hdr.JsHistogram;
	const c = b.counts;
	const last = c.length - 2;
	for (let k = 0; k <= last; k += 2) {
		let n = c[k + 1]!;
		if (k === 0) {
			into.recordValue(b.min);
			n--;
		}
		if (k === last && n > 0) {
			into.recordValue(b.max);
			n--;
		}
		if (n > 0) js.recordValueWithCount(js.valueFromIndex(c[k]!), n);
	}
}

/** `1234` µs → `1.234 ms`, `56` → `56 µs`, `2500000` → `2.500 s`. */
export function formatUs(us: number): string {
	if (us < 1000) return `${Math.round(us)} µs`;
	if (us < 1_000_000) return `${(us / 1000).toFixed(3)} ms`;
	return `${(us / 1_000_000).toFixed(3)} s`;
}
