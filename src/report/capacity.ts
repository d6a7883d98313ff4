/**
 * A capacity search's JSON (`dhcpulse capacity --json`, its `CapacityJson`, version 1) as a report
 * section. Only the fields below are read, so this is the contract between the search and the
 * report: the search may add fields freely.
 */
import type { Count, Ledger } from '../perf/ledger.js';
import type { CapacitySection, ReportDocument } from './model.js';

/** The fields of the capacity JSON the report reads. */
export interface CapacityJsonInput {
	version: 1;
	command: 'capacity';
	mode: string;
	target: string;
	criteria: { maxDropPct: number; maxRejectPct: number | null; maxP99Ms: number | null };
	/** Every trial: its asked rate, drops %, p99 of the slowest exchange (ms), and whether it passed or the generator fell short. */
	trials: { rate: number; dropPct: number; p99Ms: number | null; passed: boolean; generatorLimited?: boolean }[];
	knee: { rate: number; low: number; high: number } | null;
	generatorLimit: number | null;
	verdict: { text: string; exitCode: number };
	/** The ledgers beside the knee (absent from a search written before they were read). */
	kneeLedgers?: { side: 'below' | 'above'; rate: number; trial: number; passed: boolean; dropPct: number; ledger: Pick<Ledger, 'total' | 'lostBeforeServer' | 'notAnswered' | 'lostOnTheWayBack' | 'sources'> }[];
}

const sum = (a: Count | undefined, b: Count | undefined): Count => (a === null || a === undefined || b === null || b === undefined ? null : a + b);

/** Whether a parsed document is a capacity search's JSON (version 1). */
export function isCapacityJson(d: unknown): d is CapacityJsonInput {
	const c = d as Partial<CapacityJsonInput> | null;
	return typeof c === 'object' && c !== null && c.command === 'capacity' && c.version === 1 && Array.isArray(c.trials) && typeof c.criteria === 'object' && c.criteria !== null;
}

export function capacitySection(j: CapacityJsonInput): CapacitySection {
	const c = j.criteria;
	const criteria = [`drops ≤ ${c.maxDropPct} %`, ...(c.maxRejectPct !== null ? [`rejections ≤ ${c.maxRejectPct} %`] : []), ...(c.maxP99Ms !== null ? [`p99 ≤ ${c.maxP99Ms} ms`] : [])].join(', ');
	return {
		kind: 'capacity',
		criteria,
		trials: j.trials.map((t) => ({ rate: t.rate, dropPct: t.dropPct, p99Ms: t.p99Ms, passed: t.passed, generatorLimited: t.generatorLimited === true })),
		knee: j.knee ? { rate: j.knee.rate, low: j.knee.low, high: j.knee.high } : null,
		generatorLimit: j.generatorLimit,
		verdict: j.verdict,
		ledgers: (j.kneeLedgers ?? []).map(({ side, rate, trial, passed, dropPct, ledger: l }) => ({
			side,
			rate,
			trial,
			passed,
			dropPct,
			sent: l.total.sent,
			readByServer: l.total.readByServer,
			answered: l.total.answered,
			received: l.total.received,
			matched: l.total.matched,
			lostInServerQueue: l.lostBeforeServer.parts[0]?.count ?? null,
			notAnswered: l.total.notAnswered,
			lostInOurQueue: l.lostOnTheWayBack.parts[0]?.count ?? null,
			lostElsewhere: sum(l.lostBeforeServer.parts[1]?.count, l.lostOnTheWayBack.parts[1]?.count),
			source: l.sources.server,
		})),
	};
}

/** The page of one capacity search. */
export function capacityDocument(j: CapacityJsonInput, generatedAt: Date): ReportDocument {
	return { title: `dhcpulse capacity: ${j.mode}, ${j.target}`, generatedAt: generatedAt.toISOString(), sections: [capacitySection(j)] };
}
