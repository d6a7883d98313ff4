/**
 * `check pool` against a real Kea DHCPv6 server: a relayed subnet with 16 addresses (IA_NA) and
 * 16 delegated /64 prefixes (IA_PD), judged apart at -w 50% -c 80% as `perf -n` takes leases,
 * through the control socket and the real Control Agent (`--kea-service dhcp6`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { kea6Config } from '../src/lab/config-kea.js';
import { runCli } from './helpers/cli.js';
import { labDown, labExecArgs, labNameFor, labUp, type LabInfo } from './helpers/lab.js';
import { perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('check-pool6');
const configFile = join(dir, 'kea-dhcp6.conf');
type Subnet6 = { id: number; pools: { pool: string }[]; 'pd-pools': object[] };
const config = kea6Config({ leaseFile: join(dir, 'leases6.csv'), controlSocket: join(dir, 'kea6.sock') }) as { Dhcp6: { subnet6: Subnet6[] } };
const relayed = config.Dhcp6.subnet6.find((s) => s.id === 2)!;
relayed.pools = [{ pool: '2001:db8:2::1:0 - 2001:db8:2::1:f' }];
relayed['pd-pools'] = [{ prefix: '2001:db8:c000::', 'prefix-len': 60, 'delegated-len': 64 }];
writeFileSync(configFile, JSON.stringify(config, null, '\t'));

const name = labNameFor(import.meta.url);
let info: LabInfo | undefined;
const lab = (): LabInfo =>
	info ??
	(() => {
		throw new Error(`lab ${name} is not up`);
	})();

test.before(async () => {
	info = await labUp({ name, server: 'kea6', config: configFile, controlAgent: true });
	await waitForCarrier(info);
});
test.after.always(async () => {
	await labDown(name);
});

interface Usage {
	total: number;
	assigned: number;
	utilisation: number;
}
interface PoolJson {
	verdict: string;
	family: number;
	subnets: { id: number; prefix: string; status: string; nas: Usage & { declined: number }; pds: Usage }[];
	findings: { status: string; message: string }[];
}

const CHECK = ['check', 'pool', '--subnet', '2001:db8:2::/64', '-w', '50%', '-c', '80%', '--json'];

async function check(): Promise<{ code: number | null; json: PoolJson; stderr: string }> {
	const r = await runCli([...CHECK, '--lab', name]);
	return { code: r.code, json: JSON.parse(r.stdout) as PoolJson, stderr: r.stderr };
}

/** SOLICIT-ADVERTISE-REQUEST-REPLY for `n` new clients through the relay agent. */
async function takeLeases(n: number, leaseType: string, duid: string): Promise<void> {
	const r = await perfInLab(lab(), ['-6', '2001:db8:2::1', '-e', leaseType, '-r', '20', '-n', String(n), '-R', String(n), '-d', '10', '-b', `duid=${duid}`], dir, 60_000);
	if (r.json.exchanges.RR?.ok !== n) throw new Error(`perf took ${r.json.exchanges.RR?.ok} leases, not ${n}: ${r.stderr}`);
}

test.serial('NAs and PDs are judged apart: OK, WARNING when the prefixes pass 50 %, CRITICAL when the addresses pass 80 %', async (t) => {
	const empty = await check();
	t.is(empty.code, 0, empty.stderr);
	t.like(empty.json, { verdict: 'OK', family: 6, subnets: [{ id: 2, prefix: '2001:db8:2::/64', nas: { total: 16, assigned: 0, declined: 0 }, pds: { total: 16, assigned: 0 } }] });

	await takeLeases(10, 'prefix-only', '00030001020000bb0000');
	const warning = await check();
	t.is(warning.code, 1, warning.stderr);
	t.like(warning.json.subnets[0], { status: 'WARNING', nas: { assigned: 0 }, pds: { assigned: 10, utilisation: 62.5 } });
	t.is(warning.stderr, 'WARNING: subnet 2 2001:db8:2::/64: prefixes (IA_PD) 62.5% used (10 of 16), above 50%\n');

	await takeLeases(14, 'address-only', '00030001020000cc0000');
	const critical = await check();
	t.is(critical.code, 2, critical.stderr);
	t.like(critical.json.subnets[0], { status: 'CRITICAL', nas: { assigned: 14, utilisation: 87.5 }, pds: { assigned: 10 } });
	t.deepEqual(
		critical.json.findings.map((f) => f.status),
		['CRITICAL', 'WARNING'],
	);
});

test.serial('the Control Agent forwards to kea-dhcp6 with --kea-service dhcp6 and gives the same figures', async (t) => {
	const bySocket = await check();
	const r = await runCli([...CHECK, '--kea-api', lab().controlAgent!.url, '--kea-service', 'dhcp6', '--kea-credentials', lab().controlAgent!.credentialsFile], { prefix: labExecArgs(lab()) });
	t.is(r.code, bySocket.code, r.stderr);
	t.deepEqual((JSON.parse(r.stdout) as PoolJson).subnets, bySocket.json.subnets);
	// The agent forwards only to the server it was given: asking for dhcp4 is Kea's refusal, exit 3.
	const v4 = await runCli(['check', 'pool', '--kea-api', lab().controlAgent!.url, '--kea-credentials', lab().controlAgent!.credentialsFile], { prefix: labExecArgs(lab()) });
	t.is(v4.code, 3);
	t.is(v4.stderr, `dhcpulse: --kea-api ${lab().controlAgent!.url}: Kea refused config-get: forwarding socket is not configured for the server type dhcp4\n`);
});
