/**
 * The live Ink dashboard as an observer: mounted when the run starts, fed a snapshot at every
 * collection, its keys acting on the run (q stops, p pauses, + / - change the asked rate), and
 * left on screen with the final snapshot. The command loads ui/live.tsx lazily and hands its
 * `startDashboard` in, so plain runs never load React.
 */
import type { IntervalReport, PerfObserver, RunHandle, RunOutcome } from '../perf/observer.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import type { DashboardHandle, StartDashboardOptions } from '../ui/live.js';

export class DashboardObserver implements PerfObserver {
	readonly wantsBuckets = true;
	private ui: DashboardHandle | null = null;

	constructor(private readonly startDashboard: (o: StartDashboardOptions) => DashboardHandle) {}

	start(first: PerfSnapshot, run: RunHandle): void {
		this.ui = this.startDashboard({ initial: first, onQuit: () => run.stop('stopped by user (q)'), onTogglePause: () => run.togglePause(), onRateChange: (r) => run.setRate(r) });
	}

	update(s: PerfSnapshot): void {
		this.ui?.update(s);
	}

	interval(s: PerfSnapshot, _report: IntervalReport): void {
		this.ui?.update(s);
	}

	async finish(outcome: RunOutcome): Promise<void> {
		const ui = this.ui;
		this.ui = null;
		await ui?.stop(outcome.snapshot);
	}

	close(): void {
		// A run that failed still gives the terminal back.
		void this.ui?.stop();
		this.ui = null;
	}
}
