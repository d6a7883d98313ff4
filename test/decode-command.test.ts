import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import * as dhcp4 from '../src/codec/dhcp4/index.js';
import * as dhcp6 from '../src/codec/dhcp6/index.js';
import { buildIPv4Udp, buildIPv6Udp, frameForLinktype } from '../src/net/build.js';
import { ETHERTYPE } from '../src/net/ethernet.js';
import { LINKTYPE } from '../src/net/linktype.js';
import { CAPTURES_DIR, SCRATCH_DIR, captureFiles, pcapFile, realPackets, tempFile, type RealPacket } from './fixtures/decode/captures.js';
import { buildPcapng } from './fixtures/decode/pcapng.js';
import { BIN, runCli } from './helpers/cli.js';
import { checkPasteBack6 } from './helpers/paste-back.js';

// `dhcpulse decode FILE|-` over the real captures in captures/ and over captures built from
// their packets: other link types, pcapng, nanosecond timestamps, corrupted DHCP packets.

test.after.always(() => rmSync(SCRATCH_DIR, { recursive: true, force: true }));

const TIME_US = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const TIME_NS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

interface JsonLine {
	frame: number;
	time: string;
	src: string;
	dst: string;
	sport: number;
	dport: number;
	family: 4 | 6;
	packet?: Record<string, unknown>;
	error?: { code: string; offset: number; message: string };
}

function jsonLines(stdout: string): JsonLine[] {
	return stdout
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => JSON.parse(l) as JsonLine);
}

const decode = (args: string[], input?: Buffer) => runCli(['decode', ...args], { timeoutMs: 60_000, ...(input ? { input } : {}) });

for (const file of captureFiles()) {
	test(`${file}: every packet is printed with its frame, time, addresses and ports; exit 0`, async (t) => {
		const packets = realPackets(file);
		const v4 = packets.filter((p) => p.udp.family === 4).length;
		const text = await decode([join(CAPTURES_DIR, file)]);
		t.is(text.code, 0, text.stderr);
		t.is(text.stderr, `dhcpulse: decode: ${packets.length} frame${packets.length === 1 ? '' : 's'}: ${packets.length} DHCP (${v4} v4, ${packets.length - v4} v6), 0 malformed, 0 other\n`);
		const headers = text.stdout.split('\n').filter((l) => l.startsWith('#'));
		t.is(headers.length, packets.length);
		for (const [i, p] of packets.entries()) {
			const u = p.udp;
			const ep = (a: string, port: number) => (u.family === 6 ? `[${a}]:${port}` : `${a}:${port}`);
			t.true(headers[i]!.startsWith(`#${i + 1} `), headers[i]);
			t.true(headers[i]!.includes(` ${ep(u.src, u.sport)} → ${ep(u.dst, u.dport)} `), headers[i]);
			t.true(headers[i]!.endsWith(`(${u.payload.length} bytes)`), headers[i]);
		}

		const json = await decode(['--json', join(CAPTURES_DIR, file)]);
		t.is(json.code, 0, json.stderr);
		const lines = jsonLines(json.stdout);
		t.is(lines.length, packets.length);
		for (const [i, line] of lines.entries()) {
			const u = packets[i]!.udp;
			t.deepEqual(Object.keys(line), ['frame', 'time', 'src', 'dst', 'sport', 'dport', 'family', 'packet']);
			t.like(line, { frame: i + 1, src: u.src, dst: u.dst, sport: u.sport, dport: u.dport, family: u.family });
			t.regex(line.time, TIME_US);
			const expected = u.family === 4 ? dhcp4.toJSON(dhcp4.decode(u.payload)) : dhcp6.messageToJSON(dhcp6.decode(u.payload));
			t.deepEqual(line.packet, JSON.parse(JSON.stringify(expected)));
		}
	});
}

test('the header line names the DHCP message type, and a relay message what it carries', async (t) => {
	const v4 = await decode([join(CAPTURES_DIR, 'kea4-dora-dhclient.pcap')]);
	const types4 = v4.stdout
		.split('\n')
		.filter((l) => l.startsWith('#'))
		.map((l) => / (\S+) \(\d+ bytes\)$/.exec(l)![1]);
	t.deepEqual(types4, ['DHCPDISCOVER', 'DHCPOFFER', 'DHCPREQUEST', 'DHCPACK']);
	const first = v4.stdout.split('\n')[0]!;
	t.regex(first, /^#1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z 0\.0\.0\.0:68 → 255\.255\.255\.255:67 DHCPDISCOVER \(300 bytes\)$/);
	const v6 = await decode([join(CAPTURES_DIR, 'kea6-relayed-perfdhcp.pcap')]);
	const types6 = v6.stdout
		.split('\n')
		.filter((l) => l.startsWith('#'))
		.map((l) => / (\S+) \(\d+ bytes\)$/.exec(l)![1]);
	t.deepEqual(types6.slice(0, 4), ['RELAY-FORW(SOLICIT)', 'RELAY-REPL(ADVERTISE)', 'RELAY-FORW(REQUEST)', 'RELAY-REPL(REPLY)']);
});

/** Option lines of the DHCPv4 text dump: `    53 (DHCP Message Type): offer`, `     6 (…)[hex]: 0A 4D 00`. */
const OPTION_LINE = /^ {4} *(\d+) \((.*?)\)(\[hex\])?: (.*)$/;

/**
 * The paste-back promise, with no exceptions: every option line the text output prints, at every
 * level (DHCPv6 options inside IA_NA / IA_PD / IAADDR and inside relayed messages), parses back
 * through CODE[FMT]=VALUE to the option's exact bytes.
 */
test('every option value the text output prints, nested ones included, parses back to the option bytes (every capture)', async (t) => {
	let checked4 = 0;
	let checked6 = 0;
	for (const file of captureFiles()) {
		const packets = realPackets(file);
		const out = await decode([join(CAPTURES_DIR, file)]);
		const blocks = out.stdout.split('\n\n').filter((b) => b.startsWith('#'));
		t.is(blocks.length, packets.length, file);
		for (const [i, block] of blocks.entries()) {
			const where = `${file} #${i + 1}`;
			const payload = packets[i]!.udp.payload;
			if (packets[i]!.udp.family === 6) {
				const result = checkPasteBack6(dhcp6.decode(payload), block);
				t.deepEqual(result.failures, [], where);
				checked6 += result.checked;
				continue;
			}
			const options = dhcp4.mergeOptions(dhcp4.decode(payload).options);
			const printed = block.split('\n').filter((l) => OPTION_LINE.test(l));
			t.is(printed.length, options.length, where);
			for (const [k, line] of printed.entries()) {
				const [, code, , hex, value] = OPTION_LINE.exec(line)!;
				const parsed = dhcp4.dhcp4Options.parseOption(`${code}${hex ?? ''}=${value}`);
				t.deepEqual(Buffer.from(parsed.data), Buffer.from(options[k]!.data), `${where}: ${line}`);
				checked4++;
			}
		}
	}
	t.log(`${checked4} DHCPv4 and ${checked6} DHCPv6 option lines pasted back`);
	t.true(checked4 > 100, `${checked4} DHCPv4 options`);
	t.true(checked6 > 100, `${checked6} DHCPv6 options`);
});

test('standard input (-) gives the same output as the file', async (t) => {
	const path = join(CAPTURES_DIR, 'kea4-relayed-option82-perfdhcp.pcap');
	const fromFile = await decode(['--json', path]);
	const fromStdin = await decode(['--json', '-'], readFileSync(path));
	t.is(fromStdin.code, 0, fromStdin.stderr);
	t.is(fromStdin.stdout, fromFile.stdout);
	t.is(fromStdin.stderr, fromFile.stderr);
	t.is(jsonLines(fromStdin.stdout).length, 12);
});

/** Re-sends a real packet with another UDP payload: same addresses and ports, right checksums. */
function withPayload(p: RealPacket, payload: Uint8Array): Uint8Array {
	const u = p.udp;
	const ip = u.family === 4 ? buildIPv4Udp({ src: u.src, dst: u.dst, sport: u.sport, dport: u.dport, payload }) : buildIPv6Udp({ src: u.src, dst: u.dst, sport: u.sport, dport: u.dport, payload });
	return frameForLinktype(LINKTYPE.ETHERNET, ip, { ...(u.linkSrc ? { src: u.linkSrc } : {}), ...(u.linkDst ? { dst: u.linkDst } : {}) });
}

/** Offset (in the DHCPv4 payload) of the first option with `code` in the options field. */
function v4OptionAt(payload: Uint8Array, code: number): number {
	let p = 240;
	while (payload[p] !== code) p += payload[p] === 0 ? 1 : 2 + payload[p + 1]!;
	return p;
}

test('a malformed DHCP packet is reported with its frame, code and offset; the others still print; exit 1', async (t) => {
	const v4 = realPackets('kea4-dora-dhclient.pcap');
	const v6 = realPackets('kea6-sarr-na-pd-dhclient.pcap');
	// The OFFER with its domain-name option (15) claiming 200 bytes: it overruns the options field.
	const lying = Buffer.from(v4[1]!.udp.payload);
	const at = v4OptionAt(lying, 15);
	lying[at + 1] = 200;
	// The ADVERTISE cut 3 bytes into the header of its second option.
	const cut = v6[1]!.udp.payload.subarray(0, 4 + 4 + dhcp6.decode(v6[1]!.udp.payload).options[0]!.data.length + 3);
	const file = tempFile(
		pcapFile(LINKTYPE.ETHERNET, [
			{ data: v4[0]!.record.data, timestamp: v4[0]!.record.timestamp },
			{ data: withPayload(v4[1]!, lying), timestamp: v4[1]!.record.timestamp },
			{ data: withPayload(v6[1]!, cut), timestamp: v6[1]!.record.timestamp },
			{ data: v4[3]!.record.data, timestamp: v4[3]!.record.timestamp },
		]),
	);
	const json = await decode(['--json', file]);
	t.is(json.code, 1, json.stderr);
	const lines = jsonLines(json.stdout);
	t.deepEqual(
		lines.map((l) => l.frame),
		[1, 2, 3, 4],
	);
	t.truthy(lines[0]!.packet);
	t.like(lines[1], { frame: 2, family: 4, sport: 67, error: { code: 'ERR_TRUNCATED', offset: at } });
	t.like(lines[2], { frame: 3, family: 6, sport: 547, error: { code: 'ERR_TRUNCATED', offset: 4 + 4 + dhcp6.decode(v6[1]!.udp.payload).options[0]!.data.length } });
	t.is(lines[1]!.packet, undefined);
	t.truthy(lines[3]!.packet);
	t.is(json.stderr, 'dhcpulse: decode: 4 frames: 4 DHCP (3 v4, 1 v6), 2 malformed, 0 other\n');

	const text = await decode([file]);
	t.is(text.code, 1);
	const malformed = text.stdout.split('\n').filter((l) => l.includes(' malformed '));
	t.is(malformed.length, 2);
	t.regex(malformed[0]!, new RegExp(`^#2 \\S+ 198\\.18\\.0\\.1:67 → \\S+:68 malformed \\(${lying.length} bytes\\): ERR_TRUNCATED at offset ${at}: option 15 `));
	t.regex(malformed[1]!, /^#3 \S+ \[fe80::[0-9a-f:]+\]:547 → \[fe80::[0-9a-f:]+\]:546 malformed \(\d+ bytes\): ERR_TRUNCATED at offset \d+: /);
});

test('other frames are skipped and counted; a DHCP frame cut by the snap length is decoded as far as it goes and fails the run (exit 1)', async (t) => {
	const v4 = realPackets('kea4-dora-udhcpc.pcap');
	const arp = new Uint8Array(42);
	arp.fill(0xff, 0, 6);
	arp[12] = ETHERTYPE.ARP >> 8;
	arp[13] = ETHERTYPE.ARP & 0xff;
	const dns = frameForLinktype(LINKTYPE.ETHERNET, buildIPv4Udp({ src: '198.18.0.2', dst: '198.18.0.53', sport: 40000, dport: 53, payload: new Uint8Array(30) }));
	const file = tempFile(
		pcapFile(LINKTYPE.ETHERNET, [
			{ data: v4[0]!.record.data, timestamp: v4[0]!.record.timestamp },
			{ data: arp, timestamp: v4[0]!.record.timestamp },
			{ data: dns, timestamp: v4[0]!.record.timestamp },
			{ data: v4[1]!.record.data, timestamp: v4[1]!.record.timestamp, snaplen: 96 },
			{ data: v4[2]!.record.data, timestamp: v4[2]!.record.timestamp },
		]),
	);
	const out = await decode(['--json', file]);
	t.is(out.code, 1, out.stderr);
	const lines = jsonLines(out.stdout);
	t.deepEqual(
		lines.map((l) => l.frame),
		[1, 4, 5],
	);
	t.like(lines[1] as unknown as Record<string, unknown>, { sport: 67, truncated: { code: 'ERR_TRUNCATED', offset: 96 } });
	t.is(out.stderr, 'dhcpulse: decode: 5 frames: 3 DHCP (3 v4, 0 v6), 1 malformed, 2 other\n');
	const text = await decode([file]);
	t.is(text.code, 1);
	t.regex(text.stdout, /^#4 \S+ \S+ → \S+ malformed \(\d+ bytes\): .*; truncated at frame byte 96: IPv4 total length \d+, \d+ bytes captured$/m);
});

/** The JSON lines of a run, without `time` (which differs with the resolution). */
async function packetsOf(path: string, t: any): Promise<Omit<JsonLine, 'time'>[]> {
	const out = await decode(['--json', path]);
	t.is(out.code, 0, out.stderr);
	return jsonLines(out.stdout).map(({ time, ...rest }) => rest);
}

test('Linux cooked (SLL, SLL2), 802.1Q / Q-in-Q tagged Ethernet and raw IP captures decode to the same packets', async (t) => {
	for (const file of ['kea4-relayed-option82-perfdhcp.pcap', 'kea6-sarr-na-pd-perfdhcp.pcap']) {
		const packets = realPackets(file);
		const reference = await packetsOf(join(CAPTURES_DIR, file), t);
		const variants: [string, number, (ip: Uint8Array) => Uint8Array][] = [
			['SLL', LINKTYPE.LINUX_SLL, (ip) => frameForLinktype(LINKTYPE.LINUX_SLL, ip)],
			['SLL2', LINKTYPE.LINUX_SLL2, (ip) => frameForLinktype(LINKTYPE.LINUX_SLL2, ip)],
			['802.1Q', LINKTYPE.ETHERNET, (ip) => frameForLinktype(LINKTYPE.ETHERNET, ip, { vlans: [{ vid: 42 }] })],
			['Q-in-Q', LINKTYPE.ETHERNET, (ip) => frameForLinktype(LINKTYPE.ETHERNET, ip, { vlans: [{ vid: 100, tpid: 0x88a8 }, { vid: 42 }] })],
			['raw IP', LINKTYPE.RAW, (ip) => ip],
		];
		for (const [name, linktype, wrap] of variants) {
			const path = tempFile(
				pcapFile(
					linktype,
					packets.map((p) => ({ data: wrap(p.ip), timestamp: p.record.timestamp })),
				),
				`${name}.pcap`,
			);
			t.deepEqual(await packetsOf(path, t), reference, `${file} as ${name}`);
		}
	}
});

test('pcapng (either byte order) and nanosecond pcap decode to the same packets, with ns times where the capture has them', async (t) => {
	const file = 'kea6-sarr-na-pd-dhclient.pcap';
	const packets = realPackets(file);
	const reference = await packetsOf(join(CAPTURES_DIR, file), t);
	const ns = (p: RealPacket, i: number) => p.record.timestamp + BigInt(i * 7 + 1);
	const inputs: [string, Buffer, RegExp][] = [
		[
			'pcapng LE µs',
			buildPcapng(
				[{ linktype: LINKTYPE.ETHERNET, tsresol: 6 }],
				packets.map((p) => ({ timestamp: p.record.timestamp, data: p.record.data })),
			),
			TIME_US,
		],
		[
			'pcapng BE ns',
			buildPcapng(
				[{ linktype: LINKTYPE.ETHERNET, tsresol: 9 }],
				packets.map((p, i) => ({ timestamp: ns(p, i), data: p.record.data })),
				false,
			),
			TIME_NS,
		],
		[
			'pcap ns',
			pcapFile(
				LINKTYPE.ETHERNET,
				packets.map((p) => ({ data: p.record.data, timestamp: p.record.timestamp })),
				'ns',
			),
			TIME_NS,
		],
	];
	for (const [name, bytes, time] of inputs) {
		const path = tempFile(bytes, `${name.replace(/\W/g, '-')}.cap`);
		t.deepEqual(await packetsOf(path, t), reference, name);
		const out = await decode(['--json', path]);
		for (const line of jsonLines(out.stdout)) t.regex(line.time, time, name);
	}
	// The text header carries the exact nanoseconds too.
	const pcapngNs = tempFile(inputs[1]![1], 'ns.pcapng');
	const text = await decode([pcapngNs]);
	const first = packets[0]!.record.timestamp + 1n;
	const fraction = (first % 1_000_000_000n).toString().padStart(9, '0');
	t.true(text.stdout.startsWith(`#1 ${new Date(Number(first / 1_000_000n)).toISOString().slice(0, 19)}.${fraction}Z `), text.stdout.slice(0, 80));
});

test('a file that is not a capture, a missing file and empty input: one line on stderr, exit 3', async (t) => {
	const garbage = tempFile('this is not a capture file, just text\n', 'garbage.txt');
	const cases: [string[], Buffer | undefined, string][] = [
		[[garbage], undefined, `dhcpulse: decode ${garbage}: not a pcap or pcapng file\n`],
		[['/nonexistent/x.pcap'], undefined, 'dhcpulse: decode /nonexistent/x.pcap: cannot open (ENOENT)\n'],
		[['-'], Buffer.alloc(0), 'dhcpulse: decode standard input: not a pcap or pcapng file (empty)\n'],
		[['--json', '-'], Buffer.from('GET / HTTP/1.1\r\n'), 'dhcpulse: decode standard input: not a pcap or pcapng file\n'],
		[[CAPTURES_DIR], undefined, `dhcpulse: decode ${CAPTURES_DIR}: cannot read (EISDIR)\n`],
		[[], undefined, 'dhcpulse: decode needs a capture file: dhcpulse decode FILE (or - for standard input)\n'],
	];
	for (const [args, input, stderr] of cases) {
		const out = await decode(args, input);
		t.is(out.code, 3, args.join(' '));
		t.is(out.stderr, stderr);
		t.is(out.stdout, '');
	}
});

test('a capture cut short inside a record: the packets before it are printed, then one error line, exit 3', async (t) => {
	const bytes = readFileSync(join(CAPTURES_DIR, 'kea4-dora-dhclient.pcap'));
	const out = await decode(['--json', '-'], bytes.subarray(0, bytes.length - 20));
	t.is(out.code, 3);
	t.is(jsonLines(out.stdout).length, 3);
	const stderr = out.stderr.split('\n').filter((l) => l !== '');
	t.is(stderr[0], 'dhcpulse: decode: 3 frames: 3 DHCP (3 v4, 0 v6), 0 malformed, 0 other');
	t.regex(stderr[1]!, /^dhcpulse: decode standard input: capture is cut short after frame 3: input ends \d+ bytes into a record \(byte \d+\)$/);
	t.is(stderr.length, 2);
});

test('standard input is decoded as it arrives: a packet prints before the capture ends', async (t) => {
	const bytes = readFileSync(join(CAPTURES_DIR, 'kea4-dora-dhclient.pcap'));
	// File header (24) + first record (16-byte header + its frame).
	const firstEnd = 24 + 16 + bytes.readUInt32LE(24 + 8);
	const child = spawn(process.execPath, [BIN, 'decode', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
	const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	let stdout = '';
	const firstPacket = new Promise<void>((resolve) => {
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
			if (stdout.includes('#1 ')) resolve();
		});
	});
	const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
	child.stdin.write(bytes.subarray(0, firstEnd));
	// Without streaming, nothing prints until the input ends; the kill timer bounds that case.
	await Promise.race([firstPacket, exited]);
	t.true(stdout.includes('#1 '), 'the first packet printed while standard input was still open');
	t.false(stdout.includes('#2 '), 'only the first packet has arrived');
	child.stdin.end(bytes.subarray(firstEnd));
	t.is(await exited, 0);
	clearTimeout(killer);
	t.is(stdout.split('\n').filter((l) => l.startsWith('#')).length, 4);
});

test('output that cannot be written is a one-line error, exit 3; a reader that goes away (| head) ends the run quietly', async (t) => {
	const full = openSync('/dev/full', 'w');
	const child = spawn(process.execPath, [BIN, 'decode', join(CAPTURES_DIR, 'kea4-dora-dhclient.pcap')], { stdio: ['ignore', full, 'pipe'] });
	let stderr = '';
	child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	closeSync(full);
	t.is(code, 3);
	t.is(stderr, 'dhcpulse: decode: cannot write the output (ENOSPC)\n');

	// A reader that takes one line and leaves: no EPIPE error, no stack trace.
	const big = tempFile(
		pcapFile(
			LINKTYPE.ETHERNET,
			Array.from({ length: 3000 }, (_, i) => ({ data: realPackets('kea4-dora-dhclient.pcap')[i % 4]!.record.data, timestamp: BigInt(i) * 1000n })),
		),
	);
	const head = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" decode "${big}" | head -n 1`], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	head.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
	head.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
	await new Promise((resolve) => head.on('close', resolve));
	t.regex(out, /^#1 .* DHCPDISCOVER \(300 bytes\)\n$/);
	t.notRegex(err, /EPIPE|Error|    at /);
});
