import type { LogRecord } from './record.js';

/**
 * log4cplus PatternLayout conversion patterns, as Kea uses them (Kea ARM, "Logging Message
 * Format"):
 *
 *   %D{fmt}  local date and time      %d{fmt}  UTC date and time (fmt: strftime, plus %q, %Q)
 *   %p       severity                 %c       logger name (%c{n}: its last n components)
 *   %i       process ID               %t       thread: worker number, 0 for the main thread
 *   %m       message ID and text      %n       newline            %%  a percent sign
 *
 * Every conversion takes log4cplus's format modifiers between % and the letter: a minimum width
 * (padded on the left, or on the right after "-") and ".max", a maximum width that keeps the
 * rightmost characters, as log4cplus truncates from the beginning. Anything else is literal text.
 */
export type Formatter = (record: LogRecord) => string;

/** Kea's default for stdout, stderr and files. */
export const DEFAULT_PATTERN = '%D{%Y-%m-%d %H:%M:%S.%q} %-5p [%c/%i.%t] %m\n';
/** Kea's default for syslog: the date, time and PID are syslog's job. */
export const DEFAULT_SYSLOG_PATTERN = '%-5p [%c.%t] %m\n';
/** log4cplus's date format when %d or %D has no braces (ISO 8601 with milliseconds). */
const DEFAULT_DATE_FORMAT = '%Y-%m-%d %H:%M:%S,%q';

export class PatternError extends Error {}

type Piece = (record: LogRecord) => string;

export function compilePattern(pattern: string): Formatter {
	const pieces: Piece[] = [];
	let literal = '';
	let i = 0;
	while (i < pattern.length) {
		const ch = pattern[i]!;
		if (ch !== '%') {
			literal += ch;
			i++;
			continue;
		}
		const start = i;
		i++;
		if (pattern[i] === '%') {
			literal += '%';
			i++;
			continue;
		}
		let leftAlign = false;
		if (pattern[i] === '-') {
			leftAlign = true;
			i++;
		}
		let min = 0;
		while (i < pattern.length && isDigit(pattern[i]!)) min = min * 10 + Number(pattern[i++]);
		let max = Infinity;
		if (pattern[i] === '.') {
			i++;
			if (!isDigit(pattern[i] ?? '')) throw new PatternError(`"." must be followed by a maximum width at position ${start + 1}`);
			max = 0;
			while (i < pattern.length && isDigit(pattern[i]!)) max = max * 10 + Number(pattern[i++]);
		}
		// A width is padding for columns, not a way to make every log line a gigabyte (and fail
		// with "Invalid string length" in the middle of a run).
		if (min > MAX_WIDTH || (max !== Infinity && max > MAX_WIDTH)) throw new PatternError(`a width of at most ${MAX_WIDTH} characters, at position ${start + 1}`);
		const conversion = pattern[i];
		if (conversion === undefined) throw new PatternError(`incomplete conversion at the end (position ${start + 1})`);
		i++;
		let option: string | undefined;
		if (pattern[i] === '{') {
			const close = pattern.indexOf('}', i);
			if (close < 0) throw new PatternError(`unclosed "{" after %${conversion} at position ${start + 1}`);
			option = pattern.slice(i + 1, close);
			i = close + 1;
		}
		let piece: Piece;
		switch (conversion) {
			case 'D':
				piece = dateFormatter(option ?? DEFAULT_DATE_FORMAT, false);
				break;
			case 'd':
				piece = dateFormatter(option ?? DEFAULT_DATE_FORMAT, true);
				break;
			case 'p':
				piece = (r) => r.severity;
				break;
			case 'c':
				piece = loggerFormatter(option, start);
				break;
			case 'i': {
				const pid = String(process.pid);
				piece = () => pid;
				break;
			}
			case 't':
				piece = (r) => String(r.workerId);
				break;
			case 'm':
				piece = (r) => r.message;
				break;
			case 'n':
				piece = () => '\n';
				break;
			default:
				throw new PatternError(`unknown conversion %${conversion} at position ${start + 1}`);
		}
		if (option !== undefined && conversion !== 'D' && conversion !== 'd' && conversion !== 'c') {
			throw new PatternError(`%${conversion} takes no {…} option (position ${start + 1})`);
		}
		if (literal) {
			const text = literal;
			pieces.push(() => text);
			literal = '';
		}
		pieces.push(min > 0 || max < Infinity ? sized(piece, min, max, leftAlign) : piece);
	}
	if (literal) {
		const text = literal;
		pieces.push(() => text);
	}
	return (record) => {
		let out = '';
		for (let k = 0; k < pieces.length; k++) out += pieces[k]!(record);
		return out;
	};
}

function isDigit(ch: string): boolean {
	return ch >= '0' && ch <= '9';
}

/** The widest a format modifier may pad or cut a field, characters. */
const MAX_WIDTH = 1000;

function sized(piece: Piece, min: number, max: number, leftAlign: boolean): Piece {
	return (record) => {
		let text = piece(record);
		if (text.length > max) text = text.slice(text.length - max);
		if (text.length < min) text = leftAlign ? text.padEnd(min) : text.padStart(min);
		return text;
	};
}

function loggerFormatter(option: string | undefined, position: number): Piece {
	if (option === undefined) return (r) => r.logger;
	if (!/^[1-9]\d*$/.test(option)) throw new PatternError(`%c{${option}} needs a positive number of name components (position ${position + 1})`);
	const keep = Number(option);
	return (r) => r.logger.split('.').slice(-keep).join('.');
}

const DAY_ABBR = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_FULL = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_FULL = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Broken-down time, as localtime(3) or gmtime(3) would give it, plus the sub-second part. */
interface Tm {
	year: number;
	month: number;
	day: number;
	hours: number;
	minutes: number;
	seconds: number;
	weekday: number;
	/** Milliseconds since the start of the second, with fraction (0 ≤ ms < 1000). */
	ms: number;
	utc: boolean;
	date: Date;
}

type TmPiece = (tm: Tm) => string;

/**
 * strftime(3) in the C locale, plus log4cplus's %q (milliseconds, 000–999) and %Q (milliseconds
 * with microseconds, 000.000–999.999).
 */
function dateFormatter(format: string, utc: boolean): Piece {
	const parts: TmPiece[] = [];
	for (let i = 0; i < format.length; i++) {
		const ch = format[i]!;
		if (ch !== '%' || i === format.length - 1) {
			parts.push(() => ch);
			continue;
		}
		const spec = format[++i]!;
		const part = STRFTIME[spec];
		if (!part) throw new PatternError(`unknown date component %${spec} in "${format}"`);
		parts.push(part);
	}
	return (record) => {
		const date = new Date(Math.floor(record.time));
		const tm: Tm = utc
			? {
					year: date.getUTCFullYear(),
					month: date.getUTCMonth(),
					day: date.getUTCDate(),
					hours: date.getUTCHours(),
					minutes: date.getUTCMinutes(),
					seconds: date.getUTCSeconds(),
					weekday: date.getUTCDay(),
					ms: record.time - Math.floor(record.time / 1000) * 1000,
					utc,
					date,
				}
			: {
					year: date.getFullYear(),
					month: date.getMonth(),
					day: date.getDate(),
					hours: date.getHours(),
					minutes: date.getMinutes(),
					seconds: date.getSeconds(),
					weekday: date.getDay(),
					ms: record.time - Math.floor(record.time / 1000) * 1000,
					utc,
					date,
				};
		let out = '';
		for (let k = 0; k < parts.length; k++) out += parts[k]!(tm);
		return out;
	};
}

function pad(n: number, width: number, fill = '0'): string {
	return String(n).padStart(width, fill);
}

function dayOfYear(tm: Tm): number {
	return Math.round((Date.UTC(tm.year, tm.month, tm.day) - Date.UTC(tm.year, 0, 1)) / 86_400_000) + 1;
}

/** Week of the year with weeks starting on `firstDay` (0 Sunday, 1 Monday), as strftime %U / %W. */
function weekOfYear(tm: Tm, firstDay: number): number {
	const yday = dayOfYear(tm) - 1;
	const wday = (tm.weekday - firstDay + 7) % 7;
	return Math.floor((yday + 7 - wday) / 7);
}

let localZoneName: string | undefined;

function zoneName(tm: Tm): string {
	if (tm.utc) return 'GMT';
	// Intl is slow; the zone abbreviation only changes at DST switches, and a log line that
	// straddles one may show the old name, which strftime in a long-running process also does.
	localZoneName ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(tm.date).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
	return localZoneName;
}

function hour12(tm: Tm): number {
	return tm.hours % 12 === 0 ? 12 : tm.hours % 12;
}

const STRFTIME: Record<string, TmPiece> = {
	a: (tm) => DAY_ABBR[tm.weekday]!,
	A: (tm) => DAY_FULL[tm.weekday]!,
	b: (tm) => MONTH_ABBR[tm.month]!,
	h: (tm) => MONTH_ABBR[tm.month]!,
	B: (tm) => MONTH_FULL[tm.month]!,
	c: (tm) => `${DAY_ABBR[tm.weekday]} ${MONTH_ABBR[tm.month]} ${pad(tm.day, 2, ' ')} ${pad(tm.hours, 2)}:${pad(tm.minutes, 2)}:${pad(tm.seconds, 2)} ${tm.year}`,
	d: (tm) => pad(tm.day, 2),
	e: (tm) => pad(tm.day, 2, ' '),
	F: (tm) => `${tm.year}-${pad(tm.month + 1, 2)}-${pad(tm.day, 2)}`,
	H: (tm) => pad(tm.hours, 2),
	I: (tm) => pad(hour12(tm), 2),
	j: (tm) => pad(dayOfYear(tm), 3),
	m: (tm) => pad(tm.month + 1, 2),
	M: (tm) => pad(tm.minutes, 2),
	p: (tm) => (tm.hours < 12 ? 'AM' : 'PM'),
	q: (tm) => pad(Math.floor(tm.ms), 3),
	Q: (tm) => {
		// Epoch milliseconds in a double keep about a quarter of a microsecond, so round, not floor.
		const micros = Math.min(Math.round(tm.ms * 1000), 999_999);
		return `${pad(Math.floor(micros / 1000), 3)}.${pad(micros % 1000, 3)}`;
	},
	S: (tm) => pad(tm.seconds, 2),
	T: (tm) => `${pad(tm.hours, 2)}:${pad(tm.minutes, 2)}:${pad(tm.seconds, 2)}`,
	U: (tm) => pad(weekOfYear(tm, 0), 2),
	w: (tm) => String(tm.weekday),
	W: (tm) => pad(weekOfYear(tm, 1), 2),
	x: (tm) => `${pad(tm.month + 1, 2)}/${pad(tm.day, 2)}/${pad(tm.year % 100, 2)}`,
	X: (tm) => `${pad(tm.hours, 2)}:${pad(tm.minutes, 2)}:${pad(tm.seconds, 2)}`,
	y: (tm) => pad(tm.year % 100, 2),
	Y: (tm) => String(tm.year),
	z: (tm) => {
		const offset = tm.utc ? 0 : -tm.date.getTimezoneOffset();
		const abs = Math.abs(offset);
		return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}${pad(abs % 60, 2)}`;
	},
	Z: zoneName,
	'%': () => '%',
};
