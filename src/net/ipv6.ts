import { DecodeError } from '../wire/errors.js';
import { addressBytes, formatIPv6 } from '../wire/address.js';
import { readU16, readU32, writeU16 } from './bytes.js';

/** Extension header types (RFC 8200 §4 and the IANA "IPv6 Extension Header Types" registry). */
export const IPV6_EXTENSION = {
	HOP_BY_HOP: 0,
	ROUTING: 43,
	FRAGMENT: 44,
	ESP: 50,
	AUTHENTICATION: 51,
	NO_NEXT_HEADER: 59,
	DESTINATION_OPTIONS: 60,
	MOBILITY: 135,
	HIP: 139,
	SHIM6: 140,
} as const;

/** Headers that use the generic layout: next header, length in 8-octet units not counting the first 8 (RFC 8200 §4.8). */
const GENERIC_EXTENSIONS: ReadonlySet<number> = new Set([0, 43, 60, 135, 139, 140]);

export interface IPv6ExtensionInput {
	/** 0 hop-by-hop, 43 routing, 60 destination options (the generic layout, RFC 8200 §4.8). */
	type: number;
	/** The header's bytes after its next-header and length bytes; padded with zeros to make the header a multiple of 8. */
	data: Uint8Array;
}

export interface IPv6HeaderInput {
	trafficClass?: number;
	flowLabel?: number;
	/** Length of everything after the fixed 40-byte header, extension headers included. */
	payloadLength: number;
	/** The upper-layer protocol; when `extensions` are given it goes in the last one. */
	nextHeader: number;
	/** Default 64. */
	hopLimit?: number;
	src: string | Uint8Array;
	dst: string | Uint8Array;
	/** Extension headers written after the fixed header, in this order (RFC 8200 §4.1 recommends an order). */
	extensions?: IPv6ExtensionInput[];
}

export interface IPv6Header {
	trafficClass: number;
	flowLabel: number;
	payloadLength: number;
	/** The Next Header field of the fixed header (may name an extension header). */
	nextHeader: number;
	hopLimit: number;
	src: string;
	dst: string;
	srcBytes: Uint8Array;
	dstBytes: Uint8Array;
	/** Everything after the fixed header, bounded by Payload Length. */
	payload: Uint8Array;
}

export interface IPv6ExtensionHeader {
	type: number;
	/** Absolute offset of the extension header. */
	offset: number;
	/** Its length in bytes. */
	length: number;
}

export interface IPv6Fragment {
	/** In bytes. */
	offset: number;
	moreFragments: boolean;
	identification: number;
}

/** Where the extension header chain ends. */
export interface IPv6UpperLayer {
	/** The upper-layer protocol (17 for UDP), or 59 (no next header) / 50 (ESP) when the chain cannot be followed further. */
	protocol: number;
	/** Absolute offset of the upper-layer header. */
	offset: number;
	extensions: IPv6ExtensionHeader[];
	/** Present when a Fragment header was found that really fragments (not an atomic fragment, RFC 6946). */
	fragment?: IPv6Fragment;
}

const FIXED_HEADER = 40;

function extensionLength(ext: IPv6ExtensionInput): number {
	if (!GENERIC_EXTENSIONS.has(ext.type)) throw new RangeError(`cannot encode IPv6 extension header type ${ext.type}`);
	const length = Math.ceil((2 + ext.data.length) / 8) * 8;
	if (length > 2048) throw new RangeError(`IPv6 extension header of ${length} bytes is too long`);
	return length;
}

export function encodingLength(value: Pick<IPv6HeaderInput, 'extensions'>): number {
	let length = FIXED_HEADER;
	for (const ext of value.extensions ?? []) length += extensionLength(ext);
	return length;
}

/** Writes the fixed header and any extension headers; returns the bytes written. */
export function encode(value: IPv6HeaderInput, buf?: Uint8Array, offset = 0): number {
	const length = encodingLength(value);
	const out = buf ?? new Uint8Array(length);
	if (value.payloadLength > 0xffff) throw new RangeError(`IPv6 payload length ${value.payloadLength} needs a jumbogram`);
	out.fill(0, offset, offset + length);
	const trafficClass = value.trafficClass ?? 0;
	const flowLabel = value.flowLabel ?? 0;
	// RFC 8200 §3: version 4 bits, traffic class 8 bits, flow label 20 bits.
	out[offset] = 0x60 | (trafficClass >> 4);
	out[offset + 1] = ((trafficClass & 0x0f) << 4) | ((flowLabel >> 16) & 0x0f);
	writeU16(out, offset + 2, flowLabel & 0xffff);
	writeU16(out, offset + 4, value.payloadLength);
	const extensions = value.extensions ?? [];
	out[offset + 6] = extensions.length > 0 ? extensions[0]!.type : value.nextHeader;
	out[offset + 7] = value.hopLimit ?? 64;
	out.set(addressBytes(value.src, 16), offset + 8);
	out.set(addressBytes(value.dst, 16), offset + 24);
	let at = offset + FIXED_HEADER;
	extensions.forEach((ext, i) => {
		const extLength = extensionLength(ext);
		out[at] = i + 1 < extensions.length ? extensions[i + 1]!.type : value.nextHeader;
		out[at + 1] = extLength / 8 - 1;
		out.set(ext.data, at + 2);
		at += extLength;
	});
	return length;
}

/** Decodes the fixed header; throws `DecodeError` if it or the declared payload does not fit (`onShort`: see ipv4.decode). */
export function decode(buf: Uint8Array, offset = 0, end = buf.length, onShort?: (error: DecodeError) => void): IPv6Header {
	if (end - offset < FIXED_HEADER) throw new DecodeError('ERR_TRUNCATED', offset, `IPv6 header needs 40 bytes, ${end - offset} left`);
	const version = buf[offset]! >> 4;
	if (version !== 6) throw new DecodeError('ERR_BAD_VALUE', offset, `IPv6 version field is ${version}`);
	const payloadLength = readU16(buf, offset + 4);
	const nextHeader = buf[offset + 6]!;
	if (payloadLength === 0 && nextHeader === IPV6_EXTENSION.HOP_BY_HOP && end - offset > FIXED_HEADER) {
		// RFC 2675 jumbograms carry their length in a hop-by-hop option; UDP never needs them here.
		throw new DecodeError('ERR_UNSUPPORTED', offset + 4, 'IPv6 jumbogram (payload length 0 with a hop-by-hop header)');
	}
	if (end - offset - FIXED_HEADER < payloadLength) {
		const short = new DecodeError('ERR_TRUNCATED', end, `IPv6 payload length ${payloadLength}, ${end - offset - FIXED_HEADER} bytes captured`);
		if (!onShort) throw short;
		onShort(short);
	}
	const word0 = readU32(buf, offset);
	return {
		trafficClass: (word0 >>> 20) & 0xff,
		flowLabel: word0 & 0xfffff,
		payloadLength,
		nextHeader,
		hopLimit: buf[offset + 7]!,
		src: formatIPv6(buf, offset + 8),
		dst: formatIPv6(buf, offset + 24),
		srcBytes: buf.subarray(offset + 8, offset + 24),
		dstBytes: buf.subarray(offset + 24, offset + 40),
		payload: buf.subarray(offset + FIXED_HEADER, Math.min(offset + FIXED_HEADER + payloadLength, end)),
	};
}

/**
 * Follows the extension header chain that starts at `offset` with type `nextHeader` (RFC 8200
 * §4) until an upper-layer header, ESP (whose contents are encrypted) or No Next Header.
 * `end` is the end of the IPv6 payload.
 */
export function findUpperLayer(buf: Uint8Array, offset: number, end: number, nextHeader: number): IPv6UpperLayer {
	const extensions: IPv6ExtensionHeader[] = [];
	let fragment: IPv6Fragment | undefined;
	let type = nextHeader;
	let at = offset;
	for (;;) {
		let length: number;
		if (GENERIC_EXTENSIONS.has(type)) {
			if (end - at < 2) throw new DecodeError('ERR_TRUNCATED', at, `IPv6 extension header ${type} cut short`);
			length = (buf[at + 1]! + 1) * 8;
		} else if (type === IPV6_EXTENSION.FRAGMENT) {
			// RFC 8200 §4.5: fixed 8 bytes; offset in 8-octet units in the top 13 bits, M flag in the lowest bit.
			length = 8;
			if (end - at < length) throw new DecodeError('ERR_TRUNCATED', at, 'IPv6 fragment header cut short');
			const offsetFlags = readU16(buf, at + 2);
			const candidate: IPv6Fragment = {
				offset: (offsetFlags >> 3) * 8,
				moreFragments: (offsetFlags & 1) === 1,
				identification: readU32(buf, at + 4),
			};
			if (candidate.offset !== 0 || candidate.moreFragments) fragment ??= candidate;
		} else if (type === IPV6_EXTENSION.AUTHENTICATION) {
			// RFC 4302 §2.2: the length is in 32-bit words, minus 2.
			if (end - at < 2) throw new DecodeError('ERR_TRUNCATED', at, 'IPv6 authentication header cut short');
			length = (buf[at + 1]! + 2) * 4;
		} else {
			return fragment ? { protocol: type, offset: at, extensions, fragment } : { protocol: type, offset: at, extensions };
		}
		if (end - at < length) throw new DecodeError('ERR_TRUNCATED', at, `IPv6 extension header ${type} of ${length} bytes, ${end - at} left`);
		extensions.push({ type, offset: at, length });
		type = buf[at]!;
		at += length;
		// A fragment that is not the first cannot be parsed past its fragment header (RFC 8200 §4.5).
		if (fragment && fragment.offset !== 0) {
			return { protocol: type, offset: at, extensions, fragment };
		}
	}
}
