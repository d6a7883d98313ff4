/**
 * The DHCPv6 option registry as a data table, after Kea's STANDARD_V6_OPTION_DEFINITIONS
 * (src/lib/dhcp/std_option_defs.h): Kea's option names, the RFC long names, one generic value
 * type per row. Options that carry options (IA_NA, IA_TA, IAADDR, IA_PD, IAPREFIX, vendor-opts,
 * ntp-server, lq-query, client-data) decode their content recursively through `optionList`, and
 * the Relay Message option decodes to the relayed message.
 */
import { DecodeError, OptionValueError, need } from '../../wire/errors.js';
import { OptionSpace, decodeTlvs, encodeTlvs, optionList, tlvsLength, type Option, type OptionDef } from '../option-space.js';
import {
	arrayOf,
	binary,
	clientFqdnName,
	domainList,
	duration,
	empty,
	enumOf,
	formatHex,
	formatString,
	fqdn,
	ipv6Address,
	lengthPrefixed,
	parseHex,
	parseInteger,
	record,
	splitKeyValue,
	splitTopLevel,
	string,
	stripComment,
	uint16,
	uint32,
	uint8,
	unbracket,
	type RecordField,
	type ValueType,
} from '../types/index.js';
import { MAX_RELAY_DEPTH, MSG_TYPE_NAMES, STATUS_CODE_NAMES } from './constants.js';
import { duidType } from './duid.js';
import { decodeAt, encode as encodeMessage, encodingLength as messageLength, type Dhcp6Message } from './message.js';
import { formatMessageText, messageToJSON, parseMessageText } from './present.js';

/** What a presenter needs to show an option that carries options: its children and their space. */
export interface ContainerView {
	children(value: unknown): Option[];
	space(): OptionSpace;
}

const containers = new WeakMap<ValueType, ContainerView>();

/** The container view of an option type, when its value holds options. */
export function containerOf(type: ValueType): ContainerView | undefined {
	return containers.get(type);
}

/** Value of an option with fixed fields followed by options (RFC 8415 §21.4–§21.6, §21.21, §21.22). */
export type ContainerValue = Record<string, unknown> & { options: Option[] };

/**
 * Fixed fields (all fixed-size) followed by options of `getSpace()`. Text form:
 * `iaid=1, t1=3600 (1 hour), t2=5400 (…), options=[iaaddr=[…], status-code=[…]]`; `options=`
 * is left out when there are none.
 */
function container(kind: string, fields: readonly RecordField[], getSpace: () => OptionSpace): ValueType<ContainerValue> {
	const head = record<Record<string, unknown>>(kind, fields);
	const headLength = head.fixedLength!;
	const list = optionList(getSpace);
	const type: ValueType<ContainerValue> = {
		kind,
		encodingLength: (value) => headLength + tlvsLength(value.options, getSpace()),
		encode(value, buf, offset) {
			const n = head.encode(value, buf, offset);
			return n + encodeTlvs(value.options, getSpace(), buf, offset + n);
		},
		decode(buf, offset, end) {
			if (end - offset < headLength) throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: ${end - offset} bytes, its fixed fields need ${headLength}`);
			const value = head.decode(buf, offset, offset + headLength) as ContainerValue;
			value.options = decodeTlvs(buf, offset + headLength, end, getSpace());
			return value;
		},
		format(value) {
			const text = head.format(value);
			return value.options.length === 0 ? text : `${text}, options=[${list.format(value.options)}]`;
		},
		parse(text) {
			const parts = splitTopLevel(unbracket(stripComment(text.trim())), ',');
			let options: Option[] = [];
			const rest: string[] = [];
			for (const part of parts) {
				const kv = splitKeyValue(part);
				if (kv && kv.key.toLowerCase() === 'options') options = list.parse(unbracket(kv.value));
				else rest.push(part);
			}
			return { ...head.parse(rest.join(', ')), options };
		},
		toJSON: (value) => ({ ...(head.toJSON(value) as Record<string, unknown>), options: list.toJSON(value.options) }),
	};
	containers.set(type, {
		children: (value) => (value as ContainerValue).options,
		space: getSpace,
	});
	return type;
}

/** An option whose whole content is options of another space (RFC 5908 ntp-server, RFC 5007 client-data). */
function subOptions(getSpace: () => OptionSpace, kind: string): ValueType<Option[]> {
	const type = optionList(getSpace, kind);
	containers.set(type, { children: (value) => value as Option[], space: getSpace });
	return type;
}

/** An option code, printed `23 (dns-servers)` and parsed from a number or any name (ORO, RFC 8415 §21.7). */
const optionCode: ValueType<number> = {
	...uint16,
	kind: 'option-code',
	format: (code) => {
		const def = dhcp6Options.byCode(code);
		return def ? `${code} (${def.name})` : String(code);
	},
	parse: (text) => dhcp6Options.resolveCode(stripComment(text.trim())),
};

/** RFC 8415 §21.9: hundredths of a second; 0xffff stands for that long or longer. */
const elapsedTime: ValueType<number> = {
	...uint16,
	kind: 'elapsed-time',
	format: (v) => `${v} (${v / 100} s${v === 0xffff ? ' or more' : ''})`,
	parse(text) {
		const t = stripComment(text.trim());
		const seconds = /^(\d+(?:\.\d+)?)\s*s$/i.exec(t);
		if (seconds) return parseInteger(String(Math.round(Number(seconds[1]) * 100)), 0, 0xffff, 'elapsed time in 1/100 s');
		return parseInteger(t, 0, 0xffff, 'elapsed time in 1/100 s');
	},
};

/** A byte string that prints quoted whenever it holds whitespace, so lists of them split back exactly. */
const word: ValueType<Uint8Array> = {
	...string,
	format(value) {
		const text = formatString(value);
		return !text.startsWith('"') && /\s/.test(text) ? `"${text}"` : text;
	},
};

/** RFC 8415 §21.15/§21.16: opaque data items, each with a 2-octet length. */
const tuples = arrayOf(lengthPrefixed(word, 2), 'tuple[]');

/** Bytes printed as colon hex, like a link-layer address. */
const linkLayerAddress: ValueType<Uint8Array> = {
	...binary,
	kind: 'link-layer-address',
	format: (value) => (value.length === 0 ? '""' : formatHex(value, ':').toLowerCase()),
	parse: (text) => (stripComment(text.trim()) === '""' ? Buffer.alloc(0) : parseHex(text)),
};

function fixedBinary(size: number, kind: string): ValueType<Uint8Array> {
	return {
		...binary,
		kind,
		fixedLength: size,
		encodingLength: () => size,
		encode(value, buf, offset) {
			if (value.length !== size) throw new OptionValueError(`${kind}: needs ${size} bytes, got ${value.length}`);
			buf.set(value, offset);
			return size;
		},
		decode(buf, offset, end) {
			need(offset, size, end, kind);
			if (end - offset !== size) throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: expected ${size} bytes, got ${end - offset}`);
			return buf.subarray(offset, end);
		},
		measure: (_b, offset, end) => (need(offset, size, end, kind), size),
	};
}

/** RFC 4704 §4.1 flags: N (no server updates), O (server overrode), S (server updates AAAA). */
const fqdnFlags: ValueType<number> = {
	...uint8,
	kind: 'fqdn-flags',
	format(v) {
		const bits = [v & 4 ? 'N' : '', v & 2 ? 'O' : '', v & 1 ? 'S' : ''].join('');
		return bits === '' ? String(v) : `${v} (${bits})`;
	},
};

/** RFC 5007 §4.1.2.3 and RFC 5460 §5.3 query types. */
const queryType = enumOf(uint8, 'query-type', {
	1: 'QUERY_BY_ADDRESS',
	2: 'QUERY_BY_CLIENTID',
	3: 'QUERY_BY_RELAY_ID',
	4: 'QUERY_BY_LINK_ADDRESS',
	5: 'QUERY_BY_REMOTE_ID',
});

/**
 * How many Relay Message values are being decoded inside each other right now, so a value
 * decoded through the registry (e.g. while formatting) keeps the MAX_RELAY_DEPTH bound.
 */
let messageDepth = 0;

/** A whole DHCPv6 message as an option value (Relay Message, RFC 8415 §21.10; lq-relay-data, RFC 5007 §4.1.2.4). */
export const messageValue: ValueType<Dhcp6Message> = {
	kind: 'dhcp6-message',
	encodingLength: (m) => messageLength(m),
	encode: (m, buf, offset) => encodeMessage(m, buf, offset),
	decode(buf, offset, end) {
		messageDepth++;
		try {
			if (messageDepth > MAX_RELAY_DEPTH) throw new DecodeError('ERR_TOO_DEEP', offset, `relay messages nested more than ${MAX_RELAY_DEPTH} deep`);
			return decodeAt(buf, offset, end, messageDepth);
		} finally {
			messageDepth--;
		}
	},
	format: (m) => formatMessageText(m),
	parse: (text) => parseMessageText(text),
	toJSON: (m) => messageToJSON(m),
};

const dhcp6 = (): OptionSpace => dhcp6Options;
const u32 = (name: string): RecordField => ({ name, type: uint32 });
const lifetime = (name: string): RecordField => ({ name, type: duration });
const ipv6s = arrayOf(ipv6Address);
const names = domainList(false);

/**
 * RFC 8415 §21.17: vendor-specific sub-options, 2-octet code and length, meaning defined by the
 * enterprise; none are known here, so they print as hex.
 */
export const vendorOptsSpace = new OptionSpace('vendor-opts-space', 2, 2, []);

/** RFC 5908 §4: NTP server sub-options (Kea's v6-ntp-server-suboptions space). */
export const ntpServerSpace = new OptionSpace('v6-ntp-server-suboptions', 2, 2, [
	{ code: 1, name: 'ntp-server-address', longName: 'NTP Server Address', type: ipv6Address, ref: 'RFC 5908 §4.1' },
	{ code: 2, name: 'ntp-server-multicast', longName: 'NTP Multicast Address', type: ipv6Address, ref: 'RFC 5908 §4.2' },
	{ code: 3, name: 'ntp-server-fqdn', longName: 'NTP Server FQDN', type: fqdn, ref: 'RFC 5908 §4.3' },
]);

const DEFS: OptionDef[] = [
	{ code: 1, name: 'clientid', longName: 'Client Identifier', type: duidType, aliases: ['client-duid'], ref: 'RFC 8415 §21.2' },
	{ code: 2, name: 'serverid', longName: 'Server Identifier', type: duidType, aliases: ['server-duid'], ref: 'RFC 8415 §21.3' },
	{ code: 3, name: 'ia-na', longName: 'Identity Association for Non-temporary Addresses', type: container('ia-na', [u32('iaid'), lifetime('t1'), lifetime('t2')], dhcp6), ref: 'RFC 8415 §21.4' },
	{ code: 4, name: 'ia-ta', longName: 'Identity Association for Temporary Addresses', type: container('ia-ta', [u32('iaid')], dhcp6), ref: 'RFC 8415 §21.5' },
	{ code: 5, name: 'iaaddr', longName: 'IA Address', type: container('iaaddr', [{ name: 'address', type: ipv6Address }, lifetime('preferred-lifetime'), lifetime('valid-lifetime')], dhcp6), ref: 'RFC 8415 §21.6' },
	{ code: 6, name: 'oro', longName: 'Option Request', type: arrayOf(optionCode, 'option-code[]'), ref: 'RFC 8415 §21.7' },
	{ code: 7, name: 'preference', longName: 'Preference', type: uint8, ref: 'RFC 8415 §21.8' },
	{ code: 8, name: 'elapsed-time', longName: 'Elapsed Time', type: elapsedTime, ref: 'RFC 8415 §21.9' },
	{ code: 9, name: 'relay-msg', longName: 'Relay Message', type: messageValue, ref: 'RFC 8415 §21.10' },
	{
		code: 11,
		name: 'auth',
		longName: 'Authentication',
		type: record('auth', [
			{ name: 'protocol', type: uint8 },
			{ name: 'algorithm', type: uint8 },
			{ name: 'rdm', type: uint8 },
			{ name: 'replay-detection', type: fixedBinary(8, 'replay-detection') },
			{ name: 'auth-info', type: binary },
		]),
		ref: 'RFC 8415 §21.11',
	},
	{ code: 12, name: 'unicast', longName: 'Server Unicast', type: ipv6Address, ref: 'RFC 8415 §21.12' },
	{
		code: 13,
		name: 'status-code',
		longName: 'Status Code',
		type: record('status-code', [
			{ name: 'status-code', type: enumOf(uint16, 'status-code', STATUS_CODE_NAMES), aliases: ['code'] },
			{ name: 'status-message', type: string, aliases: ['message'] },
		]),
		ref: 'RFC 8415 §21.13',
	},
	{ code: 14, name: 'rapid-commit', longName: 'Rapid Commit', type: empty, ref: 'RFC 8415 §21.14' },
	{ code: 15, name: 'user-class', longName: 'User Class', type: tuples, ref: 'RFC 8415 §21.15' },
	{ code: 16, name: 'vendor-class', longName: 'Vendor Class', type: record('vendor-class', [u32('enterprise'), { name: 'data', type: tuples }]), ref: 'RFC 8415 §21.16' },
	{ code: 17, name: 'vendor-opts', longName: 'Vendor-specific Information', type: container('vendor-opts', [u32('enterprise')], () => vendorOptsSpace), ref: 'RFC 8415 §21.17' },
	{ code: 18, name: 'interface-id', longName: 'Interface-Id', type: binary, ref: 'RFC 8415 §21.18' },
	{ code: 19, name: 'reconf-msg', longName: 'Reconfigure Message', type: enumOf(uint8, 'msg-type', MSG_TYPE_NAMES), ref: 'RFC 8415 §21.19' },
	{ code: 20, name: 'reconf-accept', longName: 'Reconfigure Accept', type: empty, ref: 'RFC 8415 §21.20' },
	{ code: 21, name: 'sip-server-dns', longName: 'SIP Servers Domain Name List', type: names, ref: 'RFC 3319 §3.1' },
	{ code: 22, name: 'sip-server-addr', longName: 'SIP Servers IPv6 Address List', type: ipv6s, ref: 'RFC 3319 §3.2' },
	{ code: 23, name: 'dns-servers', longName: 'DNS Recursive Name Server', type: ipv6s, aliases: ['name-servers'], ref: 'RFC 3646 §3' },
	{ code: 24, name: 'domain-search', longName: 'Domain Search List', type: names, aliases: ['domain-list'], ref: 'RFC 3646 §4' },
	{ code: 25, name: 'ia-pd', longName: 'Identity Association for Prefix Delegation', type: container('ia-pd', [u32('iaid'), lifetime('t1'), lifetime('t2')], dhcp6), ref: 'RFC 8415 §21.21' },
	{
		code: 26,
		name: 'iaprefix',
		longName: 'IA Prefix',
		type: container('iaprefix', [lifetime('preferred-lifetime'), lifetime('valid-lifetime'), { name: 'prefix-length', type: uint8 }, { name: 'prefix', type: ipv6Address }], dhcp6),
		ref: 'RFC 8415 §21.22',
	},
	{ code: 27, name: 'nis-servers', longName: 'Network Information Service (NIS) Servers', type: ipv6s, ref: 'RFC 3898 §3' },
	{ code: 28, name: 'nisp-servers', longName: 'Network Information Service V2 (NIS+) Servers', type: ipv6s, ref: 'RFC 3898 §4' },
	{ code: 29, name: 'nis-domain-name', longName: 'NIS Domain Name', type: names, ref: 'RFC 3898 §5' },
	{ code: 30, name: 'nisp-domain-name', longName: 'NIS+ Domain Name', type: names, ref: 'RFC 3898 §6' },
	{ code: 31, name: 'sntp-servers', longName: 'Simple Network Time Protocol (SNTP) Servers', type: ipv6s, ref: 'RFC 4075 §4' },
	{ code: 32, name: 'information-refresh-time', longName: 'Information Refresh Time', type: duration, ref: 'RFC 8415 §21.23' },
	{ code: 33, name: 'bcmcs-server-dns', longName: 'BCMCS Controller Domain Name List', type: names, ref: 'RFC 4280 §4.1' },
	{ code: 34, name: 'bcmcs-server-addr', longName: 'BCMCS Controller IPv6 Address', type: ipv6s, ref: 'RFC 4280 §4.2' },
	{ code: 37, name: 'remote-id', longName: 'Relay Agent Remote-ID', type: record('remote-id', [u32('enterprise'), { name: 'remote-id', type: binary }]), ref: 'RFC 4649 §3' },
	{ code: 38, name: 'subscriber-id', longName: 'Relay Agent Subscriber-ID', type: binary, ref: 'RFC 4580 §2' },
	{ code: 39, name: 'client-fqdn', longName: 'Client FQDN', type: record('client-fqdn', [{ name: 'flags', type: fqdnFlags }, { name: 'domain-name', type: clientFqdnName }]), ref: 'RFC 4704 §4' },
	{ code: 40, name: 'pana-agent', longName: 'PANA Authentication Agent', type: ipv6s, ref: 'RFC 5192 §4' },
	{ code: 41, name: 'new-posix-timezone', longName: 'POSIX Timezone', type: string, ref: 'RFC 4833 §3' },
	{ code: 42, name: 'new-tzdb-timezone', longName: 'TZ Database Timezone', type: string, ref: 'RFC 4833 §3' },
	{ code: 43, name: 'ero', longName: 'Relay Agent Echo Request', type: arrayOf(optionCode, 'option-code[]'), ref: 'RFC 4994 §4' },
	{ code: 44, name: 'lq-query', longName: 'Leasequery Query', type: container('lq-query', [{ name: 'query-type', type: queryType }, { name: 'link-address', type: ipv6Address }], dhcp6), ref: 'RFC 5007 §4.1.2.1' },
	{ code: 45, name: 'client-data', longName: 'Leasequery Client Data', type: subOptions(dhcp6, 'client-data'), ref: 'RFC 5007 §4.1.2.2' },
	{ code: 46, name: 'clt-time', longName: 'Client Last Transaction Time', type: duration, ref: 'RFC 5007 §4.1.2.3' },
	{ code: 47, name: 'lq-relay-data', longName: 'Leasequery Relay Data', type: record('lq-relay-data', [{ name: 'peer-address', type: ipv6Address }, { name: 'relay-message', type: messageValue }]), ref: 'RFC 5007 §4.1.2.4' },
	{ code: 48, name: 'lq-client-link', longName: 'Leasequery Client Link', type: ipv6s, ref: 'RFC 5007 §4.1.2.5' },
	{ code: 53, name: 'relay-id', longName: 'Relay Identifier', type: duidType, ref: 'RFC 5460 §5.4.1' },
	{ code: 56, name: 'ntp-server', longName: 'NTP Server', type: subOptions(() => ntpServerSpace, 'ntp-server'), ref: 'RFC 5908 §4' },
	{ code: 59, name: 'bootfile-url', longName: 'Boot File URL', type: string, ref: 'RFC 5970 §3.1' },
	{ code: 60, name: 'bootfile-param', longName: 'Boot File Parameters', type: tuples, ref: 'RFC 5970 §3.2' },
	{ code: 61, name: 'client-arch-type', longName: 'Client System Architecture Type', type: arrayOf(uint16), ref: 'RFC 5970 §3.3' },
	{ code: 62, name: 'nii', longName: 'Client Network Interface Identifier', type: record('nii', [{ name: 'type', type: uint8 }, { name: 'major', type: uint8 }, { name: 'minor', type: uint8 }]), ref: 'RFC 5970 §3.4' },
	{ code: 64, name: 'aftr-name', longName: 'AFTR Name', type: fqdn, ref: 'RFC 6334 §3' },
	{ code: 65, name: 'erp-local-domain-name', longName: 'ERP Local Domain Name', type: fqdn, ref: 'RFC 6440 §3' },
	{
		code: 79,
		name: 'client-linklayer-addr',
		longName: 'Client Link-Layer Address',
		type: record('client-linklayer-addr', [{ name: 'link-layer-type', type: uint16, aliases: ['htype'] }, { name: 'link-layer-address', type: linkLayerAddress, aliases: ['address'] }]),
		ref: 'RFC 6939 §4',
	},
	{ code: 80, name: 'link-address', longName: 'Link Address', type: ipv6Address, ref: 'RFC 6977 §4.1' },
	{ code: 82, name: 'solmax-rt', longName: 'SOL_MAX_RT', type: duration, ref: 'RFC 8415 §21.24' },
	{ code: 83, name: 'inf-max-rt', longName: 'INF_MAX_RT', type: duration, ref: 'RFC 8415 §21.25' },
];

/** The DHCPv6 option space: 2-octet codes and lengths (RFC 8415 §21.1). */
export const dhcp6Options: OptionSpace = new OptionSpace('dhcp6', 2, 2, DEFS);
