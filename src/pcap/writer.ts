import { closeSync, openSync, writeSync } from 'node:fs';
import { UserError } from '../exit-codes.js';
import { LINKTYPE } from '../net/linktype.js';

/**
 * Writes classic pcap (the tcpdump/libpcap file format, draft-ietf-opsawg-pcap): a 24-byte file
 * header, then a 16-byte header before every packet. Records are buffered in memory and written
 * with synchronous writes, so `flush()` and `close()` can be called from a SIGINT handler and
 * the file is complete when they return.
 */

export interface PcapWriterOptions {
	/** LINKTYPE_ of every record; default 101 (raw IP: records start with the IP header). */
	linktype?: number;
	/** Longer packets are cut to this many bytes (orig_len keeps the real length). Default 262144, tcpdump's default. */
	snaplen?: number;
	/** Timestamp resolution; default microseconds (magic 0xa1b2c3d4), `ns` uses magic 0xa1b23c4d. */
	resolution?: 'us' | 'ns';
	/** Buffered bytes that trigger a write; default 64 KiB. 0 writes every record at once. */
	flushBytes?: number;
}

export const PCAP_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

/** The 24-byte file header, little-endian as libpcap writes it on x86. */
export function encodeFileHeader(options: PcapWriterOptions = {}): Uint8Array {
	const out = new Uint8Array(PCAP_HEADER_LENGTH);
	const view = new DataView(out.buffer);
	view.setUint32(0, options.resolution === 'ns' ? 0xa1b23c4d : 0xa1b2c3d4, true);
	view.setUint16(4, 2, true);
	view.setUint16(6, 4, true);
	// thiszone and sigfigs stay 0, as every modern writer leaves them.
	view.setUint32(16, options.snaplen ?? 262144, true);
	view.setUint32(20, options.linktype ?? LINKTYPE.RAW, true);
	return out;
}

/** One record: header plus the first `snaplen` bytes of `data`. `timestamp` is nanoseconds since the epoch. */
export function encodeRecord(data: Uint8Array, timestamp: bigint, options: PcapWriterOptions = {}, origLength = data.length): Uint8Array {
	const captured = Math.min(data.length, options.snaplen ?? 262144);
	const out = new Uint8Array(PCAP_RECORD_HEADER_LENGTH + captured);
	const view = new DataView(out.buffer);
	const seconds = timestamp / 1_000_000_000n;
	const nanos = timestamp % 1_000_000_000n;
	view.setUint32(0, Number(seconds & 0xffffffffn), true);
	view.setUint32(4, Number(options.resolution === 'ns' ? nanos : nanos / 1000n), true);
	view.setUint32(8, captured, true);
	view.setUint32(12, Math.max(origLength, captured), true);
	out.set(data.subarray(0, captured), PCAP_RECORD_HEADER_LENGTH);
	return out;
}

/** Now, in nanoseconds since the epoch, with the sub-millisecond part from the monotonic clock. */
export function nowNs(): bigint {
	return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

interface Sink {
	write(bytes: Uint8Array): void;
	close(): void;
}

export class PcapWriter {
	readonly linktype: number;
	private readonly options: PcapWriterOptions;
	private readonly sink: Sink;
	private chunks: Uint8Array[] = [];
	private buffered = 0;
	private records = 0;
	private closed = false;

	private constructor(sink: Sink, options: PcapWriterOptions) {
		this.sink = sink;
		this.options = options;
		this.linktype = options.linktype ?? LINKTYPE.RAW;
		this.chunks.push(encodeFileHeader(options));
		this.buffered = PCAP_HEADER_LENGTH;
		this.flush();
	}

	/** Creates (or truncates) `path` and writes the file header. A path that cannot be written is a `UserError`. */
	static open(path: string, options: PcapWriterOptions = {}): PcapWriter {
		let fd: number;
		try {
			fd = openSync(path, 'w', 0o644);
		} catch (error) {
			const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
			throw new UserError(`pcap file ${path}: cannot create (${reason})`);
		}
		return new PcapWriter(
			{
				write: (bytes) => writeAll(fd, bytes),
				close: () => closeSync(fd),
			},
			options,
		);
	}

	/** Writes to an already open descriptor (1 for standard output); `close()` leaves the descriptor open. */
	static toFd(fd: number, options: PcapWriterOptions = {}): PcapWriter {
		return new PcapWriter({ write: (bytes) => writeAll(fd, bytes), close: () => {} }, options);
	}

	/** Writes to a stream; `close()` ends it. Stream writes are queued, so prefer `open`/`toFd` where a signal may interrupt. */
	static toStream(stream: NodeJS.WritableStream, options: PcapWriterOptions = {}): PcapWriter {
		return new PcapWriter({ write: (bytes) => void stream.write(bytes), close: () => void stream.end() }, options);
	}

	/** Packets written so far (buffered or not). */
	get recordCount(): number {
		return this.records;
	}

	/** Adds one packet; `timestamp` defaults to now, `origLength` to the packet's length. */
	write(data: Uint8Array, timestamp: bigint = nowNs(), origLength = data.length): void {
		if (this.closed) throw new Error('PcapWriter.write after close');
		const record = encodeRecord(data, timestamp, this.options, origLength);
		this.chunks.push(record);
		this.buffered += record.length;
		this.records++;
		if (this.buffered >= (this.options.flushBytes ?? 65536)) this.flush();
	}

	/** Writes everything buffered, synchronously for files and descriptors. */
	flush(): void {
		if (this.chunks.length === 0) return;
		const joined = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
		this.chunks = [];
		this.buffered = 0;
		this.sink.write(joined);
	}

	/** Flushes and closes; safe to call more than once. */
	close(): void {
		if (this.closed) return;
		this.flush();
		this.closed = true;
		this.sink.close();
	}
}

/** A 1 ms synchronous pause while a full pipe drains. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: number, bytes: Uint8Array): void {
	let done = 0;
	while (done < bytes.length) {
		try {
			done += writeSync(fd, bytes, done, bytes.length - done);
		} catch (error) {
			// A non-blocking descriptor (a pipe on stdout) may be full for a moment; retry rather than drop records.
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
			Atomics.wait(PAUSE, 0, 0, 1);
		}
	}
}
