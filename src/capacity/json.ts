/**
 * `dhcpulse capacity --json FILE|-`: the search as one JSON document (docs/json-schema.md,
 * "capacity"). A report (HTML, plots) renders it from this type alone.
 */
import type { Ledger } from '../perf/ledger.js';
import type { SearchResult } from './search.js';

/**
 * The loss ledger of a ladder trial beside the knee (search.ts kneeTrials): where that trial's
 * datagrams went, from dhcpulse's send through the server's statistics and the kernel's queues
 * to the matched answer (perf/ledger.ts; docs/json-schema.md, "ledger").
 */
export interface KneeLedger {
	/** 'below': the highest rung at or below the knee (the server kept up); 'above': the lowest above it. */
	side: 'below' | 'above';
	rate: number;
	/** The trial's number (its figures are in `trials`). */
	trial: number;
	passed: boolean;
	dropPct: number;
	ledger: Ledger;
}

/**
 * The search's result as written: every field of SearchResult (the criteria, every trial in the
 * order run, the curve of every rate tried, the knee, the highest pass, the generator's limit,
 * why it was cut short, the warnings) but its seed, which is in `search`; the verdict with its
 * exit code; and what the command knows about the search.
 */
export interface CapacityJson extends Omit<SearchResult, 'verdict' | 'seed'> {
	version: 1;
	command: 'capacity';
	/** What was sent, e.g. `DORA`, and where, e.g. `relay 198.19.0.2 → 198.19.0.1:67`. */
	mode: string;
	target: string;
	/** The perf settings every trial shared (perf's JSON `settings`, without those of the flags capacity does not take). */
	settings: Record<string, unknown>;
	/** The search's own settings. */
	search: { trialDurationS: number; trialsPerRung: number; startRate: number; maxRate: number; maxTimeS: number; seed: number };
	verdict: SearchResult['verdict'] & { exitCode: number };
	/**
	 * The ledgers of the trials either side of the knee, when the server's side could be read (a
	 * lab, --kea-socket, --kea-api; the ladder's trials read it); empty otherwise.
	 */
	kneeLedgers: KneeLedger[];
	/** Seconds the search took. */
	elapsedS: number;
}

export function capacityJson(r: SearchResult, about: Pick<CapacityJson, 'mode' | 'target' | 'settings' | 'search' | 'elapsedS' | 'kneeLedgers'>, exitCode: number): CapacityJson {
	const { seed: _inSearch, verdict, ...found } = r;
	return { version: 1, command: 'capacity', ...about, ...found, verdict: { ...verdict, exitCode } };
}
