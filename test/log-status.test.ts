import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { configureLogging, dumpStatus, flushLogs, getLogger, logNetworkError, NetworkErrorLimiter, registerStatusProvider, resetLogging, setConsoleSink } from '../src/log/index.js';

const LOG_MODULE = new URL('../src/log/index.ts', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-log-status-'));
const children: Array<{ kill: (signal: NodeJS.Signals) => boolean }> = [];
test.after.always(() => {
	for (const child of children) child.kill('SIGKILL');
	resetLogging({});
	rmSync(dir, { recursive: true, force: true });
});

function capture(): { lines: string[]; stop: () => void } {
	const lines: string[] = [];
	setConsoleSink((_stream, line) => lines.push(line));
	return { lines, stop: () => setConsoleSink(null) };
}

function configureConsole(pattern = '%p %c %m\n', severity = 'INFO'): void {
	const config = join(dir, `console-${severity}.json`);
	writeFileSync(config, JSON.stringify({ loggers: [{ name: 'dhcpulse', severity, output_options: [{ output: 'stderr', pattern }] }] }));
	configureLogging({ configFile: config, env: {} });
}

test('SIGUSR1 during a real run writes a status dump to the configured file and the run goes on', async (t) => {
	const file = join(dir, 'status.log');
	const config = join(dir, 'status.json');
	writeFileSync(config, JSON.stringify({ loggers: [{ name: 'dhcpulse', severity: 'WARN', output_options: [{ output: file, pattern: '%p [%c] %m\n' }] }] }));
	const script = join(dir, 'run.ts');
	// A stand-in for a load run: a counter that advances every 20 ms, reported on stdout, until stdin closes.
	writeFileSync(
		script,
		`import { configureLogging, registerStatusProvider } from ${JSON.stringify(LOG_MODULE)};
configureLogging({ configFile: ${JSON.stringify(config)}, env: {} });
let sent = 0;
registerStatusProvider('perf', () => ({ state: 'running', sent, inFlight: 3, latency: { p50: 1.5 } }));
registerStatusProvider('broken', () => { throw new Error('no state yet'); });
const timer = setInterval(() => { sent++; process.stdout.write('tick ' + sent + '\\n'); }, 20);
process.stdin.resume();
process.stdin.on('end', () => { clearInterval(timer); process.stdout.write('done ' + sent + '\\n'); });
`,
	);
	const child = spawn(process.execPath, ['--import=tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
	children.push(child);
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const ticks: number[] = [];
	let done: number | undefined;
	createInterface({ input: child.stdout }).on('line', (line) => {
		const [word, n] = line.split(' ');
		if (word === 'tick') ticks.push(Number(n));
		if (word === 'done') done = Number(n);
	});
	const until = async (condition: () => boolean, what: string): Promise<void> => {
		for (let i = 0; i < 300 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
		if (!condition()) throw new Error(`gave up waiting for ${what}`);
	};
	await until(() => ticks.length >= 5, 'the run to start');
	child.kill('SIGUSR1');
	await until(() => existsSync(file) && /STATUS_DUMP perf/.test(readFileSync(file, 'utf8')), 'the status dump');
	const dump = readFileSync(file, 'utf8');
	const lines = dump.split('\n').slice(0, -1);
	t.is(lines[0], 'INFO [dhcpulse.status] STATUS_DUMP_REQUESTED status dump requested by SIGUSR1: 2 component(s) report');
	const perf = /^INFO \[dhcpulse\.status\] STATUS_DUMP perf: (\{.*\})$/.exec(lines[1] ?? '');
	t.truthy(perf, lines[1]);
	const state = JSON.parse(perf![1]!) as { state: string; sent: number; inFlight: number; latency: { p50: number } };
	t.like(state, { state: 'running', inFlight: 3, latency: { p50: 1.5 } });
	t.true(state.sent >= 5);
	t.is(lines[2], 'ERROR [dhcpulse.status] STATUS_PROVIDER_FAILED status of broken could not be read: no state yet');
	t.is(lines.length, 3);
	// The run continues past the dump and ends normally.
	await until(() => ticks.some((n) => n > state.sent + 5), 'ticks after the dump');
	child.stdin.end();
	t.is(await exited, 0);
	t.true(done! > state.sent);
});

test.serial('status dumps are written whatever the severity, but not when dhcpulse.status is NONE', (t) => {
	configureConsole('%p %c %m\n', 'ERROR');
	const stop = registerStatusProvider('probe', () => ({ state: 'waiting', offers: 2n }));
	const out = capture();
	dumpStatus('test');
	out.stop();
	t.deepEqual(out.lines, ['INFO dhcpulse.status STATUS_DUMP_REQUESTED status dump requested by test: 1 component(s) report\n', 'INFO dhcpulse.status STATUS_DUMP probe: {"state":"waiting","offers":"2"}\n']);
	configureConsole('%p %c %m\n', 'NONE');
	const silent = capture();
	dumpStatus('test');
	silent.stop();
	t.deepEqual(silent.lines, []);
	stop();
	configureConsole();
	const none = capture();
	dumpStatus('test');
	none.stop();
	t.deepEqual(none.lines, ['INFO dhcpulse.status STATUS_DUMP_REQUESTED status dump requested by test: 0 component(s) report\n']);
	resetLogging({});
});

test.serial('network errors: the first of each errno per interval is a WARN, the rest one summary line', (t) => {
	configureConsole('%p %c %m\n');
	let now = 1_000_000;
	const limiter = new NetworkErrorLimiter({ intervalMs: 10_000, now: () => now, timers: false });
	const log = getLogger('dhcpulse.transport');
	const refused = Object.assign(new Error('send ECONNREFUSED 127.0.0.1:67'), { code: 'ECONNREFUSED' });
	const unreachable = Object.assign(new Error('send EHOSTUNREACH 198.18.0.1:67'), { code: 'EHOSTUNREACH' });
	const out = capture();
	for (let i = 0; i < 5000; i++) {
		limiter.report(log, refused, 'sending DISCOVER to 127.0.0.1:67');
		if (i % 10 === 0) limiter.report(log, unreachable, 'sending DISCOVER to 198.18.0.1:67');
		now += 1; // 5 s of errors
	}
	t.deepEqual(out.lines, [
		'WARN dhcpulse.transport NET_ERROR ECONNREFUSED sending DISCOVER to 127.0.0.1:67: send ECONNREFUSED 127.0.0.1:67\n',
		'WARN dhcpulse.transport NET_ERROR EHOSTUNREACH sending DISCOVER to 198.18.0.1:67: send EHOSTUNREACH 198.18.0.1:67\n',
	]);
	now += 6000; // past the interval: the next error reports what was held back, then itself
	limiter.report(log, refused, 'sending REQUEST to 127.0.0.1:67');
	limiter.report(log, refused, 'sending REQUEST to 127.0.0.1:67');
	t.deepEqual(out.lines.slice(2), [
		'WARN dhcpulse.transport NET_ERRORS_SUPPRESSED 4999 more ECONNREFUSED suppressed in the last 11 s\n',
		'WARN dhcpulse.transport NET_ERROR ECONNREFUSED sending REQUEST to 127.0.0.1:67: send ECONNREFUSED 127.0.0.1:67\n',
	]);
	limiter.flush();
	out.stop();
	t.deepEqual(out.lines.slice(4), [
		'WARN dhcpulse.transport NET_ERRORS_SUPPRESSED 499 more EHOSTUNREACH suppressed in the last 11 s\n',
		'WARN dhcpulse.transport NET_ERRORS_SUPPRESSED 1 more ECONNREFUSED suppressed in the last 0 s\n',
	]);
	resetLogging({});
});

test.serial('logNetworkError rate-limits across calls and flushLogs reports the held-back count', (t) => {
	configureConsole('%p %m\n');
	const log = getLogger('dhcpulse.transport');
	const out = capture();
	for (let i = 0; i < 10_000; i++) logNetworkError(log, Object.assign(new Error('no buffer space available'), { errno: -105 }), 'sending');
	flushLogs();
	out.stop();
	t.is(out.lines.length, 2);
	t.is(out.lines[0], 'WARN NET_ERROR ENOBUFS sending: no buffer space available\n');
	t.regex(out.lines[1]!, /^WARN NET_ERRORS_SUPPRESSED 9999 more ENOBUFS suppressed in the last \d+(\.\d)? s\n$/);
	resetLogging({});
});

test.serial('a logger below WARN does not count or log network errors', (t) => {
	configureConsole('%m\n', 'ERROR');
	const out = capture();
	logNetworkError(getLogger('dhcpulse.transport'), Object.assign(new Error('x'), { code: 'EACCES' }), 'sending');
	flushLogs();
	out.stop();
	t.deepEqual(out.lines, []);
	resetLogging({});
});
