import { createReadStream } from 'node:fs';
import { DecodeError } from '../wire/errors.js';
import { UserError } from '../exit-codes.js';

/**
 * Reads classic pcap (both byte orders, microsecond and nanosecond magic, and Alexey
 * Kuznetzov's "modified" variant) and pcapng (draft-ietf-opsawg-pcapng: SHB in either byte
 * order, IDB with per-interface link type and if_tsresol/if_tsoffset, EPB, SPB and the obsolete
 * Packet Block; other blocks are skipped). The parser is incremental: bytes are pushed as they
 * arrive and whole records come out, so the same code serves a Buffer and a pipe from tcpdump.
 * Malformed input raises `DecodeError` with the absolute offset in the stream.
 */

export interface CaptureRecord {
	/** 1-based position in the capture, counting packet records only (as tcpdump and Wireshark number them). */
	frame: number;
	/** Nanoseconds since the Unix epoch (UTC). */
	timestamp: bigint;
	/** LINKTYPE_ value of the record's interface. */
	linktype: number;
	/** The captured bytes (a view; may be shorter than `origLength` when the snap length cut it). */
	data: Uint8Array;
	/** Length of the packet on the wire. */
	origLength: number;
	/** pcapng interface id within its section; 0 for classic pcap. */
	interfaceId: number;
	/** Absolute offset of the record (or block) header in the input. */
	offset: number;
}

export interface CaptureInterface {
	linktype: number;
	/** 0 means no limit. */
	snaplen: number;
	/** if_name, when the file gives one. */
	name?: string;
}

export type CaptureFormat = 'pcap' | 'pcapng';

/** Error codes the reader uses beyond the shared ones. */
export const ERR_NOT_CAPTURE = 'ERR_NOT_CAPTURE';

/** Records or blocks larger than this are taken as corruption rather than buffered from a pipe without end. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;

const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;

const OPT_ENDOFOPT = 0;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface NgInterface extends CaptureInterface {
	/** Timestamp units per second as a numerator/denominator of nanoseconds: ns = ticks * mul / div. */
	mul: bigint;
	div: bigint;
	offsetSeconds: bigint;
}

/**
 * Incremental capture parser. `push()` bytes, then call `next()` until it returns undefined;
 * call `finish()` at end of input (it throws if a record was cut short).
 */
export class CaptureParser {
	/** Known once the first 4 bytes have arrived. */
	format: CaptureFormat | undefined;
	/** Classic pcap: the file's one interface. pcapng: the current section's interfaces. */
	interfaces: CaptureInterface[] = [];

	private buf: Uint8Array = new Uint8Array(0);
	private pos = 0;
	/** Absolute stream offset of `buf[0]`. */
	private base = 0;
	private frame = 0;
	private littleEndian = false;
	private nanosecond = false;
	private recordHeaderLength = 16;
	private headerDone = false;
	private ngInterfaces: NgInterface[] = [];

	push(chunk: Uint8Array): void {
		if (chunk.length === 0) return;
		if (this.pos >= this.buf.length) {
			this.base += this.buf.length;
			this.buf = chunk;
		} else {
			const rest = this.buf.subarray(this.pos);
			const joined = new Uint8Array(rest.length + chunk.length);
			joined.set(rest, 0);
			joined.set(chunk, rest.length);
			this.base += this.pos;
			this.buf = joined;
		}
		this.pos = 0;
	}

	/** The next whole record from the bytes pushed so far, or undefined if more bytes are needed. */
	next(): CaptureRecord | undefined {
		for (;;) {
			if (!this.headerDone && !this.readFileHeader()) return undefined;
			if (this.format === 'pcap') return this.nextPcap();
			const result = this.nextBlock();
			if (result !== 'skipped') return result;
		}
	}

	/** Declares the end of input; throws if the input was empty or stopped inside a header or record. */
	finish(): void {
		const left = this.buf.length - this.pos;
		const at = this.base + this.pos;
		if (!this.format) {
			throw new DecodeError(left === 0 && at === 0 ? ERR_NOT_CAPTURE : 'ERR_TRUNCATED', at, left === 0 && at === 0 ? 'empty input, not a capture file' : 'input ends inside the file header');
		}
		if (!this.headerDone) throw new DecodeError('ERR_TRUNCATED', at, `input ends inside the ${this.format} file header`);
		if (left > 0) {
			throw new DecodeError('ERR_TRUNCATED', at, `input ends ${left} bytes into a ${this.format === 'pcap' ? 'record' : 'block'}`);
		}
	}

	private available(): number {
		return this.buf.length - this.pos;
	}

	private u16(at: number): number {
		const b = this.buf;
		return this.littleEndian ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!;
	}

	private u32(at: number): number {
		const b = this.buf;
		return this.littleEndian ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0 : ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
	}

	private fail(code: string, relative: number, message: string): never {
		throw new DecodeError(code, this.base + relative, message);
	}

	private readFileHeader(): boolean {
		if (this.available() < 4) return false;
		const p = this.pos;
		const b = this.buf;
		const be = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
		const le = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
		if (be === PCAPNG_SHB) {
			this.format = 'pcapng';
			// The SHB is parsed as an ordinary block; each SHB starts a new section.
			this.headerDone = true;
			return true;
		}
		const magic = [PCAP_MAGIC_US, PCAP_MAGIC_NS, PCAP_MAGIC_MODIFIED].includes(be) ? be : [PCAP_MAGIC_US, PCAP_MAGIC_NS, PCAP_MAGIC_MODIFIED].includes(le) ? le : undefined;
		if (magic === undefined) {
			this.fail(ERR_NOT_CAPTURE, p, `not a pcap or pcapng file (first bytes 0x${be.toString(16).padStart(8, '0')})`);
		}
		this.format = 'pcap';
		this.littleEndian = magic !== be;
		if (this.available() < 24) return false;
		this.nanosecond = magic === PCAP_MAGIC_NS;
		this.recordHeaderLength = magic === PCAP_MAGIC_MODIFIED ? 24 : 16;
		const major = this.u16(p + 4);
		if (major !== 2) this.fail('ERR_UNSUPPORTED', p + 4, `pcap version ${major}.${this.u16(p + 6)} (only 2.x exists)`);
		// The link-type field's upper bits carry FCS information; the type is the low 16 bits.
		const linktype = this.u32(p + 20) & 0xffff;
		this.interfaces = [{ linktype, snaplen: this.u32(p + 16) }];
		this.pos += 24;
		this.headerDone = true;
		return true;
	}

	private nextPcap(): CaptureRecord | undefined {
		const h = this.recordHeaderLength;
		if (this.available() < h) return undefined;
		const p = this.pos;
		const captured = this.u32(p + 8);
		if (captured > MAX_RECORD_BYTES) this.fail('ERR_BAD_LENGTH', p + 8, `record claims ${captured} captured bytes`);
		if (this.available() < h + captured) return undefined;
		const seconds = BigInt(this.u32(p));
		const fraction = BigInt(this.u32(p + 4));
		this.pos += h + captured;
		return {
			frame: ++this.frame,
			timestamp: seconds * 1_000_000_000n + (this.nanosecond ? fraction : fraction * 1000n),
			linktype: this.interfaces[0]!.linktype,
			data: this.buf.subarray(p + h, p + h + captured),
			origLength: this.u32(p + 12),
			interfaceId: 0,
			offset: this.base + p,
		};
	}

	private nextBlock(): CaptureRecord | undefined | 'skipped' {
		if (this.available() < 12) return undefined;
		const p = this.pos;
		const b = this.buf;
		const typeBE = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
		if (typeBE === PCAPNG_SHB) {
			// The byte-order magic decides how this section's numbers are read, the SHB's own length included.
			const bomBE = ((b[p + 8]! << 24) | (b[p + 9]! << 16) | (b[p + 10]! << 8) | b[p + 11]!) >>> 0;
			const bomLE = (b[p + 8]! | (b[p + 9]! << 8) | (b[p + 10]! << 16) | (b[p + 11]! << 24)) >>> 0;
			if (bomBE === PCAPNG_BOM) this.littleEndian = false;
			else if (bomLE === PCAPNG_BOM) this.littleEndian = true;
			else this.fail(ERR_NOT_CAPTURE, p + 8, 'pcapng section header without a byte-order magic');
		}
		const type = this.u32(p);
		const length = this.u32(p + 4);
		if (length < 12 || length % 4 !== 0) this.fail('ERR_BAD_LENGTH', p + 4, `pcapng block length ${length} (must be a multiple of 4, at least 12)`);
		if (length > MAX_RECORD_BYTES) this.fail('ERR_BAD_LENGTH', p + 4, `pcapng block claims ${length} bytes`);
		if (this.available() < length) return undefined;
		if (this.u32(p + length - 4) !== length) {
			this.fail('ERR_BAD_LENGTH', p + length - 4, `pcapng block trailing length ${this.u32(p + length - 4)} differs from ${length}`);
		}
		const body = p + 8;
		const bodyEnd = p + length - 4;
		this.pos += length;
		switch (type) {
			case PCAPNG_SHB: {
				if (length < 28) this.fail('ERR_BAD_LENGTH', p + 4, `pcapng section header of ${length} bytes`);
				const major = this.u16(body + 4);
				if (major !== 1) this.fail('ERR_UNSUPPORTED', body + 4, `pcapng version ${major}.${this.u16(body + 6)}`);
				this.ngInterfaces = [];
				this.interfaces = this.ngInterfaces;
				return 'skipped';
			}
			case BLOCK_IDB:
				if (bodyEnd - body < 8) this.fail('ERR_BAD_LENGTH', p + 4, `pcapng interface block of ${length} bytes`);
				this.ngInterfaces.push(this.readInterface(body, bodyEnd));
				return 'skipped';
			case BLOCK_EPB: {
				if (bodyEnd - body < 20) this.fail('ERR_BAD_LENGTH', p + 4, `pcapng enhanced packet block of ${length} bytes`);
				const id = this.u32(body);
				return this.packet(p, id, body + 20, this.u32(body + 12), this.u32(body + 16), bodyEnd, this.u32(body + 4), this.u32(body + 8));
			}
			case BLOCK_OPB: {
				if (bodyEnd - body < 20) this.fail('ERR_BAD_LENGTH', p + 4, `pcapng packet block of ${length} bytes`);
				const id = this.u16(body);
				return this.packet(p, id, body + 20, this.u32(body + 12), this.u32(body + 16), bodyEnd, this.u32(body + 4), this.u32(body + 8));
			}
			case BLOCK_SPB: {
				if (bodyEnd - body < 4) this.fail('ERR_BAD_LENGTH', p + 4, `pcapng simple packet block of ${length} bytes`);
				const origLength = this.u32(body);
				const iface = this.interfaceAt(0, p);
				// The SPB has no captured length: it is the original length cut to the snap length and the block (§4.4).
				let captured = Math.min(origLength, bodyEnd - body - 4);
				if (iface.snaplen > 0) captured = Math.min(captured, iface.snaplen);
				return this.packet(p, 0, body + 4, captured, origLength, bodyEnd, undefined, undefined);
			}
			default:
				// Name resolution, statistics, decryption secrets, custom blocks: nothing a DHCP tool needs.
				return 'skipped';
		}
	}

	private interfaceAt(id: number, blockStart: number): NgInterface {
		const iface = this.ngInterfaces[id];
		if (!iface) this.fail('ERR_BAD_VALUE', blockStart + 8, `packet names interface ${id}, but the section defines ${this.ngInterfaces.length}`);
		return iface;
	}

	private packet(blockStart: number, id: number, dataStart: number, captured: number, origLength: number, bodyEnd: number, tsHigh: number | undefined, tsLow: number | undefined): CaptureRecord {
		const iface = this.interfaceAt(id, blockStart);
		if (captured > bodyEnd - dataStart) {
			this.fail('ERR_BAD_LENGTH', blockStart + 8, `packet claims ${captured} captured bytes in a block with room for ${bodyEnd - dataStart}`);
		}
		let timestamp = 0n;
		if (tsHigh !== undefined && tsLow !== undefined) {
			const ticks = (BigInt(tsHigh) << 32n) | BigInt(tsLow);
			timestamp = (ticks * iface.mul) / iface.div + iface.offsetSeconds * 1_000_000_000n;
		}
		return {
			frame: ++this.frame,
			timestamp,
			linktype: iface.linktype,
			data: this.buf.subarray(dataStart, dataStart + captured),
			origLength,
			interfaceId: id,
			offset: this.base + blockStart,
		};
	}

	private readInterface(body: number, bodyEnd: number): NgInterface {
		const iface: NgInterface = { linktype: this.u16(body), snaplen: this.u32(body + 4), mul: 1000n, div: 1n, offsetSeconds: 0n };
		let at = body + 8;
		while (bodyEnd - at >= 4) {
			const code = this.u16(at);
			const length = this.u16(at + 2);
			if (code === OPT_ENDOFOPT) break;
			const value = at + 4;
			if (length > bodyEnd - value) this.fail('ERR_BAD_LENGTH', at + 2, `interface option ${code} of ${length} bytes overruns its block`);
			if (code === OPT_IF_TSRESOL && length >= 1) {
				// §4.2: high bit clear → 10^-n seconds, set → 2^-n seconds per tick.
				const resol = this.buf[value]!;
				const n = BigInt(resol & 0x7f);
				if (resol & 0x80) {
					iface.mul = 1_000_000_000n;
					iface.div = 1n << n;
				} else if (n <= 9n) {
					iface.mul = 10n ** (9n - n);
					iface.div = 1n;
				} else {
					iface.mul = 1n;
					iface.div = 10n ** (n - 9n);
				}
			} else if (code === OPT_IF_TSOFFSET && length >= 8) {
				const high = BigInt(this.u32(this.littleEndian ? value + 4 : value));
				const low = BigInt(this.u32(this.littleEndian ? value : value + 4));
				iface.offsetSeconds = BigInt.asIntN(64, (high << 32n) | low);
			} else if (code === OPT_IF_NAME) {
				iface.name = new TextDecoder().decode(this.buf.subarray(value, value + length)).replace(/\0+$/, '');
			}
			at = value + Math.ceil(length / 4) * 4;
		}
		return iface;
	}
}

/** Reads every record of a capture held in memory. Records' `data` are views into `input`. */
export function* readCapture(input: Uint8Array): Generator<CaptureRecord, void, undefined> {
	const parser = new CaptureParser();
	parser.push(input);
	for (let record = parser.next(); record; record = parser.next()) yield record;
	parser.finish();
}

/**
 * Reads a capture incrementally from a stream of chunks: a `Readable` such as `process.stdin`
 * (`tcpdump -w - | dhcpulse …`) or any async iterable of byte chunks. Records are yielded as soon
 * as they are complete.
 */
export async function* readCaptureStream(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<CaptureRecord, void, undefined> {
	const parser = new CaptureParser();
	for await (const chunk of source) {
		if (typeof chunk === 'string') throw new TypeError('capture stream must yield bytes; do not set an encoding on it');
		parser.push(chunk);
		for (let record = parser.next(); record; record = parser.next()) yield record;
	}
	parser.finish();
}

/**
 * Reads a capture file named by the user, or standard input for `-`. A file that cannot be
 * opened is a `UserError`; bad contents are a `DecodeError` whose offset points into the file.
 */
export async function* readCaptureFile(path: string): AsyncGenerator<CaptureRecord, void, undefined> {
	if (path === '-') {
		yield* readCaptureStream(process.stdin);
		return;
	}
	const stream = createReadStream(path);
	const opened = new Promise<void>((resolve, reject) => {
		stream.once('open', () => resolve());
		stream.once('error', reject);
	});
	try {
		await opened;
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw new UserError(`capture file ${path}: cannot open (${reason})`);
	}
	try {
		yield* readCaptureStream(stream);
	} catch (error) {
		// A directory opens fine and fails on the first read (EISDIR); I/O errors name the file, bad bytes stay DecodeErrors.
		if (error instanceof Error && 'code' in error && typeof error.code === 'string' && !(error instanceof DecodeError)) {
			throw new UserError(`capture file ${path}: cannot read (${error.code})`);
		}
		throw error;
	} finally {
		stream.destroy();
	}
}
