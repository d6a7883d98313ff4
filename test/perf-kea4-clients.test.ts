/**
 * Simulated DHCPv4 clients that differ as a real population does, against a real Kea (issue #25):
 * the client identifier each sends (`--client-id`) is the one Kea's leases record.
 * Kea's own lease file (memfile, written as it leases) is the evidence.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { kea4Config } from '../src/lab/config-kea.js';
import { runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { assertRan, perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('perf-kea4-clients');
const configFile = join(dir, 'kea-dhcp4.conf');
const leaseFile = join(dir, 'leases4.csv');
const config = kea4Config({ leaseFile, controlSocket: join(dir, 'kea4.sock') });
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

test('--client-id is refused where it means nothing', async (t) => {
	for (const [args, message] of [
		[['-6', '2001:db8:2::1', '--client-id', 'duid'], /^dhcpulse: --client-id duid: DHCPv4's option 61; a DHCPv6 client always sends its DUID/],
		[['198.19.0.1', '--client-id', 'iaid'], /^dhcpulse: --client-id iaid: expected mac, duid, none$/],
	] as const) {
		const r = await runCli(['perf', ...args, '-n', '1'], { prefix: labExecArgs(lab()) });
		t.is(r.code, 3, r.stderr);
		t.regex(r.stderr.trim(), message);
		t.is(r.stderr.trim().split('\n').length, 1);
	}
});
