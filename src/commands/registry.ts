import type { CommandModule } from 'yargs';

/**
 * Every dhcpulse command lives in its own module under src/commands and is listed here once.
 * A handler reports its result through {@link setExitCode}; main() turns that into the process
 * exit code after output is flushed.
 */
export type Command = CommandModule<any, any> & {
	/**
	 * Short letters of global options this command uses for its own flags, e.g. `perf` takes `-d`
	 * for perfdhcp's drop time, so there `--debug` has no short form.
	 */
	claimsShortOptions?: readonly string[];
	/**
	 * Long options whose value may be `-` (stdout), e.g. perf's `--json -`: yargs reads a lone `-`
	 * as a positional (stdin's name), so `--json -` is handed to it as `--json=-`.
	 */
	dashValues?: readonly string[];
};

let pendingExitCode = 0;

/** Records the exit code a command handler decided on. */
export function setExitCode(code: number): void {
	pendingExitCode = code;
}

/** Reads and clears the recorded exit code (main() calls this once per run). */
export function takeExitCode(): number {
	const code = pendingExitCode;
	pendingExitCode = 0;
	return code;
}

/** Every command, in the order `dhcpulse --help` lists them, each loaded only when needed. */
const modules: Record<string, () => Promise<{ default: unknown }>> = {
	version: () => import('./version.js'),
	lab: () => import('./lab.js'),
	demo: () => import('./demo.js'),
	messages: () => import('./messages.js'),
	discover: () => import('./discover.js'),
	ping: () => import('./ping.js'),
	lease: () => import('./lease.js'),
	perf: () => import('./perf.js'),
	listen: () => import('./listen.js'),
	decode: () => import('./decode.js'),
};

/**
 * The commands to register: only the one named on the line when it is one of them, so a start
 * loads that command's modules alone (`dhcpulse version`, run every minute by a monitoring
 * check, does not pay for Ink, React and the perf engine); every command for the top-level
 * help, shell completion or a mistyped name.
 */
export async function loadCommands(word?: string): Promise<Command[]> {
	const chosen = word !== undefined && Object.hasOwn(modules, word) ? [modules[word]!] : Object.values(modules);
	return (await Promise.all(chosen.map((load) => load()))).map((m) => m.default as Command);
}
