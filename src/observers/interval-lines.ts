/**
 * Plain interval lines where the dashboard is not mounted (pipes, files, CI): the start line,
 * then one line per report interval (ui/plain.ts).
 */
import type { IntervalReport, PerfObserver } from '../perf/observer.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { plainLine, plainStartLine } from '../ui/plain.js';

export class IntervalLinesObserver implements PerfObserver {
	constructor(private readonly out: (text: string) => void) {}

	start(first: PerfSnapshot): void {
		this.out(`${plainStartLine(first)}\n`);
	}

	interval(s: PerfSnapshot, _report: IntervalReport): void {
		this.out(`${plainLine(s)}\n`);
	}
}
