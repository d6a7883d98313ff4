/**
 * Simulated DHCPv4 clients that differ as a real population does, against a real Kea (issue #25):
 * the client identifier each sends (`--client-id`) is the one Kea's leases record; the vendor class
 * each draws (`--option-weighted`) is the one Kea classifies it by. Kea's own lease file (memfile,
 * written as it leases) and its answers (a class's option in them) are the evidence.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { kea4Config } from '../src/lab/config-kea.js';
import { decode as decodeDhcp4 } from '../src/codec/dhcp4/message.js';
import { dhcp4Options } from '../src/codec/dhcp4/option-defs.js';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';
import { WeightedDraw } from '../src/perf/weighted-options.js';
import { runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { assertRan, perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('perf-kea4-clients');
const configFile = join(dir, 'kea-dhcp4.conf');
const leaseFile = join(dir, 'leases4.csv');
const config = kea4Config({ leaseFile, controlSocket: join(dir, 'kea4.sock') }) as { Dhcp4: { 'client-classes'?: object[] } };
// Each vendor class (option 60, RFC 2132 §9.13) is a Kea class whose answers name its own boot file (option 67).
const BOOT_FILES: Record<string, string> = { 'MSFT 5.0': 'msft.efi', PXEClient: 'pxe.0' };
config.Dhcp4['client-classes'] = Object.entries(BOOT_FILES).map(([vendor, file]) => ({
	name: file,
	test: `option[60].text == '${vendor}'`,
	'option-data': [{ name: 'boot-file-name', data: file, 'always-send': true }],
}));
writeFileSync(configFile, JSON.stringify(config, null, '\t'));

const lab = useLab(test, { server: 'kea4', config: configFile });
test.serial.before(async () => waitForCarrier(lab()));

interface Lease4 {
	address: string;
	hwaddr: string;
	client_id: string;
}

/** Kea's memfile leases (its CSV, a header line first), the last line of each address winning. */
function keaLeases(): Lease4[] {
	const [header, ...lines] = readFileSync(leaseFile, 'utf8').trim().split('\n');
	const names = header!.split(',');
	const byAddress = new Map<string, Lease4>();
	for (const line of lines) {
		const cells = line.split(',');
		const row = Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ''])) as unknown as Lease4;
		byAddress.set(row.address, row);
	}
	return [...byAddress.values()];
}

/** Leases of the clients whose MACs start with `prefix` (each test has its own). */
const leasesOf = (prefix: string): Lease4[] => keaLeases().filter((l) => l.hwaddr.startsWith(prefix));

const run = (mac: string, ...more: string[]) => ['198.19.0.1', '-r', '50', '-n', '20', '-R', '20', '-d', '10', '-b', `mac=${mac}`, ...more];

test.serial('--client-id: the identifier each client sends is the one on its lease in Kea', async (t) => {
	const cases = [
		// RFC 2132 §9.14: type 1, the MAC (the default).
		['02:91:00:00:00:00', [], (mac: string) => `01:${mac}`],
		// RFC 4361 §6.1: type 255, IAID 1, DUID-LL (type 3, htype 1, the MAC).
		['02:92:00:00:00:00', ['--client-id', 'duid'], (mac: string) => `ff:00:00:00:01:00:03:00:01:${mac}`],
		// No option 61: Kea knows the client by chaddr alone.
		['02:93:00:00:00:00', ['--client-id', 'none'], () => ''],
	] as const;
	for (const [base, flags, expected] of cases) {
		const r = await perfInLab(lab(), run(base, ...flags), dir);
		assertRan(t, r);
		t.is(r.json.exchanges.RA!.ok, 20, `${flags.join(' ') || 'default'}: every client leased`);
		const leases = leasesOf(base.slice(0, 5));
		t.is(leases.length, 20);
		for (const l of leases) t.is(l.client_id, expected(l.hwaddr), `${flags.join(' ') || 'default'}: ${l.hwaddr}`);
	}
});

/** Option `code`'s data as text in a DHCPv4 message, or undefined. */
function optionText(message: ReturnType<typeof decodeDhcp4>, code: number): string | undefined {
	const o = message.options.find((x) => x.code === code);
	return o ? Buffer.from(o.data).toString('latin1') : undefined;
}

test.serial('--option-weighted: each client sends the vendor class it drew, in the proportions asked, and Kea classifies it by that class', async (t) => {
	const pcap = join(dir, 'vendor.pcap');
	const base = 0x029400000000;
	const n = 400;
	const r = await perfInLab(
		lab(),
		[
			'198.19.0.1',
			'-r',
			'200',
			'-n',
			String(n),
			'-R',
			String(n),
			'-d',
			'10',
			'-b',
			'mac=02:94:00:00:00:00',
			'-s',
			'5',
			'--option-weighted',
			'3:60="MSFT 5.0"',
			'--option-weighted',
			'1:vendor-class-identifier=PXEClient',
			'--pcap',
			pcap,
		],
		dir,
		60_000,
	);
	assertRan(t, r);
	t.true(r.json.exchanges.RA!.ok > 0);
	const vendorOf = new Map<number, Set<string>>();
	let answers = 0;
	const draw = new WeightedDraw(
		[
			{
				code: 60,
				choices: [
					{ weight: 3, option: dhcp4Options.parseOption('60="MSFT 5.0"') },
					{ weight: 1, option: dhcp4Options.parseOption('60=PXEClient') },
				],
			},
		],
		5,
	);
	const sent: { client: number; vendor: string }[] = [];
	const replies: { client: number; file: string | undefined }[] = [];
	for (const record of readCapture(readFileSync(pcap))) {
		const u = extractUdp(record.linktype, record.data);
		if (u.kind !== 'udp') continue;
		const m = decodeDhcp4(u.payload);
		const client = Number.parseInt(Buffer.from(m.chaddr.subarray(0, 6)).toString('hex'), 16) - base;
		if (m.op === 1) sent.push({ client, vendor: optionText(m, 60)! });
		else replies.push({ client, file: optionText(m, 67) });
	}
	for (const { client, vendor } of sent) {
		if (!vendorOf.has(client)) vendorOf.set(client, new Set());
		vendorOf.get(client)!.add(vendor);
	}
	t.true(vendorOf.size > n / 2, `${vendorOf.size} clients sent`);
	let msft = 0;
	for (const [client, vendors] of vendorOf) {
		t.is(vendors.size, 1, `client ${client} kept one vendor class in every message`);
		const [vendor] = [...vendors];
		// Deterministic from --seed: the draw the module makes for this client.
		t.is(vendor, draw.choiceOf(client, 0) === 0 ? 'MSFT 5.0' : 'PXEClient', `client ${client}`);
		if (vendor === 'MSFT 5.0') msft++;
	}
	// 3:1 is 75 %; a generous band for 400 clients.
	t.true(msft / vendorOf.size > 0.62 && msft / vendorOf.size < 0.88, `${msft} of ${vendorOf.size} sent MSFT 5.0`);
	// Kea put each client in the class of the vendor class it sent: its answers carry that class's boot file.
	for (const { client, file } of replies) {
		answers++;
		t.is(file, BOOT_FILES[[...vendorOf.get(client)!][0]!], `answer to client ${client}`);
	}
	t.true(answers > n / 2, `${answers} answers`);
});

test.serial("{relay} with -J: each client's option 82 names the giaddr it is relayed from, and Kea echoes it", async (t) => {
	const relays = join(dir, 'relays.txt');
	// The lab's client side has 198.19.0.2 … 198.19.0.9 on its relay link (src/lab/plan.ts).
	writeFileSync(relays, '198.19.0.2\n198.19.0.3\n198.19.0.4\n');
	const pcap = join(dir, 'relay82.pcap');
	const base = 0x029500000000;
	const r = await perfInLab(
		lab(),
		['198.19.0.1', '-J', relays, '-r', '50', '-n', '30', '-R', '30', '-d', '10', '-b', 'mac=02:95:00:00:00:00', '--option', '82=agentCircuitID="relay{relay}/port{client}"', '--pcap', pcap],
		dir,
	);
	assertRan(t, r);
	t.is(r.json.exchanges.RA!.ok, 30);
	let replies = 0;
	for (const record of readCapture(readFileSync(pcap))) {
		const u = extractUdp(record.linktype, record.data);
		if (u.kind !== 'udp') continue;
		const m = decodeDhcp4(u.payload);
		const client = Number.parseInt(Buffer.from(m.chaddr.subarray(0, 6)).toString('hex'), 16) - base;
		// RFC 3046 §2.0: sub-option 1, the circuit id; Kea echoes the whole option (§2.2).
		const rai = m.options.find((o) => o.code === 82)!.data;
		t.is(Buffer.from(rai.subarray(2, 2 + rai[1]!)).toString('latin1'), `relay${client % 3}/port${String(client).padStart(2, '0')}`, `client ${client}, op ${m.op}`);
		t.is(m.giaddr, `198.19.0.${2 + (client % 3)}`);
		if (m.op === 2) replies++;
	}
	t.is(replies, 60, "every OFFER and ACK echoed its client's option 82");
});

test('--client-id and --option-weighted are refused where they mean nothing, in one line, before anything is sent', async (t) => {
	for (const [args, message] of [
		[['-6', '2001:db8:2::1', '--client-id', 'duid'], /^dhcpulse: --client-id duid: DHCPv4's option 61; a DHCPv6 client always sends its DUID/],
		[['198.19.0.1', '--client-id', 'iaid'], /^dhcpulse: --client-id iaid: expected mac, duid, none$/],
		[['198.19.0.1', '--option', 'hostname=r{relay}'], /^dhcpulse: --option 'hostname=r\{relay\}': \{relay\} is the index of the client's relay in the -J list; give -J FILE$/],
		[['198.19.0.1', '--option-weighted', '60=PXEClient'], /^dhcpulse: --option-weighted '60=PXEClient': expected WEIGHT:CODE\[FMT\]=VALUE with a weight above 0/],
		[['198.19.0.1', '--option-weighted', '0:60=PXEClient'], /a weight above 0/],
		[['198.19.0.1', '--option', '60=x', '--option-weighted', '1:60=PXEClient'], /option 60 is also given by --option or -o/],
		[['-6', '2001:db8:2::1', '--option-weighted', '1:vendor-class=x'], /^dhcpulse: --option-weighted '1:vendor-class=x': /],
	] as const) {
		const r = await runCli(['perf', ...args, '-n', '1'], { prefix: labExecArgs(lab()) });
		t.is(r.code, 3, r.stderr);
		t.regex(r.stderr.trim(), message);
		t.is(r.stderr.trim().split('\n').length, 1);
	}
});
