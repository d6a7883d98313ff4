/**
 * Types built from other types: arrays, records (Kea's `record` option definitions), and
 * length-prefixed tuples (Kea's `tuple`, RFC 3004 user classes, RFC 8415 §21.16 vendor classes).
 */
import { DecodeError, OptionValueError, need } from '../../wire/errors.js';
import { group, splitKeyValue, splitList, splitTopLevel, stripComment, unbracket } from './text.js';
import type { ValueType } from './value-type.js';

function measureOf(type: ValueType, buf: Uint8Array, offset: number, end: number): number {
	if (type.fixedLength !== undefined) {
		need(offset, type.fixedLength, end, type.kind);
		return type.fixedLength;
	}
	if (!type.measure) throw new DecodeError('ERR_UNSUPPORTED', offset, `${type.kind} is not self-delimiting`);
	return type.measure(buf, offset, end);
}

/** Zero or more elements of a self-delimiting type, packed back to back. */
export function arrayOf<T>(element: ValueType<T>, kind = `${element.kind}[]`, minItems = 0): ValueType<T[]> {
	return {
		kind,
		encodingLength: (values) => values.reduce((n, v) => n + element.encodingLength(v), 0),
		encode(values, buf, offset) {
			let p = offset;
			for (const v of values) p += element.encode(v, buf, p);
			return p - offset;
		},
		decode(buf, offset, end) {
			const size = element.fixedLength;
			if (size !== undefined && size > 0 && (end - offset) % size !== 0) {
				throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: ${end - offset} bytes is not a multiple of ${size}`);
			}
			const out: T[] = [];
			let p = offset;
			while (p < end) {
				const n = measureOf(element, buf, p, end);
				if (n === 0) throw new DecodeError('ERR_BAD_VALUE', p, `${kind}: zero-length element`);
				out.push(element.decode(buf, p, p + n));
				p += n;
			}
			if (out.length < minItems) throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: needs at least ${minItems} element(s)`);
			return out;
		},
		format(values) {
			const text = values.map((v) => group(element.format(v))).join(', ');
			if (values.length !== 1) return text;
			// One grouped element (`[a=1, b=2]`) would be unbracketed as the whole list on parse, and one
			// bare element with a space (`MSFT 5.0`) split at the space: bracket it so it stays one.
			if (text.startsWith('[')) return `[${text}]`;
			return !text.startsWith('"') && /\s/.test(stripComment(text)) ? `[[${text}]]` : text;
		},
		parse(text) {
			let items: T[];
			try {
				items = splitList(text).map((item) => element.parse(unbracket(item)));
			} catch (error) {
				// `[a=1, b=2]` typed by hand for a one-element list of records: read it as one element.
				if (!(error instanceof OptionValueError)) throw error;
				try {
					items = [element.parse(unbracket(stripComment(text.trim())))];
				} catch {
					throw error;
				}
			}
			if (items.length < minItems) throw new OptionValueError(`${kind}: needs at least ${minItems} value(s)`);
			return items;
		},
		toJSON: (values) => values.map((v) => element.toJSON(v)),
	};
}

export interface RecordField {
	readonly name: string;
	readonly type: ValueType;
	/** Other names accepted on input (dhcptest's spellings). */
	readonly aliases?: readonly string[];
}

/**
 * A record of fields in wire order. Every field but the last must be self-delimiting; the last one
 * takes the rest of the data, as in Kea's record definitions. Text form is `name=value, …`, and
 * positional values (`1, 0, 255, host.example.com`) are accepted on input.
 */
export function record<T extends Record<string, unknown>>(kind: string, fields: readonly RecordField[]): ValueType<T> {
	const key = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '');
	const byName = new Map<string, number>();
	fields.forEach((f, i) => {
		byName.set(key(f.name), i);
		for (const a of f.aliases ?? []) byName.set(key(a), i);
	});
	return {
		kind,
		encodingLength: (value) => fields.reduce((n, f) => n + f.type.encodingLength(value[f.name]), 0),
		encode(value, buf, offset) {
			let p = offset;
			for (const f of fields) p += f.type.encode(value[f.name], buf, p);
			return p - offset;
		},
		decode(buf, offset, end) {
			const out: Record<string, unknown> = {};
			let p = offset;
			fields.forEach((f, i) => {
				const last = i === fields.length - 1;
				const n = last ? end - p : measureOf(f.type, buf, p, end);
				out[f.name] = f.type.decode(buf, p, p + n);
				p += n;
			});
			return out as T;
		},
		measure: fields.every((f) => f.type.fixedLength !== undefined || f.type.measure)
			? (buf, offset, end) => {
					let p = offset;
					for (const f of fields) p += measureOf(f.type, buf, p, end);
					return p - offset;
				}
			: undefined,
		fixedLength: fields.every((f) => f.type.fixedLength !== undefined) ? fields.reduce((n, f) => n + f.type.fixedLength!, 0) : undefined,
		format: (value) => fields.map((f) => `${f.name}=${group(f.type.format(value[f.name]))}`).join(', '),
		parse(text) {
			const parts = splitTopLevel(unbracket(stripComment(text.trim())), ',');
			const out: Record<string, unknown> = {};
			const named = parts.map(splitKeyValue);
			const allNamed = named.every((kv) => kv !== undefined && byName.has(key(kv.key)));
			if (allNamed) {
				for (const kv of named) {
					const f = fields[byName.get(key(kv!.key))!]!;
					out[f.name] = f.type.parse(unbracket(kv!.value));
				}
			} else {
				// Positional form: the last field takes whatever is left, commas included.
				if (parts.length < fields.length) {
					throw new OptionValueError(`${kind} needs ${fields.map((f) => f.name).join(', ')}; got ${parts.length} value(s)`);
				}
				fields.forEach((f, i) => {
					const raw = i === fields.length - 1 ? parts.slice(i).join(', ') : parts[i]!;
					out[f.name] = f.type.parse(unbracket(raw));
				});
			}
			for (const f of fields) {
				if (!(f.name in out)) throw new OptionValueError(`${kind}: missing ${f.name}`);
			}
			return out as T;
		},
		toJSON(value) {
			const out: Record<string, unknown> = {};
			for (const f of fields) out[f.name] = f.type.toJSON(value[f.name]);
			return out;
		},
	};
}

/** Bytes preceded by their length in `lengthWidth` octets, read through an inner type. */
export function lengthPrefixed<T>(inner: ValueType<T>, lengthWidth: 1 | 2, kind = `tuple${lengthWidth * 8}(${inner.kind})`): ValueType<T> {
	const max = lengthWidth === 1 ? 0xff : 0xffff;
	return {
		kind,
		encodingLength: (value) => lengthWidth + inner.encodingLength(value),
		encode(value, buf, offset) {
			const n = inner.encode(value, buf, offset + lengthWidth);
			if (n > max) throw new OptionValueError(`${kind}: ${n} bytes do not fit a ${lengthWidth * 8}-bit length`);
			if (lengthWidth === 1) buf[offset] = n;
			else {
				buf[offset] = n >> 8;
				buf[offset + 1] = n & 0xff;
			}
			return lengthWidth + n;
		},
		decode(buf, offset, end) {
			const n = this.measure!(buf, offset, end);
			if (n !== end - offset) throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: length says ${n - lengthWidth}, data has ${end - offset - lengthWidth}`);
			return inner.decode(buf, offset + lengthWidth, end);
		},
		measure(buf, offset, end) {
			need(offset, lengthWidth, end, kind);
			const len = lengthWidth === 1 ? buf[offset]! : (buf[offset]! << 8) | buf[offset + 1]!;
			need(offset + lengthWidth, len, end, kind);
			return lengthWidth + len;
		},
		format: (value) => inner.format(value),
		parse: (text) => inner.parse(text),
		toJSON: (value) => inner.toJSON(value),
	};
}

/**
 * A list preceded by the number of its elements in one octet (not their byte length), as PXE's
 * boot server list has it (PXE 2.1 §2.4.6: type, IP count, addresses).
 */
export function countPrefixed<T>(element: ValueType<T>, kind = `count8(${element.kind}[])`): ValueType<T[]> {
	const list = arrayOf(element);
	const measure = (buf: Uint8Array, offset: number, end: number): number => {
		need(offset, 1, end, kind);
		let p = offset + 1;
		for (let i = 0; i < buf[offset]!; i++) p += measureOf(element, buf, p, end);
		return p - offset;
	};
	return {
		kind,
		encodingLength: (values) => 1 + list.encodingLength(values),
		encode(values, buf, offset) {
			if (values.length > 0xff) throw new OptionValueError(`${kind}: ${values.length} elements do not fit a one-octet count`);
			buf[offset] = values.length;
			return 1 + list.encode(values, buf, offset + 1);
		},
		decode(buf, offset, end) {
			const n = measure(buf, offset, end);
			if (n !== end - offset) throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: ${buf[offset]} element(s) take ${n - 1} bytes, ${end - offset - 1} follow`);
			return list.decode(buf, offset + 1, end);
		},
		measure,
		format: (values) => list.format(values),
		parse: (text) => list.parse(text),
		toJSON: (values) => list.toJSON(values),
	};
}
