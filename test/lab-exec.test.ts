import test from 'ava';
import { runCli } from './helpers/cli.js';
import { execInLab, labExecArgs, useLab } from './helpers/lab.js';
import { keaCommand } from '../src/lab/index.js';

/**
 * `dhcpulse lab exec` and the library surface other tests use: one Kea lab for the file
 * (useLab), commands run inside its client namespace, Kea reached over its control socket.
 */

const lab = useLab(test, { server: 'kea4' });

test('lab exec runs the command in the client namespace: no IPv4 on the on-link side, the relay address on the other', async (t) => {
	const r = await runCli(['lab', 'exec', '--name', lab().name, '--', 'ip', '-o', 'addr']);
	t.is(r.code, 0, r.stderr);
	const lines = r.stdout.trim().split('\n');
	t.true(
		lines.some((l) => /^\d+: dpl-cli0\s+inet6 fe80::/.test(l)),
		'link-local IPv6 on the on-link interface',
	);
	t.false(
		lines.some((l) => /dpl-cli0\s+inet /.test(l)),
		'no IPv4 address on the on-link interface',
	);
	t.true(lines.some((l) => /dpl-cli1\s+inet 198\.19\.0\.2\/16/.test(l)));
	t.true(lines.some((l) => /dpl-cli1\s+inet6 2001:db8:2::2\/64/.test(l)));
	t.false(
		lines.some((l) => /dpl-srv/.test(l)),
		'the server side is in the other namespace',
	);
});

test('lab exec passes the words after -- through verbatim and returns the command’s exit code', async (t) => {
	const r = await runCli(['lab', 'exec', '--name', lab().name, '--', 'sh', '-c', 'echo "$1 $2"; exit 7', 'sh', '-4', '0755']);
	t.is(r.code, 7);
	t.is(r.stdout, '-4 0755\n');
});

test('lab exec without a command is a usage error', async (t) => {
	const r = await runCli(['lab', 'exec', '--name', lab().name]);
	t.is(r.code, 3);
	t.regex(r.stderr, /name the command to run after --/);
});

test('labExecArgs runs the CLI inside the lab, as other modules’ tests do', async (t) => {
	const r = await runCli(['version'], { prefix: labExecArgs(lab()) });
	t.is(r.code, 0, r.stderr);
	const ns = await execInLab(lab(), ['ip', 'netns', 'identify']);
	t.is(ns.stdout.trim(), lab().clientNetns);
});

test('keaCommand reaches the lab’s Kea: the generated configuration is authoritative with both lab subnets', async (t) => {
	const r = await keaCommand(lab(), 'config-get');
	t.is(r.result, 0);
	const dhcp4 = (r.arguments as { Dhcp4: { authoritative: boolean; subnet4: { subnet: string }[]; 'valid-lifetime': number } }).Dhcp4;
	t.true(dhcp4.authoritative);
	t.deepEqual(
		dhcp4.subnet4.map((s) => s.subnet),
		['198.18.0.0/16', '198.19.0.0/16'],
	);
	t.is(dhcp4['valid-lifetime'], 4000);
	const stats = await keaCommand(lab(), 'statistic-get', { name: 'pkt4-received' });
	t.is(stats.result, 0);
});

test('lab status --json reports the running lab as the helper returned it', async (t) => {
	const r = await runCli(['lab', 'status', '--name', lab().name, '--json']);
	t.is(r.code, 0);
	const info = JSON.parse(r.stdout) as Record<string, unknown>;
	t.like(info, { name: lab().name, running: true, pid: lab().pid, controlSocket: lab().controlSocket, server: 'kea4' });
});
