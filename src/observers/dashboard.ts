/**
 * The live Ink dashboard as an observer: mounted when the run starts, fed a snapshot at every
 * collection, its keys acting on the run (q stops, p pauses, + / - change the asked rate, keys
 * typed before it was mounted included), and replaced by the run's summary at the end, which
 * stays on screen. The command loads ui/live.tsx lazily and hands its `startDashboard` in, so
 * plain runs never load React.
 */
import type { IntervalReport, PerfObserver, RunHandle, RunOutcome } from '../perf/observer.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import type { EarlyKeys } from '../ui/early-keys.js';
import type { DashboardHandle, StartDashboardOptions } from '../ui/live.js';

export interface DashboardObserverOptions {
	/** The keys collected since the command started (null: stdin is not a terminal). */
	earlyKeys?: EarlyKeys | null;
	/** False: no colour (NO_COLOR, TERM=dumb). */
	color?: boolean;
}

export class DashboardObserver implements PerfObserver {
	readonly wantsBuckets = true;
	private ui: DashboardHandle | null = null;

	constructor(
		private readonly startDashboard: (o: StartDashboardOptions) => DashboardHandle,
		private readonly options: DashboardObserverOptions = {},
	) {}

	start(first: PerfSnapshot, run: RunHandle): void {
		this.ui = this.startDashboard({
			initial: first,
			onQuit: () => run.stop('stopped by user (q)'),
			onTogglePause: () => run.togglePause(),
			onRateChange: (r) => run.setRate(r),
			earlyKeys: this.options.earlyKeys?.take() ?? '',
			eventClockS: () => run.eventClockS(),
			color: this.options.color,
		});
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
		await ui?.stop({ snapshot: outcome.snapshot, verdict: outcome.verdict });
	}

	close(): void {
		// A run that failed still gives the terminal back, also one that never mounted the dashboard.
		void this.ui?.stop();
		this.ui = null;
		this.options.earlyKeys?.release();
	}
}
