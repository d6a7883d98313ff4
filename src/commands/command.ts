import type { CommandModule } from 'yargs';
import type { FlagSpec } from '../flags.js';

/**
 * A dhcpulse command: a yargs command module whose handler resolves to the process exit code
 * (src/exit-codes.ts; nothing is OK). main() registers it through {@link registered} and turns the
 * code into the exit status after output is flushed: no module keeps it in a variable.
 */
export type Command = Omit<CommandModule<any, any>, 'handler'> & {
	handler: (argv: any) => Promise<number | void> | number | void;
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
	/**
	 * The flags whose one-letter forms are read as getopt(3) reads them (`-xi` is `-x i`), for
	 * command lines written for a getopt tool (perfdhcp's, for perf): see getoptWords in src/flags.ts.
	 */
	getopt?: readonly FlagSpec[];
};

/** The key of the parse context (yargs `parseAsync(args, context)`) that carries a run's outcome. */
export const OUTCOME = 'dhcpulse:outcome';

export interface Outcome {
	code: number;
}

/** `command` as yargs registers it: the code its handler resolves to becomes the parse's outcome. */
export function registered(command: Command): CommandModule<any, any> {
	return {
		...command,
		handler: async (argv: Record<string, unknown>) => {
			const code = await command.handler(argv);
			(argv[OUTCOME] as Outcome).code = code ?? 0;
		},
	};
}
