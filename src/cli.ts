import yargs from 'yargs';
import { ExitCode, UserError } from './exit-codes.js';
import { loadCommands, takeExitCode } from './commands/registry.js';
import { configureLogging } from './log/manager.js';

/**
 * Runs one dhcpulse command line and resolves to the process exit code.
 * Usage errors and {@link UserError}s become one line on stderr (exit 3 unless the error says
 * otherwise); anything else is a bug and is still reported in one line, with the stack only
 * under DHCPULSE_DEBUG_STACK=1.
 */
export async function main(argv: string[]): Promise<number> {
	const commands = await loadCommands();
	let failed: { message: string; code: number } | undefined;
	const parser = yargs(argv)
		.scriptName('dhcpulse')
		.strict()
		.demandCommand(1, 'name a command; see dhcpulse --help')
		.recommendCommands()
		.wrap(Math.min(110, process.stdout.columns || 110))
		.fail((message: string | undefined, error: Error | undefined) => {
			if (error && !(error instanceof UserError)) throw error;
			failed = {
				message: error?.message ?? message ?? 'invalid command line',
				code: error instanceof UserError ? error.exitCode : ExitCode.UNKNOWN,
			};
		})
		.option('log-config', { type: 'string', global: true, describe: 'Kea-style logging configuration: a JSON file with a "loggers" list' })
		// `perf -d` is perfdhcp's drop time, so there --debug has no short form.
		.option('debug', { ...(commandWord(argv) === 'perf' ? {} : { alias: 'd' }), type: 'boolean', global: true, describe: 'Log everything: DEBUG at debug level 99 on every logger (as kea-dhcp4 -d)' })
		// Before the command runs, so an unwritable log file is exit 3 before any traffic is sent.
		.middleware((args) => configureLogging({ configFile: args.logConfig as string | undefined, debug: args.debug === true }))
		// No -h alias: dhcping's -h (chaddr) keeps its meaning in `dhcpulse ping`.
		.help()
		.version(false);
	for (const command of commands) parser.command(command);
	try {
		await parser.parseAsync();
	} catch (error) {
		return reportError(error);
	}
	if (failed) {
		process.stderr.write(`dhcpulse: ${failed.message}\n`);
		return failed.code;
	}
	return takeExitCode();
}

/** The command named on the line: the first word that is neither a flag nor --log-config's value. */
function commandWord(argv: string[]): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--log-config') i++;
		else if (!a.startsWith('-')) return a;
	}
	return undefined;
}

function reportError(error: unknown): number {
	if (error instanceof UserError) {
		process.stderr.write(`dhcpulse: ${error.message}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`dhcpulse: internal error: ${message}\n`);
	if (process.env.DHCPULSE_DEBUG_STACK === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
	return ExitCode.UNKNOWN;
}
