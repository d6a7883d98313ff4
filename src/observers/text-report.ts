/**
 * The final text report (ui/report.ts, perfdhcp's sections) once the run is over: on the
 * terminal, below the dashboard's summary or the interval lines, or with `--text-report FILE`
 * in that file instead. The file is created when the observer is made, before the run opens a
 * socket, so a path that cannot be written is an error before any packet is sent.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { outputError } from '../os/output-error.js';
import type { PerfObserver, RunOutcome } from '../perf/observer.js';
import { formatLedger } from '../ui/ledger.js';
import { formatReport } from '../ui/report.js';

export class TextReportObserver implements PerfObserver {
	private fd: number | null = null;

	/** `file`: where the report goes instead of `out` (--text-report), or undefined for `out`. */
	constructor(
		private readonly out: (text: string) => void,
		private readonly file?: string,
	) {
		if (file === undefined) return;
		try {
			this.fd = openSync(file, 'w', 0o644);
		} catch (error) {
			throw outputError('--text-report', file, 'create', error);
		}
	}

	finish(outcome: RunOutcome): void {
		const ledger = outcome.ledger ? formatLedger(outcome.ledger).map((line) => `${line}\n`).join('') : '';
		const report = formatReport(outcome.snapshot, { exitReason: outcome.verdict.exitReason, thresholds: outcome.verdict.thresholds, generator: outcome }) + ledger;
		if (this.fd === null) {
			this.out(report);
			return;
		}
		try {
			writeSync(this.fd, report);
		} catch (error) {
			throw outputError('--text-report', this.file!, 'write', error);
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
