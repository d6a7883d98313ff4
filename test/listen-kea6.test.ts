import test from 'ava';
import { runCli, type CliResult } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { startListen } from './helpers/listen.js';

/**
 * `dhcpulse listen -6` against a real Kea DHCPv6 server: the raw IPv6 capture joins ff02::1:2 on
 * the interface and sees the client's multicast SOLICIT and Kea's ADVERTISE, without taking the
 * client's port 546 away from the probe running beside it. Serial: one capture per test.
 */

const lab = useLab(test, { server: 'kea6' });

function cli(args: string[]): Promise<CliResult> {
	return runCli(args, { prefix: labExecArgs(lab()), timeoutMs: 120_000 });
}

interface Line {
	time: string;
	from: string;
	to: string;
	family: number;
	type: string;
	server?: string;
	packet: { msgType: string; options: { name: string | null; hex: string }[] };
}

test.serial('listen -6 --json sees the SOLICIT and Kea’s ADVERTISE while a discover -6 runs beside it', async (t) => {
	const listening = startListen(lab(), ['listen', '-6', '-i', lab().clientIface, '--duration', '60', '--json'], 90_000);
	await listening.ready;
	const probe = await cli(['discover', '-6', '-i', lab().clientIface]);
	t.is(probe.code, 0, probe.stderr);
	await listening.waitFor(/"type":"ADVERTISE"/);
	listening.interrupt();
	const r = await listening.done;
	t.is(r.code, 0, r.stderr);
	const lines = r.stdout
		.trim()
		.split('\n')
		.map((l) => JSON.parse(l) as Line);
	const solicit = lines.find((l) => l.type === 'SOLICIT');
	const advertise = lines.find((l) => l.type === 'ADVERTISE');
	t.truthy(solicit, r.stdout);
	t.truthy(advertise, r.stdout);
	t.like(solicit, { family: 6, to: 'port 547' });
	t.regex(solicit!.from, /^\[fe80::[0-9a-f:]+\]:546$/);
	t.like(advertise, { family: 6, to: 'port 546' });
	t.regex(advertise!.from, /^\[fe80::[0-9a-f:]+\]:547$/);
	t.regex(advertise!.server!, /^type=LLT, htype=1, /);
	t.regex(r.stderr, /^OK: \d+ DHCP packets on dpl-cli0; servers: type=LLT, .* \(from fe80::[0-9a-f:]+\)$/m);
});

test.serial('listen -6 --allow-server: Kea’s DUID as hex is allowed, anything else makes Kea a rogue', async (t) => {
	const first = startListen(lab(), ['listen', '-6', '-i', lab().clientIface, '--duration', '60', '--json'], 90_000);
	await first.ready;
	await cli(['ping', '-6', '--iface', lab().clientIface]);
	await first.waitFor(/"type":"REPLY"/);
	first.interrupt();
	const seen = (await first.done).stdout
		.trim()
		.split('\n')
		.map((l) => JSON.parse(l) as Line);
	const hex = seen.find((l) => l.type === 'REPLY')!.packet.options.find((o) => o.name === 'serverid')!.hex;

	const allowed = startListen(lab(), ['listen', '-6', '-i', lab().clientIface, '--duration', '60', '--allow-server', hex], 90_000);
	await allowed.ready;
	await cli(['ping', '-6', '--iface', lab().clientIface]);
	await allowed.waitFor(/ REPLY$/);
	allowed.interrupt();
	const ok = await allowed.done;
	t.is(ok.code, 0, ok.stderr);
	t.regex(ok.stdout, /^\S+ \[fe80::[0-9a-f:]+\]:547 → port 546 REPLY$/m);

	const rogue = startListen(lab(), ['listen', '-6', '-i', lab().clientIface, '--duration', '60', '--allow-server', '2001:db8:99::1'], 90_000);
	await rogue.ready;
	await cli(['ping', '-6', '--iface', lab().clientIface]);
	await rogue.waitFor(/ REPLY$/);
	rogue.interrupt();
	const bad = await rogue.done;
	t.is(bad.code, 2, bad.stderr);
	t.regex(bad.stderr, /^CRITICAL: rogue DHCP server type=LLT, .* \(from fe80::[0-9a-f:]+\) seen on dpl-cli0 \(not in --allow-server\)$/m);
});
