/**
 * Domain names in DNS wire format (RFC 1035 §3.1): a single name (Kea's `fqdn` type) and a list
 * of names, optionally with RFC 1035 §4.1.4 compression (DHCPv4 option 119, RFC 3397 §2).
 * Text form is the master-file form of RFC 1035 §5.1, `\.` and `\DDD` escape label bytes.
 *
 * Every name these types carry is fully qualified: RFC 1035 §3.1 ends each name with the
 * zero-length root label, and the options using them (RFC 3397 §2, RFC 3646 §4, RFC 8415 §10)
 * allow no other form, so `example.com` and `example.com.` are the same name and the same bytes.
 * Only the Client FQDN options (RFC 4702 §4, RFC 4704 §4.2) may carry a partial name, one
 * without the root label; {@link clientFqdnName} is that type, where the trailing dot decides.
 */
import { DecodeError, OptionValueError, need } from '../../wire/errors.js';
import { splitList, stripComment } from './text.js';
import type { ValueType } from './value-type.js';

/** RFC 1035 §2.3.4: names are at most 255 octets on the wire, labels at most 63. */
const MAX_NAME = 255;
const MAX_LABEL = 63;

function labelText(buf: Uint8Array, start: number, len: number): string {
	let out = '';
	for (let i = start; i < start + len; i++) {
		const b = buf[i]!;
		if (b === 0x2e || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
		else if (b > 0x20 && b < 0x7f && b !== 0x22 && b !== 0x2c && b !== 0x28 && b !== 0x29 && b !== 0x5b && b !== 0x5d) out += String.fromCharCode(b);
		else out += `\\${b.toString().padStart(3, '0')}`;
	}
	return out;
}

/**
 * Reads one name at `offset`. With `base` set, compression pointers are followed, relative to
 * `base` (the start of the option data for option 119). Returns the text and where the name ends
 * in the original stream (just past the terminating zero or the first pointer).
 */
export function readName(buf: Uint8Array, offset: number, end: number, base?: number, partial = false): { name: string; next: number } {
	const labels: string[] = [];
	let pos = offset;
	let next = -1;
	let wireLength = 0;
	// A pointer must go strictly backwards (earlier than every label read so far), so a chain of
	// pointers always ends: this is our loop guard, stricter than RFC 1035 but never wrong for
	// names a real encoder writes.
	let lowest = offset;
	for (;;) {
		if (pos >= end) {
			// Only a Client FQDN may end without the root label (a partial name, RFC 4702 §4, RFC 4704
			// §4.2); anywhere else the name is cut short, and reading on would run it into the next.
			if (!partial) throw new DecodeError('ERR_TRUNCATED', pos, 'name ends without its root label (RFC 1035 §3.1)');
			if (next < 0) next = pos;
			return { name: labels.join('.'), next };
		}
		const len = buf[pos]!;
		if (len === 0) {
			if (next < 0) next = pos + 1;
			return { name: `${labels.join('.')}.`, next };
		}
		if ((len & 0xc0) === 0xc0) {
			if (base === undefined) throw new DecodeError('ERR_BAD_VALUE', pos, 'compression pointer in a name that may not be compressed');
			need(pos, 2, end, 'compression pointer');
			const target = base + (((len & 0x3f) << 8) | buf[pos + 1]!);
			if (next < 0) next = pos + 2;
			if (target >= lowest) throw new DecodeError('ERR_LOOP', pos, `compression pointer to offset ${target - base} does not point backwards`);
			lowest = target;
			pos = target;
			continue;
		}
		if ((len & 0xc0) !== 0) throw new DecodeError('ERR_BAD_VALUE', pos, `label type 0x${(len & 0xc0).toString(16)} is not defined`);
		need(pos + 1, len, end, 'name label');
		wireLength += len + 1;
		if (wireLength + 1 > MAX_NAME) throw new DecodeError('ERR_BAD_LENGTH', pos, 'name longer than 255 octets');
		labels.push(labelText(buf, pos + 1, len));
		pos += 1 + len;
	}
}

/** Splits master-file text into label byte arrays; `absolute` when it ends in a dot (or is "."). */
export function nameToLabels(text: string): { labels: Buffer[]; absolute: boolean } {
	const t = text.trim();
	if (t === '.') return { labels: [], absolute: true };
	if (t === '' || t === '""') return { labels: [], absolute: false };
	const labels: Buffer[] = [];
	let cur: number[] = [];
	let absolute = false;
	for (let i = 0; i < t.length; i++) {
		const c = t[i]!;
		if (c === '\\') {
			const d = t.slice(i + 1, i + 4);
			if (/^\d{3}$/.test(d)) {
				const v = Number(d);
				if (v > 255) throw new OptionValueError(`bad escape \\${d} in name ${t}`);
				cur.push(v);
				i += 3;
			} else if (i + 1 < t.length) {
				cur.push(t.charCodeAt(++i));
			} else throw new OptionValueError(`name ${t} ends in a backslash`);
		} else if (c === '.') {
			if (cur.length === 0) throw new OptionValueError(`empty label in name ${t}`);
			labels.push(Buffer.from(cur));
			cur = [];
			if (i === t.length - 1) absolute = true;
		} else {
			for (const b of Buffer.from(c, 'utf8')) cur.push(b);
		}
	}
	if (cur.length > 0) labels.push(Buffer.from(cur));
	// The root label counts even where a partial name leaves it off: it is added before the name is used.
	let total = 1;
	for (const l of labels) {
		if (l.length > MAX_LABEL) throw new OptionValueError(`label longer than 63 octets in name ${t}`);
		total += l.length + 1;
	}
	if (total > MAX_NAME) throw new OptionValueError(`name ${t} is longer than 255 octets`);
	return { labels, absolute };
}

/**
 * The labels of a name as it goes on the wire: with the root label always, or (`partial`, a
 * Client FQDN) only when the text is absolute.
 */
function wireLabels(text: string, partial: boolean): { labels: Buffer[]; root: boolean } {
	const { labels, absolute } = nameToLabels(text);
	return { labels, root: absolute || !partial };
}

function parseName(text: string): string {
	let t = stripComment(text.trim());
	if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) t = t.slice(1, -1);
	nameToLabels(t);
	return t;
}

function nameType(kind: string, partial: boolean): ValueType<string> {
	return {
		kind,
		encodingLength(text) {
			const { labels, root } = wireLabels(text, partial);
			return labels.reduce((n, l) => n + l.length + 1, root ? 1 : 0);
		},
		encode(text, buf, offset) {
			const { labels, root } = wireLabels(text, partial);
			let p = offset;
			for (const l of labels) {
				buf[p++] = l.length;
				buf.set(l, p);
				p += l.length;
			}
			if (root) buf[p++] = 0;
			return p - offset;
		},
		decode(buf, offset, end) {
			const { name, next } = readName(buf, offset, end, undefined, partial);
			if (next !== end) throw new DecodeError('ERR_BAD_LENGTH', next, `${end - next} bytes after the end of the name`);
			return name;
		},
		measure: (buf, offset, end) => readName(buf, offset, end, undefined, partial).next - offset,
		format: (value) => (value === '' ? '""' : value),
		parse: parseName,
		toJSON: (value) => value,
	};
}

/** One domain name, uncompressed (Kea `fqdn`; RFC 8415 §10 forbids compression in DHCPv6). */
export const fqdn: ValueType<string> = nameType('fqdn', false);

/**
 * The name in a Client FQDN option (RFC 4702 §4, RFC 4704 §4.2): a fully qualified name when
 * the text ends in a dot, else a partial name sent without the root label, for the server to
 * complete, as Kea's Option4ClientFqdn/Option6ClientFqdn read and write it.
 */
export const clientFqdnName: ValueType<string> = nameType('fqdn', true);

/**
 * A list of names. Compressed lists (option 119) are written with greedy suffix compression,
 * the usual encoder strategy, so a list a server compressed re-encodes to the same bytes.
 */
export function domainList(compress: boolean): ValueType<string[]> {
	const encodeAll = (names: string[], buf: Uint8Array | undefined, offset: number): number => {
		const seen = new Map<string, number>();
		let p = offset;
		for (const name of names) {
			const { labels } = wireLabels(name, false);
			for (let i = 0; i < labels.length; i++) {
				const key = labels
					.slice(i)
					.map((l) => l.toString('latin1').toLowerCase())
					.join('\u0000');
				const at = compress ? seen.get(key) : undefined;
				if (at !== undefined) {
					if (buf) {
						buf[p] = 0xc0 | (at >> 8);
						buf[p + 1] = at & 0xff;
					}
					p += 2;
					break;
				}
				// RFC 1035 §4.1.4: pointers carry 14 bits of offset.
				if (compress && p - offset < 0x4000) seen.set(key, p - offset);
				if (buf) {
					buf[p] = labels[i]!.length;
					buf.set(labels[i]!, p + 1);
				}
				p += 1 + labels[i]!.length;
				if (i === labels.length - 1) {
					if (buf) buf[p] = 0;
					p++;
				}
			}
			if (labels.length === 0) {
				if (buf) buf[p] = 0;
				p++;
			}
		}
		return p - offset;
	};
	return {
		kind: compress ? 'domain-list-compressed' : 'domain-list',
		encodingLength: (names) => encodeAll(names, undefined, 0),
		encode: (names, buf, offset) => encodeAll(names, buf, offset),
		decode(buf, offset, end) {
			const names: string[] = [];
			let p = offset;
			while (p < end) {
				const { name, next } = readName(buf, p, end, compress ? offset : undefined);
				names.push(name);
				p = next;
			}
			return names;
		},
		format: (names) => names.map((n) => (n === '' ? '""' : n)).join(', '),
		parse: (text) => splitList(text).map(parseName),
		toJSON: (names) => names,
	};
}
