/**
 * Verdicts in the monitoring-plugin convention: the worst finding decides the status and exit
 * code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), and the Nagios line carries perfdata in the
 * plugin guidelines' form `'label'=value[UOM];[warn];[crit];[min];[max]`.
 */
import { escapeControls } from '../codec/types/text.js';
import { ExitCode } from '../exit-codes.js';

export type Status = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

const RANK: Record<Status, number> = { OK: 0, WARNING: 1, UNKNOWN: 2, CRITICAL: 3 };
const EXIT: Record<Status, number> = { OK: ExitCode.OK, WARNING: ExitCode.WARNING, CRITICAL: ExitCode.CRITICAL, UNKNOWN: ExitCode.UNKNOWN };

export interface Finding {
	status: Status;
	message: string;
}

export interface Verdict {
	status: Status;
	exitCode: number;
	/** One line: the worst finding's message (others of the same status joined with "; "). */
	reason: string;
	findings: Finding[];
}

/** The worst of the findings; `okReason` when there is nothing worse than OK. */
export function verdictOf(findings: readonly Finding[], okReason: string): Verdict {
	const bad = findings.filter((f) => f.status !== 'OK');
	if (bad.length === 0) return { status: 'OK', exitCode: ExitCode.OK, reason: okReason, findings: [...findings] };
	const worst = bad.reduce((w, f) => (RANK[f.status] > RANK[w.status] ? f : w));
	const reason = bad
		.filter((f) => f.status === worst.status)
		.map((f) => f.message)
		.join('; ');
	return { status: worst.status, exitCode: EXIT[worst.status], reason, findings: [...findings] };
}

export interface PerfDatum {
	label: string;
	value: number;
	uom?: 's' | 'ms' | 'us' | '%' | 'B' | 'c' | '';
	warn?: number;
	crit?: number;
	min?: number;
	max?: number;
}

function num(n: number | undefined): string {
	if (n === undefined) return '';
	return Number.isInteger(n) ? String(n) : n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** `DHCP OK - offer 10.0.0.5 from 10.0.0.1 in 1.2 ms | time=0.001200s;0.5;1;0;` */
export function nagiosLine(service: string, verdict: Verdict, perf: readonly PerfDatum[] = []): string {
	const data = perf
		.map((p) => {
			const label = /^[\w.-]+$/.test(p.label) ? p.label : `'${p.label.replace(/'/g, "''")}'`;
			const value = p.uom === 's' ? p.value.toFixed(6) : num(p.value);
			return `${label}=${value}${p.uom ?? ''};${num(p.warn)};${num(p.crit)};${num(p.min)};${num(p.max)}`.replace(/;+$/, '');
		})
		.join(' ');
	// The plugin output is a single line and its text ends at the first pipe (Nagios plugin
	// guidelines): line breaks become spaces, a reason's other controls (it may quote a server)
	// are escaped, and a pipe is replaced.
	const reason = escapeControls(verdict.reason.replace(/[\r\n]+/g, ' ')).replace(/\|/g, '/');
	return `${service} ${verdict.status} - ${reason}${data ? ` | ${data}` : ''}`;
}
