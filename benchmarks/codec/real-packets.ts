/**
 * The packets the codec benchmarks measure, taken from the real captures in captures/ (recorded
 * by captures/record.sh from Kea 2.2), not built by dhcpulse: the Kea DHCPv4 OFFER of
 * kea4-dora-dhclient.pcap and the Kea DHCPv6 ADVERTISE with IA_NA and IA_PD of
 * kea6-sarr-na-pd-dhclient.pcap.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractUdp } from '../../src/net/datagram.js';
import { readCapture } from '../../src/pcap/reader.js';

const DIR = fileURLToPath(new URL('../../captures/', import.meta.url));

/** The UDP payload of the first datagram in `file` whose first byte is `firstByte` and that `accept` takes. */
function payloadOf(file: string, firstByte: number, accept: (payload: Uint8Array) => boolean, what: string): Buffer {
	for (const record of readCapture(readFileSync(DIR + file))) {
		const udp = extractUdp(record.linktype, record.data);
		if (udp.kind === 'udp' && udp.payload[0] === firstByte && accept(udp.payload)) return Buffer.from(udp.payload);
	}
	throw new Error(`captures/${file} holds no ${what}`);
}

/** Whether a DHCPv4 payload carries option 53 with `type` in its options field. */
function hasMessageType(payload: Uint8Array, type: number): boolean {
	for (let p = 240; p + 1 < payload.length && payload[p] !== 255; p += payload[p] === 0 ? 1 : 2 + payload[p + 1]!) {
		if (payload[p] === 53 && payload[p + 1] === 1 && payload[p + 2] === type) return true;
	}
	return false;
}

/** Whether a DHCPv6 client/server payload has top-level options with both codes. */
function hasOptions(payload: Uint8Array, ...codes: number[]): boolean {
	const seen = new Set<number>();
	for (let p = 4; p + 4 <= payload.length; p += 4 + ((payload[p + 2]! << 8) | payload[p + 3]!)) seen.add((payload[p]! << 8) | payload[p + 1]!);
	return codes.every((c) => seen.has(c));
}

export const OFFER_SOURCE = 'captures/kea4-dora-dhclient.pcap';
export const ADVERTISE_SOURCE = 'captures/kea6-sarr-na-pd-dhclient.pcap';

/** Kea's DHCPOFFER (BOOTREPLY, option 53 = 2). */
export function realKeaOffer(): Buffer {
	return payloadOf('kea4-dora-dhclient.pcap', 2, (p) => hasMessageType(p, 2), 'DHCPOFFER');
}

/** Kea's ADVERTISE (msg-type 2) with IA_NA (3) and IA_PD (25). */
export function realKeaAdvertise(): Buffer {
	return payloadOf('kea6-sarr-na-pd-dhclient.pcap', 2, (p) => hasOptions(p, 3, 25), 'ADVERTISE with IA_NA and IA_PD');
}
