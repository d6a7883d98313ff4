import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Sink } from './sink.js';

/** Kea: any maxsize below this (including 0) disables rotation. */
export const MIN_ROTATE_SIZE = 204_800;
/** While flush is false, lines are written once this many bytes are pending (or on flush()). */
const BUFFER_BYTES = 64 * 1024;
/** …and at least this often, so a quiet run does not keep lines back for long. */
const BUFFER_MS = 1000;

export interface FileSinkOptions {
	maxsize: number;
	maxver: number;
	flush: boolean;
	/** Called once if a write fails after opening, with the text not written; the sink then stops. */
	onError: (error: Error, unwritten: string) => void;
}

/**
 * An append-only log file with Kea's rotation (Kea ARM, "The maxsize Option", "The maxver
 * Option"): when a line would take the file past maxsize, the file becomes name.1, name.1 becomes
 * name.2 … up to name.maxver, and the oldest is discarded; then the line starts the new file.
 * Rotating *before* the write means no line is ever split between two files.
 *
 * Writes are synchronous appends on one file descriptor, and every thread's lines pass through
 * the main thread (see worker.ts), so concurrent workers can neither interleave within a line
 * nor race a rotation.
 */
export class FileSink implements Sink {
	private fd: number;
	private size: number;
	private pending: string[] = [];
	private pendingBytes = 0;
	private timer: NodeJS.Timeout | undefined;
	private failed = false;

	/** Opens (creating if needed) `path` for appending; throws the fs error if it cannot. */
	constructor(
		readonly path: string,
		private readonly options: FileSinkOptions,
	) {
		this.fd = openSync(path, 'a');
		this.size = fstatSync(this.fd).size;
	}

	/** False when lines are buffered ("flush": false) and need flush() before the process ends. */
	get flushesEachLine(): boolean {
		return this.options.flush;
	}

	private get rotates(): boolean {
		return this.options.maxsize >= MIN_ROTATE_SIZE;
	}

	write(line: string): void {
		if (this.failed) return;
		if (this.options.flush) {
			this.guard(line, () => this.append(line, Buffer.byteLength(line)));
			return;
		}
		this.pending.push(line);
		this.pendingBytes += Buffer.byteLength(line);
		if (this.pendingBytes >= BUFFER_BYTES) this.flush();
		else if (!this.timer) {
			this.timer = setTimeout(() => this.flush(), BUFFER_MS);
			this.timer.unref();
		}
	}

	flush(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		if (this.pending.length === 0 || this.failed) return;
		const lines = this.pending;
		this.pending = [];
		this.pendingBytes = 0;
		this.guard(lines.join(''), () => {
			// Group the buffered lines into chunks that each fit before the next rotation point,
			// so buffering keeps exactly the rotation boundaries unbuffered writing would have.
			let chunk = '';
			let chunkBytes = 0;
			for (const line of lines) {
				const bytes = Buffer.byteLength(line);
				if (chunkBytes > 0 && this.rotates && this.size + chunkBytes + bytes > this.options.maxsize) {
					this.append(chunk, chunkBytes);
					chunk = '';
					chunkBytes = 0;
				}
				chunk += line;
				chunkBytes += bytes;
			}
			if (chunkBytes > 0) this.append(chunk, chunkBytes);
		});
	}

	close(): void {
		this.flush();
		if (this.fd >= 0) {
			closeSync(this.fd);
			this.fd = -1;
		}
	}

	private append(text: string, bytes: number): void {
		if (this.rotates && this.size > 0 && this.size + bytes > this.options.maxsize) this.rotate();
		const buffer = Buffer.from(text);
		let offset = 0;
		while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset);
		this.size += bytes;
	}

	private rotate(): void {
		closeSync(this.fd);
		this.fd = -1;
		const { maxver } = this.options;
		rmSync(`${this.path}.${maxver}`, { force: true });
		for (let v = maxver - 1; v >= 1; v--) {
			try {
				renameSync(`${this.path}.${v}`, `${this.path}.${v + 1}`);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
		}
		renameSync(this.path, `${this.path}.1`);
		this.fd = openSync(this.path, 'a');
		this.size = 0;
	}

	/**
	 * Runs a write; if it fails, stops the sink and hands the text over (all of it: after a
	 * partial write the part already in the file is repeated, which beats losing the rest).
	 */
	private guard(text: string, action: () => void): void {
		try {
			action();
		} catch (error) {
			this.failed = true;
			this.pending = [];
			this.options.onError(error as Error, text);
		}
	}
}
