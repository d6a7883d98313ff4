import { DecodeError } from '../wire/errors.js';
import { addressBytes, formatIPv4 } from '../wire/address.js';
import { readU16, writeU16 } from './bytes.js';
import { internetChecksum } from './checksum.js';

/** IP protocol numbers this project looks at (IANA "Assigned Internet Protocol Numbers"). */
export const IP_PROTOCOL = { ICMP: 1, TCP: 6, UDP: 17, IPV6_ICMP: 58 } as const;

/** What `encode` needs; fields a sender rarely sets have RFC 791 defaults. */
export interface IPv4HeaderInput {
	/** Type of service / DSCP+ECN byte (RFC 2474). Default 0. */
	tos?: number;
	/** Length of header plus payload; `encode` writes this, so it must match what follows. */
	totalLength: number;
	identification?: number;
	dontFragment?: boolean;
	moreFragments?: boolean;
	/** Fragment offset in bytes (a multiple of 8, RFC 791 §3.1). Default 0. */
	fragmentOffset?: number;
	/** Default 64. */
	ttl?: number;
	protocol: number;
	src: string | Uint8Array;
	dst: string | Uint8Array;
	/** Raw option bytes; padded with zeros (End of Option List) to a multiple of 4 (RFC 791 §3.1). */
	options?: Uint8Array;
}

/** A decoded header. `payload` is a view bounded by Total Length, not by the buffer (Ethernet pads short frames). */
export interface IPv4Header {
	/** Header length in bytes (IHL × 4). */
	headerLength: number;
	tos: number;
	totalLength: number;
	identification: number;
	dontFragment: boolean;
	moreFragments: boolean;
	/** In bytes. */
	fragmentOffset: number;
	/** True when this packet is a fragment (MF set or a non-zero offset), i.e. its payload is not a whole datagram. */
	isFragment: boolean;
	ttl: number;
	protocol: number;
	checksum: number;
	/** Whether the header checksum verifies (RFC 1071: the sum over the header folds to 0xffff). */
	checksumOk: boolean;
	src: string;
	dst: string;
	srcBytes: Uint8Array;
	dstBytes: Uint8Array;
	options: Uint8Array;
	payload: Uint8Array;
}

const MIN_HEADER = 20;

export function encodingLength(value: Pick<IPv4HeaderInput, 'options'>): number {
	const optionsLength = value.options?.length ?? 0;
	const length = MIN_HEADER + Math.ceil(optionsLength / 4) * 4;
	// IHL is 4 bits of 32-bit words: at most 60 bytes of header (RFC 791 §3.1).
	if (length > 60) throw new RangeError(`IPv4 options too long: ${optionsLength} bytes (at most 40)`);
	return length;
}

/** Writes the header (with a correct header checksum) and returns the bytes written. */
export function encode(value: IPv4HeaderInput, buf?: Uint8Array, offset = 0): number {
	const length = encodingLength(value);
	const out = buf ?? new Uint8Array(length);
	const fragmentOffset = value.fragmentOffset ?? 0;
	if (fragmentOffset % 8 !== 0) throw new RangeError(`IPv4 fragment offset ${fragmentOffset} is not a multiple of 8`);
	if (value.totalLength < length || value.totalLength > 0xffff) throw new RangeError(`IPv4 total length ${value.totalLength} out of range`);
	out.fill(0, offset, offset + length);
	out[offset] = 0x40 | (length / 4);
	out[offset + 1] = value.tos ?? 0;
	writeU16(out, offset + 2, value.totalLength);
	writeU16(out, offset + 4, value.identification ?? 0);
	const flags = (value.dontFragment ? 0x4000 : 0) | (value.moreFragments ? 0x2000 : 0);
	writeU16(out, offset + 6, flags | (fragmentOffset / 8));
	out[offset + 8] = value.ttl ?? 64;
	out[offset + 9] = value.protocol;
	out.set(addressBytes(value.src, 4), offset + 12);
	out.set(addressBytes(value.dst, 4), offset + 16);
	if (value.options) out.set(value.options, offset + MIN_HEADER);
	writeU16(out, offset + 10, internetChecksum(out, offset, offset + length));
	return length;
}

/**
 * Decodes the header at `offset`; throws `DecodeError` if the header or the declared total length
 * does not fit. With `onShort`, a total length beyond `end` is reported there instead, and the
 * packet is read as far as the bytes go (as tcpdump and tshark dissect a cut frame).
 */
export function decode(buf: Uint8Array, offset = 0, end = buf.length, onShort?: (error: DecodeError) => void): IPv4Header {
	if (end - offset < MIN_HEADER) throw new DecodeError('ERR_TRUNCATED', offset, `IPv4 header needs 20 bytes, ${end - offset} left`);
	const version = buf[offset]! >> 4;
	if (version !== 4) throw new DecodeError('ERR_BAD_VALUE', offset, `IPv4 version field is ${version}`);
	const headerLength = (buf[offset]! & 0x0f) * 4;
	if (headerLength < MIN_HEADER) throw new DecodeError('ERR_BAD_LENGTH', offset, `IPv4 IHL ${headerLength / 4} is below 5`);
	const totalLength = readU16(buf, offset + 2);
	if (totalLength < headerLength) {
		throw new DecodeError('ERR_BAD_LENGTH', offset + 2, `IPv4 total length ${totalLength} is shorter than its ${headerLength}-byte header`);
	}
	if (end - offset < headerLength) {
		throw new DecodeError('ERR_TRUNCATED', offset + MIN_HEADER, `IPv4 header of ${headerLength} bytes, ${end - offset} left`);
	}
	if (end - offset < totalLength) {
		const short = new DecodeError('ERR_TRUNCATED', end, `IPv4 total length ${totalLength}, ${end - offset} bytes captured`);
		if (!onShort) throw short;
		onShort(short);
	}
	const flagsFragment = readU16(buf, offset + 6);
	const moreFragments = (flagsFragment & 0x2000) !== 0;
	const fragmentOffset = (flagsFragment & 0x1fff) * 8;
	return {
		headerLength,
		tos: buf[offset + 1]!,
		totalLength,
		identification: readU16(buf, offset + 4),
		dontFragment: (flagsFragment & 0x4000) !== 0,
		moreFragments,
		fragmentOffset,
		isFragment: moreFragments || fragmentOffset !== 0,
		ttl: buf[offset + 8]!,
		protocol: buf[offset + 9]!,
		checksum: readU16(buf, offset + 10),
		checksumOk: internetChecksum(buf, offset, offset + headerLength) === 0,
		src: formatIPv4(buf, offset + 12),
		dst: formatIPv4(buf, offset + 16),
		srcBytes: buf.subarray(offset + 12, offset + 16),
		dstBytes: buf.subarray(offset + 16, offset + 20),
		options: buf.subarray(offset + MIN_HEADER, offset + headerLength),
		payload: buf.subarray(offset + headerLength, Math.min(offset + totalLength, end)),
	};
}
