import { DecodeError } from '../wire/errors.js';
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';

/**
 * Linux "cooked" capture headers, written by libpcap for `tcpdump -i any` and for interfaces
 * without a usable link-layer header: LINKTYPE_LINUX_SLL (113, 16 bytes) and LINKTYPE_LINUX_SLL2
 * (276, 20 bytes), as documented on tcpdump.org's link-layer header type pages.
 */

/** sll_pkttype values (linux/if_packet.h). */
export const SLL_PACKET_TYPE = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4 } as const;

export interface SllHeader {
	/** Which of the two layouts this is. */
	version: 1 | 2;
	/** sll_pkttype: 0 to us, 1 broadcast, 2 multicast, 3 to someone else, 4 sent by us. */
	packetType: number;
	/** ARPHRD_ value of the interface (1 Ethernet, 772 loopback, 65534 none…). */
	arphrdType: number;
	/** The sender's link-layer address, at most 8 bytes kept. */
	linkAddress: Uint8Array;
	/** For most ARPHRD types an EtherType (0x0800 IPv4, 0x86dd IPv6). */
	protocol: number;
	/** SLL2 only: the capturing interface's index (0 for SLL). */
	interfaceIndex: number;
	payloadOffset: number;
	payload: Uint8Array;
}

export interface SllInput {
	packetType?: number;
	arphrdType?: number;
	linkAddress?: Uint8Array;
	protocol: number;
	interfaceIndex?: number;
	payload: Uint8Array;
}

export const SLL_HEADER_LENGTH = 16;
export const SLL2_HEADER_LENGTH = 20;

export function encodingLength(version: 1 | 2, value: Pick<SllInput, 'payload'>): number {
	return (version === 1 ? SLL_HEADER_LENGTH : SLL2_HEADER_LENGTH) + value.payload.length;
}

export function encode(version: 1 | 2, value: SllInput, buf?: Uint8Array, offset = 0): number {
	const length = encodingLength(version, value);
	const out = buf ?? new Uint8Array(length);
	const address = value.linkAddress ?? new Uint8Array(0);
	if (address.length > 8) throw new RangeError(`link-layer address of ${address.length} bytes; SLL holds 8`);
	const header = version === 1 ? SLL_HEADER_LENGTH : SLL2_HEADER_LENGTH;
	out.fill(0, offset, offset + header);
	if (version === 1) {
		writeU16(out, offset, value.packetType ?? SLL_PACKET_TYPE.HOST);
		writeU16(out, offset + 2, value.arphrdType ?? 1);
		writeU16(out, offset + 4, address.length);
		out.set(address, offset + 6);
		writeU16(out, offset + 14, value.protocol);
	} else {
		writeU16(out, offset, value.protocol);
		writeU32(out, offset + 4, value.interfaceIndex ?? 0);
		writeU16(out, offset + 8, value.arphrdType ?? 1);
		out[offset + 10] = value.packetType ?? SLL_PACKET_TYPE.HOST;
		out[offset + 11] = address.length;
		out.set(address, offset + 12);
	}
	out.set(value.payload, offset + header);
	return length;
}

export function decode(version: 1 | 2, buf: Uint8Array, offset = 0, end = buf.length): SllHeader {
	const header = version === 1 ? SLL_HEADER_LENGTH : SLL2_HEADER_LENGTH;
	if (end - offset < header) {
		throw new DecodeError('ERR_TRUNCATED', offset, `Linux cooked header v${version} needs ${header} bytes, ${end - offset} left`);
	}
	const addressField = version === 1 ? offset + 6 : offset + 12;
	const addressLength = version === 1 ? readU16(buf, offset + 4) : buf[offset + 11]!;
	return {
		version,
		packetType: version === 1 ? readU16(buf, offset) : buf[offset + 10]!,
		arphrdType: readU16(buf, version === 1 ? offset + 2 : offset + 8),
		// A longer address (e.g. 20-byte InfiniBand) is truncated to the 8 bytes the header has room for.
		linkAddress: buf.subarray(addressField, addressField + Math.min(addressLength, 8)),
		protocol: readU16(buf, version === 1 ? offset + 14 : offset),
		interfaceIndex: version === 1 ? 0 : readU32(buf, offset + 4),
		payloadOffset: offset + header,
		payload: buf.subarray(offset + header, end),
	};
}
