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
};

let pendingExitCode = 0;
let pendingJob: (() => unknown) | undefined;

/**
 * The command with its handler deferred: the handler only records its work, and main() runs it
 * once yargs is done. yargs renders and caches the command's whole help text right after calling
 * a handler (command.js, cacheHelpMessage): some 200 ms of CPU that would otherwise run while a
 * probe waits for its reply (and be counted in its latency) or while a load run starts.
 */
export function deferred(command: Command): Command {
	const handler = command.handler;
	if (!handler) return command;
	return {
		...command,
		handler: (argv) => {
			pendingJob = () => handler(argv);
		},
	};
}

/** Runs the handler yargs chose, if any (main() calls this once, after parsing). */
export async function runPendingJob(): Promise<void> {
	const job = pendingJob;
	pendingJob = undefined;
	if (job) await job();
}

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
