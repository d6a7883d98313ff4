/**
 * A file an observer writes line by line as the run goes (--csv, --jsonl): created when the
 * observer is made, before the run opens a socket, so a path that cannot be written is an error
 * before any packet is sent; each line is written synchronously, so an interrupted run keeps
 * what it had. The first failed write (a full disk) stops the file, and `close` reports it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { outputError } from '../os/output-error.js';

export class LineFile {
	private fd: number | null;
	private failure: unknown = null;

	constructor(
		private readonly flag: string,
		private readonly path: string,
	) {
		try {
			this.fd = openSync(path, 'w', 0o644);
		} catch (error) {
			throw outputError(flag, path, 'create', error);
		}
	}

	write(line: string): void {
		if (this.fd === null || this.failure !== null) return;
		try {
			writeSync(this.fd, `${line}\n`);
		} catch (error) {
			this.failure = error;
		}
	}

	/** Closes the file; throws when a write had failed (`finish` only: `close` after a failure stays quiet). */
	close(report = false): void {
		if (this.fd !== null) {
			closeSync(this.fd);
			this.fd = null;
		}
		if (report && this.failure !== null) throw outputError(this.flag, this.path, 'write', this.failure);
	}
}
