/**
 * Lexical helpers for the option value language: the text a user types after `--option` and
 * that the formatter prints. The language is dhcptest's (`CODE[FMT]=VALUE`) made exact: lists are
 * comma separated, `[...]` groups, strings may be `"quoted"` with escapes, and a trailing
 * ` (comment)` after a value is ignored so printed output can be pasted back.
 */
import { OptionValueError } from '../../wire/errors.js';

const OPEN: Record<string, string> = { '[': ']', '(': ')', '{': '}' };

/**
 * Visits each character of `text` from `from` on that is outside double quotes (a backslash
 * escapes the next character inside them). `visit` returns true to stop. Returns the index it
 * stopped at, `text.length` at the end, or -1 when a quoted string is left open.
 */
export function scanUnquoted(text: string, visit: (c: string, i: number) => boolean | void, from = 0): number {
	let quoted = false;
	for (let i = from; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '\\') i++;
			else if (c === '"') quoted = false;
		} else if (c === '"') quoted = true;
		else if (visit(c, i) === true) return i;
	}
	return quoted ? -1 : text.length;
}

/**
 * Splits `text` at `sep` characters that are outside quotes and brackets.
 * Parentheses group too, because comments such as `(1 day, 1 hour)` contain commas.
 */
export function splitTopLevel(text: string, sep = ','): string[] {
	const parts: string[] = [];
	const stack: string[] = [];
	let start = 0;
	const end = scanUnquoted(text, (c, i) => {
		if (c in OPEN) stack.push(OPEN[c]!);
		else if (stack.length > 0 && c === stack[stack.length - 1]) stack.pop();
		else if (c === sep && stack.length === 0) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	});
	if (end < 0) throw new OptionValueError(`unterminated quoted string in ${JSON.stringify(text)}`);
	parts.push(text.slice(start));
	return parts.map((p) => p.trim());
}

/** Splits a list value: `a, b`, `[a, b]` or, when there is no comma, whitespace-separated `a b`. */
export function splitList(text: string): string[] {
	let t = stripComment(text.trim());
	t = unbracket(t);
	if (t === '') return [];
	const parts = splitTopLevel(t, ',');
	if (parts.length === 1 && !/^["[]/.test(parts[0]!) && /\s/.test(parts[0]!)) {
		// `a b` form, only for bare words (a quoted string may contain spaces).
		return parts[0]!.split(/\s+/).filter((p) => p !== '');
	}
	return parts.map(stripComment).filter((p, i, all) => !(p === '' && i === all.length - 1 && all.length > 1));
}

/**
 * Removes one trailing ` (comment)` written outside quotes: `14400 (4 hours)` → `14400`.
 * A value that itself ends in parentheses must be quoted, and the formatter quotes it.
 */
export function stripComment(text: string): string {
	const t = text.trimEnd();
	if (!t.endsWith(')')) return t;
	// Find the '(' that matches the final ')', scanning left to right so quotes are honoured.
	const opens: number[] = [];
	let open = -1;
	scanUnquoted(t, (c, i) => {
		if (c === '(') opens.push(i);
		else if (c === ')' && opens.length > 0) {
			const o = opens.pop()!;
			if (i === t.length - 1 && opens.length === 0) open = o;
		}
	});
	return open > 0 && /\s/.test(t[open - 1]!) ? t.slice(0, open).trimEnd() : t;
}

/** Removes one level of `[ ... ]` around the whole text, if present. */
export function unbracket(text: string): string {
	const t = text.trim();
	if (t.startsWith('[') && t.endsWith(']') && splitTopLevel(t, '\u0000').length === 1 && matchingClose(t, 0) === t.length - 1) {
		return t.slice(1, -1).trim();
	}
	return t;
}

function matchingClose(t: string, at: number): number {
	let depth = 0;
	const i = scanUnquoted(t, (c) => (c === '[' ? (depth++, false) : c === ']' && --depth === 0), at);
	return i >= 0 && i < t.length ? i : -1;
}

/** `[...]` around a value that contains a top-level comma, so it stays one element of a list. */
export function group(text: string): string {
	return splitTopLevel(text, ',').length > 1 ? `[${text}]` : text;
}

export interface KeyValue {
	key: string;
	/** A `[fmt]` override written after the key, e.g. `agentCircuitID[hex]=DEADBEEF`. */
	format: string | undefined;
	value: string;
}

/** Splits `key[fmt]=value` at the first `=` outside quotes and brackets; undefined when there is none. */
export function splitKeyValue(text: string): KeyValue | undefined {
	// Keys may contain spaces and parentheses (`Rebinding (T2) Time Value`); never `=`, `[` or quotes.
	const m = /^\s*([^=[\]",]+?)\s*(?:\[\s*([A-Za-z0-9_-]+)\s*\])?\s*=(?!>)/.exec(text);
	if (!m) return undefined;
	return { key: m[1]!.trim(), format: m[2], value: text.slice(m[0].length).trim() };
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * Bytes from the wire as text: UTF-8 when they are valid UTF-8, else one character per byte
 * (latin1), so no byte is lost to U+FFFD.
 */
function wireText(bytes: Uint8Array): { text: string; utf8: boolean } {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const utf8 = buf.toString('utf8');
	const isUtf8 = Buffer.byteLength(utf8) === buf.length && !utf8.includes('\ufffd');
	return isUtf8 ? { text: utf8, utf8: true } : { text: buf.toString('latin1'), utf8: false };
}

/** Any C0 control, DEL or C1 control (ECMA-48 §5: a terminal acts on them; U+009B alone opens a CSI sequence). */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/**
 * The escape of one character a terminal, a log line or a monitoring line must not get as is:
 * `\0`, `\n`, `\t`, else `\xHH` for the other controls (C0, DEL, C1); undefined for any other.
 * A C1 control decoded from UTF-8 is written as its UTF-8 bytes, so parseString reads back the
 * same bytes.
 */
function escapeControl(ch: string, fromUtf8: boolean): string | undefined {
	const cp = ch.codePointAt(0)!;
	if (cp === 0) return '\\0';
	if (ch === '\n') return '\\n';
	if (ch === '\t') return '\\t';
	if (!CONTROL.test(ch)) return undefined;
	const bytes = fromUtf8 && cp >= 0x80 ? [...Buffer.from(ch, 'utf8')] : [cp];
	return bytes.map((b) => `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

/**
 * Text that may come from the wire (a NAK's message, a status message, a server's name), made safe
 * to print or log: every control character escaped as {@link formatString} does (`\x1B`, `\0`,
 * `\n`), so a server can neither split a log or verdict line nor send escape sequences to a
 * terminal. Every other character is kept. JSON output needs no such escaping (JSON.stringify
 * escapes controls itself).
 */
export function escapeControls(text: string): string {
	if (!CONTROL.test(text)) return text;
	let out = '';
	for (const ch of text) out += escapeControl(ch, false) ?? ch;
	return out;
}

/**
 * Prints bytes as a string value. Bare when that parses back unchanged; otherwise quoted, with
 * `\"`, `\\`, `\n`, `\t`, `\0` and `\xHH` escapes. Valid UTF-8 is printed as characters (and parsed
 * back to the same UTF-8 bytes); any other byte ≥ 0x80 is escaped, so formatting never loses a byte.
 */
export function formatString(bytes: Uint8Array): string {
	const { text, utf8: isUtf8 } = wireText(bytes);
	if (PRINTABLE.test(text) && text !== '' && !needsQuotes(text)) return text;
	let out = '"';
	for (const ch of text) {
		const cp = ch.codePointAt(0)!;
		if (ch === '"') out += '\\"';
		else if (ch === '\\') out += '\\\\';
		else if (!isUtf8 && cp >= 0x80) out += `\\x${cp.toString(16).padStart(2, '0').toUpperCase()}`;
		else out += escapeControl(ch, isUtf8) ?? ch;
	}
	return `${out}"`;
}

function needsQuotes(text: string): boolean {
	return (
		text !== text.trim() ||
		/[",[\]\\=]/.test(text) ||
		// After `CODE=`, a leading `>` would read as `=>`, which is not an assignment.
		text.startsWith('>') ||
		/[(){}]/.test(text) ||
		/^(present|true|false)$/i.test(text)
	);
}

/** Parses a string value (bare or quoted) into its bytes. */
export function parseString(text: string): Buffer {
	const t = text.trim();
	if (!t.startsWith('"')) return Buffer.from(stripComment(t), 'utf8');
	const bytes: number[] = [];
	let i = 1;
	for (; i < t.length; i++) {
		const c = t[i]!;
		if (c === '"') break;
		if (c !== '\\') {
			const cp = t.codePointAt(i)!;
			const chunk = Buffer.from(String.fromCodePoint(cp), 'utf8');
			for (const b of chunk) bytes.push(b);
			if (cp > 0xffff) i++;
			continue;
		}
		const e = t[++i];
		if (e === 'n') bytes.push(10);
		else if (e === 't') bytes.push(9);
		else if (e === 'r') bytes.push(13);
		else if (e === '0') bytes.push(0);
		else if (e === '"' || e === '\\') bytes.push(e.charCodeAt(0));
		else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
			bytes.push(Number.parseInt(t.slice(i + 1, i + 3), 16));
			i += 2;
		} else throw new OptionValueError(`bad escape \\${e ?? ''} in ${t}`);
	}
	if (i >= t.length) throw new OptionValueError(`unterminated quoted string ${t}`);
	const rest = stripComment(t.slice(i + 1)).trim();
	if (rest !== '') throw new OptionValueError(`unexpected ${JSON.stringify(rest)} after quoted string`);
	return Buffer.from(bytes);
}

/** Parses hex written as `DEADBEEF`, `DE AD BE EF`, `DE:AD:BE:EF`, `de-ad-be-ef` or `0xdeadbeef`. */
export function parseHex(text: string): Buffer {
	let t = stripComment(text.trim());
	if (/^0x/i.test(t)) t = t.slice(2);
	const compact = t.replace(/[\s:.-]/g, '');
	if (compact.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(compact)) {
		throw new OptionValueError(`expected hex bytes such as DE:AD:BE:EF, got ${JSON.stringify(text.trim())}`);
	}
	// Separated groups of one digit (e.g. `1:2:3`) are single bytes: pad them.
	if (/[\s:.-]/.test(t)) {
		const groups = t.split(/[\s:.-]+/).filter((g) => g !== '');
		if (groups.every((g) => g.length <= 2)) return Buffer.from(groups.map((g) => Number.parseInt(g, 16)));
	}
	return Buffer.from(compact, 'hex');
}

/**
 * A hardware address of 1 to 16 octets (DHCPv4's chaddr, RFC 2131 §2; a DUID's link-layer
 * address, RFC 8415 §11.2) in any hex spelling parseHex takes, or already bytes. Throws
 * OptionValueError. (A MAC-48 in frame headers is src/wire/address.ts's parseMac.)
 */
export function parseHardwareAddress(mac: string | Uint8Array): Uint8Array {
	if (typeof mac !== 'string') return mac;
	let bytes: Buffer;
	try {
		bytes = parseHex(mac);
	} catch {
		throw new OptionValueError(`expected a hardware address such as 02:11:22:33:44:55, got ${JSON.stringify(mac)}`);
	}
	if (bytes.length < 1 || bytes.length > 16) throw new OptionValueError(`a hardware address has 1 to 16 octets, got ${bytes.length} in ${JSON.stringify(mac)}`);
	return bytes;
}

/** Formats bytes as `DE AD BE EF`. */
export function formatHex(bytes: Uint8Array, sep = ' '): string {
	let out = '';
	for (let i = 0; i < bytes.length; i++) {
		if (i > 0) out += sep;
		out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16).toUpperCase();
	}
	return out;
}

const COMMENT_UNSAFE = new Set([0x22, 0x28, 0x29, 0x5b, 0x5c, 0x5d, 0x7b, 0x7d]);

/** Formats bytes as hex plus a printable-ASCII comment, `74 65 73 74 (test)`, as dhcptest does for unknown options. */
export function formatHexAscii(bytes: Uint8Array): string {
	if (bytes.length === 0) return '""';
	// Quotes, brackets, braces and backslashes would open a group or a string for splitTopLevel
	// when the text sits inside a list (e.g. an unknown sub-option), so they print as '.' too.
	const ascii = Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f && !COMMENT_UNSAFE.has(b) ? String.fromCharCode(b) : '.')).join('');
	return `${formatHex(bytes)} (${ascii})`;
}

/** Parses an unsigned or signed integer written in decimal or 0x-hex, checked against [min, max]. */
export function parseInteger(text: string, min: number, max: number, what: string): number {
	const t = stripComment(text.trim());
	let n: number;
	if (/^-?0x[0-9a-f]+$/i.test(t)) n = (t.startsWith('-') ? -1 : 1) * Number.parseInt(t.replace(/^-?0x/i, ''), 16);
	else if (/^-?\d+$/.test(t)) n = Number(t);
	else throw new OptionValueError(`expected ${what}, got ${JSON.stringify(text.trim())}`);
	if (!Number.isSafeInteger(n) || n < min || n > max) throw new OptionValueError(`${what} out of range ${min}..${max}: ${t}`);
	return n;
}
