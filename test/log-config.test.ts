import test from 'ava';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../src/exit-codes.js';
import { effectiveSettings, parseLoggingConfig, type EffectiveSettings } from '../src/log/config.js';
import { configureLogging, DebugLevel, flushLogs, getLogger, Msg, resetLogging, setConsoleSink } from '../src/log/index.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-log-config-'));
test.after.always(() => {
	resetLogging();
	rmSync(dir, { recursive: true, force: true });
});

let fileCounter = 0;
function configFile(config: unknown): string {
	const path = join(dir, `config-${++fileCounter}.json`);
	writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
	return path;
}

function configError(t: import('ava').ExecutionContext, config: unknown): string {
	const path = configFile(config);
	const error = t.throws(() => configureLogging({ configFile: path }), { instanceOf: UserError });
	t.is(error!.exitCode, 3);
	t.true(error!.message.startsWith(`--log-config ${path}: `), error!.message);
	t.false(error!.message.includes('\n'));
	return error!.message.slice(`--log-config ${path}: `.length);
}

const rootDefaults: EffectiveSettings = {
	severity: 'INFO',
	debuglevel: 0,
	outputs: [{ destination: { kind: 'stderr' }, pattern: '', flush: true, maxsize: 10240000, maxver: 1, keyPath: 'default' }],
};

test("output_options get Kea's defaults: flush true, maxsize 10240000, maxver 1, default pattern", (t) => {
	const config = parseLoggingConfig(JSON.stringify({ loggers: [{ name: 'dhcpulse', output_options: [{ output: '/tmp/x.log' }] }] }));
	t.deepEqual(config.loggers[0]!.outputs![0], {
		destination: { kind: 'file', path: '/tmp/x.log' },
		pattern: '',
		flush: true,
		maxsize: 10240000,
		maxver: 1,
		keyPath: 'loggers[0].output_options[0].output',
	});
});

test('outputs are stdout, stderr, syslog (facility local0), syslog:FACILITY or a file name', (t) => {
	const config = parseLoggingConfig(
		JSON.stringify({
			loggers: [
				{
					name: 'dhcpulse',
					output_options: [{ output: 'stdout' }, { output: 'stderr' }, { output: 'syslog' }, { output: 'syslog:daemon' }, { output: 'run.log' }],
				},
			],
		}),
	);
	t.deepEqual(
		config.loggers[0]!.outputs!.map((o) => o.destination),
		[{ kind: 'stdout' }, { kind: 'stderr' }, { kind: 'syslog', facility: 'local0' }, { kind: 'syslog', facility: 'daemon' }, { kind: 'file', path: 'run.log' }],
	);
});

test('the most specific configured logger wins and inherits what it leaves out from its parents', (t) => {
	const config = parseLoggingConfig(
		JSON.stringify({
			loggers: [
				{ name: 'dhcpulse', severity: 'WARN', output_options: [{ output: 'stdout' }] },
				{ name: 'dhcpulse.perf', severity: 'DEBUG', debuglevel: 40 },
				{ name: 'dhcpulse.perf.rate', debuglevel: 55 },
				{ name: 'dhcpulse.probe', output_options: [{ output: 'probe.log' }] },
			],
		}),
	);
	const root = effectiveSettings(config, 'dhcpulse', rootDefaults, false);
	t.is(root.severity, 'WARN');
	t.is(root.outputs[0]!.destination.kind, 'stdout');
	const perf = effectiveSettings(config, 'dhcpulse.perf', rootDefaults, false);
	t.deepEqual([perf.severity, perf.debuglevel, perf.outputs[0]!.destination.kind], ['DEBUG', 40, 'stdout']);
	const rate = effectiveSettings(config, 'dhcpulse.perf.rate', rootDefaults, false);
	t.deepEqual([rate.severity, rate.debuglevel], ['DEBUG', 55]);
	const workers = effectiveSettings(config, 'dhcpulse.perf.workers', rootDefaults, false);
	t.deepEqual([workers.severity, workers.debuglevel], ['DEBUG', 40]);
	const probe = effectiveSettings(config, 'dhcpulse.probe', rootDefaults, false);
	t.deepEqual([probe.severity, probe.outputs[0]!.destination], ['WARN', { kind: 'file', path: 'probe.log' }]);
	const ui = effectiveSettings(config, 'dhcpulse.ui', rootDefaults, false);
	t.is(ui.severity, 'WARN');
});

test('-d makes every logger DEBUG at level 99, overriding the file as kea-dhcp4 -d does', (t) => {
	const config = parseLoggingConfig(JSON.stringify({ loggers: [{ name: 'dhcpulse.perf', severity: 'ERROR' }] }));
	for (const name of ['dhcpulse', 'dhcpulse.perf']) {
		const s = effectiveSettings(config, name, rootDefaults, true);
		t.deepEqual([s.severity, s.debuglevel], ['DEBUG', 99]);
	}
});

test('bad configurations are one-line errors naming the key path, exit 3', (t) => {
	t.regex(configError(t, '{"loggers": ['), /^not valid JSON/);
	t.is(configError(t, { loggers: [], colour: true }), 'colour: unknown key (expected loggers)');
	t.is(configError(t, {}), 'loggers: missing; expected a list of loggers');
	t.is(configError(t, { loggers: {} }), 'loggers: expected a list, got an object');
	t.is(configError(t, { loggers: [{ severity: 'INFO' }] }), 'loggers[0].name: missing; every logger needs a name');
	t.is(configError(t, { loggers: [{ name: 'kea-dhcp4' }] }), 'loggers[0].name: "kea-dhcp4" is not dhcpulse or a logger under it (e.g. dhcpulse.perf)');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', severity: 'LOUD' }] }), 'loggers[0].severity: expected FATAL, ERROR, WARN, INFO, DEBUG or NONE, got "LOUD"');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', debuglevel: 100 }] }), 'loggers[0].debuglevel: expected an integer from 0 to 99, got 100');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', debuglevel: '5' }] }), 'loggers[0].debuglevel: expected an integer from 0 to 99, got "5"');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: 'stdout', colour: 1 }] }] }), 'loggers[0].output_options[0].colour: unknown key (expected output, pattern, flush, maxsize, maxver)');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: 'stdout' }, { output: 'x.log', maxsize: -1 }] }] }), 'loggers[0].output_options[1].maxsize: expected a non-negative integer, got -1');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: 'x.log', maxver: 0 }] }] }), 'loggers[0].output_options[0].maxver: expected an integer of at least 1, got 0');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: 'x.log', flush: 'yes' }] }] }), 'loggers[0].output_options[0].flush: expected true or false, got "yes"');
	t.is(
		configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: 'syslog:nowhere' }] }] }),
		'loggers[0].output_options[0].output: unknown syslog facility "nowhere" (expected one of kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, local0, local1, local2, local3, local4, local5, local6, local7)',
	);
	t.is(configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: 'stdout', pattern: '%Y %m' }] }] }), 'loggers[0].output_options[0].pattern: unknown conversion %Y at position 1');
	t.is(configError(t, { loggers: [{ name: 'dhcpulse' }, { name: 'dhcpulse' }] }), 'loggers[1].name: dhcpulse is already configured by loggers[0]');
	t.is(
		configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: join(dir, 'missing', 'x.log') }] }] }),
		`loggers[0].output_options[0].output: cannot open ${join(dir, 'missing', 'x.log')} for appending (ENOENT)`,
	);
});

test('an unwritable log file is refused before anything runs', (t) => {
	if (process.getuid?.() === 0) {
		// root can write through permission bits; a directory path is unwritable for anyone.
		const sub = join(dir, 'a-directory');
		mkdirSync(sub);
		t.regex(configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: sub }] }] }), /^loggers\[0\]\.output_options\[0\]\.output: cannot open .* for appending \(EISDIR\)$/);
	} else {
		const file = join(dir, 'readonly.log');
		writeFileSync(file, '');
		chmodSync(file, 0o444);
		t.regex(configError(t, { loggers: [{ name: 'dhcpulse', output_options: [{ output: file }] }] }), /\(EACCES\)$/);
	}
});

test.serial('a configuration routes each logger by its own severity and debuglevel', (t) => {
	const perfLog = join(dir, 'perf.log');
	const rootLog = join(dir, 'root.log');
	const path = configFile({
		loggers: [
			{ name: 'dhcpulse', severity: 'WARN', output_options: [{ output: rootLog, pattern: '%c %p %m\n' }] },
			{ name: 'dhcpulse.perf', severity: 'DEBUG', debuglevel: 0, output_options: [{ output: perfLog, pattern: '%c %p %m\n' }] },
		],
	});
	configureLogging({ configFile: path });
	const perf = getLogger('dhcpulse.perf');
	const lab = getLogger('dhcpulse.lab');
	t.true(perf.isDebugEnabled(DebugLevel.START_SHUTDOWN));
	t.false(perf.isDebugEnabled(DebugLevel.COMMANDS));
	t.false(lab.isEnabled('INFO'));
	t.true(lab.isEnabled('WARN'));
	perf.debug(DebugLevel.START_SHUTDOWN, Msg.LOG_WORKER_ATTACHED, 1);
	perf.info(Msg.STATUS_DUMP, 'perf', '{}');
	lab.info(Msg.STATUS_DUMP, 'lab', '{}');
	lab.warn(Msg.NET_ERROR, 'EHOSTUNREACH', 'sending', 'no route');
	flushLogs();
	t.is(readFileSync(perfLog, 'utf8'), 'dhcpulse.perf DEBUG LOG_WORKER_ATTACHED worker 1 forwards its log messages to the main thread\ndhcpulse.perf INFO STATUS_DUMP perf: {}\n');
	t.is(readFileSync(rootLog, 'utf8'), 'dhcpulse.lab WARN NET_ERROR EHOSTUNREACH sending: no route\n');
	resetLogging();
});

test.serial('severity NONE silences a logger completely', (t) => {
	configureLogging({ configFile: configFile({ loggers: [{ name: 'dhcpulse.ui', severity: 'NONE' }] }) });
	t.false(getLogger('dhcpulse.ui').isEnabled('FATAL'));
	t.true(getLogger('dhcpulse.probe').isEnabled('INFO'));
	resetLogging();
});

test.serial('reconfiguring recomputes the cached threshold of loggers that already exist', (t) => {
	const log = getLogger('dhcpulse.transport');
	resetLogging({});
	t.false(log.isEnabled('DEBUG'));
	setConsoleSink(() => {});
	configureLogging({ debug: true, env: {} });
	setConsoleSink(null);
	t.true(log.isDebugEnabled(99));
	resetLogging({});
	t.false(log.isDebugEnabled(0));
	t.true(log.isEnabled('INFO'));
});

test.serial('with a console sink set, stdout/stderr lines go to it and not to the streams', (t) => {
	const seen: Array<[string, string]> = [];
	let streamed = '';
	const writeErr = process.stderr.write.bind(process.stderr);
	const writeOut = process.stdout.write.bind(process.stdout);
	process.stderr.write = ((chunk: string | Uint8Array) => ((streamed += `stderr:${String(chunk)}`), true)) as typeof process.stderr.write;
	process.stdout.write = ((chunk: string | Uint8Array) => ((streamed += `stdout:${String(chunk)}`), true)) as typeof process.stdout.write;
	try {
		configureLogging({
			configFile: configFile({
				loggers: [
					{
						name: 'dhcpulse',
						output_options: [
							{ output: 'stdout', pattern: '%m%n' },
							{ output: 'stderr', pattern: '%p %m%n' },
						],
					},
				],
			}),
		});
		setConsoleSink((stream, line) => seen.push([stream, line]));
		getLogger('dhcpulse.ui').info(Msg.STATUS_DUMP, 'ui', '{"frames":3}');
		setConsoleSink(null);
		getLogger('dhcpulse.ui').warn(Msg.NET_ERROR, 'ENOBUFS', 'sending', 'no buffer space');
	} finally {
		process.stderr.write = writeErr;
		process.stdout.write = writeOut;
		resetLogging({});
	}
	t.deepEqual(seen, [
		['stdout', 'STATUS_DUMP ui: {"frames":3}\n'],
		['stderr', 'INFO STATUS_DUMP ui: {"frames":3}\n'],
	]);
	t.is(streamed, 'stdout:NET_ERROR ENOBUFS sending: no buffer space\nstderr:WARN NET_ERROR ENOBUFS sending: no buffer space\n');
});

test.serial("without configuration, INFO and above go to stderr in Kea's default pattern; stdout stays for results", (t) => {
	let stderr = '';
	let stdout = '';
	const writeErr = process.stderr.write.bind(process.stderr);
	const writeOut = process.stdout.write.bind(process.stdout);
	process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
	process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
	try {
		resetLogging({});
		const log = getLogger('dhcpulse.probe');
		log.debug(DebugLevel.START_SHUTDOWN, Msg.LOG_WORKER_ATTACHED, 1);
		log.info(Msg.STATUS_DUMP, 'probe', '{"state":"idle"}');
	} finally {
		process.stderr.write = writeErr;
		process.stdout.write = writeOut;
	}
	t.is(stdout, '');
	t.regex(stderr, new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[dhcpulse\\.probe/${process.pid}\\.0\\] STATUS_DUMP probe: \\{"state":"idle"\\}\\n$`));
});

test("-d logs start-up debugging to stderr; the command's own output on stdout is untouched", async (t) => {
	const plain = await runCli(['version'], { env: { DHCPULSE_LOGGER_DESTINATION: '' } });
	t.is(plain.stderr, '');
	const d = await runCli(['-d', 'version'], { env: { DHCPULSE_LOGGER_DESTINATION: '' } });
	t.is(d.code, 0);
	t.regex(d.stdout, /^dhcpulse \d+\.\d+\.\d+\nudp: .+\nraw-socket: .+\n$/);
	t.regex(d.stderr, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} DEBUG \[dhcpulse\.log\/\d+\.0\] LOG_CONFIGURED logging configured from defaults: root severity DEBUG, debug level 99\n$/);
});

test('DHCPULSE_LOGGER_DESTINATION sends the start-up logging to a file, and --debug is the long -d', async (t) => {
	const file = join(dir, 'env-destination.log');
	const r = await runCli(['--debug', 'version'], { env: { DHCPULSE_LOGGER_DESTINATION: file } });
	t.is(r.code, 0);
	t.is(r.stderr, '');
	t.regex(readFileSync(file, 'utf8'), /DEBUG \[dhcpulse\.log\/\d+\.0\] LOG_CONFIGURED logging configured from defaults: root severity DEBUG, debug level 99\n$/);
});

test('a bad DHCPULSE_LOGGER_DESTINATION or --log-config is exit 3 with one line naming it', async (t) => {
	const r = await runCli(['version'], { env: { DHCPULSE_LOGGER_DESTINATION: 'syslog:nowhere' } });
	t.is(r.code, 3);
	t.regex(r.stderr, /^dhcpulse: DHCPULSE_LOGGER_DESTINATION: unknown syslog facility "nowhere" .*\n$/);
	t.is(r.stdout, '');
	const bad = configFile({ loggers: [{ name: 'dhcpulse', output_options: [{ output: 'stdout', maxsize: 'big' }] }] });
	const c = await runCli(['--log-config', bad, 'version']);
	t.is(c.code, 3);
	t.is(c.stderr, `dhcpulse: --log-config ${bad}: loggers[0].output_options[0].maxsize: expected a non-negative integer, got "big"\n`);
	const missing = await runCli(['--log-config', join(dir, 'nope.json'), 'version']);
	t.is(missing.code, 3);
	t.is(missing.stderr, `dhcpulse: --log-config ${join(dir, 'nope.json')}: cannot read (ENOENT)\n`);
});

test.serial('when a log file stops accepting writes (disk full), its lines and later ones go to stderr, with one error', (t) => {
	configureLogging({ configFile: configFile({ loggers: [{ name: 'dhcpulse', output_options: [{ output: '/dev/full', pattern: '%p %m\n' }] }] }), env: {} });
	const seen: string[] = [];
	setConsoleSink((stream, line) => seen.push(`${stream}: ${line}`));
	try {
		const log = getLogger('dhcpulse.perf');
		log.info(Msg.STATUS_DUMP, 'perf', 'first');
		log.info(Msg.STATUS_DUMP, 'perf', 'second');
	} finally {
		setConsoleSink(null);
		resetLogging({});
	}
	t.deepEqual(seen, [
		'stderr: INFO STATUS_DUMP perf: first\n',
		'stderr: ERROR LOG_FILE_WRITE_FAILED cannot write log file /dev/full: ENOSPC; its messages go to stderr from now on\n',
		'stderr: INFO STATUS_DUMP perf: second\n',
	]);
});

test.serial('a call below the threshold formats nothing: its arguments are never turned into text', (t) => {
	resetLogging({});
	let formatted = 0;
	const costly = { toString: () => `${++formatted}` };
	const seen: string[] = [];
	setConsoleSink((_stream, line) => seen.push(line));
	try {
		const log = getLogger('dhcpulse.packets');
		for (let i = 0; i < 1000; i++) log.debug(DebugLevel.START_SHUTDOWN, Msg.LOG_WORKER_ATTACHED, costly);
		t.is(formatted, 0);
		t.deepEqual(seen, []);
		log.info(Msg.STATUS_DUMP, 'packets', costly);
		t.is(formatted, 1);
		t.is(seen.length, 1);
		t.true(seen[0]!.endsWith('STATUS_DUMP packets: 1\n'));
	} finally {
		setConsoleSink(null);
	}
});

test('a configuration file may start with a UTF-8 byte order mark, as editors on Windows write it', async (t) => {
	const log = join(dir, 'bom.log');
	const path = configFile(`\uFEFF${JSON.stringify({ loggers: [{ name: 'dhcpulse', severity: 'DEBUG', debuglevel: 99, output_options: [{ output: log }] }] })}`);
	const r = await runCli(['--log-config', path, 'version']);
	t.is(r.code, 0, r.stderr);
	t.is(r.stderr, '');
	t.true(existsSync(log), 'the file output of the configuration was opened');
});

test("a JSON syntax error is one line with the line and column, not V8's quote of the text around it", async (t) => {
	const multiLine = configFile('{"loggers": [\n  {"name": "dhcpulse",,}\n]}');
	const r = await runCli(['--log-config', multiLine, 'version']);
	t.is(r.code, 3);
	t.is(r.stderr, `dhcpulse: --log-config ${multiLine}: not valid JSON (Expected double-quoted property name at line 2 column 23)\n`);
	const token = configFile('{"loggers": [\n  x]}');
	const s = await runCli(['--log-config', token, 'version']);
	t.is(s.stderr, `dhcpulse: --log-config ${token}: not valid JSON (Unexpected token 'x')\n`);
});
