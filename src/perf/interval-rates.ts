/**
 * The send and completion rates of each report interval, the shortfall against the asked rate,
 * and their bounded history for the dashboard's sparklines. Pure.
 */

/** Intervals kept for the sparklines. */
const HISTORY = 120;
/** Seconds between two log warnings that the asked rate was not reached. */
const WARN_EVERY_S = 10;

/**
 * Whether `started` exchanges fall short of `asked` (both counts over the same time): under 98 %
 * of it, one exchange either way (or two over a short interval) being timer granularity. The one
 * rule for the intervals, the whole run and the verdict.
 */
export function fellShort(started: number, asked: number, slack = 2): boolean {
	return asked > 0 && started < asked * 0.98 - slack;
}

export interface IntervalRate {
	/** New exchanges started per second. */
	sent: number;
	/** Exchanges completed per second (final stage ok). */
	completed: number;
	/** The send rate fell short of the asked rate by more than 2 %. */
	shortfall: boolean;
}

export class IntervalRates {
	current: IntervalRate = { sent: 0, completed: 0, shortfall: false };
	/** Each interval's asked (the mean over it, as the stages or + / - moved it), sent and completed rates. */
	readonly history: { asked: number; sent: number; completed: number }[] = [];
	private lastStarted = 0;
	private lastCompleted = 0;
	private warnedAtS = -Infinity;

	/** The interval of `dtS` seconds that ends with these cumulative counts; `running`: not paused, warming or draining. */
	next(dtS: number, started: number, completed: number, asked: number, running: boolean): IntervalRate {
		const sent = (started - this.lastStarted) / dtS;
		const done = (completed - this.lastCompleted) / dtS;
		const shortfall = running && fellShort(started - this.lastStarted, asked * dtS);
		this.current = { sent: Math.round(sent), completed: Math.round(done), shortfall };
		this.history.push({ asked: Math.round(asked), sent: this.current.sent, completed: this.current.completed });
		if (this.history.length > HISTORY) this.history.shift();
		this.lastStarted = started;
		this.lastCompleted = completed;
		return this.current;
	}

	/** A shortfall at `atS` deserves a log line (at most one every 10 s). */
	shouldWarn(atS: number): boolean {
		if (atS - this.warnedAtS < WARN_EVERY_S) return false;
		this.warnedAtS = atS;
		return true;
	}

	/** The run's final rates: whole-run averages over the sending time. */
	whole(sendingS: number, started: number, completed: number, asked: number): void {
		this.current = { sent: Math.round(started / sendingS), completed: Math.round(completed / sendingS), shortfall: fellShort(started, asked * sendingS) };
	}
}
