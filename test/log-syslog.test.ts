import test from 'ava';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runCli } from './helpers/cli.js';

/**
 * Syslog delivery to a real AF_UNIX datagram socket, the kind /dev/log is. Node cannot bind one,
 * so a small python3 listener does and prints each datagram it receives as a JSON string line.
 * A child process (configured through DHCPULSE_SYSLOG_SOCKET) logs through it.
 */
const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-log-syslog-'));
const socketPath = join(dir, 'log.sock');
const LOG_MODULE = new URL('../src/log/index.ts', import.meta.url).href;
let listener: ChildProcessWithoutNullStreams | undefined;
const datagrams: string[] = [];
const waiters: Array<() => void> = [];

test.before(async () => {
	listener = spawn('python3', [
		'-c',
		`import socket, sys, json
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("ready", flush=True)
while True:
    print(json.dumps(s.recv(65536).decode("utf-8", "replace")), flush=True)
`,
		socketPath,
	]);
	const lines = createInterface({ input: listener.stdout });
	await new Promise<void>((resolve, reject) => {
		listener!.once('error', reject);
		lines.on('line', (line) => {
			if (line === 'ready') return resolve();
			datagrams.push(JSON.parse(line) as string);
			for (const wake of waiters.splice(0)) wake();
		});
	});
});

test.after.always(() => {
	listener?.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

async function datagramsMatching(pattern: RegExp, count: number): Promise<string[]> {
	// A bound against a hang on a busy machine, not a budget: the loop returns as soon as they are there.
	const deadline = Date.now() + 120_000;
	for (;;) {
		const found = datagrams.filter((d) => pattern.test(d));
		if (found.length >= count || Date.now() > deadline) return found;
		await new Promise<void>((resolve) => {
			waiters.push(resolve);
			setTimeout(resolve, 200);
		});
	}
}

function runLogging(name: string, output: string, body: string): Promise<number | null> {
	const config = join(dir, `${name}.json`);
	writeFileSync(config, JSON.stringify({ loggers: [{ name: 'dhcpulse', severity: 'DEBUG', debuglevel: 99, output_options: [{ output }] }] }));
	const script = join(dir, `${name}.ts`);
	writeFileSync(
		script,
		`import { configureLogging, getLogger, Msg, DebugLevel } from ${JSON.stringify(LOG_MODULE)};
configureLogging({ configFile: ${JSON.stringify(config)}, env: {} });
${body}
`,
	);
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import=tsx', script], { stdio: 'ignore', env: { ...process.env, DHCPULSE_SYSLOG_SOCKET: socketPath } });
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve(code);
		});
	});
}

test.serial('syslog:NAME sets the facility, the severity maps to syslog priorities, the ident is dhcpulse', async (t) => {
	const code = await runLogging(
		'facility',
		'syslog:local3',
		`const log = getLogger('dhcpulse.perf');
log.warn(Msg.NET_ERROR, 'ECONNREFUSED', 'sending to 127.0.0.1:67', 'tag-a');
log.error(Msg.STATUS_PROVIDER_FAILED, 'perf', 'tag-b');
log.info(Msg.STATUS_DUMP, 'perf', 'tag-c');
log.debug(DebugLevel.START_SHUTDOWN, Msg.LOG_WORKER_ATTACHED, 'tag-d');`,
	);
	t.is(code, 0);
	const found = await datagramsMatching(/tag-[abcd]/, 4);
	const pid = /dhcpulse\[(\d+)\]/.exec(found[0] ?? '')?.[1];
	t.truthy(pid, 'ident dhcpulse with the pid');
	// PRI = facility × 8 + severity (RFC 5424 §6.2.1): local3 = 19.
	const expect = (pri: number, text: string): RegExp => new RegExp(`^<${pri}>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d dhcpulse\\[${pid}\\]: ${text}$`);
	t.regex(found[0]!, expect(19 * 8 + 4, 'WARN  \\[dhcpulse\\.perf\\.0\\] NET_ERROR ECONNREFUSED sending to 127\\.0\\.0\\.1:67: tag-a'));
	t.regex(found[1]!, expect(19 * 8 + 3, 'ERROR \\[dhcpulse\\.perf\\.0\\] STATUS_PROVIDER_FAILED status of perf could not be read: tag-b'));
	t.regex(found[2]!, expect(19 * 8 + 6, 'INFO  \\[dhcpulse\\.perf\\.0\\] STATUS_DUMP perf: tag-c'));
	t.regex(found[3]!, expect(19 * 8 + 7, 'DEBUG \\[dhcpulse\\.perf\\.0\\] LOG_WORKER_ATTACHED worker tag-d forwards its log messages to the main thread'));
});

test.serial('plain syslog uses facility local0, as Kea does', async (t) => {
	const code = await runLogging('local0', 'syslog', `getLogger('dhcpulse.lab').warn(Msg.NET_ERROR, 'ENOBUFS', 'sending', 'tag-local0');`);
	t.is(code, 0);
	const [datagram] = await datagramsMatching(/tag-local0/, 1);
	t.regex(datagram ?? '', /^<132>/); // local0 (16) × 8 + warning (4)
});

test.serial("DHCPULSE_LOGGER_DESTINATION=syslog:daemon sends the CLI's own logging to syslog", async (t) => {
	const r = await runCli(['-d', 'version'], { env: { DHCPULSE_LOGGER_DESTINATION: 'syslog:daemon', DHCPULSE_SYSLOG_SOCKET: socketPath } });
	t.is(r.code, 0);
	t.is(r.stderr, '');
	const [datagram] = await datagramsMatching(/LOG_CONFIGURED logging configured from defaults/, 1);
	t.regex(datagram ?? '', /^<31>.* dhcpulse\[\d+\]: DEBUG \[dhcpulse\.log\.0\] LOG_CONFIGURED logging configured from defaults: root severity DEBUG, debug level 99$/); // daemon (3) × 8 + debug (7)
});

test('syslog without a socket to talk to is a configuration error, exit 3', async (t) => {
	const r = await runCli(['version'], { env: { DHCPULSE_LOGGER_DESTINATION: 'syslog', DHCPULSE_SYSLOG_SOCKET: join(dir, 'no-such.sock') } });
	t.is(r.code, 3);
	t.is(r.stderr, `dhcpulse: DHCPULSE_LOGGER_DESTINATION: no syslog socket at ${join(dir, 'no-such.sock')} (is a syslog daemon running?)\n`);
});

test.serial('when nothing listens on the syslog socket any more, later messages go to stderr with one LOG_SYSLOG_FAILED', async (t) => {
	const { configureLogging, getLogger, Msg, resetLogging, setConsoleSink } = await import('../src/log/index.js');
	// A socket file whose listener is gone, as after a syslog daemon crash: connect() is refused.
	const stale = join(dir, 'stale.sock');
	const made = spawn('python3', ['-c', 'import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind(sys.argv[1])', stale]);
	await new Promise((resolve) => made.on('exit', resolve));
	process.env.DHCPULSE_SYSLOG_SOCKET = stale;
	const config = join(dir, 'stale.json');
	writeFileSync(config, JSON.stringify({ loggers: [{ name: 'dhcpulse', output_options: [{ output: 'syslog', pattern: '%p %m' }] }] }));
	const seen: string[] = [];
	setConsoleSink((_stream, line) => seen.push(line));
	try {
		configureLogging({ configFile: config, env: {} });
		const log = getLogger('dhcpulse.lab');
		log.info(Msg.STATUS_DUMP, 'lab', 'handed to logger');
		for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
		log.info(Msg.STATUS_DUMP, 'lab', 'after the failure');
	} finally {
		setConsoleSink(null);
		resetLogging({});
		delete process.env.DHCPULSE_SYSLOG_SOCKET;
	}
	t.deepEqual(seen, [
		`ERROR LOG_SYSLOG_FAILED syslog output through logger(1) --socket ${stale} failed: logger: socket ${stale}: Connection refused; its messages go to stderr from now on`,
		'INFO STATUS_DUMP lab: after the failure',
	]);
});
