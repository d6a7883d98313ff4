import { constants } from 'node:os';
import type { Logger } from './logger.js';
import { onFlush } from './manager.js';
import { Msg } from './messages.js';

/**
 * Network errors as warnings, rate-limited per kind. Under load a dead server can produce an
 * ECONNREFUSED (or ENOBUFS) per packet; logging each one would make logging the bottleneck and
 * flood the outputs (Kea's warning about logging as a denial of service). So, per errno name and
 * interval, the first error is logged (NET_ERROR) and the rest are counted; the count is reported
 * once (NET_ERRORS_SUPPRESSED) when the interval ends, as Dante logs error classes as warnings.
 */

/** The errno names dhcpulse expects from DHCP traffic; others are logged the same way. */
export const NETWORK_ERRNOS = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EACCES', 'ENOBUFS'] as const;

export interface LimiterOptions {
	/** Length of one rate-limit interval (default 10 s). */
	intervalMs?: number;
	/** Clock (default Date.now); tests pass their own. */
	now?: () => number;
	/** Report suppressed counts by timer when an interval ends (default true). */
	timers?: boolean;
}

interface Window {
	log: Logger;
	start: number;
	suppressed: number;
	timer: NodeJS.Timeout | undefined;
}

export class NetworkErrorLimiter {
	private readonly intervalMs: number;
	private readonly now: () => number;
	private readonly timers: boolean;
	private readonly windows = new Map<string, Window>();

	constructor(options: LimiterOptions = {}) {
		this.intervalMs = options.intervalMs ?? 10_000;
		this.now = options.now ?? Date.now;
		this.timers = options.timers ?? true;
	}

	/** Logs `error` on `log` (WARN) unless one of its kind was logged in this interval. */
	report(log: Logger, error: unknown, context: string): void {
		if (!log.isEnabled('WARN')) return;
		const kind = errnoName(error);
		const now = this.now();
		let window = this.windows.get(kind);
		if (window && now - window.start < this.intervalMs) {
			window.suppressed++;
			if (this.timers && !window.timer) {
				window.timer = setTimeout(() => this.close(kind), window.start + this.intervalMs - now);
				window.timer.unref();
			}
			return;
		}
		if (window) this.close(kind);
		window = { log, start: now, suppressed: 0, timer: undefined };
		this.windows.set(kind, window);
		log.warn(Msg.NET_ERROR, kind, context, error instanceof Error ? error.message : String(error));
	}

	/** Reports every pending suppressed count now (flushLogs() calls this for the shared limiter). */
	flush(): void {
		for (const kind of [...this.windows.keys()]) this.close(kind);
	}

	private close(kind: string): void {
		const window = this.windows.get(kind);
		if (!window) return;
		if (window.timer) clearTimeout(window.timer);
		window.timer = undefined;
		if (window.suppressed > 0) {
			const seconds = Math.max(0, this.now() - window.start) / 1000;
			window.log.warn(Msg.NET_ERRORS_SUPPRESSED, window.suppressed, kind, Number(seconds.toFixed(1)));
			window.suppressed = 0;
		}
		// An expired window is dropped; a live one flushed early keeps limiting until it ends.
		if (this.now() - window.start >= this.intervalMs) this.windows.delete(kind);
	}
}

/** The errno name of an error: its `code` (ECONNREFUSED …), else the name of its `errno`. */
export function errnoName(error: unknown): string {
	const e = error as { code?: unknown; errno?: unknown } | null;
	if (e && typeof e.code === 'string' && e.code) return e.code;
	if (e && typeof e.errno === 'number') {
		const number = Math.abs(e.errno);
		for (const [name, value] of Object.entries(constants.errno)) if (value === number) return name;
	}
	return 'ERROR';
}

const shared = new NetworkErrorLimiter();
onFlush(() => shared.flush());

/**
 * Logs a network error as WARN NET_ERROR on `log`, naming its errno and `context` (what was
 * being done, e.g. "sending DISCOVER to 198.18.0.1:67"), rate-limited per errno every 10 s.
 */
export function logNetworkError(log: Logger, error: unknown, context: string): void {
	shared.report(log, error, context);
}
