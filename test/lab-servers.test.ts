import { existsSync } from 'node:fs';
import test from 'ava';
import { runCli } from './helpers/cli.js';
import { execInLab, labDown, labNameFor, type LabInfo } from './helpers/lab.js';
import { processAlive } from '../src/lab/netns.js';

/**
 * `dhcpulse lab up / status / stats / down` with each real server, driven through the CLI as a
 * user would, and checked with real DHCP clients (udhcpc on the on-link segment, perfdhcp as a
 * relay agent) running inside the lab's client namespace.
 */

const names: string[] = [];

test.after.always(async () => {
	for (const name of names) await labDown(name);
});

const REQUIRED_FIELDS = [
	'name',
	'server',
	'running',
	'pid',
	'serverNetns',
	'clientNetns',
	'clientIface',
	'relayIface',
	'relayAddr4',
	'serverAddr4',
	'serverAddr6',
	'subnet4',
	'pool4',
	'subnet6',
	'pool6',
	'pdPool6',
	'controlSocket',
];

async function upAndCheckStatus(t: import('ava').ExecutionContext, server: string): Promise<LabInfo> {
	const name = labNameFor(import.meta.url, server);
	names.push(name);
	const up = await runCli(['lab', 'up', '--name', name, '--server', server], { timeoutMs: 60_000 });
	t.is(up.code, 0, up.stderr);
	t.regex(up.stdout, new RegExp(`lab ${name}: running \\(${server}, pid \\d+\\)`));
	t.regex(up.stdout, /dpl-cli1 198\.19\.0\.2/);

	const status = await runCli(['lab', 'status', '--name', name, '--json']);
	t.is(status.code, 0, status.stderr);
	const info = JSON.parse(status.stdout) as LabInfo;
	for (const field of REQUIRED_FIELDS) t.true(field in info, `status --json has ${field}`);
	t.like(info, {
		name,
		server,
		running: true,
		serverNetns: `dhcpulse-${name}-srv`,
		clientNetns: `dhcpulse-${name}-cli`,
		clientIface: 'dpl-cli0',
		relayIface: 'dpl-cli1',
		relayAddr4: '198.19.0.2',
		serverAddr4: '198.18.0.1',
		serverAddr6: '2001:db8:1::1',
	});
	t.true(processAlive(info.pid!), 'the server process is alive');
	return info;
}

async function downAndCheckGone(t: import('ava').ExecutionContext, info: LabInfo): Promise<void> {
	const down = await runCli(['lab', 'down', '--name', info.name]);
	t.is(down.code, 0, down.stderr);
	t.regex(down.stdout, /removed/);
	t.false(existsSync(`/run/netns/${info.serverNetns}`));
	t.false(existsSync(`/run/netns/${info.clientNetns}`));
	t.false(existsSync(info.stateDir));
	// Exited (a zombie left for init to reap counts as gone).
	t.false(processAlive(info.pid!), 'the server process is gone');
	const again = await runCli(['lab', 'down', '--name', info.name]);
	t.is(again.code, 0, 'down is idempotent');
	t.regex(again.stdout, /nothing to remove/);
	const status = await runCli(['lab', 'status', '--name', info.name]);
	t.is(status.code, 2);
	t.regex(status.stdout, /not found/);
}

/** An on-link client with no address gets a lease by broadcast (RFC 2131 §4.1). */
async function onLinkLease(t: import('ava').ExecutionContext, info: LabInfo): Promise<void> {
	const r = await execInLab(info, ['udhcpc', '-i', 'dpl-cli0', '-n', '-q', '-f', '-s', '/bin/true', '-t', '5', '-T', '1'], 20_000);
	t.is(r.code, 0, r.stderr);
	t.regex(`${r.stdout}${r.stderr}`, /lease of 198\.18\.\d+\.\d+ obtained from 198\.18\.0\.1/);
}

/** perfdhcp acts as a relay agent at 198.19.0.2 (giaddr), so the relayed pool answers. */
async function relayedExchanges(t: import('ava').ExecutionContext, info: LabInfo): Promise<void> {
	const r = await execInLab(info, ['perfdhcp', '-4', '-l', info.relayAddr4, '-r', '5', '-p', '2', '-g', 'single', info.relayServerAddr4], 20_000);
	const received = [...r.stdout.matchAll(/received packets: (\d+)/g)].map((m) => Number(m[1]));
	t.true(received.length === 2 && received.every((n) => n > 0), r.stdout + r.stderr);
}

async function statsJson(t: import('ava').ExecutionContext, info: LabInfo): Promise<Record<string, number>> {
	const r = await runCli(['lab', 'stats', '--name', info.name, '--json']);
	t.is(r.code, 0, r.stderr);
	return JSON.parse(r.stdout) as Record<string, number>;
}

test('kea4: up, on-link and relayed leases, Kea statistics, down', async (t) => {
	const info = await upAndCheckStatus(t, 'kea4');
	t.is(info.controlSocket, `${info.stateDir}/kea4.sock`);
	t.is(info.pool4, '198.18.1.0-198.18.255.254');
	t.is(info.subnet6, null, 'kea4 serves no DHCPv6');
	await onLinkLease(t, info);
	await relayedExchanges(t, info);
	const stats = await statsJson(t, info);
	t.true(stats['pkt4-ack-sent']! >= 2, JSON.stringify(stats));
	t.is(stats['subnet[1].total-addresses'], 65279);
	t.true(stats['subnet[1].assigned-addresses']! >= 1);
	t.true(stats['subnet[2].assigned-addresses']! >= 1);
	const text = await runCli(['lab', 'stats', '--name', info.name]);
	const lines = text.stdout.trim().split('\n');
	t.deepEqual(lines, [...lines].sort(), 'text statistics are sorted by name');
	t.true(lines.some((l) => /^pkt4-received \d+$/.test(l)));
	await downAndCheckGone(t, info);
});

test('kea6: up, on-link IA_NA + IA_PD and relayed exchanges, Kea statistics, down', async (t) => {
	const info = await upAndCheckStatus(t, 'kea6');
	t.is(info.pdPool6, '2001:db8:8000::/33');
	t.is(info.subnet4, null, 'kea6 serves no DHCPv4');
	const onLink = await execInLab(info, ['perfdhcp', '-6', '-l', 'dpl-cli0', '-r', '5', '-p', '2', '-g', 'single', '-e', 'address-and-prefix'], 20_000);
	t.regex(onLink.stdout, /received packets: [1-9]/, onLink.stdout + onLink.stderr);
	const relayed = await execInLab(info, ['perfdhcp', '-6', '-l', 'dpl-cli1', '-A', '1', '-r', '5', '-p', '2', '-g', 'single', info.relayServerAddr6 as string], 20_000);
	t.regex(relayed.stdout, /received packets: [1-9]/, relayed.stdout + relayed.stderr);
	const stats = await statsJson(t, info);
	t.true(stats['subnet[1].assigned-nas']! >= 1, JSON.stringify(stats));
	t.true(stats['subnet[1].assigned-pds']! >= 1);
	t.true(stats['subnet[2].assigned-nas']! >= 1, 'the relayed subnet is chosen by the relay address');
	await downAndCheckGone(t, info);
});

test('dnsmasq: up, on-link and relayed leases, lease-file statistics, down', async (t) => {
	const info = await upAndCheckStatus(t, 'dnsmasq');
	t.is(info.controlSocket, null);
	await onLinkLease(t, info);
	await relayedExchanges(t, info);
	const stats = await statsJson(t, info);
	t.true(stats['leases-v4']! >= 2, JSON.stringify(stats));
	await downAndCheckGone(t, info);
});

test('dhcpd: up, on-link and relayed leases, lease-file statistics, down', async (t) => {
	const info = await upAndCheckStatus(t, 'dhcpd');
	t.is(info.controlSocket, null);
	await onLinkLease(t, info);
	await relayedExchanges(t, info);
	const stats = await statsJson(t, info);
	t.true(stats['leases-active']! >= 2, JSON.stringify(stats));
	await downAndCheckGone(t, info);
});
