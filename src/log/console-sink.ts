import type { SeverityName } from './severity.js';
import type { Sink } from './sink.js';

export type ConsoleStream = 'stdout' | 'stderr';

/**
 * Receives stdout/stderr log lines instead of the process streams. The Ink dashboard installs
 * one so log lines go into its events panel rather than tearing its frame; it removes it again
 * with `setConsoleSink(null)` when it unmounts. `severity` is the record's (INFO for a line
 * written without one).
 */
export type ConsoleSinkFn = (stream: ConsoleStream, line: string, severity: SeverityName) => void;

let redirect: ConsoleSinkFn | null = null;

/** Routes every stdout/stderr log line through `fn` (or back to the process streams with null). */
export function setConsoleSink(fn: ConsoleSinkFn | null): void {
	redirect = fn;
}

/**
 * stdout or stderr. process.stdout/stderr writes are synchronous for files, pipes and TTYs on
 * Linux, so lines from one process never interleave mid-line and `flush` has nothing to do.
 */
export class ConsoleSink implements Sink {
	constructor(private readonly stream: ConsoleStream) {}

	write(line: string, severity: SeverityName = 'INFO'): void {
		if (redirect) redirect(this.stream, line, severity);
		else (this.stream === 'stdout' ? process.stdout : process.stderr).write(line);
	}

	flush(): void {}

	close(): void {}
}
