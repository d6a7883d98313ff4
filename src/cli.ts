import yargs from 'yargs';
import { escapeControls } from './codec/types/text.js';
import { ExitCode, UserError } from './exit-codes.js';
import { OUTCOME, registered, type Command, type Outcome } from './commands/command.js';
import { loadCommands } from './commands/registry.js';
import { configureLogging } from './log/manager.js';
import { epilogue, Group } from './commands/help.js';
import { userSocketError } from './transport/socket-errors.js';
import { getoptWords } from './flags.js';

/**
 * Runs one dhcpulse command line and resolves to the process exit code.
 * Usage errors and {@link UserError}s become one line on stderr (exit 3 unless the error says
 * otherwise); anything else is a bug and is still reported in one line, with the stack only
 * under DHCPULSE_DEBUG_STACK=1.
 */
export async function main(argv: string[]): Promise<number> {
	tolerateClosedStdio();
	argv = conventional(argv);
	const word = commandWord(argv);
	if (word === 'completion') argv = chooseCompletionShell(argv);
	const commands = await loadCommands(word);
	const chosen = commands.find((c) => String(c.command).split(' ')[0] === word);
	const claimed = new Set(chosen?.claimsShortOptions ?? []);
	const parser = yargs()
		.scriptName('dhcpulse')
		.strict()
		// A repeatable flag takes one value each time it is given (`--expect A --expect B`, perfdhcp's
		// `-n 100 -n 30`), as getopt tools do; yargs' greedy default would also take the words after
		// it, the SERVER among them (`-l eth0 all`, `--expect 'yiaddr in 10.0.0.0/8' 10.0.0.1`).
		.parserConfiguration({ 'greedy-arrays': false })
		.demandCommand(1, 'name a command; see dhcpulse --help')
		.recommendCommands()
		// COLUMNS as GNU tools read it when stdout is no terminal (scripts/gen-man.mjs sets 72).
		.wrap(Math.min(110, process.stdout.columns || Number(process.env.COLUMNS) || 110))
		// Must throw: when a fail handler returns, yargs goes on to run the command's handler, so an
		// unknown flag would be reported only after the probe or load run had already sent packets.
		.fail((message: string | undefined, error: Error | undefined) => {
			if (error) throw error;
			// Always one line: yargs' own messages (e.g. for `choices`) may span several.
			const text = tidyUnknown(message ?? 'invalid command line').replace(/\s*\n\s*/g, ' ');
			// recommendCommands() says only "Did you mean lab?"; name what was typed too.
			throw new UserError(text.startsWith('Did you mean') ? `unknown command ${unknownWord(argv, commands) ?? ''}; ${text}` : text, ExitCode.UNKNOWN);
		})
		.option('log-config', { type: 'string', global: true, describe: 'Kea-style logging configuration: a JSON file with a "loggers" list' })
		// A command may take a global option's letter for itself (perf's -d is the drop time).
		.option('debug', { ...(claimed.has('d') ? {} : { alias: 'd' }), type: 'boolean', global: true, describe: 'Log everything: DEBUG at debug level 99 on every logger (as kea-dhcp4 -d)' })
		// Before the command runs, so an unwritable log file is exit 3 before any traffic is sent.
		.middleware((args) => configureLogging({ configFile: args.logConfig as string | undefined, debug: args.debug === true }))
		// -h is help unless the command takes the letter (dhcping's -h, chaddr, in `dhcpulse ping`).
		.help('help', 'Show this help (also: dhcpulse help COMMAND)')
		.alias(claimed.has('h') ? {} : { help: 'h' })
		.version(false)
		// Shown in the help only: conventional() has already turned --version into `version`.
		.option('version', { type: 'boolean', global: true, describe: 'Print the version and the state of the native parts (as dhcpulse version)' })
		.group(['help', 'version', 'log-config', 'debug'], Group.global)
		.completion('completion', 'Print the completion script for bash or zsh ($SHELL, or: completion bash|zsh), e.g. >> ~/.bashrc')
		.epilogue(
			epilogue({
				exitCodes: ['0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the monitoring-plugin', "convention); each command's --help says what they mean there"],
			}),
		);
	for (const command of commands) parser.command(registered(command));
	skipHelpCache(parser);
	// The command's exit code comes back through the parse's context (commands/command.ts).
	const outcome: Outcome = { code: 0 };
	try {
		await parser.parseAsync(joinDashValues(chosen?.getopt ? getoptWords(argv, chosen.getopt) : argv, chosen?.dashValues ?? []), { [OUTCOME]: outcome });
	} catch (error) {
		return reportError(error);
	}
	return outcome.code;
}

/**
 * yargs renders the chosen command's whole help text right after calling its handler and keeps
 * it for a later showHelp() (command.js, cacheHelpMessage). dhcpulse never shows help once a
 * command has run (its failures are one line), and the rendering is the largest part of a start:
 * about 100 ms of CPU measuring every flag line with string-width, plus the optimizing compiler's
 * work on it in a background thread while a load run starts. `--help` still renders on demand.
 */
function skipHelpCache(parser: object): void {
	const internal = parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
	const usage = internal.getInternalMethods?.().getUsageInstance?.();
	if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/** `--json -` → `--json=-` for the options in `names` (see Command.dashValues). */
function joinDashValues(argv: string[], names: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		if (argv[i + 1] === '-' && names.some((n) => a === `--${n}`)) {
			out.push(`${a}=-`);
			i++;
		} else out.push(a);
	}
	return out;
}

/**
 * A reader that goes away (`dhcpulse perf … | head -1`) closes our stdout: the next write fails
 * with EPIPE, emitted as an 'error' that would end the process with a stack trace and lose the
 * files a run still has to write. Such a stream is left alone from then on; everything else
 * (the run, its --json and --pcap files, the exit code) goes on.
 */
function tolerateClosedStdio(): void {
	for (const [stream, name] of [
		[process.stdout, 'stdout'],
		[process.stderr, 'stderr'],
	] as const) {
		if (stream.listenerCount('error') > 0) continue;
		stream.on('error', (error: NodeJS.ErrnoException) => {
			// A command that watches its own output (decode) says what went wrong itself.
			if (error.code === 'EPIPE' || stream.listenerCount('error') > 1) return;
			// Any other failure to write (a full disk under `> file`) is one line and exit 3.
			if (name === 'stdout') process.stderr.write(`dhcpulse: cannot write to standard output (${error.code ?? error.message})\n`);
			process.exitCode = ExitCode.UNKNOWN;
		});
	}
}

/**
 * The conventions yargs has no switch for: `--version` anywhere before `--` is the `version`
 * command, and `help CMD…` is `CMD… --help`.
 */
function conventional(argv: string[]): string[] {
	const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
	if (argv.slice(0, end).includes('--version')) return ['version'];
	if (commandWord(argv) === 'help') return [...argv.filter((a, i) => i >= end || a !== 'help'), '--help'];
	return argv;
}

/**
 * yargs picks its bash or zsh completion script from $SHELL when it starts, and knows no word
 * after `completion`; `completion zsh` or `completion bash` names the shell instead (for a script
 * written from another shell) and is taken off the line.
 */
function chooseCompletionShell(argv: string[]): string[] {
	const at = argv.indexOf('completion') + 1;
	const shell = argv[at];
	if (shell === undefined || shell.startsWith('-')) return argv;
	if (shell !== 'bash' && shell !== 'zsh') throw new UserError(`completion ${shell}: not a supported shell (bash or zsh)`);
	process.env.SHELL = `/bin/${shell}`;
	delete process.env.ZSH_NAME;
	return argv.filter((_, i) => i !== at);
}

/** yargs names an unknown `--foo-bar` twice (`foo-bar, fooBar`); keep the spelling the user typed. */
function tidyUnknown(message: string): string {
	const m = /^Unknown arguments?: (.*)$/.exec(message);
	if (!m) return message;
	const names = m[1]!.split(', ');
	const typed = names.filter((n) => !/[A-Z]/.test(n) || !names.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)));
	return `Unknown argument${typed.length === 1 ? '' : 's'}: ${typed.join(', ')}`;
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

/**
 * The command word yargs did not know: the first word, unless that is a command, then the first
 * word after it (a subcommand such as `lab stauts`) that is not the value of a flag before it.
 */
function unknownWord(argv: string[], commands: readonly Command[]): string | undefined {
	const top = commandWord(argv);
	if (top === undefined || !commands.some((c) => String(c.command).split(' ')[0] === top)) return top;
	for (let i = argv.indexOf(top) + 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (!a.startsWith('-')) return a;
		if (!a.includes('=') && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) i++;
	}
	return top;
}

function reportError(error: unknown): number {
	// Always one line, whatever the message quotes (a file's JSON error, a server's output).
	const user = error instanceof UserError ? error : userSocketError(error);
	if (user) {
		process.stderr.write(`dhcpulse: ${escapeControls(user.message)}\n`);
		return user.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`dhcpulse: internal error: ${escapeControls(message)} (a bug in dhcpulse: please report it with the command line and what DHCPULSE_DEBUG_STACK=1 adds)\n`);
	if (process.env.DHCPULSE_DEBUG_STACK === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
	return ExitCode.UNKNOWN;
}
