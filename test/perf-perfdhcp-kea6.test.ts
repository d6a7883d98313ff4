/**
 * perfdhcp's flags with DHCPv6 against a real Kea DHCPv6 server in a namespace lab (issue #25):
 * -u and -x l over IA_NA addresses and IA_PD prefixes, and -b given twice (a duid= whose last
 * 6 octets each client replaces with its MAC, numbered from mac=), -J's link-addresses.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { decode, unwrapRelays } from '../src/codec/dhcp6/message.js';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';
import { runCli } from './helpers/cli.js';
import { useLab } from './helpers/lab.js';
import { assertIdentity, assertRan, perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea6' });
const dir = scratch('perf-perfdhcp6');
test.serial.before(async () => waitForCarrier(lab()));

test.serial("perfdhcp -6 -e address-and-prefix -b mac=… -b duid=… -u -x l: each client's address and prefix listed, none leased twice, DUIDs from the base", async (t) => {
	const pcap = join(dir, 'v6.pcap');
	const r = await perfInLab(
		lab(),
		['-6', '2001:db8:2::1', '-e', 'address-and-prefix', '-b', 'mac=00:0c:01:02:03:04', '-b', 'duid=0002000009bf0a0b0c0d0e0f', '-u', '-x', 'l', '-r', '20', '-n', '4', '-W', '2', '--pcap', pcap, '--no-dashboard'],
		dir,
		60_000,
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	const ok = r.json.exchanges.RR!.ok;
	t.is(ok, 4, JSON.stringify(r.json.exchanges));
	t.deepEqual(r.json.uniqueness, { addresses: 2 * ok, duplicates: [] }, 'an address and a prefix per client');
	const listed = r.stdout.split('***Leases***\nclient,address\n')[1]!.trim().split('\n');
	t.is(listed.filter((l) => /^00:0c:01:02:03:0[4-7],2001:db8:[0-9a-f:]+$/.test(l)).length, 4, listed.join('\n'));
	t.is(listed.filter((l) => /^00:0c:01:02:03:0[4-7],2001:db8:[0-9a-f:]+\/\d+$/.test(l)).length, 4, listed.join('\n'));
	// DUID-EN (type 2, enterprise 2495) from duid=, its identifier's last 6 octets each client's MAC.
	const decoded = await runCli(['decode', pcap]);
	for (const mac of ['00 0C 01 02 03 04', '00 0C 01 02 03 07']) t.regex(decoded.stdout, new RegExp(`clientid\\): type=EN, enterprise=2495, identifier=${mac}\\b`));
});

test.serial("perfdhcp -6 -J FILE: client i's RELAY-FORW carries the list's (i mod n)-th link-address, and Kea answers each", async (t) => {
	const links = join(dir, 'links.txt');
	writeFileSync(links, '2001:db8:2::2\n2001:db8:2::3\n2001:db8:2::4\n');
	const pcap = join(dir, 'links.pcap');
	const r = await perfInLab(lab(), ['-6', '2001:db8:2::1', '-J', links, '-r', '20', '-R', '6', '-n', '6', '-W', '2', '--pcap', pcap, '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	t.is(r.json.exchanges.RR!.ok, 6, JSON.stringify(r.json.exchanges));
	t.regex(r.stdout, /3 link-addresses \(-J\)/);
	// RELAY-FORW (RFC 8415 §9): msg-type 12, hop-count, link-address (octets 2–17): each of the list twice, for SOLICITs and REQUESTs alike.
	const seen = new Map<string, number>();
	for (const rec of readCapture(readFileSync(pcap))) {
		const u = extractUdp(rec.linktype, rec.data);
		if (u.kind !== 'udp' || u.payload[0] !== 12) continue;
		const link = [...Array(8).keys()].map((i) => ((u.payload[2 + 2 * i]! << 8) | u.payload[3 + 2 * i]!).toString(16)).join(':');
		seen.set(link, (seen.get(link) ?? 0) + 1);
	}
	t.deepEqual([...seen].sort(), [
		['2001:db8:2:0:0:0:0:2', 4],
		['2001:db8:2:0:0:0:0:3', 4],
		['2001:db8:2:0:0:0:0:4', 4],
	]);
});

test.serial("perfdhcp -6 -Y 1 -y 1: SOLICITs sent in the run's second second carry an Elapsed Time of 1 s (100 hundredths), the others 0, and Kea answers them all", async (t) => {
	const pcap = join(dir, 'elapsed.pcap');
	const r = await perfInLab(lab(), ['-6', '2001:db8:2::1', '-Y', '1', '-y', '1', '-r', '20', '-p', '3', '--pcap', pcap, '--no-dashboard'], dir, 60_000);
	assertRan(t, r);
	// Elapsed Time (RFC 8415 §21.9): option 8, hundredths of a second, in each SOLICIT (msg-type 1) inside its RELAY-FORW.
	const elapsed: number[] = [];
	for (const rec of readCapture(readFileSync(pcap))) {
		const u = extractUdp(rec.linktype, rec.data);
		if (u.kind !== 'udp' || u.payload[0] !== 12) continue;
		const { message } = unwrapRelays(decode(u.payload));
		if (message.msgType !== 1) continue;
		const option = message.options.find((o) => o.code === 8)!;
		elapsed.push((option.data[0]! << 8) | option.data[1]!);
	}
	t.is(elapsed.length, r.json.exchanges.SA!.sent);
	t.deepEqual(
		[...new Set(elapsed)].sort((a, b) => a - b),
		[0, 100],
		'Elapsed Time is 0 or 100',
	);
	const raised = elapsed.filter((e) => e === 100).length;
	t.true(raised >= 5 && raised <= 30, `${raised} SOLICITs with 100`);
	t.true(elapsed.indexOf(100) > 0 && elapsed.lastIndexOf(100) < elapsed.length - 1, 'the raised ones are in the middle of the run');
	t.is(r.json.exchanges.SA!.timeouts, 0);
});
