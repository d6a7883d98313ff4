/**
 * The DHCPv4 option registry, kept as data like Kea's STANDARD_V4_OPTION_DEFINITIONS
 * (src/lib/dhcp/std_option_defs.h): one row per code with Kea's name (what the CLI speaks), the
 * RFC's long name (what text dumps print, as dhcptest does), the value type (arrays via
 * `arrayOf`, records via `record`, encapsulated spaces via `optionList`) and the defining RFC.
 *
 * Codes 0 (Pad) and 255 (End) are rows too so that names resolve, but they are framing, not
 * options (RFC 2132 §3.1, §3.2): the decoder never puts them in a message's option list, and the
 * encoder writes them as single octets when a caller lists them on purpose.
 */
import { DecodeError, OptionValueError, need } from '../../wire/errors.js';
import { OptionSpace, decodeTlvs, encodeTlvs, optionList, tlvsLength, type Option, type OptionDef } from '../option-space.js';
import {
	arrayOf,
	binary,
	boolean,
	countPrefixed,
	domainList,
	duration,
	empty,
	enumOf,
	fqdn,
	int32,
	normalizeName,
	splitKeyValue,
	splitTopLevel,
	stripComment,
	unbracket,
	ipv4Address,
	ipv6Address,
	lengthPrefixed,
	record,
	string,
	uint8,
	uint16,
	uint32,
	unknown,
	type ValueType,
} from '../types/index.js';
import {
	autoConfigType,
	classlessRoutes,
	clientArchitecture,
	clientArchitectures,
	clientFqdn,
	clientIdentifier,
	fixedBytes,
	messageType,
	netbiosNodeType,
	optionCodeOf,
	overloadType,
	parameterList,
	sipServers,
	userClass,
	uuidGuid,
} from './value-types.js';

const ips = arrayOf(ipv4Address, 'ipv4-address[]');
const names = domainList(false);
/** RFC 3397 §2 style lists: compression pointers relative to the start of the option data. */
const compressedNames = domainList(true);

function row(code: number, name: string, longName: string, type: ValueType, ref: string, aliases?: string[]): OptionDef {
	return aliases ? { code, name, longName, type, ref, aliases } : { code, name, longName, type, ref };
}

/** RFC 3046 §2.0 relay agent sub-options and their later additions (Kea's dhcp-agent-options-space). */
export const AGENT_OPTION_DEFS: readonly OptionDef[] = [
	row(1, 'circuit-id', 'Agent Circuit ID', string, 'RFC 3046 §3.1', ['agentCircuitID']),
	row(2, 'remote-id', 'Agent Remote ID', string, 'RFC 3046 §3.2', ['agentRemoteID']),
	row(4, 'docsis-device-class', 'DOCSIS Device Class', uint32, 'RFC 3256 §3'),
	row(5, 'link-selection', 'Link Selection', ipv4Address, 'RFC 3527 §3', ['linkSelection']),
	row(6, 'subscriber-id', 'Subscriber-ID', string, 'RFC 3993 §3', ['subscriberID']),
	row(7, 'radius-attributes', 'RADIUS Attributes', binary, 'RFC 4014 §3'),
	row(8, 'authentication', 'Authentication', binary, 'RFC 4030 §4'),
	row(
		9,
		'vendor-specific-info',
		'Vendor-Specific Information',
		arrayOf(
			record('vendor-data', [
				{ name: 'enterprise', type: uint32 },
				{ name: 'data', type: lengthPrefixed(binary, 1) },
			]),
		),
		'RFC 4243 §3',
		['vendorSpecificInformation'],
	),
	row(10, 'relay-flags', 'Flags', uint8, 'RFC 5010 §3'),
	row(11, 'server-id-override', 'Server Identifier Override', ipv4Address, 'RFC 5107 §4', ['serverIDOverride']),
	row(12, 'relay-id', 'Relay Agent Identifier', binary, 'RFC 6925 §6.1'),
	row(19, 'relay-port', 'Relay Source Port', uint16, 'RFC 8357 §5.1'),
	// Cisco's proprietary link selection, sent by IOS relays before (and beside) RFC 3527's sub-option 5.
	row(150, 'cisco-link-selection', 'Cisco Link Selection', ipv4Address, 'Cisco (pre-RFC 3527)'),
	row(
		151,
		'virtual-subnet-select',
		'Virtual Subnet Selection',
		record('vss', [
			{ name: 'type', type: uint8 },
			{ name: 'info', type: binary },
		]),
		'RFC 6607 §3.2',
	),
	row(152, 'virtual-subnet-select-control', 'Virtual Subnet Selection Control', empty, 'RFC 6607 §3.3'),
];

export const agentOptions: OptionSpace = new OptionSpace('dhcp-agent-options-space', 1, 1, AGENT_OPTION_DEFS);

/** Enterprise-specific sub-options (RFC 3925 §4): no shared meaning, so every code prints as hex. */
export const vendorSubOptions: OptionSpace = new OptionSpace('vendor-opts-space', 1, 1, []);

/**
 * CableLabs (enterprise 4491) DOCSIS 3 sub-options of option 125, as Kea's
 * docsis3_option_defs.h knows them (CableLabs CL-SP-CANN-DHCP-Reg §5.1).
 */
export const docsis3V4Space: OptionSpace = new OptionSpace('vendor-4491', 1, 1, [
	row(1, 'oro', 'CableLabs Option Request', arrayOf(uint8), 'CL-SP-CANN-DHCP-Reg §5.1.1'),
	row(2, 'tftp-servers', 'TFTP Servers', ips, 'CL-SP-CANN-DHCP-Reg §5.1.2'),
]);

/**
 * PXE's vendor options (Intel Preboot Execution Environment Specification 2.1 §2.4), carried in
 * option 43 when option 60 says `PXEClient`. Option 43's own type stays raw, since its meaning
 * depends on option 60 (RFC 2132 §8.4); `43[pxe]=…` reads and writes these by name.
 */
export const pxeSpace: OptionSpace = new OptionSpace('pxe', 1, 1, [
	row(1, 'pxe-mtftp-ip', 'PXE_MTFTP_IP', ipv4Address, 'PXE 2.1 §2.4.6'),
	row(2, 'pxe-mtftp-cport', 'PXE_MTFTP_CPORT', uint16, 'PXE 2.1 §2.4.6'),
	row(3, 'pxe-mtftp-sport', 'PXE_MTFTP_SPORT', uint16, 'PXE 2.1 §2.4.6'),
	row(4, 'pxe-mtftp-tmout', 'PXE_MTFTP_TMOUT', uint8, 'PXE 2.1 §2.4.6'),
	row(5, 'pxe-mtftp-delay', 'PXE_MTFTP_DELAY', uint8, 'PXE 2.1 §2.4.6'),
	row(6, 'pxe-discovery-control', 'PXE_DISCOVERY_CONTROL', uint8, 'PXE 2.1 §2.4.6'),
	row(7, 'pxe-discovery-mcast-addr', 'PXE_DISCOVERY_MCAST_ADDR', ipv4Address, 'PXE 2.1 §2.4.6'),
	row(
		8,
		'pxe-boot-servers',
		'PXE_BOOT_SERVERS',
		arrayOf(
			record('boot-server', [
				{ name: 'type', type: uint16 },
				{ name: 'addresses', type: countPrefixed(ipv4Address) },
			]),
			'boot-server[]',
		),
		'PXE 2.1 §2.4.6',
	),
	row(
		9,
		'pxe-boot-menu',
		'PXE_BOOT_MENU',
		arrayOf(
			record('boot-menu-item', [
				{ name: 'type', type: uint16 },
				{ name: 'description', type: lengthPrefixed(string, 1) },
			]),
			'boot-menu-item[]',
		),
		'PXE 2.1 §2.4.6',
	),
	row(
		10,
		'pxe-menu-prompt',
		'PXE_MENU_PROMPT',
		record('menu-prompt', [
			{ name: 'timeout', type: uint8 },
			{ name: 'prompt', type: string },
		]),
		'PXE 2.1 §2.4.6',
	),
	row(
		71,
		'pxe-boot-item',
		'PXE_BOOT_ITEM',
		record('boot-item', [
			{ name: 'type', type: uint16 },
			{ name: 'layer', type: uint16 },
		]),
		'PXE 2.1 §2.4.6',
	),
]);

/** The space of option 125 sub-options for an enterprise: the ones Kea knows, else raw. */
export function vendorSpace4Of(enterprise: number): OptionSpace {
	return enterprise === 4491 ? docsis3V4Space : vendorSubOptions;
}

/** One enterprise's block of option 125 (RFC 3925 §4): enterprise number, data-len, sub-options of its space. */
export interface VendorOptions {
	enterprise: number;
	options: Option[];
}

const vendorOptions: ValueType<VendorOptions> = {
	kind: 'vendor-options',
	encodingLength: (v) => 5 + tlvsLength(v.options, vendorSpace4Of(v.enterprise)),
	encode(v, buf, offset) {
		const n = encodeTlvs(v.options, vendorSpace4Of(v.enterprise), buf, offset + 5);
		if (n > 0xff) throw new OptionValueError(`vivso-suboptions: enterprise ${v.enterprise} has ${n} bytes of sub-options, data-len holds 255`);
		uint32.encode(v.enterprise, buf, offset);
		buf[offset + 4] = n;
		return 5 + n;
	},
	decode(buf, offset, end) {
		const n = vendorOptions.measure!(buf, offset, end);
		if (n !== end - offset) throw new DecodeError('ERR_BAD_LENGTH', offset, `vendor-options: data-len says ${n - 5}, ${end - offset - 5} bytes follow`);
		const enterprise = uint32.decode(buf, offset, offset + 4);
		return { enterprise, options: decodeTlvs(buf, offset + 5, end, vendorSpace4Of(enterprise)) };
	},
	measure(buf, offset, end) {
		need(offset, 5, end, 'vendor-options');
		need(offset + 5, buf[offset + 4]!, end, 'vendor-options');
		return 5 + buf[offset + 4]!;
	},
	format: (v) => `enterprise=${v.enterprise}, options=[${optionList(() => vendorSpace4Of(v.enterprise)).format(v.options)}]`,
	parse(text) {
		const fields = new Map<string, string>();
		for (const part of splitTopLevel(unbracket(stripComment(text.trim())), ',')) {
			const kv = splitKeyValue(part);
			if (!kv) throw new OptionValueError(`vendor-options: expected enterprise=N, options=[…], got ${JSON.stringify(part)}`);
			fields.set(normalizeName(kv.key), kv.value);
		}
		const e = fields.get('enterprise');
		if (e === undefined) throw new OptionValueError('vendor-options: missing enterprise=');
		const enterprise = uint32.parse(e);
		const o = fields.get('options');
		return { enterprise, options: o === undefined ? [] : optionList(() => vendorSpace4Of(enterprise)).parse(unbracket(o)) };
	},
	toJSON: (v) => ({ enterprise: v.enterprise, options: optionList(() => vendorSpace4Of(v.enterprise)).toJSON(v.options) }),
};

/** RFC 5678 §4.1: MoS IPv4 address sub-options, one per service type (IS, CS, ES). */
export const mosAddress4Space: OptionSpace = new OptionSpace('v4-mos-address-suboptions', 1, 1, [
	row(1, 'mos-is', 'MoS Information Service', ips, 'RFC 5678 §4.1'),
	row(2, 'mos-cs', 'MoS Command Service', ips, 'RFC 5678 §4.1'),
	row(3, 'mos-es', 'MoS Event Service', ips, 'RFC 5678 §4.1'),
]);

/** RFC 5678 §4.2: MoS domain name sub-options, one per service type. */
export const mosFqdn4Space: OptionSpace = new OptionSpace('v4-mos-fqdn-suboptions', 1, 1, [
	row(1, 'mos-is', 'MoS Information Service', names, 'RFC 5678 §4.2'),
	row(2, 'mos-cs', 'MoS Command Service', names, 'RFC 5678 §4.2'),
	row(3, 'mos-es', 'MoS Event Service', names, 'RFC 5678 §4.2'),
]);

/** RFC 6926 §6.2.7: the state of a binding in a bulk leasequery reply. */
const dhcpState = enumOf(uint8, 'dhcp-state', { 1: 'AVAILABLE', 2: 'ACTIVE', 3: 'EXPIRED', 4: 'RELEASED', 5: 'ABANDONED', 6: 'RESET', 7: 'REMOTE', 8: 'TRANSITIONING' });

export const DHCP4_OPTION_DEFS: readonly OptionDef[] = [
	row(0, 'pad', 'Pad Option', empty, 'RFC 2132 §3.1'),
	// RFC 2132 §3: vendor extensions from RFC 1497.
	row(1, 'subnet-mask', 'Subnet Mask', ipv4Address, 'RFC 2132 §3.3'),
	row(2, 'time-offset', 'Time Offset', int32, 'RFC 2132 §3.4'),
	row(3, 'routers', 'Router Option', ips, 'RFC 2132 §3.5'),
	row(4, 'time-servers', 'Time Server Option', ips, 'RFC 2132 §3.6'),
	row(5, 'name-servers', 'Name Server Option', ips, 'RFC 2132 §3.7'),
	row(6, 'domain-name-servers', 'Domain Name Server Option', ips, 'RFC 2132 §3.8'),
	row(7, 'log-servers', 'Log Server Option', ips, 'RFC 2132 §3.9'),
	row(8, 'cookie-servers', 'Cookie Server Option', ips, 'RFC 2132 §3.10'),
	row(9, 'lpr-servers', 'LPR Server Option', ips, 'RFC 2132 §3.11'),
	row(10, 'impress-servers', 'Impress Server Option', ips, 'RFC 2132 §3.12'),
	row(11, 'resource-location-servers', 'Resource Location Server Option', ips, 'RFC 2132 §3.13'),
	row(12, 'host-name', 'Host Name Option', string, 'RFC 2132 §3.14', ['hostname']),
	row(13, 'boot-size', 'Boot File Size Option', uint16, 'RFC 2132 §3.15'),
	row(14, 'merit-dump', 'Merit Dump File', string, 'RFC 2132 §3.16'),
	row(15, 'domain-name', 'Domain Name', string, 'RFC 2132 §3.17'),
	row(16, 'swap-server', 'Swap Server', ipv4Address, 'RFC 2132 §3.18'),
	row(17, 'root-path', 'Root Path', string, 'RFC 2132 §3.19'),
	row(18, 'extensions-path', 'Extensions Path', string, 'RFC 2132 §3.20'),
	// RFC 2132 §4: IP layer parameters per host.
	row(19, 'ip-forwarding', 'IP Forwarding Enable/Disable Option', boolean, 'RFC 2132 §4.1'),
	row(20, 'non-local-source-routing', 'Non-Local Source Routing Enable/Disable Option', boolean, 'RFC 2132 §4.2'),
	row(21, 'policy-filter', 'Policy Filter Option', ips, 'RFC 2132 §4.3'),
	row(22, 'max-dgram-reassembly', 'Maximum Datagram Reassembly Size', uint16, 'RFC 2132 §4.4'),
	row(23, 'default-ip-ttl', 'Default IP Time-to-live', uint8, 'RFC 2132 §4.5'),
	row(24, 'path-mtu-aging-timeout', 'Path MTU Aging Timeout Option', duration, 'RFC 2132 §4.6'),
	row(25, 'path-mtu-plateau-table', 'Path MTU Plateau Table Option', arrayOf(uint16), 'RFC 2132 §4.7'),
	// RFC 2132 §5: IP layer parameters per interface.
	row(26, 'interface-mtu', 'Interface MTU Option', uint16, 'RFC 2132 §5.1'),
	row(27, 'all-subnets-local', 'All Subnets are Local Option', boolean, 'RFC 2132 §5.2'),
	row(28, 'broadcast-address', 'Broadcast Address Option', ipv4Address, 'RFC 2132 §5.3'),
	row(29, 'perform-mask-discovery', 'Perform Mask Discovery Option', boolean, 'RFC 2132 §5.4'),
	row(30, 'mask-supplier', 'Mask Supplier Option', boolean, 'RFC 2132 §5.5'),
	row(31, 'router-discovery', 'Perform Router Discovery Option', boolean, 'RFC 2132 §5.6'),
	row(32, 'router-solicitation-address', 'Router Solicitation Address Option', ipv4Address, 'RFC 2132 §5.7'),
	// §5.8: destination/router pairs, so an even number of addresses; Kea keeps it a plain list.
	row(33, 'static-routes', 'Static Route Option', ips, 'RFC 2132 §5.8'),
	// RFC 2132 §6: link layer parameters per interface.
	row(34, 'trailer-encapsulation', 'Trailer Encapsulation Option', boolean, 'RFC 2132 §6.1'),
	row(35, 'arp-cache-timeout', 'ARP Cache Timeout Option', duration, 'RFC 2132 §6.2'),
	row(36, 'ieee802-3-encapsulation', 'Ethernet Encapsulation Option', boolean, 'RFC 2132 §6.3'),
	// RFC 2132 §7: TCP parameters.
	row(37, 'default-tcp-ttl', 'TCP Default TTL Option', uint8, 'RFC 2132 §7.1'),
	row(38, 'tcp-keepalive-interval', 'TCP Keepalive Interval Option', duration, 'RFC 2132 §7.2'),
	row(39, 'tcp-keepalive-garbage', 'TCP Keepalive Garbage Option', boolean, 'RFC 2132 §7.3'),
	// RFC 2132 §8: application and service parameters.
	row(40, 'nis-domain', 'Network Information Service Domain Option', string, 'RFC 2132 §8.1'),
	row(41, 'nis-servers', 'Network Information Servers Option', ips, 'RFC 2132 §8.2'),
	row(42, 'ntp-servers', 'Network Time Protocol Servers Option', ips, 'RFC 2132 §8.3'),
	// §8.4: encapsulated vendor options whose meaning depends on option 60, so raw (hex + ASCII).
	row(43, 'vendor-encapsulated-options', 'Vendor Specific Information', unknown, 'RFC 2132 §8.4'),
	row(44, 'netbios-name-servers', 'NetBIOS over TCP/IP Name Server Option', ips, 'RFC 2132 §8.5'),
	row(45, 'netbios-dd-server', 'NetBIOS over TCP/IP Datagram Distribution Server Option', ips, 'RFC 2132 §8.6'),
	row(46, 'netbios-node-type', 'NetBIOS over TCP/IP Node Type Option', netbiosNodeType, 'RFC 2132 §8.7'),
	row(47, 'netbios-scope', 'NetBIOS over TCP/IP Scope Option', string, 'RFC 2132 §8.8'),
	row(48, 'font-servers', 'X Window System Font Server Option', ips, 'RFC 2132 §8.9'),
	row(49, 'x-display-manager', 'X Window System Display Manager Option', ips, 'RFC 2132 §8.10'),
	// RFC 2132 §9: DHCP extensions.
	row(50, 'dhcp-requested-address', 'Requested IP Address', ipv4Address, 'RFC 2132 §9.1', ['requested-address']),
	row(51, 'dhcp-lease-time', 'IP Address Lease Time', duration, 'RFC 2132 §9.2', ['lease-time']),
	row(52, 'dhcp-option-overload', 'Option Overload', overloadType, 'RFC 2132 §9.3'),
	row(53, 'dhcp-message-type', 'DHCP Message Type', messageType, 'RFC 2132 §9.6', ['message-type']),
	row(54, 'dhcp-server-identifier', 'Server Identifier', ipv4Address, 'RFC 2132 §9.7', ['server-identifier', 'server-id']),
	row(
		55,
		'dhcp-parameter-request-list',
		'Parameter Request List',
		parameterList(() => dhcp4Options),
		'RFC 2132 §9.8',
		['parameter-request-list', 'prl'],
	),
	row(56, 'dhcp-message', 'Message', string, 'RFC 2132 §9.9'),
	row(57, 'dhcp-max-message-size', 'Maximum DHCP Message Size', uint16, 'RFC 2132 §9.10', ['max-message-size']),
	row(58, 'dhcp-renewal-time', 'Renewal (T1) Time Value', duration, 'RFC 2132 §9.11', ['renewal-time', 't1']),
	row(59, 'dhcp-rebinding-time', 'Rebinding (T2) Time Value', duration, 'RFC 2132 §9.12', ['rebinding-time', 't2']),
	row(60, 'vendor-class-identifier', 'Vendor class identifier', string, 'RFC 2132 §9.13', ['vendor-class']),
	row(61, 'dhcp-client-identifier', 'Client-identifier', clientIdentifier, 'RFC 2132 §9.14', ['client-id', 'client-identifier']),
	row(62, 'nwip-domain-name', 'NetWare/IP Domain Name', string, 'RFC 2242 §2'),
	row(63, 'nwip-suboptions', 'NetWare/IP sub Options', binary, 'RFC 2242 §3'),
	row(64, 'nisplus-domain-name', 'Network Information Service+ Domain Option', string, 'RFC 2132 §8.11'),
	row(65, 'nisplus-servers', 'Network Information Service+ Servers Option', ips, 'RFC 2132 §8.12'),
	row(66, 'tftp-server-name', 'TFTP server name', string, 'RFC 2132 §9.4'),
	row(67, 'boot-file-name', 'Bootfile name', string, 'RFC 2132 §9.5'),
	row(68, 'mobile-ip-home-agent', 'Mobile IP Home Agent option', ips, 'RFC 2132 §8.13'),
	row(69, 'smtp-server', 'Simple Mail Transport Protocol (SMTP) Server Option', ips, 'RFC 2132 §8.14'),
	row(70, 'pop-server', 'Post Office Protocol (POP3) Server Option', ips, 'RFC 2132 §8.15'),
	row(71, 'nntp-server', 'Network News Transport Protocol (NNTP) Server Option', ips, 'RFC 2132 §8.16'),
	row(72, 'www-server', 'Default World Wide Web (WWW) Server Option', ips, 'RFC 2132 §8.17'),
	row(73, 'finger-server', 'Default Finger Server Option', ips, 'RFC 2132 §8.18'),
	row(74, 'irc-server', 'Default Internet Relay Chat (IRC) Server Option', ips, 'RFC 2132 §8.19'),
	row(75, 'streettalk-server', 'StreetTalk Server Option', ips, 'RFC 2132 §8.20'),
	row(76, 'streettalk-directory-assistance-server', 'StreetTalk Directory Assistance (STDA) Server Option', ips, 'RFC 2132 §8.21'),
	// Later registrations.
	row(77, 'user-class', 'User Class Information', userClass, 'RFC 3004 §4'),
	row(
		78,
		'slp-directory-agent',
		'SLP Directory Agent',
		record('slp-directory-agent', [
			{ name: 'mandatory', type: boolean },
			{ name: 'agents', type: ips },
		]),
		'RFC 2610 §3',
	),
	row(
		79,
		'slp-service-scope',
		'SLP Service Scope',
		record('slp-service-scope', [
			{ name: 'mandatory', type: boolean },
			{ name: 'scopes', type: string },
		]),
		'RFC 2610 §4',
	),
	row(80, 'rapid-commit', 'Rapid Commit', empty, 'RFC 4039 §4'),
	row(81, 'fqdn', 'Client Fully Qualified Domain Name', clientFqdn, 'RFC 4702 §2', ['client-fqdn']),
	row(
		82,
		'dhcp-agent-options',
		'Relay Agent Information',
		optionList(() => agentOptions),
		'RFC 3046 §2',
		['relay-agent-information', 'relay-agent'],
	),
	row(83, 'isns', 'iSNS', binary, 'RFC 4174 §2'),
	row(85, 'nds-servers', 'NDS Servers', ips, 'RFC 2241 §2'),
	row(86, 'nds-tree-name', 'NDS Tree Name', string, 'RFC 2241 §3'),
	row(87, 'nds-context', 'NDS Context', string, 'RFC 2241 §4'),
	row(88, 'bcms-controller-names', 'BCMCS Controller Domain Name list', compressedNames, 'RFC 4280 §4.1'),
	row(89, 'bcms-controller-address', 'BCMCS Controller IPv4 address option', ips, 'RFC 4280 §4.3'),
	row(
		90,
		'authenticate',
		'Authentication',
		record('authentication', [
			{ name: 'protocol', type: uint8 },
			{ name: 'algorithm', type: uint8 },
			{ name: 'rdm', type: uint8 },
			{ name: 'replayDetection', type: fixedBytes(8, 'replay-detection') },
			{ name: 'info', type: binary },
		]),
		'RFC 3118 §2',
	),
	row(91, 'client-last-transaction-time', 'client-last-transaction-time option', duration, 'RFC 4388 §6.1'),
	row(92, 'associated-ip', 'associated-ip option', ips, 'RFC 4388 §6.1'),
	row(93, 'client-system', 'Client System Architecture Type', clientArchitectures, 'RFC 4578 §2.1', ['client-arch', 'processorArchitecture']),
	row(
		94,
		'client-ndi',
		'Client Network Interface Identifier',
		record('client-ndi', [
			{ name: 'type', type: uint8 },
			{ name: 'major', type: uint8 },
			{ name: 'minor', type: uint8 },
		]),
		'RFC 4578 §2.2',
	),
	row(95, 'ldap', 'LDAP Servers', string, 'RFC 3679 §3.3.1'),
	row(97, 'uuid-guid', 'UUID/GUID-based Client Identifier', uuidGuid, 'RFC 4578 §2.3'),
	row(98, 'uap-servers', 'User Authentication Protocol', string, 'RFC 2485 §2'),
	row(99, 'geoconf-civic', 'GEOCONF_CIVIC', binary, 'RFC 4776 §3.1'),
	row(100, 'pcode', 'PCode', string, 'RFC 4833 §2'),
	row(101, 'tcode', 'TCode', string, 'RFC 4833 §2'),
	row(108, 'v6-only-preferred', 'IPv6-Only Preferred', duration, 'RFC 8925 §3.1'),
	row(109, 'dhcp4o6-s46-saddr', 'OPTION_DHCP4O6_S46_SADDR', ipv6Address, 'RFC 8539 §3.2'),
	row(112, 'netinfo-server-address', 'Netinfo Address', ips, 'RFC 3679 §3.3.2'),
	row(113, 'netinfo-server-tag', 'Netinfo Tag', string, 'RFC 3679 §3.3.2'),
	row(114, 'v4-captive-portal', 'DHCP Captive-Portal', string, 'RFC 8910 §2.1', ['default-url']),
	row(116, 'auto-config', 'Auto-Configure', autoConfigType, 'RFC 2563 §2'),
	row(117, 'name-service-search', 'Name Service Search', arrayOf(uint16), 'RFC 2937 §3'),
	row(118, 'subnet-selection', 'Subnet Selection Option', ipv4Address, 'RFC 3011 §3'),
	row(119, 'domain-search', 'Domain Search', compressedNames, 'RFC 3397 §2', ['domainSearch']),
	row(120, 'sip-server', 'SIP Servers DHCP Option', sipServers, 'RFC 3361 §3'),
	row(121, 'classless-static-route', 'Classless Static Route Option', classlessRoutes, 'RFC 3442 §3', ['classlessStaticRoute']),
	row(122, 'cablelabs-client-configuration', 'CableLabs Client Configuration', binary, 'RFC 3495 §3'),
	row(123, 'geoconf', 'GeoConf Option', binary, 'RFC 6225 §2.2'),
	row(
		124,
		'vivco-suboptions',
		'V-I Vendor Class',
		arrayOf(
			record('vendor-class', [
				{ name: 'enterprise', type: uint32 },
				{ name: 'classes', type: lengthPrefixed(arrayOf(lengthPrefixed(string, 1)), 1) },
			]),
		),
		'RFC 3925 §3',
	),
	row(125, 'vivso-suboptions', 'V-I Vendor-Specific Information', arrayOf(vendorOptions), 'RFC 3925 §4'),
	row(136, 'pana-agent', 'OPTION_PANA_AGENT', ips, 'RFC 5192 §4'),
	row(137, 'v4-lost', 'OPTION_V4_LOST', fqdn, 'RFC 5223 §5.1'),
	row(138, 'capwap-ac-v4', 'OPTION_CAPWAP_AC_V4', ips, 'RFC 5417 §3'),
	row(
		139,
		'v4-mos-address',
		'OPTION-IPv4_Address-MoS',
		optionList(() => mosAddress4Space),
		'RFC 5678 §4.1',
	),
	row(
		140,
		'v4-mos-fqdn',
		'OPTION-IPv4_FQDN-MoS',
		optionList(() => mosFqdn4Space),
		'RFC 5678 §4.2',
	),
	row(141, 'sip-ua-cs-domains', 'OPTION_SIP_UA_CS_DOMAINS', compressedNames, 'RFC 6011 §2'),
	row(142, 'v4-andsf-address', 'OPTION-IPv4_Address-ANDSF', ips, 'RFC 6153 §3'),
	row(143, 'v4-sztp-redirect', 'OPTION_V4_SZTP_REDIRECT', arrayOf(lengthPrefixed(string, 2), 'tuple16(string)[]'), 'RFC 8572 §8.3'),
	row(144, 'geoloc', 'GeoLoc', binary, 'RFC 6225 §2.2.1'),
	row(145, 'forcerenew-nonce-capable', 'FORCERENEW_NONCE_CAPABLE', arrayOf(uint8), 'RFC 6704 §3.1.1'),
	row(
		146,
		'rdnss-selection',
		'RDNSS Selection',
		record('rdnss-selection', [
			{ name: 'flags', type: uint8 },
			{ name: 'primary', type: ipv4Address },
			{ name: 'secondary', type: ipv4Address },
			{ name: 'domains', type: names },
		]),
		'RFC 6731 §5',
	),
	row(147, 'v4-dots-ri', 'OPTION_V4_DOTS_RI', fqdn, 'RFC 8973 §5.1'),
	row(148, 'v4-dots-address', 'OPTION_V4_DOTS_ADDRESS', ips, 'RFC 8973 §5.2'),
	row(150, 'tftp-server-address', 'TFTP server address', ips, 'RFC 5859 §3'),
	row(
		151,
		'status-code',
		'status-code',
		record('status-code', [
			{ name: 'status', type: uint8 },
			{ name: 'message', type: string },
		]),
		'RFC 6926 §6.2.2',
	),
	row(152, 'base-time', 'base-time', uint32, 'RFC 6926 §6.2.3'),
	row(153, 'start-time-of-state', 'start-time-of-state', duration, 'RFC 6926 §6.2.4'),
	row(154, 'query-start-time', 'query-start-time', uint32, 'RFC 6926 §6.2.5'),
	row(155, 'query-end-time', 'query-end-time', uint32, 'RFC 6926 §6.2.6'),
	row(156, 'dhcp-state', 'dhcp-state', dhcpState, 'RFC 6926 §6.2.7'),
	row(157, 'data-source', 'data-source', uint8, 'RFC 6926 §6.2.8'),
	row(158, 'v4-pcp-server', 'OPTION_V4_PCP_SERVER', arrayOf(lengthPrefixed(ips, 1), 'tuple8(ipv4-address[])[]'), 'RFC 7291 §5'),
	row(
		159,
		'v4-portparams',
		'OPTION_V4_PORTPARAMS',
		record('v4-portparams', [
			{ name: 'offset', type: uint8 },
			{ name: 'psidLength', type: uint8 },
			{ name: 'psid', type: uint16 },
		]),
		'RFC 7618 §4',
	),
	// The first captive-portal code (RFC 7710 §2.1); RFC 8910 §2.1 moved it to 114.
	row(160, 'v4-captive-portal-rfc7710', 'DHCP Captive-Portal (RFC 7710)', string, 'RFC 7710 §2.1'),
	row(161, 'mud-url-v4', 'OPTION_MUD_URL_V4', string, 'RFC 8520 §10'),
	row(
		162,
		'v4-dnr',
		'OPTION_V4_DNR',
		arrayOf(
			lengthPrefixed(
				record('dnr-instance', [
					{ name: 'service-priority', type: uint16 },
					{ name: 'adn', type: lengthPrefixed(fqdn, 1) },
					{ name: 'addresses-and-svc-params', type: binary },
				]),
				2,
			),
			'dnr-instance[]',
		),
		'RFC 9463 §5.1',
	),
	row(208, 'pxelinux-magic', 'PXELINUX Magic', binary, 'RFC 5071 §4'),
	row(209, 'configuration-file', 'Configuration File', string, 'RFC 5071 §5.1'),
	row(210, 'path-prefix', 'Path Prefix', string, 'RFC 5071 §5.2'),
	row(211, 'reboot-time', 'Reboot Time', duration, 'RFC 5071 §5.3'),
	row(
		212,
		'option-6rd',
		'OPTION_6RD',
		record('6rd', [
			{ name: 'ipv4MaskLength', type: uint8 },
			{ name: 'prefixLength', type: uint8 },
			{ name: 'prefix', type: ipv6Address },
			{ name: 'borderRelays', type: ips },
		]),
		'RFC 5969 §7.1.1',
	),
	row(213, 'v4-access-domain', 'OPTION_V4_ACCESS_DOMAIN', fqdn, 'RFC 5986 §3'),
	row(220, 'subnet-allocation', 'Subnet Allocation', binary, 'RFC 6656 §6.1'),
	row(
		221,
		'virtual-subnet-selection',
		'Virtual Subnet Selection',
		record('vss', [
			{ name: 'type', type: uint8 },
			{ name: 'info', type: binary },
		]),
		'RFC 6607 §3.1',
	),
	// Microsoft's copy of option 121 from before RFC 3442, same format; dhcptest knows it too.
	row(249, 'ms-classless-static-route', 'Microsoft Classless Static Route', classlessRoutes, 'MS-DHCPE §2.2.9'),
	// De facto (Microsoft, never standardised): Web Proxy Auto-Discovery URL.
	row(252, 'wpad-proxy-url', 'Web Proxy Auto-Discovery', string, 'draft-ietf-wrec-wpad-01', ['wpad']),
	row(255, 'end', 'End Option', empty, 'RFC 2132 §3.2'),
];

/**
 * dhcptest's `[FMT]` names that need DHCPv4 types, with dhcptest's meaning (its
 * source/dhcptest/formats/types.d and options.d): the scalar and list names it shares with Kea
 * (`str`, `ip`, `u16s`, `duration`, …) are in types/formats.ts.
 */
const DHCPTEST_FORMATS: Record<string, ValueType> = {
	dhcpMessageType: messageType,
	dhcpOptionType: optionCodeOf(() => dhcp4Options),
	dhcpOptionTypes: parameterList(() => dhcp4Options),
	netbiosNodeType,
	processorArchitecture: clientArchitecture,
	relayAgent: optionList(() => agentOptions),
	vendorSpecificInformation: optionList(() => vendorSubOptions),
	// Not dhcptest's: option 43 read as PXE's vendor options.
	pxe: optionList(() => pxeSpace),
	classlessStaticRoute: classlessRoutes,
	clientIdentifier,
	clientFQDN: clientFqdn,
	userClass,
	// dhcptest's domainSearch is option 119's form: RFC 3397 compression is read on input.
	domainSearch: compressedNames,
};

/** The `dhcp4` option space: look options up by code or by any of their names. */
export const dhcp4Options: OptionSpace = new OptionSpace('dhcp4', 1, 1, DHCP4_OPTION_DEFS, DHCPTEST_FORMATS);

/** Every DHCPv4 option space with a table, the top-level one first (what `dhcpulse options -4` lists). */
export const DHCP4_SPACES: readonly OptionSpace[] = [dhcp4Options, agentOptions, docsis3V4Space, pxeSpace, mosAddress4Space, mosFqdn4Space];

/** Codes 0 (Pad) and 255 (End) are framing (RFC 2132 §3.1, §3.2), not options, so counts leave them out. */
export const FRAMING_CODES: ReadonlySet<number> = new Set([0, 255]);
