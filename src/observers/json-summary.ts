/**
 * `--json FILE|-`: the run summary (perf/json.ts) written when the run is over. The file is
 * created when the observer is made, before the run opens a socket, so a path that cannot be
 * written is an error before any packet is sent, not after the whole run.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { outputError } from '../os/output-error.js';
import { perfJsonOf } from '../perf/json.js';
import type { IntervalReport, PerfObserver, RunOutcome } from '../perf/observer.js';
import { IntervalSeries } from '../perf/series.js';
import type { PerfSnapshot } from '../perf/snapshot.js';

export class JsonSummaryObserver implements PerfObserver {
	private fd: number | null = null;
	/** The interval rows and whole-run distributions the summary keeps. */
	private readonly series = new IntervalSeries(true);

	/** `target`: a file path, or `-` for stdout. */
	constructor(private readonly target: string) {
		if (target === '-') return;
		try {
			this.fd = openSync(target, 'w', 0o644);
		} catch (error) {
			throw outputError('--json', target, 'create', error);
		}
	}

	interval(s: PerfSnapshot, report: IntervalReport): void {
		this.series.add(s, report, Date.now());
	}

	finish(o: RunOutcome): void {
		this.series.finish(o, Date.now());
		const doc = `${JSON.stringify(perfJsonOf(o, this.series), null, 2)}\n`;
		if (this.fd === null) {
			process.stdout.write(doc);
			return;
		}
		try {
			writeSync(this.fd, doc);
		} catch (error) {
			throw outputError('--json', this.target, 'write', error);
		} finally {
			this.close();
		}
	}

	close(): void {
		if (this.fd === null) return;
		closeSync(this.fd);
		this.fd = null;
	}
}
