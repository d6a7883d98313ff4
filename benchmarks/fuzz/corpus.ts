/**
 * Seed inputs for the long fuzz run, all taken from the real captures in captures/: DHCPv4 and
 * DHCPv6 payloads, whole frames (also re-wrapped in Linux cooked v1/v2, 802.1Q/802.1ad tags and
 * raw IP), and small capture files (classic pcap in both byte orders and both resolutions, and
 * pcapng).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { frameForLinktype } from '../../src/net/build.js';
import { extractUdp } from '../../src/net/datagram.js';
import { LINKTYPE } from '../../src/net/linktype.js';
import { readCapture, type CaptureRecord } from '../../src/pcap/reader.js';
import { encodeFileHeader, encodeRecord } from '../../src/pcap/writer.js';
import { buildPcapng } from '../../test/fixtures/decode/pcapng.js';

export interface Frame {
	linktype: number;
	data: Uint8Array;
}

export interface Corpus {
	dhcp4: Buffer[];
	dhcp6: Buffer[];
	frames: Frame[];
	captures: Buffer[];
}

const DIR = fileURLToPath(new URL('../../captures/', import.meta.url));

/** Byte-swaps the 32/16-bit fields of a little-endian classic pcap into a big-endian one. */
function toBigEndianPcap(file: Uint8Array): Buffer {
	const out = Buffer.from(file);
	const swap32 = (at: number): void => void out.writeUInt32BE(out.readUInt32LE(at), at);
	const swap16 = (at: number): void => void out.writeUInt16BE(out.readUInt16LE(at), at);
	swap32(0);
	swap16(4);
	swap16(6);
	for (const at of [8, 12, 16, 20]) swap32(at);
	let p = 24;
	while (p + 16 <= out.length) {
		const captured = out.readUInt32LE(p + 8);
		for (const at of [0, 4, 8, 12]) swap32(p + at);
		p += 16 + captured;
	}
	return out;
}

function pcapOf(linktype: number, frames: Frame[], records: CaptureRecord[], resolution: 'us' | 'ns'): Buffer {
	const parts: Uint8Array[] = [encodeFileHeader({ linktype, resolution })];
	frames.forEach((f, i) => parts.push(encodeRecord(f.data, records[i]?.timestamp ?? 0n, { resolution })));
	return Buffer.concat(parts);
}

export function loadCorpus(): Corpus {
	const corpus: Corpus = { dhcp4: [], dhcp6: [], frames: [], captures: [] };
	for (const file of readdirSync(DIR)
		.filter((f) => f.endsWith('.pcap'))
		.sort()) {
		const bytes = readFileSync(DIR + file);
		const records = [...readCapture(bytes)];
		const ipPackets: Uint8Array[] = [];
		for (const record of records) {
			const udp = extractUdp(record.linktype, record.data);
			if (udp.kind !== 'udp') continue;
			(udp.family === 4 ? corpus.dhcp4 : corpus.dhcp6).push(Buffer.from(udp.payload));
			corpus.frames.push({ linktype: record.linktype, data: Buffer.from(record.data) });
			ipPackets.push(record.data.subarray(udp.ipHeaderOffset));
		}
		// The same IP packets under every other link type the reader supports.
		const first = ipPackets.slice(0, 2);
		for (const ip of first) {
			corpus.frames.push({ linktype: LINKTYPE.RAW, data: Buffer.from(ip) });
			corpus.frames.push({ linktype: LINKTYPE.LINUX_SLL, data: Buffer.from(frameForLinktype(LINKTYPE.LINUX_SLL, ip)) });
			corpus.frames.push({ linktype: LINKTYPE.LINUX_SLL2, data: Buffer.from(frameForLinktype(LINKTYPE.LINUX_SLL2, ip)) });
			corpus.frames.push({ linktype: LINKTYPE.ETHERNET, data: Buffer.from(frameForLinktype(LINKTYPE.ETHERNET, ip, { vlans: [{ vid: 10 }] })) });
			corpus.frames.push({ linktype: LINKTYPE.ETHERNET, data: Buffer.from(frameForLinktype(LINKTYPE.ETHERNET, ip, { vlans: [{ vid: 100, tpid: 0x88a8 }, { vid: 10 }] })) });
		}
		// Small capture files: the first three records, in each container format.
		const few = records.slice(0, 3);
		const frames = few.map((r) => ({ linktype: r.linktype, data: r.data }));
		const linktype = few[0]?.linktype ?? LINKTYPE.ETHERNET;
		const us = pcapOf(linktype, frames, few, 'us');
		corpus.captures.push(us, toBigEndianPcap(us), pcapOf(linktype, frames, few, 'ns'));
		corpus.captures.push(
			buildPcapng(
				[{ linktype, tsresol: 6 }],
				few.map((r) => ({ timestamp: r.timestamp, data: r.data })),
			),
		);
		corpus.captures.push(
			buildPcapng(
				[{ linktype: LINKTYPE.RAW, tsresol: 9 }],
				first.map((ip, i) => ({ timestamp: few[i]?.timestamp ?? 0n, data: ip })),
				false,
			),
		);
	}
	return corpus;
}
