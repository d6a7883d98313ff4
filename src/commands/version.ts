import { readFileSync } from 'node:fs';
import { fastUdpStatus } from '../transport/fast-udp.js';
import type { Command } from './registry.js';

const command: Command = {
	command: 'version',
	describe: 'Print the dhcpulse version and which UDP path it uses',
	handler() {
		const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
		process.stdout.write(`dhcpulse ${pkg.version}\n${fastUdpStatus}\n`);
	},
};

export default command;
