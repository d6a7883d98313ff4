/**
 * From a probe's outcome to its verdict. CRITICAL: no answer, a NAK or DHCPv6 failure status, a
 * server outside --allow-server, a failed --expect, slower than -c. WARNING: slower than -w, the
 * --print-only option absent. dhcptest and dhcping call a NAK success; we never do.
 */
import { formatUs } from '../stats/latency.js';
import { checkExpectations, type Expectation } from './expect.js';
import { decidingStep, type ProbeOutcome, type ReplyView } from './outcome.js';
import { verdictOf, type Finding, type PerfDatum, type Verdict } from './verdict.js';

export interface JudgeSettings {
	/** Latency thresholds in seconds (-w / -c). */
	warnS?: number;
	critS?: number;
	expectations: readonly Expectation[];
	/** Addresses or server identifiers allowed to answer; undefined = no rogue check. */
	allowServers?: readonly string[];
	/** The option code of --print-only. */
	printOnly?: number;
}

export interface Judgement {
	verdict: Verdict;
	perfdata: PerfDatum[];
	/** The reply the verdict is about, if any. */
	reply?: ReplyView;
}

export function judge(outcome: ProbeOutcome, settings: JudgeSettings): Judgement {
	const findings: Finding[] = [];
	const step = decidingStep(outcome);
	const all = outcome.steps.flatMap((s) => s.replies);
	const perfdata: PerfDatum[] = [];

	if (step && step.replies.length === 0) {
		const tries = step.attempts === 1 ? '1 try' : `${step.attempts} tries`;
		findings.push({ status: 'CRITICAL', message: `no answer to ${step.request.typeName} sent to ${step.to} after ${tries} (${outcome.waitedS} s)` });
	}
	for (const r of step?.replies ?? []) {
		if (!r.positive) findings.push({ status: 'CRITICAL', message: `${r.failure ?? r.typeName} from ${r.server}` });
	}
	if (settings.allowServers) {
		const rogues = new Set<string>();
		for (const r of all) if (!isAllowed(r, settings.allowServers)) rogues.add(r.server === r.fromAddress ? r.server : `${r.server} (from ${r.fromAddress})`);
		for (const rogue of rogues) findings.push({ status: 'CRITICAL', message: `rogue DHCP server ${rogue} answered (not in --allow-server)` });
	}
	const main = step?.replies.find((r) => r.positive && (!settings.allowServers || isAllowed(r, settings.allowServers))) ?? step?.replies.find((r) => r.positive);
	if (main) {
		for (const result of checkExpectations(settings.expectations, main.facts)) {
			if (!result.passed) findings.push({ status: 'CRITICAL', message: `expected ${result.expectation.source}, got ${result.actual}` });
		}
	}
	// The time of the answer, positive or not (a NAK or a failure status came back too, and how fast
	// is worth graphing): one figure for the text, the perfdata and -w/-c alike, a lease's steps beside it.
	const answered = main ?? step?.replies[0];
	if (answered) {
		const time = answerTime(outcome, answered);
		const s = time.us / 1e6;
		if (settings.critS !== undefined && s > settings.critS) findings.push({ status: 'CRITICAL', message: `${time.what} took ${formatUs(time.us)}, over -c ${settings.critS} s` });
		else if (settings.warnS !== undefined && s > settings.warnS) findings.push({ status: 'WARNING', message: `${time.what} took ${formatUs(time.us)}, over -w ${settings.warnS} s` });
		perfdata.push({ label: 'time', value: s, uom: 's', ...(settings.warnS !== undefined ? { warn: settings.warnS } : {}), ...(settings.critS !== undefined ? { crit: settings.critS } : {}), min: 0 });
		if (time.steps.length > 1) for (const step of time.steps) perfdata.push({ label: step.name, value: step.us / 1e6, uom: 's', min: 0 });
	}
	if (settings.printOnly !== undefined) {
		for (const r of step?.replies ?? []) {
			if (r.option(settings.printOnly) === undefined) findings.push({ status: 'WARNING', message: `option ${settings.printOnly} absent from the ${r.typeName} from ${r.server}` });
		}
	}
	if (outcome.command === 'discover' && step) perfdata.push({ label: 'answers', value: step.replies.length, min: 0 });
	return { verdict: verdictOf(findings, okReason(outcome, main)), perfdata, ...(main ? { reply: main } : {}) };
}

/** Whether --allow-server names this reply's server: its identity, an alias of it, or its source address. */
export function isAllowed(r: ReplyView, allowServers: readonly string[]): boolean {
	const names = [r.server, r.fromAddress, ...(r.serverAliases ?? [])].map((n) => n.toLowerCase());
	return allowServers.some((a) => names.includes(a.toLowerCase()));
}

interface AnswerTime {
	/** What took that long: `DHCPOFFER`, or `lease (discover + request)`. */
	what: string;
	us: number;
	/** The steps it adds up (one for discover and ping). */
	steps: { name: string; us: number }[];
}

/**
 * How long the answer took: one exchange's latency, or for a lease the whole of it, every step
 * that grants it (DISCOVER/OFFER + REQUEST/ACK, then any renew or rebind; v6 likewise), each
 * counted by the answer that granted it.
 */
function answerTime(outcome: ProbeOutcome, main: ReplyView): AnswerTime {
	if (outcome.command !== 'lease') return { what: main.typeName, us: main.latencyUs, steps: [{ name: main.typeName, us: main.latencyUs }] };
	const steps = outcome.steps.filter((s) => s.expectsReply && !s.closing && s.replies.length > 0).map((s) => ({ name: s.name, us: (s.replies.find((r) => r.positive) ?? s.replies[0]!).latencyUs }));
	return { what: `lease (${stepNames(steps)})`, us: steps.reduce((n, s) => n + s.us, 0), steps };
}

function stepNames(steps: readonly { name: string }[]): string {
	return steps.map((s) => s.name).join(' + ');
}

function okReason(outcome: ProbeOutcome, main: ReplyView | undefined): string {
	if (!main) return 'nothing to report';
	const what = main.typeName.replace(/^DHCP/, '').toLowerCase();
	const prefix = main.prefix ? `${main.address ? ' and' : ''} prefix ${main.prefix}` : '';
	const address = `${main.address ? ` ${main.address}` : ''}${prefix}`;
	const speed = `in ${formatUs(main.latencyUs)}`;
	if (outcome.command === 'discover') {
		const servers = new Set(decidingStep(outcome)!.replies.map((r) => r.server));
		const more = servers.size > 1 ? `; ${servers.size} servers answered: ${[...servers].join(', ')}` : '';
		return `${what}${address} from ${main.server} ${speed}${more}`;
	}
	const after = outcome.steps.filter((s) => !s.expectsReply || s.closing).map((s) => (s.name === 'release' ? 'released' : s.name === 'decline' ? 'declined' : s.name));
	const tail = after.length > 0 ? `, ${after.join(', ')}` : outcome.command === 'lease' ? ', kept' : '';
	if (outcome.command === 'lease') {
		const time = answerTime(outcome, main);
		return `lease${address} from ${main.server} (${stepNames(time.steps)} in ${formatUs(time.us)})${tail}`;
	}
	return `${what}${address} from ${main.server} ${speed}${tail}`;
}
