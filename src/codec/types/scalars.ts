/**
 * Fixed-size and simple variable-size value types: integers, booleans, addresses, durations,
 * enumerations, opaque bytes and strings.
 */
import { DecodeError, OptionValueError, need } from '../../wire/errors.js';
import { formatHex, formatHexAscii, formatString, parseHex, parseInteger, parseString, stripComment } from './text.js';
import { formatIPv4, formatIPv6, parseIPv6 } from '../../wire/address.js';
import type { ValueType } from './value-type.js';

function fixed(offset: number, end: number, size: number, kind: string): void {
	if (end - offset !== size) {
		if (end - offset < size) need(offset, size, end, kind);
		throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: expected ${size} bytes, got ${end - offset}`);
	}
}

function integer(kind: string, size: 1 | 2 | 4, signed: boolean): ValueType<number> {
	const bits = size * 8;
	const min = signed ? -(2 ** (bits - 1)) : 0;
	const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
	return {
		kind,
		fixedLength: size,
		encodingLength: () => size,
		// Byte arithmetic rather than a DataView: creating a view per value dominated typed decoding.
		encode(value, buf, offset) {
			for (let i = size - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) buf[offset + i] = v & 0xff;
			return size;
		},
		decode(buf, offset, end) {
			if (end - offset !== size) fixed(offset, end, size, kind);
			let v = 0;
			for (let i = 0; i < size; i++) v = v * 256 + buf[offset + i]!;
			return signed && v > max ? v - 2 ** bits : v;
		},
		measure: (_b, offset, end) => (need(offset, size, end, kind), size),
		format: (value) => String(value),
		parse: (text) => parseInteger(text, min, max, kind),
		toJSON: (value) => value,
	};
}

export const uint8 = integer('uint8', 1, false);
export const uint16 = integer('uint16', 2, false);
export const uint32 = integer('uint32', 4, false);
export const int8 = integer('int8', 1, true);
export const int16 = integer('int16', 2, true);
export const int32 = integer('int32', 4, true);

/** RFC 2132 §2: a boolean option is one octet, 0 or 1. Other octets decode but are kept as numbers. */
export const boolean: ValueType<boolean | number> = {
	kind: 'boolean',
	fixedLength: 1,
	encodingLength: () => 1,
	encode(value, buf, offset) {
		buf[offset] = typeof value === 'number' ? value : value ? 1 : 0;
		return 1;
	},
	decode(buf, offset, end) {
		fixed(offset, end, 1, 'boolean');
		const b = buf[offset]!;
		return b === 0 ? false : b === 1 ? true : b;
	},
	measure: (_b, offset, end) => (need(offset, 1, end, 'boolean'), 1),
	format: (value) => String(value),
	parse(text) {
		const t = stripComment(text.trim()).toLowerCase();
		if (['true', 'yes', 'on', '1'].includes(t)) return true;
		if (['false', 'no', 'off', '0'].includes(t)) return false;
		return parseInteger(t, 0, 255, 'boolean (true/false)');
	},
	toJSON: (value) => value,
};

/** A zero-length option whose presence is the value (e.g. DHCPv6 Rapid Commit, RFC 8415 §21.14). */
export const empty: ValueType<true> = {
	kind: 'empty',
	fixedLength: 0,
	encodingLength: () => 0,
	encode: () => 0,
	decode(_buf, offset, end) {
		if (end !== offset) throw new DecodeError('ERR_BAD_LENGTH', offset, `empty option carries ${end - offset} bytes`);
		return true;
	},
	measure: () => 0,
	format: () => 'present',
	parse(text) {
		const t = stripComment(text.trim()).toLowerCase();
		if (t === '' || t === 'present' || t === 'true') return true;
		throw new OptionValueError(`a zero-length option takes no value (write "present"), got ${JSON.stringify(text.trim())}`);
	},
	toJSON: () => true,
};

/** Opaque bytes, shown as hex. */
export const binary: ValueType<Uint8Array> = {
	kind: 'binary',
	encodingLength: (value) => value.length,
	encode(value, buf, offset) {
		buf.set(value, offset);
		return value.length;
	},
	decode: (buf, offset, end) => buf.subarray(offset, end),
	format: (value) => (value.length === 0 ? '""' : formatHex(value)),
	// A quoted value is its text's bytes (`interface-id="eth0/1"`, `remote-id=3561,"port-7"`):
	// relay agents fill these opaque fields with text more often than not (RFC 4649 §3, RFC 4580 §2).
	parse: (text) => {
		const t = stripComment(text.trim());
		if (t === '""') return Buffer.alloc(0);
		return t.startsWith('"') ? parseString(t) : parseHex(text);
	},
	toJSON: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex'),
};

/** Opaque bytes of an unknown option: hex plus printable ASCII, like dhcptest. Parses as hex (or quoted text). */
export const unknown: ValueType<Uint8Array> = { ...binary, kind: 'unknown', format: formatHexAscii };

/** Bytes whose natural reading is text (RFC 2132 NVT ASCII strings). Values are the raw bytes. */
export const string: ValueType<Uint8Array> = {
	kind: 'string',
	encodingLength: (value) => value.length,
	encode(value, buf, offset) {
		buf.set(value, offset);
		return value.length;
	},
	decode: (buf, offset, end) => buf.subarray(offset, end),
	format: formatString,
	parse: parseString,
	toJSON: (value) => textOf(value),
};

/** The bytes as a JS string: UTF-8 when valid, else Latin-1 so no byte is lost. */
export function textOf(value: Uint8Array): string {
	const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	const s = b.toString('utf8');
	return s.includes('\ufffd') ? b.toString('latin1') : s;
}

/** Dotted quad of the 4 bytes at `offset`. */
export function ipv4ToString(buf: Uint8Array, offset: number): string {
	return formatIPv4(buf, offset);
}

/** Writes dotted-quad `text` at `offset`; throws OptionValueError when it is not an IPv4 address. */
export function writeIpv4(text: string, buf: Uint8Array, offset: number): void {
	const parts = text.split('.');
	if (parts.length !== 4) throw new OptionValueError(`expected an IPv4 address, got ${JSON.stringify(text)}`);
	for (let i = 0; i < 4; i++) {
		const p = parts[i]!;
		if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new OptionValueError(`expected an IPv4 address, got ${JSON.stringify(text)}`);
		buf[offset + i] = Number(p);
	}
}

export const ipv4Address: ValueType<string> = {
	kind: 'ipv4-address',
	fixedLength: 4,
	encodingLength: () => 4,
	encode(value, buf, offset) {
		writeIpv4(value, buf, offset);
		return 4;
	},
	decode(buf, offset, end) {
		fixed(offset, end, 4, 'ipv4-address');
		return ipv4ToString(buf, offset);
	},
	measure: (_b, offset, end) => (need(offset, 4, end, 'ipv4-address'), 4),
	format: (value) => value,
	parse(text) {
		const t = stripComment(text.trim());
		writeIpv4(t, Buffer.alloc(4), 0);
		return t;
	},
	toJSON: (value) => value,
};

/** RFC 5952 canonical text of the 16 bytes at `offset`. */
export function ipv6ToString(buf: Uint8Array, offset: number): string {
	return formatIPv6(buf, offset);
}

/** Writes an IPv6 address in any RFC 4291 §2.2 text form at `offset`. */
export function writeIpv6(text: string, buf: Uint8Array, offset: number): void {
	// A zone (`fe80::1%eth0`) names an interface, not part of the address bytes.
	const bytes = parseIPv6(text.trim().replace(/%.*$/, ''));
	if (!bytes) throw new OptionValueError(`expected an IPv6 address, got ${JSON.stringify(text)}`);
	buf.set(bytes, offset);
}

export const ipv6Address: ValueType<string> = {
	kind: 'ipv6-address',
	fixedLength: 16,
	encodingLength: () => 16,
	encode(value, buf, offset) {
		writeIpv6(value, buf, offset);
		return 16;
	},
	decode(buf, offset, end) {
		fixed(offset, end, 16, 'ipv6-address');
		return ipv6ToString(buf, offset);
	},
	measure: (_b, offset, end) => (need(offset, 16, end, 'ipv6-address'), 16),
	format: (value) => value,
	parse(text) {
		const b = Buffer.alloc(16);
		writeIpv6(stripComment(text.trim()), b, 0);
		return ipv6ToString(b, 0);
	},
	toJSON: (value) => value,
};

/**
 * Kea's `ipv6-prefix`: a prefix length octet, then only the octets the length covers
 * (ceil(len / 8)), as in RFC 7598 §4.1 (S46 rule, DMR) and RFC 8539 §3. Printed `2001:db8::/32`.
 * The covered octets are kept whole, so bits past the length survive a round trip.
 */
export const ipv6Prefix: ValueType<string> = {
	kind: 'ipv6-prefix',
	encodingLength: (value) => 1 + Math.ceil(prefixParts(value).length / 8),
	encode(value, buf, offset) {
		const { address, length } = prefixParts(value);
		const bytes = Buffer.alloc(16);
		writeIpv6(address, bytes, 0);
		const n = Math.ceil(length / 8);
		buf[offset] = length;
		buf.set(bytes.subarray(0, n), offset + 1);
		return 1 + n;
	},
	decode(buf, offset, end) {
		const n = ipv6Prefix.measure!(buf, offset, end);
		if (n !== end - offset) throw new DecodeError('ERR_BAD_LENGTH', offset, `ipv6-prefix: /${buf[offset]} needs ${n - 1} octets, got ${end - offset - 1}`);
		const bytes = Buffer.alloc(16);
		bytes.set(buf.subarray(offset + 1, end), 0);
		return `${ipv6ToString(bytes, 0)}/${buf[offset]}`;
	},
	measure(buf, offset, end) {
		need(offset, 1, end, 'ipv6-prefix');
		const length = buf[offset]!;
		if (length > 128) throw new DecodeError('ERR_BAD_VALUE', offset, `ipv6-prefix: length ${length} is over 128`);
		const n = Math.ceil(length / 8);
		need(offset + 1, n, end, 'ipv6-prefix');
		return 1 + n;
	},
	format: (value) => value,
	parse(text) {
		const { address, length } = prefixParts(stripComment(text.trim()));
		const b = Buffer.alloc(16);
		writeIpv6(address, b, 0);
		return `${ipv6ToString(b, 0)}/${length}`;
	},
	toJSON: (value) => value,
};

function prefixParts(text: string): { address: string; length: number } {
	const m = /^([0-9a-f:.]+)\/(\d{1,3})$/i.exec(text.trim());
	if (!m || Number(m[2]) > 128) throw new OptionValueError(`expected an IPv6 prefix such as 2001:db8::/32, got ${JSON.stringify(text.trim())}`);
	return { address: m[1]!, length: Number(m[2]) };
}

/** The value that means "infinity" for DHCP lease times (RFC 2131 §3.3, RFC 8415 §7.7). */
export const INFINITE = 0xffffffff;

const UNITS: [string, number][] = [
	['week', 604800],
	['day', 86400],
	['hour', 3600],
	['minute', 60],
	['second', 1],
];

/** `14400` → `4 hours`; `90061` → `1 day, 1 hour, 1 minute and 1 second`. */
export function describeSeconds(seconds: number): string {
	if (seconds === INFINITE) return 'infinite';
	if (seconds === 0) return '0 seconds';
	const parts: string[] = [];
	let rest = seconds;
	for (const [name, size] of UNITS) {
		if (rest >= size) {
			const n = Math.floor(rest / size);
			rest -= n * size;
			parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
		}
	}
	return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const SUFFIX: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses `3600`, `1h`, `1h30m`, `2d`, `infinite` into seconds. */
export function parseDuration(text: string, max = INFINITE): number {
	const t = stripComment(text.trim()).toLowerCase();
	if (t === 'infinite' || t === 'infinity') return INFINITE;
	if (/^(0x)?[0-9a-f]+$/.test(t) && /^\d+$|^0x/.test(t)) return parseInteger(t, 0, max, 'duration in seconds');
	const re = /(\d+)\s*([smhdw])/g;
	let total = 0;
	let consumed = '';
	for (const m of t.matchAll(re)) {
		total += Number(m[1]) * SUFFIX[m[2]!]!;
		consumed += m[0];
	}
	if (consumed.replace(/\s/g, '') !== t.replace(/\s/g, '') || consumed === '') {
		throw new OptionValueError(`expected a duration such as 3600, 1h or 1d, got ${JSON.stringify(text.trim())}`);
	}
	if (total > max) throw new OptionValueError(`duration ${t} is over the maximum ${max} s`);
	return total;
}

/** A uint32 count of seconds (RFC 2132 §9.2 lease time, §9.11/9.12 T1/T2), printed with its meaning. */
export const duration: ValueType<number> = {
	...uint32,
	kind: 'duration',
	format: (value) => `${value} (${describeSeconds(value)})`,
	parse: (text) => parseDuration(text),
};

export interface EnumTable {
	readonly [code: number]: string;
}

/**
 * An integer whose values have names (message types, status codes, architectures). Names print
 * as the name alone when the table knows the value, and any number parses, so unknown values
 * survive a round trip. `aliases` are further names accepted on input.
 */
export function enumOf(base: ValueType<number>, kind: string, table: EnumTable, aliases: Readonly<Record<string, number>> = {}): ValueType<number> {
	const byName = new Map<string, number>();
	for (const [code, name] of Object.entries(table)) byName.set(normalizeName(name), Number(code));
	// Other spellings accepted on input only (dhcptest's names where they differ from the table's).
	for (const [name, code] of Object.entries(aliases)) byName.set(normalizeName(name), code);
	return {
		...base,
		kind,
		format: (value) => table[value] ?? String(value),
		parse(text) {
			const t = stripComment(text.trim());
			const code = byName.get(normalizeName(t));
			if (code !== undefined) return code;
			if (/^(0x)?[0-9a-f]+$/i.test(t)) return base.parse(t);
			throw new OptionValueError(`unknown ${kind} ${JSON.stringify(t)}; known: ${Object.values(table).join(', ')}`);
		},
		toJSON: (value) => table[value] ?? value,
	};
}

/** Case-, space-, dash- and underscore-insensitive comparison key for names. */
export function normalizeName(name: string): string {
	return name.toLowerCase().replace(/[\s_-]+/g, '');
}
