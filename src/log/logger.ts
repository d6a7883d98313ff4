import { escapeControls } from '../codec/types/text.js';
import { ROOT_LOGGER } from './config.js';
import type { MessageDef } from './messages.js';
import type { LogRecord } from './record.js';
import { messageRank, Rank, type SeverityName } from './severity.js';

/** A value for a %N placeholder. Errors show their message; plain objects are shown as JSON. */
export type LogArg = string | number | bigint | boolean | null | undefined | Error | object;

type MessageOf<S extends SeverityName> = MessageDef & { readonly severity: S };
type DebugMessageAt<L extends number> = MessageDef & { readonly severity: 'DEBUG'; readonly debugLevel: L };

/** Decides the threshold rank of a logger by name; set by the manager (main) or worker glue. */
type Resolver = (name: string) => number;
/** Delivers an enabled record: to the outputs (main thread) or to the main thread (worker). */
type Dispatcher = (logger: Logger, record: LogRecord) => void;

let resolve: Resolver = () => Rank.INFO;
let dispatch: Dispatcher = () => {};
const registry = new Map<string, Logger>();

/**
 * A named logger. Get one with getLogger(); loggers are cached, so keep the object in a module
 * constant. Each method first compares the message's rank with the logger's cached threshold;
 * below it the call returns at once, without formatting or allocating. The placeholder arguments
 * are positional parameters (not a rest array) for the same reason; nine are enough for %1–%9.
 */
export class Logger {
	/** Threshold rank (see severity.ts): recomputed whenever logging is reconfigured. */
	threshold: number;

	/** @internal use getLogger() */
	constructor(readonly name: string) {
		this.threshold = resolve(name);
	}

	/** True when a message of `severity` (not DEBUG; use isDebugEnabled) would be written. */
	isEnabled(severity: SeverityName): boolean {
		return messageRank(severity, 0) >= this.threshold;
	}

	/** True when a DEBUG message at `level` would be written: guard costly argument building with it. */
	isDebugEnabled(level: number): boolean {
		return Rank.DEBUG_TOP - level >= this.threshold;
	}

	fatal(msg: MessageOf<'FATAL'>, a1?: LogArg, a2?: LogArg, a3?: LogArg, a4?: LogArg, a5?: LogArg, a6?: LogArg, a7?: LogArg, a8?: LogArg, a9?: LogArg): void {
		if (Rank.FATAL < this.threshold) return;
		this.write(msg, [a1, a2, a3, a4, a5, a6, a7, a8, a9]);
	}

	error(msg: MessageOf<'ERROR'>, a1?: LogArg, a2?: LogArg, a3?: LogArg, a4?: LogArg, a5?: LogArg, a6?: LogArg, a7?: LogArg, a8?: LogArg, a9?: LogArg): void {
		if (Rank.ERROR < this.threshold) return;
		this.write(msg, [a1, a2, a3, a4, a5, a6, a7, a8, a9]);
	}

	warn(msg: MessageOf<'WARN'>, a1?: LogArg, a2?: LogArg, a3?: LogArg, a4?: LogArg, a5?: LogArg, a6?: LogArg, a7?: LogArg, a8?: LogArg, a9?: LogArg): void {
		if (Rank.WARN < this.threshold) return;
		this.write(msg, [a1, a2, a3, a4, a5, a6, a7, a8, a9]);
	}

	info(msg: MessageOf<'INFO'>, a1?: LogArg, a2?: LogArg, a3?: LogArg, a4?: LogArg, a5?: LogArg, a6?: LogArg, a7?: LogArg, a8?: LogArg, a9?: LogArg): void {
		if (Rank.INFO < this.threshold) return;
		this.write(msg, [a1, a2, a3, a4, a5, a6, a7, a8, a9]);
	}

	/**
	 * A DEBUG message at `level` (a DebugLevel value). The catalogue entry names the same level,
	 * and the types make the two agree, so the messages manual tells the truth.
	 */
	debug<L extends number>(level: L, msg: DebugMessageAt<NoInfer<L>>, a1?: LogArg, a2?: LogArg, a3?: LogArg, a4?: LogArg, a5?: LogArg, a6?: LogArg, a7?: LogArg, a8?: LogArg, a9?: LogArg): void {
		if (Rank.DEBUG_TOP - level < this.threshold) return;
		this.write(msg, [a1, a2, a3, a4, a5, a6, a7, a8, a9]);
	}

	/**
	 * Formats and delivers a message without the severity check. @internal for the log module
	 * (status dumps are written whenever they are asked for); everyone else uses the methods above.
	 */
	write(msg: MessageDef, args: readonly LogArg[]): void {
		const record: LogRecord = {
			time: performance.timeOrigin + performance.now(),
			severity: msg.severity,
			logger: this.name,
			// The main thread is 0; attachWorkerLogs() stamps a worker's records with its number.
			workerId: 0,
			message: `${msg.id} ${fillPlaceholders(msg.text, args)}`,
		};
		dispatch(this, record);
	}
}

/**
 * Replaces %1 … %9 with the arguments. A placeholder past the last argument given stays as it
 * is, so a call with too few arguments is visible in the output rather than saying "undefined".
 * Arguments often carry what a server sent (a NAK's message, a status message): their control
 * characters are escaped, so a record stays one line and no escape sequence reaches a terminal.
 */
export function fillPlaceholders(text: string, args: readonly LogArg[]): string {
	let given = args.length;
	while (given > 0 && args[given - 1] === undefined) given--;
	return text.replace(/%([1-9])/g, (placeholder, n: string) => (Number(n) <= given ? escapeControls(show(args[Number(n) - 1])) : placeholder));
}

function show(value: LogArg): string {
	if (value instanceof Error) return value.message;
	if (typeof value === 'object' && value !== null && value.toString === Object.prototype.toString) {
		try {
			return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
		} catch {
			return String(value);
		}
	}
	return String(value);
}

/**
 * The logger called `name`: the root `dhcpulse` or a name under it (`dhcpulse.perf`,
 * `dhcpulse.bad-packets` …). Unconfigured loggers inherit their parent's settings.
 */
export function getLogger(name: string): Logger {
	let logger = registry.get(name);
	if (logger) return logger;
	if (name !== ROOT_LOGGER && !name.startsWith(`${ROOT_LOGGER}.`)) {
		throw new Error(`logger names start with "${ROOT_LOGGER}.", got "${name}"`);
	}
	logger = new Logger(name);
	registry.set(name, logger);
	return logger;
}

/** @internal Installs how thresholds are decided and recomputes every existing logger. */
export function setResolver(next: Resolver): void {
	resolve = next;
	for (const logger of registry.values()) logger.threshold = resolve(logger.name);
}

/** @internal Installs where enabled records go. */
export function setDispatcher(next: Dispatcher): void {
	dispatch = next;
}
