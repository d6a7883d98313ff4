/**
 * A second opinion on every capture: Wireshark's dissectors (tshark, Debian's package, installed by
 * scripts/install-debian-deps.sh) and dhcpulse's codec agree on each DHCP packet's message type,
 * transaction id, yiaddr and option codes, nested DHCPv6 options and relayed messages included.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import * as dhcp4 from '../src/codec/dhcp4/index.js';
import * as dhcp6 from '../src/codec/dhcp6/index.js';
import { CAPTURES_DIR, captureFiles, realPackets } from './fixtures/decode/captures.js';
import { printOrder6 } from './helpers/paste-back.js';

const run = promisify(execFile);

/** The fields tshark prints, one line per frame, `|`-separated; lists are comma-separated. */
const FIELDS = ['frame.number', 'dhcp.option.dhcp', 'dhcp.id', 'dhcp.ip.your', 'dhcp.option.type', 'dhcpv6.msgtype', 'dhcpv6.xid', 'dhcpv6.option.type'];

async function tshark(file: string): Promise<string[][]> {
	const { stdout } = await run('tshark', ['-n', '-r', join(CAPTURES_DIR, file), '-T', 'fields', '-E', 'separator=|', ...FIELDS.flatMap((f) => ['-e', f])], { timeout: 120_000 });
	return stdout
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => l.split('|'));
}

const list = (field: string): number[] => (field === '' ? [] : field.split(',').map(Number));

/** What dhcpulse reads in a DHCPv4 packet, in tshark's terms (pad and END are framing, left out of both). */
function ours4(payload: Uint8Array): string[] {
	const m = dhcp4.decode(payload);
	const type = dhcp4.messageTypeOf(m.options);
	return [String(type ?? ''), `0x${m.xid.toString(16).padStart(8, '0')}`, m.yiaddr, m.options.map((o) => o.code).join(',')];
}

/** The same for DHCPv6: every msg-type of the relay chain, the inner transaction id, every option code depth first. */
function ours6(payload: Uint8Array): string[] {
	const m = dhcp6.decode(payload);
	const { message, relays } = dhcp6.unwrapRelays(m);
	const types = [...relays.map((r) => r.msgType), message.msgType];
	const xid = dhcp6.isRelay(message) ? '' : `0x${message.transactionId.toString(16).padStart(6, '0')}`;
	return [
		types.join(','),
		xid,
		printOrder6(m)
			.map((p) => p.option.code)
			.join(','),
	];
}

for (const file of captureFiles()) {
	test.serial(`${file}: tshark and dhcpulse agree on message types, transaction ids, yiaddr and option codes`, async (t) => {
		const packets = realPackets(file);
		const rows = await tshark(file);
		t.is(rows.length, packets.length);
		for (const [i, p] of packets.entries()) {
			const [frame, type4, xid4, yiaddr, codes4, types6, xid6, codes6] = rows[i]!;
			const where = `${file} #${frame}`;
			if (p.udp.family === 4) {
				const theirs = [
					type4!,
					xid4!,
					yiaddr!,
					list(codes4!)
						.filter((c) => c !== 0 && c !== 255)
						.join(','),
				];
				t.deepEqual(ours4(p.udp.payload), theirs, where);
			} else {
				t.deepEqual(ours6(p.udp.payload), [types6!, xid6!, codes6!], where);
			}
		}
	});
}
