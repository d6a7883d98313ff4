import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { UserError } from '../src/exit-codes.js';
import { buildIPv4Udp, buildIPv6Udp, frameForLinktype } from '../src/net/build.js';
import { extractUdp } from '../src/net/datagram.js';
import { LINKTYPE } from '../src/net/linktype.js';
import { readCapture } from '../src/pcap/reader.js';
import { PcapWriter, encodeFileHeader, encodeRecord } from '../src/pcap/writer.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'dpl-pcapw-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const payload = Uint8Array.from({ length: 40 }, (_, i) => i);
const v4 = buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.1.5', sport: 40000, dport: 40001, payload });
const v6 = buildIPv6Udp({
	src: '2001:db8:1::1',
	dst: 'fe80::ff:fe00:1',
	sport: 40002,
	dport: 40003,
	payload,
	extensions: [{ type: 60, data: new Uint8Array(6) }],
});

test('file header: little-endian magic, version 2.4, snap length and link type', (t) => {
	t.deepEqual(Buffer.from(encodeFileHeader()).toString('hex'), 'd4c3b2a1' + '02000400' + '00000000' + '00000000' + '00000400' + '65000000');
	t.deepEqual(Buffer.from(encodeFileHeader({ resolution: 'ns', linktype: 1, snaplen: 1500 }).subarray(0, 4)).toString('hex'), '4d3cb2a1');
});

test('a record longer than the snap length is cut and keeps its original length', (t) => {
	const record = encodeRecord(v4, 1_700_000_000_123_456_789n, { snaplen: 30 });
	const view = new DataView(record.buffer);
	t.is(view.getUint32(0, true), 1_700_000_000);
	t.is(view.getUint32(4, true), 123_456);
	t.is(view.getUint32(8, true), 30);
	t.is(view.getUint32(12, true), v4.length);
	t.is(record.length, 16 + 30);
});

test('written records read back with their link type, timestamps and bytes; close is idempotent', (t) => {
	const path = join(dir, 'roundtrip.pcap');
	const writer = PcapWriter.open(path, { linktype: LINKTYPE.RAW, resolution: 'ns' });
	writer.write(v4, 10n);
	writer.write(v6, 20n);
	t.is(writer.recordCount, 2);
	writer.close();
	writer.close();
	t.throws(() => writer.write(v4), { message: /after close/ });
	const records = [...readCapture(readFileSync(path))];
	t.deepEqual(
		records.map((r) => [r.frame, r.linktype, r.timestamp, r.origLength]),
		[
			[1, 101, 10n, v4.length],
			[2, 101, 20n, v6.length],
		],
	);
	t.deepEqual([...records[1]!.data], [...v6]);
	t.like(extractUdp(records[1]!.linktype, records[1]!.data), { kind: 'udp', sport: 40002, udpChecksum: 'ok' });
});

test('a path that cannot be created is a UserError naming it', (t) => {
	const e = t.throws(() => PcapWriter.open(join(dir, 'no', 'such', 'dir.pcap')), { instanceOf: UserError });
	t.regex(e.message, /dir\.pcap.*ENOENT/);
});

test('tcpdump reads our raw-IP and VLAN-tagged Ethernet captures and finds every UDP checksum right', async (t) => {
	const raw = join(dir, 'tcpdump-raw.pcap');
	const w = PcapWriter.open(raw);
	w.write(v4);
	w.write(v6);
	w.close();
	const ethPath = join(dir, 'tcpdump-eth.pcap');
	const e = PcapWriter.open(ethPath, { linktype: LINKTYPE.ETHERNET });
	e.write(frameForLinktype(LINKTYPE.ETHERNET, v4, { vlans: [{ vid: 7 }] }));
	e.write(frameForLinktype(LINKTYPE.ETHERNET, v6, { src: '02:00:00:00:00:01', dst: '33:33:00:01:00:02' }));
	e.close();
	const sll2Path = join(dir, 'tcpdump-sll2.pcap');
	const s = PcapWriter.open(sll2Path, { linktype: LINKTYPE.LINUX_SLL2 });
	s.write(frameForLinktype(LINKTYPE.LINUX_SLL2, v4));
	s.close();

	const rawOut = await run('tcpdump', ['-vv', '-nr', raw], { timeout: 10_000 });
	t.regex(rawOut.stderr, /link-type RAW/);
	t.is(rawOut.stdout.match(/\[udp sum ok\]/g)?.length, 2);
	t.notRegex(rawOut.stdout, /bad/i);
	t.regex(rawOut.stdout, /198\.18\.0\.1\.40000 > 198\.18\.1\.5\.40001/);
	t.regex(rawOut.stdout, /2001:db8:1::1 > fe80::ff:fe00:1: DSTOPT/);

	const ethOut = await run('tcpdump', ['-vv', '-e', '-nr', ethPath], { timeout: 10_000 });
	t.regex(ethOut.stderr, /link-type EN10MB/);
	t.regex(ethOut.stdout, /vlan 7/);
	t.is(ethOut.stdout.match(/\[udp sum ok\]/g)?.length, 2);
	t.notRegex(ethOut.stdout, /bad/i);

	const sllOut = await run('tcpdump', ['-vv', '-nr', sll2Path], { timeout: 10_000 });
	t.regex(sllOut.stderr, /LINUX_SLL2/);
	t.is(sllOut.stdout.match(/\[udp sum ok\]/g)?.length, 1);
});

test('records buffered in memory reach the file when a SIGINT handler closes the writer', async (t) => {
	const path = join(dir, 'sigint.pcap');
	const writerModule = fileURLToPath(new URL('../src/pcap/writer.ts', import.meta.url));
	// The child buffers 500 records (flushBytes far above their size), says "ready", and waits for SIGINT.
	const script = `
		import { PcapWriter } from ${JSON.stringify(writerModule)};
		const w = PcapWriter.open(${JSON.stringify(path)}, { flushBytes: 1 << 30 });
		for (let i = 0; i < 500; i++) w.write(Uint8Array.of(0x45, i & 0xff), BigInt(i) * 1000n);
		process.on('SIGINT', () => { w.close(); process.exit(130); });
		process.stdout.write('ready\\n');
		setInterval(() => {}, 1000);
	`;
	const child = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
	const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
	t.is(readFileSync(path).length, 24, 'only the header is on disk before the signal');
	child.kill('SIGINT');
	const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
	clearTimeout(killer);
	t.is(code, 130);
	const records = [...readCapture(readFileSync(path))];
	t.is(records.length, 500);
	t.is(records[499]!.timestamp, 499_000n);
});
