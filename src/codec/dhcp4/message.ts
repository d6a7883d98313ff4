/**
 * The DHCPv4 message (RFC 2131 §2, Figure 1): the fixed BOOTP header, the magic cookie and the
 * option area, decoded to a plain object and encoded back.
 *
 * Exactness: a decoded message carries `wire`, a note of how its bytes looked beyond what the
 * plain fields say (chaddr octets past hlen, bytes after the NUL of sname/file, pad options,
 * whether an END was present, bytes after END, which options came from sname/file under option
 * overload). Encoding a decoded message therefore gives back identical bytes. Edit a field and
 * that field is encoded afresh; add or remove options and the option area is laid out afresh
 * (options, END, zero padding up to `minLength`).
 */
import { DecodeError, OptionValueError, need } from '../../wire/errors.js';
import type { Option } from '../option-space.js';
import { textOf, writeIpv4 } from '../types/index.js';

/** RFC 2131 §3: the first four octets of the options field. */
/** UDP ports (RFC 2131 §4.1): servers and relay agents listen at 67, clients at 68. */
export const DHCP4_SERVER_PORT = 67;
export const DHCP4_CLIENT_PORT = 68;
export const MAGIC_COOKIE = 0x63825363;
export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;
/** RFC 2131 §2: the broadcast bit of `flags`. */
export const BROADCAST_FLAG = 0x8000;
/** Offsets of the fixed fields (RFC 2131 §2, Figure 1). */
export const OFFSET = { op: 0, htype: 1, hlen: 2, hops: 3, xid: 4, secs: 8, flags: 10, ciaddr: 12, yiaddr: 16, siaddr: 20, giaddr: 24, chaddr: 28, sname: 44, file: 108, cookie: 236, options: 240 } as const;
export const HEADER_LENGTH = 240;
/**
 * RFC 1542 §3.1.1: a BOOTP message is at least 300 octets (the 64-octet vendor area); some relays
 * and servers still drop shorter ones, so encoding pads to this by default.
 */
export const BOOTP_MIN_LENGTH = 300;
export const OPTION_PAD = 0;
export const OPTION_END = 255;
export const OPTION_OVERLOAD = 52;
/** RFC 2131 §4.1: options in sname/file are read after the options field: file first, then sname. */
export type OptionArea = 'options' | 'file' | 'sname';

/** How one option area looked on the wire. */
export interface AreaLayout {
	readonly area: OptionArea;
	/** How many entries of `options` (in order) this area held. */
	readonly count: number;
	/** Pad octets before each option and (last element) before END; null when there were none. */
	readonly pads: readonly number[] | null;
	/** Whether the area ended with an END option (RFC 2131 §4.1 requires it; not every sender obeys). */
	readonly end: boolean;
	/** Octets after END up to the end of the area (zero padding, garbage), as absolute offsets in `buf`. */
	readonly trailerStart: number;
	readonly trailerEnd: number;
}

/** What a decoder saw beyond the plain fields; see the module comment. */
export interface Dhcp4Wire {
	/** The buffer decoded (options' `data` are views into it too) and where the message started. */
	readonly buf: Uint8Array;
	readonly offset: number;
	readonly areas: readonly AreaLayout[];
}

export interface Dhcp4Message {
	/** 1 = BOOTREQUEST, 2 = BOOTREPLY. */
	op: number;
	/** Hardware type (ARP hrd: 1 = Ethernet). */
	htype: number;
	/** Hardware address length; at most 16 (the size of chaddr). */
	hlen: number;
	hops: number;
	xid: number;
	secs: number;
	flags: number;
	ciaddr: string;
	yiaddr: string;
	siaddr: string;
	giaddr: string;
	/** The client hardware address: the first `hlen` octets of the 16-octet field. */
	chaddr: Uint8Array;
	/** Server host name and boot file name: the text up to the first NUL ('' when they carry options). */
	sname: string;
	file: string;
	/** Options in wire order (options field, then file, then sname), repeats kept, without pad and END. */
	options: Option[];
	/**
	 * Minimum encoded length; the option area is zero-padded after END up to it. Defaults to 300
	 * (RFC 1542 §3.1.1); 0 disables padding. Ignored while `wire` lays out the option area.
	 */
	minLength?: number;
	/** Present on decoded messages: keeps re-encoding byte-exact. */
	wire?: Dhcp4Wire;
}

/** Decimal text of every octet: building dotted quads from a table is twice as fast as number → string. */
const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

function ipAt(buf: Uint8Array, p: number): string {
	// Most address fields of most messages are unset (RFC 2131 Table 3): no string building for those.
	if ((buf[p]! | buf[p + 1]! | buf[p + 2]! | buf[p + 3]!) === 0) return '0.0.0.0';
	return DEC[buf[p]!]! + '.' + DEC[buf[p + 1]!]! + '.' + DEC[buf[p + 2]!]! + '.' + DEC[buf[p + 3]!]!;
}

/**
 * A view of `len` octets at `start`. Built on the ArrayBuffer directly: `Buffer#subarray` goes
 * through the species constructor and costs about twice as much, which shows at 12 views a packet.
 */
function view(buf: Uint8Array, start: number, len: number): Uint8Array {
	return new Uint8Array(buf.buffer, buf.byteOffset + start, len);
}

/**
 * An option as `decode` found it. Its `data` view is made on first access: a typed-array view
 * costs more than the rest of the option scan, and most readers (a load generator matching
 * replies, `encode` of a decoded message) never look at most options' data. Reading `data` always
 * gives the same view; assigning it replaces the content as on a plain `{ code, data }`. Only
 * `code` is an own property, so spread an option as `{ code: o.code, data: o.data }`.
 */
export class WireOption implements Option {
	code: number;
	#buf: Uint8Array;
	#start: number;
	#length: number;
	#data: Uint8Array | undefined;

	constructor(code: number, buf: Uint8Array, start: number, length: number) {
		this.code = code;
		this.#buf = buf;
		this.#start = start;
		this.#length = length;
		this.#data = undefined;
	}

	get data(): Uint8Array {
		return (this.#data ??= view(this.#buf, this.#start, this.#length));
	}

	set data(data: Uint8Array) {
		this.#data = data;
	}

	/** Octets of data, without making the view. */
	get size(): number {
		return this.#data ? this.#data.length : this.#length;
	}

	/** Copies the data to `out` at `p` (without making the view) and returns the end. */
	copyTo(out: Uint8Array, p: number): number {
		const data = this.#data;
		if (data) {
			copyBytes(data, 0, data.length, out, p);
			return p + data.length;
		}
		copyBytes(this.#buf, this.#start, this.#length, out, p);
		return p + this.#length;
	}
}

/** Copies `n` octets; a loop for the short runs options are, TypedArray#set for long ones. */
function copyBytes(src: Uint8Array, from: number, n: number, out: Uint8Array, p: number): void {
	if (n <= 32) {
		for (let i = 0; i < n; i++) out[p + i] = src[from + i]!;
	} else out.set(from === 0 && n === src.length ? src : src.subarray(from, from + n), p);
}

/** The single-entry cache of putIpv4: clients and load generators write the same few addresses. */
let lastIpText = '0.0.0.0';
let lastIpValue = 0;

/**
 * Writes a dotted quad without allocating (the load path encodes four per packet); falls back to
 * the shared parser for its error message.
 */
function putIpv4(text: string, buf: Uint8Array, p: number): void {
	if (text === lastIpText) {
		const v = lastIpValue;
		buf[p] = v >>> 24;
		buf[p + 1] = v >>> 16;
		buf[p + 2] = v >>> 8;
		buf[p + 3] = v;
		return;
	}
	let part = 0;
	let value = 0;
	let digits = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 48 && c <= 57 && digits < 3) {
			value = value * 10 + (c - 48);
			digits++;
		} else if (c === 46 && digits > 0 && value <= 255 && part < 3) {
			buf[p + part++] = value;
			value = 0;
			digits = 0;
		} else return writeIpv4(text, buf, p);
	}
	if (part !== 3 || digits === 0 || value > 255) return writeIpv4(text, buf, p);
	buf[p + 3] = value;
	lastIpText = text;
	lastIpValue = ((buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | value) >>> 0;
}

/** The text of a NUL-terminated field (RFC 2131 §2: sname and file are "null terminated string"). */
function cString(buf: Uint8Array, start: number, size: number): string {
	if (buf[start] === 0) return '';
	let n = 0;
	while (n < size && buf[start + n] !== 0) n++;
	let ascii = true;
	for (let i = start; i < start + n; i++) if (buf[i]! > 0x7f) ascii = false;
	if (ascii) {
		let s = '';
		for (let i = start; i < start + n; i++) s += String.fromCharCode(buf[i]!);
		return s;
	}
	return textOf(buf.subarray(start, start + n));
}

/** Scans one option area [start, end); appends options; returns its layout. Throws ERR_TRUNCATED. */
function scanArea(buf: Uint8Array, start: number, end: number, area: OptionArea, out: Option[]): AreaLayout {
	let p = start;
	let pads: number[] | null = null;
	let run = 0;
	let count = 0;
	while (p < end) {
		const code = buf[p]!;
		if (code === OPTION_PAD) {
			// RFC 2132 §3.1: a single octet with no length.
			run++;
			p++;
			continue;
		}
		if (code === OPTION_END) {
			if (run > 0) (pads ??= new Array<number>(count).fill(0)).push(run);
			else if (pads) pads.push(0);
			return { area, count, pads, end: true, trailerStart: p + 1, trailerEnd: end };
		}
		if (p + 1 >= end) throw new DecodeError('ERR_TRUNCATED', p, `option ${code} in ${area} has no length octet`);
		const len = buf[p + 1]!;
		if (p + 2 + len > end) throw new DecodeError('ERR_TRUNCATED', p, `option ${code} in ${area} says ${len} bytes, only ${end - p - 2} left`);
		if (run > 0) {
			(pads ??= new Array<number>(count).fill(0)).push(run);
			run = 0;
		} else if (pads) pads.push(0);
		out.push(new WireOption(code, buf, p + 2, len));
		count++;
		p += 2 + len;
	}
	// No END: RFC 2131 §4.1 wants one, but a tolerant reader takes the options it found.
	if (run > 0) (pads ??= new Array<number>(count).fill(0)).push(run);
	else if (pads) pads.push(0);
	return { area, count, pads, end: false, trailerStart: end, trailerEnd: end };
}

/**
 * Decodes the message in `[offset, end)`. Throws DecodeError: ERR_TRUNCATED (shorter than the
 * 240-octet header or an option overruns its area), ERR_BAD_VALUE (hlen > 16), ERR_MAGIC_COOKIE.
 */
export function decode(buf: Uint8Array, offset = 0, end = buf.length): Dhcp4Message {
	if (end > buf.length) end = buf.length;
	need(offset, OFFSET.cookie, end, 'DHCPv4 header');
	const hlen = buf[offset + 2]!;
	if (hlen > 16) throw new DecodeError('ERR_BAD_VALUE', offset + 2, `hlen ${hlen} is over 16, the size of chaddr (RFC 2131 §2)`);
	need(offset + OFFSET.cookie, 4, end, 'DHCPv4 magic cookie');
	const c = offset + OFFSET.cookie;
	const cookie = ((buf[c]! << 24) | (buf[c + 1]! << 16) | (buf[c + 2]! << 8) | buf[c + 3]!) >>> 0;
	if (cookie !== MAGIC_COOKIE) {
		throw new DecodeError('ERR_MAGIC_COOKIE', c, `magic cookie is ${buf[c]}.${buf[c + 1]}.${buf[c + 2]}.${buf[c + 3]} (0x${cookie.toString(16).padStart(8, '0')}), want 99.130.83.99 (0x63825363)`);
	}
	const options: Option[] = [];
	const main = scanArea(buf, offset + HEADER_LENGTH, end, 'options', options);
	let areas: AreaLayout[] = [main];
	let overload = 0;
	// RFC 2131 §4.1 / RFC 2132 §9.3: only option 52 in the options field counts; one in sname or
	// file is ignored, so overloading cannot chain or loop.
	for (let i = 0; i < main.count; i++) {
		const o = options[i]!;
		if (o.code === OPTION_OVERLOAD && o.data.length === 1 && o.data[0]! >= 1 && o.data[0]! <= 3) overload = o.data[0]!;
	}
	if (overload & 1) areas.push(scanArea(buf, offset + OFFSET.file, offset + OFFSET.cookie, 'file', options));
	if (overload & 2) areas.push(scanArea(buf, offset + OFFSET.sname, offset + OFFSET.file, 'sname', options));
	const xidAt = offset + 4;
	return {
		op: buf[offset]!,
		htype: buf[offset + 1]!,
		hlen,
		hops: buf[offset + 3]!,
		xid: ((buf[xidAt]! << 24) | (buf[xidAt + 1]! << 16) | (buf[xidAt + 2]! << 8) | buf[xidAt + 3]!) >>> 0,
		secs: (buf[offset + 8]! << 8) | buf[offset + 9]!,
		flags: (buf[offset + 10]! << 8) | buf[offset + 11]!,
		ciaddr: ipAt(buf, offset + 12),
		yiaddr: ipAt(buf, offset + 16),
		siaddr: ipAt(buf, offset + 20),
		giaddr: ipAt(buf, offset + 24),
		chaddr: view(buf, offset + OFFSET.chaddr, hlen),
		sname: overload & 2 ? '' : cString(buf, offset + OFFSET.sname, 64),
		file: overload & 1 ? '' : cString(buf, offset + OFFSET.file, 128),
		options,
		wire: { buf, offset, areas },
	};
}

/** The wire layout to reuse for `message`, or undefined when its options no longer match it. */
function layoutOf(message: Dhcp4Message): readonly AreaLayout[] | undefined {
	const wire = message.wire;
	if (!wire) return undefined;
	let total = 0;
	for (const a of wire.areas) total += a.count;
	if (total !== message.options.length) return undefined;
	// Options moved back into sname/file must still fit there.
	let i = 0;
	for (const a of wire.areas) {
		if (a.area !== 'options') {
			const size = a.area === 'file' ? 128 : 64;
			if (areaLength(message.options, i, a) > size) return undefined;
		}
		i += a.count;
	}
	return wire.areas;
}

/** Octets an option takes: code, length, data, split into 255-octet pieces (RFC 3396 §5); pad and END are one octet. */
function optionLength(o: Option): number {
	const n = o instanceof WireOption ? o.size : o.data.length;
	if ((o.code === OPTION_PAD || o.code === OPTION_END) && n === 0) return 1;
	return n === 0 ? 2 : n + 2 * Math.ceil(n / 255);
}

function areaLength(options: readonly Option[], first: number, a: AreaLayout): number {
	let n = 0;
	for (let i = first; i < first + a.count; i++) n += optionLength(options[i]!) + (a.pads ? a.pads[i - first]! : 0);
	if (a.pads) n += a.pads[a.count]!;
	if (a.end) n += 1;
	return n + (a.trailerEnd - a.trailerStart);
}

/** Bytes `encode(message)` writes. */
export function encodingLength(message: Dhcp4Message): number {
	return lengthWith(message, layoutOf(message));
}

/** encodingLength with the layout already worked out (encode needs both). */
function lengthWith(message: Dhcp4Message, layout: readonly AreaLayout[] | undefined): number {
	if (layout) {
		const main = layout[0]!;
		return HEADER_LENGTH + areaLength(message.options, 0, main);
	}
	let n = HEADER_LENGTH + 1;
	for (const o of message.options) n += optionLength(o);
	return Math.max(n, message.minLength ?? BOOTP_MIN_LENGTH);
}

function writeU32(buf: Uint8Array, p: number, v: number): void {
	buf[p] = v >>> 24;
	buf[p + 1] = v >>> 16;
	buf[p + 2] = v >>> 8;
	buf[p + 3] = v;
}

function writeOption(o: Option, buf: Uint8Array, p: number): number {
	const wire = o instanceof WireOption;
	const n = wire ? o.size : o.data.length;
	if ((o.code === OPTION_PAD || o.code === OPTION_END) && n === 0) {
		buf[p] = o.code;
		return p + 1;
	}
	if (n === 0) {
		buf[p] = o.code;
		buf[p + 1] = 0;
		return p + 2;
	}
	if (n <= 255) {
		buf[p] = o.code;
		buf[p + 1] = n;
		if (wire) return o.copyTo(buf, p + 2);
		copyBytes(o.data, 0, n, buf, p + 2);
		return p + 2 + n;
	}
	const data = o.data;
	// RFC 3396 §5: a value longer than 255 octets goes out as consecutive options of the same code.
	for (let at = 0; at < n; at += 255) {
		const len = Math.min(255, n - at);
		buf[p] = o.code;
		buf[p + 1] = len;
		buf.set(len === n ? data : data.subarray(at, at + len), p + 2);
		p += 2 + len;
	}
	return p;
}

function writeArea(message: Dhcp4Message, first: number, a: AreaLayout, buf: Uint8Array, p: number): number {
	const options = message.options;
	for (let i = first; i < first + a.count; i++) {
		const pad = a.pads ? a.pads[i - first]! : 0;
		for (let k = 0; k < pad; k++) buf[p++] = OPTION_PAD;
		p = writeOption(options[i]!, buf, p);
	}
	const pad = a.pads ? a.pads[a.count]! : 0;
	for (let k = 0; k < pad; k++) buf[p++] = OPTION_PAD;
	if (a.end) buf[p++] = OPTION_END;
	const src = message.wire!.buf;
	for (let i = a.trailerStart; i < a.trailerEnd; i++) buf[p++] = src[i]!;
	return p;
}

function carries(layout: readonly AreaLayout[] | undefined, area: OptionArea): boolean {
	if (layout) for (const a of layout) if (a.area === area) return true;
	return false;
}

const typedFill = Uint8Array.prototype.fill;

/**
 * Zero-fills short runs with a loop and longer ones with TypedArray#fill (a memset), never with
 * Buffer#fill, whose argument checks cost more than the fill at these sizes.
 */
function zero(buf: Uint8Array, start: number, end: number): void {
	if (end - start < 24) {
		for (let i = start; i < end; i++) buf[i] = 0;
	} else typedFill.call(buf, 0, start, end);
}

/** Writes a NUL-terminated text field, or the received bytes when the text is unchanged. */
function writeTextField(text: string, buf: Uint8Array, p: number, size: number, wire: Dhcp4Wire | undefined, at: number, what: string): void {
	if (wire && cString(wire.buf, wire.offset + at, size) === text) {
		// A plain view (not Buffer#subarray, which goes through the species constructor) and a memcpy.
		buf.set(view(wire.buf, wire.offset + at, size), p);
		return;
	}
	zero(buf, p, p + size);
	if (text === '') return;
	const bytes = Buffer.from(text, 'utf8');
	// A full field without a NUL is what RFC 2131 calls a null-terminated string that fills it: allowed.
	if (bytes.length > size) throw new OptionValueError(`${what} is ${bytes.length} bytes; the field holds ${size}`);
	buf.set(bytes, p);
}

/**
 * Encodes `message` into `buf` at `offset` (a new buffer of exactly `encodingLength(message)`
 * when none is given) and returns the number of bytes written.
 */
export function encode(message: Dhcp4Message, buf?: Uint8Array, offset = 0): number {
	const layout = layoutOf(message);
	const length = lengthWith(message, layout);
	if (!buf) buf = Buffer.alloc(length);
	if (offset + length > buf.length) throw new RangeError(`encode: needs ${length} bytes at offset ${offset}, buffer has ${buf.length - offset}`);
	const wire = message.wire;
	const b = buf;
	const o = offset;
	b[o] = message.op;
	b[o + 1] = message.htype;
	b[o + 2] = message.hlen;
	b[o + 3] = message.hops;
	writeU32(b, o + 4, message.xid);
	b[o + 8] = message.secs >>> 8;
	b[o + 9] = message.secs;
	b[o + 10] = message.flags >>> 8;
	b[o + 11] = message.flags;
	putIpv4(message.ciaddr, b, o + 12);
	putIpv4(message.yiaddr, b, o + 16);
	putIpv4(message.siaddr, b, o + 20);
	putIpv4(message.giaddr, b, o + 24);
	const ch = message.chaddr;
	if (ch.length > 16) throw new OptionValueError(`chaddr is ${ch.length} bytes; the field holds 16`);
	copyBytes(ch, 0, ch.length, b, o + OFFSET.chaddr);
	if (!wire && message.sname === '' && message.file === '') {
		// The common built message: the rest of chaddr, sname and file are all zero, one memset.
		zero(b, o + OFFSET.chaddr + ch.length, o + OFFSET.cookie);
	} else {
		// Octets of the chaddr field past the address: as received, else zero.
		for (let i = ch.length; i < 16; i++) b[o + OFFSET.chaddr + i] = wire ? wire.buf[wire.offset + OFFSET.chaddr + i]! : 0;
		if (!carries(layout, 'sname')) writeTextField(message.sname, b, o + OFFSET.sname, 64, wire, OFFSET.sname, 'sname');
		if (!carries(layout, 'file')) writeTextField(message.file, b, o + OFFSET.file, 128, wire, OFFSET.file, 'file');
	}
	writeU32(b, o + OFFSET.cookie, MAGIC_COOKIE);
	let p = o + HEADER_LENGTH;
	if (layout) {
		let first = 0;
		for (const a of layout) {
			if (a.area === 'options') p = writeArea(message, first, a, b, p);
			else {
				const start = o + (a.area === 'file' ? OFFSET.file : OFFSET.sname);
				const size = a.area === 'file' ? 128 : 64;
				zero(b, start, start + size);
				writeArea(message, first, a, b, start);
			}
			first += a.count;
		}
	} else {
		for (const opt of message.options) p = writeOption(opt, b, p);
		b[p++] = OPTION_END;
		zero(b, p, o + length);
		p = o + length;
	}
	return p - o;
}

/** Encodes into a new Buffer of exactly the message's length. */
export function toBuffer(message: Dhcp4Message): Buffer {
	const buf = Buffer.alloc(encodingLength(message));
	encode(message, buf, 0);
	return buf;
}
