/**
 * Probe presenters. Text: dhcptest-style dumps of what was sent and received, with each reply's
 * latency, on stdout. JSON: exactly one document on stdout. Nagios: one plugin line on stdout.
 * In every mode the one-line verdict goes to stderr too, so scripts see why a probe failed.
 */
import { escapeControls } from '../codec/types/text.js';
import { formatUs } from '../stats/latency.js';
import type { Judgement } from './judge.js';
import { decidingStep, type ProbeOutcome } from './outcome.js';
import { nagiosLine } from './verdict.js';

export type OutputMode = 'text' | 'json' | 'nagios';

export interface OutputSettings {
	mode: OutputMode;
	/** Text mode: also dump the requests sent (dhcptest prints them; -v). */
	verbose: boolean;
	/** Text mode: only the verdict. */
	quiet: boolean;
	/** --print-only: print just this option's value, one line per reply. */
	printOnly?: number;
}

export interface Rendered {
	stdout: string;
	stderr: string;
}

export function render(outcome: ProbeOutcome, judgement: Judgement, settings: OutputSettings): Rendered {
	const { verdict } = judgement;
	// The reason may quote a server (a NAK's message): escaped, so it stays one line and sends no
	// escape sequence to a terminal. The dumps escape what they print themselves (formatString).
	const reasonLine = `${verdict.status}: ${escapeControls(verdict.reason)}\n`;
	const warnings = outcome.warnings.map((w) => `warning: ${escapeControls(w)}\n`).join('');
	if (settings.mode === 'json') return { stdout: `${JSON.stringify(toJson(outcome, judgement), null, 2)}\n`, stderr: warnings + reasonLine };
	if (settings.mode === 'nagios') return { stdout: `${nagiosLine('DHCP', verdict, judgement.perfdata)}\n`, stderr: warnings };
	if (settings.printOnly !== undefined) return { stdout: printOnly(outcome, settings.printOnly), stderr: warnings + reasonLine };
	if (settings.quiet) return { stdout: '', stderr: warnings + reasonLine };
	const out: string[] = [];
	for (const step of outcome.steps) {
		out.push(`${step.request.typeName} → ${step.to} via ${outcome.path}${step.attempts > 1 ? ` (${step.attempts} transmissions)` : ''}\n`);
		if (settings.verbose) out.push(`${step.request.text}\n`);
		if (step.expectsReply && step.replies.length === 0) out.push(`  no answer\n`);
		for (const r of step.replies) {
			out.push(`${r.typeName} ← ${r.from} in ${formatUs(r.latencyUs)}${r.attempt > 1 ? ` (after transmission ${r.attempt})` : ''}\n`);
			out.push(`${r.text}\n`);
		}
	}
	return { stdout: out.join(''), stderr: warnings + reasonLine };
}

/** dhcptest's --print-only, fixed: every value on its own newline-terminated line. */
function printOnly(outcome: ProbeOutcome, code: number): string {
	const step = decidingStep(outcome);
	let out = '';
	for (const r of step?.replies ?? []) {
		const data = r.option(code);
		if (data === undefined) continue;
		const { text } = outcome.space.formatValue({ code, data });
		out += `${text}\n`;
	}
	return out;
}

/** The JSON document: `{verdict, exitCode, reason, request, replies, steps, …}` (docs/json-schema.md). */
export function toJson(outcome: ProbeOutcome, judgement: Judgement): Record<string, unknown> {
	const step = decidingStep(outcome);
	const replyJson = (r: ProbeOutcome['steps'][number]['replies'][number]) => ({
		from: r.from,
		server: r.server,
		latencyUs: Math.round(r.latencyUs),
		type: r.typeName,
		positive: r.positive,
		...(r.failure ? { failure: r.failure } : {}),
		...(r.address ? { address: r.address } : {}),
		...(r.prefix ? { prefix: r.prefix } : {}),
		packet: r.json,
	});
	return {
		verdict: judgement.verdict.status,
		exitCode: judgement.verdict.exitCode,
		reason: judgement.verdict.reason,
		family: outcome.family,
		command: outcome.command,
		path: outcome.path,
		request: step ? { to: step.to, type: step.request.typeName, packet: step.request.json } : null,
		replies: (step?.replies ?? []).map(replyJson),
		steps: outcome.steps.map((s) => ({
			name: s.name,
			to: s.to,
			type: s.request.typeName,
			attempts: s.attempts,
			expectsReply: s.expectsReply,
			request: s.request.json,
			replies: s.replies.map(replyJson),
		})),
		findings: judgement.verdict.findings,
		warnings: outcome.warnings,
		ignored: outcome.ignored,
		ignoredBy: outcome.ignoredBy,
	};
}
