/**
 * DHCPv4 codec throughput on one core: decode and encode of a real Kea OFFER (from captures/), encode of a
 * DISCOVER (full builder + encode, and the load generator's template patch), against the npm
 * `dhcp` package's parser on the same OFFER. Run: npm run bench:codec (or node --import=tsx
 * benchmarks/codec/dhcp4.ts).
 *
 * "structural decode" is header + option TLV list (what the load path needs beyond the fast
 * readers); "full decode" also computes the typed value of every option.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { OFFER_SOURCE, realKeaOffer } from './real-packets.js';
import { decode, dhcp4Options, discover, Dhcp4Scan, Dhcp4Template, encode, encodingLength, offer, readMessageType, readServerId, readXid, toBuffer } from '../../src/codec/dhcp4/index.js';
import { measure, type BenchRow } from './measure.js';

/** Kea's real DHCPOFFER from captures/kea4-dora-dhclient.pcap (see real-packets.ts). */
export function keaOffer(): Buffer {
	return realKeaOffer();
}

let sink = 0;

/**
 * CPU seconds used by this thread so far, from /proc/thread-self/stat (utime + stime, in the
 * kernel's 100 Hz clock ticks). process.cpuUsage() would count the loader's and GC's threads too.
 */
function threadCpuSeconds(): number {
	const stat = readFileSync('/proc/thread-self/stat', 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Like {@link measure}, but per second of CPU time this thread was given rather than of wall
 * time: the one-core rate on a shared, busy host. Linux only (elsewhere: wall time).
 */
export function measureCpu(fn: () => void, seconds = 1): number {
	if (!existsSync('/proc/thread-self/stat')) return measure(fn, seconds);
	const batch = 2000;
	const warmUntil = process.hrtime.bigint() + 300_000_000n;
	while (process.hrtime.bigint() < warmUntil) for (let i = 0; i < batch; i++) fn();
	// Two seconds of CPU at least, so the 10 ms tick granularity stays under 1 %.
	const start = threadCpuSeconds();
	let calls = 0;
	let used = 0;
	while (used < Math.max(2, seconds * 2)) {
		for (let k = 0; k < 50; k++) for (let i = 0; i < batch; i++) fn();
		calls += 50 * batch;
		used = threadCpuSeconds() - start;
	}
	return calls / used;
}

/**
 * Rates of `a` and `b` measured in alternating 50 ms slices over about `seconds`, so that both
 * see the same machine: on a shared, busy host a ratio of two separate measurements drifts with
 * the load in between.
 */
export function measurePair(a: () => void, b: () => void, seconds = 1): [number, number] {
	const batch = 500;
	const warmUntil = process.hrtime.bigint() + 200_000_000n;
	while (process.hrtime.bigint() < warmUntil) for (let i = 0; i < batch; i++) a(), b();
	const total = [0, 0];
	const calls = [0, 0];
	const stop = process.hrtime.bigint() + BigInt(Math.round(seconds * 2e9));
	for (let turn = 0; process.hrtime.bigint() < stop; turn ^= 1) {
		const fn = turn === 0 ? a : b;
		const start = process.hrtime.bigint();
		const until = start + 50_000_000n;
		let now = start;
		while (now < until) {
			for (let i = 0; i < batch; i++) fn();
			calls[turn]! += batch;
			now = process.hrtime.bigint();
		}
		total[turn]! += Number(now - start);
	}
	return [calls[0]! / (total[0]! / 1e9), calls[1]! / (total[1]! / 1e9)];
}

export function benchDhcp4(seconds = 1): BenchRow[] {
	const rows: BenchRow[] = [];
	const packet = keaOffer();
	const note = `${packet.length}-byte real Kea OFFER (${OFFER_SOURCE}), ${decode(packet).options.length} options`;

	rows.push({ name: 'dhcp4 structural decode (OFFER)', opsPerSec: measure(() => (sink += decode(packet).options.length), seconds), note });
	const scan = new Dhcp4Scan();
	rows.push({ name: 'dhcp4 structural scan (OFFER, Dhcp4Scan)', opsPerSec: measure(() => (sink += scan.scan(packet).count), seconds), note: `${note}; reused storage` });
	rows.push({
		name: 'dhcp4 full decode (OFFER, every typed value)',
		opsPerSec: measure(() => {
			const m = decode(packet);
			for (const o of m.options) if (dhcp4Options.decodeValue(o) !== undefined) sink++;
		}, seconds),
		note,
	});
	rows.push({
		name: 'dhcp4 fast readers (xid, type, server id)',
		opsPerSec: measure(() => (sink += readXid(packet) + readMessageType(packet) + readServerId(packet)), seconds),
		note: 'no decode, no allocation',
	});
	const decoded = decode(packet);
	const out = Buffer.alloc(1500);
	rows.push({ name: 'dhcp4 encode (decoded OFFER, exact)', opsPerSec: measure(() => (sink += encode(decoded, out, 0)), seconds), note });
	const built = offer({
		to: decode(toBuffer(discover({ mac: '02:00:00:00:00:01', xid: 1 }))),
		serverId: '198.18.0.1',
		yiaddr: '198.18.1.10',
		leaseTime: 4000,
		options: decoded.options.filter((o) => ![53, 54, 51].includes(o.code)),
	});
	rows.push({ name: 'dhcp4 encode (built OFFER)', opsPerSec: measure(() => (sink += encode(built, out, 0)), seconds), note: `${encodingLength(built)} bytes` });

	const mac = Buffer.from('020000000001', 'hex');
	let xid = 1;
	rows.push({
		name: 'dhcp4 build + encode DISCOVER',
		opsPerSec: measure(() => {
			mac[5] = xid;
			sink += encode(discover({ mac, xid: xid++ }), out, 0);
		}, seconds),
		note: 'discover() then encode() into a reused buffer',
	});
	const disc = discover({ mac, xid: 1 });
	rows.push({ name: 'dhcp4 encode DISCOVER (prebuilt message)', opsPerSec: measure(() => (sink += encode(disc, out, 0)), seconds) });
	rows.push({
		name: 'dhcp4 encode DISCOVER, per CPU-second',
		opsPerSec: measureCpu(() => (sink += encode(disc, out, 0)), seconds),
		note: 'calls per second of CPU time this thread got (/proc/thread-self/stat): one core, whatever else the host runs',
	});
	const tpl = new Dhcp4Template(disc);
	let n = 0;
	rows.push({
		name: 'dhcp4 template DISCOVER (patch xid + MAC)',
		opsPerSec: measure(() => {
			n++;
			tpl.setXid(n).setMac48(0x0200, n);
			sink += tpl.writeTo(out, 0);
		}, seconds),
		note: 'Dhcp4Template, copied into a send buffer',
	});

	const require = createRequire(import.meta.url);
	const npmDhcp = require('dhcp/lib/protocol.js') as { parse(buf: Buffer): { options: Record<number, unknown> } };
	const npmRate = measure(() => (sink += Object.keys(npmDhcp.parse(packet).options).length), seconds);
	rows.push({ name: 'npm dhcp 0.2.20 parse (same OFFER)', opsPerSec: npmRate, note: 'baseline' });
	for (const r of rows) if (/(decode|scan) \(OFFER/.test(r.name)) r.note = `${r.note}; ${(r.opsPerSec / npmRate).toFixed(1)}× npm dhcp`;
	// The target comparison, measured side by side in alternating slices.
	const [ours, theirs] = measurePair(
		() => (sink += decode(packet).options.length),
		() => (sink += Object.keys(npmDhcp.parse(packet).options).length),
		seconds,
	);
	rows.push({ name: 'dhcp4 decode ÷ npm dhcp (interleaved)', opsPerSec: ours, note: `npm dhcp ${Math.round(theirs).toLocaleString('en-US')}/s in the same slices: ${(ours / theirs).toFixed(1)}× (target ≥ 10×)` });
	return rows;
}

export function printRows(rows: BenchRow[]): void {
	const width = Math.max(...rows.map((r) => r.name.length));
	for (const r of rows) console.log(`${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)} /s  ${r.note ?? ''}`);
	if (sink === -1) console.log('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printRows(benchDhcp4());
