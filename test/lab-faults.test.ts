import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { BIN, runCli } from './helpers/cli.js';
import { labDown, labNameFor } from './helpers/lab.js';
import { processAlive } from '../src/lab/netns.js';
import { labStateDir } from '../src/lab/state.js';

/**
 * What `dhcpulse lab` does with bad input and faults: rejected configurations, missing
 * privilege, signals during `up`, a crashed `up`, name clashes. Each case asserts that nothing
 * is left behind: no namespaces, no server processes, no state.
 */

const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-lab-faults-'));
const names: string[] = [];

function newName(suffix: string): string {
	const name = labNameFor(import.meta.url, suffix);
	names.push(name);
	return name;
}

test.after.always(async () => {
	for (const name of names) await labDown(name);
	rmSync(dir, { recursive: true, force: true });
});

function assertNothingLeft(t: import('ava').ExecutionContext, name: string, serverPid?: number): void {
	t.false(existsSync(`/run/netns/dhcpulse-${name}-srv`), 'no server namespace');
	t.false(existsSync(`/run/netns/dhcpulse-${name}-cli`), 'no client namespace');
	t.false(existsSync(labStateDir(name)), 'no state directory');
	if (serverPid !== undefined) t.false(processAlive(serverPid), 'no server process');
}

/** A Kea configuration that is valid but listens nowhere, so `up` waits for it forever (until its bound). */
function idleKeaConfig(): string {
	const file = join(dir, 'idle-kea4.json');
	writeFileSync(file, JSON.stringify({ Dhcp4: { 'interfaces-config': { interfaces: [] }, 'lease-database': { type: 'memfile', persist: false }, subnet4: [] } }));
	return file;
}

/**
 * Only a bound against a hang, never a budget: `up` on a machine busy with other test runs may
 * take long to get there, and the test waits for the event itself (the state shows a server PID).
 */
const HANG_BOUND_MS = 300_000;

/**
 * Starts `lab up` as a separate process and resolves once the state shows a server PID; rejects
 * if `up` ends first (it did not get there) or hangs past {@link HANG_BOUND_MS}.
 */
async function upUntilServerStarted(name: string, config: string): Promise<{ child: ReturnType<typeof spawn>; serverPid: number; exited: Promise<number | null> }> {
	const child = spawn(process.execPath, [BIN, 'lab', 'up', '--name', name, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
	let ended = false;
	const exited = new Promise<number | null>((resolve) =>
		child.on('close', (code) => {
			ended = true;
			resolve(code);
		}),
	);
	const stateFile = join(labStateDir(name), 'state.json');
	const hang = setTimeout(() => child.kill('SIGKILL'), HANG_BOUND_MS);
	try {
		while (!ended) {
			try {
				const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number | null };
				if (state.pid !== null) return { child, serverPid: state.pid, exited };
			} catch {
				// not written yet
			}
			await new Promise((r) => setTimeout(r, 20));
		}
	} finally {
		clearTimeout(hang);
	}
	throw new Error(`lab up ended (exit ${await exited}) before it started its server: ${stderr}`);
}

test('a Kea configuration that Kea rejects: Kea’s own error, exit 3, nothing left', async (t) => {
	const name = newName('badk');
	const file = join(dir, 'bad-kea4.json');
	writeFileSync(file, JSON.stringify({ Dhcp4: { subnet4: [{ id: 1, subnet: '198.18.0.0/16', pools: [{ pool: '10.0.0.1 - 10.0.0.9' }] }] } }));
	const r = await runCli(['lab', 'up', '--name', name, '--config', file], { timeoutMs: 60_000 });
	t.is(r.code, 3);
	t.is(r.stderr.trim().split('\n').length, 1, 'one line');
	t.regex(r.stderr, /kea-dhcp4 rejected it: .*does not match the prefix of a subnet/);
	t.true(r.stderr.includes(file), 'names the file');
	assertNothingLeft(t, name);
});

test('a dhcpd configuration that dhcpd rejects: dhcpd’s own error, exit 3, nothing left', async (t) => {
	const name = newName('badd');
	const file = join(dir, 'bad-dhcpd.conf');
	writeFileSync(file, 'subnet 198.18.0.0 netmask 255.255.0.0 { range 198.18.1.0 198.18.1.9 ; bogus }\n');
	const r = await runCli(['lab', 'up', '--name', name, '--server', 'dhcpd', '--config', file], { timeoutMs: 60_000 });
	t.is(r.code, 3);
	t.regex(r.stderr, /dhcpd rejected it: .*line 1: semicolon expected/);
	assertNothingLeft(t, name);
});

test('a Kea configuration Kea accepts but cannot start with: its log lines, exit 3, nothing left', async (t) => {
	const name = newName('badst');
	const file = join(dir, 'unstartable-kea4.json');
	// The check (-t) does not open the lease file; starting does, and this directory does not exist.
	writeFileSync(file, JSON.stringify({ Dhcp4: { 'interfaces-config': { interfaces: [] }, 'lease-database': { type: 'memfile', name: join(dir, 'missing', 'leases.csv') }, subnet4: [] } }));
	const r = await runCli(['lab', 'up', '--name', name, '--config', file], { timeoutMs: 60_000 });
	t.is(r.code, 3);
	t.regex(r.stderr, /kea-dhcp4 exited: .*(DHCP4_CONFIG_LOAD_FAIL|DHCP4_INIT_FAIL)/);
	assertNothingLeft(t, name);
});

test('an unreadable configuration file is a one-line error naming it', async (t) => {
	const name = newName('nofile');
	const r = await runCli(['lab', 'up', '--name', name, '--config', join(dir, 'no-such.json')]);
	t.is(r.code, 3);
	t.regex(r.stderr, /^dhcpulse: --config .*no-such\.json: cannot read it \(ENOENT\)\n$/);
	assertNothingLeft(t, name);
});

test('without root the lab refuses in one line, exit 3, and creates nothing', async (t) => {
	const name = newName('noroot');
	const asNobody = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
	for (const sub of [['up'], ['down'], ['exec', '--', 'true']]) {
		const r = await runCli(['lab', ...sub, '--name', name], { prefix: asNobody });
		t.is(r.code, 3, `lab ${sub[0]}`);
		t.regex(r.stderr, /^dhcpulse: dhcpulse lab \w+ needs root \(CAP_NET_ADMIN and CAP_SYS_ADMIN/);
		t.is(r.stderr.trim().split('\n').length, 1);
	}
	assertNothingLeft(t, name);
});

test('bad names and server kinds are refused before anything is made', async (t) => {
	const badName = await runCli(['lab', 'up', '--name', 'No/Good']);
	t.is(badName.code, 3);
	t.regex(badName.stderr, /--name "No\/Good": a lab name is 1-32 characters/);
	const badServer = await runCli(['lab', 'up', '--name', 'x', '--server', 'bind9']);
	t.is(badServer.code, 3);
	t.regex(badServer.stderr, /bind9/);
	t.false(existsSync(labStateDir('x')));
});

test('SIGTERM while `up` waits for the server removes everything it made', async (t) => {
	const name = newName('sigt');
	const { child, serverPid, exited } = await upUntilServerStarted(name, idleKeaConfig());
	t.true(existsSync(`/run/netns/dhcpulse-${name}-srv`), 'the namespaces exist while up waits');
	child.kill('SIGTERM');
	const code = await exited;
	t.is(code, 3);
	assertNothingLeft(t, name, serverPid);
});

test('SIGINT while `up` waits for the server removes everything it made', async (t) => {
	const name = newName('sigi');
	const { child, serverPid, exited } = await upUntilServerStarted(name, idleKeaConfig());
	child.kill('SIGINT');
	t.is(await exited, 3);
	assertNothingLeft(t, name, serverPid);
});

test('after a crashed `up` (SIGKILL), status says not running and `down` removes everything', async (t) => {
	const name = newName('crash');
	const { child, serverPid, exited } = await upUntilServerStarted(name, idleKeaConfig());
	child.kill('SIGKILL');
	await exited;
	t.true(processAlive(serverPid), 'the crash left the server running');
	t.true(existsSync(`/run/netns/dhcpulse-${name}-cli`), 'the crash left the namespaces');
	const status = await runCli(['lab', 'status', '--name', name, '--json']);
	t.is(status.code, 2);
	t.false((JSON.parse(status.stdout) as { running: boolean }).running);
	const again = await runCli(['lab', 'up', '--name', name]);
	t.is(again.code, 3, 'up refuses to build over leftovers');
	t.regex(again.stderr, /leftovers .* dhcpulse lab down --name/);
	const down = await runCli(['lab', 'down', '--name', name]);
	t.is(down.code, 0, down.stderr);
	assertNothingLeft(t, name, serverPid);
});

test('two labs side by side: both answer, and taking one down leaves the other running', async (t) => {
	const a = newName('sidea');
	const b = newName('sideb');
	const [upA, upB] = await Promise.all([runCli(['lab', 'up', '--name', a, '--json'], { timeoutMs: 60_000 }), runCli(['lab', 'up', '--name', b, '--server', 'kea4', '--json'], { timeoutMs: 60_000 })]);
	t.is(upA.code, 0, upA.stderr);
	t.is(upB.code, 0, upB.stderr);
	for (const name of [a, b]) {
		const r = await runCli(['lab', 'exec', '--name', name, '--', 'udhcpc', '-i', 'dpl-cli0', '-n', '-q', '-f', '-s', '/bin/true', '-t', '5', '-T', '1'], { timeoutMs: 30_000 });
		t.is(r.code, 0, `${name}: ${r.stderr}`);
		t.regex(r.stderr + r.stdout, /lease of 198\.18\.\d+\.\d+ obtained/);
	}
	// Each lab hands out the same first address from its own server: they never meet.
	const statsA = JSON.parse((await runCli(['lab', 'stats', '--name', a, '--json'])).stdout) as Record<string, number>;
	const statsB = JSON.parse((await runCli(['lab', 'stats', '--name', b, '--json'])).stdout) as Record<string, number>;
	t.is(statsA['pkt4-ack-sent'], 1);
	t.is(statsB['pkt4-ack-sent'], 1);
	t.is((await runCli(['lab', 'down', '--name', a])).code, 0);
	const statusB = await runCli(['lab', 'status', '--name', b]);
	t.is(statusB.code, 0);
	t.regex(statusB.stdout, /running/);
	t.is((await runCli(['lab', 'up', '--name', b])).code, 3, 'a running lab is not brought up twice');
	t.is((await runCli(['lab', 'down', '--name', b])).code, 0);
	assertNothingLeft(t, a);
	assertNothingLeft(t, b);
});
