/**
 * Command-line flags declared once, as data: a table of rows from which a command derives its
 * yargs options, the type of its parsed arguments, the one-line checks of numeric values, and
 * what it echoes back (the idea of npm-check-updates' cli-options table: every flag declared once
 * and everything else generated from it).
 */
import type { Argv } from 'yargs';
import { UserError } from './exit-codes.js';

export interface FlagSpec {
	/** The long name, as typed after `--`. */
	readonly name: string;
	/** The one-letter form, where there is one. */
	readonly alias?: string;
	readonly type: 'number' | 'string' | 'boolean';
	/** Repeatable: the value is a list. */
	readonly array?: boolean;
	/** What it does, for --help. */
	readonly describe: string;
	/** The default as --help shows it, e.g. `100`, or why there is none. */
	readonly defaultText?: string;
	/** yargs' own default (only where the absence of the flag has no meaning of its own). */
	readonly default?: boolean;
	/** The --help section the flag is listed under. */
	readonly group?: string;
	/** What the same flag means in the tool dhcpulse replaces (perfdhcp's, for perf), where it matters. */
	readonly origin?: string;
	/** For numbers: what a valid value is (checked with {@link checkNumber}). */
	readonly check?: NumberCheck;
	/** Left out of --help: a flag known only to refuse it in words of its own. */
	readonly hidden?: boolean;
	/**
	 * A flag of the tool dhcpulse replaces (perfdhcp's, for perf) that this command does another
	 * way: giving it refuses the command (exit 3, nothing sent) with this text, which names that
	 * way; never yargs' "Unknown argument".
	 */
	readonly instead?: string;
}

export interface NumberCheck {
	/** A whole number. */
	integer?: boolean;
	/** 0 is allowed (else a value must be positive). */
	zero?: boolean;
	max?: number;
}

// A number arrives as typed (yargs keeps it a string) so an error can echo it; programs may pass numbers.
type ValueOf<F extends FlagSpec> = F['array'] extends true ? string[] : F['type'] extends 'number' ? number | string : F['type'] extends 'boolean' ? boolean : string;

/** The parsed arguments of a table: every flag optional, typed by its row. */
export type ArgsOf<T extends readonly FlagSpec[]> = { [F in T[number] as F['name']]?: ValueOf<F> };

/** How a flag is named in messages: its letter where it has one (`-r`), else its long form. */
export function flagLabel(f: FlagSpec): string {
	return f.alias ? `-${f.alias}` : `--${f.name}`;
}

/** Adds every row of `table` to a yargs builder. */
export function addFlags<Y>(y: Argv<Y>, table: readonly FlagSpec[]): Argv<Y> {
	let out = y;
	for (const f of table) {
		const describe = f.defaultText === undefined ? f.describe : `${f.describe} [default: ${f.defaultText}]`;
		out = out.option(f.name, {
			// Numbers are read as the text typed: yargs would turn `abc` or `5k` into NaN, and the
			// error could then only echo NaN (checkNumber parses them).
			type: f.type === 'number' ? 'string' : f.type,
			describe,
			...(f.alias ? { alias: f.alias } : {}),
			...(f.array ? { array: true, ...(f.type === 'string' ? { string: true } : {}) } : {}),
			...(f.default !== undefined ? { default: f.default } : {}),
			...(f.group ? { group: f.group } : {}),
			...(f.hidden ? { hidden: true } : {}),
		}) as Argv<Y>;
	}
	return out;
}

/** A flag as it was typed, for a message: `-r 500`, `-B`, `-n 100 30`. */
export function typedFlag(f: FlagSpec, value: unknown): string {
	return `${flagLabel(f)}${value === true ? '' : ` ${Array.isArray(value) ? value.join(' ') : String(value)}`}`;
}

/** Refuses, in one line, the first flag of `table` given in `args` whose row says `instead`. */
export function refuseInstead(table: readonly FlagSpec[], args: Readonly<Record<string, unknown>>): void {
	for (const f of table) {
		const value = args[f.name];
		if (f.instead && value !== undefined && value !== false) throw new UserError(`${typedFlag(f, value)}: ${f.instead}`);
	}
}

/** A decimal number as people write one (`5`, `0.25`, `1e3`); anything else (`5k`, `abc`, `0x10`, ``) is not. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** `v` (as typed, or a number) checked against the row's rule: a one-line UserError echoing what was typed otherwise. */
export function checkNumber(f: FlagSpec, typed: number | string | readonly unknown[] | undefined): number | undefined {
	if (typed === undefined) return undefined;
	const o = f.check ?? {};
	const label = flagLabel(f);
	if (Array.isArray(typed)) throw new UserError(`${label} ${typed.join(' ')}: give it once`);
	const v = typeof typed === 'number' ? typed : DECIMAL.test(String(typed).trim()) ? Number(typed) : Number.NaN;
	if (!Number.isFinite(v) || v < 0 || (v === 0 && !o.zero)) throw new UserError(`${label} ${String(typed)}: expected a ${o.zero ? 'non-negative' : 'positive'} number`);
	if (o.integer && !Number.isInteger(v)) throw new UserError(`${label} ${v}: expected a whole number`);
	if (o.max !== undefined && v > o.max) throw new UserError(`${label} ${v}: at most ${o.max}`);
	return v;
}

/**
 * The words of a command line as getopt(3) reads them, for the one-letter flags of `table`:
 * perfdhcp's users type `-xi`, `-t2`, `-bduid=0001…`, `-Bxi`. getopt gives a letter that takes
 * a value the rest of its word (`-xi` is `-x i`) and reads the letters before it as flags of
 * their own (`-Bxi` is `-B -x i`). yargs reads `-xi` as two flags (`-x -i`: -i is perf's
 * DISCOVER-OFFER-only mode, so the man page's first example would change meaning) unless the
 * rest starts with a digit or `=`. Words are split here the getopt way, and each value is joined
 * to its flag (`-x=i`, `--json=out.json`), which yargs reads as one value whatever its first
 * character. A word with a letter the table does not know is left as typed, for yargs to name;
 * so is everything after `--`.
 */
export function getoptWords(argv: readonly string[], table: readonly FlagSpec[]): string[] {
	const letters = new Map<string, FlagSpec>();
	for (const f of table) if (f.alias?.length === 1) letters.set(f.alias, f);
	const longValues = new Set(table.filter(takesValue).map((f) => `--${f.name}`));
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const word = argv[i]!;
		if (word === '--') {
			out.push(...argv.slice(i));
			break;
		}
		const split = getoptWord(word, letters);
		const last = split[split.length - 1]!;
		// A value in the next word is joined to its flag, as getopt reads it: yargs would read a
		// value that starts with `-` as flags (`-o -x…`), and a repeatable flag's value as the
		// first of several, taking the SERVER after it too (`-l eth0 all`, perfdhcp(8)'s example).
		if ((longValues.has(word) || (/^-[A-Za-z]$/.test(last) && takesValue(letters.get(last[1]!)))) && i + 1 < argv.length) split[split.length - 1] = `${last}=${argv[++i]!}`;
		out.push(...split);
	}
	return out;
}

/** Does the flag take a value (getopt's `x:`)? */
function takesValue(f: FlagSpec | undefined): boolean {
	return f !== undefined && f.type !== 'boolean';
}

/** One word split the getopt way (see {@link getoptWords}); the word itself when it is no cluster of known letters. */
function getoptWord(word: string, letters: ReadonlyMap<string, FlagSpec>): string[] {
	if (!/^-[A-Za-z]./.test(word)) return [word];
	const parts: string[] = [];
	for (let k = 1; k < word.length; k++) {
		const letter = word[k]!;
		const f = letters.get(letter);
		if (f === undefined) return [word];
		if (takesValue(f)) {
			const rest = word.slice(k + 1);
			parts.push(rest === '' ? `-${letter}` : `-${letter}=${rest.startsWith('=') ? rest.slice(1) : rest}`);
			return parts;
		}
		parts.push(`-${letter}`);
	}
	return parts;
}
