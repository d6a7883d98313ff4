/**
 * What every probe command shares: the flags (dhcptest's where they exist), their translation into
 * settings, the run itself with SIGINT handling, and the output.
 */
import { randomBytes } from 'node:crypto';
import type { Argv } from 'yargs';
import { OptionValueError } from '../wire/errors.js';
import type { Option, OptionSpace } from '../codec/option-space.js';
import { ExitCode, UserError } from '../exit-codes.js';
import { getLogger, Msg } from '../log/index.js';
import { dhcp4Options } from '../codec/dhcp4/index.js';
import { parseHardwareAddress } from '../codec/types/index.js';
import type { Probe4Settings } from '../probe/dhcp4.js';
import { parseExpectation } from '../probe/expect.js';
import { checkAddress } from '../probe/path.js';
import type { Path } from '../transport/path.js';
import { judge, type JudgeSettings } from '../probe/judge.js';
import type { ProbeOutcome } from '../probe/outcome.js';
import { render, type OutputMode } from '../probe/output.js';
import { Group } from './help.js';
import { whileInterruptible } from '../os/interrupt.js';

const log = getLogger('dhcpulse.probe');

export interface ProbeArgs {
	'4'?: boolean;
	'6'?: boolean;
	iface?: string;
	server?: string;
	giaddr?: string;
	'relay-levels'?: number;
	mac?: string;
	duid?: string;
	request?: (string | number)[];
	option?: string[];
	secs: number;
	broadcast?: boolean;
	tries: number;
	timeout: number;
	wait?: boolean;
	'print-only'?: string;
	'allow-server'?: string[];
	expect?: string[];
	json?: boolean;
	nagios?: boolean;
	warning?: number;
	critical?: number;
	quiet?: boolean;
	verbose?: boolean;
}

/** The flags of discover, lease and (partly) ping. `withThresholdLetters` adds -w/-c short forms. */
export function probeFlags<T>(y: Argv<T>, options: { thresholdLetters: boolean; where: boolean } = { thresholdLetters: true, where: true }): Argv<T & ProbeArgs> {
	let a = y
		.option('4', { type: 'boolean', describe: 'DHCPv4 (the default)' })
		.option('6', { type: 'boolean', describe: 'DHCPv6' })
		.option('mac', { type: 'string', describe: 'client hardware address', defaultDescription: 'random, locally administered' })
		.option('duid', { type: 'string', describe: 'DHCPv6 client DUID as hex', defaultDescription: 'DUID-LL of --mac' })
		.option('request', { type: 'array', describe: 'options to ask for (v4 option 55, v6 ORO), by code or name; repeatable or comma-separated' })
		.option('option', { type: 'array', string: true, describe: 'an option to send, CODE[FMT]=VALUE (dhcptest language); repeatable' })
		.option('secs', { type: 'number', default: 0, describe: 'v4 secs field (whole seconds, 0-65535) / v6 elapsed time (0-655.35), in seconds' })
		.option('broadcast', { type: 'boolean', describe: 'set the v4 broadcast flag; --no-broadcast clears it', defaultDescription: 'set while the client has no address' })
		.option('tries', { type: 'number', default: 2, describe: `transmissions; the wait doubles after each (RFC 2131 §4.1); all the waits together at most ${MAX_TOTAL_WAIT_S} s` })
		.option('timeout', { type: 'number', default: 4, describe: 'wait after the first transmission, in seconds' })
		.option('wait', { type: 'boolean', describe: 'collect every answer until the timeout instead of stopping at the first' })
		.option('print-only', { type: 'string', describe: "print only this option's value, one line per reply (code or name)" })
		.option('allow-server', { type: 'array', string: true, describe: 'servers allowed to answer (address or server id; v6 also the DUID in hex); any other is a rogue: CRITICAL' })
		.option('expect', { type: 'array', string: true, describe: "an assertion on the reply, e.g. 'yiaddr in 10.0.0.0/8', 'option 3 = 10.0.0.1'; repeatable" })
		.option('json', { type: 'boolean', describe: 'one JSON document on stdout' })
		.option('nagios', { type: 'boolean', describe: 'one monitoring-plugin line with perfdata on stdout' })
		.option('warning', { type: 'number', describe: 'WARNING when the answer takes longer than this, in seconds', ...(options.thresholdLetters ? { alias: 'w' } : {}) })
		.option('critical', { type: 'number', describe: 'CRITICAL when the answer takes longer than this, in seconds', ...(options.thresholdLetters ? { alias: 'c' } : {}) })
		.option('quiet', { alias: 'q', type: 'boolean', describe: 'print only the verdict' })
		.option('verbose', { alias: 'v', type: 'boolean', describe: 'also dump the requests sent' })
		.option('relay-levels', {
			type: 'number',
			describe: `v6 relay emulation: nest each request in this many RELAY-FORWs (RFC 8415 §19.1), 1 to ${HOP_COUNT_LIMIT}; DHCPv4 relays do not nest (RFC 3046: one giaddr)`,
			defaultDescription: '1',
		});
	if (options.where) {
		a = a
			.option('iface', { alias: 'i', type: 'string', describe: 'probe on-link on this interface (v4: raw socket from 0.0.0.0:68; v6: link-local to ff02::1:2); with --server, send and receive only through it' })
			.option('server', { alias: 's', type: 'string', describe: 'unicast to this server: an IPv4 address (with -6 an IPv6 one); host names are not resolved' })
			.option('giaddr', { alias: ['relay', 'g'], type: 'string', describe: 'act as a relay agent with this local address (needs --server); an address, not a host name' });
	}
	return a
		.group(['4', '6', ...(options.where ? ['iface', 'server', 'giaddr'] : []), 'relay-levels'], Group.target)
		.group(['mac', 'duid'], Group.identity)
		.group(['request', 'option', 'secs', 'broadcast', 'tries', 'timeout', 'wait'], Group.request)
		.group(['json', 'nagios', 'print-only', 'quiet', 'verbose'], Group.output)
		.group(['warning', 'critical', 'expect', 'allow-server'], Group.thresholds) as Argv<T & ProbeArgs>;
}

/** What to ask a DHCPv6 server for, as discover and lease both do. */
export function iaFlags<T>(y: Argv<T>): Argv<T> {
	return y
		.option('ia-na', { type: 'boolean', describe: 'v6: ask for an address (IA_NA)', defaultDescription: 'on, unless --ia-pd alone' })
		.option('ia-pd', { type: 'boolean', describe: 'v6: ask for a delegated prefix (IA_PD)' })
		.option('rapid-commit', { type: 'boolean', describe: 'v6: ask for the two-message exchange (RFC 8415 §18.2.1)' })
		.group(['ia-na', 'ia-pd', 'rapid-commit'], Group.request);
}

/** RFC 8415 §7.6: HOP_COUNT_LIMIT, the most relays a DHCPv6 message crosses. */
const HOP_COUNT_LIMIT = 8;

/**
 * The longest a probe may wait for its answers, all transmissions together (seconds). RFC 2131
 * §4.1 has a client give up after about a minute (4 + 8 + 16 + 32 s); a monitoring check must end
 * in bounded time, and `--tries 1000` with a doubling wait would not.
 */
export const MAX_TOTAL_WAIT_S = 300;

type ProbeCommand = 'discover' | 'lease' | 'ping';

/**
 * Flags that mean something for one family or command only: given elsewhere they are refused
 * (one line), not silently ignored. `flag` is the yargs key, `shown` how the line names it, `of`
 * the command whose flag it is when a letter means something else elsewhere (ping's -c and -i).
 */
const APPLIES: readonly { flag: string; shown?: string; of?: ProbeCommand; family?: 4 | 6; commands?: readonly ProbeCommand[]; what: string }[] = [
	{ flag: 'broadcast', family: 4, what: 'the BOOTP broadcast bit; DHCPv6 has no such flag' },
	{ flag: 'requested-address', family: 4, what: 'option 50' },
	{ flag: 'c', shown: '-c', of: 'ping', family: 4, what: 'the client address a DHCPv4 REQUEST or INFORM claims; -6 sends an INFORMATION-REQUEST, which claims none' },
	{ flag: 'i', shown: '-i', of: 'ping', family: 4, what: 'DHCPINFORM; -6 always sends an INFORMATION-REQUEST' },
	{ flag: 'duid', family: 6, what: 'the DHCPv6 client identifier; a DHCPv4 client is --mac' },
	{ flag: 'confirm', family: 6, what: 'CONFIRM, RFC 8415 §18.2.3' },
	{ flag: 'ia-na', family: 6, what: 'IA_NA, RFC 8415 §21.4' },
	{ flag: 'ia-pd', family: 6, what: 'IA_PD, RFC 8415 §21.21' },
	{ flag: 'rapid-commit', family: 6, what: 'RFC 8415 §18.2.1' },
	{ flag: 'wait', commands: ['discover'], what: 'collects every OFFER or ADVERTISE; a lease or ping takes the first answer' },
];

/** Whether `value` is a whole number from `min` to `max`. */
function whole(value: number, min: number, max: number): boolean {
	return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * -4 or -6, after every check of the flags that needs no I/O: contradictions, flags that do not
 * apply to the family or command, numbers outside their wire field. Checked here rather than
 * with yargs `conflicts`, which reports the conflict only after the handler has run (and probed).
 */
export function familyOf(args: ProbeArgs, command: ProbeCommand): 4 | 6 {
	if (args['4'] && args['6']) throw new UserError('-4 and -6 exclude each other');
	if (args.json && args.nagios) throw new UserError('--json and --nagios exclude each other');
	const family = args['6'] ? 6 : 4;
	const given = args as unknown as Record<string, unknown>;
	for (const a of APPLIES) {
		if (given[a.flag] === undefined || (a.of !== undefined && a.of !== command)) continue;
		const name = a.shown ?? `--${a.flag}`;
		if (a.family !== undefined && a.family !== family) throw new UserError(`${name} is a DHCPv${a.family} flag (${a.what})`);
		if (a.commands && !a.commands.includes(command)) throw new UserError(`${name} applies to ${a.commands.join(', ')} only (it ${a.what})`);
	}
	const levels = args['relay-levels'];
	if (levels !== undefined) {
		if (!whole(levels, 1, HOP_COUNT_LIMIT)) throw new UserError(`--relay-levels ${levels}: expected a whole number from 1 to ${HOP_COUNT_LIMIT} (RFC 8415 §7.6 HOP_COUNT_LIMIT)`);
		// RFC 3046 §2.1: a relay agent that finds giaddr set leaves it, so a DHCPv4 path has one relay, however many it crosses.
		if (family === 4 && levels > 1) throw new UserError(`--relay-levels ${levels}: DHCPv4 relays do not nest (RFC 3046: one giaddr, the first relay's); only DHCPv6 relays wrap RELAY-FORW in RELAY-FORW (add -6)`);
	}
	// The secs field is 16 bits of whole seconds (RFC 2131 §2); the v6 Elapsed Time option 16 bits of hundredths (RFC 8415 §21.9).
	if (family === 4 ? !whole(args.secs, 0, 0xffff) : !whole(Math.round(args.secs * 100), 0, 0xffff)) {
		throw new UserError(`--secs ${args.secs}: expected ${family === 4 ? 'whole seconds from 0 to 65535 (the 16-bit secs field)' : 'seconds from 0 to 655.35 (the 16-bit Elapsed Time option, in hundredths)'}`);
	}
	for (const [name, value] of [
		['--warning', args.warning],
		['--critical', args.critical],
		['--timeout', args.timeout],
		['--tries', args.tries],
	] as const) {
		if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw new UserError(`${name} ${value}: expected a positive number`);
	}
	if (!Number.isInteger(args.tries)) throw new UserError(`--tries ${args.tries}: expected a whole number`);
	const waited = totalWait(args.tries, args.timeout);
	if (!(waited <= MAX_TOTAL_WAIT_S)) {
		throw new UserError(
			`--tries ${args.tries} --timeout ${args.timeout}: the waits (doubling after each transmission) add up to ${!Number.isFinite(waited) ? 'forever' : waited < 1e6 ? `${waited} s` : `${waited.toPrecision(3)} s`}, over the ${MAX_TOTAL_WAIT_S} s a probe may wait`,
		);
	}
	if (allowedServers(args)?.length === 0) throw new UserError('--allow-server: name at least one server');
	for (const server of allowedServers(args) ?? []) {
		// v4: an address or server identifier; v6: an address or the server's DUID in hex (RFC 8415 §11).
		if (family === 6 && /^[0-9a-f]{2}(:?[0-9a-f]{2}){2,129}$/i.test(server)) continue;
		try {
			checkAddress('--allow-server', server, family);
		} catch (error) {
			throw new UserError(`${(error as Error).message}${family === 6 ? ', nor a DUID in hex' : ''}`);
		}
	}
	if (args.warning !== undefined && args.critical !== undefined && args.warning > args.critical) {
		throw new UserError(`--warning ${args.warning} is above --critical ${args.critical}: a slower answer must not be better`);
	}
	return family;
}

/** A user-supplied MAC, or a random locally administered unicast one (02:xx:…, RFC 7042 §2.1). */
export function macFrom(text: string | undefined, parse: (s: string) => Uint8Array): Uint8Array {
	if (text === undefined) {
		const mac = randomBytes(6);
		mac[0] = (mac[0]! & 0xfc) | 0x02;
		return mac;
	}
	try {
		return parse(text);
	} catch (error) {
		throw new UserError(`--mac ${text}: ${(error as Error).message}`);
	}
}

export function parseOptions(specs: readonly string[] | undefined, space: OptionSpace): Option[] {
	return (specs ?? []).map((spec) => {
		try {
			return space.parseOption(String(spec));
		} catch (error) {
			if (error instanceof OptionValueError) throw new UserError(`--option '${spec}': ${error.message}`);
			throw error;
		}
	});
}

/** `--request 1,3 --request routers` → [1, 3, 3]; names resolve in the family's option space. */
export function parseRequestList(values: readonly (string | number)[] | undefined, space: OptionSpace): number[] | undefined {
	if (!values || values.length === 0) return undefined;
	const out: number[] = [];
	for (const v of values.flatMap((x) => String(x).split(','))) {
		const t = v.trim();
		if (t === '') continue;
		try {
			out.push(space.resolveCode(t));
		} catch (error) {
			throw new UserError(`--request ${t}: ${(error as Error).message}`);
		}
	}
	return out;
}

export function judgeSettings(args: ProbeArgs, space: OptionSpace): JudgeSettings {
	const printOnly = args['print-only'];
	let code: number | undefined;
	if (printOnly !== undefined) {
		try {
			code = space.resolveCode(printOnly);
		} catch (error) {
			throw new UserError(`--print-only ${printOnly}: ${(error as Error).message}`);
		}
	}
	return {
		...(args.warning !== undefined ? { warnS: args.warning } : {}),
		...(args.critical !== undefined ? { critS: args.critical } : {}),
		expectations: (args.expect ?? []).map((e) => parseExpectation(String(e), space)),
		...(args['allow-server'] ? { allowServers: allowedServers(args)! } : {}),
		...(code !== undefined ? { printOnly: code } : {}),
	};
}

/** `--allow-server a,b --allow-server c` → [a, b, c]. */
export function allowList(values: readonly string[]): string[] {
	return values
		.flatMap((s) => String(s).split(','))
		.map((s) => s.trim())
		.filter(Boolean);
}

/** The --allow-server list, or undefined when the flag was not given. */
function allowedServers(args: ProbeArgs): string[] | undefined {
	return args['allow-server'] === undefined ? undefined : allowList(args['allow-server']);
}

export function outputMode(args: ProbeArgs): OutputMode {
	return args.json ? 'json' : args.nagios ? 'nagios' : 'text';
}

/** The DHCPv4 probe settings every v4 command builds from its flags. */
export function probe4Settings(args: ProbeArgs, path: Path, overrides: { requestList?: number[] } = {}): Probe4Settings {
	if (path.family !== 4) throw new Error('probe4Settings needs a DHCPv4 path');
	const requestList = parseRequestList(args.request, dhcp4Options) ?? overrides.requestList;
	return {
		path,
		mac: macFrom(args.mac, parseHardwareAddress),
		...(requestList ? { requestList } : {}),
		options: parseOptions(args.option, dhcp4Options),
		secs: args.secs,
		...(args.broadcast !== undefined ? { broadcast: args.broadcast } : {}),
		tries: args.tries,
		timeoutMs: args.timeout * 1000,
		wait: args.wait === true,
	};
}

/** Total seconds `tries` transmissions wait with a doubling timeout. */
export function totalWait(tries: number, timeoutS: number): number {
	return Math.round(timeoutS * (2 ** tries - 1) * 1000) / 1000;
}

/**
 * Runs a probe with SIGINT/SIGTERM ending it early (whatever was collected is still reported),
 * judges and prints it, and records the exit code.
 */
export async function runProbe(args: ProbeArgs, space: OptionSpace, body: (signal: AbortSignal) => Promise<ProbeOutcome>): Promise<number> {
	const settings = judgeSettings(args, space);
	if (args.timeout < 4) log.warn(Msg.PROBE_TIMEOUT_SHORT, args.timeout);
	const controller = new AbortController();
	const outcome = await whileInterruptible(
		() => controller.abort(),
		() => body(controller.signal),
	);
	const judgement = judge(outcome, settings);
	// Interrupted before any answer: the check could not finish, which is not the server's fault.
	if (controller.signal.aborted && outcome.steps.every((s) => s.replies.length === 0)) {
		judgement.verdict = { ...judgement.verdict, status: 'UNKNOWN', exitCode: ExitCode.UNKNOWN, reason: `interrupted before any answer (${judgement.verdict.reason})` };
	}
	const rendered = render(outcome, judgement, {
		mode: outputMode(args),
		verbose: args.verbose === true,
		quiet: args.quiet === true,
		...(settings.printOnly !== undefined ? { printOnly: settings.printOnly } : {}),
	});
	process.stdout.write(rendered.stdout);
	process.stderr.write(rendered.stderr);
	return judgement.verdict.exitCode;
}

/** The flags of `lease` (v4 and v6). */
export interface LeaseArgs extends ProbeArgs {
	keep?: boolean;
	renew?: boolean;
	rebind?: boolean;
	decline?: boolean;
	confirm?: boolean;
	'requested-address'?: string;
	'ia-na'?: boolean;
	'ia-pd'?: boolean;
	'rapid-commit'?: boolean;
}
