/**
 * `--json FILE|-`: the run summary (perf/json.ts) written when the run is over. The file is
 * created when the observer is made, before the run opens a socket, so a path that cannot be
 * written is an error before any packet is sent, not after the whole run.
 */
import { perfJsonOf } from '../perf/json.js';
import type { IntervalReport, PerfObserver, RunOutcome } from '../perf/observer.js';
import { IntervalSeries } from '../perf/series.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { OutputFile } from './output-file.js';

export class JsonSummaryObserver implements PerfObserver {
	/** Null for `-`: the document goes to stdout. */
	private readonly file: OutputFile | null;
	/** The interval rows and whole-run distributions the summary keeps. */
	private readonly series = new IntervalSeries(true);

	/** `target`: a file path, or `-` for stdout. */
	constructor(target: string) {
		this.file = target === '-' ? null : new OutputFile('--json', target);
	}

	interval(s: PerfSnapshot, report: IntervalReport): void {
		this.series.add(s, report, Date.now());
	}

	finish(o: RunOutcome): void {
		this.series.finish(o, Date.now());
		const doc = `${JSON.stringify(perfJsonOf(o, this.series), null, 2)}\n`;
		if (this.file === null) {
			process.stdout.write(doc);
			return;
		}
		this.file.write(doc);
		this.file.close(true);
	}

	close(): void {
		this.file?.close();
	}
}
