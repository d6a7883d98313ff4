import type { Sink } from './sink.js';

export type ConsoleStream = 'stdout' | 'stderr';

/**
 * Receives stdout/stderr log lines instead of the process streams. The Ink dashboard installs
 * one so log lines are printed above its live area (e.g. through `<Static>`) rather than tearing
 * it; it removes it again with `setConsoleSink(null)` when it unmounts.
 */
export type ConsoleSinkFn = (stream: ConsoleStream, line: string) => void;

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

	write(line: string): void {
		if (redirect) redirect(this.stream, line);
		else (this.stream === 'stdout' ? process.stdout : process.stderr).write(line);
	}

	flush(): void {}

	close(): void {}
}
