/**
 * DHCPv6 codec throughput on one core: decode and encode of a real Kea ADVERTISE (from captures/) with IA_NA
 * and IA_PD, and encode of a SOLICIT (builder + encode, prebuilt message, and the load
 * generator's template patch). Run: npm run bench:codec (or node --import=tsx
 * benchmarks/codec/dhcp6.ts).
 *
 * "structural decode" is header + option TLV list with the IA framing checked (what `decode`
 * does); "full typed decode" also computes the typed value of every option, recursing into the
 * options inside IA_NA / IAADDR / IA_PD / IAPREFIX.
 */
import { pathToFileURL } from 'node:url';
import { ADVERTISE_SOURCE, realKeaAdvertise } from './real-packets.js';
import type { Option, OptionSpace } from '../../src/codec/option-space.js';
import {
	MessageTemplate,
	OptionCode,
	containerOf,
	decode,
	dhcp6Options,
	duidLL,
	encode,
	encodingLength,
	findIaNa,
	findIaPd,
	findMessageOption,
	messageToJSON,
	peekInnerMsgType,
	peekTransactionId,
	serverIdBytes,
	solicit,
	statusCodes,
	writeFollowUp,
} from '../../src/codec/dhcp6/index.js';
import { measure, type BenchRow } from './measure.js';

/** Kea 2.2's real ADVERTISE with IA_NA and IA_PD from captures/kea6-sarr-na-pd-dhclient.pcap (see real-packets.ts). */
export function keaAdvertise(): Buffer {
	return realKeaAdvertise();
}

let sink = 0;

function typedDeep(options: readonly Option[], space: OptionSpace): void {
	for (const o of options) {
		const type = space.typeOf(o.code);
		const value = type.decode(o.data, 0, o.data.length);
		if (value !== undefined) sink++;
		const view = containerOf(type);
		if (view) typedDeep(view.children(value), view.space(value));
	}
}

export function benchDhcp6(seconds = 1): BenchRow[] {
	const rows: BenchRow[] = [];
	const packet = keaAdvertise();
	const note = `${packet.length}-byte real Kea ADVERTISE (${ADVERTISE_SOURCE}), ${decode(packet).options.length} options (+2 nested)`;

	rows.push({ name: 'dhcp6 structural decode (ADVERTISE)', opsPerSec: measure(() => (sink += decode(packet).options.length), seconds), note });
	rows.push({
		name: 'dhcp6 full typed decode (ADVERTISE)',
		opsPerSec: measure(() => typedDeep(decode(packet).options, dhcp6Options), seconds),
		note: `${note}; every option's typed value, nested ones too`,
	});
	rows.push({
		name: 'dhcp6 client view (decode + accessors)',
		opsPerSec: measure(() => {
			const m = decode(packet);
			sink += serverIdBytes(m)!.length + findIaNa(m, 2)!.addresses.length + findIaPd(m, 2)!.prefixes.length + statusCodes(m).length;
		}, seconds),
		note: 'server DUID, IA_NA 2 addresses, IA_PD 2 prefixes, status codes',
	});
	rows.push({ name: 'dhcp6 decode + JSON (ADVERTISE)', opsPerSec: measure(() => (sink += messageToJSON(decode(packet)).options.length), seconds), note: 'messageToJSON' });
	rows.push({
		name: 'dhcp6 fast readers (xid, type, server id)',
		opsPerSec: measure(() => (sink += peekTransactionId(packet) + peekInnerMsgType(packet) + findMessageOption(packet, OptionCode.SERVERID)), seconds),
		note: 'no decode, no allocation',
	});
	const decoded = decode(packet);
	const out = Buffer.alloc(1500);
	rows.push({ name: 'dhcp6 encode (decoded ADVERTISE)', opsPerSec: measure(() => (sink += encode(decoded, out, 0)), seconds), note });

	const mac = Buffer.from('020000000001', 'hex');
	let n = 1;
	rows.push({
		name: 'dhcp6 build + encode SOLICIT',
		opsPerSec: measure(() => {
			mac[5] = n & 0xff;
			sink += encode(solicit({ clientId: duidLL(mac), transactionId: n++ & 0xffffff, iaNa: { iaid: 1 }, iaPd: { iaid: 2 } }), out, 0);
		}, seconds),
		note: 'solicit() then encode() into a reused buffer, IA_NA + IA_PD',
	});
	const sol = solicit({ clientId: duidLL(mac), transactionId: 1, iaNa: { iaid: 1 }, iaPd: { iaid: 2 } });
	rows.push({ name: 'dhcp6 encode SOLICIT (prebuilt message)', opsPerSec: measure(() => (sink += encode(sol, out, 0)), seconds), note: `${encodingLength(sol)} bytes` });
	const tpl = new MessageTemplate(sol);
	rows.push({
		name: 'dhcp6 template SOLICIT (patch xid, MAC, IAID)',
		opsPerSec: measure(() => {
			n++;
			mac[4] = (n >> 8) & 0xff;
			mac[5] = n & 0xff;
			tpl
				.setTransactionId(n & 0xffffff)
				.setClientLinkAddress(mac)
				.setIaid(n, 1);
			sink += tpl.writeTo(out, 0);
		}, seconds),
		note: 'MessageTemplate, copied into a send buffer',
	});
	rows.push({
		name: 'dhcp6 REQUEST from ADVERTISE bytes',
		opsPerSec: measure(() => (sink += writeFollowUp(packet, 0, packet.length, out, 0, n++ & 0xffffff)), seconds),
		note: 'writeFollowUp, no decode',
	});
	return rows;
}

export function printRows(rows: BenchRow[]): void {
	const width = Math.max(...rows.map((r) => r.name.length));
	for (const r of rows) console.log(`${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)} /s  ${r.note ?? ''}`);
	if (sink === -1) console.log('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printRows(benchDhcp6());
