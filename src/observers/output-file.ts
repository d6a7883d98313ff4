/**
 * A file an observer writes (--json, --html, --text-report, --csv, --jsonl, --hdr-log): created
 * when the observer is made, before the run opens a socket, so a path that cannot be written is
 * an error before any packet is sent; written synchronously, so an interrupted run keeps what it
 * had. The first failed write (a full disk) stops the file, and `close(true)` at the run's end
 * reports it, naming the flag and the file, while the other outputs are still written.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { outputError } from '../os/output-error.js';

export class OutputFile {
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

	write(text: string): void {
		if (this.fd === null || this.failure !== null) return;
		try {
			writeSync(this.fd, text);
		} catch (error) {
			this.failure = error;
		}
	}

	/** One line, with its newline. */
	writeLine(line: string): void {
		this.write(`${line}\n`);
	}

	/** Closes the file; with `report` (at the run's end), throws when a write had failed (a close after a failure stays quiet otherwise). */
	close(report = false): void {
		if (this.fd !== null) {
			closeSync(this.fd);
			this.fd = null;
		}
		if (report && this.failure !== null) throw outputError(this.flag, this.path, 'write', this.failure);
	}
}
