/**
 * How a command's --help is laid out: its options in named groups, then its examples, its exit
 * codes and where the documentation is. One layout for every command, and the source of the man
 * pages too (scripts/gen-man.ts renders --help). Defaults show as yargs' `[default: …]` only,
 * and a quantity's description ends with its unit (", in seconds").
 */
import type { Argv } from 'yargs';

/** The option groups, in the order --help shows them. */
export const Group = {
	target: 'Target:',
	identity: 'Identity:',
	request: 'Request:',
	output: 'Output:',
	thresholds: 'Thresholds:',
	global: 'Global:',
} as const;

export const DOCS = 'Documentation: man dhcpulse; README.md and docs/ in the package';

/** What the monitoring-plugin exit codes mean for a probe (discover, ping, lease). */
export const PROBE_EXIT_CODES = [
	'0 OK       the expected answer came',
	'1 WARNING  slower than --warning; the --print-only option was absent',
	'2 CRITICAL no answer, a NAK or DHCPv6 failure status, a rogue server,',
	'           a failed --expect, or slower than --critical',
	'3 UNKNOWN  bad flag or value, missing privilege or raw-socket, no such',
	'           interface, or interrupted before any answer',
];

export interface Footer {
	/** [command line, what it does]; a command line is never wrapped. */
	examples?: readonly (readonly [string, string])[];
	/** Lines of at most 70 characters, so that even the man page (72 columns) never wraps one. */
	exitCodes: readonly string[];
}

/**
 * The end of a command's --help. Examples are lines of their own rather than yargs' two-column
 * `example()`, which breaks a long command line in the middle to fit the terminal.
 */
export function epilogue(f: Footer): string {
	const lines: string[] = [];
	if (f.examples) lines.push('Examples:', ...f.examples.flatMap(([line, what]) => [`  ${line}`, `      ${what}`]), '');
	lines.push('Exit codes:', ...f.exitCodes.map((c) => `  ${c}`), '', DOCS);
	return lines.join('\n');
}

/** `y` with {@link epilogue} as the end of its --help. */
export function footer<T>(y: Argv<T>, f: Footer): Argv<T> {
	return y.epilogue(epilogue(f));
}
