import { dhcp4Options } from '../codec/dhcp4/index.js';
import { UserError } from '../exit-codes.js';
import { ping4 } from '../probe/dhcp4.js';
import { checkAddress, choosePath } from '../probe/path.js';
import { outcome4 } from '../probe/view4.js';
import { familyOf, probe4Settings, probeFlags, runProbe, totalWait, type ProbeArgs } from './probe-common.js';
import { probe6 } from './probe-v6.js';
import { footer, Group, PROBE_EXIT_CODES } from './help.js';
import type { Command } from './command.js';

interface PingArgs extends ProbeArgs {
	c?: string;
	h?: string;
	s?: string;
	g?: string;
	i?: boolean;
	r?: boolean;
	t?: number;
	V?: boolean;
	'no-release'?: boolean;
}

/**
 * dhcping's command line and meaning, corrected: the reply must match our xid and chaddr, a NAK
 * is CRITICAL (dhcping exits 0 on it), and the RELEASE after an ACK carries the server
 * identifier (dhcping sends it only with -V, so servers ignore its RELEASE).
 */
const command: Command = {
	command: 'ping',
	describe: 'dhcping: send a REQUEST (or INFORM with -i) for an address to a server, then RELEASE it; -6: INFORMATION-REQUEST',
	claimsShortOptions: ['h'],
	builder: (y) =>
		footer(
			probeFlags(y, { thresholdLetters: false, where: false })
				.option('s', { alias: 'server', type: 'string', describe: 'the server to ask (unicast): an address, not a host name' })
				.option('c', { alias: 'ciaddr', type: 'string', describe: 'v4: the client address to REQUEST or INFORM from; replies go to it' })
				// dhcping's letter: here -h is the hardware address, so help is --help only.
				.option('h', { alias: 'chaddr', type: 'string', describe: "client hardware address (dhcping's -h; help is --help here)", defaultDescription: 'random' })
				.option('g', { alias: ['giaddr', 'relay'], type: 'string', describe: 'act as a relay agent with this local address' })
				.option('i', { alias: 'inform', type: 'boolean', describe: 'send DHCPINFORM instead of DHCPREQUEST' })
				.option('r', { type: 'boolean', describe: 'send DHCPREQUEST (the default)' })
				.option('t', { type: 'number', describe: 'timeout (same as --timeout), in seconds' })
				.option('V', { type: 'boolean', describe: 'very verbose: dump every packet sent and received' })
				.option('no-release', { type: 'boolean', describe: 'do not release the address after the ACK' })
				.option('iface', { type: 'string', describe: 'v6 alone: the interface for link-local INFORMATION-REQUEST; with -s: send and receive only through it' })
				.group(['s', 'c', 'g', 'iface'], Group.target)
				.group(['h'], Group.identity)
				.group(['i', 'r', 't', 'no-release'], Group.request)
				.group(['V'], Group.output),
			{
				examples: [
					['dhcpulse ping -s 10.0.0.1 -c 10.0.0.50 -h 02:00:00:00:00:01', 'REQUEST 10.0.0.50 for that MAC, then RELEASE'],
					['dhcpulse ping -i -s 10.0.0.1 -c 10.0.0.50 --nagios', 'INFORM, monitoring-plugin output'],
					['dhcpulse ping -6 --iface eth0', 'DHCPv6 INFORMATION-REQUEST → REPLY'],
				],
				exitCodes: PROBE_EXIT_CODES,
			},
		),
	async handler(argv) {
		const args = argv as unknown as PingArgs;
		if (args.i && args.r) throw new UserError('-r and -i exclude each other (REQUEST or INFORM)');
		if (args.t !== undefined) args.timeout = args.t;
		if (args.V) args.verbose = true;
		if (args.h !== undefined) args.mac = args.h;
		const family = familyOf(args, 'ping');
		if (family === 6) {
			const path = choosePath(6, { iface: args.iface, server: args.s, relay: args.g, levels: args['relay-levels'] });
			return probe6('ping', args, path);
		}
		if (!args.s) throw new UserError('ping needs the server to ask: -s ADDR');
		if (!args.c) throw new UserError('ping needs the client address to claim: -c ADDR (the reply is sent to it)');
		const ciaddr = checkAddress('-c', args.c, 4);
		// A relayed INFORM may be answered at ciaddr:68 rather than giaddr:67 (RFC 2131 §4.3.5);
		// unrelayed, every answer goes to ciaddr (§4.1).
		const path = choosePath(4, { iface: args.iface, server: args.s, relay: args.g, levels: args['relay-levels'], ...(args.i || args.g === undefined ? { ciaddr } : {}) });
		const settings = { ...probe4Settings(args, path, args.i ? { requestList: [1] } : {}), wait: false };
		const waitedS = totalWait(args.tries, args.timeout);
		return runProbe(args, dhcp4Options, async (signal) => outcome4(await ping4({ ...settings, signal }, { mode: args.i ? 'inform' : 'request', ciaddr, release: !args['no-release'] }), 'ping', waitedS));
	},
};

export default command;
