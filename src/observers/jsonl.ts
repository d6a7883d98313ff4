/**
 * `--jsonl FILE`: one JSON object per report interval and line, the rows of the JSON summary's
 * `series` (src/perf/series.ts, docs/json-schema.md), written as the run goes, so `tail -f` or a
 * log shipper can follow a long run.
 */
import type { IntervalReport, PerfObserver, RunOutcome } from '../perf/observer.js';
import { IntervalSeries } from '../perf/series.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { OutputFile } from './output-file.js';

export class JsonLinesObserver implements PerfObserver {
	private readonly file: OutputFile;
	private readonly series = new IntervalSeries();

	constructor(path: string) {
		this.file = new OutputFile('--jsonl', path);
	}

	interval(s: PerfSnapshot, report: IntervalReport): void {
		this.file.writeLine(JSON.stringify(this.series.add(s, report, Date.now())));
	}

	finish(o: RunOutcome): void {
		const row = this.series.finish(o, Date.now());
		if (row) this.file.writeLine(JSON.stringify(row));
		this.file.close(true);
	}

	close(): void {
		this.file.close();
	}
}
