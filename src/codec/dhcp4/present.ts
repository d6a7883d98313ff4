/**
 * DHCPv4 messages as text (in the spirit of dhcptest's dump) and as JSON (schema in
 * docs/json-schema.md). Both show logical options: repeated instances of a code concatenated
 * (RFC 3396 §6) at the position of the first one.
 *
 * Every printed option value is in the option value language, so `CODE[FMT]=VALUE` built from a
 * printed line parses back to the option's exact bytes.
 */
import { optionToJSON, type Option } from '../option-space.js';
import { formatString } from '../types/index.js';
import { formatMac } from '../../wire/address.js';
import type { Dhcp4Message } from './message.js';
import { dhcp4Options } from './option-defs.js';
import { mergeOptions, messageTypeOf } from './options.js';
import { MESSAGE_TYPES } from './value-types.js';

const OPS: Record<number, string> = { 1: 'BOOTREQUEST', 2: 'BOOTREPLY' };

/** One option as printed: `text` parses back through `CODE[format]=text` to the option's bytes. */
export interface PrintedOption {
	code: number;
	/** The RFC long name, or `Unknown`. */
	longName: string;
	/** `hex` when the content does not fit the option's type (or the type is unknown). */
	format?: 'hex';
	text: string;
}

export function printOption(option: Option): PrintedOption {
	const def = dhcp4Options.byCode(option.code);
	const { text, format } = dhcp4Options.formatValue(option);
	return format ? { code: option.code, longName: def?.longName ?? 'Unknown', format, text } : { code: option.code, longName: def?.longName ?? 'Unknown', text };
}

function field(bytes: string): string {
	return bytes === '' ? '' : formatString(Buffer.from(bytes, 'utf8'));
}

function hex(n: number, width: number): string {
	return n.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * The text dump:
 * ```
 *   op=BOOTREPLY chaddr=02:11:22:33:44:55 hops=0 xid=EF222CA1 secs=0 flags=8000
 *   ciaddr=0.0.0.0 yiaddr=10.77.0.134 siaddr=10.77.0.1 giaddr=0.0.0.0 sname= file=
 *   3 options:
 *      53 (DHCP Message Type): offer
 *      51 (IP Address Lease Time): 14400 (4 hours)
 *       6 (Domain Name Server Option)[hex]: 0A 4D 00
 * ```
 * htype and hlen are shown only when they are not Ethernet's 1 and 6.
 */
export function formatMessage(message: Dhcp4Message): string {
	const op = OPS[message.op] ?? String(message.op);
	const hw = message.htype === 1 && message.hlen === 6 ? '' : ` htype=${message.htype} hlen=${message.hlen}`;
	const lines = [
		`  op=${op} chaddr=${formatMac(message.chaddr, 0, message.chaddr.length)}${hw} hops=${message.hops} xid=${hex(message.xid, 8)} secs=${message.secs} flags=${hex(message.flags, 4)}`,
		`  ciaddr=${message.ciaddr} yiaddr=${message.yiaddr} siaddr=${message.siaddr} giaddr=${message.giaddr} sname=${field(message.sname)} file=${field(message.file)}`,
	];
	const options = mergeOptions(message.options);
	lines.push(`  ${options.length} option${options.length === 1 ? '' : 's'}:`);
	for (const o of options) {
		const p = printOption(o);
		lines.push(`    ${String(p.code).padStart(3)} (${p.longName})${p.format ? `[${p.format}]` : ''}: ${p.text}`);
	}
	return lines.join('\n');
}

/** One option in JSON: `{ code, name, value, hex }`, plus `error` when the content does not fit its type. */
export type OptionJson = Record<string, unknown> & { code: number; name: string | null; value: unknown; hex: string };

export interface Dhcp4Json {
	op: 'BOOTREQUEST' | 'BOOTREPLY' | number;
	htype: number;
	hlen: number;
	hops: number;
	xid: number;
	secs: number;
	flags: number;
	ciaddr: string;
	yiaddr: string;
	siaddr: string;
	giaddr: string;
	chaddr: string;
	sname: string;
	file: string;
	/** Option 53's name (`discover`, `offer`, …), its number when unnamed, null when absent or malformed. */
	messageType: string | number | null;
	options: OptionJson[];
}

export function toJSON(message: Dhcp4Message): Dhcp4Json {
	const options = mergeOptions(message.options);
	const type = messageTypeOf(message.options);
	return {
		op: (OPS[message.op] as Dhcp4Json['op'] | undefined) ?? message.op,
		htype: message.htype,
		hlen: message.hlen,
		hops: message.hops,
		xid: message.xid,
		secs: message.secs,
		flags: message.flags,
		ciaddr: message.ciaddr,
		yiaddr: message.yiaddr,
		siaddr: message.siaddr,
		giaddr: message.giaddr,
		chaddr: formatMac(message.chaddr, 0, message.chaddr.length),
		sname: message.sname,
		file: message.file,
		messageType: type === undefined ? null : (MESSAGE_TYPES[type] ?? type),
		options: options.map((o) => optionToJSON(dhcp4Options, o) as OptionJson),
	};
}
