import type { Argv } from 'yargs';
import { UserError } from '../exit-codes.js';
import { listen, type SeenPacket, type ServerSeen } from '../probe/listen.js';
import { verdictOf, type Finding } from '../probe/verdict.js';
import { footer, Group } from './help.js';
import type { Command } from './command.js';
import { whileInterruptible } from '../os/interrupt.js';
import { allowList } from './probe-common.js';

interface ListenArgs {
	'4'?: boolean;
	'6'?: boolean;
	iface?: string;
	duration: number;
	count?: number;
	'allow-server'?: string[];
	json?: boolean;
	quiet?: boolean;
}

function endpoint(e: { address: string; port: number }, family: 4 | 6): string {
	if (e.address === '') return `port ${e.port}`;
	return family === 6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

function clock(d: Date): string {
	return d.toISOString().slice(11, 23);
}

function textOf(p: SeenPacket): string {
	return `${clock(p.time)} ${endpoint(p.from, p.family)} → ${endpoint(p.to, p.family)} ${p.typeName}\n${p.text}\n`;
}

function jsonOf(p: SeenPacket): string {
	return `${JSON.stringify({ time: p.time.toISOString(), from: endpoint(p.from, p.family), to: endpoint(p.to, p.family), family: p.family, type: p.typeName, ...(p.server ? { server: p.server.id } : {}), packet: p.json })}\n`;
}

function allowed(server: ServerSeen, allow: readonly string[]): boolean {
	const names = [server.id, server.address, ...server.aliases].map((n) => n.toLowerCase());
	return allow.some((a) => names.includes(a.toLowerCase()));
}

/** The longest --duration a timer can hold: 2^31 - 1 ms, in whole seconds. */
const MAX_DURATION_S = Math.floor(0x7fffffff / 1000);

/**
 * dhcpulse listen: prints every DHCP packet seen on an interface and, with --allow-server, ends
 * CRITICAL naming every server that answered without being on the list. It never sends.
 */
const command: Command = {
	command: 'listen',
	describe: 'Print every DHCP packet seen on an interface, sending nothing; --allow-server makes any other server CRITICAL',
	builder: (y: Argv) =>
		footer(
			y
				.option('4', { type: 'boolean', describe: 'only DHCPv4', defaultDescription: 'both' })
				.option('6', { type: 'boolean', describe: 'only DHCPv6', defaultDescription: 'both' })
				.option('iface', { alias: 'i', type: 'string', describe: 'the interface to listen on' })
				.option('duration', { type: 'number', default: 10, describe: 'how long to listen (0: until Ctrl-C), in seconds' })
				.option('count', { type: 'number', describe: 'stop after this many packets' })
				.option('allow-server', { type: 'array', string: true, describe: 'servers allowed to answer (address, v4 server id, v6 DUID as hex); any other is a rogue: CRITICAL' })
				.option('json', { type: 'boolean', describe: 'one JSON object per packet and line: {time, from, to, family, type, server, packet}' })
				.option('quiet', { alias: 'q', type: 'boolean', describe: 'print only the verdict' })
				.group(['4', '6', 'iface'], Group.target)
				.group(['duration', 'count', 'json', 'quiet'], Group.output)
				.group(['allow-server'], Group.thresholds),
			{
				examples: [
					['dhcpulse listen -i eth0 --duration 60 --allow-server 10.0.0.1', 'one minute of DHCP traffic; any other server is CRITICAL'],
					['dhcpulse listen -6 -i eth0 --count 1 --json', 'the first DHCPv6 packet as JSON'],
				],
				exitCodes: [
					'0 OK       the capture ran; no server outside --allow-server answered',
					'2 CRITICAL a rogue server answered',
					'3 UNKNOWN  bad flag or value, missing privilege or raw-socket,',
					'           or no such interface',
				],
			},
		),
	async handler(argv) {
		const args = argv as unknown as ListenArgs;
		if (args['4'] && args['6']) throw new UserError('-4 and -6 contradict each other; leave both out to listen for both');
		if (!args.iface) throw new UserError('listen needs the interface to listen on: --iface IF');
		if (!Number.isFinite(args.duration) || args.duration < 0) throw new UserError(`--duration ${args.duration}: expected seconds ≥ 0`);
		// A Node timer holds at most 2^31 - 1 ms; a longer one fires at once (TimeoutOverflowWarning).
		if (args.duration > MAX_DURATION_S) throw new UserError(`--duration ${args.duration}: at most ${MAX_DURATION_S} s (about 24 days); 0 listens until interrupted`);
		if (args.count !== undefined && (!Number.isInteger(args.count) || args.count < 1)) throw new UserError(`--count ${args.count}: expected a whole number ≥ 1`);
		const allow = args['allow-server'] && allowList(args['allow-server']);
		if (allow && allow.length === 0) throw new UserError('--allow-server: name at least one server');
		const iface = args.iface;
		const controller = new AbortController();
		const result = await whileInterruptible(
			() => controller.abort(),
			() =>
				listen({
					iface,
					families: args['4'] ? [4] : args['6'] ? [6] : [4, 6],
					durationS: args.duration,
					...(args.count !== undefined ? { count: args.count } : {}),
					signal: controller.signal,
					onPacket: (p) => {
						if (!args.quiet) process.stdout.write(args.json ? jsonOf(p) : textOf(p));
					},
				}),
		);
		const servers = [...result.servers.values()];
		const findings: Finding[] = [];
		if (allow) {
			for (const s of servers) {
				if (!allowed(s, allow)) findings.push({ status: 'CRITICAL', message: `rogue DHCP server ${s.id === s.address ? s.id : `${s.id} (from ${s.address})`} seen on ${args.iface} (not in --allow-server)` });
			}
		}
		const packets = `${result.packets} DHCP packet${result.packets === 1 ? '' : 's'} on ${args.iface}`;
		const seen = servers.length > 0 ? `; servers: ${servers.map((s) => (s.id === s.address ? s.id : `${s.id} (from ${s.address})`)).join(', ')}` : '; no server answered';
		const verdict = verdictOf(findings, `${packets}${seen}`);
		process.stderr.write(`${verdict.status}: ${verdict.reason}\n`);
		return verdict.exitCode;
	},
};

export default command;
