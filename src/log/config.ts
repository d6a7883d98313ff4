import { compilePattern, PatternError } from './pattern.js';
import { isThresholdName, MAX_DEBUG_LEVEL, MIN_DEBUG_LEVEL, type ThresholdName } from './severity.js';
import { DEFAULT_FACILITY, FACILITIES } from './syslog-sink.js';

/**
 * The --log-config file: Kea's `loggers` schema (Kea ARM, "Logging Configuration"), at the top
 * level of a JSON object:
 *
 *   { "loggers": [ { "name": "dhcpulse", "severity": "INFO", "debuglevel": 0,
 *                    "output_options": [ { "output": "stderr", "pattern": "…", "flush": true,
 *                                          "maxsize": 10240000, "maxver": 1 } ] } ] }
 *
 * Parsing checks every key and type and reports the first problem as `key.path: what is wrong`.
 */

export const ROOT_LOGGER = 'dhcpulse';

export type Destination = { kind: 'stdout' } | { kind: 'stderr' } | { kind: 'syslog'; facility: string } | { kind: 'file'; path: string };

export interface OutputSpec {
	destination: Destination;
	/** Empty means the default pattern for the destination (Kea: "" or absent). */
	pattern: string;
	flush: boolean;
	maxsize: number;
	maxver: number;
	/** Key path of its output value, for error messages about opening it. */
	keyPath: string;
}

/** One `loggers[]` entry; absent attributes are inherited from the parent logger. */
export interface LoggerSpec {
	name: string;
	severity?: ThresholdName;
	debuglevel?: number;
	outputs?: OutputSpec[];
}

export interface LoggingConfig {
	loggers: LoggerSpec[];
}

/** Kea's defaults for output_options. */
export const OUTPUT_DEFAULTS = { flush: true, maxsize: 10_240_000, maxver: 1 } as const;

export class ConfigError extends Error {
	constructor(
		readonly keyPath: string,
		problem: string,
	) {
		super(keyPath ? `${keyPath}: ${problem}` : problem);
	}
}

/** Parses an output value: stdout, stderr, syslog, syslog:FACILITY or a file name. */
export function parseDestination(value: string, keyPath: string): Destination {
	if (value === 'stdout' || value === 'stderr') return { kind: value };
	if (value === 'syslog' || value.startsWith('syslog:')) {
		const facility = value === 'syslog' ? DEFAULT_FACILITY : value.slice('syslog:'.length).toLowerCase();
		if (!(facility in FACILITIES)) {
			throw new ConfigError(keyPath, `unknown syslog facility "${value.slice(7)}" (expected one of ${Object.keys(FACILITIES).join(', ')})`);
		}
		return { kind: 'syslog', facility };
	}
	if (value === '') throw new ConfigError(keyPath, 'expected stdout, stderr, syslog, syslog:FACILITY or a file name, got an empty string');
	return { kind: 'file', path: value };
}

/**
 * JSON.parse's complaint in one line: V8 quotes the text around the error, line breaks and all,
 * so the quote is left out and a position becomes a line and column.
 */
function jsonComplaint(text: string, error: Error): string {
	let message = error.message.replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/\s+/g, ' ');
	const at = / (?:in JSON )?at position (\d+)/.exec(message);
	if (at) {
		const before = text.slice(0, Number(at[1]));
		const line = before.split('\n').length;
		message = `${message.slice(0, at.index)} at line ${line} column ${before.length - before.lastIndexOf('\n')}${message.slice(at.index + at[0].length)}`;
	}
	return message;
}

export function parseLoggingConfig(text: string): LoggingConfig {
	let json: unknown;
	// A byte order mark is no JSON (RFC 8259 §8.1 lets a parser ignore it); editors on Windows write one.
	const body = text.replace(/^\uFEFF/, '');
	try {
		json = JSON.parse(body);
	} catch (error) {
		throw new ConfigError('', `not valid JSON (${jsonComplaint(body, error as Error)})`);
	}
	const root = expectObject(json, '', ['loggers']);
	if (root.loggers === undefined) throw new ConfigError('loggers', 'missing; expected a list of loggers');
	if (!Array.isArray(root.loggers)) throw new ConfigError('loggers', `expected a list, got ${describe(root.loggers)}`);
	const seen = new Map<string, number>();
	const loggers = root.loggers.map((entry: unknown, index: number) => {
		const spec = parseLogger(entry, `loggers[${index}]`);
		const first = seen.get(spec.name);
		if (first !== undefined) throw new ConfigError(`loggers[${index}].name`, `${spec.name} is already configured by loggers[${first}]`);
		seen.set(spec.name, index);
		return spec;
	});
	return { loggers };
}

function parseLogger(value: unknown, path: string): LoggerSpec {
	const entry = expectObject(value, path, ['name', 'severity', 'debuglevel', 'output_options']);
	if (entry.name === undefined) throw new ConfigError(`${path}.name`, 'missing; every logger needs a name');
	if (typeof entry.name !== 'string') throw new ConfigError(`${path}.name`, `expected a string, got ${describe(entry.name)}`);
	const name = entry.name;
	if (name !== ROOT_LOGGER && !(name.startsWith(`${ROOT_LOGGER}.`) && name.length > ROOT_LOGGER.length + 1 && !name.split('.').includes(''))) {
		throw new ConfigError(`${path}.name`, `"${name}" is not ${ROOT_LOGGER} or a logger under it (e.g. ${ROOT_LOGGER}.perf)`);
	}
	const spec: LoggerSpec = { name };
	if (entry.severity !== undefined) {
		if (typeof entry.severity !== 'string' || !isThresholdName(entry.severity.toUpperCase())) {
			throw new ConfigError(`${path}.severity`, `expected FATAL, ERROR, WARN, INFO, DEBUG or NONE, got ${describe(entry.severity)}`);
		}
		spec.severity = entry.severity.toUpperCase() as ThresholdName;
	}
	if (entry.debuglevel !== undefined) {
		const level = entry.debuglevel;
		if (typeof level !== 'number' || !Number.isInteger(level) || level < MIN_DEBUG_LEVEL || level > MAX_DEBUG_LEVEL) {
			throw new ConfigError(`${path}.debuglevel`, `expected an integer from ${MIN_DEBUG_LEVEL} to ${MAX_DEBUG_LEVEL}, got ${describe(level)}`);
		}
		spec.debuglevel = level;
	}
	if (entry.output_options !== undefined) {
		if (!Array.isArray(entry.output_options)) throw new ConfigError(`${path}.output_options`, `expected a list, got ${describe(entry.output_options)}`);
		spec.outputs = entry.output_options.map((option: unknown, i: number) => parseOutput(option, `${path}.output_options[${i}]`));
	}
	return spec;
}

function parseOutput(value: unknown, path: string): OutputSpec {
	const entry = expectObject(value, path, ['output', 'pattern', 'flush', 'maxsize', 'maxver']);
	if (entry.output === undefined) throw new ConfigError(`${path}.output`, 'missing; expected stdout, stderr, syslog, syslog:FACILITY or a file name');
	if (typeof entry.output !== 'string') throw new ConfigError(`${path}.output`, `expected a string, got ${describe(entry.output)}`);
	const destination = parseDestination(entry.output, `${path}.output`);
	let pattern = '';
	if (entry.pattern !== undefined) {
		if (typeof entry.pattern !== 'string') throw new ConfigError(`${path}.pattern`, `expected a string, got ${describe(entry.pattern)}`);
		pattern = entry.pattern;
		try {
			compilePattern(pattern);
		} catch (error) {
			if (error instanceof PatternError) throw new ConfigError(`${path}.pattern`, error.message);
			throw error;
		}
	}
	let flush: boolean = OUTPUT_DEFAULTS.flush;
	if (entry.flush !== undefined) {
		if (typeof entry.flush !== 'boolean') throw new ConfigError(`${path}.flush`, `expected true or false, got ${describe(entry.flush)}`);
		flush = entry.flush;
	}
	let maxsize: number = OUTPUT_DEFAULTS.maxsize;
	if (entry.maxsize !== undefined) {
		if (!isNonNegativeInteger(entry.maxsize)) throw new ConfigError(`${path}.maxsize`, `expected a non-negative integer, got ${describe(entry.maxsize)}`);
		maxsize = entry.maxsize;
	}
	let maxver: number = OUTPUT_DEFAULTS.maxver;
	if (entry.maxver !== undefined) {
		// Kea: "The minimum and default value is 1."
		if (!isNonNegativeInteger(entry.maxver) || entry.maxver < 1) throw new ConfigError(`${path}.maxver`, `expected an integer of at least 1, got ${describe(entry.maxver)}`);
		maxver = entry.maxver;
	}
	return { destination, pattern, flush, maxsize, maxver, keyPath: `${path}.output` };
}

function isNonNegativeInteger(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function expectObject(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ConfigError(path, `expected an object, got ${describe(value)}`);
	}
	for (const key of Object.keys(value)) {
		if (!keys.includes(key)) throw new ConfigError(path ? `${path}.${key}` : key, `unknown key (expected ${keys.join(', ')})`);
	}
	return value as Record<string, unknown>;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'object') return 'an object';
	return `${typeof value === 'number' ? '' : `${typeof value} `}${String(value)}`;
}

/** The chain of names from the root down to `name`: dhcpulse, dhcpulse.perf, dhcpulse.perf.rate. */
export function ancestry(name: string): string[] {
	const parts = name.split('.');
	const chain: string[] = [];
	for (let i = 1; i <= parts.length; i++) chain.push(parts.slice(0, i).join('.'));
	return chain;
}

export interface EffectiveSettings {
	severity: ThresholdName;
	debuglevel: number;
	outputs: OutputSpec[];
}

/**
 * The settings a logger runs with: start from the root defaults and let each configured
 * ancestor, then the logger itself, override the attributes it names (Kea: "any attributes
 * specified override those of the root logger, whereas any not specified are inherited").
 * With `debug` (-d), every logger is DEBUG at level 99, as `kea-dhcp4 -d` overrides the file.
 */
export function effectiveSettings(config: LoggingConfig, name: string, rootDefaults: EffectiveSettings, debug: boolean): EffectiveSettings {
	const byName = new Map(config.loggers.map((spec) => [spec.name, spec]));
	const settings: EffectiveSettings = { ...rootDefaults };
	for (const ancestor of ancestry(name.startsWith(`${ROOT_LOGGER}.`) || name === ROOT_LOGGER ? name : `${ROOT_LOGGER}.${name}`)) {
		const spec = byName.get(ancestor);
		if (!spec) continue;
		if (spec.severity !== undefined) settings.severity = spec.severity;
		if (spec.debuglevel !== undefined) settings.debuglevel = spec.debuglevel;
		if (spec.outputs !== undefined) settings.outputs = spec.outputs;
	}
	if (debug) {
		settings.severity = 'DEBUG';
		settings.debuglevel = MAX_DEBUG_LEVEL;
	}
	return settings;
}
