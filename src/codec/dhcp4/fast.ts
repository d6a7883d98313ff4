/**
 * Hot-path access for the load generator: read the few fields a reply is matched and accounted
 * on straight from the received buffer, and produce requests by patching a pre-encoded template.
 * Nothing here allocates, and nothing throws on malformed input: readers return a sentinel
 * (-1, 0, false) so a bad reply is counted, not caught.
 */
import { DecodeError, need } from '../../wire/errors.js';
import { HEADER_LENGTH, MAGIC_COOKIE, OFFSET, OPTION_END, OPTION_OVERLOAD, OPTION_PAD, toBuffer, type Dhcp4Message } from './message.js';

/** True when `[offset, end)` holds at least the fixed header and the RFC 2131 §3 magic cookie. */
export function isDhcp4(buf: Uint8Array, offset = 0, end = buf.length): boolean {
	if (end - offset < HEADER_LENGTH) return false;
	const c = offset + OFFSET.cookie;
	return buf[c] === 99 && buf[c + 1] === 130 && buf[c + 2] === 83 && buf[c + 3] === 99;
}

function u32(buf: Uint8Array, p: number): number {
	return ((buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!) >>> 0;
}

function w32(buf: Uint8Array, p: number, v: number): void {
	buf[p] = v >>> 24;
	buf[p + 1] = v >>> 16;
	buf[p + 2] = v >>> 8;
	buf[p + 3] = v;
}

/**
 * The structural decode with reused storage (gopacket's DecodingLayer pattern): header checks and
 * the option TLV list as parallel arrays of code / data offset / length, with option overload
 * followed in RFC 2131 §4.1 order. It validates exactly what {@link decode} validates and throws
 * the same DecodeErrors, but allocates nothing after warm-up; use {@link decode} when you need the
 * message object.
 */
export class Dhcp4Scan {
	buf: Uint8Array = new Uint8Array(0);
	offset = 0;
	end = 0;
	/** Number of options found (pad and END excluded). */
	count = 0;
	codes = new Uint8Array(64);
	/** Absolute offsets of each option's data in `buf`. */
	starts = new Int32Array(64);
	lengths = new Uint8Array(64);

	/** Scans `[offset, end)`; throws DecodeError like decode(). */
	scan(buf: Uint8Array, offset = 0, end = buf.length): this {
		if (end > buf.length) end = buf.length;
		need(offset, OFFSET.cookie, end, 'DHCPv4 header');
		if (buf[offset + 2]! > 16) throw new DecodeError('ERR_BAD_VALUE', offset + 2, `hlen ${buf[offset + 2]} is over 16, the size of chaddr (RFC 2131 §2)`);
		need(offset + OFFSET.cookie, 4, end, 'DHCPv4 magic cookie');
		if (u32(buf, offset + OFFSET.cookie) !== MAGIC_COOKIE)
			throw new DecodeError(
				'ERR_MAGIC_COOKIE',
				offset + OFFSET.cookie,
				`magic cookie is 0x${u32(buf, offset + OFFSET.cookie)
					.toString(16)
					.padStart(8, '0')}, want 0x63825363`,
			);
		this.buf = buf;
		this.offset = offset;
		this.end = end;
		this.count = 0;
		this.area(offset + HEADER_LENGTH, end);
		const main = this.count;
		let overload = 0;
		for (let i = 0; i < main; i++) if (this.codes[i] === OPTION_OVERLOAD && this.lengths[i] === 1) overload = buf[this.starts[i]!]!;
		if (overload >= 1 && overload <= 3) {
			if (overload & 1) this.area(offset + OFFSET.file, offset + OFFSET.cookie);
			if (overload & 2) this.area(offset + OFFSET.sname, offset + OFFSET.file);
		}
		return this;
	}

	private area(p: number, end: number): void {
		const buf = this.buf;
		while (p < end) {
			const code = buf[p]!;
			if (code === OPTION_PAD) {
				p++;
				continue;
			}
			if (code === OPTION_END) return;
			if (p + 1 >= end) throw new DecodeError('ERR_TRUNCATED', p, `option ${code} has no length octet`);
			const len = buf[p + 1]!;
			if (p + 2 + len > end) throw new DecodeError('ERR_TRUNCATED', p, `option ${code} says ${len} bytes, only ${end - p - 2} left`);
			if (this.count === this.codes.length) this.grow();
			this.codes[this.count] = code;
			this.starts[this.count] = p + 2;
			this.lengths[this.count] = len;
			this.count++;
			p += 2 + len;
		}
	}

	private grow(): void {
		const n = this.codes.length * 2;
		const codes = new Uint8Array(n);
		codes.set(this.codes);
		const starts = new Int32Array(n);
		starts.set(this.starts);
		const lengths = new Uint8Array(n);
		lengths.set(this.lengths);
		this.codes = codes;
		this.starts = starts;
		this.lengths = lengths;
	}

	/** Index of the first option `code`, or -1. */
	indexOf(code: number): number {
		for (let i = 0; i < this.count; i++) if (this.codes[i] === code) return i;
		return -1;
	}

	get op(): number {
		return this.buf[this.offset]!;
	}

	get xid(): number {
		return u32(this.buf, this.offset + OFFSET.xid);
	}

	get yiaddr(): number {
		return u32(this.buf, this.offset + OFFSET.yiaddr);
	}

	/**
	 * Option 53, or 0 when absent or malformed: the rule of `messageTypeOf` (options.ts), so a
	 * repeated option 53 (RFC 3396 §6: one value of two octets) is malformed too.
	 */
	get messageType(): number {
		let at = -1;
		let length = 0;
		for (let i = 0; i < this.count; i++) {
			if (this.codes[i] !== 53) continue;
			if (at < 0) at = this.starts[i]!;
			length += this.lengths[i]!;
		}
		return length === 1 ? this.buf[at]! : 0;
	}

	/** The value of a 4-octet option (51 lease time, 58 T1, 59 T2), or −1 when absent or of another length. */
	uint32Option(code: number): number {
		const i = this.indexOf(code);
		return i >= 0 && this.lengths[i] === 4 ? u32(this.buf, this.starts[i]!) : -1;
	}

	/** Option 54 as a number, or 0. */
	get serverId(): number {
		const i = this.indexOf(54);
		return i >= 0 && this.lengths[i] === 4 ? u32(this.buf, this.starts[i]!) : 0;
	}
}

/** op (1 request, 2 reply). The caller has checked the length (e.g. with {@link isDhcp4}). */
export function readOp(buf: Uint8Array, offset = 0): number {
	return buf[offset]!;
}

export function readXid(buf: Uint8Array, offset = 0): number {
	return u32(buf, offset + OFFSET.xid);
}

/** yiaddr as a 32-bit number (see {@link uint32ToIpv4}). */
export function readYiaddr(buf: Uint8Array, offset = 0): number {
	return u32(buf, offset + OFFSET.yiaddr);
}

export function readCiaddr(buf: Uint8Array, offset = 0): number {
	return u32(buf, offset + OFFSET.ciaddr);
}

/** True when hlen equals `mac.length` and chaddr starts with `mac`. */
export function chaddrEquals(buf: Uint8Array, mac: Uint8Array, offset = 0): boolean {
	const n = mac.length;
	if (buf[offset + OFFSET.hlen] !== n) return false;
	const p = offset + OFFSET.chaddr;
	for (let i = 0; i < n; i++) if (buf[p + i] !== mac[i]) return false;
	return true;
}

/** Scans one option area for `code`; the data offset, or -1 (absent or malformed). */
function scan(buf: Uint8Array, p: number, end: number, code: number): number {
	while (p < end) {
		const c = buf[p]!;
		if (c === OPTION_PAD) {
			p++;
			continue;
		}
		if (c === OPTION_END || p + 1 >= end) return -1;
		const len = buf[p + 1]!;
		if (p + 2 + len > end) return -1;
		if (c === code) return p + 2;
		p += 2 + len;
	}
	return -1;
}

/**
 * The absolute offset of the data of the first option `code`, or -1; its length is the octet
 * before it. Follows option overload (RFC 2131 §4.1: options field, then file, then sname).
 */
export function findOptionOffset(buf: Uint8Array, code: number, offset = 0, end = buf.length): number {
	if (!isDhcp4(buf, offset, end)) return -1;
	const at = scan(buf, offset + HEADER_LENGTH, end, code);
	if (at >= 0 || code === OPTION_OVERLOAD) return at;
	const ov = scan(buf, offset + HEADER_LENGTH, end, OPTION_OVERLOAD);
	if (ov < 0 || buf[ov - 1] !== 1) return -1;
	const v = buf[ov]!;
	if (v & 1) {
		const f = scan(buf, offset + OFFSET.file, offset + OFFSET.cookie, code);
		if (f >= 0) return f;
	}
	return v & 2 ? scan(buf, offset + OFFSET.sname, offset + OFFSET.file, code) : -1;
}

const typeScan = new Dhcp4Scan();

/**
 * Option 53's value (1 DISCOVER … 8 INFORM), or 0 when absent or malformed, by the rule of
 * {@link Dhcp4Scan.messageType}: the whole option list is scanned, so a repeated option 53 or a
 * message that does not decode has no type.
 */
export function readMessageType(buf: Uint8Array, offset = 0, end = buf.length): number {
	try {
		return typeScan.scan(buf, offset, end).messageType;
	} catch {
		return 0;
	}
}

/** Option 54 as a 32-bit number, or 0 when absent or malformed. */
export function readServerId(buf: Uint8Array, offset = 0, end = buf.length): number {
	const at = findOptionOffset(buf, 54, offset, end);
	return at >= 0 && buf[at - 1] === 4 ? u32(buf, at) : 0;
}

/** Option 51 (lease time, seconds), or -1 when absent or malformed. */
export function readLeaseTime(buf: Uint8Array, offset = 0, end = buf.length): number {
	const at = findOptionOffset(buf, 51, offset, end);
	return at >= 0 && buf[at - 1] === 4 ? u32(buf, at) : -1;
}

export function ipv4ToUint32(text: string): number {
	const p = text.split('.');
	return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

export function uint32ToIpv4(n: number): string {
	return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/**
 * A pre-encoded message whose per-client fields are patched in place: xid, chaddr (and the MAC
 * inside a client identifier of type 1 or an RFC 4361 DUID-LL one), secs, ciaddr, and the values of options 50 and 54 when the
 * message has them. Build it once from any builder's output, then per packet:
 * `tpl.setXid(x).setChaddr(mac).setRequestedAddress(a)` and send `tpl.bytes`.
 */
export class Dhcp4Template {
	/** The encoded packet; patched in place, so send it (or copy it) before the next patch. */
	readonly bytes: Buffer;
	private readonly hlen: number;
	private readonly requestedAt: number;
	private readonly serverIdAt: number;
	private readonly clientIdMacAt: number;

	constructor(message: Dhcp4Message) {
		this.bytes = toBuffer(message);
		this.hlen = message.hlen;
		this.requestedAt = findOptionOffset(this.bytes, 50);
		this.serverIdAt = findOptionOffset(this.bytes, 54);
		const cid = findOptionOffset(this.bytes, 61);
		const len = cid >= 0 ? this.bytes[cid - 1]! : 0;
		const b = this.bytes;
		// RFC 2132 §9.14: type = htype followed by the hardware address.
		if (cid >= 0 && len === this.hlen + 1 && b[cid] === message.htype) this.clientIdMacAt = cid + 1;
		// RFC 4361 §6.1: type 255, a 4-octet IAID, then a DUID; a DUID-LL of this htype (RFC 8415
		// §11.4: type 3, htype, the address) ends with the hardware address.
		else if (cid >= 0 && len === 1 + 4 + 4 + this.hlen && b[cid] === 255 && b.readUInt16BE(cid + 5) === 3 && b.readUInt16BE(cid + 7) === message.htype) this.clientIdMacAt = cid + 9;
		else this.clientIdMacAt = -1;
	}

	get hasRequestedAddress(): boolean {
		return this.requestedAt >= 0;
	}

	get hasServerId(): boolean {
		return this.serverIdAt >= 0;
	}

	setXid(xid: number): this {
		w32(this.bytes, OFFSET.xid, xid);
		return this;
	}

	setSecs(secs: number): this {
		this.bytes[OFFSET.secs] = secs >>> 8;
		this.bytes[OFFSET.secs + 1] = secs;
		return this;
	}

	/** Copies `hlen` octets of `mac` (from `macOffset`) into chaddr and into a MAC-based client identifier. */
	setChaddr(mac: Uint8Array, macOffset = 0): this {
		const b = this.bytes;
		for (let i = 0; i < this.hlen; i++) b[OFFSET.chaddr + i] = mac[macOffset + i]!;
		if (this.clientIdMacAt >= 0) for (let i = 0; i < this.hlen; i++) b[this.clientIdMacAt + i] = mac[macOffset + i]!;
		return this;
	}

	/**
	 * Writes a 48-bit number as the 6-octet MAC: `high` is the top 16 bits, `low` the bottom 32
	 * (so a load generator can number its clients without building byte arrays).
	 */
	setMac48(high: number, low: number): this {
		const b = this.bytes;
		b[OFFSET.chaddr] = high >>> 8;
		b[OFFSET.chaddr + 1] = high;
		w32(b, OFFSET.chaddr + 2, low);
		const c = this.clientIdMacAt;
		if (c >= 0 && this.hlen === 6) {
			b[c] = high >>> 8;
			b[c + 1] = high;
			w32(b, c + 2, low);
		}
		return this;
	}

	setCiaddr(address: number): this {
		w32(this.bytes, OFFSET.ciaddr, address);
		return this;
	}

	setGiaddr(address: number): this {
		w32(this.bytes, OFFSET.giaddr, address);
		return this;
	}

	/** Option 50's value; throws when the template has no option 50 (a programming error). */
	setRequestedAddress(address: number): this {
		if (this.requestedAt < 0) throw new Error('this template has no option 50 (requested address) to patch');
		w32(this.bytes, this.requestedAt, address);
		return this;
	}

	/** Option 54's value; throws when the template has no option 54. */
	setServerId(address: number): this {
		if (this.serverIdAt < 0) throw new Error('this template has no option 54 (server identifier) to patch');
		w32(this.bytes, this.serverIdAt, address);
		return this;
	}

	/** Copies the packet into `buf` at `offset`; returns its length. */
	writeTo(buf: Uint8Array, offset = 0): number {
		buf.set(this.bytes, offset);
		return this.bytes.length;
	}
}
