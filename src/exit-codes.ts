/**
 * Exit codes follow the monitoring-plugin convention (Nagios plugin guidelines),
 * so every dhcpulse command can be dropped into Nagios, Icinga or a CI step as is.
 */
export const ExitCode = {
	/** The check passed. */
	OK: 0,
	/** Passed, but something deserves attention (slow reply, option absent, some packets malformed). */
	WARNING: 1,
	/** The check failed: no answer, NAK, rogue server, broken threshold. */
	CRITICAL: 2,
	/** The check could not run: bad flag or value, missing privilege, unreadable input. */
	UNKNOWN: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error a user can act on: it is printed as one line naming the input and what is wrong,
 * never with a stack trace, and the process exits with `exitCode`.
 */
export class UserError extends Error {
	readonly exitCode: ExitCodeValue;

	constructor(message: string, exitCode: ExitCodeValue = ExitCode.UNKNOWN) {
		super(message);
		this.name = 'UserError';
		this.exitCode = exitCode;
	}
}
