/** The final text report (ui/report.ts, perfdhcp's sections) once the run is over. */
import type { PerfObserver, RunOutcome } from '../perf/observer.js';
import { formatReport } from '../ui/report.js';

export class TextReportObserver implements PerfObserver {
	constructor(private readonly out: (text: string) => void) {}

	finish(outcome: RunOutcome): void {
		this.out(formatReport(outcome.snapshot, { exitReason: outcome.verdict.exitReason, thresholds: outcome.verdict.thresholds, generator: outcome, uniqueness: outcome.uniqueness }));
	}
}
