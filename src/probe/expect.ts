/**
 * `--expect` assertions for CI smoke tests: a small language checked against a reply.
 *
 *   SUBJECT OP VALUE
 *   yiaddr in 10.77.0.0/16          address fields: yiaddr ciaddr siaddr giaddr server from address prefix
 *   server = 10.77.0.1
 *   type = ack                      the reply's message type
 *   latency < 50ms                  ms unless a unit (us, ms, s) is given
 *   option 3 = 10.77.0.1            compared as wire bytes: VALUE is read with the option's own type
 *   option routers = 10.77.0.1, 10.77.0.2
 *   option 51 >= 3600               numeric options (durations accept 1h, 1d)
 *   option 6 contains 10.77.0.53    list options: one element
 *   option 82 present / option 82 absent
 *   option 15 != corp.example.
 *
 * Operators: = (==), !=, <, <=, >, >=, in, not in, contains, present, absent.
 */
import type { OptionSpace } from '../codec/option-space.js';
import { parseDuration } from '../codec/types/scalars.js';
import { encodeValue } from '../codec/types/value-type.js';
import { UserError } from '../exit-codes.js';
import { parseIPv4, parseIPv6 } from '../wire/address.js';

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'contains' | 'present' | 'absent';

export interface Expectation {
	/** The text as the user wrote it, for failure messages. */
	source: string;
	subject: { kind: 'field'; name: string } | { kind: 'option'; code: number; label: string };
	op: Operator;
	value: string;
	/** `option N = VALUE` / `!=`: VALUE encoded with the option's type, once, when parsed. */
	bytes?: Uint8Array;
}

/** What an expectation is checked against; built by the probe from a decoded reply. */
export interface ReplyFacts {
	space: OptionSpace;
	/** Address-like and scalar fields; undefined when the reply has no such field. */
	fields: Record<string, string | number | undefined>;
	/** The option's data (v4: RFC 3396 concatenation of all its instances), or undefined if absent. */
	option(code: number): Uint8Array | undefined;
}

export interface ExpectationResult {
	expectation: Expectation;
	passed: boolean;
	/** What was found, for the failure line. */
	actual: string;
}

const FIELDS = new Set(['yiaddr', 'ciaddr', 'siaddr', 'giaddr', 'server', 'from', 'type', 'latency', 'address', 'prefix', 'chaddr', 'xid']);
/** The fields that are numbers; the others are addresses or names, which < and > do not order. */
const NUMERIC_FIELDS = new Set(['latency', 'xid']);
const ORDERING: readonly Operator[] = ['<', '<=', '>', '>='];
const OPS: Operator[] = ['not in', '!=', '<=', '>=', '==' as Operator, '=', '<', '>', 'in', 'contains', 'present', 'absent'];

/** Parses one `--expect` string; a bad one is a UserError naming it. */
export function parseExpectation(text: string, space: OptionSpace): Expectation {
	const bad = (why: string): never => {
		throw new UserError(`--expect '${text}': ${why}`);
	};
	const t = text.trim();
	let subject: Expectation['subject'];
	let rest: string;
	const opt = /^option\s+/i.exec(t);
	if (opt) {
		// The option reference runs up to the operator; names may contain spaces.
		const after = t.slice(opt[0].length);
		const m = /^(.*?)\s*(not\s+in\b|!=|<=|>=|==|=|<|>|\bin\b|\bcontains\b|\bpresent\b|\babsent\b)/i.exec(after);
		if (!m || m[1]!.trim() === '') bad('expected "option CODE OP VALUE"');
		try {
			subject = { kind: 'option', code: space.resolveCode(m![1]!.trim()), label: `option ${m![1]!.trim()}` };
		} catch (error) {
			return bad((error as Error).message);
		}
		rest = after.slice(m![1]!.length).trim();
	} else {
		const m = /^([a-z]+)\s*/i.exec(t);
		if (!m || !FIELDS.has(m[1]!.toLowerCase())) bad(`unknown subject; use option N or one of ${[...FIELDS].join(', ')}`);
		subject = { kind: 'field', name: m![1]!.toLowerCase() };
		rest = t.slice(m![0].length);
	}
	// A word operator ends at a word boundary (`inside` is no `in`), a symbol one before another symbol.
	const op = OPS.find((o) => new RegExp(`^${o.replace(' ', '\\s+')}${/\w$/.test(o) ? '\\b' : '(?![=<>])'}`, 'i').test(rest));
	if (!op) bad('expected an operator: = != < <= > >= in, not in, contains, present, absent');
	const value = rest.replace(new RegExp(`^${op!.replace(' ', '\\s+')}`, 'i'), '').trim();
	const norm: Operator = op === ('==' as Operator) ? '=' : op!;
	if ((norm === 'present' || norm === 'absent') !== (value === '')) bad(norm === 'present' || norm === 'absent' ? `${norm} takes no value` : 'missing value');
	if ((norm === 'present' || norm === 'absent') && subject!.kind !== 'option') bad(`${norm} applies to options`);
	if ((norm === 'in' || norm === 'not in') && !parseCidr(value)) bad(`"${value}" is not a prefix such as 10.0.0.0/8`);
	const e: Expectation = { source: t, subject: subject!, op: norm, value };
	// Every value is read now, before the probe sends anything: a bad one found only after the
	// reply would have taken (and released) a real lease for nothing.
	if (subject!.kind === 'field' && ORDERING.includes(norm) && !NUMERIC_FIELDS.has(subject!.name)) bad(`${norm} compares numbers, and ${subject!.name} is not one`);
	if (ORDERING.includes(norm) || (subject!.kind === 'field' && NUMERIC_FIELDS.has(subject!.name) && (norm === '=' || norm === '!='))) toNumber(e);
	if (subject!.kind === 'option' && (norm === '=' || norm === '!=')) {
		const type = space.typeOf(subject!.code);
		try {
			e.bytes = encodeValue(type, type.parse(value));
		} catch (error) {
			bad((error as Error).message);
		}
	}
	return e;
}

/** Checks every expectation; the result lists each with its verdict. */
export function checkExpectations(expectations: readonly Expectation[], facts: ReplyFacts): ExpectationResult[] {
	return expectations.map((e) => check(e, facts));
}

function check(e: Expectation, facts: ReplyFacts): ExpectationResult {
	const result = (passed: boolean, actual: string): ExpectationResult => ({ expectation: e, passed, actual });
	if (e.subject.kind === 'field') {
		const actual = facts.fields[e.subject.name];
		if (actual === undefined) return result(false, `no ${e.subject.name} in the reply`);
		return result(compareScalar(e, actual), String(actual));
	}
	const code = e.subject.code;
	const data = facts.option(code);
	if (e.op === 'present') return result(data !== undefined, data === undefined ? 'absent' : 'present');
	if (e.op === 'absent') return result(data === undefined, data === undefined ? 'absent' : 'present');
	if (data === undefined) return result(false, `option ${code} absent`);
	const type = facts.space.typeOf(code);
	let value: unknown;
	let shown: string;
	try {
		value = type.decode(data, 0, data.length);
		shown = type.format(value);
	} catch {
		return result(false, `option ${code} malformed (${Buffer.from(data).toString('hex')})`);
	}
	if (e.op === '=' || e.op === '!=') {
		const same = Buffer.compare(Buffer.from(e.bytes!), Buffer.from(data)) === 0;
		return result(e.op === '=' ? same : !same, shown);
	}
	if (e.op === 'contains') {
		if (!Array.isArray(value)) throw new UserError(`--expect '${e.source}': option ${code} is not a list`);
		const elementText = e.value.trim();
		const hit = (value as unknown[]).some((v) => {
			const s = typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString() : String(v);
			return s.toLowerCase() === elementText.toLowerCase() || s.toLowerCase() === `${elementText.toLowerCase()}.`;
		});
		return result(hit, shown);
	}
	const scalar = typeof value === 'number' ? value : typeof value === 'string' ? value : undefined;
	if (scalar === undefined) throw new UserError(`--expect '${e.source}': option ${code} is not a single number or address`);
	return result(compareScalar(e, scalar), shown);
}

function compareScalar(e: Expectation, actual: string | number): boolean {
	switch (e.op) {
		case 'in':
		case 'not in': {
			const inside = typeof actual === 'string' && inPrefix(actual, parseCidr(e.value)!);
			return e.op === 'in' ? inside : !inside;
		}
		case '=':
		case '!=': {
			const same = typeof actual === 'number' ? actual === toNumber(e) : normalizeText(actual) === normalizeText(e.value);
			return e.op === '=' ? same : !same;
		}
		default: {
			if (typeof actual !== 'number') throw new UserError(`--expect '${e.source}': ${e.op} compares numbers, and ${actual} is not one`);
			const want = toNumber(e);
			return e.op === '<' ? actual < want : e.op === '<=' ? actual <= want : e.op === '>' ? actual > want : actual >= want;
		}
	}
}

function normalizeText(s: string): string {
	return s.trim().toLowerCase().replace(/^dhcp/, '');
}

/** Numbers: plain, durations (1h), or latencies with units (ms default for `latency`). */
function toNumber(e: Expectation): number {
	const v = e.value.trim().toLowerCase();
	if (e.subject.kind === 'field' && e.subject.name === 'latency') {
		const m = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s)?$/.exec(v);
		if (!m) throw new UserError(`--expect '${e.source}': "${e.value}" is not a latency such as 50ms`);
		const n = Number(m[1]);
		return m[2] === 's' ? n * 1000 : m[2] === 'us' || m[2] === 'µs' ? n / 1000 : n;
	}
	if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
	try {
		return parseDuration(v);
	} catch {
		throw new UserError(`--expect '${e.source}': "${e.value}" is not a number`);
	}
}

interface Cidr {
	bytes: Uint8Array;
	length: number;
}

function addressBytes(text: string): Uint8Array | undefined {
	const t = text.trim().replace(/\/\d+$/, '');
	return t.includes(':') ? parseIPv6(t) : parseIPv4(t);
}

function parseCidr(text: string): Cidr | undefined {
	const m = /^(.+)\/(\d{1,3})$/.exec(text.trim());
	if (!m) return undefined;
	const bytes = addressBytes(m[1]!);
	const length = Number(m[2]);
	if (!bytes || length > bytes.length * 8) return undefined;
	return { bytes, length };
}

function inPrefix(address: string, cidr: Cidr): boolean {
	const a = addressBytes(address);
	if (!a || a.length !== cidr.bytes.length) return false;
	for (let bit = 0; bit < cidr.length; bit++) {
		const mask = 0x80 >> (bit % 8);
		if ((a[bit >> 3]! & mask) !== (cidr.bytes[bit >> 3]! & mask)) return false;
	}
	return true;
}
