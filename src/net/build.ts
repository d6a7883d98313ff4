import { addressBytes } from '../wire/address.js';
import { udpChecksum } from './checksum.js';
import * as ethernet from './ethernet.js';
import { ETHERTYPE, type VlanTag } from './ethernet.js';
import * as ipv4 from './ipv4.js';
import { IP_PROTOCOL } from './ipv4.js';
import * as ipv6 from './ipv6.js';
import type { IPv6ExtensionInput } from './ipv6.js';
import { LINKTYPE, RAW_IP_LINKTYPES, linktypeName } from './linktype.js';
import * as sll from './linux-sll.js';
import * as udp from './udp.js';

/**
 * Builders for whole packets around a UDP payload, with every length and checksum right, for
 * raw-socket sends (IP_HDRINCL) and for writing captures.
 */

export interface UdpEndpoints<A> {
	src: A;
	dst: A;
	sport: number;
	dport: number;
	payload: Uint8Array;
}

export interface IPv4UdpInput extends UdpEndpoints<string | Uint8Array> {
	/** Default 64. */
	ttl?: number;
	tos?: number;
	identification?: number;
	dontFragment?: boolean;
	/** Raw IPv4 option bytes (padded to a multiple of 4). */
	options?: Uint8Array;
}

export interface IPv6UdpInput extends UdpEndpoints<string | Uint8Array> {
	/** Default 64. */
	hopLimit?: number;
	trafficClass?: number;
	flowLabel?: number;
	/** Extension headers between the fixed header and UDP (hop-by-hop, routing, destination options). */
	extensions?: IPv6ExtensionInput[];
}

/** An IPv4 packet carrying one UDP datagram, with correct header and UDP checksums. */
export function buildIPv4Udp(input: IPv4UdpInput): Uint8Array {
	const src = addressBytes(input.src, 4);
	const dst = addressBytes(input.dst, 4);
	const headerLength = ipv4.encodingLength(input);
	const udpLength = udp.encodingLength(input);
	const out = new Uint8Array(headerLength + udpLength);
	ipv4.encode(
		{
			totalLength: out.length,
			protocol: IP_PROTOCOL.UDP,
			src,
			dst,
			ttl: input.ttl ?? 64,
			tos: input.tos ?? 0,
			identification: input.identification ?? 0,
			dontFragment: input.dontFragment ?? false,
			...(input.options ? { options: input.options } : {}),
		},
		out,
	);
	writeUdp(out, headerLength, src, dst, input);
	return out;
}

/** An IPv6 packet carrying one UDP datagram (RFC 8200 §8.1: the UDP checksum is mandatory). */
export function buildIPv6Udp(input: IPv6UdpInput): Uint8Array {
	const src = addressBytes(input.src, 16);
	const dst = addressBytes(input.dst, 16);
	const headerLength = ipv6.encodingLength(input);
	const udpLength = udp.encodingLength(input);
	const out = new Uint8Array(headerLength + udpLength);
	ipv6.encode(
		{
			payloadLength: out.length - 40,
			nextHeader: IP_PROTOCOL.UDP,
			src,
			dst,
			hopLimit: input.hopLimit ?? 64,
			trafficClass: input.trafficClass ?? 0,
			flowLabel: input.flowLabel ?? 0,
			...(input.extensions ? { extensions: input.extensions } : {}),
		},
		out,
	);
	writeUdp(out, headerLength, src, dst, input);
	return out;
}

function writeUdp(out: Uint8Array, at: number, src: Uint8Array, dst: Uint8Array, input: UdpEndpoints<unknown>): void {
	udp.encode({ srcPort: input.sport, dstPort: input.dport, payload: input.payload, checksum: 0 }, out, at);
	const checksum = udpChecksum(src, dst, out.subarray(at));
	out[at + 6] = checksum >> 8;
	out[at + 7] = checksum & 0xff;
}

export interface LinkAddresses {
	/** Source MAC; default 02:00:00:00:00:00 (a locally administered address). */
	src?: string | Uint8Array;
	/** Destination MAC; default broadcast. */
	dst?: string | Uint8Array;
	vlans?: Array<Partial<VlanTag> & { vid: number }>;
}

/** The EtherType for an IP packet, from its version nibble. */
export function etherTypeOf(ipPacket: Uint8Array): number {
	const version = (ipPacket[0] ?? 0) >> 4;
	if (version === 4) return ETHERTYPE.IPV4;
	if (version === 6) return ETHERTYPE.IPV6;
	throw new TypeError(`not an IP packet (version nibble ${version})`);
}

/** An Ethernet II frame (no FCS) around an IP packet. */
export function buildEthernetFrame(ipPacket: Uint8Array, link: LinkAddresses = {}): Uint8Array {
	return encodeToNew(
		(buf) =>
			ethernet.encode(
				{
					src: link.src ?? '02:00:00:00:00:00',
					dst: link.dst ?? 'ff:ff:ff:ff:ff:ff',
					...(link.vlans ? { vlans: link.vlans } : {}),
					etherType: etherTypeOf(ipPacket),
					payload: ipPacket,
				},
				buf,
			),
		ethernet.encodingLength({ payload: ipPacket, ...(link.vlans ? { vlans: link.vlans } : {}) }),
	);
}

/**
 * Wraps an IP packet in the link-layer header of `linktype` so it can be written to a capture
 * of that type: raw IP types as is, Ethernet, or a Linux cooked header (packet type "outgoing").
 */
export function frameForLinktype(linktype: number, ipPacket: Uint8Array, link: LinkAddresses = {}): Uint8Array {
	if (RAW_IP_LINKTYPES.has(linktype)) {
		const version = (ipPacket[0] ?? 0) >> 4;
		if ((linktype === LINKTYPE.IPV4 && version !== 4) || (linktype === LINKTYPE.IPV6 && version !== 6)) {
			throw new TypeError(`an IPv${version} packet cannot go in a ${linktypeName(linktype)} capture`);
		}
		return ipPacket;
	}
	if (linktype === LINKTYPE.ETHERNET) return buildEthernetFrame(ipPacket, link);
	if (linktype === LINKTYPE.LINUX_SLL || linktype === LINKTYPE.LINUX_SLL2) {
		const version = linktype === LINKTYPE.LINUX_SLL ? 1 : 2;
		const value: sll.SllInput = {
			packetType: sll.SLL_PACKET_TYPE.OUTGOING,
			arphrdType: 1,
			linkAddress: addressBytes(link.src ?? '02:00:00:00:00:00', 6),
			protocol: etherTypeOf(ipPacket),
			payload: ipPacket,
		};
		return encodeToNew((buf) => sll.encode(version, value, buf), sll.encodingLength(version, value));
	}
	throw new TypeError(`cannot build frames for link type ${linktypeName(linktype)}`);
}

function encodeToNew(write: (buf: Uint8Array) => number, length: number): Uint8Array {
	const buf = new Uint8Array(length);
	write(buf);
	return buf;
}
