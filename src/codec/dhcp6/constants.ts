/**
 * DHCPv6 numbers kept as data: message types (RFC 8415 §7.3, RFC 5007 §4.2, RFC 5460 §5.2,
 * RFC 7341 §5), status codes (RFC 8415 §21.13 and the IANA registry), DUID types (RFC 8415 §11,
 * RFC 6355) and the option codes the codec itself needs. Name tables are derived from these
 * rows, never written twice.
 */
import type { EnumTable } from '../types/index.js';

/** UDP ports (RFC 8415 §7.2). */
export const DHCP6_CLIENT_PORT = 546;
export const DHCP6_SERVER_PORT = 547;
/** All_DHCP_Relay_Agents_and_Servers (RFC 8415 §7.1). */
export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';
/** All_DHCP_Servers (RFC 8415 §7.1). */
export const ALL_DHCP_SERVERS = 'ff05::1:3';

/**
 * How many Relay Message options we follow inside each other before giving up with ERR_TOO_DEEP.
 * RFC 3315 §5.6 set HOP_COUNT_LIMIT to 32; RFC 8415 §7.6 lowered it to 8, but a decoder should
 * still read what an out-of-date relay chain sends, so we keep the older, larger bound.
 */
export const MAX_RELAY_DEPTH = 32;
/** RFC 8415 §7.6 HOP_COUNT_LIMIT: the most hops a relay agent should forward. */
export const HOP_COUNT_LIMIT = 8;

/**
 * Message types (RFC 8415 §7.3). Keys are the RFC names with `_` for `-`; the name table below
 * is derived from this one object.
 */
export const MsgType = Object.freeze({
	SOLICIT: 1,
	ADVERTISE: 2,
	REQUEST: 3,
	CONFIRM: 4,
	RENEW: 5,
	REBIND: 6,
	REPLY: 7,
	RELEASE: 8,
	DECLINE: 9,
	RECONFIGURE: 10,
	INFORMATION_REQUEST: 11,
	RELAY_FORW: 12,
	RELAY_REPL: 13,
	LEASEQUERY: 14, // RFC 5007 §4.2
	LEASEQUERY_REPLY: 15,
	LEASEQUERY_DONE: 16, // RFC 5460 §5.2 (bulk leasequery)
	LEASEQUERY_DATA: 17,
	RECONFIGURE_REQUEST: 18, // RFC 6977 §6.1
	RECONFIGURE_REPLY: 19,
	DHCPV4_QUERY: 20, // RFC 7341 §5
	DHCPV4_RESPONSE: 21,
} as const);

/** Code → RFC name, e.g. `MSG_TYPE_NAMES[2] === 'ADVERTISE'`, `MSG_TYPE_NAMES[12] === 'RELAY-FORW'`. */
export const MSG_TYPE_NAMES: EnumTable = Object.freeze(Object.fromEntries(Object.entries(MsgType).map(([key, code]) => [code, key.replace(/_/g, '-')])));

/** `ADVERTISE` for 2, the number as text for a type we have no name for. */
export function msgTypeName(code: number): string {
	return MSG_TYPE_NAMES[code] ?? String(code);
}

/** RFC 8415 §9: only RELAY-FORW and RELAY-REPL use the relay agent message format. */
export function isRelayType(code: number): boolean {
	return code === 12 || code === 13;
}

/** Status codes (RFC 8415 §21.13; leasequery codes from RFC 5007 §4.1.2.5 and RFC 5460 §5.3). */
const STATUS_ROWS: readonly (readonly [number, string])[] = [
	[0, 'Success'],
	[1, 'UnspecFail'],
	[2, 'NoAddrsAvail'],
	[3, 'NoBinding'],
	[4, 'NotOnLink'],
	[5, 'UseMulticast'],
	[6, 'NoPrefixAvail'],
	[7, 'UnknownQueryType'],
	[8, 'MalformedQuery'],
	[9, 'NotConfigured'],
	[10, 'NotAllowed'],
	[11, 'QueryTerminated'],
	[12, 'DataMissing'], // RFC 7653 (active leasequery)
	[13, 'CatchUpComplete'],
	[14, 'NotSupported'],
	[15, 'TLSConnectionRefused'],
	[16, 'AddressInUse'], // RFC 8156 (failover)
	[17, 'ConfigurationConflict'],
	[18, 'MissingBindingInformation'],
	[19, 'OutdatedBindingInformation'],
	[20, 'ServerShuttingDown'],
	[21, 'DNSUpdateNotSupported'],
	[22, 'ExcessiveTimeSkew'],
];

export const STATUS_CODE_NAMES: EnumTable = Object.freeze(Object.fromEntries(STATUS_ROWS));

export const StatusCode = Object.freeze({
	Success: 0,
	UnspecFail: 1,
	NoAddrsAvail: 2,
	NoBinding: 3,
	NotOnLink: 4,
	UseMulticast: 5,
	NoPrefixAvail: 6,
	UnknownQueryType: 7,
	MalformedQuery: 8,
	NotConfigured: 9,
	NotAllowed: 10,
	QueryTerminated: 11,
} as const);

export function statusCodeName(code: number): string {
	return STATUS_CODE_NAMES[code] ?? String(code);
}

/** DUID types (RFC 8415 §11.1, RFC 6355 §4 for DUID-UUID). */
export const DuidType = Object.freeze({ LLT: 1, EN: 2, LL: 3, UUID: 4 } as const);

export const DUID_TYPE_NAMES: EnumTable = Object.freeze({ 1: 'LLT', 2: 'EN', 3: 'LL', 4: 'UUID' });

/**
 * The option codes the codec's own logic needs (the full registry is option-defs.ts).
 * RFC 8415 §21 unless noted.
 */
export const OptionCode = Object.freeze({
	CLIENTID: 1,
	SERVERID: 2,
	IA_NA: 3,
	IA_TA: 4,
	IAADDR: 5,
	ORO: 6,
	PREFERENCE: 7,
	ELAPSED_TIME: 8,
	RELAY_MSG: 9,
	AUTH: 11,
	UNICAST: 12,
	STATUS_CODE: 13,
	RAPID_COMMIT: 14,
	USER_CLASS: 15,
	VENDOR_CLASS: 16,
	VENDOR_OPTS: 17,
	INTERFACE_ID: 18,
	RECONF_MSG: 19,
	RECONF_ACCEPT: 20,
	DNS_SERVERS: 23, // RFC 3646 §3
	DOMAIN_SEARCH: 24, // RFC 3646 §4
	IA_PD: 25,
	IAPREFIX: 26,
	INFORMATION_REFRESH_TIME: 32,
	REMOTE_ID: 37, // RFC 4649
	SUBSCRIBER_ID: 38, // RFC 4580
	CLIENT_FQDN: 39, // RFC 4704
	LQ_RELAY_DATA: 47, // RFC 5007 §4.1.2.4
	NTP_SERVER: 56, // RFC 5908
	CLIENT_LINKLAYER_ADDR: 79, // RFC 6939
	SOL_MAX_RT: 82,
	INF_MAX_RT: 83,
} as const);

/**
 * Options whose content starts with fixed fields and continues with options of the DHCPv6 space
 * (RFC 8415 §21.4–§21.6, §21.21, §21.22): code → size of the fixed part. The decoder checks these
 * structurally, so an IA_NA shorter than its 12 fixed bytes is a malformed packet.
 */
export const CONTAINER_HEADER: ReadonlyMap<number, number> = new Map([
	[3, 12], // IA_NA: IAID, T1, T2
	[4, 4], // IA_TA: IAID
	[5, 24], // IAADDR: address, preferred-lifetime, valid-lifetime
	[25, 12], // IA_PD: IAID, T1, T2
	[26, 25], // IAPREFIX: preferred-lifetime, valid-lifetime, prefix-length, prefix
]);
