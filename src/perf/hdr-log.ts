/**
 * `--hdr-log FILE`: the latency of every report interval as an HdrHistogram interval log
 * (format 1.3), one tagged line per exchange (`Tag=DO`, `Tag=RA`, …), readable by
 * hdr-histogram-js's HistogramLogReader and the HdrHistogram log tools (HistogramLogAnalyzer,
 * HdrLogProcessing). Values are µs; the Interval_Max column is in ms (maxValueUnitRatio 1000).
 * Lines are written synchronously as they are produced, so an interrupted run keeps its log.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import * as hdr from 'hdr-histogram-js';
import { UserError } from '../exit-codes.js';
import type { Histogram } from '../stats/latency.js';

export class HdrLog {
	private readonly fd: number;
	private readonly writer: hdr.HistogramLogWriter;
	private closed = false;

	constructor(path: string, startWallMs: number, comment: string) {
		try {
			this.fd = openSync(path, 'w', 0o644);
		} catch (error) {
			throw new UserError(`--hdr-log ${path}: cannot create (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
		this.writer = new hdr.HistogramLogWriter((line) => {
			if (!this.closed) writeSync(this.fd, line);
		});
		this.writer.outputComment(comment);
		this.writer.outputLogFormatVersion();
		this.writer.outputStartTime(startWallMs);
		this.writer.baseTime = startWallMs;
		this.writer.outputLegend();
	}

	/** One interval of one exchange; `startS` / `endS` are seconds since the run started. */
	interval(tag: string, h: Histogram, startS: number, endS: number): void {
		if (h.totalCount === 0) return;
		h.tag = tag;
		this.writer.outputIntervalHistogram(h, startS, endS, 1000);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		closeSync(this.fd);
	}
}
