import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { runCli } from './helpers/cli.js';
import { labDown, labExecArgs, labNameFor, useLab } from './helpers/lab.js';

/** The lab's own life cycle: restarting its server, replacing a lab, and status without privilege. */
const lab = useLab(test, { server: 'kea4' });
const REPLACED = labNameFor(import.meta.url, 'repl');
const CONFIG = join(tmpdir(), `dhcpulse-lab-restart-${process.pid}.json`);

test.after.always(async () => {
	await labDown(REPLACED);
	rmSync(CONFIG, { force: true });
});

function status(name: string): Promise<{ code: number | null; info: { running: boolean; pid: number | null; unknown?: string } }> {
	return runCli(['lab', 'status', '--name', name, '--json']).then((r) => ({ code: r.code, info: JSON.parse(r.stdout) }));
}

function lease(extra: string[] = []) {
	return runCli(['lease', '-s', lab().relayServerAddr4, '--giaddr', lab().relayAddr4, '-q', ...extra], { prefix: labExecArgs(lab()) });
}

test.serial('lab restart starts the server again after it was killed, in its namespace, and it answers', async (t) => {
	const before = await status(lab().name);
	t.is(before.code, 0);
	process.kill(before.info.pid!, 'SIGKILL');
	// Bounded wait for the kernel to reap the killed server (its parent is init, not us).
	for (let i = 0; i < 100 && (await status(lab().name)).info.running; i++) await new Promise((r) => setTimeout(r, 50));
	const down = await status(lab().name);
	t.is(down.code, 2);
	t.false(down.info.running);
	const stats = await runCli(['lab', 'stats', '--name', lab().name]);
	t.is(stats.code, 3);
	t.is(stats.stderr, `dhcpulse: lab ${lab().name}: not running; start its server again with: dhcpulse lab restart --name ${lab().name}\n`);

	const r = await runCli(['lab', 'restart', '--name', lab().name, '--json']);
	t.is(r.code, 0, r.stderr);
	const after = await status(lab().name);
	t.is(after.code, 0);
	t.true(after.info.running);
	t.not(after.info.pid, before.info.pid);
	const l = await lease();
	t.is(l.code, 0, l.stderr);
});

test.serial('lab restart --config FILE restarts the server with that configuration; a bad one is refused and the server kept', async (t) => {
	const generated = readFileSync(lab().configFile, 'utf8');
	t.regex(generated, /"valid-lifetime": 4000/);
	writeFileSync(CONFIG, generated.replace(/"valid-lifetime": 4000/g, '"valid-lifetime": 1234'));
	const r = await runCli(['lab', 'restart', '--name', lab().name, '--config', CONFIG]);
	t.is(r.code, 0, r.stderr);
	t.regex(r.stdout, new RegExp(`^lab ${lab().name}: running \\(kea4, pid \\d+, config ${CONFIG}\\)`));
	const l = await lease(['--expect', 'option 51 = 1234']);
	t.is(l.code, 0, l.stderr);

	const pid = (await status(lab().name)).info.pid;
	writeFileSync(`${CONFIG}.bad`, '{ not json');
	const bad = await runCli(['lab', 'restart', '--name', lab().name, '--config', `${CONFIG}.bad`]);
	rmSync(`${CONFIG}.bad`);
	t.is(bad.code, 3);
	t.regex(bad.stderr, /^dhcpulse: --config .*\.bad: kea-dhcp4 rejected it: .*\n$/);
	const kept = await status(lab().name);
	t.true(kept.info.running);
	t.is(kept.info.pid, pid);
});

test.serial('without the privilege to see the server, lab status says it cannot tell (exit 3) and lab stats does not advise lab down', async (t) => {
	const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
	const s = await runCli(['lab', 'status', '--name', lab().name], { prefix: nobody });
	t.is(s.code, 3, s.stderr);
	t.regex(s.stdout, new RegExp(`^lab ${lab().name}: cannot tell whether its server runs: .*needs root`));
	const j = await runCli(['lab', 'status', '--name', lab().name, '--json'], { prefix: nobody });
	t.like(JSON.parse(j.stdout), { running: false });
	t.regex((JSON.parse(j.stdout) as { unknown: string }).unknown, /cannot tell/);
	const stats = await runCli(['lab', 'stats', '--name', lab().name], { prefix: nobody });
	t.is(stats.code, 3);
	t.notRegex(stats.stderr, /lab down/);
	t.regex(stats.stderr, /cannot tell whether its server runs/);
	// As root the same lab is running.
	t.is((await status(lab().name)).code, 0);
});

test.serial('lab up refuses leftovers and names lab down; lab up --replace removes them and comes up, also over a running lab', async (t) => {
	// What a killed `up` leaves: the server namespace made, nothing else.
	const add = spawn('ip', ['netns', 'add', `dhcpulse-${REPLACED}-srv`], { stdio: 'ignore' });
	await new Promise((resolve) => add.on('close', resolve));
	const refused = await runCli(['lab', 'up', '--name', REPLACED]);
	t.is(refused.code, 3);
	t.regex(refused.stderr, new RegExp(`^dhcpulse: lab ${REPLACED} has leftovers from an earlier run; remove them with: dhcpulse lab down --name ${REPLACED}`));
	const up = await runCli(['lab', 'up', '--name', REPLACED, '--replace', '--json'], { timeoutMs: 60_000 });
	t.is(up.code, 0, up.stderr);
	const first = JSON.parse(up.stdout) as { pid: number; running: boolean };
	t.true(first.running);
	const again = await runCli(['lab', 'up', '--name', REPLACED, '--replace', '--json'], { timeoutMs: 60_000 });
	t.is(again.code, 0, again.stderr);
	t.not((JSON.parse(again.stdout) as { pid: number }).pid, first.pid);
	t.is((await status(REPLACED)).code, 0);
});
