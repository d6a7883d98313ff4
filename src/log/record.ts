import type { SeverityName } from './severity.js';

/**
 * One log event after the enabled check: everything a pattern can show. Records are plain data
 * so a worker thread can post them to the main thread, where the outputs live.
 */
export interface LogRecord {
	/** Wall-clock time of the call in milliseconds since the epoch, with sub-millisecond fraction. */
	time: number;
	severity: SeverityName;
	/** The logger's full name, e.g. dhcpulse.perf (%c). */
	logger: string;
	/** 0 in the main thread, the worker number in a worker (%t). */
	workerId: number;
	/** The message: its ID, a space, and its text with placeholders filled (%m). */
	message: string;
}
