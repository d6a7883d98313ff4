import test from 'ava';
import { runCli, type CliResult } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { startListen } from './helpers/listen.js';

/**
 * `dhcpulse listen` against a real Kea DHCPv4 server: it sends nothing, prints every DHCP packet
 * a client exchanges on the interface, and with --allow-server names the servers not on the list.
 * Serial: a capture sees every test's traffic on the shared interface.
 */

const lab = useLab(test, { server: 'kea4' });

function cli(args: string[]): Promise<CliResult> {
	return runCli(args, { prefix: labExecArgs(lab()), timeoutMs: 120_000 });
}

test.serial('listen prints the DISCOVER and the OFFER of a discover on the same interface; --allow-server of another address is CRITICAL naming Kea', async (t) => {
	const listening = startListen(lab(), ['listen', '-4', '--iface', lab().clientIface, '--duration', '60', '--allow-server', '198.18.0.99'], 90_000);
	await listening.ready;
	const probe = await cli(['discover', '--iface', lab().clientIface, '--mac', '02:00:00:00:07:01']);
	t.is(probe.code, 0, probe.stderr);
	await listening.waitFor(/ DHCPOFFER$/);
	listening.interrupt();
	const r = await listening.done;
	t.is(r.code, 2, r.stderr);
	t.regex(r.stdout, /^\d\d:\d\d:\d\d\.\d{3} 0\.0\.0\.0:68 → 255\.255\.255\.255:67 DHCPDISCOVER$/m);
	t.regex(r.stdout, /^\d\d:\d\d:\d\d\.\d{3} 198\.18\.0\.1:67 → 255\.255\.255\.255:68 DHCPOFFER$/m);
	t.regex(r.stdout, /chaddr=02:00:00:00:07:01/i);
	t.regex(r.stderr, /^CRITICAL: rogue DHCP server 198\.18\.0\.1 seen on dpl-cli0 \(not in --allow-server\)$/m);
});

test.serial('listen --json: one object per packet and line; --allow-server naming Kea is OK', async (t) => {
	const listening = startListen(lab(), ['listen', '-4', '-i', lab().clientIface, '--duration', '60', '--json', '--allow-server', lab().serverAddr4], 90_000);
	await listening.ready;
	const probe = await cli(['discover', '-i', lab().clientIface]);
	t.is(probe.code, 0, probe.stderr);
	await listening.waitFor(/"type":"DHCPOFFER"/);
	listening.interrupt();
	const r = await listening.done;
	t.is(r.code, 0, r.stderr);
	const lines = r.stdout
		.trim()
		.split('\n')
		.map((l) => JSON.parse(l) as { time: string; from: string; to: string; family: number; type: string; server?: string; packet: { op: unknown } });
	t.true(lines.length >= 2);
	const offer = lines.find((l) => l.type === 'DHCPOFFER');
	t.like(offer, { from: '198.18.0.1:67', to: '255.255.255.255:68', family: 4, server: '198.18.0.1' });
	t.false(Number.isNaN(Date.parse(offer!.time)));
	t.truthy(offer!.packet);
	t.regex(r.stderr, /^OK: \d+ DHCP packets on dpl-cli0; servers: 198\.18\.0\.1$/m);
});

test.serial('listen --count stops after that many packets, even with --duration 0 (no time limit)', async (t) => {
	const listening = startListen(lab(), ['listen', '-4', '-i', lab().clientIface, '--duration', '0', '--count', '1']);
	await listening.ready;
	await cli(['discover', '-i', lab().clientIface]);
	const r = await listening.done;
	t.is(r.code, 0, r.stderr);
	t.is(r.stdout.split('\n').filter((l) => / → /.test(l)).length, 1);
	t.regex(r.stderr, /^OK: 1 DHCP packet on dpl-cli0; /m);
});

test.serial('listen with nothing on the wire ends OK after --duration, having sent nothing', async (t) => {
	const r = await cli(['listen', '-i', lab().clientIface, '--duration', '1']);
	t.is(r.code, 0, r.stderr);
	t.is(r.stdout, '');
	t.regex(r.stderr, /^OK: 0 DHCP packets on dpl-cli0; no server answered$/m);
});

test.serial('listen ends on SIGINT with its verdict', async (t) => {
	const listening = startListen(lab(), ['listen', '-i', lab().clientIface, '--duration', '0']);
	await listening.ready;
	listening.interrupt();
	const r = await listening.done;
	t.is(r.code, 0, r.stderr);
	t.regex(r.stderr, /^OK: 0 DHCP packets on dpl-cli0/m);
});

test.serial('listen: bad input is UNKNOWN (exit 3) with one line', async (t) => {
	const cases: [string[], RegExp][] = [
		[['listen', '--duration', '1'], /^dhcpulse: listen needs the interface to listen on: --iface IF$/],
		[['listen', '-i', 'nosuch0', '--duration', '1'], /^dhcpulse: --iface nosuch0: no such interface$/],
		[['listen', '-i', lab().clientIface, '--duration', '-1'], /^dhcpulse: --duration -1: expected seconds ≥ 0$/],
		[['listen', '-i', lab().clientIface, '--count', '0'], /^dhcpulse: --count 0: expected a whole number ≥ 1$/],
		[['listen', '-i', lab().clientIface, '--allow-server', ','], /^dhcpulse: --allow-server: name at least one server$/],
		[['listen', '-4', '-6', '-i', lab().clientIface], /^dhcpulse: -4 and -6 contradict each other; leave both out to listen for both$/],
	];
	for (const [args, pattern] of cases) {
		const r = await cli(args);
		t.is(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
		t.regex(r.stderr.trimEnd(), pattern, args.join(' '));
		t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
		t.is(r.stdout, '');
	}
});
