/**
 * perfdhcp users' command lines through `dhcpulse perf` against a real Kea DHCPv4 server in a
 * namespace lab (issue #25): perfdhcp's flags (perfdhcp -h, Kea 2.2) do what perfdhcp's do:
 * -N the server port, -u the address uniqueness check (with a duplicate caused on purpose by a
 * responder that leases one address to everyone, which a real server will not do), -x l the
 * leases, -x a the settings, -w the wrapped command, -M the clients' MACs, -J the giaddrs, -n and
 * -d per stage; -g, -B, -1 are accepted with a note.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';
import { captureInLab, useLab } from './helpers/lab.js';
import { addResponderAddress, RESPONDER, withResponder } from './helpers/responder.js';
import { assertIdentity, assertRan, keaDeltas, perfInLab, scratch, waitForCarrier, type PerfRun } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-perfdhcp');
test.serial.before(async () => {
	await waitForCarrier(lab());
	await addResponderAddress(lab());
});

test.serial('perfdhcp -4 -r 100 -R 1000 -n 200 -t 1 -x ei -g single -1 -B -a 2: runs as perfdhcp would, with a note for each flag that changes nothing', async (t) => {
	const r = await perfInLab(lab(), ['-4', '-r', '100', '-R', '1000', '-n', '200', '-t', '1', '-x', 'ei', '-g', 'single', '-1', '-B', '-a', '2', '198.19.0.1', '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	assertIdentity(t, r.json);
	t.is(r.json.exchanges.DO!.sent, 200, '-n 200 starts 200 exchanges');
	t.is(r.json.exchanges.RA!.sent, r.json.exchanges.DO!.ok, 'each OFFER is followed by a REQUEST (4-way)');
	t.regex(r.stdout, /-g single: ignored: .*--workers N/);
	t.regex(r.stdout, /-B: dhcpulse sets SO_BROADCAST/);
	t.regex(r.stdout, /-1: each REQUEST carries the server id of the OFFER/);
	t.regex(r.stdout, /-a 2: ignored: dhcpulse's pacing sends what fell due at once/);
	// -x e: the exit reason; -x i: the interval lines' rates.
	t.regex(r.stdout, /^ended: /m);
	t.regex(r.stdout, /^\[/m, 'interval lines');
});

test.serial('perfdhcp -u -x l against Kea: every lease listed, client and address, and no address leased twice', async (t) => {
	const r = await perfInLab(lab(), ['-r', '100', '-R', '300', '-n', '100', '-u', '-x', 'l', '-W', '2', '198.19.0.1', '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	const acked = r.json.exchanges.RA!.ok;
	t.true(acked > 0);
	t.deepEqual(r.json.uniqueness, { addresses: acked, duplicates: [] });
	t.regex(r.stdout, /^non unique addresses: 0 \(of \d+ addresses leased\)$/m);
	const listed = r.stdout.split('***Leases***\nclient,address\n')[1]!.trim().split('\n');
	t.is(listed.length, acked, 'one line per ACK');
	for (const line of listed) t.regex(line, /^02:00:0c:[0-9a-f:]{8},198\.19\.1\.\d+$/);
	t.is(new Set(listed.map((l) => l.split(',')[1])).size, acked, 'distinct addresses');
});

test.serial('-u finds an address leased to several clients (a responder that leases 198.19.1.77 to everyone): in the report and the JSON', async (t) => {
	let r: PerfRun | undefined;
	await withResponder(lab(), ['plain'], async () => {
		r = await perfInLab(lab(), [RESPONDER, '-l', lab().relayAddr4, '-r', '10', '-n', '5', '-R', '5', '-d', '2', '-u', '--no-dashboard'], dir, 60_000);
	});
	const { json, stdout } = r!;
	t.is(json.exchanges.RA!.ok, 5, JSON.stringify(json.exchanges));
	t.is(json.uniqueness!.addresses, 1);
	t.is(json.uniqueness!.duplicates.length, 1);
	t.is(json.uniqueness!.duplicates[0]!.address, '198.19.1.77');
	t.is(new Set(json.uniqueness!.duplicates[0]!.clients).size, 5, 'every client that got it');
	t.regex(stdout, /^non unique addresses: 1 \(of 1 addresses leased\)\n198\.19\.1\.77 leased to (02:00:0c:[0-9a-f:]{8}(, )?){5}$/m);
	t.is(r!.code, 2, 'an address leased twice makes the run CRITICAL');
});

test.serial('perfdhcp -N 1067: the requests go to the server at port 1067, none to 67', async (t) => {
	const capture = captureInLab(lab(), lab().relayIface, 'udp and dst host 198.19.0.1');
	await capture.ready;
	const { result: r, delta } = await keaDeltas(lab(), ['pkt4-received'], () => perfInLab(lab(), ['-N', '1067', '-r', '20', '-n', '5', '-d', '0.3', '198.19.0.1', '--no-dashboard'], dir, 60_000));
	const lines = await capture.stop();
	t.is(r.json.exchanges.DO!.sent, 5);
	t.is(lines.filter((l) => /198\.19\.0\.1\.1067: /.test(l)).length, 5, lines.join('\n'));
	t.is(lines.filter((l) => /198\.19\.0\.1\.(67|bootps): /.test(l)).length, 0, lines.join('\n'));
	t.is(delta['pkt4-received'], 0, 'Kea, on port 67, heard nothing');
	t.regex(r.stdout, /198\.19\.0\.1:1067/, 'the target line names the port');
});

test.serial('perfdhcp -w SCRIPT: run with start before the load and stop after the report; -x a prints the settings first', async (t) => {
	const log = join(dir, 'wrapped.log');
	const script = join(dir, 'wrapped.sh');
	writeFileSync(script, `#!/bin/sh\necho "$1" >> ${log}\n`);
	chmodSync(script, 0o755);
	const r = await perfInLab(lab(), ['-w', script, '-x', 'a', '-r', '50', '-n', '20', '198.19.0.1', '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	t.is(readFileSync(log, 'utf8'), 'start\nstop\n');
	t.regex(r.stdout, /^dhcpulse perf: settings \{.*"numRequests":20.*\}$/m);
	// A wrapped command that cannot start stops the run before anything is sent.
	const bad = await perfInLab(lab(), ['-w', join(dir, 'no-such-script'), '-r', '50', '-n', '20', '198.19.0.1', '--no-dashboard'], dir, 60_000).catch((e: Error) => e);
	t.true(bad instanceof Error && /-w .*no-such-script start: cannot run it \(ENOENT\); nothing was sent/.test(bad.message), String(bad));
});

test.serial('perfdhcp -M FILE: the clients are the MACs of the list', async (t) => {
	const macs = fileURLToPath(new URL('./fixtures/perfdhcp/macs.txt', import.meta.url));
	const r = await perfInLab(lab(), ['-M', macs, '-x', 'l', '-u', '-r', '30', '-n', '6', '-W', '2', '198.19.0.1', '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	t.is(r.json.clients, 3, '-R defaults to the number of MACs in the list');
	const listed = r.stdout.split('***Leases***\nclient,address\n')[1]!.trim().split('\n');
	t.is(listed.length, r.json.exchanges.RA!.ok);
	t.deepEqual([...new Set(listed.map((l) => l.split(',')[0]))].sort(), ['00:0c:01:02:03:04', '00:0c:01:02:03:05', '00:0c:01:02:03:06']);
	t.deepEqual(r.json.uniqueness!.duplicates, [], 'a client given its own address again is no duplicate');
	// Usually 3 (each client is given its address again); on a loaded machine a client's second
	// DISCOVER can reach Kea before its first REQUEST, and Kea offers it a second address.
	t.is(r.json.uniqueness!.addresses, new Set(listed.map((l) => l.split(',')[1])).size, listed.join(' '));
});

test.serial('perfdhcp -n 100 -n 30 -d 1 -d 2: the second -n stops at 30 REQUESTs, as perfdhcp; each stage has its own drop time', async (t) => {
	const r = await perfInLab(lab(), ['-r', '50', '-R', '1000', '-n', '100', '-n', '30', '-d', '1', '-d', '2', '198.19.0.1', '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	assertIdentity(t, r.json);
	t.is(r.json.exchanges.RA!.sent, 30, 'REQUESTs: the second -n');
	t.true(r.json.exchanges.DO!.sent >= 30 && r.json.exchanges.DO!.sent < 100, `DISCOVERs: stopped before the first -n (${r.json.exchanges.DO!.sent})`);
	t.regex(r.json.exitReason, /^num-request reached \(-n 100 -n 30: REQUESTs\)/);
	t.deepEqual(r.json.settings.requestStage, { numRequests: 30, maxDrop: null, dropTimeS: 2 });
	t.is(r.json.settings.dropTimeS, 1);
});

test.serial('perfdhcp -J FILE: each client is relayed from one giaddr of the list, and the answers come back to each', async (t) => {
	const relays = join(dir, 'relays.txt');
	// The lab's client side has 198.19.0.2 … 198.19.0.9 on its relay link (src/lab/plan.ts).
	writeFileSync(relays, '# giaddrs\n198.19.0.2\n198.19.0.3\n198.19.0.4\n');
	const pcap = join(dir, 'relays.pcap');
	const r = await perfInLab(lab(), ['-J', relays, '-r', '20', '-R', '6', '-n', '6', '-W', '2', '--pcap', pcap, '198.19.0.1', '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	t.is(r.json.exchanges.RA!.ok, 6, JSON.stringify(r.json.exchanges));
	t.regex(r.stdout, /relay 3 giaddrs \(-J\) → 198\.19\.0\.1:67/);
	// Each DISCOVER's giaddr (RFC 2131 §2: octets 24–27), by its chaddr's last octet (client i = base + i).
	const giaddrOf = new Map<number, Set<string>>();
	for (const rec of readCapture(readFileSync(pcap))) {
		const u = extractUdp(rec.linktype, rec.data);
		if (u.kind !== 'udp' || u.payload[0] !== 1) continue;
		const client = u.payload[28 + 5]!;
		const set = giaddrOf.get(client) ?? new Set<string>();
		set.add([...u.payload.subarray(24, 28)].join('.'));
		giaddrOf.set(client, set);
	}
	t.deepEqual(
		[...giaddrOf.entries()].sort(([a], [b]) => a - b).map(([c, g]) => [c, [...g]]),
		[
			[0, ['198.19.0.2']],
			[1, ['198.19.0.3']],
			[2, ['198.19.0.4']],
			[3, ['198.19.0.2']],
			[4, ['198.19.0.3']],
			[5, ['198.19.0.4']],
		],
	);
});

test.serial("perfdhcp -Y 1 -y 1: DISCOVERs sent in the run's second second carry secs 1, the others 0", async (t) => {
	const pcap = join(dir, 'secs.pcap');
	const r = await perfInLab(lab(), ['-Y', '1', '-y', '1', '-r', '20', '-p', '3', '--pcap', pcap, '198.19.0.1', '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	// secs: octets 8–9 of a DHCPv4 message (RFC 2131 §2); DISCOVERs are the BOOTREQUESTs with option 53 = 1.
	const secs: number[] = [];
	for (const rec of readCapture(readFileSync(pcap))) {
		const u = extractUdp(rec.linktype, rec.data);
		if (u.kind !== 'udp' || u.payload[0] !== 1 || Buffer.from(u.payload).indexOf(Buffer.from([53, 1, 1]), 240) < 0) continue;
		secs.push((u.payload[8]! << 8) | u.payload[9]!);
	}
	t.is(secs.length, r.json.exchanges.DO!.sent);
	t.deepEqual([...new Set(secs)].sort(), [0, 1], 'secs is 0 or 1');
	// 20/s: about 20 in the window; generous bounds for a loaded machine.
	const raised = secs.filter((s) => s === 1).length;
	t.true(raised >= 5 && raised <= 30, `${raised} DISCOVERs with secs 1`);
	t.is(secs.indexOf(1) > 0 && secs.lastIndexOf(1) < secs.length - 1, true, 'the raised ones are in the middle of the run');
});

test.serial('perfdhcp -T discover.hex -T request.hex -X 4 -O 33 -E 8 -S 249 -I 243: the packets are the templates, patched per exchange, and Kea leases from them', async (t) => {
	const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/perfdhcp/${name}`, import.meta.url));
	const pcap = join(dir, 'templates.pcap');
	const r = await perfInLab(
		lab(),
		[
			'-T',
			fixture('discover.hex'),
			'-T',
			fixture('request.hex'),
			'-X',
			'4',
			'-O',
			'33',
			'-E',
			'8',
			'-S',
			'249',
			'-I',
			'243',
			'-r',
			'20',
			'-R',
			'10',
			'-n',
			'10',
			'-W',
			'2',
			'--pcap',
			pcap,
			'198.19.0.1',
			'--no-dashboard',
		],
		dir,
		60_000,
	);
	assertRan(t, r);
	t.is(r.json.exchanges.RA!.ok, 10, JSON.stringify(r.json.exchanges));
	// Every request carries the templates' vendor class (option 60), and each client its own chaddr.
	const requests = [...readCapture(readFileSync(pcap))].map((rec) => extractUdp(rec.linktype, rec.data)).filter((u) => u.kind === 'udp' && u.payload[0] === 1) as { payload: Uint8Array }[];
	t.is(requests.length, 20);
	for (const u of requests) t.true(Buffer.from(u.payload).includes(Buffer.from('perfdhcp-template')));
	t.is(new Set(requests.map((u) => Buffer.from(u.payload.subarray(28, 34)).toString('hex'))).size, 10);
});
