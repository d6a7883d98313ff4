/**
 * A whole DHCPv4 message as an option value: the DHCPv4 Message option of DHCPv4-over-DHCPv6
 * (RFC 7341 §7.1, DHCPv6 option 87) carries one, decoded here by the DHCPv4 decoder.
 *
 * Text form, one line in the option value language:
 * `op=BOOTREQUEST, htype=1, hlen=6, hops=0, xid=0x0000abcd, secs=0, flags=0x0000, ciaddr=0.0.0.0,
 * yiaddr=…, siaddr=…, giaddr=…, chaddr=02:00:00:00:00:01, sname="", file="", min-length=300,
 * options=[dhcp-message-type=discover, …]`. A message whose layout that form cannot rebuild byte
 * for byte (options in sname/file, pad octets, bytes after END other than zeros, text after a NUL
 * in sname/file) prints as `raw=…` hex instead, so the printed value always parses back exactly.
 */
import { OptionValueError } from '../../wire/errors.js';
import { formatMac } from '../../wire/address.js';
import { optionList } from '../option-space.js';
import {
	enumOf,
	formatHex,
	formatString,
	ipv4Address,
	normalizeName,
	parseHardwareAddress,
	parseHex,
	parseInteger,
	parseString,
	splitKeyValue,
	splitTopLevel,
	stripComment,
	textOf,
	uint8,
	unbracket,
	type ValueType,
} from '../types/index.js';
import { decode, encode, encodingLength, toBuffer, type Dhcp4Message } from './message.js';
import { dhcp4Options } from './option-defs.js';
import { toJSON } from './present.js';

const opType = enumOf(uint8, 'op', { 1: 'BOOTREQUEST', 2: 'BOOTREPLY' });
const options = optionList(() => dhcp4Options);

function hex(n: number, width: number): string {
	return `0x${n.toString(16).padStart(width, '0')}`;
}

function structured(m: Dhcp4Message, length: number): string {
	const text = (s: string): string => (s === '' ? '""' : formatString(Buffer.from(s, 'utf8')));
	return [
		`op=${opType.format(m.op)}`,
		`htype=${m.htype}`,
		`hlen=${m.hlen}`,
		`hops=${m.hops}`,
		`xid=${hex(m.xid, 8)}`,
		`secs=${m.secs}`,
		`flags=${hex(m.flags, 4)}`,
		`ciaddr=${m.ciaddr}`,
		`yiaddr=${m.yiaddr}`,
		`siaddr=${m.siaddr}`,
		`giaddr=${m.giaddr}`,
		`chaddr=${m.chaddr.length === 0 ? '""' : formatMac(m.chaddr, 0, m.chaddr.length)}`,
		`sname=${text(m.sname)}`,
		`file=${text(m.file)}`,
		`min-length=${length}`,
		`options=[${options.format(m.options)}]`,
	].join(', ');
}

function parseStructured(fields: Map<string, string>): Dhcp4Message {
	const get = (name: string): string => {
		const v = fields.get(normalizeName(name));
		if (v === undefined) throw new OptionValueError(`a DHCPv4 message needs ${name}=…`);
		return stripComment(v.trim());
	};
	const str = (name: string): string => textOf(parseString(unbracket(get(name))));
	const chaddrText = get('chaddr');
	const chaddr = chaddrText === '""' ? new Uint8Array(0) : parseHardwareAddress(chaddrText);
	return {
		op: opType.parse(get('op')),
		htype: parseInteger(get('htype'), 0, 0xff, 'htype'),
		hlen: parseInteger(get('hlen'), 0, 16, 'hlen'),
		hops: parseInteger(get('hops'), 0, 0xff, 'hops'),
		xid: parseInteger(get('xid'), 0, 0xffffffff, 'xid'),
		secs: parseInteger(get('secs'), 0, 0xffff, 'secs'),
		flags: parseInteger(get('flags'), 0, 0xffff, 'flags'),
		ciaddr: ipv4Address.parse(get('ciaddr')),
		yiaddr: ipv4Address.parse(get('yiaddr')),
		siaddr: ipv4Address.parse(get('siaddr')),
		giaddr: ipv4Address.parse(get('giaddr')),
		chaddr,
		sname: str('sname'),
		file: str('file'),
		options: fields.has('options') ? options.parse(unbracket(get('options'))) : [],
		minLength: fields.has('minlength') ? parseInteger(get('min-length'), 0, 0xffff, 'min-length') : 0,
	};
}

/** Parses the text form of {@link dhcp4MessageValue}; throws OptionValueError. */
export function parseDhcp4MessageText(text: string): Dhcp4Message {
	const fields = new Map<string, string>();
	for (const part of splitTopLevel(unbracket(stripComment(text.trim())), ',')) {
		if (part === '') continue;
		const kv = splitKeyValue(part);
		if (!kv) throw new OptionValueError(`expected name=value in a DHCPv4 message, got ${JSON.stringify(part)}`);
		fields.set(normalizeName(kv.key), kv.value);
	}
	const raw = fields.get('raw');
	if (raw !== undefined) {
		const bytes = parseHex(raw);
		try {
			return decode(bytes);
		} catch (error) {
			throw new OptionValueError(`raw= is not a DHCPv4 message: ${(error as Error).message}`);
		}
	}
	return parseStructured(fields);
}

/** The text form of a message: structured when it rebuilds the same bytes, else `raw=` hex. */
export function formatDhcp4MessageText(m: Dhcp4Message): string {
	const bytes = toBuffer(m);
	const text = structured(m, bytes.length);
	try {
		if (toBuffer(parseDhcp4MessageText(text)).equals(bytes)) return text;
	} catch (error) {
		if (!(error instanceof OptionValueError)) throw error;
	}
	return `raw=${formatHex(bytes)}`;
}

export const dhcp4MessageValue: ValueType<Dhcp4Message> = {
	kind: 'dhcpv4-message',
	encodingLength: (m) => encodingLength(m),
	encode: (m, buf, offset) => encode(m, buf, offset),
	decode: (buf, offset, end) => decode(buf, offset, end),
	format: formatDhcp4MessageText,
	parse: parseDhcp4MessageText,
	toJSON: (m) => toJSON(m),
};
