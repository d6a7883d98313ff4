import { readFileSync, readdirSync } from 'node:fs';
import test from 'ava';
import { decode, dhcp4Options, formatMessage, mergeOptions, printOption, toBuffer, toJSON } from '../src/codec/dhcp4/index.js';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';

const DIR = new URL('../captures/', import.meta.url);
const files = readdirSync(DIR).filter((f) => /^(kea|dnsmasq|dhcpd)4-.*\.pcap$/.test(f));

test('the recorded DHCPv4 captures exist', (t) => {
	t.true(files.length >= 5, files.join(', '));
});

for (const file of files) {
	test(`${file}: every DHCPv4 packet decodes, re-encodes identically, and every printed option value parses back`, (t) => {
		let packets = 0;
		for (const record of readCapture(readFileSync(new URL(file, DIR)))) {
			const udp = extractUdp(record.linktype, record.data);
			if (udp.kind !== 'udp' || udp.family !== 4 || ![67, 68].includes(udp.dport)) continue;
			packets++;
			const where = `${file} frame ${record.frame}`;
			const message = decode(udp.payload);
			t.deepEqual(Buffer.from(toBuffer(message)), Buffer.from(udp.payload), `${where}: re-encoding is byte-identical`);
			for (const option of mergeOptions(message.options)) {
				const printed = printOption(option);
				const spec = `${printed.code}${printed.format ? `[${printed.format}]` : ''}=${printed.text}`;
				t.deepEqual(Buffer.from(dhcp4Options.parseOption(spec).data), Buffer.from(option.data), `${where}: ${spec}`);
			}
			t.notThrows(() => formatMessage(message));
			t.notThrows(() => JSON.stringify(toJSON(message)));
		}
		t.true(packets >= 1, `${file}: ${packets} DHCPv4 packets`);
	});
}
