/**
 * The `dhcpulse decode` pipeline: stream a capture (a file or standard input), classify and
 * decode every frame, print each DHCP packet as text or JSON lines, and summarise on stderr.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DecodeError } from '../wire/errors.js';
import { ExitCode, UserError, type ExitCodeValue } from '../exit-codes.js';
import { ERR_NOT_CAPTURE, readCaptureStream } from '../pcap/reader.js';
import { FrameTally, classifyFrame } from './frame.js';
import { formatMalformedText, formatPacketText, formatUndecodable, malformedJSON, packetJSON, type TimePrecision } from './present.js';

export interface DecodeOptions {
	/** A capture file, or `-` for standard input. */
	file: string;
	json: boolean;
	stdout?: NodeJS.WritableStream;
	stderr?: NodeJS.WritableStream;
	/** Standard input, for `-`. */
	stdin?: Readable;
}

/** Classic pcap magics (either byte order) that promise nanosecond timestamps. */
const NS_MAGICS = new Set([0xa1b23c4d, 0x4d3cb2a1]);

/**
 * Buffers output and writes it in large pieces, waiting for the stream to drain so that a slow
 * reader (a pipe into `less`) holds the capture reading back instead of filling memory. A reader
 * that goes away (`| head`) ends the run quietly.
 */
class Output {
	private pending = '';
	private closed = false;
	private scheduled = false;
	private readonly stream: NodeJS.WritableStream;

	constructor(stream: NodeJS.WritableStream) {
		this.stream = stream;
		stream.on('error', (error: NodeJS.ErrnoException) => {
			this.closed = true;
			if (error.code !== 'EPIPE') this.failure ??= error;
		});
	}

	/** A write error other than the reader going away (EPIPE), reported once the run ends. */
	failure: NodeJS.ErrnoException | undefined;

	get gone(): boolean {
		return this.closed;
	}

	async write(text: string): Promise<void> {
		this.pending += text;
		if (this.pending.length >= 64 * 1024) await this.flush();
		else if (!this.scheduled) {
			// Whatever is pending goes out once the current input chunk is done, so a live capture
			// piped from tcpdump shows each packet as it arrives rather than per 64 KiB.
			this.scheduled = true;
			setImmediate(() => {
				this.scheduled = false;
				void this.flush();
			});
		}
	}

	async flush(): Promise<void> {
		if (this.pending === '' || this.closed) {
			this.pending = '';
			return;
		}
		const text = this.pending;
		this.pending = '';
		if (!this.stream.write(text)) {
			await new Promise<void>((resolve) => {
				const done = (): void => {
					this.stream.off('drain', done);
					this.stream.off('error', done);
					this.stream.off('close', done);
					resolve();
				};
				this.stream.on('drain', done);
				this.stream.on('error', done);
				this.stream.on('close', done);
			});
		}
	}
}

/** The bytes of `path` (or stdin) as a stream of chunks; a file that cannot be opened is a UserError. */
async function openSource(path: string, stdin: Readable): Promise<AsyncIterable<Uint8Array>> {
	if (path === '-') return stdin;
	const stream = createReadStream(path);
	try {
		await new Promise<void>((resolve, reject) => {
			stream.once('open', () => resolve());
			stream.once('error', reject);
		});
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw new UserError(`decode ${path}: cannot open (${reason})`);
	}
	return stream;
}

/**
 * Passes chunks through unchanged and tells `onStart` the first four bytes: a classic pcap's
 * magic says whether its timestamps are µs or ns.
 */
async function* sniff(source: AsyncIterable<Uint8Array | string>, onStart: (magicLE: number) => void): AsyncGenerator<Uint8Array> {
	let head = new Uint8Array(0);
	let told = false;
	for await (const chunk of source) {
		if (typeof chunk === 'string') throw new TypeError('capture stream must yield bytes');
		if (!told) {
			const joined = new Uint8Array(head.length + chunk.length);
			joined.set(head, 0);
			joined.set(chunk, head.length);
			head = joined;
			if (head.length >= 4) {
				onStart((head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0);
				told = true;
			}
		}
		yield chunk;
	}
}

/** Runs the pipeline; resolves to the exit code (0 all DHCP packets decoded, 1 some malformed). Throws UserError (exit 3) for an unreadable capture. */
export async function runDecode(options: DecodeOptions): Promise<ExitCodeValue> {
	const out = new Output(options.stdout ?? process.stdout);
	const err = options.stderr ?? process.stderr;
	const tally = new FrameTally();
	// Classic ns captures print ns; µs captures and pcapng print µs unless a timestamp has finer digits.
	let classicNs = false;
	const source = await openSource(options.file, options.stdin ?? process.stdin);
	let failure: DecodeError | undefined;
	try {
		for await (const record of readCaptureStream(sniff(source, (magic) => (classicNs = NS_MAGICS.has(magic))))) {
			const result = classifyFrame(record);
			tally.count(result);
			const precision: TimePrecision = classicNs || result.timestamp % 1000n !== 0n ? 'ns' : 'us';
			switch (result.kind) {
				case 'dhcp':
					await out.write(options.json ? `${JSON.stringify(packetJSON(result, precision))}\n` : `${formatPacketText(result, precision)}\n`);
					break;
				case 'malformed':
					await out.write(options.json ? `${JSON.stringify(malformedJSON(result, precision))}\n` : `${formatMalformedText(result, precision)}\n`);
					break;
				case 'undecodable':
					err.write(`dhcpulse: decode: ${formatUndecodable(result)}\n`);
					break;
				case 'other':
					break;
			}
			if (out.gone) break;
		}
	} catch (error) {
		if (!(error instanceof DecodeError)) {
			if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
				throw new UserError(`decode ${options.file === '-' ? 'standard input' : options.file}: cannot read (${error.code})`);
			}
			throw error;
		}
		failure = error;
	} finally {
		if (source !== (options.stdin ?? process.stdin)) (source as ReturnType<typeof createReadStream>).destroy();
	}
	await out.flush();
	if (out.failure) throw new UserError(`decode: cannot write the output (${out.failure.code ?? out.failure.message})`);
	if (failure) {
		const name = options.file === '-' ? 'standard input' : options.file;
		// Nothing recognisable at the start: not a capture at all (also an empty or 3-byte input).
		if (failure.code === ERR_NOT_CAPTURE || (tally.frames === 0 && failure.code === 'ERR_TRUNCATED' && failure.offset === 0)) {
			throw new UserError(`decode ${name}: not a pcap or pcapng file${failure.message.startsWith('empty') ? ' (empty)' : ''}`);
		}
		if (tally.frames === 0) throw new UserError(`decode ${name}: not a readable capture: ${failure.message} (byte ${failure.offset})`);
		// A capture cut short (tcpdump killed mid-write) or damaged later on: what was read is printed, the run still fails.
		err.write(`dhcpulse: decode: ${tally.summary()}\n`);
		const what = failure.code === 'ERR_TRUNCATED' ? 'capture is cut short' : 'capture is damaged';
		throw new UserError(`decode ${name}: ${what} after frame ${tally.frames}: ${failure.message} (byte ${failure.offset})`);
	}
	err.write(`dhcpulse: decode: ${tally.summary()}\n`);
	return tally.malformed > 0 ? ExitCode.WARNING : ExitCode.OK;
}
