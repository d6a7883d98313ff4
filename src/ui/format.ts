/**
 * Number and text formatting shared by the dashboard, the plain interval lines and the final
 * report. Every function here turns a non-finite input into 0 first, so a snapshot taken before
 * the first answer (or a division by zero upstream) never shows `NaN` or `Infinity` — perfdhcp
 * prints `-nan %` and `inf ms` in that case (Kea src/bin/perfdhcp/stats_mgr.h), which we do not copy.
 */
import type { PerfSnapshot } from '../perf/snapshot.js';
import type { ExchangeCounters } from '../perf/accounting.js';

/** `n` when it is a finite number, otherwise 0. */
export function finite(n: number): number {
	return Number.isFinite(n) ? n : 0;
}

/** A per-second rate as a whole number: `31200/s`. */
export function formatRate(perS: number): string {
	return `${Math.round(Math.max(0, finite(perS)))}/s`;
}

/**
 * A latency in µs as milliseconds with 3 significant digits, for the dashboard's table:
 * `0.047`, `0.420`, `1.31`, `12.3`, `123`, `60000`. Plain ASCII on purpose: Ink measures every
 * line that holds a non-ASCII character (`µ`) through a grapheme segmenter, which makes that
 * line several times dearer to draw (measured: 37 lines with one `µ` each cost 2.4× as much as
 * pure ASCII), and the table is a third of the frame.
 */
export function formatMsCell(us: number): string {
	return threeDigits(Math.max(0, finite(us)) / 1000);
}

/** 3 significant digits, no exponent: 0.047, 1.23, 12.3, 123, 1235. */
function threeDigits(x: number): string {
	if (x >= 999.5) return String(Math.round(x));
	if (x >= 99.95) return x.toFixed(0);
	if (x >= 9.995) return x.toFixed(1);
	if (x >= 0.9995) return x.toFixed(2);
	return x.toFixed(3);
}

/** Milliseconds for the plain interval lines: `0.42ms`, `1.9ms`, `12ms`, `1500ms` (2–4 significant digits, trailing zeros dropped). */
export function formatMsShort(us: number): string {
	const ms = Math.max(0, finite(us)) / 1000;
	if (ms === 0) return '0ms';
	const digits = ms >= 100 ? 0 : ms >= 10 ? 1 : ms >= 1 ? 2 : 3;
	return `${String(Number(ms.toFixed(digits)))}ms`;
}

/** A bucket bound for the histogram labels: `10µs`, `500µs`, `1ms`, `20ms`, `2s`, `60s` (1-2-5 steps print exactly). */
export function formatBound(us: number): string {
	const v = Math.max(0, finite(us));
	if (v < 1000) return `${trim(v)}µs`;
	if (v < 1_000_000) return `${trim(v / 1000)}ms`;
	return `${trim(v / 1_000_000)}s`;
}

function trim(x: number): string {
	return String(Number(x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2)));
}

/** Seconds with one decimal: `12.0s`. */
export function formatSeconds(s: number): string {
	return `${Math.max(0, finite(s)).toFixed(1)}s`;
}

/** A percentage with one decimal and no space: `12.3%`. */
export function formatPercent(fraction: number): string {
	return `${(Math.max(0, finite(fraction)) * 100).toFixed(1)}%`;
}

/**
 * The share of settled requests that timed out, 0..1, or null when it is not defined: the
 * exchange expects no reply (v4 RELEASE, RFC 2131 §4.4.6: the server sends none), or nothing
 * has settled yet. In-flight requests are not settled, so they are never counted as drops —
 * unlike perfdhcp's `drops = sent − received` (Kea src/bin/perfdhcp/stats_mgr.h).
 */
export function dropFraction(ex: ExchangeCounters & { expectsReply: boolean }): number | null {
	if (!ex.expectsReply) return null;
	const settled = finite(ex.ok) + finite(ex.rejected) + finite(ex.timeouts);
	if (settled <= 0) return null;
	return finite(ex.timeouts) / settled;
}

/** How far the send rate fell short of the asked rate, 0..1 (0 when it did not). */
export function shortfallFraction(rate: PerfSnapshot['rate']): number {
	const asked = finite(rate.asked);
	if (asked <= 0) return 0;
	return Math.max(0, 1 - finite(rate.sent) / asked);
}

/** The asked rate as said to people: the avalanche has none (every client starts at once). */
export function formatAsked(s: Pick<PerfSnapshot, 'rate' | 'avalanche' | 'state'>): string {
	// Once the run is done, a rate changed with + / - is reported as its time-weighted mean.
	return s.avalanche ? 'all at once' : formatRate(s.state === 'done' ? (s.rate.askedMean ?? s.rate.asked) : s.rate.asked);
}

/** The loud shortfall line shared by the dashboard and the plain lines. */
export function shortfallText(rate: PerfSnapshot['rate']): string {
	return `RATE NOT REACHED: asked ${formatRate(rate.asked)}, sent ${formatRate(rate.sent)}`;
}

/** Whole number with no separators (greppable, and what perfdhcp prints). */
export function formatCount(n: number): string {
	return String(Math.round(Math.max(0, finite(n))));
}

/** `1 worker`, `2 workers`. */
export function plural(n: number, noun: string): string {
	const count = formatCount(n);
	return `${count} ${noun}${count === '1' ? '' : 's'}`;
}

/** Cuts `text` to `width` characters, marking the cut with `…`. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

const SPARK = '▁▂▃▄▅▆▇█';

/**
 * One character per value, scaled to `max` (values above it are drawn full). The last `width`
 * values are kept so the newest interval is always on the right.
 */
export function sparkline(values: readonly number[], max: number, width: number): string {
	const top = finite(max);
	const shown = width > 0 ? values.slice(-width) : [];
	let out = '';
	for (const raw of shown) {
		const v = Math.max(0, finite(raw));
		const level = top > 0 ? Math.min(SPARK.length - 1, Math.round((v / top) * (SPARK.length - 1))) : 0;
		out += SPARK[level];
	}
	return out;
}

const EIGHTHS = ' ▏▎▍▌▋▊▉';

/**
 * A horizontal bar `fraction` (0..1) of `width` cells long, in eighths of a cell: full blocks
 * plus one partial block (eighth blocks, U+2589 to U+258F), padded with spaces to exactly `width`.
 * `visible` forces at least a one-eighth sliver so a non-empty bucket never looks empty.
 */
export function bar(fraction: number, width: number, visible = false): string {
	if (width <= 0) return '';
	const f = Math.min(1, Math.max(0, finite(fraction)));
	let eighths = Math.round(f * width * 8);
	if (visible && eighths === 0) eighths = 1;
	const full = Math.floor(eighths / 8);
	const rest = eighths % 8;
	const text = '█'.repeat(full) + (rest > 0 ? EIGHTHS[rest] : '');
	return text + ' '.repeat(Math.max(0, width - full - (rest > 0 ? 1 : 0)));
}
