/**
 * The final text report (ui/report.ts, perfdhcp's sections) once the run is over: on the
 * terminal, below the dashboard's summary or the interval lines, or with `--text-report FILE`
 * in that file instead. The file is created when the observer is made, before the run opens a
 * socket, so a path that cannot be written is an error before any packet is sent.
 */
import type { PerfObserver, RunOutcome } from '../perf/observer.js';
import { formatLedger } from '../ui/ledger.js';
import { formatReport } from '../ui/report.js';
import { OutputFile } from './output-file.js';

export class TextReportObserver implements PerfObserver {
	private readonly file: OutputFile | null;

	/** `path`: where the report goes instead of `out` (--text-report), or undefined for `out`. */
	constructor(
		private readonly out: (text: string) => void,
		path?: string,
	) {
		this.file = path === undefined ? null : new OutputFile('--text-report', path);
	}

	finish(outcome: RunOutcome): void {
		const ledger = outcome.ledger
			? formatLedger(outcome.ledger)
					.map((line) => `${line}\n`)
					.join('')
			: '';
		const report = formatReport(outcome.snapshot, { exitReason: outcome.verdict.exitReason, thresholds: outcome.verdict.thresholds, generator: outcome, uniqueness: outcome.uniqueness }) + ledger;
		if (this.file === null) {
			this.out(report);
			return;
		}
		this.file.write(report);
		this.file.close(true);
	}

	close(): void {
		this.file?.close();
	}
}
