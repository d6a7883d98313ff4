/**
 * `check pool` against a real Kea DHCPv4 server and its real Control Agent (`lab up
 * --control-agent`): a relayed pool of 10 addresses fills as `perf -n` takes leases, and the
 * check goes OK → WARNING → CRITICAL at -w 50% -c 80%, through the control socket and through
 * the agent's HTTP API with basic auth. A wrong password is exit 3 in one line that never shows
 * a password.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { kea4Config } from '../src/lab/config-kea.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { labDown, labExecArgs, labNameFor, labUp, type LabInfo } from './helpers/lab.js';
import { perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('check-pool4');
const configFile = join(dir, 'kea-dhcp4.conf');
const config = kea4Config({ leaseFile: join(dir, 'leases4.csv'), controlSocket: join(dir, 'kea4.sock') }) as { Dhcp4: { subnet4: { id: number; pools: { pool: string }[] }[] } };
config.Dhcp4.subnet4.find((s) => s.id === 2)!.pools = [{ pool: '198.19.1.1 - 198.19.1.10' }];
writeFileSync(configFile, JSON.stringify(config, null, '\t'));

const name = labNameFor(import.meta.url);
let info: LabInfo | undefined;
const lab = (): LabInfo =>
	info ??
	(() => {
		throw new Error(`lab ${name} is not up`);
	})();

test.before(async () => {
	info = await labUp({ name, server: 'kea4', config: configFile, controlAgent: true });
	await waitForCarrier(info);
});
test.after.always(async () => {
	await labDown(name);
});

interface PoolJson {
	verdict: string;
	exitCode: number;
	subnets: { id: number; prefix: string; status: string; addresses: { total: number; assigned: number; declined: number; utilisation: number } }[];
}

const THRESHOLDS = ['-w', '50%', '-c', '80%'];

/** `check pool` for the relayed subnet, run on the host against the lab's control socket. */
async function checkBySocket(extra: string[] = []): Promise<CliResult & { json: PoolJson }> {
	const r = await runCli(['check', 'pool', '--kea-socket', lab().controlSocket!, '--subnet', '198.19.0.0/16', ...THRESHOLDS, '--json', ...extra]);
	return { ...r, json: JSON.parse(r.stdout) as PoolJson };
}

/** `check pool --kea-api` from the lab's client namespace, where the agent's address is reachable. */
function checkByApi(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
	return runCli(['check', 'pool', '--kea-api', lab().controlAgent!.url, ...args], { prefix: labExecArgs(lab()), env });
}

/** DORA for `n` new clients through the relay agent, slowly enough that no two race for one address. */
async function takeLeases(n: number, mac: string): Promise<void> {
	const r = await perfInLab(lab(), ['198.19.0.1', '-r', '20', '-n', String(n), '-R', String(n), '-d', '10', '-b', `mac=${mac}`], dir, 60_000);
	if (r.json.exchanges.RA?.ok !== n) throw new Error(`perf took ${r.json.exchanges.RA?.ok} leases, not ${n}: ${r.stderr}`);
}

test.serial('the control socket: OK, then WARNING above 50 %, then CRITICAL above 80 % as perf takes leases', async (t) => {
	const empty = await checkBySocket();
	t.is(empty.code, 0, empty.stderr);
	t.like(empty.json.subnets[0], { id: 2, prefix: '198.19.0.0/16', status: 'OK', addresses: { total: 10, assigned: 0, declined: 0, utilisation: 0 } });

	await takeLeases(6, '02:00:0c:00:00:00');
	const warning = await checkBySocket();
	t.is(warning.code, 1, warning.stderr);
	t.like(warning.json, { verdict: 'WARNING', subnets: [{ addresses: { total: 10, assigned: 6, utilisation: 60 } }] });
	t.is(warning.stderr, 'WARNING: subnet 2 198.19.0.0/16: addresses 60.0% used (6 of 10), above 50%\n');

	await takeLeases(3, '02:00:0c:00:01:00');
	const critical = await checkBySocket();
	t.is(critical.code, 2, critical.stderr);
	t.like(critical.json, { verdict: 'CRITICAL', subnets: [{ status: 'CRITICAL', addresses: { assigned: 9, utilisation: 90 } }] });

	// The monitoring-plugin line through the lab's own socket (--lab), every subnet with perfdata.
	const nagios = await runCli(['check', 'pool', '--lab', name, ...THRESHOLDS, '--nagios']);
	t.is(nagios.code, 2);
	t.is(
		nagios.stdout,
		`DHCP POOL CRITICAL - subnet 2 198.19.0.0/16: addresses 90.0% used (9 of 10), above 80% | '198.18.0.0/16 addresses'=0;32639.5;52223.2;0;65279 '198.18.0.0/16 declined'=0;;;0;65279 '198.19.0.0/16 addresses'=9;5;8;0;10 '198.19.0.0/16 declined'=0;;;0;10\n`,
	);
});

test.serial('the Control Agent: the same figures over HTTP with basic auth from the credentials file or the environment', async (t) => {
	const agent = lab().controlAgent!;
	t.is(agent.url, 'http://198.19.0.1:8000/');
	t.is(statSync(agent.credentialsFile).mode & 0o777, 0o600);
	const socket = await checkBySocket();
	const byFile = await checkByApi(['--kea-credentials', agent.credentialsFile, '--subnet', '2', ...THRESHOLDS, '--json']);
	t.is(byFile.code, socket.code, byFile.stderr);
	t.deepEqual((JSON.parse(byFile.stdout) as PoolJson).subnets, socket.json.subnets);
	const [user, password] = readFileSync(agent.credentialsFile, 'utf8').split(':') as [string, string];
	const byEnv = await checkByApi(['--subnet', '2', ...THRESHOLDS, '--nagios'], { DHCPULSE_KEA_USER: user, DHCPULSE_KEA_PASSWORD: password });
	t.is(byEnv.code, 2, byEnv.stderr);
	t.regex(byEnv.stdout, /^DHCP POOL CRITICAL - subnet 2 198\.19\.0\.0\/16: addresses 90\.0% used \(9 of 10\)/);
	// lab status names the URL and the file, never the password.
	const status = await runCli(['lab', 'status', '--name', name, '--json']);
	t.like(JSON.parse(status.stdout), { controlAgent: { url: agent.url, credentialsFile: agent.credentialsFile } });
	t.false(status.stdout.includes(password));
	const text = await runCli(['lab', 'status', '--name', name]);
	t.true(text.stdout.includes(`  control agent     ${agent.url} (basic auth; --kea-credentials ${agent.credentialsFile})\n`), text.stdout);
	t.false(text.stdout.includes(password));
});

test.serial('a wrong or missing password is exit 3 in one line, and no password is printed or logged', async (t) => {
	const agent = lab().controlAgent!;
	const password = readFileSync(agent.credentialsFile, 'utf8').split(':')[1]!;
	const wrong = 'not-the-password-4711';
	const r = await checkByApi(['--nagios'], { DHCPULSE_KEA_USER: 'dhcpulse', DHCPULSE_KEA_PASSWORD: wrong });
	t.is(r.code, 3);
	t.is(r.stdout, '');
	t.is(r.stderr, `dhcpulse: --kea-api ${agent.url}: the Control Agent refused the credentials of user dhcpulse (HTTP 401)\n`);
	const none = await checkByApi([]);
	t.is(none.code, 3);
	t.is(none.stderr.split('\n').length, 2);
	t.regex(none.stderr, /asks for credentials \(HTTP 401\): give --kea-credentials FILE or DHCPULSE_KEA_USER\/DHCPULSE_KEA_PASSWORD/);
	const log = readFileSync(agent.logFile, 'utf8');
	for (const secret of [wrong, password]) {
		t.false(`${r.stdout}${r.stderr}${none.stdout}${none.stderr}${log}`.includes(secret));
	}
});

test.serial('an unknown subnet and an unreachable agent are exit 3 in one line', async (t) => {
	const cred = ['--kea-credentials', lab().controlAgent!.credentialsFile];
	const unknown = await checkByApi([...cred, '--subnet', '10.0.0.0/8']);
	t.is(unknown.code, 3);
	t.is(unknown.stderr, "dhcpulse: --subnet 10.0.0.0/8: no such subnet ID, prefix or shared network in Kea's configuration (subnets: 1 198.18.0.0/16, 2 198.19.0.0/16)\n");
	const byId = await runCli(['check', 'pool', '--lab', name, '--subnet', '99']);
	t.is(byId.code, 3);
	t.regex(byId.stderr, /^dhcpulse: --subnet 99: no such subnet/);
	const closed = await runCli(['check', 'pool', '--kea-api', 'http://198.19.0.1:8001/', ...cred], { prefix: labExecArgs(lab()) });
	t.is(closed.code, 3);
	t.is(closed.stderr, 'dhcpulse: --kea-api http://198.19.0.1:8001/: cannot connect (ECONNREFUSED)\n');
	const noSocket = await runCli(['check', 'pool', '--kea-socket', join(dir, 'absent.sock')]);
	t.is(noSocket.code, 3);
	t.is(noSocket.stderr, `dhcpulse: --kea-socket ${join(dir, 'absent.sock')}: cannot connect (ENOENT)\n`);
});

test.serial('lab down stops the Control Agent with the server', async (t) => {
	const pid = lab().controlAgent!.pid!;
	t.notThrows(() => process.kill(pid, 0), 'the agent runs before');
	const r = await runCli(['lab', 'down', '--name', name]);
	t.is(r.code, 0, r.stderr);
	const gone = (): boolean => {
		try {
			process.kill(pid, 0);
			return false;
		} catch {
			return true;
		}
	};
	// A stopped process may linger a moment as a zombie until its parent (init here) reaps it.
	for (let i = 0; i < 100 && !gone(); i++) await new Promise((res) => setTimeout(res, 100));
	t.true(gone());
});

test('lab up --control-agent beside a server that is not Kea is refused in one line before anything is made', async (t) => {
	const other = labNameFor(import.meta.url, 'dnsmq');
	const r = await runCli(['lab', 'up', '--name', other, '--server', 'dnsmasq', '--control-agent']);
	t.is(r.code, 3);
	t.is(r.stderr, 'dhcpulse: --control-agent: only beside Kea (--server kea4 or kea6), not dnsmasq\n');
	const status = await runCli(['lab', 'status', '--name', other]);
	t.regex(status.stdout, /not found/);
});
