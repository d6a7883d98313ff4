import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import { formatIPv6, parseIPv4, parseIPv6, parseMac } from '../src/wire/address.js';
import { buildEthernetFrame, buildIPv4Udp, buildIPv6Udp, frameForLinktype } from '../src/net/build.js';
import { internetChecksum, udpChecksum, verifyUdpChecksum } from '../src/net/checksum.js';
import * as ethernet from '../src/net/ethernet.js';
import * as ipv4 from '../src/net/ipv4.js';
import * as ipv6 from '../src/net/ipv6.js';
import * as sll from '../src/net/linux-sll.js';
import * as ndisc from '../src/net/ndisc.js';
import * as udp from '../src/net/udp.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

test('internet checksum matches the RFC 1071 §3 worked example', (t) => {
	// RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after end-around carry); the checksum is its complement.
	t.is(internetChecksum(hex('0001 f203 f4f5 f6f7')), 0xffff - 0xddf2);
});

test('internet checksum pads an odd trailing byte with zero', (t) => {
	t.is(internetChecksum(hex('01')), internetChecksum(hex('0100')));
});

test('an IPv4 header checksum verifies to zero when included', (t) => {
	const header = hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7');
	t.is(internetChecksum(header), 0);
	const decoded = ipv4.decode(Uint8Array.from([...header, ...new Uint8Array(0x73 - 20)]));
	t.true(decoded.checksumOk);
	t.is(decoded.checksum, 0xb861);
	t.is(decoded.src, '192.168.0.1');
	t.is(decoded.dst, '192.168.0.199');
	t.true(decoded.dontFragment);
	t.false(decoded.isFragment);
});

test('IPv4 round trip keeps options, fragment fields and writes a valid checksum', (t) => {
	const options = hex('94 04 00 00'); // Router Alert (RFC 2113)
	const input: ipv4.IPv4HeaderInput = {
		totalLength: 24 + 8,
		protocol: 17,
		src: '198.19.0.2',
		dst: '198.19.0.1',
		ttl: 3,
		tos: 0xb8,
		identification: 0x1234,
		moreFragments: true,
		fragmentOffset: 1480,
		options,
	};
	t.is(ipv4.encodingLength(input), 24);
	const buf = new Uint8Array(32);
	t.is(ipv4.encode(input, buf), 24);
	const h = ipv4.decode(buf);
	t.is(h.headerLength, 24);
	t.deepEqual([...h.options], [...options]);
	t.is(h.fragmentOffset, 1480);
	t.true(h.moreFragments);
	t.true(h.isFragment);
	t.is(h.tos, 0xb8);
	t.is(h.ttl, 3);
	t.is(h.identification, 0x1234);
	t.true(h.checksumOk);
	t.is(h.payload.length, 8);
});

test('IPv4 payload is bounded by total length, not by Ethernet padding', (t) => {
	const packet = buildIPv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2, payload: hex('aabb') });
	const padded = Uint8Array.from([...packet, 0, 0, 0, 0, 0, 0]);
	const h = ipv4.decode(padded);
	t.is(h.payload.length, 10);
});

test('IPv4 decode reports truncation and impossible lengths with offsets', (t) => {
	const packet = buildIPv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2, payload: hex('aabbcc') });
	const e1 = t.throws(() => ipv4.decode(packet.subarray(0, 19)), { instanceOf: DecodeError });
	t.is(e1.code, 'ERR_TRUNCATED');
	const e2 = t.throws(() => ipv4.decode(packet, 0, packet.length - 1), { instanceOf: DecodeError });
	t.is(e2.code, 'ERR_TRUNCATED');
	const bad = Uint8Array.from(packet);
	bad[0] = 0x44; // IHL 4: shorter than the fixed header
	t.is(t.throws(() => ipv4.decode(bad), { instanceOf: DecodeError }).code, 'ERR_BAD_LENGTH');
	const v6 = Uint8Array.from(packet);
	v6[0] = 0x65;
	t.is(t.throws(() => ipv4.decode(v6), { instanceOf: DecodeError }).code, 'ERR_BAD_VALUE');
});

test('IPv6 round trip with traffic class, flow label and an extension header chain', (t) => {
	const input: ipv6.IPv6HeaderInput = {
		trafficClass: 0xab,
		flowLabel: 0xcdef1,
		payloadLength: 16 + 8 + 8,
		nextHeader: 17,
		hopLimit: 1,
		src: 'fe80::1',
		dst: 'ff02::1:2',
		extensions: [
			{ type: 0, data: hex('050200000100') }, // hop-by-hop: Router Alert (RFC 2711) + PadN
			{ type: 60, data: hex('01040000000001020304') }, // destination options: PadN then an unknown option, padded to 16
		],
	};
	t.is(ipv6.encodingLength(input), 40 + 8 + 16);
	const buf = new Uint8Array(ipv6.encodingLength(input) + 8);
	ipv6.encode(input, buf);
	const h = ipv6.decode(buf);
	t.is(h.trafficClass, 0xab);
	t.is(h.flowLabel, 0xcdef1);
	t.is(h.hopLimit, 1);
	t.is(h.src, 'fe80::1');
	t.is(h.dst, 'ff02::1:2');
	t.is(h.nextHeader, 0);
	const upper = ipv6.findUpperLayer(buf, 40, 40 + h.payloadLength, h.nextHeader);
	t.is(upper.protocol, 17);
	t.is(upper.offset, 64);
	t.deepEqual(
		upper.extensions.map((e) => [e.type, e.offset, e.length]),
		[
			[0, 40, 8],
			[60, 48, 16],
		],
	);
	t.is(upper.fragment, undefined);
});

test('IPv6 chain walk: a real fragment is reported, an atomic fragment (RFC 6946) is not', (t) => {
	const base = { src: '2001:db8::1', dst: '2001:db8::2', payloadLength: 16, nextHeader: 44 };
	const make = (offsetFlags: number): Uint8Array => {
		const buf = new Uint8Array(56);
		ipv6.encode(base, buf);
		buf.set([17, 0, offsetFlags >> 8, offsetFlags & 0xff, 0, 0, 0, 7], 40);
		return buf;
	};
	const first = ipv6.findUpperLayer(make(0x0001), 40, 56, 44);
	t.deepEqual(first.fragment, { offset: 0, moreFragments: true, identification: 7 });
	const later = ipv6.findUpperLayer(make(185 << 3), 40, 56, 44);
	t.is(later.fragment?.offset, 1480);
	const atomic = ipv6.findUpperLayer(make(0), 40, 56, 44);
	t.is(atomic.fragment, undefined);
	t.is(atomic.protocol, 17);
	t.is(atomic.offset, 48);
});

test('IPv6 chain walk stops at ESP and at a header cut short', (t) => {
	const buf = hex('3200 0000 0000 0000');
	t.is(ipv6.findUpperLayer(buf, 0, 8, 0).protocol, 50);
	const e = t.throws(() => ipv6.findUpperLayer(hex('1101'), 0, 2, 60), { instanceOf: DecodeError });
	t.is(e.code, 'ERR_TRUNCATED');
	t.is(e.offset, 0);
});

test('UDP decode bounds the payload by the Length field and rejects short lengths', (t) => {
	const buf = new Uint8Array(14);
	udp.encode({ srcPort: 68, dstPort: 67, payload: hex('0102') }, buf);
	const u = udp.decode(buf);
	t.is(u.srcPort, 68);
	t.is(u.dstPort, 67);
	t.is(u.length, 10);
	t.deepEqual([...u.payload], [1, 2]);
	buf[5] = 7;
	t.is(t.throws(() => udp.decode(buf), { instanceOf: DecodeError }).code, 'ERR_BAD_LENGTH');
	buf[5] = 30;
	t.is(t.throws(() => udp.decode(buf), { instanceOf: DecodeError }).code, 'ERR_TRUNCATED');
});

test('UDP checksum: a built IPv4 packet verifies, a flipped payload bit does not, zero means none', (t) => {
	const packet = buildIPv4Udp({ src: '198.18.0.1', dst: '255.255.255.255', sport: 67, dport: 68, payload: hex('0201060001020304') });
	const src = packet.subarray(12, 16);
	const dst = packet.subarray(16, 20);
	t.is(verifyUdpChecksum(src, dst, packet.subarray(20)), 'ok');
	const broken = Uint8Array.from(packet);
	broken[30] ^= 0x01;
	t.is(verifyUdpChecksum(src, dst, broken.subarray(20)), 'bad');
	const none = Uint8Array.from(packet);
	none[26] = 0;
	none[27] = 0;
	t.is(verifyUdpChecksum(src, dst, none.subarray(20)), 'none');
});

test('UDP checksum over the IPv6 pseudo-header; a zero result is sent as 0xffff', (t) => {
	const packet = buildIPv6Udp({ src: 'fe80::2', dst: 'ff02::1:2', sport: 546, dport: 547, payload: hex('01000001') });
	t.is(verifyUdpChecksum(packet.subarray(8, 24), packet.subarray(24, 40), packet.subarray(40)), 'ok');
	// On IPv6 a zero checksum field is invalid (RFC 8200 §8.1), unlike IPv4.
	const zero = Uint8Array.from(packet);
	zero[46] = 0;
	zero[47] = 0;
	t.is(verifyUdpChecksum(zero.subarray(8, 24), zero.subarray(24, 40), zero.subarray(40)), 'bad');
	// Choose a payload word that makes the computed checksum 0: it must be written as 0xffff.
	const src = parseIPv4('0.0.0.0')!;
	const dst = parseIPv4('0.0.0.0')!;
	const segment = new Uint8Array(10);
	udp.encode({ srcPort: 0, dstPort: 0, payload: new Uint8Array(2) }, segment);
	// sum so far: pseudo (17 + 10 twice: length in pseudo-header and in UDP header) = 37; make the total 0xffff.
	segment[8] = (0xffff - 37) >> 8;
	segment[9] = (0xffff - 37) & 0xff;
	t.is(udpChecksum(src, dst, segment), 0xffff);
});

test('Ethernet with stacked 802.1ad and 802.1Q tags round-trips', (t) => {
	const ip = buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.1.7', sport: 67, dport: 68, payload: hex('00') });
	const frame = buildEthernetFrame(ip, {
		src: '02:00:00:00:00:01',
		dst: '02:00:00:00:00:02',
		vlans: [
			{ tpid: 0x88a8, vid: 100, pcp: 5 },
			{ vid: 200, dei: true },
			{ tpid: 0x9100, vid: 4094 },
		],
	});
	t.is(frame.length, 14 + 12 + ip.length);
	const eth = ethernet.decode(frame);
	t.is(eth.src, '02:00:00:00:00:01');
	t.is(eth.dst, '02:00:00:00:00:02');
	t.deepEqual(eth.vlans, [
		{ tpid: 0x88a8, pcp: 5, dei: false, vid: 100 },
		{ tpid: 0x8100, pcp: 0, dei: true, vid: 200 },
		{ tpid: 0x9100, pcp: 0, dei: false, vid: 4094 },
	]);
	t.is(eth.etherType, 0x0800);
	t.is(eth.payloadOffset, 26);
	t.deepEqual([...eth.payload], [...ip]);
	const cut = t.throws(() => ethernet.decode(frame.subarray(0, 20)), { instanceOf: DecodeError });
	t.is(cut.code, 'ERR_TRUNCATED');
	t.is(cut.offset, 16);
});

test('Linux cooked headers SLL and SLL2 round-trip', (t) => {
	const payload = hex('60000000');
	for (const version of [1, 2] as const) {
		const value: sll.SllInput = { packetType: 4, arphrdType: 1, linkAddress: parseMac('02:00:00:00:00:09')!, protocol: 0x86dd, interfaceIndex: 7, payload };
		const buf = new Uint8Array(sll.encodingLength(version, value));
		sll.encode(version, value, buf);
		const h = sll.decode(version, buf);
		t.is(h.version, version);
		t.is(h.packetType, 4);
		t.is(h.arphrdType, 1);
		t.is(h.protocol, 0x86dd);
		t.is(h.interfaceIndex, version === 2 ? 7 : 0);
		t.deepEqual([...h.linkAddress], [2, 0, 0, 0, 0, 9]);
		t.is(h.payloadOffset, version === 1 ? 16 : 20);
		t.deepEqual([...h.payload], [...payload]);
		t.is(t.throws(() => sll.decode(version, buf.subarray(0, h.payloadOffset - 1)), { instanceOf: DecodeError }).code, 'ERR_TRUNCATED');
	}
});

test('address text: RFC 5952 canonical IPv6, strict IPv4 and MAC parsing', (t) => {
	t.is(formatIPv6(parseIPv6('2001:0db8:0:0:1:0:0:1')!), '2001:db8::1:0:0:1');
	t.is(formatIPv6(parseIPv6('2001:db8:0:1:1:1:1:1')!), '2001:db8:0:1:1:1:1:1');
	t.is(formatIPv6(parseIPv6('::')!), '::');
	t.is(formatIPv6(parseIPv6('::ffff:198.18.0.1')!), '::ffff:198.18.0.1');
	t.is(formatIPv6(parseIPv6('FE80::0:0:1')!), 'fe80::1');
	t.is(parseIPv6('1::2::3'), undefined);
	t.is(parseIPv6('1:2:3:4:5:6:7:8:9'), undefined);
	t.is(parseIPv4('198.18.0.256'), undefined);
	t.is(parseIPv4('01.2.3.4'), undefined);
	t.is(parseMac('02:00:00:00:00'), undefined);
});

test('frameForLinktype refuses a packet its link type cannot hold', (t) => {
	const v6 = buildIPv6Udp({ src: '::1', dst: '::1', sport: 1, dport: 2, payload: new Uint8Array(0) });
	t.throws(() => frameForLinktype(228, v6), { instanceOf: TypeError });
	t.is(frameForLinktype(229, v6), v6);
	t.throws(() => frameForLinktype(147, v6), { instanceOf: TypeError });
});

test('Neighbor Discovery: a solicitation to the solicited-node group, and the link-layer address out of the advertisement (RFC 4861)', (t) => {
	const target = parseIPv6('2001:db8:1::1')!;
	t.is(ndisc.solicitedNodeGroup(target), 'ff02::1:ff00:1');
	const ns = ndisc.neighborSolicitation(target, parseMac('02:00:00:00:00:aa')!);
	t.deepEqual(Buffer.from(ns).toString('hex'), `87000000 00000000 ${Buffer.from(target).toString('hex')} 0101 0200000000aa`.replace(/ /g, ''));
	// A solicited advertisement for the target with its target link-layer address option.
	const na = hex(`88000000 60000000 ${Buffer.from(target).toString('hex')} 0201 5a1be0662eac`);
	t.deepEqual(ndisc.advertisedLinkLayer(na), { target: '2001:db8:1::1', mac: '5a:1b:e0:66:2e:ac' });
	t.is(ndisc.advertisedLinkLayer(ns), undefined, 'a solicitation is no advertisement');
	t.is(ndisc.advertisedLinkLayer(hex(`88000000 60000000 ${Buffer.from(target).toString('hex')} 0200 5a1be0662eac`)), undefined, 'a zero-length option is invalid');
});
