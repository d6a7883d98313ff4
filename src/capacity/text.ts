/**
 * What `dhcpulse capacity` prints: one line a trial while it searches, then the result (the
 * capacity with its interval, the criteria, the curve). Plain text, for a terminal or a log.
 */
import { ledgerPanelLines } from '../ui/ledger.js';
import type { KneeLedger } from './json.js';
import type { Criteria, SearchResult, Trial } from './search.js';

const ms = (v: number | null): string => (v === null ? '—' : `${v.toFixed(2)} ms`);

/** `trial 7 ladder 4,000/s: sent 3,998/s, completed 3,990/s, drops 0.00 %, rejected 0.00 %, p99 1.23 ms: pass`. */
export function trialLine(t: Trial): string {
	const verdict = t.passed ? 'pass' : `FAIL (${t.why})`;
	return `trial ${t.trial} ${t.phase} ${t.rate}/s: sent ${Math.round(t.sent)}/s, completed ${Math.round(t.completed)}/s, drops ${t.dropPct.toFixed(2)} %, rejected ${t.rejectPct.toFixed(2)} %, p50 ${ms(t.p50Ms)}, p99 ${ms(t.p99Ms)}: ${verdict}`;
}

export function criteriaText(c: Criteria): string {
	return [`drops ≤ ${c.maxDropPct} %`, ...(c.maxRejectPct !== null ? [`rejected ≤ ${c.maxRejectPct} %`] : []), ...(c.maxP99Ms !== null ? [`p99 ≤ ${c.maxP99Ms} ms`] : []), 'the asked rate sent'].join(', ');
}

/**
 * Where the datagrams of the trials either side of the knee went (the loss ledger's totals and
 * named losses, ui/ledger.ts): whether the server's socket queue overflowed, the server read and
 * dropped them, or the answers were lost on the way back.
 */
export function kneeLedgerLines(ls: readonly KneeLedger[]): string[] {
	if (ls.length === 0) return [];
	const out = ['where the datagrams went at the knee (loss ledger):'];
	for (const l of ls) {
		out.push(`  ${l.side === 'below' ? 'at the knee' : 'above the knee'}, ${l.rate}/s (trial ${l.trial}, ${l.passed ? 'pass' : 'FAIL'}, drops ${l.dropPct.toFixed(2)} %):`);
		for (const line of ledgerPanelLines(l.ledger)) out.push(`    ${line}`);
	}
	return out;
}

/** The result: verdict, criteria, knee, curve, and the ledgers at the knee when they were read. */
export function resultText(r: SearchResult, mode: string, kneeLedgers: readonly KneeLedger[] = []): string {
	const lines = [`capacity (${mode}): ${r.verdict.text}`, `criteria: ${criteriaText(r.criteria)}`];
	if (r.knee) {
		const censored = r.knee.censored === null ? '' : r.knee.censored === 'above' ? ' (the knee lies above the highest rung: at least this)' : ' (the knee lies below the lowest rung: at most this)';
		lines.push(`knee: ${r.knee.rate}/s, ${Math.round(r.knee.confidence * 100)} % interval ${r.knee.low}–${r.knee.high}/s${censored}`);
	}
	lines.push('curve:', '      rate  trials  passed  drops %  rejected %     p50 ms     p99 ms  completed/s');
	for (const p of r.curve) {
		const gen = p.generatorLimited > 0 ? `  generator limited ×${p.generatorLimited}` : '';
		const cell = (v: number | null): string => (v === null ? '—' : v.toFixed(2)).padStart(9);
		lines.push(
			`${String(p.rate).padStart(10)}  ${String(p.trials).padStart(6)}  ${String(p.passed).padStart(6)}  ${p.dropPct.toFixed(2).padStart(7)}  ${p.rejectPct.toFixed(2).padStart(10)}  ${cell(p.p50Ms)}  ${cell(p.p99Ms)}  ${String(Math.round(p.completed)).padStart(11)}${p.ladder ? '  ladder' : ''}${gen}`,
		);
	}
	lines.push(...kneeLedgerLines(kneeLedgers));
	for (const w of r.warnings) lines.push(`warning: ${w}`);
	return `${lines.join('\n')}\n`;
}
