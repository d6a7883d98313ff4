/**
 * DHCPv6 messages on the wire (RFC 8415 §8, §9): the client/server format (msg-type, 24-bit
 * transaction-id, options) and the relay agent format (msg-type, hop-count, link-address,
 * peer-address, options), with the Relay Message option (RFC 8415 §21.10) carrying the relayed
 * message.
 *
 * Decoding is structural: options stay raw `{ code, data }` views in wire order. The decoder
 * still checks, without allocating, the framing of every option that contains options (IA_NA,
 * IA_TA, IAADDR, IA_PD, IAPREFIX) and of every relayed message down to MAX_RELAY_DEPTH, so a
 * message that decodes can be walked and presented without further framing errors.
 */
import { DecodeError, need } from '../../wire/errors.js';
import type { Option } from '../option-space.js';
import { ipv6ToString, writeIpv6 } from '../types/index.js';
import { CONTAINER_HEADER, MAX_RELAY_DEPTH, OptionCode, isRelayType } from './constants.js';

/** Client/server messages (RFC 8415 §8): every msg-type except RELAY-FORW and RELAY-REPL. */
export interface Dhcp6ClientMessage {
	msgType: number;
	/** 24-bit transaction ID. */
	transactionId: number;
	options: Option[];
}

/**
 * Relay agent messages (RFC 8415 §9): RELAY-FORW (12) and RELAY-REPL (13). The relayed message
 * is the content of the Relay Message option (code 9) in `options`; read it with
 * {@link relayedMessage}, build one with `relayForward`.
 */
export interface Dhcp6RelayMessage {
	msgType: number;
	hopCount: number;
	/** RFC 5952 text. */
	linkAddress: string;
	peerAddress: string;
	options: Option[];
}

export type Dhcp6Message = Dhcp6ClientMessage | Dhcp6RelayMessage;

/** Octets before the options. */
export const CLIENT_HEADER_LENGTH = 4;
export const RELAY_HEADER_LENGTH = 34;
/** Option code + option length (RFC 8415 §21.1). */
export const OPTION_HEADER_LENGTH = 4;
/**
 * How deep IA/address options may nest inside each other. RFC 8415 needs three levels
 * (IA_NA → IAADDR → Status Code); the bound only stops a crafted packet from recursing far.
 */
export const MAX_OPTION_NESTING = 16;

export function isRelay(message: Dhcp6Message): message is Dhcp6RelayMessage {
	return isRelayType(message.msgType);
}

/**
 * Decodes the message occupying `[offset, end)`. Throws DecodeError (ERR_TRUNCATED,
 * ERR_BAD_LENGTH, ERR_TOO_DEEP) with the absolute offset in `buf`.
 */
export function decode(buf: Uint8Array, offset = 0, end = buf.length): Dhcp6Message {
	if (end > buf.length) throw new DecodeError('ERR_TRUNCATED', buf.length, `DHCPv6 message: end ${end} is past the ${buf.length}-byte buffer`);
	return decodeAt(buf, offset, end, 0);
}

/** Decodes a message nested `depth` Relay Message options deep. */
export function decodeAt(buf: Uint8Array, start: number, end: number, depth: number): Dhcp6Message {
	if (depth > MAX_RELAY_DEPTH) throw new DecodeError('ERR_TOO_DEEP', start, `relay messages nested more than ${MAX_RELAY_DEPTH} deep`);
	need(start, 1, end, 'DHCPv6 msg-type');
	const msgType = buf[start]!;
	if (isRelayType(msgType)) {
		need(start, RELAY_HEADER_LENGTH, end, 'DHCPv6 relay message header');
		return {
			msgType,
			hopCount: buf[start + 1]!,
			linkAddress: ipv6ToString(buf, start + 2),
			peerAddress: ipv6ToString(buf, start + 18),
			options: decodeOptions(buf, start + RELAY_HEADER_LENGTH, end, depth, true),
		};
	}
	need(start, CLIENT_HEADER_LENGTH, end, 'DHCPv6 message header');
	return {
		msgType,
		transactionId: (buf[start + 1]! << 16) | (buf[start + 2]! << 8) | buf[start + 3]!,
		options: decodeOptions(buf, start + CLIENT_HEADER_LENGTH, end, depth, false),
	};
}

function decodeOptions(buf: Uint8Array, p: number, end: number, depth: number, relay: boolean): Option[] {
	const out: Option[] = [];
	while (p < end) {
		const dataEnd = optionBounds(buf, p, end);
		checkContent(buf, p, dataEnd, depth, relay, 0);
		out.push({ code: (buf[p]! << 8) | buf[p + 1]!, data: buf.subarray(p + OPTION_HEADER_LENGTH, dataEnd) });
		p = dataEnd;
	}
	return out;
}

/** Checks the option header at `p` and returns where its data ends (RFC 8415 §21.1). */
function optionBounds(buf: Uint8Array, p: number, end: number): number {
	if (p + OPTION_HEADER_LENGTH > end) {
		throw new DecodeError('ERR_TRUNCATED', p, `DHCPv6 option header: needs 4 bytes at offset ${p}, only ${end - p} left`);
	}
	const len = (buf[p + 2]! << 8) | buf[p + 3]!;
	const dataEnd = p + OPTION_HEADER_LENGTH + len;
	if (dataEnd > end) {
		const code = (buf[p]! << 8) | buf[p + 1]!;
		throw new DecodeError('ERR_TRUNCATED', p, `DHCPv6 option ${code} at offset ${p} says ${len} bytes, only ${end - p - OPTION_HEADER_LENGTH} left`);
	}
	return dataEnd;
}

/** Structural check of the content of the option whose header is at `at`. Allocates nothing. */
function checkContent(buf: Uint8Array, at: number, end: number, depth: number, relay: boolean, nesting: number): void {
	const code = (buf[at]! << 8) | buf[at + 1]!;
	const start = at + OPTION_HEADER_LENGTH;
	if (code === OptionCode.RELAY_MSG && relay) {
		checkMessage(buf, start, end, depth + 1);
		return;
	}
	const head = CONTAINER_HEADER.get(code);
	if (head === undefined) return;
	if (end - start < head) {
		throw new DecodeError('ERR_BAD_LENGTH', at, `DHCPv6 option ${code} at offset ${at} has ${end - start} bytes, its fixed fields need ${head}`);
	}
	if (nesting >= MAX_OPTION_NESTING) throw new DecodeError('ERR_TOO_DEEP', at, `options nested more than ${MAX_OPTION_NESTING} deep`);
	for (let p = start + head; p < end; ) {
		const dataEnd = optionBounds(buf, p, end);
		checkContent(buf, p, dataEnd, depth, relay, nesting + 1);
		p = dataEnd;
	}
}

function checkMessage(buf: Uint8Array, start: number, end: number, depth: number): void {
	if (depth > MAX_RELAY_DEPTH) throw new DecodeError('ERR_TOO_DEEP', start, `relay messages nested more than ${MAX_RELAY_DEPTH} deep`);
	need(start, 1, end, 'relayed DHCPv6 msg-type');
	const relay = isRelayType(buf[start]!);
	const head = relay ? RELAY_HEADER_LENGTH : CLIENT_HEADER_LENGTH;
	need(start, head, end, relay ? 'relayed DHCPv6 relay header' : 'relayed DHCPv6 message header');
	for (let p = start + head; p < end; ) {
		const dataEnd = optionBounds(buf, p, end);
		checkContent(buf, p, dataEnd, depth, relay, 0);
		p = dataEnd;
	}
}

/** The bytes {@link encodeOptions} writes for `options`. */
export function optionsLength(options: readonly Option[]): number {
	let n = 0;
	for (let i = 0; i < options.length; i++) n += OPTION_HEADER_LENGTH + options[i]!.data.length;
	return n;
}

export function encodingLength(message: Dhcp6Message): number {
	return (isRelay(message) ? RELAY_HEADER_LENGTH : CLIENT_HEADER_LENGTH) + optionsLength(message.options);
}

function checkField(what: string, value: number, max: number): void {
	if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`DHCPv6 ${what} ${value} is outside 0..${max}`);
}

/**
 * Writes `message` at `offset` and returns the bytes written. Without `buf`, encodes into a
 * buffer of exactly `encodingLength(message)` (use {@link toBytes} to keep it).
 */
export function encode(message: Dhcp6Message, buf?: Uint8Array, offset = 0): number {
	const out = buf ?? new Uint8Array(encodingLength(message));
	checkField('msg-type', message.msgType, 0xff);
	out[offset] = message.msgType;
	let p: number;
	if (isRelay(message)) {
		checkField('hop-count', message.hopCount, 0xff);
		out[offset + 1] = message.hopCount;
		writeIpv6(message.linkAddress, out, offset + 2);
		writeIpv6(message.peerAddress, out, offset + 18);
		p = offset + RELAY_HEADER_LENGTH;
	} else {
		const id = (message as Dhcp6ClientMessage).transactionId;
		checkField('transaction-id', id, 0xffffff);
		out[offset + 1] = id >> 16;
		out[offset + 2] = (id >> 8) & 0xff;
		out[offset + 3] = id & 0xff;
		p = offset + CLIENT_HEADER_LENGTH;
	}
	return p - offset + encodeOptions(message.options, out, p);
}

/** Writes options as RFC 8415 §21.1 TLVs; returns the bytes written. */
export function encodeOptions(options: readonly Option[], buf: Uint8Array, offset: number): number {
	let p = offset;
	for (let i = 0; i < options.length; i++) {
		const o = options[i]!;
		checkField('option code', o.code, 0xffff);
		if (o.data.length > 0xffff) throw new RangeError(`DHCPv6 option ${o.code}: ${o.data.length} bytes do not fit its 16-bit length`);
		buf[p] = o.code >> 8;
		buf[p + 1] = o.code & 0xff;
		buf[p + 2] = o.data.length >> 8;
		buf[p + 3] = o.data.length & 0xff;
		buf.set(o.data, p + OPTION_HEADER_LENGTH);
		p += OPTION_HEADER_LENGTH + o.data.length;
	}
	return p - offset;
}

/** The message's wire bytes in a fresh buffer. */
export function toBytes(message: Dhcp6Message): Buffer {
	const buf = Buffer.alloc(encodingLength(message));
	encode(message, buf, 0);
	return buf;
}

/**
 * The message carried in a relay message's Relay Message option (RFC 8415 §21.10), or undefined
 * when there is none. For a message that came from {@link decode} this cannot fail: its framing
 * was checked when it was decoded.
 */
export function relayedMessage(relay: Dhcp6RelayMessage, depth = 1): Dhcp6Message | undefined {
	for (const o of relay.options) {
		if (o.code === OptionCode.RELAY_MSG) return decodeAt(o.data, 0, o.data.length, depth);
	}
	return undefined;
}

/**
 * Follows a relay chain (RELAY-FORW or RELAY-REPL) to the client/server message at its centre.
 * `relays` lists the relay messages from the outermost in.
 */
export function unwrapRelays(message: Dhcp6Message): { message: Dhcp6Message; relays: Dhcp6RelayMessage[] } {
	const relays: Dhcp6RelayMessage[] = [];
	let m: Dhcp6Message | undefined = message;
	while (isRelay(m)) {
		relays.push(m);
		const inner: Dhcp6Message | undefined = relayedMessage(m, relays.length);
		if (!inner) break;
		m = inner;
	}
	return { message: m, relays };
}
