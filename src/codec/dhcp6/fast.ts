/**
 * Allocation-free helpers for the load generator's hot path (tens of thousands of messages per
 * second): read msg-type and transaction-id straight from the bytes (through relay wrappers),
 * find an option without building an option list, and write SOLICIT / REQUEST into a reused
 * buffer by patching a pre-encoded template. None of these throws on malformed input: they
 * return -1 (or false), and the full decoder is there to say what is wrong.
 */
import { CONTAINER_HEADER, MAX_RELAY_DEPTH, MsgType, OptionCode, isRelayType } from './constants.js';
import { CLIENT_HEADER_LENGTH, OPTION_HEADER_LENGTH, RELAY_HEADER_LENGTH, toBytes, type Dhcp6ClientMessage } from './message.js';

/** A byte range `[start, end)`; reuse one object to stay allocation-free. */
export interface Span {
	start: number;
	end: number;
}

/** The msg-type octet of the outermost message, or -1 for an empty buffer. */
export function peekMsgType(buf: Uint8Array, offset = 0, end = buf.length): number {
	return offset < end ? buf[offset]! : -1;
}

/**
 * Offset of the first option with `code` among the TLVs filling `[start, end)`, or -1 when there
 * is none or the TLVs are malformed. The option's data is `[at + 4, at + 4 + optionLength(buf, at))`.
 */
export function findOptionAt(buf: Uint8Array, start: number, end: number, code: number): number {
	const hi = code >> 8;
	const lo = code & 0xff;
	let p = start;
	while (p + OPTION_HEADER_LENGTH <= end) {
		const next = p + OPTION_HEADER_LENGTH + ((buf[p + 2]! << 8) | buf[p + 3]!);
		if (next > end) return -1;
		if (buf[p] === hi && buf[p + 1] === lo) return p;
		p = next;
	}
	return -1;
}

/** The data length of the option whose header is at `at`. */
export function optionLength(buf: Uint8Array, at: number): number {
	return (buf[at + 2]! << 8) | buf[at + 3]!;
}

/** Offset of the top-level option `code` of the message at `[offset, end)` (no relay unwrapping), or -1. */
export function findMessageOption(buf: Uint8Array, code: number, offset = 0, end = buf.length): number {
	if (offset >= end) return -1;
	const head = isRelayType(buf[offset]!) ? RELAY_HEADER_LENGTH : CLIENT_HEADER_LENGTH;
	if (offset + head > end) return -1;
	return findOptionAt(buf, offset + head, end, code);
}

/**
 * Offset of the option `code` inside the container option (IA_NA, IA_TA, IA_PD, IAADDR,
 * IAPREFIX) whose header is at `at`, or -1.
 */
export function findSubOption(buf: Uint8Array, at: number, code: number): number {
	const head = CONTAINER_HEADER.get((buf[at]! << 8) | buf[at + 1]!);
	if (head === undefined) return -1;
	const start = at + OPTION_HEADER_LENGTH;
	const end = start + optionLength(buf, at);
	if (end > buf.length || start + head > end) return -1;
	return findOptionAt(buf, start + head, end, code);
}

/**
 * Finds the client/server message inside any number of relay wrappers (up to MAX_RELAY_DEPTH)
 * and writes its range into `span`. Returns false when the bytes are not a well-framed chain.
 */
export function locateInner(buf: Uint8Array, offset: number, end: number, span: Span): boolean {
	let start = offset;
	let stop = end;
	for (let depth = 0; depth <= MAX_RELAY_DEPTH; depth++) {
		if (start >= stop) return false;
		if (!isRelayType(buf[start]!)) {
			if (start + CLIENT_HEADER_LENGTH > stop) return false;
			span.start = start;
			span.end = stop;
			return true;
		}
		if (start + RELAY_HEADER_LENGTH > stop) return false;
		const at = findOptionAt(buf, start + RELAY_HEADER_LENGTH, stop, OptionCode.RELAY_MSG);
		if (at < 0) return false;
		start = at + OPTION_HEADER_LENGTH;
		stop = start + optionLength(buf, at);
	}
	return false;
}

const scratch: Span = { start: 0, end: 0 };

/** msg-type of the innermost (relayed) message, or -1. */
export function peekInnerMsgType(buf: Uint8Array, offset = 0, end = buf.length): number {
	return locateInner(buf, offset, end, scratch) ? buf[scratch.start]! : -1;
}

/** Transaction ID of the innermost (relayed) message, or -1. */
export function peekTransactionId(buf: Uint8Array, offset = 0, end = buf.length): number {
	if (!locateInner(buf, offset, end, scratch)) return -1;
	const s = scratch.start;
	return (buf[s + 1]! << 16) | (buf[s + 2]! << 8) | buf[s + 3]!;
}

/** The top-level Status Code of the message in `[start, end)` (a client/server message), or -1 when absent. */
export function peekStatusCode(buf: Uint8Array, start: number, end: number): number {
	const at = findMessageOption(buf, OptionCode.STATUS_CODE, start, end);
	return at >= 0 && optionLength(buf, at) >= 2 ? (buf[at + 4]! << 8) | buf[at + 5]! : -1;
}

/** A REPLY's lease timers, s: when to renew and rebind, and when the last lease ends (Infinity: never). */
export interface LeaseTimers {
	t1: number;
	t2: number;
	valid: number;
}

/**
 * The timers of the IA_NA and IA_PD options of the server message in `[start, end)`, into `out`;
 * false when it has none with an address or prefix. Over several IAs the client renews for the
 * first one due (RFC 8415 §18.2.4: the earliest T1, and T2) and keeps rebinding until the valid
 * lifetime of all its leases ends (§18.2.5). An IA whose T1 / T2 is 0 leaves them to the client
 * (§21.4): 0.5 and 0.8 × the shortest preferred lifetime of its leases, as §21.4 recommends.
 * A lifetime of 0xffffffff is infinite (§7.7).
 */
export function readLeaseTimers(buf: Uint8Array, start: number, end: number, out: LeaseTimers): boolean {
	let t1 = Infinity;
	let t2 = Infinity;
	let valid = -1;
	for (let s = start + CLIENT_HEADER_LENGTH; s + OPTION_HEADER_LENGTH <= end; ) {
		const len = optionLength(buf, s);
		const next = s + OPTION_HEADER_LENGTH + len;
		if (next > end) return false;
		const code = (buf[s]! << 8) | buf[s + 1]!;
		if ((code === OptionCode.IA_NA || code === OptionCode.IA_PD) && len >= 12) {
			const child = code === OptionCode.IA_NA ? OptionCode.IAADDR : OptionCode.IAPREFIX;
			// IAADDR: address (16), preferred, valid; IAPREFIX: preferred, valid, prefix-length, prefix.
			const lifeAt = child === OptionCode.IAADDR ? 16 : 0;
			let preferred = Infinity;
			let found = false;
			for (let c = s + OPTION_HEADER_LENGTH + 12; c + OPTION_HEADER_LENGTH <= next; ) {
				const clen = optionLength(buf, c);
				if (c + OPTION_HEADER_LENGTH + clen > next) break;
				if (((buf[c]! << 8) | buf[c + 1]!) === child && clen >= lifeAt + 8) {
					found = true;
					const p = lifetime(read32(buf, c + OPTION_HEADER_LENGTH + lifeAt));
					const v = lifetime(read32(buf, c + OPTION_HEADER_LENGTH + lifeAt + 4));
					if (p < preferred) preferred = p;
					if (v > valid) valid = v;
				}
				c += OPTION_HEADER_LENGTH + clen;
			}
			if (found) {
				const iaT1 = read32(buf, s + OPTION_HEADER_LENGTH + 4);
				const iaT2 = read32(buf, s + OPTION_HEADER_LENGTH + 8);
				const a = iaT1 === 0 ? 0.5 * preferred : lifetime(iaT1);
				const b = iaT2 === 0 ? 0.8 * preferred : lifetime(iaT2);
				if (a < t1) t1 = a;
				if (b < t2) t2 = b;
			}
		}
		s = next;
	}
	if (valid < 0) return false;
	out.t1 = t1;
	out.t2 = t2;
	out.valid = valid;
	return true;
}

function read32(buf: Uint8Array, at: number): number {
	return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

/** RFC 8415 §7.7: 0xffffffff is infinity. */
function lifetime(v: number): number {
	return v === 0xffffffff ? Infinity : v;
}

/**
 * A message encoded once, then patched in place for each simulated client: transaction ID,
 * client DUID (same length), link-layer address inside a DUID-LL/LLT, IAIDs, elapsed time. The
 * bytes stay valid DHCPv6 because only fixed-size fields change.
 */
export class MessageTemplate {
	/** The current bytes; `writeTo` copies them, or send `bytes` directly. */
	readonly bytes: Buffer;
	private readonly clientIdAt: number;
	private readonly iaidAts: number[] = [];
	private readonly elapsedAt: number;

	constructor(message: Dhcp6ClientMessage) {
		this.bytes = toBytes(message);
		this.clientIdAt = findMessageOption(this.bytes, OptionCode.CLIENTID);
		this.elapsedAt = findMessageOption(this.bytes, OptionCode.ELAPSED_TIME);
		let p = CLIENT_HEADER_LENGTH;
		while (p + OPTION_HEADER_LENGTH <= this.bytes.length) {
			const code = (this.bytes[p]! << 8) | this.bytes[p + 1]!;
			if (code === OptionCode.IA_NA || code === OptionCode.IA_TA || code === OptionCode.IA_PD) this.iaidAts.push(p + OPTION_HEADER_LENGTH);
			p += OPTION_HEADER_LENGTH + optionLength(this.bytes, p);
		}
	}

	get length(): number {
		return this.bytes.length;
	}

	setTransactionId(id: number): this {
		this.bytes[1] = (id >> 16) & 0xff;
		this.bytes[2] = (id >> 8) & 0xff;
		this.bytes[3] = id & 0xff;
		return this;
	}

	/** Replaces the Client Identifier's DUID by one of the same length. */
	setClientDuid(duid: Uint8Array): this {
		if (this.clientIdAt < 0 || optionLength(this.bytes, this.clientIdAt) !== duid.length) {
			throw new RangeError(`the template's client DUID is ${this.clientIdAt < 0 ? 'absent' : `${optionLength(this.bytes, this.clientIdAt)} bytes`}, got ${duid.length}`);
		}
		this.bytes.set(duid, this.clientIdAt + OPTION_HEADER_LENGTH);
		return this;
	}

	/** Overwrites the last `mac.length` bytes of the client DUID: the link-layer address of a DUID-LL or DUID-LLT. */
	setClientLinkAddress(mac: Uint8Array): this {
		const len = this.clientIdAt < 0 ? -1 : optionLength(this.bytes, this.clientIdAt);
		if (len < mac.length + 4) throw new RangeError('the template has no client DUID long enough for that link-layer address');
		this.bytes.set(mac, this.clientIdAt + OPTION_HEADER_LENGTH + len - mac.length);
		return this;
	}

	/** Sets the IAID of every IA_NA, IA_TA and IA_PD, adding `step` per IA (IAIDs must differ per type, RFC 8415 §12.1). */
	setIaid(iaid: number, step = 0): this {
		for (let i = 0; i < this.iaidAts.length; i++) {
			const at = this.iaidAts[i]!;
			const v = (iaid + i * step) >>> 0;
			this.bytes[at] = v >>> 24;
			this.bytes[at + 1] = (v >>> 16) & 0xff;
			this.bytes[at + 2] = (v >>> 8) & 0xff;
			this.bytes[at + 3] = v & 0xff;
		}
		return this;
	}

	/** Elapsed Time in hundredths of a second (RFC 8415 §21.9), capped at 0xffff. */
	setElapsedTime(hundredths: number): this {
		if (this.elapsedAt >= 0) {
			const v = hundredths > 0xffff ? 0xffff : hundredths < 0 ? 0 : hundredths | 0;
			this.bytes[this.elapsedAt + 4] = v >> 8;
			this.bytes[this.elapsedAt + 5] = v & 0xff;
		}
		return this;
	}

	/** Copies the current bytes to `buf` at `offset`; returns the bytes written. */
	writeTo(buf: Uint8Array, offset = 0): number {
		buf.set(this.bytes, offset);
		return this.bytes.length;
	}
}

function put16(buf: Uint8Array, at: number, v: number): void {
	buf[at] = v >> 8;
	buf[at + 1] = v & 0xff;
}

/** Byte loop: for the few dozen bytes copied here it beats creating a subarray view for `set`. */
function copy(src: Uint8Array, from: number, to: number, out: Uint8Array, p: number): void {
	for (let i = from; i < to; i++) out[p++] = src[i]!;
}

function copyOption(src: Uint8Array, at: number, out: Uint8Array, p: number): number {
	const n = OPTION_HEADER_LENGTH + optionLength(src, at);
	copy(src, at, at + n, out, p);
	return n;
}

/**
 * Copies an IA from a server message in client form (RFC 8415 §21.4, §21.21: T1/T2 and
 * lifetimes 0; status codes left out), keeping only IAADDR / IAPREFIX children.
 */
function copyIa(src: Uint8Array, at: number, out: Uint8Array, p: number): number {
	const code = (src[at]! << 8) | src[at + 1]!;
	const head = CONTAINER_HEADER.get(code)!;
	const dataStart = at + OPTION_HEADER_LENGTH;
	const dataEnd = dataStart + optionLength(src, at);
	out[p] = src[at]!;
	out[p + 1] = src[at + 1]!;
	let q = p + OPTION_HEADER_LENGTH;
	copy(src, dataStart, dataStart + 4, out, q); // IAID
	for (let i = 4; i < head; i++) out[q + i] = 0; // T1, T2
	q += head;
	const child = code === OptionCode.IA_PD ? OptionCode.IAPREFIX : OptionCode.IAADDR;
	for (let s = dataStart + head; s + OPTION_HEADER_LENGTH <= dataEnd; ) {
		const len = optionLength(src, s);
		if (((src[s]! << 8) | src[s + 1]!) === child) {
			const childHead = CONTAINER_HEADER.get(child)!;
			if (len >= childHead) {
				out[q] = src[s]!;
				out[q + 1] = src[s + 1]!;
				put16(out, q + 2, childHead);
				copy(src, s + 4, s + 4 + childHead, out, q + 4);
				// Lifetimes: IAADDR keeps its 16-byte address first; IAPREFIX starts with them.
				const lifeAt = child === OptionCode.IAADDR ? q + 4 + 16 : q + 4;
				for (let i = lifeAt; i < lifeAt + 8; i++) out[i] = 0;
				q += OPTION_HEADER_LENGTH + childHead;
			}
		}
		s += OPTION_HEADER_LENGTH + len;
	}
	put16(out, p + 2, q - p - OPTION_HEADER_LENGTH);
	return q - p;
}

const NO_OPTIONS = new Uint8Array(0);

/** ORO for dns-servers and domain-search, pre-encoded for {@link writeFollowUp}. */
export const DEFAULT_ORO_BYTES: Uint8Array = Uint8Array.from([0, OptionCode.ORO, 0, 4, 0, OptionCode.DNS_SERVERS, 0, OptionCode.DOMAIN_SEARCH]);

/**
 * Writes a REQUEST (or, with `msgType`, a RENEW / RELEASE / …) answering the server message in
 * `server[start, end)` straight into `out` at `offset`, without decoding it: Client and Server
 * Identifiers and IAs copied from the server's bytes (RFC 8415 §18.2.2), Elapsed Time, the
 * pre-encoded ORO option `oro` in the message types that carry one (pass an empty array for
 * none), and after the IAs the pre-encoded
 * options `extra` the client adds to every message, in the builders' order. `out` needs
 * `end - start + 16 + oro.length + extra.length` bytes at most. Returns the bytes written, or -1
 * when the server message is not a well-framed client/server message with both identifiers.
 */
export function writeFollowUp(
	server: Uint8Array,
	start: number,
	end: number,
	out: Uint8Array,
	offset: number,
	transactionId: number,
	msgType: number = MsgType.REQUEST,
	elapsedTime = 0,
	oro: Uint8Array = DEFAULT_ORO_BYTES,
	extra: Uint8Array = NO_OPTIONS,
): number {
	if (start + CLIENT_HEADER_LENGTH > end || isRelayType(server[start]!)) return -1;
	const clientAt = findOptionAt(server, start + CLIENT_HEADER_LENGTH, end, OptionCode.CLIENTID);
	const serverAt = findOptionAt(server, start + CLIENT_HEADER_LENGTH, end, OptionCode.SERVERID);
	if (clientAt < 0 || serverAt < 0) return -1;
	out[offset] = msgType;
	out[offset + 1] = (transactionId >> 16) & 0xff;
	out[offset + 2] = (transactionId >> 8) & 0xff;
	out[offset + 3] = transactionId & 0xff;
	let p = offset + CLIENT_HEADER_LENGTH;
	p += copyOption(server, clientAt, out, p);
	// RFC 8415 §18.2.5 / §18.2.3 / §18.2.6: REBIND, CONFIRM and INFORMATION-REQUEST go to any server, so no Server Identifier.
	const anyServer = msgType === MsgType.REBIND || msgType === MsgType.CONFIRM || msgType === MsgType.INFORMATION_REQUEST;
	if (!anyServer) p += copyOption(server, serverAt, out, p);
	put16(out, p, OptionCode.ELAPSED_TIME);
	put16(out, p + 2, 2);
	put16(out, p + 4, elapsedTime > 0xffff ? 0xffff : elapsedTime);
	p += 6;
	// RFC 8415 §21.7: the ORO belongs in a Solicit, Request, Renew, Rebind or Information-request (the builders' rule too).
	if (msgType === MsgType.REQUEST || msgType === MsgType.RENEW || msgType === MsgType.REBIND || msgType === MsgType.INFORMATION_REQUEST) {
		copy(oro, 0, oro.length, out, p);
		p += oro.length;
	}
	for (let s = start + CLIENT_HEADER_LENGTH; s + OPTION_HEADER_LENGTH <= end; ) {
		const len = optionLength(server, s);
		if (s + OPTION_HEADER_LENGTH + len > end) return -1;
		const code = (server[s]! << 8) | server[s + 1]!;
		// RFC 8415 §16.12: an INFORMATION-REQUEST carries no IA.
		const wanted = msgType !== MsgType.INFORMATION_REQUEST && (code === OptionCode.IA_NA || code === OptionCode.IA_TA || (code === OptionCode.IA_PD && msgType !== MsgType.DECLINE && msgType !== MsgType.CONFIRM));
		if (wanted && len >= CONTAINER_HEADER.get(code)!) p += copyIa(server, s, out, p);
		s += OPTION_HEADER_LENGTH + len;
	}
	copy(extra, 0, extra.length, out, p);
	p += extra.length;
	return p - offset;
}
