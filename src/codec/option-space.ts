/**
 * Option spaces: the registry of what each option code means, kept as a data table like Kea's
 * option definitions (std_option_defs.h), and the generic TLV codec for sub-option lists.
 *
 * Options themselves are always kept as raw `{ code, data }` in wire order; typed values are a
 * view computed from the table on demand, so an option the table does not know (or one whose
 * content does not fit its type) is never lost and never an error of the packet.
 */
import { DecodeError, OptionValueError, need } from '../wire/errors.js';
import { unknown as unknownType, normalizeName } from './types/scalars.js';
import { group, scanUnquoted, splitKeyValue, splitTopLevel, stripComment, unbracket } from './types/text.js';
import type { ValueType } from './types/value-type.js';
import { typeForFormat } from './types/formats.js';

/** One option or sub-option as it was on the wire. `data` is a view into the packet when decoded. */
export interface Option {
	code: number;
	data: Uint8Array;
}

/** A row of an option space's table. */
export interface OptionDef {
	readonly code: number;
	/** Kea's option name (lower case, dashes), used by the CLI and JSON. */
	readonly name: string;
	/** The RFC's long name, printed in text dumps as dhcptest does. */
	readonly longName: string;
	readonly type: ValueType;
	/** Other names accepted on input (e.g. dhcptest's spellings). */
	readonly aliases?: readonly string[];
	/** Where the option is defined, e.g. `RFC 2132 §9.6`. */
	readonly ref?: string;
}

export class OptionSpace {
	readonly name: string;
	/** Octets of the code and of the length field: 1/1 in DHCPv4 spaces, 2/2 in DHCPv6. */
	readonly codeWidth: 1 | 2;
	readonly lengthWidth: 1 | 2;
	readonly defs: readonly OptionDef[];
	private readonly codes = new Map<number, OptionDef>();
	private readonly names = new Map<string, OptionDef>();
	private readonly formats = new Map<string, ValueType>();

	/**
	 * `formats` are `[FMT]` names that only make sense in this space (dhcptest's `relayAgent`,
	 * `classlessStaticRoute`, … in DHCPv4), looked up before the shared ones of types/formats.ts.
	 */
	constructor(name: string, codeWidth: 1 | 2, lengthWidth: 1 | 2, defs: readonly OptionDef[], formats: Readonly<Record<string, ValueType>> = {}) {
		this.name = name;
		this.codeWidth = codeWidth;
		this.lengthWidth = lengthWidth;
		this.defs = defs;
		for (const [n, type] of Object.entries(formats)) this.formats.set(normalizeName(n), type);
		for (const def of defs) {
			if (this.codes.has(def.code)) throw new Error(`option space ${name}: code ${def.code} defined twice`);
			this.codes.set(def.code, def);
			for (const n of [def.name, def.longName, ...(def.aliases ?? [])]) this.names.set(normalizeName(n), def);
		}
	}

	get maxCode(): number {
		return this.codeWidth === 1 ? 0xff : 0xffff;
	}

	byCode(code: number): OptionDef | undefined {
		return this.codes.get(code);
	}

	/** Looks up a def by Kea name, RFC long name or alias, ignoring case, spaces, dashes, underscores. */
	byName(name: string): OptionDef | undefined {
		return this.names.get(normalizeName(name));
	}

	/** Resolves `3`, `routers`, `Router Option` or `ROUTERS` to a code; throws OptionValueError. */
	resolveCode(text: string): number {
		const t = text.trim();
		if (/^\d+$/.test(t)) {
			const code = Number(t);
			if (code > this.maxCode) throw new OptionValueError(`option code ${code} is out of range 0..${this.maxCode}`);
			return code;
		}
		const def = this.byName(t);
		if (!def) throw new OptionValueError(`unknown option ${JSON.stringify(t)} in ${this.name}`);
		return def.code;
	}

	/** The type used to read `code`: the table's, or raw bytes for unknown codes. */
	typeOf(code: number): ValueType {
		return this.codes.get(code)?.type ?? unknownType;
	}

	/** Decodes an option's typed value; throws DecodeError when the content does not fit its type. */
	decodeValue(option: Option): unknown {
		return this.typeOf(option.code).decode(option.data, 0, option.data.length);
	}

	/**
	 * The text form of an option's value and the format it was printed in: the table's type, or
	 * `hex` when the content does not decode as that type (printed as `CODE[hex]=…` so that it
	 * still parses back to the same bytes).
	 */
	formatValue(option: Option): { text: string; format?: 'hex'; error?: DecodeError } {
		const type = this.typeOf(option.code);
		try {
			return { text: type.format(type.decode(option.data, 0, option.data.length)) };
		} catch (error) {
			if (!(error instanceof DecodeError)) throw error;
			return { text: typeForFormat('hex')!.format(option.data), format: 'hex', error };
		}
	}

	/** The type a `[FMT]` name stands for in this space (its own formats first), or undefined. */
	formatType(format: string): ValueType | undefined {
		return this.formats.get(normalizeName(format)) ?? typeForFormat(format);
	}

	/** The type for `[FMT]`; throws OptionValueError for a name neither this space nor the shared table knows. */
	formatTypeOrThrow(format: string): ValueType {
		const type = this.formatType(format);
		if (!type) throw new OptionValueError(`unknown value format [${format}]`);
		return type;
	}

	/** A display name for a code: the def's name, or the number. */
	nameOf(code: number): string {
		return this.codes.get(code)?.name ?? String(code);
	}

	/**
	 * Parses `CODE[FMT]=VALUE` (the `--option` language) into an option. CODE is a number or a
	 * name (spaces allowed); FMT overrides the table's type; VALUE is in the type's text form.
	 */
	parseOption(spec: string): Option {
		const eq = findAssignment(spec);
		if (eq < 0) throw new OptionValueError(`expected CODE=VALUE or CODE[FMT]=VALUE, got ${JSON.stringify(spec)}`);
		let left = spec.slice(0, eq).trim();
		let format: string | undefined;
		const fmt = /\[\s*([A-Za-z0-9_-]+)\s*\]$/.exec(left);
		if (fmt) {
			format = fmt[1];
			left = left.slice(0, fmt.index).trim();
		}
		const code = this.resolveCode(left);
		const type = format ? this.formatTypeOrThrow(format) : this.typeOf(code);
		try {
			return { code, data: encodeWith(type, type.parse(spec.slice(eq + 1))) };
		} catch (error) {
			if (error instanceof OptionValueError && !format && !this.byCode(code)) {
				throw new OptionValueError(`option ${code} has no known type, so its value is hex; write ${code}[str]=… for text (${error.message})`);
			}
			throw error;
		}
	}

	/** Prints an option as `name=value` (or `name[hex]=…`), the inverse of {@link parseOption}. */
	formatOption(option: Option): string {
		const { text, format } = this.formatValue(option);
		const def = this.byCode(option.code);
		const key = def ? def.name : String(option.code);
		return `${key}${format || !def ? `[${format ?? 'hex'}]` : ''}=${text}`;
	}
}

/** The first `=` outside quotes: what precedes it is CODE[FMT], what follows the value. */
function findAssignment(spec: string): number {
	const i = scanUnquoted(spec, (c, at) => c === '=' && spec[at + 1] !== '>');
	return i >= 0 && i < spec.length ? i : -1;
}

function encodeWith(type: ValueType, value: unknown): Buffer {
	const buf = Buffer.alloc(type.encodingLength(value));
	type.encode(value, buf, 0);
	return buf;
}

/** Reads a `width`-octet big-endian unsigned field. */
function readWidth(buf: Uint8Array, offset: number, width: 1 | 2): number {
	return width === 1 ? buf[offset]! : (buf[offset]! << 8) | buf[offset + 1]!;
}

function writeWidth(buf: Uint8Array, offset: number, width: 1 | 2, value: number): void {
	if (width === 1) buf[offset] = value;
	else {
		buf[offset] = value >> 8;
		buf[offset + 1] = value & 0xff;
	}
}

/** Decodes plain code/length/value records filling `[offset, end)` (sub-options have no pad or end). */
export function decodeTlvs(buf: Uint8Array, offset: number, end: number, space: OptionSpace): Option[] {
	const out: Option[] = [];
	const head = space.codeWidth + space.lengthWidth;
	let p = offset;
	while (p < end) {
		need(p, head, end, `${space.name} option header`);
		const code = readWidth(buf, p, space.codeWidth);
		const len = readWidth(buf, p + space.codeWidth, space.lengthWidth);
		if (p + head + len > end) {
			throw new DecodeError('ERR_TRUNCATED', p, `${space.name} option ${code} says ${len} bytes, only ${end - p - head} left`);
		}
		out.push({ code, data: buf.subarray(p + head, p + head + len) });
		p += head + len;
	}
	return out;
}

export function tlvsLength(options: readonly Option[], space: OptionSpace): number {
	let n = 0;
	for (const o of options) n += space.codeWidth + space.lengthWidth + o.data.length;
	return n;
}

export function encodeTlvs(options: readonly Option[], space: OptionSpace, buf: Uint8Array, offset: number): number {
	const max = space.lengthWidth === 1 ? 0xff : 0xffff;
	let p = offset;
	for (const o of options) {
		if (o.data.length > max) throw new OptionValueError(`${space.name} option ${o.code}: ${o.data.length} bytes do not fit its length field`);
		writeWidth(buf, p, space.codeWidth, o.code);
		writeWidth(buf, p + space.codeWidth, space.lengthWidth, o.data.length);
		buf.set(o.data, p + space.codeWidth + space.lengthWidth);
		p += space.codeWidth + space.lengthWidth + o.data.length;
	}
	return p - offset;
}

/**
 * A value that is itself a list of options of another space (RFC 3046 relay agent sub-options,
 * RFC 8415 options nested in IA_NA/IA_PD). The text form is `name=value, …` in wire order, with
 * `[hex]` after names whose content is printed as hex.
 */
export function optionList(getSpace: () => OptionSpace, kind?: string): ValueType<Option[]> {
	return {
		get kind() {
			return kind ?? `options(${getSpace().name})`;
		},
		encodingLength: (options) => tlvsLength(options, getSpace()),
		encode: (options, buf, offset) => encodeTlvs(options, getSpace(), buf, offset),
		decode: (buf, offset, end) => decodeTlvs(buf, offset, end, getSpace()),
		format: (options) => options.map((o) => formatSubOption(getSpace(), o)).join(', '),
		parse(text) {
			const space = getSpace();
			const t = unbracket(stripComment(text.trim()));
			if (t === '') return [];
			return splitTopLevel(t, ',').map((part) => {
				const kv = splitKeyValue(part);
				if (!kv) throw new OptionValueError(`expected name=value in ${space.name}, got ${JSON.stringify(part)}`);
				const code = space.resolveCode(kv.key);
				const type = kv.format ? space.formatTypeOrThrow(kv.format) : space.byCode(code) ? space.typeOf(code) : typeForFormat('str')!;
				return { code, data: encodeWith(type, type.parse(unbracket(kv.value))) };
			});
		},
		toJSON: (options) => options.map((o) => optionToJSON(getSpace(), o)),
	};
}

function formatSubOption(space: OptionSpace, option: Option): string {
	const { text, format } = space.formatValue(option);
	const def = space.byCode(option.code);
	const key = def ? def.name : String(option.code);
	return `${key}${format || !def ? '[hex]' : ''}=${group(text)}`;
}

/** The stable JSON form of one option: `{ code, name, value, hex }` (plus `error` when its content is malformed). */
export function optionToJSON(space: OptionSpace, option: Option): Record<string, unknown> {
	const def = space.byCode(option.code);
	const hex = Buffer.from(option.data.buffer, option.data.byteOffset, option.data.byteLength).toString('hex');
	try {
		const value = def ? def.type.toJSON(def.type.decode(option.data, 0, option.data.length)) : hex;
		return { code: option.code, name: def?.name ?? null, value, hex };
	} catch (error) {
		if (!(error instanceof DecodeError)) throw error;
		return { code: option.code, name: def?.name ?? null, value: null, hex, error: error.toJSON() };
	}
}
