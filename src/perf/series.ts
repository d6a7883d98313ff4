/**
 * The run as a series of report intervals, and its whole-run latency distribution: what the JSON
 * summary keeps (`series`, `exchanges.*.distributionUs`), what `--csv` and `--jsonl` write one
 * line at a time, and what the HTML report plots. Built by an observer from the snapshots and
 * interval histograms the run loop hands it (observer.ts); it reaches into nothing. Pure: the
 * wall clock is passed in.
 */
import { addBucketCounts, bucketCounts, newHistogram, type Histogram } from '../stats/latency.js';
import { askedOver } from './lifecycle.js';
import type { IntervalReport, RunOutcome } from './observer.js';
import type { PerfSnapshot } from './snapshot.js';
import type { ExchangeCounters, ExchangeName } from './accounting.js';
import { finalExchange } from './verdict.js';

/** One exchange type over one interval: counts of what happened in it, latency of its `ok` answers. */
export interface IntervalExchange {
	/** Requests started in the interval. */
	sent: number;
	ok: number;
	rejected: number;
	timeouts: number;
	late: number;
	/** Requests waiting for an answer at the interval's end (a level, not a count of the interval). */
	inFlight: number;
	/** Answers whose latency is in the percentiles below. */
	count: number;
	p50Us: number;
	p90Us: number;
	p99Us: number;
	maxUs: number;
}

export interface IntervalRow {
	/** The interval's end, ISO 8601 (UTC, ms). */
	time: string;
	/** Seconds of the measured run. */
	fromS: number;
	toS: number;
	/** Per second of the interval's sending time: the asked rate (time-weighted when it changed), exchanges started, final-stage exchanges completed. */
	asked: number;
	sent: number;
	completed: number;
	exchanges: Partial<Record<ExchangeName, IntervalExchange>>;
}

/** A percentile (0–100) and the latency at it, µs: a point of the HdrHistogram percentile plot. */
export type DistributionPoint = [percentile: number, us: number];

/**
 * The percentiles the distribution keeps: HdrHistogram's percentile plot spreads them evenly on
 * a scale of 1/(1 − p), halving the distance to 100 % at each step (HdrHistogram's
 * `outputPercentileDistribution`, 5 ticks per half), down to 99.999 %.
 */
const DISTRIBUTION_PERCENTILES: readonly number[] = (() => {
	const out: number[] = [];
	for (let half = 0; half < 17; half++) {
		const lo = 100 - 100 / 2 ** half;
		const hi = 100 - 100 / 2 ** (half + 1);
		for (let k = 0; k < 5; k++) out.push(lo + ((hi - lo) * k) / 5);
	}
	return out.filter((p) => p <= 99.999);
})();

const ms3 = (s: number): number => Math.round(s * 1000) / 1000;
const one = (n: number): number => Math.round(n * 10) / 10;

/** The whole-run percentile plot of a histogram, ending at its maximum (100 %). */
export function distributionOf(h: Histogram): DistributionPoint[] {
	if (h.totalCount === 0) return [];
	// A percentile is its bucket's highest equivalent value, which can lie past the exact maximum (as withinExtremes keeps the summary's).
	const points: DistributionPoint[] = DISTRIBUTION_PERCENTILES.map((p) => [Math.round(p * 1e4) / 1e4, Math.min(h.getValueAtPercentile(p), h.maxValue)]);
	points.push([100, h.maxValue]);
	return points;
}

/**
 * Builds the rows of one run, interval by interval: counts are the differences of the run's
 * cumulative counters between two rows, so the rows of a run add up to its totals.
 */
export class IntervalSeries {
	readonly rows: IntervalRow[] = [];
	private last: readonly ExchangeCounters[] | null = null;
	private startWallMs: number | null = null;
	/** The whole run's latency per exchange, added up from the interval histograms. */
	private readonly whole = new Map<ExchangeName, Histogram>();

	constructor(private readonly keepDistribution = false) {}

	/**
	 * The row of one report interval. `wallMs`: the wall clock now (the interval's end);
	 * `sendingEndS`: where sending stopped, when it did (the final interval's rates are per second
	 * of sending, as every other rate of the run).
	 */
	add(s: PerfSnapshot, report: IntervalReport, wallMs: number, sendingEndS = Infinity): IntervalRow {
		this.startWallMs ??= wallMs - report.toS * 1000;
		const rateS = Math.min(report.toS, sendingEndS) - report.fromS;
		const per = (n: number): number => (rateS > 0.001 ? one(n / rateS) : 0);
		const exchanges: IntervalRow['exchanges'] = {};
		s.exchanges.forEach((e, i) => {
			const before = this.last?.[i];
			const d = (k: keyof ExchangeCounters): number => e[k] - (before?.[k] ?? 0);
			const l = e.intervalLatencyUs;
			exchanges[e.name] = { sent: d('sent'), ok: d('ok'), rejected: d('rejected'), timeouts: d('timeouts'), late: d('late'), inFlight: e.inFlight, count: l.count, p50Us: l.p50, p90Us: l.p90, p99Us: l.p99, maxUs: l.max };
		});
		if (this.keepDistribution) {
			for (const { name, histogram } of report.latency) {
				if (histogram.totalCount === 0) continue;
				let h = this.whole.get(name);
				if (!h) this.whole.set(name, (h = newHistogram()));
				addBucketCounts(h, bucketCounts(histogram));
			}
		}
		const first = s.exchanges[0];
		const final = finalExchange(s.exchanges);
		const finalIndex = final ? s.exchanges.indexOf(final) : 0;
		const started = first ? first.sent - (this.last?.[0]?.sent ?? 0) : 0;
		const completed = final ? final.ok - (this.last?.[finalIndex]?.ok ?? 0) : 0;
		const row: IntervalRow = {
			time: new Date(this.startWallMs + report.toS * 1000).toISOString(),
			fromS: ms3(report.fromS),
			toS: ms3(report.toS),
			asked: one(askedOver(s.rate.askedChanges ?? [{ atS: 0, rate: s.rate.asked }], report.fromS, Math.min(report.toS, sendingEndS))),
			sent: per(started),
			completed: per(completed),
			exchanges,
		};
		this.last = s.exchanges.map((e) => ({ ...e }));
		this.rows.push(row);
		return row;
	}

	/** The final interval (up to the end of the drain), when it is not empty. */
	finish(o: RunOutcome, wallMs: number): IntervalRow | null {
		if (o.lastInterval.toS - o.lastInterval.fromS <= 0.001) return null;
		return this.add(o.snapshot, o.lastInterval, wallMs, o.durationS + o.pausedS);
	}

	/** Each exchange's whole-run percentile plot (with `keepDistribution`). */
	distributions(): Partial<Record<ExchangeName, DistributionPoint[]>> {
		const out: Partial<Record<ExchangeName, DistributionPoint[]>> = {};
		for (const [name, h] of this.whole) out[name] = distributionOf(h);
		return out;
	}
}
