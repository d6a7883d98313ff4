import type { SeverityName } from './severity.js';

/**
 * The message catalogue: every message dhcpulse logs, defined once, in the form of Kea's
 * messages manual (an identifier, a text with %1, %2 … placeholders, and a description of when
 * the message appears and what to do about it).
 *
 * `dhcpulse messages [ID]` prints this table and docs/messages.md is generated from it
 * (`npm run messages:doc`). test/log-catalogue.test.ts fails when
 *   - code under src/ uses `Msg.<ID>` for an ID that is not here,
 *   - an ID here is never used as `Msg.<ID>` anywhere under src/ (outside this file),
 *   - docs/messages.md differs from what the generator would write now.
 *
 * How to add a message:
 *   1. Add an entry below, keeping the table sorted by ID. The ID is UPPER_SNAKE_CASE and starts
 *      with the module that logs it (LOG_, LAB_, BAD_PACKET_, TRANSPORT_, PROBE_, PERF_, UI_…).
 *   2. `severity` is the severity it is logged at. A DEBUG message also names its `debugLevel`,
 *      one of the DebugLevel values (src/log/severity.ts); the logger's debug() method only
 *      accepts that same level, so the manual and the code cannot disagree.
 *   3. `text` is one line; %1 … %9 are replaced by the arguments of the log call, in order.
 *   4. `description` says when the message appears and what the operator should do.
 *   5. Log it: `log.warn(Msg.YOUR_ID, arg1, arg2)`, then run `npm run messages:doc`.
 */
export interface MessageDef {
	readonly id: string;
	readonly severity: SeverityName;
	/** Only for DEBUG messages: the debug level (0–99) they are logged at. */
	readonly debugLevel?: number;
	readonly text: string;
	readonly description: string;
}

export const CATALOGUE = [
	{
		id: 'LOG_CONFIGURED',
		severity: 'DEBUG',
		debugLevel: 0,
		text: 'logging configured from %1: root severity %2, debug level %3',
		description:
			'Logging has been set up, either from the file given with --log-config or from the built-in defaults ' +
			'(possibly changed by DHCPULSE_LOGGER_DESTINATION and -d). The root logger\'s severity and debug level are ' +
			'shown; child loggers may override them.',
	},
	{
		id: 'LOG_FILE_WRITE_FAILED',
		severity: 'ERROR',
		text: 'cannot write log file %1: %2; its messages go to stderr from now on',
		description:
			'Writing to (or rotating) a log file failed after it had been opened, for example because the disk is ' +
			'full or the directory was removed. The messages for that output are written to stderr instead so ' +
			'nothing is lost. Free space or fix the directory and run again.',
	},
	{
		id: 'LOG_SYSLOG_FAILED',
		severity: 'ERROR',
		text: 'syslog output through %1 failed: %2; its messages go to stderr from now on',
		description:
			'dhcpulse hands syslog messages to the util-linux logger(1) program, which writes them to the ' +
			'syslog socket (/dev/log, or DHCPULSE_SYSLOG_SOCKET). That program could not be started or stopped ' +
			'working, usually because no syslog daemon is listening on the socket. Later messages are written to ' +
			'stderr instead; those already handed to logger(1) before it failed may be lost. Start a syslog ' +
			'daemon or choose another output.',
	},
	{
		id: 'LOG_WORKER_ATTACHED',
		severity: 'DEBUG',
		debugLevel: 0,
		text: 'worker %1 forwards its log messages to the main thread',
		description:
			'A worker thread has been started and its log messages are now written by the main thread, which owns ' +
			'all outputs; %t in a pattern shows the worker number (the main thread is 0).',
	},
	{
		id: 'NET_ERROR',
		severity: 'WARN',
		text: '%1 %2: %3',
		description:
			'The operating system reported a network error (the errno name is shown first, for example ' +
			'ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EACCES or ENOBUFS) while dhcpulse was sending or receiving. ' +
			'ECONNREFUSED means an ICMP port-unreachable came back: nothing listens on the server port. ' +
			'EHOSTUNREACH and ENETUNREACH point at routing or neighbour resolution. EACCES usually means sending ' +
			'to a broadcast address without permission. ENOBUFS means the socket or interface queue is full: the ' +
			'offered rate is more than the host can send. Only the first error of each kind per interval is ' +
			'logged; see NET_ERRORS_SUPPRESSED.',
	},
	{
		id: 'NET_ERRORS_SUPPRESSED',
		severity: 'WARN',
		text: '%1 more %2 suppressed in the last %3 s',
		description:
			'So that logging can never become the bottleneck of a load test, or a flood (Kea warns that ' +
			'unbounded logging is itself a denial of service), network errors of one kind are logged once per ' +
			'interval and the rest are counted. This line reports how many of that kind were not logged. A large ' +
			'count means the condition persists; see NET_ERROR for what each kind means.',
	},
	{
		id: 'STATUS_DUMP',
		severity: 'INFO',
		text: '%1: %2',
		description:
			'One part of a status dump requested with SIGUSR1: the name of a component (for example perf) and its ' +
			'current state as JSON (run state, counters, packets in flight, latency summary). The run continues.',
	},
	{
		id: 'STATUS_DUMP_REQUESTED',
		severity: 'INFO',
		text: 'status dump requested by %1: %2 component(s) report',
		description:
			'dhcpulse received SIGUSR1 (as the Dante server does, "kill -USR1 <pid>") and writes the state of each ' +
			'running component to the configured log outputs, one STATUS_DUMP line each, without stopping anything. ' +
			'Status dumps are written whatever the configured severity, unless the logger dhcpulse.status is NONE.',
	},
	{
		id: 'STATUS_PROVIDER_FAILED',
		severity: 'ERROR',
		text: 'status of %1 could not be read: %2',
		description:
			'A component registered for status dumps failed while reporting its state. The other components are ' +
			'still dumped and the run continues. This is a bug in dhcpulse; please report it with the message.',
	},
] as const satisfies readonly MessageDef[];

export type MessageId = (typeof CATALOGUE)[number]['id'];
type Entry = (typeof CATALOGUE)[number];

/** `Msg.LOG_CONFIGURED` is the catalogue entry itself; pass it to a logger method. */
export const Msg: { readonly [K in MessageId]: Extract<Entry, { id: K }> } = Object.freeze(
	Object.fromEntries(CATALOGUE.map((entry) => [entry.id, entry])),
) as { readonly [K in MessageId]: Extract<Entry, { id: K }> };

/** The entry for an ID, or undefined when the ID is not catalogued. */
export function findMessage(id: string): MessageDef | undefined {
	return (Msg as Record<string, MessageDef>)[id];
}
