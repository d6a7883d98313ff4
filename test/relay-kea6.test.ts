/**
 * DHCPv6 relay topologies against a real Kea DHCPv6 server (issue #25): the relay options of
 * `perf --relay-option` reach Kea at the level asked and per client, and probes relay through
 * more than one RELAY-FORW. Kea's relayed pool is kept for the clients of one class, whose test
 * reads the relay options: a client gets an address only if its RELAY-FORW carried them (its
 * Remote-ID must be its own MAC, as Kea reads it from the DUID), so an answered exchange is Kea's
 * word that the values arrived. The vendor class each client draws (`--option-weighted`) is a Kea
 * class too, whose SNTP server Kea puts in that client's ADVERTISE and REPLY.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { readFileSync } from 'node:fs';
import { decode as decodeDhcp6, unwrapRelays } from '../src/codec/dhcp6/message.js';
import { kea6Config } from '../src/lab/config-kea.js';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';
import { runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { assertRan, perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('relay-kea6');
const configFile = join(dir, 'kea-dhcp6.conf');
type Subnet6 = { id: number; pools: { pool: string; 'client-class'?: string }[]; reservations?: object[] };
const config = kea6Config({ leaseFile: join(dir, 'leases6.csv'), controlSocket: join(dir, 'kea6.sock') }) as { Dhcp6: { subnet6: Subnet6[]; 'client-classes'?: object[] } };
/** The client's MAC as Kea sees it: the last 6 octets of its DUID (DUID-LL, RFC 8415 §11.4), as 02:00:…. */
const MAC = "hexstring(substring(option[1].hex,-6,all),':')";
// Kea's relay6[0] is the relay nearest the server (the outermost RELAY-FORW); dhcpulse's level 0 is
// the one nearest the client. One level: both are the same relay. Two levels: level 1 is relay6[0].
config.Dhcp6['client-classes'] = [
	{
		name: 'relay-ok',
		test: `(substring(relay6[0].option[18].hex,0,5) == 'eth0/' and substring(relay6[0].option[37].hex,4,all) == ${MAC}) or (relay6[0].option[38].hex == 'agg-1' and substring(relay6[1].option[37].hex,4,all) == ${MAC})`,
	},
	// A vendor class whose text is the client's own MAC (--option with {mac}) picks another SNTP server.
	{ name: 'own-mac', test: `substring(option[16].hex,6,all) == ${MAC}`, 'option-data': [{ name: 'sntp-servers', data: '2001:db8::125', 'always-send': true }] },
	// The vendor class a client drew (--option-weighted, RFC 8415 §21.16) picks the SNTP server in its answers.
	...Object.entries({ 'MSFT 5.0': '2001:db8::123', PXEClient: '2001:db8::124' }).map(([vendor, sntp]) => ({
		name: `vendor-${sntp}`,
		test: `vendor-class[311].data == '${vendor}'`,
		'option-data': [{ name: 'sntp-servers', data: sntp, 'always-send': true }],
	})),
];
const relayed = config.Dhcp6.subnet6.find((s) => s.id === 2)!;
relayed.pools = relayed.pools.map((p) => ({ ...p, 'client-class': 'relay-ok' }));
// The probes' client: its address is reserved, whatever its relay options (RFC 8415 §19.1.1 link-address picks the subnet).
const PROBE_DUID = '00:03:00:01:02:66:00:00:00:01';
const PROBE_ADDRESS = '2001:db8:2::66';
relayed.reservations = [{ duid: PROBE_DUID, 'ip-addresses': [PROBE_ADDRESS] }];
writeFileSync(configFile, JSON.stringify(config, null, '\t'));

const lab = useLab(test, { server: 'kea6', config: configFile });
test.serial.before(async () => waitForCarrier(lab()));

const SERVER = '2001:db8:2::1';
const run = (...args: string[]) => ['-6', SERVER, '-r', '50', '-n', '40', '-d', '10', '-R', '1000', ...args];

test.serial("--relay-option: each client's Interface-Id and Remote-ID reach Kea in its RELAY-FORW", async (t) => {
	const r = await perfInLab(lab(), run('-b', 'duid=00030001026100000000', '--relay-option', 'interface-id="eth0/{client}"', '--relay-option', 'remote-id=3561,"{mac}"'), dir);
	assertRan(t, r);
	const { SA, RR } = r.json.exchanges;
	t.true(SA!.ok > 0, `ADVERTISEs with an address: ${SA!.ok}`);
	t.is(SA!.rejected, 0, 'every client was in the class: its own Remote-ID arrived');
	t.true(RR!.ok > 0 && RR!.rejected === 0);
});

test.serial('without the relay options, or with another Remote-ID, Kea keeps the pool from the clients', async (t) => {
	const none = await perfInLab(lab(), run('-b', 'duid=00030001026200000000'), dir);
	t.is(none.json.exchanges.SA!.ok, 0);
	t.true(none.json.exchanges.SA!.rejected > 0, 'Kea answered NoAddrsAvail');
	const other = await perfInLab(lab(), run('-b', 'duid=00030001026300000000', '--relay-option', 'interface-id="eth0/{client}"', '--relay-option', 'remote-id=3561,"not-{client}"'), dir);
	t.is(other.json.exchanges.SA!.ok, 0);
	t.true(other.json.exchanges.SA!.rejected > 0);
});

test.serial("{relay} with -J: each client's Interface-Id names its link, and Kea's RELAY-REPL carries it back", async (t) => {
	const links = join(dir, 'links.txt');
	writeFileSync(links, '2001:db8:2::2\n2001:db8:2::3\n');
	const pcap = join(dir, 'links.pcap');
	const r = await perfInLab(lab(), [...run('-J', links, '-b', 'duid=00030001026700000000', '--relay-option', 'interface-id="eth0/{relay}/{client}"', '--relay-option', 'remote-id=3561,"{mac}"'), '--pcap', pcap], dir);
	assertRan(t, r);
	t.true(r.json.exchanges.SA!.ok > 0 && r.json.exchanges.SA!.rejected === 0);
	let replies = 0;
	for (const record of readCapture(readFileSync(pcap))) {
		const u = extractUdp(record.linktype, record.data);
		if (u.kind !== 'udp') continue;
		const { message, relays } = unwrapRelays(decodeDhcp6(u.payload));
		if (!('options' in message) || relays.length !== 1) continue;
		// The client's number: the last octets of its DUID (RFC 8415 §11.4), as -b numbers them.
		const duid = message.options.find((o) => o.code === 1)!.data;
		const client = Buffer.from(duid).readUInt32BE(duid.length - 4);
		const interfaceId = Buffer.from(relays[0]!.options.find((o) => o.code === 18)!.data).toString('latin1');
		t.is(interfaceId, `eth0/${client % 2}/${String(client).padStart(3, '0')}`);
		if (relays[0]!.msgType === 13) {
			replies++;
			// RFC 8415 §19.3: the RELAY-REPL copies the RELAY-FORW's link-address.
			t.is(relays[0]!.linkAddress, `2001:db8:2::${2 + (client % 2)}`);
		}
	}
	t.true(replies > 0, `${replies} RELAY-REPLs`);
});

test.serial('-A 2: a LEVEL: prefix puts the option in that relay, counted from the client', async (t) => {
	const r = await perfInLab(lab(), run('-A', '2', '-b', 'duid=00030001026400000000', '--relay-option', '0:remote-id=3561,"{mac}"', '--relay-option', '1:subscriber-id="agg-1"'), dir);
	assertRan(t, r);
	t.true(r.json.exchanges.SA!.ok > 0);
	t.is(r.json.exchanges.SA!.rejected, 0);
	// The same options one level off: neither half of the class matches.
	const swapped = await perfInLab(lab(), run('-A', '2', '-b', 'duid=00030001026500000000', '--relay-option', '1:remote-id=3561,"{mac}"', '--relay-option', '0:subscriber-id="agg-1"'), dir);
	t.is(swapped.json.exchanges.SA!.ok, 0);
});

test.serial("perfdhcp's --or LEVEL:CODE,HEX: the option goes in the relay LEVEL counts from the client (1 nearest), as --relay-option LEVEL-1 puts it", async (t) => {
	// 'agg-1' as perfdhcp's hex: the Subscriber-ID (38) of the outer relay, Kea's relay6[0].
	const r = await perfInLab(lab(), run('-A', '2', '-b', 'duid=00030001026800000000', '--relay-option', '0:remote-id=3561,"{mac}"', '--or', '2:38,6167672d31'), dir);
	assertRan(t, r);
	t.true(r.json.exchanges.SA!.ok > 0);
	t.is(r.json.exchanges.SA!.rejected, 0, 'every client in the class: agg-1 arrived in the outer relay');
	const inner = await perfInLab(lab(), run('-A', '2', '-b', 'duid=00030001026900000000', '--relay-option', '1:remote-id=3561,"{mac}"', '--or', '1:38,6167672d31'), dir);
	t.is(inner.json.exchanges.SA!.ok, 0, 'level 1 is the relay nearest the client, where the class does not look');
	t.true(inner.json.exchanges.SA!.rejected > 0, 'Kea answered, with NoAddrsAvail');
	const beyond = await runCli(['perf', ...run('-A', '2', '--or', '3:38,00')], { prefix: labExecArgs(lab()) });
	t.is(beyond.code, 3);
	t.is(beyond.stderr.trim(), 'dhcpulse: --or 3:38,00: level 3; -A 2 makes levels 1 to 2 (1 is the relay nearest the client)');
});

test.serial("--option-weighted -6: each client's SOLICIT and REQUEST carry the vendor class it drew, and Kea answers both as that class", async (t) => {
	const pcap = join(dir, 'vendor6.pcap');
	const relay = ['--relay-option', 'interface-id="eth0/{client}"', '--relay-option', 'remote-id=3561,"{mac}"'];
	const weighted = ['--option-weighted', '3:vendor-class=311,"MSFT 5.0"', '--option-weighted', '1:vendor-class=311,"PXEClient"'];
	const r = await perfInLab(lab(), ['-6', SERVER, '-r', '100', '-n', '200', '-R', '200', '-d', '10', '-b', 'duid=00030001026600000000', '-s', '3', ...relay, ...weighted, '--pcap', pcap], dir, 60_000);
	assertRan(t, r);
	const vendorOf = new Map<string, string>();
	const requestedAs = new Map<string, string>();
	const sntpOf = new Map<string, string>();
	const repliedOf = new Map<string, string>();
	for (const { msgType, option } of clientServerMessages(pcap)) {
		const duid = Buffer.from(option(1)!).toString('hex');
		// SOLICIT (1): RFC 8415 §21.16 vendor-class: enterprise, then a length and the data.
		if (msgType === 1) vendorOf.set(duid, Buffer.from(option(16)!.subarray(6)).toString('latin1'));
		// REQUEST (3): the same vendor class again (perfdhcp's -o options go in every message too).
		if (msgType === 3) requestedAs.set(duid, option(16) ? Buffer.from(option(16)!.subarray(6)).toString('latin1') : '(none)');
		// ADVERTISE (2), REPLY (7): sntp-servers (31, RFC 4075) holds the class's address.
		if (msgType === 2) sntpOf.set(duid, Buffer.from(option(31)!).toString('hex'));
		if (msgType === 7) repliedOf.set(duid, option(31) ? Buffer.from(option(31)!).toString('hex') : '(none)');
	}
	t.true(vendorOf.size > 100, `${vendorOf.size} clients solicited`);
	const msft = [...vendorOf.values()].filter((v) => v === 'MSFT 5.0').length;
	t.true(msft / vendorOf.size > 0.6 && msft / vendorOf.size < 0.9, `${msft} of ${vendorOf.size} drew MSFT 5.0 (3:1)`);
	t.true(sntpOf.size > 100, `${sntpOf.size} ADVERTISEs`);
	const sntpFor = (duid: string) => (vendorOf.get(duid) === 'MSFT 5.0' ? '20010db8000000000000000000000123' : '20010db8000000000000000000000124');
	for (const [duid, sntp] of sntpOf) t.is(sntp, sntpFor(duid), duid);
	t.true(requestedAs.size > 100 && repliedOf.size > 100, `${requestedAs.size} REQUESTs, ${repliedOf.size} REPLYs`);
	for (const [duid, vendor] of requestedAs) t.is(vendor, vendorOf.get(duid) ?? '(no SOLICIT)', `${duid}'s REQUEST`);
	for (const [duid, sntp] of repliedOf) t.is(sntp, sntpFor(duid), `${duid}'s REPLY`);
});

test.serial("--option -6 with {mac} and {client}: each client's SOLICIT, REQUEST and RELEASE carry its own value, and Kea's class sees its own MAC in it", async (t) => {
	const pcap = join(dir, 'own6.pcap');
	const relay = ['--relay-option', 'interface-id="eth0/{client}"', '--relay-option', 'remote-id=3561,"{mac}"'];
	const own = ['--option', 'vendor-class=311,"{mac}"', '--option', 'user-class="host-{client}"'];
	const r = await perfInLab(lab(), ['-6', SERVER, '-r', '100', '-n', '100', '-R', '100', '-d', '10', '-F', '50', '-b', 'duid=00030001026700000000', ...relay, ...own, '--pcap', pcap], dir, 60_000);
	assertRan(t, r);
	const seen = new Map<number, Set<string>>();
	let replies = 0;
	for (const { msgType, option } of clientServerMessages(pcap)) {
		const mac = [...option(1)!.subarray(-6)].map((b) => b.toString(16).padStart(2, '0')).join(':');
		if (msgType === 1 || msgType === 3 || msgType === 8) {
			// vendor-class (16): enterprise, a length, the data; user-class (15): a length, the data (RFC 8415 §21.15, §21.16).
			t.is(Buffer.from(option(16)!.subarray(6)).toString('latin1'), mac, `msg-type ${msgType} of ${mac}`);
			t.regex(Buffer.from(option(15)!.subarray(2)).toString('latin1'), /^host-\d{2}$/);
			if (!seen.has(msgType)) seen.set(msgType, new Set());
			seen.get(msgType)!.add(Buffer.from(option(15)!.subarray(2)).toString('latin1'));
		}
		// REPLY (7) to the REQUEST: Kea put the client in the class that compares the text with its DUID's MAC.
		if (msgType === 7 && option(31)) {
			replies++;
			t.is(Buffer.from(option(31)!).toString('hex'), '20010db8000000000000000000000125');
		}
	}
	t.true((seen.get(1)?.size ?? 0) > 50 && (seen.get(3)?.size ?? 0) > 50, `distinct user classes: SOLICIT ${seen.get(1)?.size}, REQUEST ${seen.get(3)?.size}`);
	t.true((seen.get(8)?.size ?? 0) > 0, `RELEASEs with their own values: ${seen.get(8)?.size}`);
	t.true(replies > 50, `REPLYs with the own-mac class's SNTP server: ${replies}`);
});

test('--relay-option is refused where it has no place, before anything is sent', async (t) => {
	for (const [args, message] of [
		[['198.19.0.1', '--relay-option', 'interface-id="x"'], /^dhcpulse: --relay-option 'interface-id="x"': DHCPv4's relay agent options are option 82/],
		[['-6', SERVER, '--relay-option', '2:interface-id="x"'], /level 2, and -A 1 makes levels 0 to 0/],
		[['-6', SERVER, '--relay-option', 'interface-id=eth0'], /^dhcpulse: --relay-option 'interface-id=eth0': expected hex bytes/],
	] as const) {
		const r = await runCli(['perf', ...args, '-n', '1'], { prefix: labExecArgs(lab()) });
		t.is(r.code, 3, r.stderr);
		t.regex(r.stderr.trim(), message);
		t.is(r.stderr.trim().split('\n').length, 1);
	}
});

interface Probe6Json {
	steps: { name: string; wire?: unknown; replies: { type: string; packet: { msgType: string } }[] }[];
	request: { packet: unknown };
	replies: { address?: string }[];
}

/** The client/server messages of a capture, relay layers taken off, each with a reader of its options' data. */
function clientServerMessages(pcap: string): { msgType: number; option: (code: number) => Uint8Array | undefined }[] {
	const out: { msgType: number; option: (code: number) => Uint8Array | undefined }[] = [];
	for (const record of readCapture(readFileSync(pcap))) {
		const u = extractUdp(record.linktype, record.data);
		if (u.kind !== 'udp') continue;
		const { message } = unwrapRelays(decodeDhcp6(u.payload));
		if (!('options' in message) || 'linkAddress' in message) continue;
		out.push({ msgType: message.msgType, option: (code) => message.options.find((o) => o.code === code)?.data });
	}
	return out;
}

/** The hop-counts of a relay chain from the outermost in, as the JSON's packet prints it. */
function hopCounts(packet: unknown): number[] {
	const out: number[] = [];
	let p = packet as { msgType: string; hopCount?: number; options?: { code: number; value?: unknown }[] } | undefined;
	while (p && (p.msgType === 'RELAY-FORW' || p.msgType === 'RELAY-REPL')) {
		out.push(p.hopCount!);
		p = p.options?.find((o) => o.code === 9)?.value as typeof p;
	}
	return out;
}

test.serial('lease -6 --relay-levels 3: every request nested in three RELAY-FORWs, every answer back in three RELAY-REPLs', async (t) => {
	const r = await runCli(['lease', '-6', '--server', SERVER, '--relay', lab().relayAddr6, '--relay-levels', '3', '--duid', PROBE_DUID, '--renew', '--json'], { prefix: labExecArgs(lab()) });
	t.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout) as Probe6Json;
	t.deepEqual(
		doc.steps.map((s) => [s.name, s.replies[0]?.type]),
		[
			['solicit', 'ADVERTISE'],
			['request', 'REPLY'],
			['renew', 'REPLY'],
			['release', 'REPLY'],
		],
	);
	t.is(doc.replies[0]!.address, PROBE_ADDRESS);
	// RFC 8415 §19.1.2: hop-count 0 at the relay nearest the client, one more at each relay out.
	t.deepEqual(hopCounts(doc.request.packet), [2, 1, 0]);
	for (const s of doc.steps) t.deepEqual(hopCounts(s.replies[0]!.packet), [2, 1, 0], `${s.name}'s answer`);
});

test.serial('ping -6 and discover -6 relayed through two levels', async (t) => {
	const ping = await runCli(['ping', '-6', '-s', SERVER, '-g', lab().relayAddr6, '--relay-levels', '2', '--nagios'], { prefix: labExecArgs(lab()) });
	t.is(ping.code, 0, ping.stdout + ping.stderr);
	const discover = await runCli(['discover', '-6', '--server', SERVER, '--relay', lab().relayAddr6, '--relay-levels', '2', '--duid', PROBE_DUID, '-q'], { prefix: labExecArgs(lab()) });
	t.is(discover.code, 0, discover.stderr);
	t.regex(discover.stderr, /^OK: advertise 2001:db8:2::66 /);
});

test('--relay-levels: DHCPv4 relays do not nest, and levels need a relay', async (t) => {
	for (const [args, message] of [
		[['discover', '--server', '198.19.0.1', '--giaddr', '198.19.0.2', '--relay-levels', '2'], /^dhcpulse: --relay-levels 2: DHCPv4 relays do not nest \(RFC 3046: one giaddr, the first relay's\)/],
		[['lease', '-6', '--server', SERVER, '--relay-levels', '2'], /^dhcpulse: --relay-levels 2: needs relay emulation/],
		[['discover', '-6', '--server', SERVER, '--relay', '2001:db8:2::2', '--relay-levels', '9'], /^dhcpulse: --relay-levels 9: expected a whole number from 1 to 8/],
	] as const) {
		const r = await runCli([...args], { prefix: labExecArgs(lab()) });
		t.is(r.code, 3, r.stderr);
		t.regex(r.stderr, message);
		t.is(r.stderr.trim().split('\n').length, 1);
	}
});
