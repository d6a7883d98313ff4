import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import { buildEthernetFrame, buildIPv4Udp, buildIPv6Udp, frameForLinktype } from '../src/net/build.js';
import { extractUdp, type UdpDatagram } from '../src/net/datagram.js';
import * as ethernet from '../src/net/ethernet.js';
import * as ipv4 from '../src/net/ipv4.js';
import { LINKTYPE } from '../src/net/linktype.js';

const dhcp4 = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
const v4 = buildIPv4Udp({ src: '198.18.0.1', dst: '198.18.1.20', sport: 67, dport: 68, payload: dhcp4, ttl: 64 });
const v6 = buildIPv6Udp({
	src: 'fe80::ff:fe00:2',
	dst: 'ff02::1:2',
	sport: 546,
	dport: 547,
	payload: Uint8Array.from([1, 0xab, 0xcd, 0xef]),
	hopLimit: 1,
	extensions: [{ type: 0, data: Uint8Array.from([5, 2, 0, 0, 1, 0]) }],
});

function udpOf(result: ReturnType<typeof extractUdp>): UdpDatagram {
	if (result.kind !== 'udp') throw new Error(`expected a datagram, got skip ${result.reason}: ${result.detail}`);
	return result;
}

test('raw IP link types yield the datagram with ports, addresses and a verified checksum', (t) => {
	for (const linktype of [LINKTYPE.RAW, LINKTYPE.RAW_BSD_12, LINKTYPE.RAW_BSD_14, LINKTYPE.IPV4]) {
		const d = udpOf(extractUdp(linktype, v4));
		t.is(d.family, 4);
		t.is(d.src, '198.18.0.1');
		t.is(d.dst, '198.18.1.20');
		t.is(d.sport, 67);
		t.is(d.dport, 68);
		t.is(d.ttl, 64);
		t.is(d.udpChecksum, 'ok');
		t.true(d.ipChecksumOk);
		t.is(d.ipHeaderOffset, 0);
		t.is(d.udpHeaderOffset, 20);
		t.is(d.payloadOffset, 28);
		t.deepEqual([...d.payload], [...dhcp4]);
	}
});

test('IPv6 with a hop-by-hop header reaches UDP behind it', (t) => {
	for (const linktype of [LINKTYPE.RAW, LINKTYPE.IPV6]) {
		const d = udpOf(extractUdp(linktype, v6));
		t.is(d.family, 6);
		t.is(d.src, 'fe80::ff:fe00:2');
		t.is(d.dst, 'ff02::1:2');
		t.is(d.sport, 546);
		t.is(d.dport, 547);
		t.is(d.ttl, 1);
		t.is(d.udpHeaderOffset, 48);
		t.is(d.udpChecksum, 'ok');
		t.deepEqual([...d.payload], [1, 0xab, 0xcd, 0xef]);
	}
});

test('LINKTYPE_IPV4 and LINKTYPE_IPV6 skip a packet of the other family as not IP', (t) => {
	const r = extractUdp(LINKTYPE.IPV4, v6);
	t.is(r.kind, 'skip');
	t.is(r.kind === 'skip' && r.reason, 'not-ip');
});

test('Ethernet with two VLAN tags: offsets account for the tags and MACs are reported', (t) => {
	const frame = buildEthernetFrame(v4, { src: '02:00:00:00:00:01', dst: 'ff:ff:ff:ff:ff:ff', vlans: [{ tpid: 0x88a8, vid: 10 }, { vid: 20 }] });
	const d = udpOf(extractUdp(LINKTYPE.ETHERNET, frame));
	t.is(d.ipHeaderOffset, 22);
	t.is(d.payloadOffset, 50);
	t.is(d.linkSrc, '02:00:00:00:00:01');
	t.is(d.linkDst, 'ff:ff:ff:ff:ff:ff');
	t.deepEqual(
		d.vlans.map((v) => v.vid),
		[10, 20],
	);
	t.is(d.udpChecksum, 'ok');
});

test('Ethernet padding after a short IP packet is ignored', (t) => {
	const small = buildIPv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', sport: 5, dport: 6, payload: Uint8Array.of(9) });
	const frame = Uint8Array.from([...buildEthernetFrame(small), ...new Uint8Array(17)]);
	const d = udpOf(extractUdp(LINKTYPE.ETHERNET, frame));
	t.deepEqual([...d.payload], [9]);
	t.is(d.udpChecksum, 'ok');
});

test('SLL and SLL2 frames yield the datagram and the sender link address', (t) => {
	for (const linktype of [LINKTYPE.LINUX_SLL, LINKTYPE.LINUX_SLL2]) {
		const frame = frameForLinktype(linktype, v6, { src: '02:00:00:00:00:07' });
		const d = udpOf(extractUdp(linktype, frame));
		t.is(d.ipHeaderOffset, linktype === LINKTYPE.LINUX_SLL ? 16 : 20);
		t.is(d.linkSrc, '02:00:00:00:00:07');
		t.is(d.dport, 547);
	}
});

test('BSD loopback link types: family in either byte order', (t) => {
	const le = Uint8Array.from([2, 0, 0, 0, ...v4]);
	t.is(udpOf(extractUdp(LINKTYPE.NULL, le)).family, 4);
	const be6 = Uint8Array.from([0, 0, 0, 30, ...v6]);
	t.is(udpOf(extractUdp(LINKTYPE.NULL, be6)).family, 6);
	t.is(udpOf(extractUdp(LINKTYPE.LOOP, Uint8Array.from([0, 0, 0, 24, ...v6]))).family, 6);
});

test('skip reasons: ARP, another IP protocol, an IPv4 fragment, an unknown link type', (t) => {
	const arp = new Uint8Array(42);
	ethernet.encode({ src: '02:00:00:00:00:01', dst: 'ff:ff:ff:ff:ff:ff', etherType: 0x0806, payload: new Uint8Array(28) }, arp);
	t.like(extractUdp(LINKTYPE.ETHERNET, arp), { kind: 'skip', reason: 'not-ip', detail: 'EtherType 0x0806' });

	const icmp = new Uint8Array(28);
	ipv4.encode({ totalLength: 28, protocol: 1, src: '10.0.0.1', dst: '10.0.0.2' }, icmp);
	t.like(extractUdp(LINKTYPE.RAW, icmp), { kind: 'skip', reason: 'not-udp' });

	const fragment = new Uint8Array(28);
	ipv4.encode({ totalLength: 28, protocol: 17, src: '10.0.0.1', dst: '10.0.0.2', fragmentOffset: 1480 }, fragment);
	t.like(extractUdp(LINKTYPE.RAW, fragment), { kind: 'skip', reason: 'fragment' });

	t.like(extractUdp(147, v4), { kind: 'skip', reason: 'unsupported-linktype' });
});

test('a UDP checksum corrupted in flight is reported as bad, not thrown', (t) => {
	const broken = Uint8Array.from(v4);
	broken[100] ^= 0xff;
	t.is(udpOf(extractUdp(LINKTYPE.RAW, broken)).udpChecksum, 'bad');
});

test('every truncation and every single-byte corruption of a frame gives a result or a DecodeError, nothing else', (t) => {
	const samples: Array<[number, Uint8Array]> = [
		[LINKTYPE.ETHERNET, buildEthernetFrame(v4, { vlans: [{ vid: 3 }] })],
		[LINKTYPE.ETHERNET, buildEthernetFrame(v6)],
		[LINKTYPE.LINUX_SLL2, frameForLinktype(LINKTYPE.LINUX_SLL2, v6)],
		[LINKTYPE.RAW, v6],
	];
	let decodeErrors = 0;
	for (const [linktype, frame] of samples) {
		const attempts: Uint8Array[] = [];
		for (let cut = 0; cut < frame.length; cut++) attempts.push(frame.subarray(0, cut));
		for (let at = 0; at < Math.min(frame.length, 80); at++) {
			for (const value of [0x00, 0xff, frame[at]! ^ 0x80]) {
				const copy = Uint8Array.from(frame);
				copy[at] = value;
				attempts.push(copy);
			}
		}
		for (const attempt of attempts) {
			try {
				const r = extractUdp(linktype, attempt);
				t.true(r.kind === 'udp' || r.kind === 'skip');
			} catch (error) {
				if (!(error instanceof DecodeError)) throw error;
				decodeErrors++;
			}
		}
	}
	t.true(decodeErrors > 0);
});
