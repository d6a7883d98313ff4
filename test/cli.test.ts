import test from 'ava';
import { runCli } from './helpers/cli.js';

test('an unknown command is a one-line usage error with exit 3 and no stack trace', async (t) => {
	const r = await runCli(['frobnicate']);
	t.is(r.code, 3);
	t.is(r.stderr.trim().split('\n').length, 1);
	t.regex(r.stderr, /^dhcpulse: .*frobnicate/);
	t.notRegex(r.stderr, /\bat .*\.js:\d+/);
});

test('an unknown subcommand is named as typed, beside the suggestion', async (t) => {
	for (const args of [
		['lab', 'stauts'],
		['lab', '--name', 'x', 'stauts'],
		['lab', 'stauts', '--name', 'x'],
	]) {
		const r = await runCli(args);
		t.is(r.code, 3);
		t.is(r.stderr, 'dhcpulse: unknown command stauts; Did you mean status?\n', args.join(' '));
	}
	const top = await runCli(['dicover']);
	t.is(top.stderr, 'dhcpulse: unknown command dicover; Did you mean discover?\n');
});

test('no command at all asks for one and exits 3', async (t) => {
	const r = await runCli([]);
	t.is(r.code, 3);
	t.regex(r.stderr, /name a command/);
});

test('version prints the package version and the state of both native parts', async (t) => {
	const r = await runCli(['version']);
	t.is(r.code, 0);
	t.regex(r.stdout, /^dhcpulse \d+\.\d+\.\d+\nudp: (fast path|node:dgram) \(.+\)\nraw-socket: \d+\.\d+\.\d+ \(on-link DHCPv4, listen\)\n$/);
});

test('an unknown flag is refused before the command runs: nothing is sent', async (t) => {
	const r = await runCli(['discover', '--bogus-flag', '-s', '127.0.0.1', '--tries', '1', '--timeout', '5']);
	t.is(r.code, 3);
	t.is(r.stdout, '', 'the probe never ran');
	t.is(r.stderr, 'dhcpulse: Unknown argument: bogus-flag\n');
});

test('--help lists every command and exits 0 (help is rendered on demand only)', async (t) => {
	const r = await runCli(['--help']);
	t.is(r.code, 0);
	for (const command of ['discover', 'ping', 'lease', 'listen', 'perf', 'capacity', 'lab', 'decode', 'options', 'messages', 'version']) t.regex(r.stdout, new RegExp(`^\\s+dhcpulse ${command}\\b`, 'm'), command);
});
