import { dhcp4Options } from '../codec/dhcp4/index.js';
import { discover4 } from '../probe/dhcp4.js';
import { choosePath } from '../probe/path.js';
import { outcome4 } from '../probe/view4.js';
import { familyOf, iaFlags, probe4Settings, probeFlags, runProbe, totalWait, type ProbeArgs } from './probe-common.js';
import { footer, PROBE_EXIT_CODES } from './help.js';
import type { Command } from './command.js';
import { probe6 } from './probe-v6.js';

const command: Command = {
	command: 'discover',
	describe: 'Send a DISCOVER (v6: SOLICIT) and print every offer: dhcptest --query, with rogue-server detection',
	builder: (y) =>
		footer(iaFlags(probeFlags(y)), {
			examples: [
				['dhcpulse discover -i eth0', 'on-link DISCOVER from 0.0.0.0:68, print the first OFFER'],
				['dhcpulse discover -i eth0 --wait --allow-server 10.0.0.1', 'collect every OFFER; any other server is CRITICAL'],
				['dhcpulse discover -s 10.0.0.1 --giaddr 10.0.1.2 --nagios -w 0.5 -c 2', 'relay emulation, monitoring-plugin output'],
				['dhcpulse discover -6 -i eth0 --print-only dns-servers', 'SOLICIT on-link, print only the DNS servers'],
			],
			exitCodes: PROBE_EXIT_CODES,
		}),
	async handler(argv) {
		const args = argv as unknown as ProbeArgs;
		const family = familyOf(args, 'discover');
		const path = choosePath(family, { iface: args.iface, server: args.server, relay: args.giaddr, levels: args['relay-levels'] });
		const waitedS = totalWait(args.tries, args.timeout);
		if (family === 6) return probe6('discover', args, path);
		const settings = probe4Settings(args, path);
		return runProbe(args, dhcp4Options, async (signal) => outcome4(await discover4({ ...settings, signal }), 'discover', waitedS));
	},
};

export default command;
