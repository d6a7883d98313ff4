/**
 * A load run's outputs at the edges, against the lab's Kea: every output path is checked before
 * the first packet (and a failure holds no socket), `--json -` is stdout, a closed stdout loses no
 * file, a full disk is named, numbers are echoed as typed, and a storm of SIGUSR1 status dumps
 * never kills a run on its way out.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { BIN, runCli } from './helpers/cli.js';
import { execInLab, labExecArgs, useLab } from './helpers/lab.js';
import { keaDeltas, scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-out');
test.serial.before(async () => waitForCarrier(lab()));

const RUN = ['perf', '198.19.0.1', '-r', '100', '-n', '20', '--no-dashboard'];
const perf = (args: string[]) => runCli([...RUN, ...args], { prefix: labExecArgs(lab()), timeoutMs: 60_000 });

for (const [flag, path] of [
	['--json', '/missing/dir/x.json'],
	['--pcap', '/missing/dir/x.pcap'],
	['--hdr-log', '/missing/dir/x.hlog'],
	['--text-report', '/missing/dir/x.txt'],
] as const) {
	test.serial(`${flag} into a missing directory: exit 3 before any packet, and the port is free again`, async (t) => {
		const { result: r, delta } = await keaDeltas(lab(), ['pkt4-received'], () => perf([flag, path]));
		t.is(r.code, 3, r.stderr);
		t.is(r.stderr.trim(), `dhcpulse: ${flag} ${path}: cannot create (ENOENT)`);
		t.is(delta['pkt4-received'], 0, 'nothing was sent');
		// The relay port (67) was not left bound: the next run gets it.
		const again = await perf(['--json', join(dir, `after${flag}.json`)]);
		t.true(again.code === 0 || again.code === 1, again.stderr);
	});
}

test.serial('--text-report FILE: the report goes to the file instead of the terminal', async (t) => {
	const file = join(dir, 'report.txt');
	const r = await perf(['--text-report', file]);
	t.true(r.code === 0 || r.code === 1, r.stderr);
	t.notRegex(r.stdout, /\*\*\*Rate statistics\*\*\*/);
	t.regex(r.stdout, /^dhcpulse perf: DORA \(v4\) relay /m, 'the plain lines stay on the terminal');
	t.regex(readFileSync(file, 'utf8'), /^\*\*\*Run\*\*\*\n[\s\S]*\*\*\*Statistics for: DISCOVER-OFFER\*\*\*\nsent packets: 20\n/);
});

test.serial('--json - writes the summary on stdout, the report on stderr', async (t) => {
	const r = await perf(['--json', '-']);
	t.true(r.code === 0 || r.code === 1, r.stderr);
	const doc = JSON.parse(r.stdout);
	t.is(doc.exchanges.DO.sent, 20);
	t.regex(r.stderr, /\*\*\*Rate statistics\*\*\*/);
});

test.serial('a reader that goes away early (| head -1) costs neither the JSON file nor a stack trace', async (t) => {
	const json = join(dir, 'piped.json');
	const line = [process.execPath, BIN, ...RUN, '-t', '0.05', '--json', json].map((a) => `'${a}'`).join(' ');
	const r = await execInLab(lab(), ['bash', '-c', `${line} | head -1; echo "perf exit \${PIPESTATUS[0]}" >&2`], 60_000);
	t.regex(r.stderr, /perf exit [01]\n/, r.stderr);
	t.false(/\n\s+at /.test(r.stderr), r.stderr);
	t.is(JSON.parse(readFileSync(json, 'utf8')).exchanges.DO.sent, 20);
});

for (const flag of ['--json', '--pcap', '--hdr-log', '--text-report']) {
	test.serial(`a full disk under ${flag} is an error that names the file, and the rest of the outputs are still written`, async (t) => {
		const other = join(dir, `full${flag}.json`);
		const r = await perf([flag, '/dev/full', ...(flag === '--json' ? [] : ['--json', other])]);
		t.is(r.code, 3, r.stderr);
		t.regex(r.stderr, new RegExp(`^dhcpulse: ${flag} /dev/full: cannot write \\(ENOSPC\\)`, 'm'));
		if (flag === '--pcap') {
			// The capture's file header is written before the run starts: nothing is sent.
			t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
			return;
		}
		if (flag !== '--text-report') t.regex(r.stdout, /\*\*\*Rate statistics\*\*\*/, 'the report was still printed');
		if (flag !== '--json') t.is(JSON.parse(readFileSync(other, 'utf8')).exchanges.DO.sent, 20, 'and the JSON written');
	});
}

test.serial('numbers are echoed as typed when they are not numbers', async (t) => {
	for (const [flag, value] of [
		['-r', 'abc'],
		['-r', '5k'],
		['-p', '1s'],
		['-d', 'abc'],
	]) {
		const { result: r, delta } = await keaDeltas(lab(), ['pkt4-received'], () => runCli(['perf', '198.19.0.1', flag!, value!], { prefix: labExecArgs(lab()) }));
		t.is(delta['pkt4-received'], 0);
		t.is(r.code, 3);
		t.regex(r.stderr.trim(), new RegExp(`^dhcpulse: ${flag} ${value}: expected a positive number$`));
	}
});

test.serial('SIGUSR1 dumps arriving while perf exits never kill it', async (t) => {
	for (let round = 0; round < 3; round++) {
		const argv = [...labExecArgs(lab()), process.execPath, BIN, ...RUN, '--json', join(dir, `usr1-${round}.json`)];
		const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
		// From the run's start line on (before it, the process may not be node yet), until it has exited.
		let storm: NodeJS.Timeout | undefined;
		child.stdout.once('data', () => (storm = setInterval(() => child.kill('SIGUSR1'), 2)));
		child.stdout.resume();
		const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (c, s) => resolve({ code: c, signal: s })));
		clearInterval(storm);
		t.is(signal, null, `round ${round}: ended by ${signal}`);
		t.true(code === 0 || code === 1, `round ${round}: exit ${code}`);
		t.true(existsSync(join(dir, `usr1-${round}.json`)));
	}
});

for (const [path, env] of [
	['the fast path', {}],
	['node:dgram', { DHCPULSE_FAST_UDP: '0' }],
] as const) {
	test.serial(`a server the relay address cannot reach (${path}): one line naming the errno and the addresses, exit 3, nothing counted as sent`, async (t) => {
		// 198.18.0.1 is the lab server's on-link address; the client namespace has no route to it from 198.19.0.2.
		const json = join(dir, `unreach-${env.DHCPULSE_FAST_UDP ?? '1'}.json`);
		const r = await runCli(['perf', '198.18.0.1', '-l', '198.19.0.2', '-r', '100', '-n', '400', '--no-dashboard', '--json', json], { prefix: labExecArgs(lab()), env, timeoutMs: 60_000 });
		t.is(r.code, 3, r.stderr);
		const errors = r.stderr.split('\n').filter((l) => l.startsWith('dhcpulse:'));
		t.deepEqual(errors, ['dhcpulse: no route from 198.19.0.2 to 198.18.0.1 (ENETUNREACH): the server must be reachable from the relay address'], r.stderr);
		t.false(/\n\s+at /.test(r.stderr));
		t.false(/sent packets: [1-9]/.test(r.stdout), 'no report claims packets were sent');
	});
}
