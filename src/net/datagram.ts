import { DecodeError } from '../wire/errors.js';
import { verifyUdpChecksum } from './checksum.js';
import * as ethernet from './ethernet.js';
import { ETHERTYPE, type VlanTag } from './ethernet.js';
import * as ipv4 from './ipv4.js';
import { IP_PROTOCOL } from './ipv4.js';
import * as ipv6 from './ipv6.js';
import { LINKTYPE, RAW_IP_LINKTYPES } from './linktype.js';
import * as sll from './linux-sll.js';
import { formatMac } from '../wire/address.js';
import * as udp from './udp.js';

/** A UDP datagram found in a captured frame. Byte arrays are views into the frame. */
export interface UdpDatagram {
	kind: 'udp';
	family: 4 | 6;
	src: string;
	dst: string;
	srcBytes: Uint8Array;
	dstBytes: Uint8Array;
	sport: number;
	dport: number;
	payload: Uint8Array;
	/** TTL (IPv4) or hop limit (IPv6). */
	ttl: number;
	/** `'none'` is an IPv4 datagram sent without a checksum (RFC 768). */
	udpChecksum: 'ok' | 'bad' | 'none';
	/** The IPv4 header checksum verifies; always true for IPv6, which has none. */
	ipChecksumOk: boolean;
	/** Offsets within the frame. */
	ipHeaderOffset: number;
	udpHeaderOffset: number;
	payloadOffset: number;
	/** Link-layer source and destination when the link type carries them (MAC text, or hex for other SLL hardware). */
	linkSrc?: string;
	linkDst?: string;
	/** VLAN tags of an Ethernet frame, outermost first. */
	vlans: VlanTag[];
}

/**
 * Why a well-formed frame holds no UDP datagram to look at:
 * - `unsupported-linktype`: the capture's link type is not one we parse;
 * - `not-ip`: ARP, LLDP, an 802.3 length frame…;
 * - `not-udp`: another IP protocol, or ESP / no-next-header where the chain cannot be followed;
 * - `fragment`: an IP fragment (we do not reassemble; DHCP messages fit one packet).
 */
export type UdpSkipReason = 'unsupported-linktype' | 'not-ip' | 'not-udp' | 'fragment';

export interface UdpSkip {
	kind: 'skip';
	reason: UdpSkipReason;
	/** One line for a human: which link type, EtherType or protocol it was. */
	detail: string;
}

interface Network {
	family: 4 | 6 | undefined;
	offset: number;
	etherTypeDetail: string;
	linkSrc?: string;
	linkDst?: string;
	vlans: VlanTag[];
}

/**
 * Finds the UDP datagram in one captured frame of link type `linktype`. Returns a skip reason
 * for frames that are well formed but hold no UDP datagram; throws `DecodeError` (with the
 * offset inside `frame`) for a frame whose headers are truncated or inconsistent. With `onShort`,
 * an IP or UDP length that claims more bytes than the frame holds (a snap-length cut, or a lying
 * header) is reported there and the datagram is what the frame holds.
 */
export function extractUdp(linktype: number, frame: Uint8Array, onShort?: (error: DecodeError) => void): UdpDatagram | UdpSkip {
	const net = findNetworkLayer(linktype, frame);
	if (net === 'unsupported') {
		return { kind: 'skip', reason: 'unsupported-linktype', detail: `link type ${linktype} is not supported` };
	}
	if (net.family === undefined) return { kind: 'skip', reason: 'not-ip', detail: net.etherTypeDetail };
	const link = {
		vlans: net.vlans,
		...(net.linkSrc !== undefined ? { linkSrc: net.linkSrc } : {}),
		...(net.linkDst !== undefined ? { linkDst: net.linkDst } : {}),
	};
	if (net.family === 4) {
		const ip = ipv4.decode(frame, net.offset, frame.length, onShort);
		if (ip.isFragment) {
			return { kind: 'skip', reason: 'fragment', detail: `IPv4 fragment id ${ip.identification} offset ${ip.fragmentOffset}${ip.moreFragments ? ' MF' : ''}` };
		}
		if (ip.protocol !== IP_PROTOCOL.UDP) return { kind: 'skip', reason: 'not-udp', detail: `IPv4 protocol ${ip.protocol}` };
		const ipEnd = Math.min(net.offset + ip.totalLength, frame.length);
		const udpOffset = net.offset + ip.headerLength;
		const u = udp.decode(frame, udpOffset, ipEnd, onShort);
		return {
			kind: 'udp',
			family: 4,
			src: ip.src,
			dst: ip.dst,
			srcBytes: ip.srcBytes,
			dstBytes: ip.dstBytes,
			sport: u.srcPort,
			dport: u.dstPort,
			payload: u.payload,
			ttl: ip.ttl,
			udpChecksum: verifyUdpChecksum(ip.srcBytes, ip.dstBytes, frame.subarray(udpOffset, udpOffset + u.length)),
			ipChecksumOk: ip.checksumOk,
			ipHeaderOffset: net.offset,
			udpHeaderOffset: udpOffset,
			payloadOffset: udpOffset + udp.UDP_HEADER_LENGTH,
			...link,
		};
	}
	const ip = ipv6.decode(frame, net.offset, frame.length, onShort);
	const ipEnd = Math.min(net.offset + 40 + ip.payloadLength, frame.length);
	const upper = ipv6.findUpperLayer(frame, net.offset + 40, ipEnd, ip.nextHeader);
	if (upper.fragment) {
		const f = upper.fragment;
		return { kind: 'skip', reason: 'fragment', detail: `IPv6 fragment id ${f.identification} offset ${f.offset}${f.moreFragments ? ' M' : ''}` };
	}
	if (upper.protocol !== IP_PROTOCOL.UDP) return { kind: 'skip', reason: 'not-udp', detail: `IPv6 next header ${upper.protocol}` };
	const u = udp.decode(frame, upper.offset, ipEnd, onShort);
	return {
		kind: 'udp',
		family: 6,
		src: ip.src,
		dst: ip.dst,
		srcBytes: ip.srcBytes,
		dstBytes: ip.dstBytes,
		sport: u.srcPort,
		dport: u.dstPort,
		payload: u.payload,
		ttl: ip.hopLimit,
		udpChecksum: verifyUdpChecksum(ip.srcBytes, ip.dstBytes, frame.subarray(upper.offset, upper.offset + u.length)),
		ipChecksumOk: true,
		ipHeaderOffset: net.offset,
		udpHeaderOffset: upper.offset,
		payloadOffset: upper.offset + udp.UDP_HEADER_LENGTH,
		...link,
	};
}

function familyOfEtherType(etherType: number): 4 | 6 | undefined {
	return etherType === ETHERTYPE.IPV4 ? 4 : etherType === ETHERTYPE.IPV6 ? 6 : undefined;
}

function etherTypeDetail(etherType: number): string {
	return etherType < 0x0600 ? `802.3 length frame (${etherType} bytes)` : `EtherType 0x${etherType.toString(16).padStart(4, '0')}`;
}

function findNetworkLayer(linktype: number, frame: Uint8Array): Network | 'unsupported' {
	if (RAW_IP_LINKTYPES.has(linktype)) {
		if (frame.length < 1) throw new DecodeError('ERR_TRUNCATED', 0, 'empty raw IP frame');
		const version = frame[0]! >> 4;
		// LINKTYPE_IPV4/IPV6 promise one family; RAW carries either and the version nibble decides.
		const family = version === 4 && linktype !== LINKTYPE.IPV6 ? 4 : version === 6 && linktype !== LINKTYPE.IPV4 ? 6 : undefined;
		return { family, offset: 0, etherTypeDetail: `IP version ${version}`, vlans: [] };
	}
	switch (linktype) {
		case LINKTYPE.ETHERNET: {
			const eth = ethernet.decode(frame);
			return {
				family: familyOfEtherType(eth.etherType),
				offset: eth.payloadOffset,
				etherTypeDetail: etherTypeDetail(eth.etherType),
				linkSrc: eth.src,
				linkDst: eth.dst,
				vlans: eth.vlans,
			};
		}
		case LINKTYPE.LINUX_SLL:
		case LINKTYPE.LINUX_SLL2: {
			const h = sll.decode(linktype === LINKTYPE.LINUX_SLL ? 1 : 2, frame);
			// Only hardware types whose protocol field is an EtherType carry IP this way; ARPHRD_NETLINK (824) does not.
			const family = h.arphrdType === 824 ? undefined : familyOfEtherType(h.protocol);
			const linkSrc = h.linkAddress.length === 6 ? formatMac(h.linkAddress) : Array.from(h.linkAddress, (b) => b.toString(16).padStart(2, '0')).join('');
			return { family, offset: h.payloadOffset, etherTypeDetail: etherTypeDetail(h.protocol), linkSrc, vlans: [] };
		}
		case LINKTYPE.NULL:
		case LINKTYPE.LOOP: {
			if (frame.length < 4) throw new DecodeError('ERR_TRUNCATED', 0, 'loopback header needs 4 bytes');
			const be = ((frame[0]! << 24) | (frame[1]! << 16) | (frame[2]! << 8) | frame[3]!) >>> 0;
			const le = ((frame[3]! << 24) | (frame[2]! << 16) | (frame[1]! << 8) | frame[0]!) >>> 0;
			// NULL stores the family in the writer's byte order, so try both. AF_INET is 2 everywhere;
			// AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).
			const af = linktype === LINKTYPE.LOOP ? be : be < 0x10000 ? be : le;
			const family = af === 2 ? 4 : [10, 24, 28, 30].includes(af) ? 6 : undefined;
			return { family, offset: 4, etherTypeDetail: `address family ${af}`, vlans: [] };
		}
		default:
			return 'unsupported';
	}
}
