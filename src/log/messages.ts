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
		id: 'BAD_PACKET_MALFORMED',
		severity: 'WARN',
		text: 'malformed DHCP packet from %1: %2 at offset %3',
		description:
			'A datagram arrived on a DHCP port that does not decode: a truncated header, a length field that runs ' +
			'past the end, a bad magic cookie. It is not treated as an answer. The offset is where the decoder ' +
			'stopped; run the exchange with --pcap (or tcpdump) and `dhcpulse decode` to see the bytes. A server ' +
			'that sends such packets is broken or is not a DHCP server.',
	},
	{
		id: 'LOG_CONFIGURED',
		severity: 'DEBUG',
		debugLevel: 0,
		text: 'logging configured from %1: root severity %2, debug level %3',
		description:
			'Logging has been set up, either from the file given with --log-config or from the built-in defaults ' +
			"(possibly changed by DHCPULSE_LOGGER_DESTINATION and -d). The root logger's severity and debug level are " +
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
		description: 'A worker thread has been started and its log messages are now written by the main thread, which owns ' + 'all outputs; %t in a pattern shows the worker number (the main thread is 0).',
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
		id: 'PACKET_CONTENTS_RECEIVED',
		severity: 'DEBUG',
		debugLevel: 55,
		text: 'received from %1 (%2 bytes): %3',
		description: 'Logged by dhcpulse.packets at debug level 55: every datagram a probe received, answer or not, with ' + 'its full contents as one JSON object (the form of --json; hex when it does not decode).',
	},
	{
		id: 'PACKET_CONTENTS_SENT',
		severity: 'DEBUG',
		debugLevel: 55,
		text: 'sent to %1 (%2 bytes): %3',
		description: 'Logged by dhcpulse.packets at debug level 55: every request a probe sent, with its full contents as one JSON object.',
	},
	{
		id: 'PERF_IDENTITY_BROKEN',
		severity: 'ERROR',
		text: 'accounting identity broken (sent = ok + rejected + timeouts + in-flight): %1',
		description:
			'At the end of a load run, the counters of some exchange do not add up: every request sent must be ' +
			'answered (ok or rejected), timed out, or still in flight. The figures are [name, sent, ok, rejected, ' +
			'timeouts, inFlight] per exchange. This is a bug in dhcpulse; the run exits with code 2. Please report it ' +
			'with the command line.',
	},
	{
		id: 'PERF_MAX_DROP_REACHED',
		severity: 'WARN',
		text: 'max-drop reached: %1 timeouts out of %2 settled requests; stopping',
		description:
			'The -D limit (a number of timeouts, or a percentage of the settled requests once more than 10 were ' +
			'sent) was reached, so the run stops sending, waits the exit wait for answers still on their way, ' +
			'reports and exits with code 2. Lower the rate (-r) or raise -D to let the run continue.',
	},
	{
		id: 'PERF_RAPID_COMMIT_DECLINED',
		severity: 'WARN',
		text: 'the server answers Rapid Commit SOLICITs with ADVERTISE; they are counted as rejected',
		description:
			'perf -6 -c asks for the two-message exchange of RFC 8415 §18.2.1 (SOLICIT with Rapid Commit, REPLY). ' +
			'A server that does not commit at once for the client (Kea: Rapid Commit is off unless the subnet or ' +
			'shared network sets "rapid-commit": true) answers with an ADVERTISE instead. Such a SOLICIT is counted ' +
			'as rejected, never as a completed SOLICIT-REPLY. Logged once per run.',
	},
	{
		id: 'PERF_RATE_NOT_REACHED',
		severity: 'WARN',
		text: 'rate not reached: sent %1 exchanges/s, asked %2/s',
		description:
			'Over the last report interval the load generator started fewer exchanges than asked (more than 2 % ' +
			'short): its CPU, the event loop or the socket could not keep up, so the figures describe a lower load ' +
			'than the one asked for. Use --workers to spread relay-mode clients over more threads, or lower -r. ' +
			'Logged at most once every 10 s; every interval line and the final report say it too.',
	},
	{
		id: 'PERF_RUN_FINISHED',
		severity: 'INFO',
		text: 'load run finished: %1 (exit code %2)',
		description: 'A load run ended: why (period, -n, max-drop, a signal, q), how long it waited for late answers, and its exit code.',
	},
	{
		id: 'PERF_RUN_STARTED',
		severity: 'INFO',
		text: 'load run started: %1 %2, asked %3, %4 clients, %5 worker(s)',
		description: 'A load run (dhcpulse perf) started sending: its exchange mode, target, asked rate (N/s, or all at once in an avalanche), client population and number of worker threads.',
	},
	{
		id: 'PROBE_IGNORED',
		severity: 'DEBUG',
		debugLevel: 15,
		text: 'ignored datagram from %1: %2',
		description:
			'A datagram reached the probe but does not answer its request: another transaction id, another ' +
			'client hardware address or DUID, an unexpected message type, or our own broadcast seen on the wire. ' +
			'Ignoring it is normal on a shared segment; it only matters if the expected answer never comes.',
	},
	{
		id: 'PROBE_LISTEN_STARTED',
		severity: 'INFO',
		text: 'listening for %1 on %2 (%3)',
		description:
			'`dhcpulse listen` has opened its capture sockets and from now on reports every DHCP packet the host sees ' +
			'on the interface. It sends nothing. Packets sent before this line are not seen; a unicast reply to another ' +
			"host's hardware address never reaches this host and is not seen either.",
	},
	{
		id: 'PROBE_NAK_RECEIVED',
		severity: 'WARN',
		text: 'DHCPNAK from %1: %2',
		description:
			'The server refused the request (RFC 2131 §4.3.2): the address is not valid for this client or this ' +
			'network, the lease belongs to another client, or the server is authoritative and does not know the ' +
			"client. The text after the colon is the server's own message (option 56) when it sent one. The probe " +
			'ends CRITICAL.',
	},
	{
		id: 'PROBE_RECEIVED',
		severity: 'DEBUG',
		debugLevel: 50,
		text: 'received %1 from %2 (%3 bytes)',
		description: "An answer to the probe's request arrived and matched its transaction id, client and expected message type.",
	},
	{
		id: 'PROBE_SENT',
		severity: 'DEBUG',
		debugLevel: 50,
		text: 'sent %1 to %2 through %3 (attempt %4, %5 bytes)',
		description: 'The probe handed a request to the kernel. Retransmissions keep the transaction id.',
	},
	{
		id: 'PROBE_STATUS_CODE',
		severity: 'WARN',
		text: 'DHCPv6 %1 from %2 carries status %3: %4',
		description:
			'A DHCPv6 server answered with a failure status (RFC 8415 §21.13): NoAddrsAvail or NoPrefixAvail ' +
			'(the pools are exhausted or the client is not allowed any), NoBinding (the server has no lease for ' +
			'the client), NotOnLink (the address does not belong to the link), UseMulticast. The probe ends CRITICAL.',
	},
	{
		id: 'PROBE_TIMEOUT_SHORT',
		severity: 'WARN',
		text: 'a %1 s timeout may be too short: some servers ping-check an address (about 3 s) before offering it',
		description:
			'dnsmasq and ISC dhcpd may ping an address before offering it, which delays the first answer by seconds. ' +
			'With a short --timeout such a server looks dead. Use --timeout 4 or more when probing servers you do not know.',
	},
	{
		id: 'PROBE_WARNING',
		severity: 'WARN',
		text: '%1',
		description: 'Something about how the probe had to run that the operator should know, for example that the kernel will not send from 0.0.0.0 on an interface that has an IPv4 address.',
	},
	{
		id: 'STATUS_DUMP',
		severity: 'INFO',
		text: '%1: %2',
		description:
			'One part of a status dump requested with SIGUSR1: the name of a component (for example perf) and its ' + 'current state as JSON (run state, counters, packets in flight, latency summary). The run continues.',
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
			'A component registered for status dumps failed while reporting its state. The other components are ' + 'still dumped and the run continues. This is a bug in dhcpulse; please report it with the message.',
	},
	{
		id: 'TRANSPORT_CLOSED',
		severity: 'DEBUG',
		debugLevel: 40,
		text: 'closed %1',
		description: 'Logged by dhcpulse.transport: a socket of a probe or a load run was closed.',
	},
	{
		id: 'TRANSPORT_OPENED',
		severity: 'DEBUG',
		debugLevel: 40,
		text: 'opened %1',
		description: 'Logged by dhcpulse.transport: a socket was opened and bound (a UDP socket with its address and port, ' + 'or a raw socket on an interface), before anything is sent on it.',
	},
] as const satisfies readonly MessageDef[];

export type MessageId = (typeof CATALOGUE)[number]['id'];
type Entry = (typeof CATALOGUE)[number];

/** `Msg.LOG_CONFIGURED` is the catalogue entry itself; pass it to a logger method. */
export const Msg: { readonly [K in MessageId]: Extract<Entry, { id: K }> } = Object.freeze(Object.fromEntries(CATALOGUE.map((entry) => [entry.id, entry]))) as { readonly [K in MessageId]: Extract<Entry, { id: K }> };

/** The entry for an ID, or undefined when the ID is not catalogued. */
export function findMessage(id: string): MessageDef | undefined {
	return (Msg as Record<string, MessageDef>)[id];
}
