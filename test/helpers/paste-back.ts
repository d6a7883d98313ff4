/**
 * The paste-back property of the DHCPv6 text dump: every printed option line, at any depth
 * (options inside IA_NA / IA_PD / IAADDR / vendor-opts / S46 containers, options of relayed
 * messages), gives back the option's exact bytes when its value is pasted into `CODE=VALUE`
 * (or `CODE[hex]=VALUE`) in the option space it was printed from.
 */
import { type Option, type OptionSpace } from '../../src/codec/option-space.js';
import { OptionCode, containerOf, decode, dhcp6Options, isRelay, type Dhcp6Message } from '../../src/codec/dhcp6/index.js';

/** `    3 (ia-na): iaid=1, …`, `   23 (dns-servers)[hex]: 20 01`, `    9 (relay-msg): msg-type=…`. */
export const OPTION6_LINE = /^( *)(\d+) \(([^)]+)\)(\[hex\])?:(?: (.*))?$/;

/** One option as the dump prints it, in print order (depth first). */
export interface PrintedOption6 {
	space: OptionSpace;
	option: Option;
}

/** The options of a message in the order the dump prints them: each one, then what it holds. */
export function printOrder6(message: Dhcp6Message): PrintedOption6[] {
	const out: PrintedOption6[] = [];
	const walk = (options: readonly Option[], space: OptionSpace, relay: boolean): void => {
		for (const option of options) {
			out.push({ space, option });
			const def = space.byCode(option.code);
			if (!def) continue;
			let value: unknown;
			try {
				value = def.type.decode(option.data, 0, option.data.length);
			} catch {
				continue; // printed as [hex], nothing below it
			}
			if (space === dhcp6Options && option.code === OptionCode.RELAY_MSG && relay) {
				const inner = decode(option.data);
				walk(inner.options, dhcp6Options, isRelay(inner));
				continue;
			}
			const view = containerOf(def.type);
			if (view) walk(view.children(value), view.space(value), false);
		}
	};
	walk(message.options, dhcp6Options, isRelay(message));
	return out;
}

/** A mismatch: the printed line and why it does not paste back. */
export interface PasteBackFailure {
	line: string;
	reason: string;
}

/**
 * Checks the option lines of a dump (`text`) of `message` against its options: same count,
 * same codes, and each value parses back to the option's bytes. Returns the lines checked and
 * every failure.
 */
export function checkPasteBack6(message: Dhcp6Message, text: string): { checked: number; failures: PasteBackFailure[] } {
	const lines = text.split('\n').filter((l) => OPTION6_LINE.test(l));
	const expected = printOrder6(message);
	const failures: PasteBackFailure[] = [];
	if (lines.length !== expected.length) failures.push({ line: `${lines.length} lines`, reason: `expected ${expected.length} option lines` });
	for (const [i, line] of lines.entries()) {
		const want = expected[i];
		if (!want) break;
		const [, , code, , hex, value] = OPTION6_LINE.exec(line)!;
		if (Number(code) !== want.option.code) {
			failures.push({ line, reason: `expected option ${want.option.code}` });
			continue;
		}
		try {
			const parsed = want.space.parseOption(`${code}${hex ?? ''}=${value ?? ''}`);
			if (!Buffer.from(parsed.data).equals(Buffer.from(want.option.data))) {
				failures.push({ line, reason: `parses to ${Buffer.from(parsed.data).toString('hex')}, not ${Buffer.from(want.option.data).toString('hex')}` });
			}
		} catch (error) {
			failures.push({ line, reason: (error as Error).message });
		}
	}
	return { checked: lines.length, failures };
}
