import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import { UserError } from '../src/exit-codes.js';
import { buildEthernetFrame, buildIPv4Udp, buildIPv6Udp } from '../src/net/build.js';
import { extractUdp } from '../src/net/datagram.js';
import { LINKTYPE } from '../src/net/linktype.js';
import { CaptureParser, readCapture, readCaptureFile, readCaptureStream, type CaptureRecord } from '../src/pcap/reader.js';
import { encodeFileHeader, encodeRecord } from '../src/pcap/writer.js';

const v4 = buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.1.9', sport: 67, dport: 68, payload: Uint8Array.from([2, 1, 6, 0]) });
const v6 = buildIPv6Udp({ src: 'fe80::2', dst: 'ff02::1:2', sport: 546, dport: 547, payload: Uint8Array.from([1, 0, 0, 7]) });
const eth = buildEthernetFrame(v4, { vlans: [{ vid: 42 }] });

// --- small writers for the formats the project itself never writes ---

function u16(le: boolean, v: number): number[] {
	return le ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff];
}
function u32(le: boolean, v: number): number[] {
	const be = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
	return le ? be.reverse() : be;
}
function pad4(bytes: number[]): number[] {
	return [...bytes, ...new Array<number>((4 - (bytes.length % 4)) % 4).fill(0)];
}

/** Classic pcap in either byte order and resolution, records given as [ns timestamp, data]. */
function classicPcap(le: boolean, ns: boolean, linktype: number, records: Array<[bigint, Uint8Array]>): Uint8Array {
	const out = [...u32(le, ns ? 0xa1b23c4d : 0xa1b2c3d4), ...u16(le, 2), ...u16(le, 4), ...u32(le, 0), ...u32(le, 0), ...u32(le, 65535), ...u32(le, linktype)];
	for (const [ts, data] of records) {
		const frac = ns ? ts % 1_000_000_000n : (ts % 1_000_000_000n) / 1000n;
		out.push(...u32(le, Number(ts / 1_000_000_000n)), ...u32(le, Number(frac)), ...u32(le, data.length), ...u32(le, data.length + 10), ...data);
	}
	return Uint8Array.from(out);
}

const ng = {
	block(le: boolean, type: number, body: number[]): number[] {
		const padded = pad4(body);
		const total = 12 + padded.length;
		return [...u32(le, type), ...u32(le, total), ...padded, ...u32(le, total)];
	},
	shb(le: boolean): number[] {
		// Section length -1: unknown (§4.1).
		return ng.block(le, 0x0a0d0d0a, [...u32(le, 0x1a2b3c4d), ...u16(le, 1), ...u16(le, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
	},
	idb(le: boolean, linktype: number, options: Array<[number, number[]]> = [], snaplen = 0): number[] {
		const opts = options.flatMap(([code, value]) => [...u16(le, code), ...u16(le, value.length), ...pad4(value)]);
		if (opts.length > 0) opts.push(0, 0, 0, 0);
		return ng.block(le, 1, [...u16(le, linktype), 0, 0, ...u32(le, snaplen), ...opts]);
	},
	epb(le: boolean, iface: number, ticks: bigint, data: Uint8Array, origLength = data.length): number[] {
		return ng.block(le, 6, [...u32(le, iface), ...u32(le, Number(ticks >> 32n)), ...u32(le, Number(ticks & 0xffffffffn)), ...u32(le, data.length), ...u32(le, origLength), ...data]);
	},
	spb(le: boolean, data: Uint8Array): number[] {
		return ng.block(le, 3, [...u32(le, data.length), ...data]);
	},
};

/** A pcapng section with an Ethernet interface (µs, the default) and a raw IP one (ns), an unknown block, EPBs on both and an SPB. */
function twoInterfaceNg(le: boolean): Uint8Array {
	return Uint8Array.from([
		...ng.shb(le),
		...ng.idb(le, LINKTYPE.ETHERNET, [[2, [...Buffer.from('dpl-cli0')]]]),
		...ng.idb(le, LINKTYPE.RAW, [[9, [9]]]),
		...ng.block(le, 0x00000bad, [1, 2, 3, 4, 5]),
		...ng.epb(le, 0, 1_700_000_000_123_456n, eth),
		...ng.epb(le, 1, 1_700_000_001_987_654_321n, v6),
		...ng.spb(le, eth),
	]);
}

function summary(records: CaptureRecord[]): unknown[] {
	return records.map((r) => [r.frame, r.linktype, r.interfaceId, r.timestamp, r.data.length, r.origLength]);
}

test('classic pcap in both byte orders and both resolutions reads back timestamps and frames', (t) => {
	const records: Array<[bigint, Uint8Array]> = [
		[1_700_000_000_123_456_789n, v4],
		[1_700_000_000_200_000_001n, v6],
	];
	for (const le of [true, false]) {
		for (const ns of [true, false]) {
			const read = [...readCapture(classicPcap(le, ns, LINKTYPE.RAW, records))];
			t.deepEqual(
				read.map((r) => r.timestamp),
				ns ? [1_700_000_000_123_456_789n, 1_700_000_000_200_000_001n] : [1_700_000_000_123_456_000n, 1_700_000_000_200_000_000n],
			);
			t.deepEqual(
				read.map((r) => [r.frame, r.linktype, r.origLength, r.offset]),
				[
					[1, 101, v4.length + 10, 24],
					[2, 101, v6.length + 10, 24 + 16 + v4.length],
				],
			);
			t.deepEqual([...read[1]!.data], [...v6]);
		}
	}
});

test('the modified (Kuznetzov) pcap magic with 24-byte record headers is read', (t) => {
	const header = Uint8Array.from(encodeFileHeader({ linktype: LINKTYPE.RAW }));
	header.set([0x34, 0xcd, 0xb2, 0xa1], 0);
	const record = encodeRecord(v4, 5_000_000_000n);
	const extra = Uint8Array.from([...record.subarray(0, 16), 1, 0, 0, 0, 8, 0, 0, 0, ...record.subarray(16)]);
	const read = [...readCapture(Uint8Array.from([...header, ...extra]))];
	t.is(read.length, 1);
	t.is(read[0]!.timestamp, 5_000_000_000n);
	t.deepEqual([...read[0]!.data], [...v4]);
});

test('pcapng with two interfaces of different link types, in both byte orders', (t) => {
	for (const le of [true, false]) {
		const parser = new CaptureParser();
		parser.push(twoInterfaceNg(le));
		const read: CaptureRecord[] = [];
		for (let r = parser.next(); r; r = parser.next()) read.push(r);
		parser.finish();
		t.is(parser.format, 'pcapng');
		t.deepEqual(
			parser.interfaces.map((i) => [i.linktype, i.name]),
			[
				[1, 'dpl-cli0'],
				[101, undefined],
			],
		);
		t.deepEqual(summary(read), [
			[1, 1, 0, 1_700_000_000_123_456_000n, eth.length, eth.length],
			[2, 101, 1, 1_700_000_001_987_654_321n, v6.length, v6.length],
			[3, 1, 0, 0n, eth.length, eth.length],
		]);
		const d0 = extractUdp(read[0]!.linktype, read[0]!.data);
		const d1 = extractUdp(read[1]!.linktype, read[1]!.data);
		t.like(d0, { kind: 'udp', family: 4, dport: 68, vlans: [{ vid: 42 }] });
		t.like(d1, { kind: 'udp', family: 6, dport: 547, udpChecksum: 'ok' });
	}
});

test('pcapng power-of-two resolution, if_tsoffset, and a second section resetting the interfaces', (t) => {
	const le = false;
	const bytes = Uint8Array.from([
		...ng.shb(le),
		// 2^-10 s per tick, and timestamps relative to 1_000_000 s.
		...ng.idb(le, LINKTYPE.IPV4, [
			[9, [0x80 | 10]],
			[14, [0, 0, 0, 0, 0, 0x0f, 0x42, 0x40]],
		]),
		...ng.epb(le, 0, 1536n, v4),
		...ng.shb(true),
		...ng.idb(true, LINKTYPE.IPV6),
		...ng.epb(true, 0, 3n, v6),
	]);
	const read = [...readCapture(bytes)];
	t.deepEqual(
		read.map((r) => [r.frame, r.linktype, r.timestamp]),
		[
			[1, 228, 1_000_000n * 1_000_000_000n + 1_500_000_000n],
			[2, 229, 3000n],
		],
	);
});

test('a packet naming an interface the section has not defined is a DecodeError', (t) => {
	const bytes = Uint8Array.from([...ng.shb(true), ...ng.idb(true, 1), ...ng.epb(true, 3, 0n, eth)]);
	const e = t.throws(() => [...readCapture(bytes)], { instanceOf: DecodeError });
	t.is(e.code, 'ERR_BAD_VALUE');
	t.is(e.offset, 28 + 20 + 8);
});

test('input that is not a capture is ERR_NOT_CAPTURE at offset 0; empty input too', (t) => {
	const text = new TextEncoder().encode('this is a text file, not a capture\n');
	const e = t.throws(() => [...readCapture(text)], { instanceOf: DecodeError });
	t.is(e.code, 'ERR_NOT_CAPTURE');
	t.is(e.offset, 0);
	t.is(t.throws(() => [...readCapture(new Uint8Array(0))], { instanceOf: DecodeError }).code, 'ERR_NOT_CAPTURE');
});

test('a stream delivered one byte at a time yields the same records as the whole buffer', async (t) => {
	for (const bytes of [
		classicPcap(true, false, LINKTYPE.ETHERNET, [
			[1n, eth],
			[2n, eth],
		]),
		twoInterfaceNg(false),
	]) {
		const whole = summary([...readCapture(bytes)]);
		async function* oneByOne(): AsyncGenerator<Uint8Array> {
			for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
		}
		const streamed: CaptureRecord[] = [];
		for await (const r of readCaptureStream(oneByOne())) streamed.push(r);
		t.deepEqual(summary(streamed), whole);
		t.deepEqual([...streamed.at(-1)!.data], [...eth]);
	}
});

test('a stream cut inside a record ends with ERR_TRUNCATED after the whole records', async (t) => {
	const bytes = classicPcap(true, false, LINKTYPE.RAW, [
		[1n, v4],
		[2n, v4],
	]);
	async function* chunks(): AsyncGenerator<Uint8Array> {
		yield bytes.subarray(0, 50);
		yield bytes.subarray(50, bytes.length - 3);
	}
	const got: number[] = [];
	const e = await t.throwsAsync(async () => {
		for await (const r of readCaptureStream(chunks())) got.push(r.frame);
	});
	t.true(e instanceof DecodeError);
	t.is((e as DecodeError).code, 'ERR_TRUNCATED');
	t.is((e as DecodeError).offset, 24 + 16 + v4.length);
	t.deepEqual(got, [1]);
});

test('truncation at every offset and a garbage byte at every offset give records or a DecodeError, never anything else', (t) => {
	const classic = classicPcap(false, true, LINKTYPE.ETHERNET, [
		[7n, eth],
		[8n, eth],
	]);
	const pcapng = twoInterfaceNg(true);
	// Cuts that leave a shorter but valid capture: after the file header and between records or blocks.
	const ngBoundaries: number[] = [];
	for (let at = 0; at < pcapng.length; ) {
		at += new DataView(pcapng.buffer).getUint32(at + 4, true);
		ngBoundaries.push(at);
	}
	const cases: Array<[Uint8Array, Set<number>]> = [
		[classic, new Set([24, 24 + 16 + eth.length])],
		[pcapng, new Set(ngBoundaries)],
	];
	let truncations = 0;
	for (const [file, validCuts] of cases) {
		for (let cut = 0; cut < file.length; cut++) {
			try {
				[...readCapture(file.subarray(0, cut))];
				t.true(validCuts.has(cut), `a cut at ${cut} parsed without error`);
			} catch (error) {
				if (!(error instanceof DecodeError)) throw error;
				t.false(validCuts.has(cut), `a cut at ${cut} failed: ${error.message}`);
				t.true(error.offset <= cut, `offset ${error.offset} past the cut ${cut}`);
				truncations++;
			}
		}
		for (let at = 0; at < file.length; at++) {
			for (const value of [0x00, 0xff, 0x7f]) {
				const copy = Uint8Array.from(file);
				copy[at] = value;
				try {
					for (const r of readCapture(copy)) extractUdp(r.linktype, r.data);
				} catch (error) {
					if (!(error instanceof DecodeError)) throw error;
					t.true(error.offset >= 0 && error.offset <= copy.length);
				}
			}
		}
	}
	t.is(truncations, classic.length + pcapng.length - 2 - ngBoundaries.length + 1);
});

test('readCaptureFile: a missing file and a directory are UserErrors naming the path', async (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'dpl-pcap-'));
	t.teardown(() => rmSync(dir, { recursive: true, force: true }));
	const consume = async (path: string): Promise<void> => {
		for await (const _ of readCaptureFile(path)) void _;
	};
	const missing = await t.throwsAsync(consume(join(dir, 'nope.pcap')), { instanceOf: UserError });
	t.regex(missing.message, /nope\.pcap.*ENOENT/);
	const isDir = await t.throwsAsync(consume(dir), { instanceOf: UserError });
	t.regex(isDir.message, /EISDIR/);
	const file = join(dir, 'ok.pcap');
	writeFileSync(file, classicPcap(true, false, LINKTYPE.RAW, [[1n, v4]]));
	const frames: number[] = [];
	for await (const r of readCaptureFile(file)) frames.push(r.frame);
	t.deepEqual(frames, [1]);
});
