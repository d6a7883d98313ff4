/**
 * What the HTML report (html.ts) renders: a document of sections, each a run's summary or a
 * capacity search's curve. The page is built only from this, so `perf --html` (at the end of a
 * run) and `dhcpulse report RUN.json` (later, from the saved summary) render the same page, and a
 * new kind of result is one more section type here and one more renderer in sections.ts.
 */
import type { PerfJson } from '../perf/json.js';

/** A load run: its JSON summary (perf/json.ts), with `series` for the plots over time. */
export interface PerfSection {
	kind: 'perf';
	run: PerfJson;
}

/**
 * A capacity search's result (`dhcpulse capacity`), as the report draws it: every trial as a point
 * of rate → drop % and rate → p99, and the knee with its interval marked. The command that runs
 * the search maps its own JSON onto this.
 */
export interface CapacitySection {
	kind: 'capacity';
	/** What a trial had to meet to pass, as the user reads it, e.g. `drop ≤ 1 %, p99 ≤ 5 ms`. */
	criteria: string;
	trials: { rate: number; dropPct: number; p99Ms: number | null; passed: boolean; generatorLimited?: boolean }[];
	/** The highest rate sustained and its confidence interval (null bounds: not known); null when none was found. */
	knee: { rate: number; low: number | null; high: number | null } | null;
	/** The generator could not send more than this per second (not the server's limit); null when it never fell short. */
	generatorLimit: number | null;
	/** The search's conclusion in words and its exit code, when known. */
	verdict?: { text: string; exitCode: number };
	/**
	 * The loss ledgers of the trials beside the knee (capacity --json `kneeLedgers`): where their
	 * datagrams went. Counts are null where unknown.
	 */
	ledgers?: {
		side: 'below' | 'above';
		rate: number;
		trial: number;
		passed: boolean;
		dropPct: number;
		sent: number | null;
		readByServer: number | null;
		answered: number | null;
		received: number | null;
		matched: number | null;
		lostInServerQueue: number | null;
		notAnswered: number | null;
		lostInOurQueue: number | null;
		lostElsewhere: number | null;
		/** What the server's side was read from, e.g. `Kea statistic-get-all over …`; null: not read. */
		source: string | null;
	}[];
}

export type ReportSection = PerfSection | CapacitySection;

export interface ReportDocument {
	title: string;
	/** When the page was made, ISO 8601. */
	generatedAt: string;
	sections: ReportSection[];
}

/** One plot as the page's script draws it with uPlot (client.ts); numbers only, so the page can embed it as JSON. */
export interface ChartSpec {
	id: string;
	title: string;
	xLabel: string;
	yLabel: string;
	/** x is a percentile drawn on HdrHistogram's 1/(1 − p) log scale (x values are 1/(1 − p)). */
	xPercentile?: boolean;
	/** y on a log scale (latency spanning decades). */
	yLog?: boolean;
	x: number[];
	series: {
		label: string;
		color: string;
		/** Plotted values (for a stacked series, the running sum); null: no value there. */
		values: (number | null)[];
		/** What the legend shows, when it is not the plotted value (a stacked series' own count). */
		shown?: (number | null)[];
		/** Fill the area under the line (stacked outcomes). */
		fill?: boolean;
		dash?: boolean;
		/** Points only, no line (a scatter of trials). */
		points?: boolean;
	}[];
	/** A vertical line at x (a knee), with its label, and an optional band [low, high] around it. */
	marker?: { x: number; label: string; low?: number | null; high?: number | null };
}

/** The page of one load run. */
export function perfDocument(run: PerfJson, generatedAt: Date): ReportDocument {
	return { title: `dhcpulse perf: ${run.mode}, ${run.target}`, generatedAt: generatedAt.toISOString(), sections: [{ kind: 'perf', run }] };
}
