import { dhcp4Options } from '../codec/dhcp4/index.js';
import { UserError } from '../exit-codes.js';
import { lease4 } from '../probe/dhcp4.js';
import { checkAddress, choosePath } from '../probe/path.js';
import { outcome4 } from '../probe/view4.js';
import { familyOf, iaFlags, probe4Settings, probeFlags, runProbe, totalWait, type LeaseArgs } from './probe-common.js';
import { probe6 } from './probe-v6.js';
import { footer, Group, PROBE_EXIT_CODES } from './help.js';
import type { Command } from './command.js';

const command: Command = {
	command: 'lease',
	describe: 'Take a full lease (v4 DORA, v6 SARR), print it, and release it',
	builder: (y) =>
		footer(
			iaFlags(probeFlags(y))
				.option('keep', { type: 'boolean', describe: 'keep the lease instead of releasing it' })
				.option('renew', { type: 'boolean', describe: 'renew the lease after the ACK/REPLY (RENEWING state)' })
				.option('rebind', { type: 'boolean', describe: 'rebind the lease after the ACK/REPLY (REBINDING state)' })
				.option('decline', { type: 'boolean', describe: 'decline the address instead of releasing it' })
				.option('confirm', { type: 'boolean', describe: 'v6: send CONFIRM for the leased address' })
				.option('requested-address', { type: 'string', describe: 'v4: ask for this address (option 50)' })
				.group(['requested-address', 'renew', 'rebind', 'confirm', 'decline', 'keep'], Group.request),
			{
				examples: [
					['dhcpulse lease -i eth0', 'DORA on-link, print the lease, release it'],
					['dhcpulse lease -i eth0 --renew --expect "option 51 >= 1h"', 'on-link, with a renewal and a check on the lease time'],
					['dhcpulse lease -6 -i eth0 --ia-na --ia-pd', 'SARR with an address and a prefix'],
				],
				exitCodes: PROBE_EXIT_CODES,
			},
		),
	async handler(argv) {
		const args = argv as unknown as LeaseArgs;
		const family = familyOf(args, 'lease');
		const path = choosePath(family, { iface: args.iface, server: args.server, relay: args.giaddr, levels: args['relay-levels'] });
		if (family === 6) return probe6('lease', args, path);
		if ((args.renew || args.rebind) && path.kind === 'onlink') {
			// RFC 2131 §4.4.5: RENEWING/REBINDING clients send from their leased address and the
			// server answers it; a raw socket on an interface without that address cannot receive the
			// unicast ACK. Relay emulation gets the answer at giaddr.
			throw new UserError('--renew/--rebind need the relay path (--server ADDR --giaddr ADDR): on-link, the server answers the leased address, which this host does not hold');
		}
		if (args.decline && args.keep) throw new UserError('--decline and --keep contradict each other');
		const requested = args['requested-address'] === undefined ? undefined : checkAddress('--requested-address', args['requested-address'], 4);
		const settings = { ...probe4Settings(args, path), wait: false };
		const waitedS = totalWait(args.tries, args.timeout);
		return runProbe(args, dhcp4Options, async (signal) =>
			outcome4(
				await lease4(
					{ ...settings, signal },
					{
						keep: args.keep === true,
						renew: args.renew === true,
						rebind: args.rebind === true,
						decline: args.decline === true,
						...(requested ? { requestedAddress: requested } : {}),
					},
				),
				'lease',
				waitedS,
			),
		);
	},
};

export default command;
