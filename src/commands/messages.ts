import { UserError } from '../exit-codes.js';
import { findMessage } from '../log/messages.js';
import { renderEntry, renderManual } from '../log/manual.js';
import { footer } from './help.js';
import type { Command } from './command.js';

/** `dhcpulse messages [ID]`: the messages manual, as Kea's, from the same catalogue the code logs with. */
const command: Command = {
	command: 'messages [id]',
	describe: 'Print the messages manual: every log message ID with its severity, text and meaning',
	builder: (yargs) =>
		footer(
			yargs.positional('id', {
				type: 'string',
				describe: 'print only this message (e.g. NET_ERROR)',
			}),
			{ exitCodes: ['0 OK       printed', '3 UNKNOWN  no such message ID'] },
		),
	handler(argv) {
		const id = argv.id as string | undefined;
		if (id === undefined) {
			process.stdout.write(renderManual());
			return;
		}
		const entry = findMessage(id.toUpperCase());
		if (!entry) throw new UserError(`messages: unknown message ID ${id} (dhcpulse messages lists them all)`);
		process.stdout.write(renderEntry(entry));
	},
};

export default command;
