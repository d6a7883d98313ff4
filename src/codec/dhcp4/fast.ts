/**
 * Hot-path access for the load generator: read the few fields a reply is matched and accounted
 * on straight from the received buffer, and produce requests by patching a pre-encoded template.
 * Nothing here allocates, and nothing throws on malformed input: readers return a sentinel
 * (-1, 0, false) so a bad reply is counted, not caught.
 */
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

/** Option 53's value (1 DISCOVER … 8 INFORM), or 0 when absent or malformed. */
export function readMessageType(buf: Uint8Array, offset = 0, end = buf.length): number {
	const at = findOptionOffset(buf, 53, offset, end);
	return at >= 0 && buf[at - 1] === 1 ? buf[at]! : 0;
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
 * inside a type-1 client identifier), secs, ciaddr, and the values of options 50 and 54 when the
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
		// RFC 2132 §9.14: type = htype followed by the hardware address.
		const len = cid >= 0 ? this.bytes[cid - 1]! : 0;
		this.clientIdMacAt = cid >= 0 && len === this.hlen + 1 && this.bytes[cid] === message.htype ? cid + 1 : -1;
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
		const put = (p: number): void => {
			b[p] = high >>> 8;
			b[p + 1] = high;
			w32(b, p + 2, low);
		};
		put(OFFSET.chaddr);
		if (this.clientIdMacAt >= 0 && this.hlen === 6) put(this.clientIdMacAt);
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
