import { UserError } from '../exit-codes.js';

/** An output file that could not be created or written, named with the flag that asked for it: `--json /dev/full: cannot write (ENOSPC)`. */
export function outputError(flag: string, path: string, what: 'create' | 'write', error: unknown): UserError {
	const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
	return new UserError(`${flag} ${path}: cannot ${what} (${code})`);
}
