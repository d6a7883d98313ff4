/**
 * The loss ledger (perf/ledger.ts) as text: the report's section, and the dashboard panel's
 * few lines. An unobserved step prints as "unknown", never as 0. Sources and the server's
 * statistic names come from local configuration and /proc, but a path may hold anything: they
 * are escaped before printing.
 */
import { escapeControls } from '../codec/types/text.js';
import type { Count, Ledger, LedgerLoss } from '../perf/ledger.js';
import { formatCount } from './format.js';
import { tableLines } from './table.js';

const count = (n: Count): string => (n === null ? 'unknown' : n < 0 ? `-${formatCount(-n)}` : formatCount(n));

function lossLine(what: string, loss: LedgerLoss): string {
	const parts = loss.parts.filter((p) => p.count !== 0).map((p) => `${count(p.count)} ${p.what}`);
	return `${count(loss.total)} ${what}${parts.length > 0 && loss.total !== 0 ? `: ${parts.join('; ')}` : ''}`;
}

/** The report's `***Loss ledger***` section, one line each. */
export function formatLedger(l: Ledger): string[] {
	const out: string[] = ['***Loss ledger***'];
	out.push(`server statistics: ${l.sources.server === null ? "not read (no Kea control socket known: --kea-socket, or a Kea lab, gives one): the server's steps are unknown" : escapeControls(l.sources.server)}`);
	out.push(`server kernel: ${l.sources.serverKernel === null ? "not observable (the server is not a lab's): unknown" : escapeControls(l.sources.serverKernel)}`);
	out.push(`client kernel: ${escapeControls(l.sources.clientKernel)}`);
	const cols = [...l.groups, { ...l.total, label: 'total' }];
	const answerTypes = [...new Set(l.groups.flatMap((g) => Object.keys(g.answeredBy)))];
	const row = (label: string, pick: (g: (typeof cols)[number]) => Count): string[] => [label, ...cols.map((g) => count(pick(g)))];
	const rows: string[][] = [['', ...cols.map((g) => g.label)]];
	rows.push(row('sent by dhcpulse', (g) => g.sent));
	rows.push(row('  not read by the server', (g) => g.notRead));
	rows.push(row('read by the server', (g) => g.readByServer));
	rows.push(row('  read and not answered', (g) => g.notAnswered));
	rows.push(row('answered by the server', (g) => g.answered));
	if (answerTypes.length > 1) {
		for (const t of answerTypes) {
			const of = l.groups.filter((g) => t in g.answeredBy).map((g) => g.answeredBy[t]!);
			const total = of.some((n) => n === null) ? null : of.reduce<number>((n, x) => n + x!, 0);
			rows.push([`  of them ${t}`, ...l.groups.map((g) => (t in g.answeredBy ? count(g.answeredBy[t]!) : '')), count(total)]);
		}
	}
	rows.push(row('  answered and not received', (g) => g.notReceived));
	rows.push(row('received by dhcpulse', (g) => g.received));
	rows.push(row('  received and not matched', (g) => g.notMatched));
	rows.push(row('matched to a request', (g) => g.matched));
	out.push(...tableLines(rows));
	out.push('where the losses went (the whole run):');
	out.push(`  ${lossLine('not read by the server', l.lostBeforeServer)}`);
	out.push(`  ${lossLine('read by the server and not answered', l.notAnswered)}`);
	out.push(`  ${lossLine('answered by the server and not received by dhcpulse', l.lostOnTheWayBack)}`);
	out.push(`  ${count(l.total.notMatched)} received and not matched (late, duplicate, orphan or malformed: see each exchange above)`);
	const k = l.kernel;
	out.push(
		`kernel, over the run: server namespace Udp RcvbufErrors ${count(k.server.rcvbufErrors)}, SndbufErrors ${count(k.server.sndbufErrors)}` +
			`${k.server.fallbackDrops !== null ? ` (${count(k.server.fallbackDrops)} of its receive errors are its UDP fallback sockets' drops, copies it discards unread)` : ''}` +
			`; dhcpulse's namespace Udp RcvbufErrors ${count(k.client.rcvbufErrors)}, SndbufErrors ${count(k.client.sndbufErrors)}`,
	);
	out.push(
		l.addsUp === true ? 'the steps add up: every datagram sent is accounted for once, and every loss is named' : l.addsUp === false ? 'THE STEPS DO NOT ADD UP:' : 'the steps cannot all be checked (some are unknown)',
	);
	for (const p of l.problems) out.push(`  ${escapeControls(p)}`);
	for (const a of l.assumptions) out.push(`assumed: ${a}`);
	return out;
}

/** The dashboard's compact panel: the run's totals as a small table, and where the losses went (fits 80 columns). */
export function ledgerPanelLines(l: Ledger): string[] {
	const t = l.total;
	const elsewhere = sumKnown(l.lostBeforeServer.parts[1]!.count, l.lostOnTheWayBack.parts[1]!.count);
	return [
		...tableLines([
			['loss ledger', 'sent', 'read by server', 'answered', 'received', 'matched'],
			['datagrams', count(t.sent), count(t.readByServer), count(t.answered), count(t.received), count(t.matched)],
		]),
		`lost: ${count(l.lostBeforeServer.parts[0]!.count)} in the server's queue, ${count(t.notAnswered)} not answered, ${count(l.lostOnTheWayBack.parts[0]!.count)} in our queue, ${count(elsewhere)} elsewhere`,
	];
}

function sumKnown(a: Count, b: Count): Count {
	return a === null || b === null ? null : a + b;
}
