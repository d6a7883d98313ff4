import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { extractUdp, type UdpDatagram } from '../src/net/datagram.js';
import { LINKTYPE } from '../src/net/linktype.js';
import { readCaptureFile } from '../src/pcap/reader.js';

// The real exchanges recorded by captures/record.sh (see captures/README.md) must read back
// frame by frame: Ethernet link type, every frame a UDP datagram with right checksums.

const dir = fileURLToPath(new URL('../captures/', import.meta.url));

async function datagrams(name: string): Promise<UdpDatagram[]> {
	const out: UdpDatagram[] = [];
	for await (const record of readCaptureFile(dir + name)) {
		if (record.linktype !== LINKTYPE.ETHERNET) throw new Error(`${name} frame ${record.frame}: link type ${record.linktype}`);
		const d = extractUdp(record.linktype, record.data);
		if (d.kind !== 'udp') throw new Error(`${name} frame ${record.frame}: ${d.reason} ${d.detail}`);
		out.push(d);
	}
	return out;
}

/** First byte of each payload: BOOTP op (1 request, 2 reply) or DHCPv6 msg-type (RFC 8415 §7.3). */
const firstBytes = (ds: UdpDatagram[]): number[] => ds.map((d) => d.payload[0]!);
const flows = (ds: UdpDatagram[]): string[] => ds.map((d) => `${d.src}.${d.sport}>${d.dst}.${d.dport}`);

test('every recorded capture reads completely with correct IP and UDP checksums', async (t) => {
	const files = readdirSync(dir).filter((f) => f.endsWith('.pcap'));
	t.true(files.length >= 10);
	for (const file of files) {
		const ds = await datagrams(file);
		t.true(ds.length > 0, file);
		for (const d of ds) {
			t.is(d.udpChecksum, 'ok', file);
			t.true(d.ipChecksumOk, file);
			t.true([67, 68, 546, 547].includes(d.dport), file);
		}
	}
});

test('Kea DORA from dhclient: broadcast requests, replies to the reserved address 198.18.0.10', async (t) => {
	const ds = await datagrams('kea4-dora-dhclient.pcap');
	t.deepEqual(firstBytes(ds), [1, 2, 1, 2]);
	t.deepEqual(flows(ds), ['0.0.0.0.68>255.255.255.255.67', '198.18.0.1.67>198.18.0.10.68', '0.0.0.0.68>255.255.255.255.67', '198.18.0.1.67>198.18.0.10.68']);
	t.is(ds[0]!.linkSrc, '02:00:00:00:00:01');
});

test('Kea relayed DORA with option 82: relay 198.19.0.2 to server port 67 and back', async (t) => {
	const ds = await datagrams('kea4-relayed-option82-perfdhcp.pcap');
	t.is(ds.length % 4, 0);
	for (const [i, d] of ds.entries()) {
		t.is(d.sport, 67);
		t.is(d.dport, 67);
		t.is(d.src, i % 2 === 0 ? '198.19.0.2' : '198.19.0.1');
	}
});

test('Kea DHCPv6 SARR on-link: link-local client to ff02::1:2, replies to the client', async (t) => {
	for (const file of ['kea6-sarr-na-pd-perfdhcp.pcap', 'kea6-sarr-na-pd-dhclient.pcap']) {
		const ds = await datagrams(file);
		t.deepEqual(firstBytes(ds).slice(0, 4), [1, 2, 3, 7], file);
		t.is(ds[0]!.dst, 'ff02::1:2');
		t.is(ds[0]!.sport, 546);
		t.is(ds[1]!.dport, 546);
		t.true(ds[1]!.src.startsWith('fe80::'));
	}
});

test('Kea DHCPv6 relayed: RELAY-FORW and RELAY-REPL between 2001:db8:2::2 and 2001:db8:2::1', async (t) => {
	const ds = await datagrams('kea6-relayed-perfdhcp.pcap');
	t.deepEqual(firstBytes(ds).slice(0, 4), [12, 13, 12, 13]);
	t.deepEqual(flows(ds).slice(0, 2), ['2001:db8:2::2.547>2001:db8:2::1.547', '2001:db8:2::1.547>2001:db8:2::2.547']);
});
