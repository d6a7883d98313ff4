import { DecodeError } from '../wire/errors.js';
import { addressBytes, formatMac } from '../wire/address.js';
import { readU16, writeU16 } from './bytes.js';

/** EtherType values this project meets (IEEE "EtherType" registry). */
export const ETHERTYPE = {
	IPV4: 0x0800,
	ARP: 0x0806,
	VLAN: 0x8100,
	IPV6: 0x86dd,
	QINQ: 0x88a8,
} as const;

/**
 * Tag protocol identifiers taken as a VLAN tag: 802.1Q C-tag, 802.1ad S-tag, and 0x9100, the
 * pre-standard Q-in-Q TPID still found on older switches.
 */
const VLAN_TPIDS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100]);

export interface VlanTag {
	/** 0x8100 (802.1Q), 0x88a8 (802.1ad) or 0x9100. */
	tpid: number;
	/** Priority code point, 3 bits. */
	pcp: number;
	/** Drop eligible indicator. */
	dei: boolean;
	/** VLAN identifier, 12 bits. */
	vid: number;
}

export interface EthernetInput {
	dst: string | Uint8Array;
	src: string | Uint8Array;
	/** Outermost first; `tpid` defaults to 0x8100. */
	vlans?: Array<Partial<VlanTag> & { vid: number }>;
	etherType: number;
	payload: Uint8Array;
}

export interface EthernetFrame {
	dst: string;
	src: string;
	/** Outermost first. */
	vlans: VlanTag[];
	/** The EtherType after the tags; a value below 0x0600 is an 802.3 length, not a type. */
	etherType: number;
	/** Absolute offset of the payload (after the last tag). */
	payloadOffset: number;
	/** View to the end of the frame (may include Ethernet padding; IP's own length bounds it). */
	payload: Uint8Array;
}

const HEADER = 14;

export function encodingLength(value: Pick<EthernetInput, 'vlans' | 'payload'>): number {
	return HEADER + 4 * (value.vlans?.length ?? 0) + value.payload.length;
}

/** Writes an Ethernet II frame without FCS (as captures hold them). */
export function encode(value: EthernetInput, buf?: Uint8Array, offset = 0): number {
	const length = encodingLength(value);
	const out = buf ?? new Uint8Array(length);
	out.set(addressBytes(value.dst, 6), offset);
	out.set(addressBytes(value.src, 6), offset + 6);
	let at = offset + 12;
	for (const tag of value.vlans ?? []) {
		writeU16(out, at, tag.tpid ?? ETHERTYPE.VLAN);
		// IEEE 802.1Q §9.6: PCP 3 bits, DEI 1 bit, VID 12 bits.
		writeU16(out, at + 2, ((tag.pcp ?? 0) << 13) | (tag.dei ? 0x1000 : 0) | (tag.vid & 0x0fff));
		at += 4;
	}
	writeU16(out, at, value.etherType);
	out.set(value.payload, at + 2);
	return length;
}

/** Decodes an Ethernet II header and any number of stacked VLAN tags. */
export function decode(buf: Uint8Array, offset = 0, end = buf.length): EthernetFrame {
	if (end - offset < HEADER) throw new DecodeError('ERR_TRUNCATED', offset, `Ethernet header needs 14 bytes, ${end - offset} left`);
	const vlans: VlanTag[] = [];
	let at = offset + 12;
	let type = readU16(buf, at);
	while (VLAN_TPIDS.has(type)) {
		if (end - at < 6) throw new DecodeError('ERR_TRUNCATED', at, 'VLAN tag cut short');
		const tci = readU16(buf, at + 2);
		vlans.push({ tpid: type, pcp: tci >> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0x0fff });
		at += 4;
		type = readU16(buf, at);
	}
	return {
		dst: formatMac(buf, offset),
		src: formatMac(buf, offset + 6),
		vlans,
		etherType: type,
		payloadOffset: at + 2,
		payload: buf.subarray(at + 2, end),
	};
}
