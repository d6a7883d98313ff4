import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { isMainThread, setEnvironmentData } from 'node:worker_threads';
import { UserError } from '../exit-codes.js';
import { ConfigError, effectiveSettings, OUTPUT_DEFAULTS, parseDestination, parseLoggingConfig, ROOT_LOGGER, type EffectiveSettings, type LoggingConfig, type OutputSpec } from './config.js';
import { ConsoleSink } from './console-sink.js';
import { FileSink } from './file-sink.js';
import { getLogger, setDispatcher, setResolver, type Logger } from './logger.js';
import { Msg } from './messages.js';
import { compilePattern, DEFAULT_PATTERN, DEFAULT_SYSLOG_PATTERN, type Formatter } from './pattern.js';
import type { LogRecord } from './record.js';
import { DebugLevel, thresholdRank } from './severity.js';
import type { Sink } from './sink.js';
import { FACILITIES, isSocket, SyslogSink, syslogSocketPath } from './syslog-sink.js';
import { installStatusSignal } from './status.js';

/**
 * The main thread's logging state: the active configuration, the open outputs, and the glue
 * that gives every Logger its threshold and delivers its records.
 */

/** Where worker threads find the configuration (worker_threads environment data). */
export const WORKER_CONFIG_KEY = 'dhcpulse.log.config';

/** What a worker needs to decide thresholds exactly as the main thread does. */
export interface LevelSnapshot {
	config: LoggingConfig;
	rootDefaults: EffectiveSettings;
	debug: boolean;
}

export interface LoggingOptions {
	/** --log-config: a JSON file with a "loggers" list. */
	configFile?: string;
	/** -d/--debug: every logger at DEBUG, level 99. */
	debug?: boolean;
	/** Where DHCPULSE_LOGGER_DESTINATION is read from (default process.env). */
	env?: NodeJS.ProcessEnv;
}

interface BoundOutput {
	sink: Sink;
	format: Formatter;
}

let active: LevelSnapshot = defaultSnapshot(process.env, false, true);
let sinks = new Map<string, Sink>();
/** Per logger name, its outputs; filled on the first record, cleared on reconfiguration. */
let outputsByLogger = new Map<string, BoundOutput[]>();
const formatters = new Map<string, Formatter>();
const flushHooks: Array<() => void> = [];
let exitHookInstalled = false;
let signalFlushInstalled = false;

setResolver(rankOf);
setDispatcher(deliver);

/**
 * Sets logging up from the command line: the --log-config file (if any), -d, and
 * DHCPULSE_LOGGER_DESTINATION. Opens every output now, so an unwritable file or a missing syslog
 * socket is reported before the command starts. Throws UserError (exit 3) naming the key path.
 */
export function configureLogging(options: LoggingOptions = {}): void {
	const env = options.env ?? process.env;
	const debug = options.debug ?? false;
	let config: LoggingConfig = { loggers: [] };
	const where = options.configFile === undefined ? 'DHCPULSE_LOGGER_DESTINATION' : `--log-config ${options.configFile}`;
	let snapshot: LevelSnapshot;
	try {
		if (options.configFile !== undefined) {
			let text: string;
			try {
				text = readFileSync(options.configFile, 'utf8');
			} catch (error) {
				throw new ConfigError('', `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
			}
			config = parseLoggingConfig(text);
		}
		snapshot = { ...defaultSnapshot(env, debug, false), config };
	} catch (error) {
		if (error instanceof ConfigError) throw new UserError(`${error.keyPath === 'DHCPULSE_LOGGER_DESTINATION' ? '' : `${where}: `}${error.message}`);
		throw error;
	}
	const opened = new Map<string, Sink>();
	try {
		for (const spec of [...snapshot.rootDefaults.outputs, ...config.loggers.flatMap((l) => l.outputs ?? [])]) {
			const key = sinkKey(spec);
			if (!opened.has(key)) opened.set(key, openSink(spec));
		}
	} catch (error) {
		for (const sink of opened.values()) sink.close();
		if (error instanceof ConfigError) {
			throw new UserError(error.keyPath.startsWith('DHCPULSE') ? error.message : `${where}: ${error.message}`);
		}
		throw error;
	}
	for (const [key, sink] of sinks) if (!opened.has(key)) sink.close();
	sinks = opened;
	outputsByLogger = new Map();
	active = snapshot;
	setResolver(rankOf);
	if (isMainThread) {
		setEnvironmentData(WORKER_CONFIG_KEY, active as unknown as Parameters<typeof setEnvironmentData>[1]);
		installStatusSignal();
		installExitHook();
		if ([...sinks.values()].some((sink) => sink instanceof FileSink && !sink.flushesEachLine)) installSignalFlush();
	}
	const root = effectiveSettings(active.config, ROOT_LOGGER, active.rootDefaults, active.debug);
	getLogger('dhcpulse.log').debug(DebugLevel.START_SHUTDOWN, Msg.LOG_CONFIGURED, options.configFile ?? 'defaults', root.severity, root.debuglevel);
}

/**
 * Writes out everything buffered (files with "flush": false, pending rate-limit summaries).
 * Synchronous. Runs on process exit by itself; call it from a SIGINT/SIGTERM handler before
 * exiting if you install one.
 */
export function flushLogs(): void {
	for (const hook of flushHooks) hook();
	for (const sink of sinks.values()) sink.flush();
}

/** Registers work flushLogs() must do first (e.g. emitting pending suppression summaries). */
export function onFlush(hook: () => void): void {
	flushHooks.push(hook);
}

/** Closes every output and returns to the defaults (for tests and embedding). */
export function resetLogging(env: NodeJS.ProcessEnv = process.env): void {
	flushLogs();
	for (const sink of sinks.values()) sink.close();
	sinks = new Map();
	outputsByLogger = new Map();
	active = defaultSnapshot(env, false, true);
	setResolver(rankOf);
}

/** The threshold snapshot workers copy (see worker.ts). */
export function levelSnapshot(): LevelSnapshot {
	return active;
}

/** Threshold rank of `name` under `snapshot`. */
export function rankIn(snapshot: LevelSnapshot, name: string): number {
	const settings = effectiveSettings(snapshot.config, name, snapshot.rootDefaults, snapshot.debug);
	return thresholdRank(settings.severity, settings.debuglevel);
}

/** Writes a record to the outputs of its logger: used for this thread's and workers' records. */
export function deliverRecord(record: LogRecord): void {
	const outputs = outputsFor(record.logger);
	for (let i = 0; i < outputs.length; i++) outputs[i]!.sink.write(outputs[i]!.format(record), record.severity);
}

function rankOf(name: string): number {
	return rankIn(active, name);
}

function deliver(_logger: Logger, record: LogRecord): void {
	deliverRecord(record);
}

function outputsFor(name: string): BoundOutput[] {
	let outputs = outputsByLogger.get(name);
	if (outputs) return outputs;
	const settings = effectiveSettings(active.config, name, active.rootDefaults, active.debug);
	outputs = settings.outputs.map((spec) => ({ sink: sinkFor(spec), format: formatterFor(spec) }));
	outputsByLogger.set(name, outputs);
	return outputs;
}

function formatterFor(spec: OutputSpec): Formatter {
	const pattern = spec.pattern || (spec.destination.kind === 'syslog' ? DEFAULT_SYSLOG_PATTERN : DEFAULT_PATTERN);
	let format = formatters.get(pattern);
	if (!format) {
		format = compilePattern(pattern);
		formatters.set(pattern, format);
	}
	return format;
}

/** The open sink for a spec, opening it on first use (the unconfigured, lazy path). */
function sinkFor(spec: OutputSpec): Sink {
	const key = sinkKey(spec);
	let sink = sinks.get(key);
	if (sink) return sink;
	try {
		sink = openSink(spec);
	} catch (error) {
		// Only reachable without configureLogging() (a library user with a bad
		// DHCPULSE_LOGGER_DESTINATION): fall back rather than throw from a log call.
		process.stderr.write(`dhcpulse: ${(error as Error).message}; logging to stderr\n`);
		sink = sinks.get('stderr') ?? new ConsoleSink('stderr');
	}
	sinks.set(key, sink);
	if (isMainThread) installExitHook();
	return sink;
}

function sinkKey(spec: OutputSpec): string {
	const d = spec.destination;
	switch (d.kind) {
		case 'stdout':
		case 'stderr':
			return d.kind;
		case 'syslog':
			return `syslog:${d.facility}`;
		case 'file':
			return `file:${resolvePath(d.path)}`;
	}
}

function openSink(spec: OutputSpec): Sink {
	const d = spec.destination;
	const key = sinkKey(spec);
	switch (d.kind) {
		case 'stdout':
		case 'stderr':
			return new ConsoleSink(d.kind);
		case 'syslog': {
			const socket = syslogSocketPath();
			if (!isSocket(socket)) throw new ConfigError(`${spec.keyPath}`, `no syslog socket at ${socket} (is a syslog daemon running?)`);
			return new SyslogSink(FACILITIES[d.facility]!, ROOT_LOGGER, socket, (error) => fallBack(key, `logger(1) --socket ${socket}`, error, Msg.LOG_SYSLOG_FAILED));
		}
		case 'file':
			try {
				return new FileSink(d.path, {
					maxsize: spec.maxsize,
					maxver: spec.maxver,
					flush: spec.flush,
					onError: (error, unwritten) => fallBack(key, d.path, error, Msg.LOG_FILE_WRITE_FAILED, unwritten),
				});
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
				throw new ConfigError(spec.keyPath, `cannot open ${d.path} for appending (${code})`);
			}
	}
}

/** A sink broke after opening: its lines go to stderr from now on, and we say so once. */
function fallBack(key: string, what: string, error: Error, msg: typeof Msg.LOG_FILE_WRITE_FAILED | typeof Msg.LOG_SYSLOG_FAILED, unwritten = ''): void {
	const stderr = sinks.get('stderr') ?? new ConsoleSink('stderr');
	sinks.set(key, stderr);
	if (unwritten) stderr.write(unwritten, 'ERROR');
	outputsByLogger = new Map();
	getLogger('dhcpulse.log').error(msg, what, (error as NodeJS.ErrnoException).code ?? error.message);
}

function defaultSnapshot(env: NodeJS.ProcessEnv, debug: boolean, lenient: boolean): LevelSnapshot {
	const value = env.DHCPULSE_LOGGER_DESTINATION;
	let destination: OutputSpec['destination'] = { kind: 'stderr' };
	if (value) {
		try {
			destination = parseDestination(value, 'DHCPULSE_LOGGER_DESTINATION');
		} catch (error) {
			// At module load (lenient) a bad value falls back to stderr quietly: configureLogging(),
			// which every CLI run calls, reports it as a UserError.
			if (!lenient) throw error;
		}
	}
	const output: OutputSpec = { destination, pattern: '', ...OUTPUT_DEFAULTS, keyPath: 'DHCPULSE_LOGGER_DESTINATION' };
	return { config: { loggers: [] }, rootDefaults: { severity: 'INFO', debuglevel: 0, outputs: [output] }, debug };
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', flushLogs);
}

/**
 * With a buffered file ("flush": false), lines must still reach the file on Ctrl-C or kill.
 * Flush on SIGINT/SIGTERM; if nobody else handles the signal, re-raise it so the default action
 * (termination) still happens; if the command runner handles it, it decides when to exit.
 */
function installSignalFlush(): void {
	if (signalFlushInstalled) return;
	signalFlushInstalled = true;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		const handler = (): void => {
			flushLogs();
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		};
		process.once(signal, handler);
	}
}
