import type { SeverityName } from './severity.js';

/** Where formatted lines end up: a stream, a rotating file or syslog. Lives in the main thread. */
export interface Sink {
	/** Writes one formatted line (normally ending in a newline). */
	write(line: string, severity: SeverityName): void;
	/** Writes out anything buffered. Synchronous, so it is safe in an 'exit' handler. */
	flush(): void;
	/** Flushes and releases the destination. */
	close(): void;
}
