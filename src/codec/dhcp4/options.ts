/**
 * Reading a message's option list: RFC 3396 concatenation of repeated options and typed values
 * from the registry. The list itself always stays raw `{ code, data }` in wire order.
 */
import type { Option, OptionSpace } from '../option-space.js';
import { dhcp4Options } from './option-defs.js';

/** The first option with `code`, or undefined. No allocation. */
export function findOption(options: readonly Option[], code: number): Option | undefined {
	for (let i = 0; i < options.length; i++) if (options[i]!.code === code) return options[i];
	return undefined;
}

/**
 * The data of option `code`: RFC 3396 §6 says every instance of a repeated option is one value,
 * concatenated in order. A single instance is returned as is (a view, no copy).
 */
export function optionData(options: readonly Option[], code: number): Uint8Array | undefined {
	let first: Option | undefined;
	let parts: Uint8Array[] | undefined;
	for (const o of options) {
		if (o.code !== code) continue;
		if (!first) first = o;
		else (parts ??= [first.data]).push(o.data);
	}
	if (!first) return undefined;
	return parts ? Buffer.concat(parts) : first.data;
}

/**
 * The message type (option 53, RFC 2132 §9.6: one octet) of a DHCPv4 message, or undefined when
 * it has none: option 53 absent, or not one octet long. A repeated option 53 is one value by RFC
 * 3396 §6 (its instances concatenated), two or more octets long, so it is no message type at all:
 * a reply carrying NAK then ACK is malformed, neither a NAK nor an ACK (RFC 2131 §3: every DHCP
 * message carries exactly one type). The one rule for every reader: {@link Dhcp4Scan.messageType}
 * and `readMessageType` in fast.ts apply it on raw buffers.
 */
export function messageTypeOf(options: readonly Option[]): number | undefined {
	const d = optionData(options, 53);
	return d && d.length === 1 ? d[0] : undefined;
}

/** The typed value of option `code` (concatenated per RFC 3396); undefined when absent. Throws DecodeError when malformed. */
export function optionValue<T = unknown>(options: readonly Option[], code: number, space: OptionSpace = dhcp4Options): T | undefined {
	const data = optionData(options, code);
	if (data === undefined) return undefined;
	return space.typeOf(code).decode(data, 0, data.length) as T;
}

/**
 * The logical options of a list: one entry per code, at the position of its first instance, with
 * the data of repeated instances concatenated (RFC 3396 §6). What the presenters print.
 */
export function mergeOptions(options: readonly Option[]): Option[] {
	const seen = new Map<number, number>();
	let repeats = false;
	for (const o of options) {
		if (seen.has(o.code)) repeats = true;
		seen.set(o.code, (seen.get(o.code) ?? 0) + 1);
	}
	if (!repeats) return options.slice();
	const out: Option[] = [];
	const done = new Set<number>();
	for (const o of options) {
		if (done.has(o.code)) continue;
		done.add(o.code);
		out.push(seen.get(o.code) === 1 ? o : { code: o.code, data: optionData(options, o.code)! });
	}
	return out;
}
