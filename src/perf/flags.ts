/**
 * Every flag of `dhcpulse perf`, declared once: the command's yargs options, the type of its
 * parsed arguments (PerfArgs), the one-line checks of numeric values, the defaults line and the
 * JSON summary's `settings` echo are all derived from this table (settings.ts). perfdhcp's
 * letters keep its meaning where it is the same thing (perfdhcp(8), Kea 2.2); `origin` says
 * what perfdhcp does where dhcpulse differs.
 */
import type { ArgsOf, FlagSpec } from '../flags.js';
import { KEA_FLAGS } from '../kea/flags.js';
import type { PerfConfig } from './config.js';

export interface PerfFlag extends FlagSpec {
	/** The PerfConfig field the flag sets; echoed in the JSON `settings` under that name unless `echo` is false. */
	readonly setting?: keyof PerfConfig;
	/** Echo something other than the setting's value (or nothing: false). */
	readonly echo?: false | 'given';
	/** When the flag is not given, the value chosen for it is said in the defaults line before the run. */
	readonly sayDefault?: boolean;
	/** A perfdhcp flag with nothing to change here: accepted, and this is said in the defaults line. */
	readonly accepted?: string;
}

/**
 * The highest rate a run may ask, per second: ten times what one process of this kind has been
 * measured to send (about 100,000 exchanges/s a core); `-r 1e12` is a typo, not a plan.
 */
export const MAX_RATE = 1_000_000;

/** The values a run takes for the flags not given; --help shows them from here. */
export const DEFAULTS = {
	rate: 100,
	clients: 10_000,
	dropTimeS: 1,
	/** Avalanche: transmissions at 0, 1, 3, 7, 15, 31 s (± 10 %) fit in the default give-up time. */
	avalancheDropTimeS: 60,
	avalancheExitWaitS: 1,
	reportIntervalS: 1,
	periodS: 10,
	workers: 1,
	metricsLingerS: 5,
} as const;

const TARGET = 'Target:';
const LOAD = 'Load:';
const CLIENTS = 'Clients and packets:';
const STOP = 'Stop and timing:';
const OUTPUT = 'Output:';
const SERVER = "The server's side (the loss ledger; a lab's server is found from DHCPULSE_LAB, which lab exec sets):";
const PERFDHCP = "perfdhcp's other flags (the same meaning, or refused naming the dhcpulse way):";
const THRESHOLDS = 'Thresholds (exit 2 when one fails; without any, 1 % of timeouts or of rejections, or a shortfall of the asked rate, is exit 1):';

export const PERF_FLAGS = [
	{ name: '4', type: 'boolean', group: TARGET, describe: 'DHCPv4 (the default)' },
	{ name: '6', type: 'boolean', group: TARGET, describe: 'DHCPv6', setting: 'family' },
	{ name: 'local', alias: 'l', type: 'string', array: true, group: TARGET, describe: 'relay mode: local address(es) or interface to send from (one address per worker); on-link: the interface' },
	{ name: 'local-port', alias: 'L', type: 'number', check: { integer: true, max: 65535 }, group: TARGET, describe: 'local port', defaultText: '67 relay v4, 68 on-link v4, 547 relay v6, 546 on-link v6' },
	{ name: 'relay-levels', alias: 'A', type: 'number', check: { integer: true, max: 8 }, group: TARGET, describe: 'DHCPv6 RELAY-FORW levels in relay mode', defaultText: '1', setting: 'relayLevels' },
	{
		name: 'workers',
		type: 'number',
		check: { integer: true, max: 8 },
		group: TARGET,
		describe: 'relay mode: worker threads, each with its own relay address',
		defaultText: `${DEFAULTS.workers}`,
		setting: 'workers',
		sayDefault: true,
		origin: '-g single|multi (threading mode)',
	},
	{ name: 'rate', alias: 'r', type: 'number', check: { max: MAX_RATE }, group: LOAD, describe: 'new exchanges per second (open loop)', defaultText: `${DEFAULTS.rate}`, setting: 'rate', sayDefault: true },
	{
		name: 'scenario',
		type: 'string',
		group: LOAD,
		describe: 'basic: new exchanges paced at -r; avalanche: all -R clients at once, retransmitted after 1, 2, 4 … 64 s until answered or -d (default 60 s) passes; stages: as --stages gives it',
		setting: 'scenario',
	},
	{
		name: 'stages',
		type: 'string',
		group: LOAD,
		describe: 'ramp the asked rate linearly through DURATION:RATE targets, e.g. 30s:1000,60s:5000,10s:0 (k6 stages; from -r if given, else from 0); the run ends after the last',
		setting: 'stages',
		echo: 'given',
	},
	{
		name: 'max-in-flight',
		type: 'number',
		check: { integer: true },
		group: LOAD,
		describe: 'closed loop: keep N exchanges outstanding, a new one starting as soon as one is answered or times out (instead of -r)',
		setting: 'maxInFlight',
	},
	{ name: 'two-way', alias: 'i', type: 'boolean', group: LOAD, describe: 'only DISCOVER-OFFER / SOLICIT-ADVERTISE', setting: 'twoWay' },
	{ name: 'renew-rate', alias: 'f', type: 'number', check: { zero: true, max: MAX_RATE }, group: LOAD, describe: 'renews per second, of leases acquired in this run', setting: 'renewRate' },
	{ name: 'release-rate', alias: 'F', type: 'number', check: { zero: true, max: MAX_RATE }, group: LOAD, describe: 'releases per second, of leases acquired in this run', setting: 'releaseRate' },
	{
		name: 'lifecycle',
		type: 'boolean',
		group: LOAD,
		describe:
			'clients live through their leases: new clients at -r; each renews at T1 (retried as the RFCs say), rebinds at T2 if the renew is not answered, releases when it leaves (--hold), some decline, inform or (DHCPv6) confirm (--scenario lifecycle)',
	},
	{
		name: 'hold',
		type: 'number',
		group: LOAD,
		describe: 'with --lifecycle: mean time a client keeps its lease before releasing it, seconds before --time-scale (exponential)',
		defaultText: 'clients never leave',
		setting: 'holdS',
	},
	{
		name: 'decline-pct',
		type: 'number',
		check: { zero: true, max: 100 },
		group: LOAD,
		describe: 'with --lifecycle: % of new leases the client declines at once (DECLINE, address in use)',
		defaultText: '0',
		setting: 'declinePct',
	},
	{
		name: 'inform-pct',
		type: 'number',
		check: { zero: true, max: 100 },
		group: LOAD,
		describe: 'with --lifecycle: % of new leases followed by an INFORM (DHCPv6: INFORMATION-REQUEST)',
		defaultText: '0',
		setting: 'informPct',
	},
	{
		name: 'confirm-pct',
		type: 'number',
		check: { zero: true, max: 100 },
		group: LOAD,
		describe: 'with --lifecycle -6: % of new leases whose client moves links halfway to T1 and sends a CONFIRM',
		defaultText: '0',
		setting: 'confirmPct',
	},
	{
		name: 'time-scale',
		type: 'number',
		check: { max: 1_000_000 },
		group: LOAD,
		describe: 'with --lifecycle: lease, T1, T2 and hold times are divided by N (1000: a 4000 s lease lasts 4 s)',
		defaultText: '1',
		setting: 'timeScale',
	},
	{ name: 'preload', alias: 'P', type: 'number', check: { integer: true, zero: true }, group: LOAD, describe: 'exchanges sent back-to-back first, not counted', setting: 'preload' },
	{
		name: 'warm-up',
		type: 'number',
		check: { zero: true, max: 60 },
		group: LOAD,
		describe: 'seconds of uncounted exchanges before the measured run, so the JIT has compiled its hot paths before anything is counted',
		setting: 'warmUpS',
	},
	{ name: 'warm-up-rate', type: 'number', check: { max: MAX_RATE }, group: LOAD, describe: 'new exchanges per second during --warm-up', defaultText: 'the rate of -r', setting: 'warmUpRate', sayDefault: true },
	{
		name: 'busy-poll',
		type: 'boolean',
		group: LOAD,
		describe: 'never sleep while sending: lowest latency, at the cost of a whole core per worker (from 1,000/s the loop already polls every ~0.1 ms, as perfdhcp does)',
		setting: 'busyPoll',
	},
	{
		name: 'clients',
		alias: 'R',
		type: 'number',
		check: { integer: true, max: 0xffffffff },
		group: CLIENTS,
		describe: 'number of simulated clients',
		defaultText: `${DEFAULTS.clients}; perfdhcp: 1`,
		setting: 'clients',
		sayDefault: true,
		origin: '-R 1 by default: every exchange from one client',
	},
	{ name: 'base', alias: 'b', type: 'string', array: true, group: CLIENTS, describe: "mac=02:00:0c:00:00:00 or duid=HEX: client 0's identity; client i adds i" },
	{
		name: 'client-id',
		type: 'string',
		group: CLIENTS,
		describe: 'DHCPv4: the client identifier (option 61) each client sends: mac (type 1 and its MAC, RFC 2132 §9.14), duid (RFC 4361: type 255, IAID 1, a DUID-LL of its MAC) or none (chaddr alone)',
		defaultText: 'mac',
		setting: 'clientId',
	},
	{
		name: 'seed',
		alias: 's',
		type: 'number',
		check: { integer: true, zero: true },
		group: CLIENTS,
		describe: 'seed for the order clients are used in, and for what each draws from --option-weighted',
		defaultText: 'sequential (draws: seed 0)',
		setting: 'seed',
	},
	{ name: 'lease-type', alias: 'e', type: 'string', group: CLIENTS, describe: 'DHCPv6: address-only (IA_NA), prefix-only (IA_PD) or address-and-prefix', defaultText: 'address-only', setting: 'leaseType' },
	{ name: 'rapid-commit', alias: 'c', type: 'boolean', group: CLIENTS, describe: 'DHCPv6 Rapid Commit: SOLICIT-REPLY', setting: 'rapidCommit' },
	{ name: 'raw-option', alias: 'o', type: 'string', array: true, group: CLIENTS, describe: "perfdhcp's CODE,HEX option added to every request; repeatable" },
	{ name: 'option', type: 'string', array: true, group: CLIENTS, describe: 'an option in the dhcpulse language, CODE[FMT]=VALUE; repeatable' },
	{
		name: 'option-weighted',
		type: 'string',
		array: true,
		group: CLIENTS,
		describe: "WEIGHT:CODE[FMT]=VALUE, one of a weighted list: each client draws one value per code from those given for it, the same every time for a --seed, e.g. '3:60=\"MSFT 5.0\"' '1:60=PXEClient'; repeatable",
	},
	{
		name: 'or',
		type: 'string',
		array: true,
		group: PERFDHCP,
		describe: "perfdhcp's LEVEL:CODE,HEX option in the RELAY-FORW at encapsulation LEVEL (1: the relay nearest the client); as --relay-option (LEVEL-1):CODE[hex]=…; repeatable",
	},
	{
		name: 'relay-option',
		type: 'string',
		array: true,
		group: CLIENTS,
		describe:
			"DHCPv6 relay mode: an option of a RELAY-FORW, [LEVEL:]CODE[FMT]=VALUE (level 0, the relay nearest the client, unless LEVEL: says which of -A's), e.g. 'interface-id=\"eth0/{client}\"'; repeatable (DHCPv4: --option 82=…)",
	},
	{
		name: 'num-request',
		alias: 'n',
		type: 'number',
		check: { integer: true },
		group: STOP,
		describe: 'stop after starting this many exchanges; given twice (perfdhcp), the second caps the REQUESTs',
		setting: 'numRequests',
	},
	{
		name: 'period',
		alias: 'p',
		type: 'number',
		group: STOP,
		describe: 'test period, seconds (fractions allowed)',
		defaultText: `${DEFAULTS.periodS} when -n is not given`,
		setting: 'periodS',
		sayDefault: true,
		origin: 'no default: floods until Ctrl-C',
	},
	{
		name: 'max-drop',
		alias: 'D',
		type: 'string',
		group: STOP,
		describe: 'stop (exit 2) after N timeouts, or N% of settled requests; given twice (perfdhcp), per stage: DISCOVER / SOLICIT, then REQUEST',
		setting: 'maxDrop',
		echo: 'given',
	},
	{
		name: 'drop-time',
		alias: 'd',
		type: 'number',
		check: { max: 60 },
		group: STOP,
		describe: "seconds before an unanswered request is a timeout; given twice (perfdhcp), the second is the REQUEST stage's",
		defaultText: `${DEFAULTS.dropTimeS}`,
		setting: 'dropTimeS',
		sayDefault: true,
	},
	{
		name: 'exit-wait',
		alias: 'W',
		type: 'number',
		check: { zero: true, max: 600 },
		group: STOP,
		describe: 'seconds to wait for answers after sending stops (perfdhcp: µs)',
		defaultText: 'the drop time',
		setting: 'exitWaitS',
		sayDefault: true,
		origin: 'microseconds',
	},
	{ name: 'report', alias: 't', type: 'number', group: STOP, describe: 'report interval, seconds', defaultText: `${DEFAULTS.reportIntervalS}`, setting: 'reportIntervalS', sayDefault: true, echo: false },
	{ name: 'json', type: 'string', group: OUTPUT, describe: 'write the summary as JSON to FILE, or - for stdout', setting: 'json', echo: false },
	{ name: 'hdr-log', type: 'string', group: OUTPUT, describe: 'write per-interval latency histograms as an HdrHistogram log to FILE', setting: 'hdrLog', echo: false },
	{ name: 'csv', type: 'string', group: OUTPUT, describe: 'write one line per report interval to FILE as CSV, with a header (rates, counts, latency percentiles per exchange)', setting: 'csv', echo: false },
	{ name: 'jsonl', type: 'string', group: OUTPUT, describe: 'write one JSON object per report interval to FILE, as the run goes', setting: 'jsonl', echo: false },
	{ name: 'html', type: 'string', group: OUTPUT, describe: 'write a self-contained HTML report with plots to FILE (opens offline)', setting: 'html', echo: false },
	{ name: 'pcap', type: 'string', group: OUTPUT, describe: 'write every packet sent and received to FILE (pcap)', setting: 'pcap', echo: false },
	{ name: 'metrics-listen', type: 'string', group: OUTPUT, describe: 'serve live Prometheus metrics at http://ADDR:PORT/metrics while the run lasts', setting: 'metricsListen', echo: false },
	{
		name: 'metrics-linger',
		type: 'number',
		check: { zero: true, max: 600 },
		group: OUTPUT,
		describe: 'seconds --metrics-listen keeps serving after the run, so the last scrape sees the final values',
		defaultText: `${DEFAULTS.metricsLingerS}`,
		setting: 'metricsLingerS',
		echo: false,
	},
	{ name: 'dashboard', type: 'boolean', default: true, group: OUTPUT, describe: 'live dashboard on a terminal; --no-dashboard prints interval lines' },
	{ name: 'text-report', type: 'string', group: OUTPUT, describe: 'write the final text report to FILE instead of the terminal (the dashboard still leaves its summary on screen)' },
	// How to reach a Kea server, as check pool takes them (kea/flags.ts): its statistics before and after the run go in the loss ledger.
	...KEA_FLAGS.map((f) => ({ ...f, group: SERVER })),
	{
		name: 'lab',
		type: 'string',
		group: SERVER,
		describe: "the lab whose server is under load: its statistics, and its namespace's and socket's kernel counters, go in the loss ledger",
		defaultText: '$DHCPULSE_LAB',
		setting: 'lab',
	},
	{ name: 'max-drop-pct', type: 'number', check: { zero: true, max: 100 }, group: THRESHOLDS, describe: 'timeouts at most this % of settled requests' },
	{ name: 'max-reject-pct', type: 'number', check: { zero: true, max: 100 }, group: THRESHOLDS, describe: 'rejected requests (NAK, a DHCPv6 failure status) at most this % of settled requests' },
	{ name: 'max-p99', type: 'number', group: THRESHOLDS, describe: 'p99 latency of each exchange at most this many ms' },
	{ name: 'min-rate', type: 'number', group: THRESHOLDS, describe: 'completed exchanges per second at least this' },
	// perfdhcp(8) 2.2's remaining flags (issue #25), one block: each works with perfdhcp's meaning,
	// or is accepted with a note, or refuses the run naming the dhcpulse way (`instead`).
	{
		name: 'remote-port',
		alias: 'N',
		type: 'number',
		check: { integer: true, zero: true, max: 65535 },
		group: PERFDHCP,
		describe: "the server's port (0: the default)",
		defaultText: '67 v4, 547 v6',
		setting: 'serverPort',
	},
	{ name: 'unique', alias: 'u', type: 'boolean', group: PERFDHCP, describe: 'check address uniqueness: report every address leased to two clients (text report and JSON)', setting: 'checkUnique' },
	{ name: 'wrapped', alias: 'w', type: 'string', group: PERFDHCP, describe: 'run COMMAND with the argument start before the first packet, and with stop after the report', setting: 'wrapped', echo: false },
	{
		name: 'diagnostics',
		alias: 'x',
		type: 'string',
		group: PERFDHCP,
		describe: "perfdhcp's selector letters: a settings before the run, e exit reason, i interval rates, l leases (CLIENT,ADDRESS lines); s, t, T: use --pcap FILE",
	},
	{ name: 'version-only', alias: 'v', type: 'boolean', group: PERFDHCP, describe: 'print the version and exit (as dhcpulse version)' },
	{
		name: 'aggressivity',
		alias: 'a',
		type: 'number',
		check: { integer: true },
		group: PERFDHCP,
		describe: "perfdhcp 1.x's packets sent at once to catch up with the rate: accepted; dhcpulse's pacing catches up by itself",
		accepted: "ignored: dhcpulse's pacing sends what fell due at once, and writes off what a stall left too far behind (the report counts it)",
	},
	{
		name: 'thread-mode',
		alias: 'g',
		type: 'string',
		group: PERFDHCP,
		describe: "perfdhcp's single|multi receiver thread: accepted; dhcpulse's threads are --workers N",
		accepted: 'ignored: each dhcpulse worker sends and receives in one loop; threads are --workers N',
	},
	{
		name: 'broadcast',
		alias: 'B',
		type: 'boolean',
		group: PERFDHCP,
		describe: "DHCPv4, perfdhcp's SO_BROADCAST: accepted; dhcpulse sets it wherever it sends to a broadcast address (on-link, -l IFACE)",
		accepted: 'dhcpulse sets SO_BROADCAST wherever it sends to a broadcast address (on-link: -l IFACE)',
	},
	{
		name: 'first-server-id',
		alias: '1',
		type: 'boolean',
		group: PERFDHCP,
		describe: "perfdhcp's take the server id from the first answer: accepted; each REQUEST carries the server id of the OFFER / ADVERTISE it follows",
		accepted: 'each REQUEST carries the server id of the OFFER / ADVERTISE it follows (RFC 2131 §4.3.2, RFC 8415 §18.2.2): with one server, the first server id',
	},
	{
		name: 'separator',
		alias: 'C',
		type: 'string',
		group: PERFDHCP,
		describe: "perfdhcp's separator-delimited interim lines: use --csv FILE",
		instead: 'separator-delimited interim reports are --csv FILE in dhcpulse (a header, a timestamp and one row per interval)',
	},
	{
		name: 'elapsed-from',
		alias: 'Y',
		type: 'number',
		check: { integer: true, zero: true, max: 86400 },
		group: PERFDHCP,
		describe: 'with -y: from second Y of the run, DISCOVERs carry secs = seconds since Y + 1, SOLICITs that Elapsed Time (clients that waited: failover tests)',
	},
	{ name: 'elapsed-for', alias: 'y', type: 'number', check: { integer: true, max: 86400 }, group: PERFDHCP, describe: 'with -Y: for this many seconds' },
	{
		name: 'template',
		alias: 'T',
		type: 'string',
		array: true,
		group: PERFDHCP,
		describe: 'DHCPv4: the DISCOVERs (and, given twice, the REQUESTs) from a perfdhcp template FILE of hex digits; each exchange writes xid, MAC, secs, options 54 and 50 into it',
	},
	{ name: 'xid-offset', alias: 'X', type: 'string', array: true, group: PERFDHCP, describe: "with -T: the xid's offset; accepted where it is (4)" },
	{ name: 'random-offset', alias: 'O', type: 'string', array: true, group: PERFDHCP, describe: "with -T: the offset of the MAC's last octet; accepted where it is (33)" },
	{ name: 'elapsed-offset', alias: 'E', type: 'number', check: { integer: true, zero: true }, group: PERFDHCP, describe: 'with a second -T: the offset of secs; accepted where it is (8; 0: none)' },
	{ name: 'srvid-offset', alias: 'S', type: 'number', check: { integer: true }, group: PERFDHCP, describe: 'with a second -T: the offset of option 54; accepted where it is' },
	{ name: 'ip-offset', alias: 'I', type: 'number', check: { integer: true }, group: PERFDHCP, describe: 'with a second -T: the offset of option 50; accepted where it is' },
	{
		name: 'mac-list',
		alias: 'M',
		type: 'string',
		group: CLIENTS,
		describe: "the clients' MACs from FILE, one a line (# comments); -R defaults to their number, in order unless -s (perfdhcp: a random one per exchange); not with -b",
	},
	{
		name: 'relay-list',
		alias: 'J',
		type: 'string',
		group: TARGET,
		describe:
			'relay mode: client i is relayed from the (i mod n)-th address of FILE (one a line; perfdhcp: a random one per exchange): DHCPv4 giaddrs, each an address of this host (one worker, bound to 0.0.0.0); DHCPv6 link-addresses',
	},
] as const satisfies readonly PerfFlag[];

export type PerfFlagName = (typeof PERF_FLAGS)[number]['name'];

/** The parsed command line of `dhcpulse perf`: the table's flags, and the SERVER positional. */
export type PerfArgs = ArgsOf<typeof PERF_FLAGS> & { server?: string };

const BY_NAME = new Map<string, PerfFlag>(PERF_FLAGS.map((f) => [f.name, f]));

/** The row of a flag. */
export function perfFlag(name: PerfFlagName): PerfFlag {
	return BY_NAME.get(name)!;
}
