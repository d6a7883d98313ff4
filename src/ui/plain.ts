/**
 * Plain interval lines for pipes, files and CI, where the Ink dashboard is not mounted
 * (should-use-dashboard.ts). One line per report interval, greppable, no colour, no cursor
 * movement. Counters are cumulative (like perfdhcp's `-t` report); rates and latency
 * percentiles are those of the last interval.
 */
import type { ExchangeSnapshot, PerfSnapshot } from '../perf/snapshot.js';
import { formatAsked, formatCount, formatMsShort, formatRate, formatSeconds, plural, shortfallText } from './format.js';

/** The line printed once before the first interval: what is being measured, against what. */
export function plainStartLine(s: PerfSnapshot): string {
	const limits: string[] = [];
	if (s.limit.periodS !== null) limits.push(`for ${formatSeconds(s.limit.periodS)}`);
	if (s.limit.requests !== null) limits.push(`up to ${formatCount(s.limit.requests)} requests`);
	const limit = limits.length > 0 ? limits.join(', ') : s.avalanche ? 'until every client is done' : 'until stopped';
	const warmUp = s.warmUp ? `, after a ${formatSeconds(s.warmUp.seconds)} warm-up at ${formatRate(s.warmUp.rate)} (not counted)` : '';
	return `dhcpulse perf: ${s.mode} (v${s.family}) ${s.target}, asked ${formatAsked(s)}, ${plural(s.clients, 'client')}, ${plural(s.workers, 'worker')}, ${limit}${warmUp}`;
}

/**
 * One interval, e.g.
 * `[  5.0s] sent 1000/s (asked 1000/s) answered 998/s | DO sent 5003 ok 4990 rej 0 to 10 late 0 orph 0 mal 0 infl 3 p50 0.42ms p99 1.9ms | RA …`
 * followed by `| send errors N`, `| PAUSED` and the shortfall warning when they apply.
 */
export function plainLine(s: PerfSnapshot): string {
	const parts: string[] = [`[${formatSeconds(s.elapsedS).padStart(6)}] sent ${formatRate(s.rate.sent)} (asked ${formatAsked(s)}) answered ${formatRate(s.rate.completed)}`];
	if (s.avalanche) parts.push(`clients done ${formatCount(s.avalanche.done)}/${formatCount(s.clients)} provisioned ${formatCount(s.avalanche.provisioned)} retx ${formatCount(s.avalanche.retransmits)}`);
	for (const ex of s.exchanges) parts.push(exchangePart(ex));
	if (s.sendErrors > 0) parts.push(`send errors ${formatCount(s.sendErrors)}`);
	if (s.state === 'paused') parts.push('PAUSED');
	if (s.rate.shortfall && s.state !== 'paused') parts.push(shortfallText(s.rate));
	return parts.join(' | ');
}

function exchangePart(ex: ExchangeSnapshot): string {
	if (!ex.expectsReply) return `${ex.name} sent ${formatCount(ex.sent)} (no reply expected)`;
	const l = ex.intervalLatencyUs;
	const latency = l.count > 0 ? `p50 ${formatMsShort(l.p50)} p99 ${formatMsShort(l.p99)}` : 'p50 - p99 -';
	return (
		`${ex.name} sent ${formatCount(ex.sent)} ok ${formatCount(ex.ok)} rej ${formatCount(ex.rejected)} ` +
		`to ${formatCount(ex.timeouts)} late ${formatCount(ex.late)} orph ${formatCount(ex.orphans)} ` +
		`mal ${formatCount(ex.malformed)} infl ${formatCount(ex.inFlight)} ${latency}` +
		(ex.duplicates > 0 ? ` dup ${formatCount(ex.duplicates)}` : '') +
		(ex.retransmits > 0 ? ` retx ${formatCount(ex.retransmits)}` : '')
	);
}
