import { DecodeError } from '../wire/errors.js';
import { readU16, writeU16 } from './bytes.js';

export const UDP_HEADER_LENGTH = 8;

export interface UdpInput {
	srcPort: number;
	dstPort: number;
	payload: Uint8Array;
	/** Written as given; 0 means "no checksum" on IPv4 (RFC 768). The builders in build.ts fill the real value. */
	checksum?: number;
}

export interface UdpHeader {
	srcPort: number;
	dstPort: number;
	/** The Length field: header plus payload (RFC 768). */
	length: number;
	checksum: number;
	/** View of the payload, bounded by the Length field (not by the IP payload, which may be padded). */
	payload: Uint8Array;
}

export function encodingLength(value: Pick<UdpInput, 'payload'>): number {
	return UDP_HEADER_LENGTH + value.payload.length;
}

export function encode(value: UdpInput, buf?: Uint8Array, offset = 0): number {
	const length = encodingLength(value);
	if (length > 0xffff) throw new RangeError(`UDP datagram of ${length} bytes exceeds the 16-bit Length field`);
	const out = buf ?? new Uint8Array(length);
	writeU16(out, offset, value.srcPort);
	writeU16(out, offset + 2, value.dstPort);
	writeU16(out, offset + 4, length);
	writeU16(out, offset + 6, value.checksum ?? 0);
	out.set(value.payload, offset + UDP_HEADER_LENGTH);
	return length;
}

/**
 * Decodes a UDP header at `offset`; `end` is the end of the IP payload. With `onShort`, a length
 * beyond `end` is reported there and the payload is what there is (see ipv4.decode).
 */
export function decode(buf: Uint8Array, offset = 0, end = buf.length, onShort?: (error: DecodeError) => void): UdpHeader {
	if (end - offset < UDP_HEADER_LENGTH) throw new DecodeError('ERR_TRUNCATED', offset, `UDP header needs 8 bytes, ${end - offset} left`);
	const length = readU16(buf, offset + 4);
	if (length < UDP_HEADER_LENGTH) throw new DecodeError('ERR_BAD_LENGTH', offset + 4, `UDP length ${length} is shorter than its header`);
	if (end - offset < length) {
		const short = new DecodeError('ERR_TRUNCATED', end, `UDP length ${length}, ${end - offset} bytes left`);
		if (!onShort) throw short;
		onShort(short);
	}
	return {
		srcPort: readU16(buf, offset),
		dstPort: readU16(buf, offset + 2),
		length,
		checksum: readU16(buf, offset + 6),
		payload: buf.subarray(offset + UDP_HEADER_LENGTH, Math.min(offset + length, end)),
	};
}
