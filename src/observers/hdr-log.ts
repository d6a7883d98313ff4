/**
 * `--hdr-log FILE`: the latency of every report interval as an HdrHistogram interval log
 * (format 1.3), one tagged line per exchange (`Tag=DO`, `Tag=RA`, …), readable by
 * hdr-histogram-js's HistogramLogReader and the HdrHistogram log tools (HistogramLogAnalyzer,
 * HdrLogProcessing). Values are µs; the Interval_Max column is in ms (maxValueUnitRatio 1000).
 * Lines are written synchronously as they are produced, so an interrupted run keeps its log.
 */
import * as hdr from 'hdr-histogram-js';
import type { IntervalReport, PerfObserver, RunOutcome } from '../perf/observer.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { OutputFile } from './output-file.js';

/**
 * The file is created when the observer is made, before the run opens its sockets, so a bad
 * path is an error before any packet is sent; the header is written when the run starts.
 */
export class HdrLogObserver implements PerfObserver {
	private readonly file: OutputFile;
	private readonly writer: hdr.HistogramLogWriter;

	constructor(path: string) {
		this.file = new OutputFile('--hdr-log', path);
		this.writer = new hdr.HistogramLogWriter((line) => this.file.write(line));
	}

	start(first: PerfSnapshot): void {
		const startWallMs = Date.now();
		this.writer.outputComment(`dhcpulse perf ${first.mode} ${first.target}, values in µs`);
		this.writer.outputLogFormatVersion();
		this.writer.outputStartTime(startWallMs);
		this.writer.baseTime = startWallMs;
		this.writer.outputLegend();
	}

	interval(_s: PerfSnapshot, report: IntervalReport): void {
		this.write(report);
	}

	finish(outcome: RunOutcome): void {
		this.write(outcome.lastInterval);
		this.file.close(true);
	}

	close(): void {
		this.file.close();
	}

	/** One line per exchange with answers in the interval; times are seconds since the run started. */
	private write(report: IntervalReport): void {
		for (const { name, histogram } of report.latency) {
			if (histogram.totalCount === 0) continue;
			histogram.tag = name;
			this.writer.outputIntervalHistogram(histogram, report.fromS, report.toS, 1000);
		}
	}
}
