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

export async function loadCommands(): Promise<Command[]> {
	// Imported lazily so `dhcpulse decode` does not pay for loading Ink and React.
	const modules = await Promise.all([
		import('./version.js'),
		import('./lab.js'),
		import('./demo.js'),
		import('./messages.js'),
		import('./discover.js'),
		import('./ping.js'),
		import('./lease.js'),
		import('./perf.js'),
		import('./listen.js'),
		import('./decode.js'),
	]);
	return modules.map((m) => m.default as Command);
}
