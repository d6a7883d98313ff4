/**
 * perfdhcp's flags with DHCPv6 against a real Kea DHCPv6 server in a namespace lab (issue #25):
 * -u and -x l over IA_NA addresses and IA_PD prefixes, and -b given twice (a duid= whose last
 * 6 octets each client replaces with its MAC, numbered from mac=).
 */
import { join } from 'node:path';
import test from 'ava';
import { runCli } from './helpers/cli.js';
import { useLab } from './helpers/lab.js';
import { assertIdentity, assertRan, perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea6' });
const dir = scratch('perf-perfdhcp6');
test.serial.before(async () => waitForCarrier(lab()));

test.serial('perfdhcp -6 -e address-and-prefix -b mac=… -b duid=… -u -x l: each client\'s address and prefix listed, none leased twice, DUIDs from the base', async (t) => {
	const pcap = join(dir, 'v6.pcap');
	const r = await perfInLab(lab(), ['-6', '2001:db8:2::1', '-e', 'address-and-prefix', '-b', 'mac=00:0c:01:02:03:04', '-b', 'duid=0002000009bf0a0b0c0d0e0f', '-u', '-x', 'l', '-r', '20', '-n', '4', '-W', '2', '--pcap', pcap, '--no-dashboard'], dir, 60_000);
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
