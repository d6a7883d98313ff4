/** `--json FILE|-`: the run summary (perf/json.ts) written when the run is over. */
import { writeFileSync } from 'node:fs';
import { UserError } from '../exit-codes.js';
import { perfJson } from '../perf/json.js';
import type { PerfObserver, RunOutcome } from '../perf/observer.js';

export class JsonSummaryObserver implements PerfObserver {
	/** `target`: a file path, or `-` for stdout. */
	constructor(private readonly target: string) {}

	finish(o: RunOutcome): void {
		const v = o.verdict;
		const doc = `${JSON.stringify(perfJson(o.snapshot, { durationS: o.durationS, pausedS: o.pausedS, drainS: o.drainS, skipped: o.skipped, maxStallMs: o.maxStallMs, exitReason: v.exitReason, exitCode: v.exitCode, thresholds: v.thresholds, settings: o.settings }), null, 2)}\n`;
		if (this.target === '-') {
			process.stdout.write(doc);
			return;
		}
		try {
			writeFileSync(this.target, doc);
		} catch (error) {
			throw new UserError(`--json ${this.target}: cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
	}
}
