/**
 * One captured frame → what `dhcpulse decode` reports about it: a decoded DHCP packet, a DHCP
 * packet that does not decode, a frame whose link/IP/UDP headers do not parse, or anything else
 * (another protocol, another UDP port, a fragment). Pure: no I/O, no output formatting.
 */
import * as dhcp4 from '../codec/dhcp4/index.js';
import * as dhcp6 from '../codec/dhcp6/index.js';
import { DecodeError } from '../wire/errors.js';
import { extractUdp } from '../net/datagram.js';
import type { CaptureRecord } from '../pcap/reader.js';

/** RFC 2131 §4.1: server port 67, client port 68. */
export const DHCP4_PORTS: ReadonlySet<number> = new Set([67, 68]);
/** RFC 8415 §7.2: client port 546, server and relay port 547. */
export const DHCP6_PORTS: ReadonlySet<number> = new Set([dhcp6.DHCP6_CLIENT_PORT, dhcp6.DHCP6_SERVER_PORT]);

/** Where a DHCP packet travelled. */
export interface Endpoints {
	family: 4 | 6;
	src: string;
	dst: string;
	sport: number;
	dport: number;
}

interface FrameBase {
	frame: number;
	/** Nanoseconds since the Unix epoch. */
	timestamp: bigint;
}

export interface DhcpFrame extends FrameBase, Endpoints {
	kind: 'dhcp';
	/** The UDP payload (a view into the capture). */
	payload: Uint8Array;
	message: dhcp4.Dhcp4Message | dhcp6.Dhcp6Message;
}

/**
 * A datagram on a DHCP port that was not fully decoded: its payload the family's codec rejects
 * (`error`, offset within the UDP payload), or its frame ends before its IP or UDP length says
 * (`truncated`, offset within the frame: a snap-length cut or a lying header). Then `error` is
 * `truncated` itself when what is there decodes, and `message` is that packet.
 */
export interface MalformedFrame extends FrameBase, Endpoints {
	kind: 'malformed';
	payload: Uint8Array;
	error: DecodeError;
	truncated?: DecodeError;
	message?: dhcp4.Dhcp4Message | dhcp6.Dhcp6Message;
}

/**
 * A frame whose link, IP or UDP headers do not parse. Not a DHCP error: most often the capture's
 * snap length cut the frame (`cut` tells), and there is no DHCP packet to judge.
 */
export interface UndecodableFrame extends FrameBase {
	kind: 'undecodable';
	error: DecodeError;
	/** The capture kept fewer bytes than the frame had on the wire. */
	cut: boolean;
	captured: number;
	origLength: number;
}

/** Well formed, but not DHCP: another link type, EtherType, IP protocol or UDP port, or a fragment. */
export interface OtherFrame extends FrameBase {
	kind: 'other';
	detail: string;
}

export type FrameResult = DhcpFrame | MalformedFrame | UndecodableFrame | OtherFrame;

/**
 * Classifies and decodes one capture record. A datagram is DHCP when either UDP port is one of
 * its family's DHCP ports (67/68 over IPv4, 546/547 over IPv6), so relay-to-server traffic
 * (67 → 67, 547 → 547) counts too.
 */
export function classifyFrame(record: CaptureRecord): FrameResult {
	const base = { frame: record.frame, timestamp: record.timestamp };
	let udp;
	// Decoded as far as the bytes go (tcpdump and tshark do the same); a DHCP packet found there is
	// reported as not fully decoded.
	let truncated: DecodeError | undefined;
	try {
		udp = extractUdp(record.linktype, record.data, (short) => (truncated ??= short));
	} catch (error) {
		if (!(error instanceof DecodeError)) throw error;
		return { ...base, kind: 'undecodable', error, cut: record.data.length < record.origLength, captured: record.data.length, origLength: record.origLength };
	}
	if (udp.kind === 'skip') return { ...base, kind: 'other', detail: udp.detail };
	const ports = udp.family === 4 ? DHCP4_PORTS : DHCP6_PORTS;
	if (!ports.has(udp.sport) && !ports.has(udp.dport)) return { ...base, kind: 'other', detail: `UDP port ${udp.sport} → ${udp.dport}` };
	const endpoints: Endpoints = { family: udp.family, src: udp.src, dst: udp.dst, sport: udp.sport, dport: udp.dport };
	try {
		const message = udp.family === 4 ? dhcp4.decode(udp.payload) : dhcp6.decode(udp.payload);
		if (truncated) return { ...base, ...endpoints, kind: 'malformed', payload: udp.payload, error: truncated, truncated, message };
		return { ...base, ...endpoints, kind: 'dhcp', payload: udp.payload, message };
	} catch (error) {
		if (!(error instanceof DecodeError)) throw error;
		return { ...base, ...endpoints, kind: 'malformed', payload: udp.payload, error, ...(truncated ? { truncated } : {}) };
	}
}

/** Running totals for the closing summary. */
export class FrameTally {
	frames = 0;
	dhcp4 = 0;
	dhcp6 = 0;
	malformed = 0;
	undecodable = 0;
	other = 0;

	count(result: FrameResult): void {
		this.frames++;
		switch (result.kind) {
			case 'dhcp':
			case 'malformed':
				if (result.family === 4) this.dhcp4++;
				else this.dhcp6++;
				if (result.kind === 'malformed') this.malformed++;
				break;
			case 'undecodable':
				this.undecodable++;
				break;
			case 'other':
				this.other++;
				break;
		}
	}

	get dhcp(): number {
		return this.dhcp4 + this.dhcp6;
	}

	/**
	 * `42 frames: 40 DHCP (38 v4, 2 v6), 1 malformed, 2 other` — malformed packets are counted
	 * among the DHCP ones; `, N undecodable` follows only when some frame's headers did not parse.
	 */
	summary(): string {
		const plural = this.frames === 1 ? 'frame' : 'frames';
		const undecodable = this.undecodable > 0 ? `, ${this.undecodable} undecodable` : '';
		return `${this.frames} ${plural}: ${this.dhcp} DHCP (${this.dhcp4} v4, ${this.dhcp6} v6), ${this.malformed} malformed, ${this.other} other${undecodable}`;
	}
}
