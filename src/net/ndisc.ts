/**
 * IPv6 Neighbor Discovery messages (RFC 4861), just what finding a neighbour's link-layer address
 * takes: a Neighbor Solicitation to the target's solicited-node group, and the target link-layer
 * address out of the Neighbor Advertisement that answers it. Pure: bytes in, bytes out.
 */
import { formatIPv6, formatMac } from '../wire/address.js';

const NEIGHBOR_SOLICITATION = 135;
const NEIGHBOR_ADVERTISEMENT = 136;
/** RFC 4861 §4.6.1 option types. */
const SOURCE_LINK_LAYER = 1;
const TARGET_LINK_LAYER = 2;

/** RFC 4291 §2.7.1: ff02::1:ff00:0/104 plus the low 24 bits of the address. */
export function solicitedNodeGroup(target: Uint8Array): string {
	const group = Uint8Array.from([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, target[13]!, target[14]!, target[15]!]);
	return formatIPv6(group);
}

/**
 * RFC 4861 §4.3: type, code, checksum (left 0: the kernel fills it in on an ICMPv6 raw socket,
 * RFC 3542 §3.1), reserved, target; then our link-layer address (§4.6.1), so the target can answer
 * without soliciting us in turn.
 */
export function neighborSolicitation(target: Uint8Array, sourceMac: Uint8Array): Buffer {
	const b = Buffer.alloc(32);
	b[0] = NEIGHBOR_SOLICITATION;
	b.set(target, 8);
	b[24] = SOURCE_LINK_LAYER;
	b[25] = 1; // length in units of 8 octets
	b.set(sourceMac, 26);
	return b;
}

/**
 * The target and its link-layer address in a Neighbor Advertisement (RFC 4861 §4.4), or undefined
 * for anything else or one without the option. `icmp` starts at the ICMPv6 header.
 */
export function advertisedLinkLayer(icmp: Uint8Array): { target: string; mac: string } | undefined {
	if (icmp.length < 24 || icmp[0] !== NEIGHBOR_ADVERTISEMENT || icmp[1] !== 0) return undefined;
	for (let p = 24; p + 8 <= icmp.length; ) {
		const units = icmp[p + 1]!;
		if (units === 0) return undefined; // RFC 4861 §4.6: a zero length is invalid
		if (icmp[p] === TARGET_LINK_LAYER && units === 1) return { target: formatIPv6(icmp, 8), mac: formatMac(icmp, p + 2) };
		p += units * 8;
	}
	return undefined;
}
