import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import { FrameTally, classifyFrame, type FrameResult } from '../src/decode/frame.js';
import { formatEndpoint, formatTime } from '../src/decode/present.js';
import { buildIPv4Udp, buildIPv6Udp, frameForLinktype } from '../src/net/build.js';
import { LINKTYPE } from '../src/net/linktype.js';
import type { CaptureRecord } from '../src/pcap/reader.js';
import { realPackets } from './fixtures/decode/captures.js';

// The per-frame pipeline of `dhcpulse decode` and its time format, without the CLI.

function record(data: Uint8Array, linktype: number = LINKTYPE.RAW, origLength = data.length): CaptureRecord {
	return { frame: 7, timestamp: 1_763_681_401_123_456_000n, linktype, data, origLength, interfaceId: 0, offset: 0 };
}

const offer = () => realPackets('kea4-dora-dhclient.pcap')[1]!.udp.payload;
const advertise = () => realPackets('kea6-sarr-na-pd-dhclient.pcap')[1]!.udp.payload;

test('times print in ISO 8601 UTC with µs or ns digits, exactly', (t) => {
	t.is(formatTime(1_763_681_401_123_456_000n, 'us'), '2025-11-20T23:30:01.123456Z');
	t.is(formatTime(1_763_681_401_123_456_789n, 'ns'), '2025-11-20T23:30:01.123456789Z');
	t.is(formatTime(0n, 'us'), '1970-01-01T00:00:00.000000Z');
	t.is(formatTime(-1n, 'ns'), '1969-12-31T23:59:59.999999999Z');
});

test('times beyond the range of Date (a pcapng timestamp is 64 bits of ticks) print instead of throwing (fuzz regression)', (t) => {
	// Found by benchmarks/fuzz: a bit flip in an EPB timestamp made toISOString throw RangeError.
	t.is(formatTime(8_640_000_000_000n * 1_000_000_000n, 'us'), '+275760-09-13T00:00:00.000000Z');
	t.is(formatTime(8_640_000_000_001n * 1_000_000_000n + 5n, 'ns'), '+275760-09-13T00:00:01.000000005Z');
	t.is(formatTime(-8_640_000_000_001n * 1_000_000_000n, 'us'), '-271821-04-19T23:59:59.000000Z');
	t.is(formatTime((1n << 64n) * 1000n - 1n, 'us'), '+586524-01-19T08:01:49.551615Z');
	t.is(formatTime(253_402_300_800n * 1_000_000_000n, 'us'), '+010000-01-01T00:00:00.000000Z');
});

test('endpoints: IPv6 addresses in brackets', (t) => {
	t.is(formatEndpoint(4, '198.18.0.1', 67), '198.18.0.1:67');
	t.is(formatEndpoint(6, 'fe80::1', 546), '[fe80::1]:546');
});

test('a datagram is DHCP when either port is its family’s DHCP port: relay to server (67 → 67, 547 → 547) counts', (t) => {
	const relay4 = classifyFrame(record(buildIPv4Udp({ src: '198.19.0.2', dst: '198.19.0.1', sport: 67, dport: 67, payload: offer() })));
	t.like(relay4, { kind: 'dhcp', family: 4, frame: 7, sport: 67, dport: 67, src: '198.19.0.2' });
	const relay6 = classifyFrame(record(buildIPv6Udp({ src: '2001:db8:2::2', dst: '2001:db8:2::1', sport: 547, dport: 547, payload: advertise() })));
	t.like(relay6, { kind: 'dhcp', family: 6 });
	const reply = classifyFrame(record(buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.0.10', sport: 67, dport: 68, payload: offer() })));
	t.is(reply.kind, 'dhcp');
});

test('DHCPv4 ports over IPv6 and DHCPv6 ports over IPv4 are not DHCP; neither is DNS', (t) => {
	const v4on6 = classifyFrame(record(buildIPv6Udp({ src: '2001:db8::1', dst: '2001:db8::2', sport: 68, dport: 67, payload: offer() })));
	t.like(v4on6, { kind: 'other', detail: 'UDP port 68 → 67' });
	const v6on4 = classifyFrame(record(buildIPv4Udp({ src: '198.18.0.2', dst: '198.18.0.1', sport: 546, dport: 547, payload: advertise() })));
	t.is(v6on4.kind, 'other');
	const dns = classifyFrame(record(buildIPv4Udp({ src: '198.18.0.2', dst: '198.18.0.53', sport: 5353, dport: 53, payload: new Uint8Array(12) })));
	t.like(dns, { kind: 'other', detail: 'UDP port 5353 → 53' });
});

test('a DHCP payload the codec rejects is malformed, with the codec’s DecodeError (offset within the payload)', (t) => {
	const cut = offer().subarray(0, 100);
	const result = classifyFrame(record(buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.0.10', sport: 67, dport: 68, payload: cut })));
	t.is(result.kind, 'malformed');
	if (result.kind !== 'malformed') return;
	t.true(result.error instanceof DecodeError);
	t.is(result.error.code, 'ERR_TRUNCATED');
	t.is(result.error.offset, 0); // where the 236-byte fixed header starts
	t.is(result.payload.length, 100);
});

test('a DHCP frame cut by the snap length is decoded as far as the bytes go and marked truncated where they end', (t) => {
	const frame = frameForLinktype(LINKTYPE.ETHERNET, buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.0.10', sport: 67, dport: 68, payload: offer() }));
	const result = classifyFrame(record(frame.subarray(0, 64), LINKTYPE.ETHERNET, frame.length));
	t.like(result, { kind: 'malformed', sport: 67, dport: 68 });
	if (result.kind !== 'malformed') return;
	t.like(result.truncated, { code: 'ERR_TRUNCATED', offset: 64 });
	t.is(result.payload.length, 64 - 14 - 20 - 8);
	// Cut inside the IP header, there are no ports to tell a DHCP frame by: undecodable, as before.
	t.like(classifyFrame(record(frame.subarray(0, 30), LINKTYPE.ETHERNET, frame.length)), { kind: 'undecodable', cut: true, captured: 30 });
});

test('a DHCP frame whose IP or UDP length claims more than the frame holds is malformed there, with what it holds decoded', (t) => {
	const packet = Buffer.from(buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.0.10', sport: 67, dport: 68, payload: offer() }));
	// The capture's own lengths agree (no snap-length cut); the IP header lies by 40 bytes.
	const lyingIp = Buffer.from(packet);
	lyingIp.writeUInt16BE(packet.length + 40, 2);
	const ip = classifyFrame(record(lyingIp));
	t.like(ip, { kind: 'malformed' });
	if (ip.kind !== 'malformed') return;
	t.like(ip.truncated, { code: 'ERR_TRUNCATED', offset: packet.length });
	t.is(ip.error, ip.truncated!);
	t.truthy(ip.message, 'the whole OFFER is there and decodes');
	const lyingUdp = Buffer.from(packet);
	lyingUdp.writeUInt16BE(packet.length - 20 + 12, 24);
	t.like(classifyFrame(record(lyingUdp)), { kind: 'malformed', truncated: { code: 'ERR_TRUNCATED', offset: packet.length } });
});

test('the summary counts malformed packets among the DHCP ones and mentions undecodable frames only when there are some', (t) => {
	const tally = new FrameTally();
	const dhcp = (family: 4 | 6, kind: 'dhcp' | 'malformed'): FrameResult => ({ kind, family, frame: 1, timestamp: 0n, src: '', dst: '', sport: 67, dport: 68, payload: new Uint8Array(0) }) as unknown as FrameResult;
	for (let i = 0; i < 37; i++) tally.count(dhcp(4, 'dhcp'));
	tally.count(dhcp(4, 'malformed'));
	tally.count(dhcp(6, 'dhcp'));
	tally.count(dhcp(6, 'dhcp'));
	tally.count({ kind: 'other', frame: 41, timestamp: 0n, detail: 'EtherType 0x0806' });
	tally.count({ kind: 'other', frame: 42, timestamp: 0n, detail: 'UDP port 1 → 2' });
	t.is(tally.summary(), '42 frames: 40 DHCP (38 v4, 2 v6), 1 malformed, 2 other');
	tally.count({ kind: 'undecodable', frame: 43, timestamp: 0n, error: new DecodeError('ERR_TRUNCATED', 14, 'x'), cut: true, captured: 20, origLength: 300 });
	t.is(tally.summary(), '43 frames: 40 DHCP (38 v4, 2 v6), 1 malformed, 2 other, 1 undecodable');
	const one = new FrameTally();
	one.count(dhcp(4, 'dhcp'));
	t.is(one.summary(), '1 frame: 1 DHCP (1 v4, 0 v6), 0 malformed, 0 other');
});
