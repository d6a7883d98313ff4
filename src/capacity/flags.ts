/**
 * The flags of `dhcpulse capacity`: every perf flag that says what is sent and how (mode, -R, -l,
 * workers, v6 lease type, relay levels …), taken from perf's table (src/perf/flags.ts), less the
 * ones the search sets itself or that mean nothing across many trials; perf's thresholds become
 * the criteria each trial must meet; and the search's own flags.
 */
import type { ArgsOf, FlagSpec } from '../flags.js';
import { PERF_FLAGS, perfFlag, type PerfArgs, type PerfFlag } from '../perf/flags.js';

/**
 * Perf flags the capacity command does not take: the rate and the run's length are the search's
 * (--start-rate, --max-rate, --trial-duration); the avalanche has no rate to search; -D, -t,
 * --min-rate, --hdr-log, --pcap, --metrics-*, --csv, --jsonl and --text-report are about one run,
 * not a search. --json and --html are the search's own (the whole search, its curve and knee). (--no-dashboard
 * is taken: the search's live view, observers/capacity-dashboard.ts.)
 */
const NOT_TAKEN = ['rate', 'scenario', 'num-request', 'period', 'max-drop', 'report', 'hdr-log', 'pcap', 'metrics-listen', 'metrics-linger', 'min-rate', 'csv', 'jsonl', 'text-report'] as const;
/** perf's thresholds, here what every trial must meet. */
const CRITERIA_FLAGS = ['max-drop-pct', 'max-reject-pct', 'max-p99'] as const;

const CRITERIA = 'Criteria (a trial passes when it meets every one, and the generator sent what was asked):';
const SEARCH = 'Search:';

/** The search's defaults; --help shows them from here. */
export const CAPACITY_DEFAULTS = {
	maxDropPct: 1,
	trialDurationS: 3,
	trialsPerRung: 3,
	startRate: 100,
	maxRate: 200_000,
	maxTimeS: 600,
} as const;

const OWN_FLAGS = [
	{ name: 'trial-duration', type: 'number', check: { max: 600 }, group: SEARCH, describe: 'seconds each trial sends (each then waits up to -W for answers)', defaultText: `${CAPACITY_DEFAULTS.trialDurationS}` },
	{ name: 'trials', type: 'number', check: { integer: true, max: 50 }, group: SEARCH, describe: 'trials at every rung of the ladder', defaultText: `${CAPACITY_DEFAULTS.trialsPerRung}` },
	{ name: 'start-rate', type: 'number', check: { max: 1_000_000 }, group: SEARCH, describe: 'the first and lowest rate tried, per second', defaultText: `${CAPACITY_DEFAULTS.startRate}` },
	{ name: 'max-rate', type: 'number', check: { max: 1_000_000 }, group: SEARCH, describe: 'the highest rate tried, per second', defaultText: `${CAPACITY_DEFAULTS.maxRate}` },
	{ name: 'max-time', type: 'number', check: { max: 86_400 }, group: SEARCH, describe: 'seconds the whole search may take; no trial starts that would end past it', defaultText: `${CAPACITY_DEFAULTS.maxTimeS}` },
] as const satisfies readonly FlagSpec[];

type NotTaken = (typeof NOT_TAKEN)[number];

function adapt(f: PerfFlag): PerfFlag {
	if ((CRITERIA_FLAGS as readonly string[]).includes(f.name)) return { ...f, group: CRITERIA, ...(f.name === 'max-drop-pct' ? { defaultText: `${CAPACITY_DEFAULTS.maxDropPct}` } : {}) };
	if (f.name === 'dashboard') return { ...f, describe: 'live view of the search on a terminal (phase, trial, its counters, the curve so far); --no-dashboard prints one line a trial' };
	if (f.name === 'html')
		return {
			...f,
			describe: 'write the search as a self-contained HTML report to FILE: the curves rate → drop % and rate → p99 with the knee, every trial, the ledgers beside the knee (as dhcpulse report draws it from --json)',
		};
	if (f.name === 'json') return { ...f, describe: 'write the search (criteria, every trial, the curve, the knee, the verdict) as JSON to FILE, or - for stdout' };
	return f;
}

const TRIAL_LENGTH = 'each trial lasts --trial-duration seconds, and the whole search at most --max-time';
const ONE_RUN_OUTPUT = "one run's output, and a search is many runs: use --json FILE or --html FILE";

/** What the search does in place of each perf flag it does not take, said when one is given (perf users bring their -r and -p). */
const SEARCH_DOES: Record<NotTaken, string> = {
	rate: "the search chooses each trial's rate, from --start-rate up to --max-rate",
	scenario: 'each trial is a basic run (DORA, or SARR with -6) at the rate the search chooses',
	'num-request': TRIAL_LENGTH,
	period: TRIAL_LENGTH,
	'max-drop': 'every trial runs to its end, and --max-drop-pct judges its drops',
	report: 'the search shows each trial as one line (or live on a terminal), not interval lines',
	'min-rate': 'the rate is what the search finds; its criteria are --max-drop-pct, --max-reject-pct and --max-p99',
	'hdr-log': ONE_RUN_OUTPUT,
	pcap: ONE_RUN_OUTPUT,
	csv: ONE_RUN_OUTPUT,
	jsonl: ONE_RUN_OUTPUT,
	'text-report': ONE_RUN_OUTPUT,
	'metrics-listen': ONE_RUN_OUTPUT,
	'metrics-linger': ONE_RUN_OUTPUT,
};

/** perf's flags the search sets itself: known (out of --help) only to be refused in words that name what the search does instead. */
export const REFUSED_FLAGS: readonly PerfFlag[] = PERF_FLAGS.filter((f) => (NOT_TAKEN as readonly string[]).includes(f.name)).map((f) => ({
	...f,
	hidden: true,
	instead: SEARCH_DOES[f.name as NotTaken],
}));

export const CAPACITY_FLAGS: readonly FlagSpec[] = [...PERF_FLAGS.filter((f) => !(NOT_TAKEN as readonly string[]).includes(f.name)).map(adapt), ...OWN_FLAGS, ...REFUSED_FLAGS];

/** The parsed command line of `dhcpulse capacity`. */
export type CapacityArgs = Omit<PerfArgs, NotTaken> & ArgsOf<typeof OWN_FLAGS>;

/** perf's JSON `settings` echo without the settings of the flags capacity does not take (the rate and period are each trial's). */
export function sharedSettings(echo: Record<string, unknown>): Record<string, unknown> {
	const out = { ...echo };
	for (const name of NOT_TAKEN) {
		const setting = perfFlag(name).setting;
		if (setting !== undefined) delete out[setting];
	}
	return out;
}
