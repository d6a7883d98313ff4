/**
 * `check pool`'s verdict and its three renderings (a table, the monitoring-plugin line with
 * perfdata, JSON), on top of the probes' verdict rules (src/probe/verdict.ts): the worst finding
 * decides, exit codes 0/1/2/3.
 */
import { escapeControls } from '../codec/types/text.js';
import { UserError } from '../exit-codes.js';
import { nagiosLine, verdictOf, type Finding, type PerfDatum, type Status, type Verdict } from '../probe/verdict.js';
import { KINDS_OF, type PoolKind, type PoolReport, type SubnetUsage, type NetworkUsage, type Usage } from './pool.js';

/** Utilisation thresholds in per cent. */
export interface Thresholds {
	warning: number;
	critical: number;
}

/** 80 % and 95 %: the levels ISC's own monitoring advice and the usual pool checks alert at. */
export const DEFAULT_THRESHOLDS: Thresholds = { warning: 80, critical: 95 };

/** `80%` or `80` (per cent, 0 to 100), as typed after `flag`. */
export function parsePercent(flag: string, typed: string | number): number {
	const text = String(typed).trim();
	const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
	const v = m ? Number(m[1]) : Number.NaN;
	if (!(v >= 0 && v <= 100)) throw new UserError(`${flag} ${escapeControls(text)}: expected a utilisation from 0% to 100%, e.g. 80%`);
	return v;
}

export function thresholdsOf(warning: string | number | undefined, critical: string | number | undefined): Thresholds {
	const t = {
		warning: warning === undefined ? DEFAULT_THRESHOLDS.warning : parsePercent('-w', warning),
		critical: critical === undefined ? DEFAULT_THRESHOLDS.critical : parsePercent('-c', critical),
	};
	if (t.warning > t.critical) throw new UserError(`-w ${t.warning}% is above -c ${t.critical}%: the warning level must not exceed the critical one`);
	return t;
}

/**
 * A threshold is crossed when use is *above* it: the Nagios plugin guidelines' range `80` means
 * "alert outside 0..80", so exactly 80 % is still OK at -w 80%.
 */
function statusOf(u: Usage, t: Thresholds): Status {
	if (u.utilisation === null) return 'OK';
	if (u.utilisation > t.critical) return 'CRITICAL';
	if (u.utilisation > t.warning) return 'WARNING';
	return 'OK';
}

const KIND_TEXT: Record<PoolKind, string> = { addresses: 'addresses', nas: 'addresses (IA_NA)', pds: 'prefixes (IA_PD)' };

/** How a subnet or network is named in messages and perfdata labels (text from Kea escaped). */
export function subnetName(s: SubnetUsage): string {
	return `subnet ${s.id}${s.prefix !== null ? ` ${escapeControls(s.prefix)}` : ''}`;
}

function networkName(n: NetworkUsage): string {
	return `shared network ${escapeControls(n.name)}`;
}

export interface PoolJudgement {
	verdict: Verdict;
	subnets: (SubnetUsage & { judged: boolean; status: Status })[];
	sharedNetworks: (NetworkUsage & { status: Status })[];
	perfdata: PerfDatum[];
}

function worst(statuses: readonly Status[]): Status {
	return statuses.includes('CRITICAL') ? 'CRITICAL' : statuses.includes('WARNING') ? 'WARNING' : 'OK';
}

/**
 * Judges the report. A client of a shared network is served from any of its subnets (Kea ARM,
 * "Shared Networks"), so a full subnet inside one is not yet a depleted pool: the network is
 * judged on its sums, and a subnet of it only when --subnet picked that subnet alone. Every other
 * subnet is judged on its own.
 */
export function judgePools(report: PoolReport, t: Thresholds): PoolJudgement {
	const networks = new Set(report.sharedNetworks.map((n) => n.name));
	const findings: Finding[] = [];
	const perfdata: PerfDatum[] = [];
	let fullest: { name: string; kind: PoolKind; u: Usage } | null = null;
	const look = (name: string, label: string, usage: Partial<Record<PoolKind, Usage>>, judged: boolean): Status => {
		const statuses: Status[] = [];
		for (const kind of KINDS_OF[report.family]) {
			const u = usage[kind];
			if (!u) continue;
			const status = statusOf(u, t);
			statuses.push(status);
			perfdata.push({ label: `${label} ${kind}`, value: u.assigned, warn: (u.total * t.warning) / 100, crit: (u.total * t.critical) / 100, min: 0, max: u.total });
			if (u.declined !== undefined) perfdata.push({ label: `${label} declined`, value: u.declined, min: 0, max: u.total });
			if (!judged) continue;
			if (u.utilisation !== null && (fullest === null || u.utilisation > fullest.u.utilisation!)) fullest = { name, kind, u };
			if (status !== 'OK') findings.push({ status, message: `${name}: ${KIND_TEXT[kind]} ${pct(u)} used (${u.assigned} of ${u.total}), above ${status === 'CRITICAL' ? t.critical : t.warning}%` });
		}
		return worst(statuses);
	};
	const subnets = report.subnets.map((s) => {
		const judged = s.sharedNetwork === null || !networks.has(s.sharedNetwork);
		return { ...s, judged, status: look(subnetName(s), perfLabel(s.prefix ?? `subnet[${s.id}]`), s.usage, judged) };
	});
	const sharedNetworks = report.sharedNetworks.map((n) => ({ ...n, status: look(networkName(n), perfLabel(`network ${n.name}`), n.usage, true) }));
	const counted = `${subnets.length} subnet${subnets.length === 1 ? '' : 's'}${sharedNetworks.length > 0 ? `, ${sharedNetworks.length} shared network${sharedNetworks.length === 1 ? '' : 's'}` : ''}`;
	const f = fullest as { name: string; kind: PoolKind; u: Usage } | null;
	const okReason = f ? `${counted}; fullest ${f.name}: ${KIND_TEXT[f.kind]} ${pct(f.u)} used (${f.u.assigned} of ${f.u.total})` : `${counted}; no pools`;
	return { verdict: verdictOf(findings, okReason), subnets, sharedNetworks, perfdata };
}

/** A perfdata label: no `=` (it ends the label) and no controls; nagiosLine quotes the rest. */
function perfLabel(text: string): string {
	return escapeControls(text).replace(/[=|]/g, '_');
}

function pct(u: Usage): string {
	return u.utilisation === null ? '-' : `${u.utilisation.toFixed(1)}%`;
}

export type PoolOutputMode = 'text' | 'json' | 'nagios';

export interface RenderedCheck {
	stdout: string;
	stderr: string;
}

/** The output in `mode`; as with the probes, the one-line verdict also goes to stderr outside --nagios. */
export function renderPools(report: PoolReport, j: PoolJudgement, t: Thresholds, source: string, mode: PoolOutputMode): RenderedCheck {
	const reasonLine = `${j.verdict.status}: ${escapeControls(j.verdict.reason)}\n`;
	if (mode === 'nagios') return { stdout: `${nagiosLine('DHCP POOL', j.verdict, j.perfdata)}\n`, stderr: '' };
	if (mode === 'json') return { stdout: `${JSON.stringify(poolJson(report, j, t, source), null, 2)}\n`, stderr: reasonLine };
	return { stdout: poolTable(report, j), stderr: reasonLine };
}

/** One row per subnet and kind, then the shared networks' sums. */
function poolTable(report: PoolReport, j: PoolJudgement): string {
	const rows: string[][] = [['', 'prefix / name', 'network', 'kind', 'total', 'assigned', 'declined', 'used', 'status']];
	const add = (what: string, name: string, network: string, usage: Partial<Record<PoolKind, Usage>>, status: string): void => {
		for (const kind of KINDS_OF[report.family]) {
			const u = usage[kind];
			if (u) rows.push([what, name, network, kind, String(u.total), String(u.assigned), u.declined === undefined ? '-' : String(u.declined), pct(u), status]);
		}
	};
	for (const s of j.subnets) add(`subnet ${s.id}`, s.prefix === null ? '?' : escapeControls(s.prefix), s.sharedNetwork === null ? '-' : escapeControls(s.sharedNetwork), s.usage, s.judged ? s.status : `(${s.status})`);
	for (const n of j.sharedNetworks) add('network', escapeControls(n.name), '-', n.usage, n.status);
	const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
	return rows
		.map(
			(r) =>
				`${r
					.map((c, i) => c.padEnd(widths[i]!))
					.join('  ')
					.trimEnd()}\n`,
		)
		.join('');
}

/** The JSON document of `check pool --json` (docs/json-schema.md). */
export function poolJson(report: PoolReport, j: PoolJudgement, t: Thresholds, source: string): Record<string, unknown> {
	return {
		verdict: j.verdict.status,
		exitCode: j.verdict.exitCode,
		reason: j.verdict.reason,
		family: report.family,
		source,
		thresholds: { warningPct: t.warning, criticalPct: t.critical },
		subnets: j.subnets.map((s) => ({ id: s.id, prefix: s.prefix, sharedNetwork: s.sharedNetwork, judged: s.judged, status: s.status, ...s.usage })),
		sharedNetworks: j.sharedNetworks.map((n) => ({ name: n.name, subnets: n.subnets, status: n.status, ...n.usage })),
		findings: j.verdict.findings,
	};
}
