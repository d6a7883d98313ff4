import { runDecode } from '../decode/run.js';
import { UserError } from '../exit-codes.js';
import { footer, Group } from './help.js';
import type { Command } from './command.js';

interface DecodeArgs {
	file: string;
	json: boolean;
}

/**
 * yargs-parser reads a lone `-` as an option with an empty name and leaves the positional empty
 * (or `true`), so standard input is recognised from the process's own argument vector.
 */
function fileArgument(file: unknown): string {
	if ((file === '' || file === true) && process.argv.includes('-')) return '-';
	if (typeof file !== 'string' || file === '') throw new UserError('decode needs a capture file: dhcpulse decode FILE (or - for standard input)');
	return file;
}

/**
 * `dhcpulse decode FILE|-`: every DHCPv4 and DHCPv6 packet of a pcap or pcapng capture, as text or
 * JSON lines. Exit 0 when every DHCP packet decoded, 1 when some were malformed, 3 when the input
 * is not a readable capture.
 */
const command: Command = {
	// [file], not <file>: the handler's own message names the usage better than yargs' "Not enough non-option arguments".
	command: 'decode [file]',
	describe: 'Print every DHCP packet of a pcap/pcapng capture (FILE, or - for standard input)',
	builder: (y) =>
		footer(
			y
				.positional('file', { type: 'string', describe: 'capture file (classic pcap or pcapng), - for standard input' })
				.option('json', { type: 'boolean', default: false, describe: 'one JSON object per packet per line (schema: docs/json-schema.md)' })
				.group(['json'], Group.output),
			{
				examples: [
					['dhcpulse decode captures/kea4-dora-dhclient.pcap', 'text dump of each packet'],
					['tcpdump -i eth0 -U -w - port 67 or port 68 | dhcpulse decode --json -', 'live, one JSON object per line'],
				],
				exitCodes: ['0 OK       every DHCP packet decoded', '1 WARNING  some packets were malformed, each reported with its reason', '3 UNKNOWN  the input is not a readable capture, or a bad flag'],
			},
		),
	async handler(argv) {
		const args = argv as unknown as DecodeArgs;
		return await runDecode({ file: fileArgument(args.file), json: args.json === true });
	},
};

export default command;
