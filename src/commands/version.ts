import { fastUdpStatus } from '../transport/fast-udp.js';
import { rawSocketStatus } from '../transport/raw-socket.js';
import { VERSION } from '../version.js';
import { footer } from './help.js';
import type { Command } from './command.js';

const command: Command = {
	command: 'version',
	describe: 'Print the dhcpulse version and the state of its two native parts (the UDP fast path, raw-socket)',
	builder: (y) => footer(y, { exitCodes: ['0 OK       always (a missing native part is reported, not an error)'] }),
	handler() {
		process.stdout.write(`dhcpulse ${VERSION}\n${fastUdpStatus}\n${rawSocketStatus()}\n`);
	},
};

export default command;
