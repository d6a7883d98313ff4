/**
 * The live view of a capacity search (ui/CapacityView.tsx): mounted when the search starts, told
 * each trial as it starts, fed the trial's perf snapshots through the PerfObserver it gives for
 * that trial (the counters as the perf dashboard shows them), told each trial's figures and where
 * the search then stands (the curve so far, the bracket, the knee so far), and left as one line
 * when the search ends, above the result's text. The command loads the view lazily and hands its
 * starter in, so a search without a terminal never loads React.
 */
import type { SearchProgress, Trial, TrialStart } from '../capacity/search.js';
import type { PerfObserver } from '../perf/observer.js';
import type { PerfEvent, PerfSnapshot } from '../perf/snapshot.js';
import type { CapacityLive } from '../ui/CapacityView.js';
import type { LiveViewHandle } from '../ui/live.js';

export type StartCapacityView = (o: { initial: CapacityLive; color?: boolean; eventClockS?: () => number }) => LiveViewHandle<CapacityLive>;

/** What the search is about: fixed for its length. */
export type CapacityAbout = Pick<CapacityLive, 'mode' | 'family' | 'target' | 'criteria' | 'maxDropPct' | 'maxTimeS'>;

/** Warnings kept for the view (it shows the newest few). */
const EVENTS = 20;

export class CapacityDashboard {
	private ui: LiveViewHandle<CapacityLive> | null = null;
	private view: CapacityLive;
	private readonly t0: number;

	constructor(
		private readonly startView: StartCapacityView,
		about: CapacityAbout,
		private readonly options: { color?: boolean; nowS?: () => number; trialLine: (t: Trial) => string },
	) {
		this.t0 = this.now();
		this.view = { ...about, elapsedS: 0, trial: null, last: null, curve: [], bracket: { pass: null, fail: null }, knee: null, events: [], done: null };
	}

	private now(): number {
		return this.options.nowS ? this.options.nowS() : performance.now() / 1000;
	}

	/** Seconds of the search now, to a tenth: its warnings and the log records shown among them are stamped with it. */
	private eventClockS(): number {
		return Math.round((this.now() - this.t0) * 10) / 10;
	}

	private show(change: Partial<CapacityLive>): void {
		this.view = { ...this.view, ...change, elapsedS: this.eventClockS() };
		this.ui?.update(this.view);
	}

	begin(): void {
		this.ui = this.startView({ initial: this.view, eventClockS: () => this.eventClockS(), ...(this.options.color !== undefined ? { color: this.options.color } : {}) });
	}

	/** A trial starts: the observer to pass to its perf run, whose snapshots the view draws. */
	trialStarting(t: TrialStart): PerfObserver {
		this.show({ trial: { ...t, snapshot: null } });
		const draw = (s: PerfSnapshot): void => {
			if (this.view.trial?.trial === t.trial) this.show({ trial: { ...this.view.trial, snapshot: s } });
		};
		return {
			// The view draws no ledger: the run reads it only before and after (a reading during a
			// trial would be one more request to the server under test, in a TTY only).
			showsLedger: false,
			start: (first) => draw(first),
			update: draw,
			interval: (s) => draw(s),
			finish: (outcome) => draw(outcome.snapshot),
		};
	}

	trialDone(t: Trial, p: SearchProgress): void {
		this.show({ trial: null, last: { text: this.options.trialLine(t), passed: t.passed }, curve: p.curve, bracket: p.bracket, knee: p.knee });
	}

	warning(text: string): void {
		const e: PerfEvent = { atS: this.eventClockS(), level: 'warn', text };
		this.show({ events: [...this.view.events.slice(1 - EVENTS), e] });
	}

	/** The search has ended: the frame becomes one line with the verdict; log lines held are printed above it. */
	async finish(verdict: string): Promise<void> {
		const ui = this.ui;
		this.ui = null;
		this.show({ trial: null, done: verdict });
		await ui?.stop(this.view);
	}

	/** Always called last: gives the terminal back, also when the search failed. */
	close(): void {
		void this.ui?.stop();
		this.ui = null;
	}
}
