/**
 * perfdhcp's -u against a real server that leases one address to two clients (issue #25): the
 * lab's ISC dhcpd with two host reservations given the same fixed-address by mistake. dhcpd keeps
 * no lease for a fixed address (dhcpd.conf(5), fixed-address), so it hands 198.19.0.77 to both
 * hosts; dhcpulse names the address and both clients, and the run is CRITICAL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { useLab } from './helpers/lab.js';
import { assertIdentity, perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('perf-unique-dhcpd');
const config = join(dir, 'dhcpd.conf');
writeFileSync(
	config,
	[
		'authoritative;',
		'ddns-update-style none;',
		'ping-check false;',
		'default-lease-time 4000;',
		'subnet 198.19.0.0 netmask 255.255.0.0 {',
		'\trange 198.19.1.0 198.19.1.99;',
		'}',
		'host printer-a { hardware ethernet 02:aa:00:00:00:01; fixed-address 198.19.0.77; }',
		'host printer-b { hardware ethernet 02:aa:00:00:00:02; fixed-address 198.19.0.77; }',
		'',
	].join('\n'),
);
const macs = join(dir, 'macs.txt');
// perfdhcp's -M: one MAC per line; the third client has no reservation.
writeFileSync(macs, '02:aa:00:00:00:01\n02:aa:00:00:00:02\n02:aa:00:00:00:03\n');

const lab = useLab(test, { server: 'dhcpd', config });
test.serial.before(async () => waitForCarrier(lab()));

test.serial('-u -M: the address two reservations share is reported with both clients, in the report and the JSON, and the run is CRITICAL', async (t) => {
	const r = await perfInLab(lab(), ['198.19.0.1', '-u', '-M', macs, '-R', '3', '-n', '3', '-r', '10', '-W', '2', '--no-dashboard'], dir, 60_000);
	assertIdentity(t, r.json);
	t.is(r.json.exchanges.RA!.ok, 3, JSON.stringify(r.json.exchanges));
	t.deepEqual(r.json.uniqueness, { addresses: 2, duplicates: [{ address: '198.19.0.77', clients: ['02:aa:00:00:00:01', '02:aa:00:00:00:02'] }] });
	t.regex(r.stdout, /^non unique addresses: 1 \(of 2 addresses leased\)\n198\.19\.0\.77 leased to 02:aa:00:00:00:01, 02:aa:00:00:00:02$/m);
	t.is(r.code, 2, r.stderr);
	t.regex(r.json.exitReason, /; 1 address leased to two clients or more \(-u\)$/);
});

test.serial('without -u the same run is not judged on it: its clients all got answers, and it is not CRITICAL', async (t) => {
	const r = await perfInLab(lab(), ['198.19.0.1', '-M', macs, '-R', '3', '-n', '3', '-r', '10', '-W', '2', '--no-dashboard'], dir, 60_000);
	t.is(r.json.exchanges.RA!.ok, 3);
	t.false('uniqueness' in r.json);
	t.not(r.code, 2, r.stderr);
	t.notRegex(r.json.exitReason, /-u/, 'nothing is said of addresses leased twice');
});
