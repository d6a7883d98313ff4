import { spawn, type ChildProcess } from 'node:child_process';
import test from 'ava';
import { runCli, type CliResult } from './helpers/cli.js';
import { execInLab, labDown, labExecArgs, labNameFor, labUp, type LabInfo } from './helpers/lab.js';
import { startListen } from './helpers/listen.js';

/**
 * Rogue-server detection with two real servers on one segment: the lab's Kea (198.18.0.1) and a
 * dnsmasq (198.18.0.2, another pool) in a namespace of its own, attached to the lab's on-link
 * segment through a macvlan on the server's interface. (dnsmasq cannot share Kea's namespace: its
 * DHCP socket binds 0.0.0.0:67, which Kea's 198.18.0.1:67 socket already holds.)
 */

// The lab is started in this file's own hook (not useLab): the rogue server is wired into it
// afterwards, and AVA runs separate before hooks concurrently.
const LAB_NAME = labNameFor(import.meta.url, 'kea4');
let info: LabInfo | undefined;
const lab = (): LabInfo => {
	if (!info) throw new Error(`lab ${LAB_NAME} is not up`);
	return info;
};
const ROGUE_NS = `dhcpulse-rogue-${process.pid}`;
const ROGUE_ADDR = '198.18.0.2';
let dnsmasq: ChildProcess | undefined;

function inNs(ns: string, argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return execInLab({ clientNetns: ns }, argv, 10_000);
}

async function must(ns: string, argv: string[]): Promise<void> {
	const r = await inNs(ns, argv);
	if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
}

test.before(async () => {
	info = await labUp({ name: LAB_NAME, server: 'kea4' });
	const add = spawn('ip', ['netns', 'add', ROGUE_NS], { stdio: 'ignore' });
	await new Promise((resolve) => add.on('close', resolve));
	// A macvlan in bridge mode on the server's segment interface: broadcasts reach Kea and dnsmasq alike.
	await must(lab().serverNetns, ['ip', 'link', 'add', 'dpl-rog0', 'link', lab().serverIface, 'type', 'macvlan', 'mode', 'bridge']);
	await must(lab().serverNetns, ['ip', 'link', 'set', 'dpl-rog0', 'netns', ROGUE_NS]);
	await must(ROGUE_NS, ['ip', 'addr', 'add', `${ROGUE_ADDR}/16`, 'dev', 'dpl-rog0']);
	await must(ROGUE_NS, ['ip', 'link', 'set', 'lo', 'up']);
	await must(ROGUE_NS, ['ip', 'link', 'set', 'dpl-rog0', 'up']);
	dnsmasq = spawn(
		'ip',
		[
			'netns',
			'exec',
			ROGUE_NS,
			'dnsmasq',
			'-k',
			'--port=0',
			'--interface=dpl-rog0',
			'--dhcp-range=198.18.200.1,198.18.200.50,255.255.0.0',
			'--no-ping',
			'--leasefile-ro',
			'--dhcp-authoritative',
			'--conf-file=/dev/null',
			'--pid-file=',
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	// Ready once its DHCP socket is bound (bounded wait).
	for (let i = 0; i < 50; i++) {
		const ss = await inNs(ROGUE_NS, ['ss', '-uln', 'sport', '=', ':67']);
		if (ss.stdout.includes(':67')) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('dnsmasq did not bind port 67 in the rogue namespace');
});

test.after.always(async () => {
	if (dnsmasq && dnsmasq.exitCode === null) {
		dnsmasq.kill('SIGTERM');
		await new Promise((resolve) => dnsmasq!.once('close', resolve));
	}
	const del = spawn('ip', ['netns', 'del', ROGUE_NS], { stdio: 'ignore' });
	await new Promise((resolve) => del.on('close', resolve));
	await labDown(LAB_NAME);
});

function cli(args: string[]): Promise<CliResult> {
	return runCli(args, { prefix: labExecArgs(lab()), timeoutMs: 120_000 });
}

const WAIT = ['--wait', '--timeout', '2', '--tries', '1'];

test.serial('discover --wait lists both servers; without --allow-server that is OK', async (t) => {
	const r = await cli(['discover', '-i', lab().clientIface, ...WAIT, '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout) as { replies: { server: string; address: string }[]; reason: string };
	t.deepEqual(doc.replies.map((x) => x.server).sort(), [lab().serverAddr4, ROGUE_ADDR]);
	const fromRogue = doc.replies.find((x) => x.server === ROGUE_ADDR)!;
	t.regex(fromRogue.address, /^198\.18\.200\.\d+$/, 'dnsmasq offers from its own pool');
	t.regex(doc.reason, /; 2 servers answered: 198\.18\.0\.[12], 198\.18\.0\.[12]$/);
});

test.serial('discover --wait --allow-server 198.18.0.1 is CRITICAL naming the dnsmasq server only', async (t) => {
	const r = await cli(['discover', '-i', lab().clientIface, ...WAIT, '--allow-server', lab().serverAddr4]);
	t.is(r.code, 2, r.stderr);
	t.regex(r.stderr, /^CRITICAL: rogue DHCP server 198\.18\.0\.2 answered \(not in --allow-server\)$/m);
	t.notRegex(r.stderr, /rogue DHCP server 198\.18\.0\.1/);
	const both = await cli(['discover', '-i', lab().clientIface, ...WAIT, '--allow-server', `${lab().serverAddr4},${ROGUE_ADDR}`]);
	t.is(both.code, 0, both.stderr);
});

test.serial('listen --allow-server 198.18.0.1 sees both OFFERs and names the dnsmasq server as rogue, without sending', async (t) => {
	const listening = startListen(lab(), ['listen', '-4', '-i', lab().clientIface, '--duration', '60', '--allow-server', lab().serverAddr4], 90_000);
	await listening.ready;
	const probe = await cli(['discover', '-i', lab().clientIface, ...WAIT]);
	t.is(probe.code, 0, probe.stderr);
	await listening.waitFor(/ DHCPOFFER$/, 2);
	listening.interrupt();
	const r = await listening.done;
	t.is(r.code, 2, r.stderr);
	t.regex(r.stdout, /^\S+ 198\.18\.0\.1:67 → 255\.255\.255\.255:68 DHCPOFFER$/m);
	t.regex(r.stdout, /^\S+ 198\.18\.0\.2:67 → 255\.255\.255\.255:68 DHCPOFFER$/m);
	t.regex(r.stderr, /^CRITICAL: rogue DHCP server 198\.18\.0\.2 seen on dpl-cli0 \(not in --allow-server\)$/m);
});
