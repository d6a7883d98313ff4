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
	int32,
	ipv4Address,
	ipv6Address,
	ipv6Prefix,
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
import { MSG_TYPE_NAMES, STATUS_CODE_NAMES } from './constants.js';
import { duidType } from './duid.js';
import { dhcp6MessageValue } from './message-value.js';
import { dhcp4MessageValue } from '../dhcp4/message-value.js';

/** What a presenter needs to show an option that carries options: its children and their space. */
export interface ContainerView {
	children(value: unknown): Option[];
	/** The space the children belong to (for vendor-opts it depends on the enterprise number). */
	space(value: unknown): OptionSpace;
}

const containers = new WeakMap<ValueType, ContainerView>();

/** The container view of an option type, when its value holds options. */
export function containerOf(type: ValueType): ContainerView | undefined {
	return containers.get(type);
}

/** Value of an option with fixed fields followed by options (RFC 8415 §21.4–§21.6, §21.21, §21.22). */
export type ContainerValue = Record<string, unknown> & { options: Option[] };

/**
 * Fields followed by options (RFC 8415 §21.4–§21.6, §21.21, §21.22; RFC 7598 §4.1, §4.4). The
 * fields are fixed-size or self-delimiting (an S46 rule's IPv6 prefix). `spaceOf` picks the
 * children's space, from the fields when it depends on them (vendor-opts: the enterprise number,
 * RFC 8415 §21.17). Text form: `iaid=1, t1=3600 (1 hour), t2=5400 (…), options=[iaaddr=[…],
 * status-code=[…]]`; `options=` is left out when there are none.
 */
function container(kind: string, fields: readonly RecordField[], spaceOf: (head: Record<string, unknown>) => OptionSpace): ValueType<ContainerValue> {
	const head = record<Record<string, unknown>>(kind, fields);
	const headLength = (buf: Uint8Array, offset: number, end: number): number => {
		if (head.fixedLength !== undefined) {
			if (end - offset < head.fixedLength) throw new DecodeError('ERR_BAD_LENGTH', offset, `${kind}: ${end - offset} bytes, its fixed fields need ${head.fixedLength}`);
			return head.fixedLength;
		}
		return head.measure!(buf, offset, end);
	};
	const list = (value: Record<string, unknown>): ValueType<Option[]> => optionList(() => spaceOf(value));
	const type: ValueType<ContainerValue> = {
		kind,
		encodingLength: (value) => head.encodingLength(value) + tlvsLength(value.options, spaceOf(value)),
		encode(value, buf, offset) {
			const n = head.encode(value, buf, offset);
			return n + encodeTlvs(value.options, spaceOf(value), buf, offset + n);
		},
		decode(buf, offset, end) {
			const n = headLength(buf, offset, end);
			const value = head.decode(buf, offset, offset + n) as ContainerValue;
			value.options = decodeTlvs(buf, offset + n, end, spaceOf(value));
			return value;
		},
		format(value) {
			const text = head.format(value);
			return value.options.length === 0 ? text : `${text}, options=[${list(value).format(value.options)}]`;
		},
		parse(text) {
			const parts = splitTopLevel(unbracket(stripComment(text.trim())), ',');
			let optionsText: string | undefined;
			const rest: string[] = [];
			for (const part of parts) {
				const kv = splitKeyValue(part);
				if (kv && kv.key.toLowerCase() === 'options') optionsText = unbracket(kv.value);
				else rest.push(part);
			}
			const value = head.parse(rest.join(', '));
			return { ...value, options: optionsText === undefined ? [] : list(value).parse(optionsText) };
		},
		toJSON: (value) => ({ ...(head.toJSON(value) as Record<string, unknown>), options: list(value).toJSON(value.options) }),
	};
	containers.set(type, {
		children: (value) => (value as ContainerValue).options,
		space: (value) => spaceOf(value as ContainerValue),
	});
	return type;
}

/** An option whose whole content is options of another space (RFC 5908 ntp-server, RFC 5007 client-data). */
function subOptions(getSpace: () => OptionSpace, kind: string): ValueType<Option[]> {
	const type = optionList(getSpace, kind);
	containers.set(type, { children: (value) => value as Option[], space: () => getSpace() });
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

const dhcp6 = (): OptionSpace => dhcp6Options;
/** A whole DHCPv6 message as an option value, its options read in this registry. */
export const messageValue = dhcp6MessageValue(dhcp6);
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

/** RFC 6607 §3.4 (and §3.1 for DHCPv4): a VSS type octet and its information. */
const vss = record('vss', [
	{ name: 'type', type: uint8 },
	{ name: 'info', type: binary },
]);

/** RFC 5678 §5.1: MoS IPv6 address sub-options, one per service type (IS, CS, ES). */
export const mosAddressSpace = new OptionSpace('v6-mos-address-suboptions', 2, 2, [
	{ code: 1, name: 'mos-is', longName: 'MoS Information Service', type: ipv6s, ref: 'RFC 5678 §5.1' },
	{ code: 2, name: 'mos-cs', longName: 'MoS Command Service', type: ipv6s, ref: 'RFC 5678 §5.1' },
	{ code: 3, name: 'mos-es', longName: 'MoS Event Service', type: ipv6s, ref: 'RFC 5678 §5.1' },
]);

/** RFC 5678 §5.2: MoS domain name sub-options, one per service type. */
export const mosFqdnSpace = new OptionSpace('v6-mos-fqdn-suboptions', 2, 2, [
	{ code: 1, name: 'mos-is', longName: 'MoS Information Service', type: names, ref: 'RFC 5678 §5.2' },
	{ code: 2, name: 'mos-cs', longName: 'MoS Command Service', type: names, ref: 'RFC 5678 §5.2' },
	{ code: 3, name: 'mos-es', longName: 'MoS Event Service', type: names, ref: 'RFC 5678 §5.2' },
]);

/** RFC 7598 §4.5: port set parameters (offset bits, PSID length, PSID). */
const S46_PORTPARAMS: OptionDef = {
	code: 93,
	name: 's46-portparams',
	longName: 'S46 Port Parameters',
	type: record('s46-portparams', [
		{ name: 'offset', type: uint8 },
		{ name: 'psid-length', type: uint8 },
		{ name: 'psid', type: uint16 },
	]),
	ref: 'RFC 7598 §4.5',
};

/** Kea's s46-rule-options and s46-v4v6bind-options: what may follow a rule's or a binding's fields. */
export const s46RuleSpace = new OptionSpace('s46-rule-options', 2, 2, [S46_PORTPARAMS]);
export const s46V4v6bindSpace = new OptionSpace('s46-v4v6bind-options', 2, 2, [S46_PORTPARAMS]);

/** RFC 7598 §4: the softwire options, the same codes in the dhcp6 space and in the containers' spaces. */
const S46_RULE: OptionDef = {
	code: 89,
	name: 's46-rule',
	longName: 'S46 Rule',
	type: container(
		's46-rule',
		[
			{ name: 'flags', type: uint8 },
			{ name: 'ea-length', type: uint8 },
			{ name: 'prefix4-length', type: uint8 },
			{ name: 'ipv4-prefix', type: ipv4Address },
			{ name: 'ipv6-prefix', type: ipv6Prefix },
		],
		() => s46RuleSpace,
	),
	ref: 'RFC 7598 §4.1',
};
const S46_BR: OptionDef = { code: 90, name: 's46-br', longName: 'S46 BR', type: ipv6Address, ref: 'RFC 7598 §4.2' };
const S46_DMR: OptionDef = { code: 91, name: 's46-dmr', longName: 'S46 DMR', type: ipv6Prefix, ref: 'RFC 7598 §4.3' };
const S46_V4V6BIND: OptionDef = {
	code: 92,
	name: 's46-v4v6bind',
	longName: 'S46 IPv4/IPv6 Address Binding',
	type: container(
		's46-v4v6bind',
		[
			{ name: 'ipv4-address', type: ipv4Address },
			{ name: 'bind-ipv6-prefix', type: ipv6Prefix },
		],
		() => s46V4v6bindSpace,
	),
	ref: 'RFC 7598 §4.4',
};
const S46_DEFS: OptionDef[] = [S46_RULE, S46_BR, S46_DMR, S46_V4V6BIND, S46_PORTPARAMS];

/** RFC 7598 §5: what each softwire container holds (Kea's s46-cont-*-options spaces). */
export const s46MapeSpace = new OptionSpace('s46-cont-mape-options', 2, 2, [S46_RULE, S46_BR]);
export const s46MaptSpace = new OptionSpace('s46-cont-mapt-options', 2, 2, [S46_RULE, S46_DMR]);
export const s46LwSpace = new OptionSpace('s46-cont-lw-options', 2, 2, [S46_BR, S46_V4V6BIND]);

/** RFC 8156 §8: DHCPv6 failover options, exchanged between partner servers. */
const FAILOVER_DEFS: OptionDef[] = [
	{ code: 114, name: 'f-binding-status', longName: 'Failover Binding Status', type: uint8, ref: 'RFC 8156 §8.1' },
	{ code: 115, name: 'f-connect-flags', longName: 'Failover Connect Flags', type: uint16, ref: 'RFC 8156 §8.2' },
	{ code: 116, name: 'f-dns-removal-info', longName: 'Failover DNS Removal Info', type: subOptions(dhcp6, 'f-dns-removal-info'), ref: 'RFC 8156 §8.3' },
	{ code: 117, name: 'f-dns-host-name', longName: 'Failover DNS Host Name', type: fqdn, ref: 'RFC 8156 §8.4' },
	{ code: 118, name: 'f-dns-zone-name', longName: 'Failover DNS Zone Name', type: fqdn, ref: 'RFC 8156 §8.5' },
	{ code: 119, name: 'f-dns-flags', longName: 'Failover DNS Flags', type: uint16, ref: 'RFC 8156 §8.6' },
	{ code: 120, name: 'f-expiration-time', longName: 'Failover Expiration Time', type: uint32, ref: 'RFC 8156 §8.7' },
	{ code: 121, name: 'f-max-unacked-bndupd', longName: 'Failover Max Unacked BNDUPD', type: uint32, ref: 'RFC 8156 §8.8' },
	{ code: 122, name: 'f-mclt', longName: 'Failover Maximum Client Lead Time', type: duration, ref: 'RFC 8156 §8.9' },
	{ code: 123, name: 'f-partner-lifetime', longName: 'Failover Partner Lifetime', type: duration, ref: 'RFC 8156 §8.10' },
	{ code: 124, name: 'f-partner-lifetime-sent', longName: 'Failover Partner Lifetime Sent', type: duration, ref: 'RFC 8156 §8.11' },
	{ code: 125, name: 'f-partner-down-time', longName: 'Failover Partner Down Time', type: uint32, ref: 'RFC 8156 §8.12' },
	{ code: 126, name: 'f-partner-raw-clt-time', longName: 'Failover Partner Raw CLT Time', type: uint32, ref: 'RFC 8156 §8.13' },
	{
		code: 127,
		name: 'f-protocol-version',
		longName: 'Failover Protocol Version',
		type: record('f-protocol-version', [
			{ name: 'major', type: uint16 },
			{ name: 'minor', type: uint16 },
		]),
		ref: 'RFC 8156 §8.14',
	},
	{ code: 128, name: 'f-keepalive-time', longName: 'Failover Keepalive Time', type: duration, ref: 'RFC 8156 §8.15' },
	{ code: 129, name: 'f-reconfigure-data', longName: 'Failover Reconfigure Data', type: binary, ref: 'RFC 8156 §8.16' },
	{ code: 130, name: 'f-relationship-name', longName: 'Failover Relationship Name', type: string, ref: 'RFC 8156 §8.17' },
	{ code: 131, name: 'f-server-flags', longName: 'Failover Server Flags', type: uint8, ref: 'RFC 8156 §8.18' },
	{ code: 132, name: 'f-server-state', longName: 'Failover Server State', type: uint8, ref: 'RFC 8156 §8.19' },
	{ code: 133, name: 'f-start-time-of-state', longName: 'Failover Start Time of State', type: uint32, ref: 'RFC 8156 §8.20' },
	{ code: 134, name: 'f-state-expiration-time', longName: 'Failover State Expiration Time', type: uint32, ref: 'RFC 8156 §8.21' },
];

/**
 * CableLabs (enterprise 4491) DOCSIS 3 sub-options of vendor-opts, as Kea's
 * docsis3_option_defs.h knows them (CableLabs CL-SP-CANN-DHCP-Reg §5.2).
 */
export const docsis3V6Space = new OptionSpace('vendor-4491', 2, 2, [
	{ code: 1, name: 'oro', longName: 'CableLabs Option Request', type: arrayOf(uint16), ref: 'CL-SP-CANN-DHCP-Reg §5.2.1' },
	{ code: 2, name: 'device-type', longName: 'Device Type', type: string, ref: 'CL-SP-CANN-DHCP-Reg §5.2.2' },
	{ code: 10, name: 'vendor-type', longName: 'Vendor Name', type: string, ref: 'CL-SP-CANN-DHCP-Reg §5.2.10' },
	{ code: 32, name: 'tftp-servers', longName: 'TFTP Servers', type: ipv6s, ref: 'CL-SP-CANN-DHCP-Reg §5.2.32' },
	{ code: 33, name: 'config-file', longName: 'Configuration File Name', type: string, ref: 'CL-SP-CANN-DHCP-Reg §5.2.33' },
	{ code: 34, name: 'syslog-servers', longName: 'Syslog Servers', type: ipv6s, ref: 'CL-SP-CANN-DHCP-Reg §5.2.34' },
	{ code: 37, name: 'time-servers', longName: 'RFC 868 Time Servers', type: ipv6s, ref: 'CL-SP-CANN-DHCP-Reg §5.2.37' },
	{ code: 38, name: 'time-offset', longName: 'Time Offset', type: int32, ref: 'CL-SP-CANN-DHCP-Reg §5.2.38' },
]);

/** Enterprise number of CableLabs (IANA Private Enterprise Numbers). */
export const ENTERPRISE_CABLELABS = 4491;

/** The space of vendor-opts sub-options for an enterprise: the ones Kea knows, else raw. */
export function vendorSpaceOf(enterprise: unknown): OptionSpace {
	return enterprise === ENTERPRISE_CABLELABS ? docsis3V6Space : vendorOptsSpace;
}

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
	{ code: 17, name: 'vendor-opts', longName: 'Vendor-specific Information', type: container('vendor-opts', [u32('enterprise')], (head) => vendorSpaceOf(head.enterprise)), ref: 'RFC 8415 §21.17' },
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
	{
		code: 36,
		name: 'geoconf-civic',
		longName: 'GEOCONF_CIVIC',
		type: record('geoconf-civic', [
			{ name: 'what', type: uint8 },
			{ name: 'country-code', type: uint16 },
			{ name: 'civic-address-elements', type: binary },
		]),
		ref: 'RFC 4776 §3.2',
	},
	{ code: 37, name: 'remote-id', longName: 'Relay Agent Remote-ID', type: record('remote-id', [u32('enterprise'), { name: 'remote-id', type: binary }]), ref: 'RFC 4649 §3' },
	{ code: 38, name: 'subscriber-id', longName: 'Relay Agent Subscriber-ID', type: binary, ref: 'RFC 4580 §2' },
	{
		code: 39,
		name: 'client-fqdn',
		longName: 'Client FQDN',
		type: record('client-fqdn', [
			{ name: 'flags', type: fqdnFlags },
			{ name: 'domain-name', type: clientFqdnName },
		]),
		ref: 'RFC 4704 §4',
	},
	{ code: 40, name: 'pana-agent', longName: 'PANA Authentication Agent', type: ipv6s, ref: 'RFC 5192 §4' },
	{ code: 41, name: 'new-posix-timezone', longName: 'POSIX Timezone', type: string, ref: 'RFC 4833 §3' },
	{ code: 42, name: 'new-tzdb-timezone', longName: 'TZ Database Timezone', type: string, ref: 'RFC 4833 §3' },
	{ code: 43, name: 'ero', longName: 'Relay Agent Echo Request', type: arrayOf(optionCode, 'option-code[]'), ref: 'RFC 4994 §4' },
	{
		code: 44,
		name: 'lq-query',
		longName: 'Leasequery Query',
		type: container(
			'lq-query',
			[
				{ name: 'query-type', type: queryType },
				{ name: 'link-address', type: ipv6Address },
			],
			dhcp6,
		),
		ref: 'RFC 5007 §4.1.2.1',
	},
	{ code: 45, name: 'client-data', longName: 'Leasequery Client Data', type: subOptions(dhcp6, 'client-data'), ref: 'RFC 5007 §4.1.2.2' },
	{ code: 46, name: 'clt-time', longName: 'Client Last Transaction Time', type: duration, ref: 'RFC 5007 §4.1.2.3' },
	{
		code: 47,
		name: 'lq-relay-data',
		longName: 'Leasequery Relay Data',
		type: record('lq-relay-data', [
			{ name: 'peer-address', type: ipv6Address },
			{ name: 'relay-message', type: messageValue },
		]),
		ref: 'RFC 5007 §4.1.2.4',
	},
	{ code: 48, name: 'lq-client-link', longName: 'Leasequery Client Link', type: ipv6s, ref: 'RFC 5007 §4.1.2.5' },
	{ code: 49, name: 'mip6-hnidf', longName: 'MIPv6 Home Network ID FQDN', type: fqdn, ref: 'RFC 6610 §4.2.1' },
	{ code: 50, name: 'mip6-vdinf', longName: 'MIPv6 Visited Home Network Information', type: subOptions(dhcp6, 'mip6-vdinf'), ref: 'RFC 6610 §4.2.2' },
	{ code: 51, name: 'v6-lost', longName: 'LoST Server', type: fqdn, ref: 'RFC 5223 §4' },
	{ code: 52, name: 'capwap-ac-v6', longName: 'CAPWAP Access Controller addresses', type: ipv6s, ref: 'RFC 5417 §3' },
	{ code: 53, name: 'relay-id', longName: 'Relay Identifier', type: duidType, ref: 'RFC 5460 §5.4.1' },
	{ code: 54, name: 'ipv6-address-mos', longName: 'MoS IPv6 Address', type: subOptions(() => mosAddressSpace, 'ipv6-address-mos'), ref: 'RFC 5678 §5.1' },
	{ code: 55, name: 'ipv6-fqdn-mos', longName: 'MoS Domain Name List', type: subOptions(() => mosFqdnSpace, 'ipv6-fqdn-mos'), ref: 'RFC 5678 §5.2' },
	{ code: 56, name: 'ntp-server', longName: 'NTP Server', type: subOptions(() => ntpServerSpace, 'ntp-server'), ref: 'RFC 5908 §4' },
	{ code: 57, name: 'v6-access-domain', longName: 'Access Network Domain Name', type: fqdn, ref: 'RFC 5986 §4' },
	{ code: 58, name: 'sip-ua-cs-list', longName: 'SIP User Agent Configuration Service Domains', type: names, ref: 'RFC 6011 §3' },
	{ code: 59, name: 'bootfile-url', longName: 'Boot File URL', type: string, ref: 'RFC 5970 §3.1' },
	{ code: 60, name: 'bootfile-param', longName: 'Boot File Parameters', type: tuples, ref: 'RFC 5970 §3.2' },
	{ code: 61, name: 'client-arch-type', longName: 'Client System Architecture Type', type: arrayOf(uint16), ref: 'RFC 5970 §3.3' },
	{
		code: 62,
		name: 'nii',
		longName: 'Client Network Interface Identifier',
		type: record('nii', [
			{ name: 'type', type: uint8 },
			{ name: 'major', type: uint8 },
			{ name: 'minor', type: uint8 },
		]),
		ref: 'RFC 5970 §3.4',
	},
	{ code: 63, name: 'geolocation', longName: 'Geospatial Location', type: binary, ref: 'RFC 6225 §2.2.1' },
	{ code: 64, name: 'aftr-name', longName: 'AFTR Name', type: fqdn, ref: 'RFC 6334 §3' },
	{ code: 65, name: 'erp-local-domain-name', longName: 'ERP Local Domain Name', type: fqdn, ref: 'RFC 6440 §3' },
	{ code: 66, name: 'rsoo', longName: 'Relay-Supplied Options', type: subOptions(dhcp6, 'rsoo'), ref: 'RFC 6422 §4' },
	{
		code: 67,
		name: 'pd-exclude',
		longName: 'Prefix Exclude',
		type: record('pd-exclude', [
			{ name: 'prefix-length', type: uint8 },
			{ name: 'subnet-id', type: binary },
		]),
		ref: 'RFC 6603 §4.2',
	},
	{ code: 68, name: 'vss', longName: 'Virtual Subnet Selection', type: vss, ref: 'RFC 6607 §3.4' },
	{ code: 69, name: 'mip6-idinf', longName: 'MIPv6 Identified Home Network Information', type: subOptions(dhcp6, 'mip6-idinf'), ref: 'RFC 6610 §4.2.3' },
	{ code: 70, name: 'mip6-udinf', longName: 'MIPv6 Unrestricted Home Network Information', type: subOptions(dhcp6, 'mip6-udinf'), ref: 'RFC 6610 §4.2.4' },
	{
		code: 71,
		name: 'mip6-hnp',
		longName: 'MIPv6 Home Network Prefix',
		type: record('mip6-hnp', [
			{ name: 'prefix-length', type: uint8 },
			{ name: 'prefix', type: ipv6Address },
		]),
		ref: 'RFC 6610 §4.2.5',
	},
	{ code: 72, name: 'mip6-haa', longName: 'MIPv6 Home Agent Address', type: ipv6Address, ref: 'RFC 6610 §4.2.6' },
	{ code: 73, name: 'mip6-haf', longName: 'MIPv6 Home Agent FQDN', type: fqdn, ref: 'RFC 6610 §4.2.7' },
	{
		code: 74,
		name: 'rdnss-selection',
		longName: 'RDNSS Selection',
		type: record('rdnss-selection', [
			{ name: 'dns-server', type: ipv6Address },
			{ name: 'flags', type: uint8 },
			{ name: 'domains', type: names },
		]),
		ref: 'RFC 6731 §4.2',
	},
	{ code: 75, name: 'krb-principal-name', longName: 'Kerberos Principal Name', type: binary, ref: 'RFC 6784 §3' },
	{ code: 76, name: 'krb-realm-name', longName: 'Kerberos Realm Name', type: string, ref: 'RFC 6784 §4' },
	{ code: 77, name: 'krb-default-realm-name', longName: 'Kerberos Default Realm Name', type: string, ref: 'RFC 6784 §5' },
	{
		code: 78,
		name: 'krb-kdc',
		longName: 'Kerberos KDC',
		type: record('krb-kdc', [
			{ name: 'priority', type: uint16 },
			{ name: 'weight', type: uint16 },
			{ name: 'transport-type', type: uint8 },
			{ name: 'port', type: uint16 },
			{ name: 'kdc-address', type: ipv6Address },
			{ name: 'realm-name', type: string },
		]),
		ref: 'RFC 6784 §6',
	},
	{
		code: 79,
		name: 'client-linklayer-addr',
		longName: 'Client Link-Layer Address',
		type: record('client-linklayer-addr', [
			{ name: 'link-layer-type', type: uint16, aliases: ['htype'] },
			{ name: 'link-layer-address', type: linkLayerAddress, aliases: ['address'] },
		]),
		ref: 'RFC 6939 §4',
	},
	{ code: 80, name: 'link-address', longName: 'Link Address', type: ipv6Address, ref: 'RFC 6977 §4.1' },
	{ code: 81, name: 'radius', longName: 'RADIUS', type: binary, ref: 'RFC 7037 §4' },
	{ code: 82, name: 'solmax-rt', longName: 'SOL_MAX_RT', type: duration, ref: 'RFC 8415 §21.24' },
	{ code: 83, name: 'inf-max-rt', longName: 'INF_MAX_RT', type: duration, ref: 'RFC 8415 §21.25' },
	{ code: 84, name: 'addrsel', longName: 'Address Selection', type: container('addrsel', [{ name: 'flags', type: uint8 }], dhcp6), ref: 'RFC 7078 §3.1' },
	{
		code: 85,
		name: 'addrsel-table',
		longName: 'Address Selection Policy Table',
		type: record('addrsel-table', [
			{ name: 'label', type: uint8 },
			{ name: 'precedence', type: uint8 },
			{ name: 'prefix', type: ipv6Prefix },
		]),
		ref: 'RFC 7078 §3.2',
	},
	{ code: 86, name: 'v6-pcp-server', longName: 'PCP Server', type: ipv6s, ref: 'RFC 7291 §4' },
	{ code: 87, name: 'dhcpv4-message', longName: 'DHCPv4 Message', type: dhcp4MessageValue, aliases: ['dhcpv4-msg'], ref: 'RFC 7341 §7.1' },
	{ code: 88, name: 'dhcp4o6-server-addr', longName: 'DHCP 4o6 Servers Address', type: ipv6s, ref: 'RFC 7341 §7.2' },
	...S46_DEFS,
	{ code: 94, name: 's46-cont-mape', longName: 'S46 MAP-E Container', type: subOptions(() => s46MapeSpace, 's46-cont-mape'), ref: 'RFC 7598 §5.1' },
	{ code: 95, name: 's46-cont-mapt', longName: 'S46 MAP-T Container', type: subOptions(() => s46MaptSpace, 's46-cont-mapt'), ref: 'RFC 7598 §5.2' },
	{ code: 96, name: 's46-cont-lw', longName: 'S46 Lightweight 4over6 Container', type: subOptions(() => s46LwSpace, 's46-cont-lw'), ref: 'RFC 7598 §5.3' },
	{ code: 97, name: '4rd', longName: '4rd', type: subOptions(dhcp6, '4rd'), ref: 'RFC 7600 §4.9' },
	{
		code: 98,
		name: '4rd-map-rule',
		longName: '4rd Map Rule',
		type: record('4rd-map-rule', [
			{ name: 'prefix4-length', type: uint8 },
			{ name: 'prefix6-length', type: uint8 },
			{ name: 'ea-length', type: uint8 },
			{ name: 'flags', type: uint8 },
			{ name: 'rule-ipv4-prefix', type: ipv4Address },
			{ name: 'rule-ipv6-prefix', type: ipv6Address },
		]),
		ref: 'RFC 7600 §4.9',
	},
	{
		code: 99,
		name: '4rd-non-map-rule',
		longName: '4rd Non-Map Rule',
		type: record('4rd-non-map-rule', [
			{ name: 'flags', type: uint8 },
			{ name: 'traffic-class', type: uint8 },
			{ name: 'domain-pmtu', type: uint16 },
		]),
		ref: 'RFC 7600 §4.9',
	},
	{ code: 100, name: 'lq-base-time', longName: 'Leasequery Base Time', type: uint32, ref: 'RFC 7653 §5.3' },
	{ code: 101, name: 'lq-start-time', longName: 'Leasequery Start Time', type: uint32, ref: 'RFC 7653 §5.4' },
	{ code: 102, name: 'lq-end-time', longName: 'Leasequery End Time', type: uint32, ref: 'RFC 7653 §5.5' },
	{ code: 103, name: 'v6-captive-portal', longName: 'DHCP Captive-Portal', type: string, ref: 'RFC 8910 §2.2' },
	{ code: 104, name: 'mpl-parameters', longName: 'MPL Parameters', type: binary, ref: 'RFC 7774 §4' },
	{ code: 105, name: 'ani-att', longName: 'Access-Network-Information Access-Technology-Type', type: uint16, ref: 'RFC 7839 §3.1' },
	{ code: 106, name: 'ani-network-name', longName: 'Access-Network-Information Network-Name', type: string, ref: 'RFC 7839 §3.2' },
	{ code: 107, name: 'ani-ap-name', longName: 'Access-Network-Information AP-Name', type: string, ref: 'RFC 7839 §3.3' },
	{ code: 108, name: 'ani-ap-bssid', longName: 'Access-Network-Information AP-BSSID', type: linkLayerAddress, ref: 'RFC 7839 §3.4' },
	{ code: 109, name: 'ani-operator-id', longName: 'Access-Network-Information Operator-Identifier', type: binary, ref: 'RFC 7839 §3.5' },
	{ code: 110, name: 'ani-operator-realm', longName: 'Access-Network-Information Operator-Realm', type: string, ref: 'RFC 7839 §3.6' },
	{ code: 111, name: 's46-priority', longName: 'S46 Priority', type: arrayOf(optionCode, 'option-code[]'), ref: 'RFC 8026 §4' },
	{ code: 112, name: 'mud-url-v6', longName: 'Manufacturer Usage Description URL', type: string, ref: 'RFC 8520 §10' },
	{
		code: 113,
		name: 'v6-prefix64',
		longName: 'IPv4-Embedded Multicast and Unicast IPv6 Prefixes',
		type: record('v6-prefix64', [
			{ name: 'asm-mprefix64', type: ipv6Address },
			{ name: 'ssm-mprefix64', type: ipv6Address },
			{ name: 'u-prefix64', type: ipv6Prefix },
		]),
		ref: 'RFC 8115 §3',
	},
	...FAILOVER_DEFS,
	{ code: 135, name: 'relay-source-port', longName: 'Relay Source Port', type: uint16, ref: 'RFC 8357 §5.2' },
	{ code: 136, name: 'v6-sztp-redirect', longName: 'SZTP Redirect', type: tuples, ref: 'RFC 8572 §8.4' },
	{ code: 137, name: 's46-bind-ipv6-prefix', longName: 'S46 Bind IPv6 Prefix', type: ipv6Prefix, ref: 'RFC 8539 §3.1' },
	{ code: 138, name: 'ia-ll', longName: 'Identity Association for Link-Layer Addresses', type: container('ia-ll', [u32('iaid'), lifetime('t1'), lifetime('t2')], dhcp6), ref: 'RFC 8947 §10.1' },
	{ code: 139, name: 'lladdr', longName: 'Link-Layer Addresses', type: binary, ref: 'RFC 8947 §10.2' },
	{
		code: 140,
		name: 'slap-quad',
		longName: 'SLAP Quadrant',
		type: arrayOf(
			record('slap-quad', [
				{ name: 'quadrant', type: uint8 },
				{ name: 'preference', type: uint8 },
			]),
			'slap-quad[]',
		),
		ref: 'RFC 8948 §4',
	},
	{ code: 141, name: 'v6-dots-ri', longName: 'DOTS Reference Identifier', type: fqdn, ref: 'RFC 8973 §5.1' },
	{ code: 142, name: 'v6-dots-address', longName: 'DOTS Address', type: ipv6s, ref: 'RFC 8973 §5.2' },
	{ code: 143, name: 'ipv6-address-andsf', longName: 'ANDSF IPv6 Address', type: ipv6s, ref: 'RFC 6153 §4' },
	{
		code: 144,
		name: 'v6-dnr',
		longName: 'Encrypted DNS (DNR)',
		type: record('v6-dnr', [
			{ name: 'service-priority', type: uint16 },
			{ name: 'adn', type: lengthPrefixed(fqdn, 2) },
			{ name: 'addresses-and-svc-params', type: binary },
		]),
		ref: 'RFC 9463 §4.1',
	},
];

/** The DHCPv6 option space: 2-octet codes and lengths (RFC 8415 §21.1). */
export const dhcp6Options: OptionSpace = new OptionSpace('dhcp6', 2, 2, DEFS);

/** Every DHCPv6 option space with a table, the top-level one first (what `dhcpulse options -6` lists). */
export const DHCP6_SPACES: readonly OptionSpace[] = [dhcp6Options, ntpServerSpace, mosAddressSpace, mosFqdnSpace, s46MapeSpace, s46MaptSpace, s46LwSpace, s46RuleSpace, s46V4v6bindSpace, docsis3V6Space];
