import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Option, type OptionSpace } from '../src/codec/option-space.js';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';
import {
	DHCP6_CLIENT_PORT,
	DHCP6_SERVER_PORT,
	containerOf,
	decode,
	dhcp6Options,
	formatMessage,
	isRelay,
	messageToJSON,
	peekTransactionId,
	relayedMessage,
	toBytes,
	unwrapRelays,
	type Dhcp6ClientMessage,
	type Dhcp6Message,
} from '../src/codec/dhcp6/index.js';

const dir = fileURLToPath(new URL('../captures/', import.meta.url));

interface Packet {
	file: string;
	frame: number;
	payload: Uint8Array;
}

/** Every DHCPv6 datagram (UDP port 546 or 547 over IPv6) in captures/*.pcap. */
function dhcp6Packets(): Packet[] {
	const out: Packet[] = [];
	for (const file of readdirSync(dir)
		.filter((f) => /\.pcap(ng)?$/.test(f))
		.sort()) {
		for (const record of readCapture(readFileSync(`${dir}${file}`))) {
			const d = extractUdp(record.linktype, record.data);
			if (d.kind !== 'udp' || d.family !== 6) continue;
			const ports = [DHCP6_CLIENT_PORT, DHCP6_SERVER_PORT];
			if (ports.includes(d.sport) || ports.includes(d.dport)) out.push({ file, frame: record.frame, payload: d.payload });
		}
	}
	return out;
}

/** Each option's printed value (`name=value`) parses back to its bytes, at every level of nesting. */
function checkOptions(t: any, where: string, options: readonly Option[], space: OptionSpace, relay: boolean): number {
	let checked = 0;
	for (const o of options) {
		const printed = space.formatOption(o);
		t.deepEqual(Buffer.from(space.parseOption(printed).data), Buffer.from(o.data), `${where}: ${printed}`);
		checked++;
		const type = space.typeOf(o.code);
		const view = space.byCode(o.code) ? containerOf(type) : undefined;
		if (space === dhcp6Options && o.code === 9 && relay) {
			const inner = decode(o.data);
			checked += checkOptions(t, `${where} > relay-msg`, inner.options, dhcp6Options, isRelay(inner));
		} else if (view) {
			const value = type.decode(o.data, 0, o.data.length);
			checked += checkOptions(t, `${where} > ${space.nameOf(o.code)}`, view.children(value), view.space(value), false);
		}
	}
	return checked;
}

test('every DHCPv6 packet of the captures decodes, re-encodes identically and prints parseable values', (t) => {
	const packets = dhcp6Packets();
	t.true(packets.length >= 20, `found ${packets.length} DHCPv6 packets in captures/`);
	const seen = new Set<string>();
	let options = 0;
	for (const { file, frame, payload } of packets) {
		const where = `${file} #${frame}`;
		const message: Dhcp6Message = decode(payload);
		t.deepEqual(toBytes(message), Buffer.from(payload), `${where} re-encodes identically`);
		options += checkOptions(t, where, message.options, dhcp6Options, isRelay(message));
		t.true(formatMessage(message).startsWith('msg-type='), where);
		t.deepEqual(JSON.parse(JSON.stringify(messageToJSON(message))), messageToJSON(message), where);
		const inner = unwrapRelays(message).message as Dhcp6ClientMessage;
		t.is(peekTransactionId(payload), inner.transactionId, where);
		seen.add(`${isRelay(message) ? 'relayed ' : ''}${inner.msgType}`);
		if (isRelay(message)) t.truthy(relayedMessage(message), where);
	}
	// The captures cover a full SARR exchange, direct and relayed.
	for (const kind of ['1', '2', '3', '7', 'relayed 1', 'relayed 2']) t.true(seen.has(kind), `captures hold ${kind}`);
	t.true(options > 100, `${options} options checked`);
});
