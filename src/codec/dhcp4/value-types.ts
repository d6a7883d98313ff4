/**
 * Value types that only DHCPv4 options use: the ones whose wire form the shared type vocabulary
 * (src/codec/types) cannot express as an array or a record — a flag that changes how the rest is
 * encoded (RFC 4702 client FQDN, RFC 3361 SIP servers), variable-width fields (RFC 3442 routes),
 * non-RFC fallbacks (Microsoft's option 77) — plus the enumerations the option table refers to.
 */
import { DecodeError, OptionValueError, need } from '../../wire/errors.js';
import type { OptionSpace } from '../option-space.js';
import {
	arrayOf,
	binary,
	clientFqdnName,
	domainList,
	enumOf,
	formatHex,
	formatString,
	ipv4Address,
	ipv4ToString,
	lengthPrefixed,
	parseHex,
	parseInteger,
	parseString,
	record,
	splitKeyValue,
	splitList,
	splitTopLevel,
	string,
	stripComment,
	textOf,
	uint8,
	uint16,
	unbracket,
	writeIpv4,
	type EnumTable,
	type ValueType,
} from '../types/index.js';

/**
 * The DHCPv4 message types (option 53), RFC 2132 §9.6, with the later additions from the IANA
 * registry: the one table, by name; MESSAGE_TYPES reads it by code.
 */
export const MessageType = {
	DISCOVER: 1,
	OFFER: 2,
	REQUEST: 3,
	DECLINE: 4,
	ACK: 5,
	NAK: 6,
	RELEASE: 7,
	INFORM: 8,
	FORCERENEW: 9, // RFC 3203
	LEASEQUERY: 10, // RFC 4388
	LEASEUNASSIGNED: 11,
	LEASEUNKNOWN: 12,
	LEASEACTIVE: 13,
	BULKLEASEQUERY: 14, // RFC 6926
	LEASEQUERYDONE: 15,
	ACTIVELEASEQUERY: 16, // RFC 7724
	LEASEQUERYSTATUS: 17,
	TLS: 18,
} as const;

/** Message type names by code, lower case as dhcptest prints them (`offer`). */
export const MESSAGE_TYPES: EnumTable = Object.fromEntries(Object.entries(MessageType).map(([name, code]) => [code, name.toLowerCase()]));

const messageTypeEnum = enumOf(uint8, 'message-type', MESSAGE_TYPES);

/** Option 53. Accepts `offer`, `DHCPOFFER` and `2`; prints the short name as dhcptest does. */
export const messageType: ValueType<number> = {
	...messageTypeEnum,
	parse: (text) => messageTypeEnum.parse(stripComment(text.trim()).replace(/^dhcp(?=[a-z])/i, '')),
};

/** RFC 2132 §8.7 NetBIOS node types; dhcptest's letters (`B`, `P`, `M`, `H`) are accepted too. */
export const netbiosNodeType = enumOf(uint8, 'netbios-node-type', { 1: 'B-node', 2: 'P-node', 4: 'M-node', 8: 'H-node' }, { B: 1, P: 2, M: 4, H: 8 });

/** RFC 2132 §9.3: which of the file and sname fields carry options. */
export const overloadType = enumOf(uint8, 'option-overload', { 1: 'file', 2: 'sname', 3: 'both' });

/** RFC 2563 §2 auto-configure values. */
export const autoConfigType = enumOf(uint8, 'auto-config', { 0: 'DoNotAutoConfigure', 1: 'AutoConfigure' });

/** IANA "Processor Architecture Types" (RFC 4578 §2.1 and later registrations). */
export const ARCHITECTURES: EnumTable = {
	0: 'x86Bios',
	1: 'necPc98',
	2: 'itanium',
	3: 'decAlpha',
	4: 'arcX86',
	5: 'intelLeanClient',
	6: 'x86Uefi',
	7: 'x64Uefi',
	8: 'efiXscale',
	9: 'ebc',
	10: 'arm32Uefi',
	11: 'arm64Uefi',
	12: 'powerPcOpenFirmware',
	13: 'powerPcEpapr',
	14: 'powerOpalV3',
	15: 'x86UefiHttp',
	16: 'x64UefiHttp',
	17: 'ebcHttp',
	18: 'arm32UefiHttp',
	19: 'arm64UefiHttp',
	20: 'pcBiosHttp',
	21: 'arm32Uboot',
	22: 'arm64Uboot',
	23: 'arm32UbootHttp',
	24: 'arm64UbootHttp',
	25: 'riscv32Uefi',
	26: 'riscv32UefiHttp',
	27: 'riscv64Uefi',
	28: 'riscv64UefiHttp',
	29: 'riscv128Uefi',
	30: 'riscv128UefiHttp',
	31: 's390Basic',
	32: 's390Extended',
	33: 'mips32Uefi',
	34: 'mips64Uefi',
	35: 'sunway32Uefi',
	36: 'sunway64Uefi',
	37: 'loongArch32Uefi',
	38: 'loongArch32UefiHttp',
	39: 'loongArch64Uefi',
	40: 'loongArch64UefiHttp',
	41: 'armRpiboot',
};

/** One architecture type (RFC 4578 §2.1), also under dhcptest's spellings where they differ. */
export const clientArchitecture = enumOf(uint16, 'client-arch', ARCHITECTURES, { x86BiosInt13h: 0, sunwayUefi: 35 });

/** Option 93: a list of architecture types (RFC 4578 §2.1). */
export const clientArchitectures = arrayOf(clientArchitecture, 'client-arch[]');

/** Bytes printed as colon-separated hex (`02:11:22:33:44:55`), the usual spelling of hardware addresses. */
export const colonHex: ValueType<Uint8Array> = {
	...binary,
	kind: 'hex',
	format: (value) => (value.length === 0 ? '""' : formatHex(value, ':')),
};

/** Exactly `n` opaque bytes (e.g. the RFC 3118 replay detection field). */
export function fixedBytes(n: number, kind = `binary${n}`): ValueType<Uint8Array> {
	return {
		...binary,
		kind,
		fixedLength: n,
		encodingLength: () => n,
		encode(value, buf, offset) {
			if (value.length !== n) throw new OptionValueError(`${kind}: expected ${n} bytes, got ${value.length}`);
			buf.set(value, offset);
			return n;
		},
		decode(buf, offset, end) {
			if (end - offset < n) need(offset, n, end, kind);
			if (end - offset !== n) throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: expected ${n} bytes, got ${end - offset}`);
			return buf.subarray(offset, end);
		},
		measure: (_buf, offset, end) => (need(offset, n, end, kind), n),
		parse(text) {
			const bytes = parseHex(text);
			if (bytes.length !== n) throw new OptionValueError(`${kind}: expected ${n} bytes, got ${bytes.length}`);
			return bytes;
		},
	};
}

/** Option 61 (RFC 2132 §9.14): a hardware type octet and the identifier, `type=1, clientIdentifier=02:11:…`. */
export const clientIdentifier = record<{ type: number; clientIdentifier: Uint8Array }>('client-id', [
	{ name: 'type', type: uint8 },
	{ name: 'clientIdentifier', type: colonHex, aliases: ['id', 'identifier'] },
]);

/** Option 97 (RFC 4578 §2.3): a type octet (0 = UUID) and the machine's 16-octet GUID. */
export const uuidGuid = record<{ type: number; guid: Uint8Array }>('uuid-guid', [
	{ name: 'type', type: uint8 },
	{ name: 'guid', type: colonHex, aliases: ['uuid'] },
]);

/**
 * Option 77 (RFC 3004 §4): a list of length-prefixed user classes. Windows sends a bare string
 * instead (no length octets); content that is not a valid RFC 3004 list is kept as one raw
 * string and printed as `raw="…"`, so every byte still round-trips.
 */
export type UserClass = { classes: Uint8Array[] } | { raw: Uint8Array };

const userClassList = arrayOf(lengthPrefixed(string, 1));

function isRfc3004(buf: Uint8Array, offset: number, end: number): boolean {
	if (end === offset) return false;
	let p = offset;
	while (p < end) {
		const len = buf[p]!;
		// RFC 3004 §4: each UC_Len is at least 1.
		if (len === 0 || p + 1 + len > end) return false;
		p += 1 + len;
	}
	return true;
}

export const userClass: ValueType<UserClass> = {
	kind: 'user-class',
	encodingLength: (value) => ('raw' in value ? value.raw.length : userClassList.encodingLength(value.classes)),
	encode(value, buf, offset) {
		if ('raw' in value) {
			buf.set(value.raw, offset);
			return value.raw.length;
		}
		return userClassList.encode(value.classes, buf, offset);
	},
	decode(buf, offset, end) {
		return isRfc3004(buf, offset, end) ? { classes: userClassList.decode(buf, offset, end) } : { raw: buf.subarray(offset, end) };
	},
	format: (value) => ('raw' in value ? `raw=${formatString(value.raw)}` : userClassList.format(value.classes)),
	parse(text) {
		const t = stripComment(text.trim());
		const raw = /^raw\s*=/.exec(t);
		if (raw) return { raw: parseString(t.slice(raw[0].length)) };
		const classes = userClassList.parse(t);
		if (classes.length === 0) throw new OptionValueError('user-class: needs at least one class (or raw="…")');
		return { classes };
	},
	toJSON: (value) => ('raw' in value ? { raw: textOf(value.raw) } : value.classes.map(textOf)),
};

/**
 * Option 81 (RFC 4702 §2): flags, two deprecated RCODE octets and the name. The E flag (0x04,
 * §2.1) says whether the name is in DNS wire format (§2.3.1) or deprecated ASCII (§2.3.2), so the
 * name's text form depends on the flags: a DNS name (`host.example.com.`) or a string.
 */
export interface ClientFqdn {
	flags: number;
	rcode1: number;
	rcode2: number;
	/** DNS text form when the E flag is set, the ASCII bytes as text otherwise. */
	name: string;
}

const FQDN_E = 0x04;

export const clientFqdn: ValueType<ClientFqdn> = {
	kind: 'client-fqdn',
	encodingLength: (value) => 3 + (value.flags & FQDN_E ? clientFqdnName.encodingLength(value.name) : Buffer.byteLength(value.name, 'latin1')),
	encode(value, buf, offset) {
		buf[offset] = value.flags;
		buf[offset + 1] = value.rcode1;
		buf[offset + 2] = value.rcode2;
		if (value.flags & FQDN_E) return 3 + clientFqdnName.encode(value.name, buf, offset + 3);
		const bytes = Buffer.from(value.name, 'latin1');
		buf.set(bytes, offset + 3);
		return 3 + bytes.length;
	},
	decode(buf, offset, end) {
		need(offset, 3, end, 'client-fqdn');
		const flags = buf[offset]!;
		const name = flags & FQDN_E ? clientFqdnName.decode(buf, offset + 3, end) : Buffer.from(buf.buffer, buf.byteOffset + offset + 3, end - offset - 3).toString('latin1');
		return { flags, rcode1: buf[offset + 1]!, rcode2: buf[offset + 2]!, name };
	},
	format(value) {
		const name = value.flags & FQDN_E ? clientFqdnName.format(value.name) : formatString(Buffer.from(value.name, 'latin1'));
		return `flags=${value.flags}, rcode1=${value.rcode1}, rcode2=${value.rcode2}, name=${name}`;
	},
	parse(text) {
		const parts = splitTopLevel(unbracket(stripComment(text.trim())), ',');
		const fields: Record<string, string> = {};
		const order = ['flags', 'rcode1', 'rcode2', 'name'];
		const named = parts.map(splitKeyValue);
		if (named.every((kv) => kv && order.includes(kv.key.toLowerCase()))) {
			for (const kv of named) fields[kv!.key.toLowerCase()] = kv!.value;
		} else {
			if (parts.length < 4) throw new OptionValueError('client-fqdn needs flags, rcode1, rcode2, name');
			order.forEach((k, i) => (fields[k] = i === 3 ? parts.slice(3).join(', ') : parts[i]!));
		}
		for (const k of order) if (fields[k] === undefined) throw new OptionValueError(`client-fqdn: missing ${k}`);
		const flags = parseInteger(fields.flags!, 0, 255, 'client-fqdn flags');
		const nameText = unbracket(fields.name!);
		const name = flags & FQDN_E ? clientFqdnName.parse(nameText) : parseString(nameText).toString('latin1');
		return {
			flags,
			rcode1: parseInteger(fields.rcode1!, 0, 255, 'client-fqdn rcode1'),
			rcode2: parseInteger(fields.rcode2!, 0, 255, 'client-fqdn rcode2'),
			name,
		};
	},
	toJSON: (value) => ({ ...value }),
};

/**
 * Option 121 (RFC 3442 §3): destination descriptors (a width and only the significant octets of
 * the destination) each followed by a router. Destinations print with the octets as sent, so a
 * route whose insignificant bits are not zero still round-trips.
 */
export interface ClasslessRoute {
	destination: string;
	width: number;
	router: string;
}

export const classlessRoutes: ValueType<ClasslessRoute[]> = {
	kind: 'classless-static-route',
	encodingLength: (routes) => routes.reduce((n, r) => n + 1 + Math.ceil(r.width / 8) + 4, 0),
	encode(routes, buf, offset) {
		let p = offset;
		const dest = Buffer.alloc(4);
		for (const r of routes) {
			if (!Number.isInteger(r.width) || r.width < 0 || r.width > 32) throw new OptionValueError(`route width ${r.width} is not 0..32`);
			writeIpv4(r.destination, dest, 0);
			const significant = Math.ceil(r.width / 8);
			buf[p++] = r.width;
			for (let i = 0; i < significant; i++) buf[p++] = dest[i]!;
			writeIpv4(r.router, buf, p);
			p += 4;
		}
		return p - offset;
	},
	decode(buf, offset, end) {
		const routes: ClasslessRoute[] = [];
		let p = offset;
		while (p < end) {
			const width = buf[p]!;
			if (width > 32) throw new DecodeError('ERR_BAD_VALUE', p, `classless route width ${width} is over 32 (RFC 3442 §3)`);
			const significant = Math.ceil(width / 8);
			need(p + 1, significant + 4, end, 'classless static route');
			const d = [0, 0, 0, 0];
			for (let i = 0; i < significant; i++) d[i] = buf[p + 1 + i]!;
			routes.push({ destination: d.join('.'), width, router: ipv4ToString(buf, p + 1 + significant) });
			p += 1 + significant + 4;
		}
		return routes;
	},
	format: (routes) => routes.map((r) => `${r.destination}/${r.width} -> ${r.router}`).join(', '),
	parse(text) {
		return splitList(text.replace(/\s*->\s*/g, '->')).map((item) => {
			const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)->(\d+\.\d+\.\d+\.\d+)$/.exec(item.trim());
			if (!m) throw new OptionValueError(`expected a route such as 10.0.0.0/8 -> 192.168.1.1, got ${JSON.stringify(item.trim())}`);
			ipv4Address.parse(m[1]!);
			ipv4Address.parse(m[3]!);
			return { destination: m[1]!, width: parseInteger(m[2]!, 0, 32, 'route prefix length'), router: m[3]! };
		});
	},
	toJSON: (routes) => routes.map((r) => ({ ...r })),
};

/**
 * Option 120 (RFC 3361 §3): an encoding octet, then either compressed domain names (enc 0, §3.1)
 * or IPv4 addresses (enc 1, §3.2). Printed as `names=[a., b.]` or `addresses=[10.0.0.1]`.
 */
export type SipServers = { names: string[] } | { addresses: string[] };

const sipNames = domainList(true);
const sipAddresses = arrayOf(ipv4Address);

export const sipServers: ValueType<SipServers> = {
	kind: 'sip-servers',
	encodingLength: (v) => 1 + ('names' in v ? sipNames.encodingLength(v.names) : sipAddresses.encodingLength(v.addresses)),
	encode(v, buf, offset) {
		buf[offset] = 'names' in v ? 0 : 1;
		return 1 + ('names' in v ? sipNames.encode(v.names, buf, offset + 1) : sipAddresses.encode(v.addresses, buf, offset + 1));
	},
	decode(buf, offset, end) {
		need(offset, 1, end, 'sip-servers encoding');
		const enc = buf[offset]!;
		// RFC 3361 §3.1: compression pointers are relative to the start of the names, after the encoding octet.
		if (enc === 0) return { names: sipNames.decode(buf, offset + 1, end) };
		if (enc === 1) return { addresses: sipAddresses.decode(buf, offset + 1, end) };
		throw new DecodeError('ERR_BAD_VALUE', offset, `sip-servers encoding ${enc} is neither 0 (names) nor 1 (addresses)`);
	},
	format: (v) => ('names' in v ? `names=[${sipNames.format(v.names)}]` : `addresses=[${sipAddresses.format(v.addresses)}]`),
	parse(text) {
		const kv = splitKeyValue(stripComment(text.trim()));
		const key = kv?.key.toLowerCase();
		if (key === 'names') return { names: sipNames.parse(unbracket(kv!.value)) };
		if (key === 'addresses') return { addresses: sipAddresses.parse(unbracket(kv!.value)) };
		throw new OptionValueError(`sip-servers: expected names=[…] or addresses=[…], got ${JSON.stringify(text.trim())}`);
	},
	toJSON: (v) => ('names' in v ? { names: v.names } : { addresses: v.addresses }),
};

/** One DHCPv4 option code, printed `1 (Subnet Mask)` and parsed by number or any name (dhcptest's `dhcpOptionType`). */
export function optionCodeOf(getSpace: () => OptionSpace): ValueType<number> {
	return {
		...uint8,
		kind: 'option-code',
		format(code) {
			const def = getSpace().byCode(code);
			return def ? `${code} (${def.longName})` : String(code);
		},
		parse: (text) => getSpace().resolveCode(stripComment(unbracket(text.trim()))),
	};
}

/**
 * Option 55 (RFC 2132 §9.8): option codes, printed `1 (Subnet Mask), 3 (Router Option)` and
 * parsed by number or by any name of the option.
 */
export function parameterList(getSpace: () => OptionSpace): ValueType<number[]> {
	const codes = arrayOf(uint8);
	const code = optionCodeOf(getSpace);
	return {
		...codes,
		kind: 'parameter-request-list',
		format: (values) => values.map((c) => code.format(c)).join(', '),
		parse(text) {
			const space = getSpace();
			let t = unbracket(stripComment(text.trim()));
			if (t === '') return [];
			// A single name with spaces (`Subnet Mask`) is one item, not two.
			if (!t.includes(',') && space.byName(t)) return [space.resolveCode(t)];
			const items = t.includes(',') ? splitTopLevel(t, ',') : t.split(/\s+/);
			return items.filter((i) => i !== '').map((i) => space.resolveCode(stripComment(unbracket(i))));
		},
	};
}
