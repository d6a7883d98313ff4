/**
 * Named constructors for DHCPv6 messages, one per state transition (the insomniacslk/dhcp
 * `NewRequestFromOffer` idea): SOLICIT, then REQUEST / RENEW / REBIND / RELEASE / DECLINE /
 * CONFIRM from the server's ADVERTISE or REPLY (RFC 8415 §18.2), INFORMATION-REQUEST, relay
 * wrapping (RFC 8415 §19) and, for tests and simulators, the server's ADVERTISE and REPLY.
 * Every builder returns a plain message object whose options are raw TLVs in wire order, so the
 * caller can still add, drop, repeat or corrupt any option before encoding.
 */
import { randomInt } from 'node:crypto';
import type { Option } from '../option-space.js';
import { writeIpv6 } from '../types/index.js';
import { MsgType, OptionCode, isRelayType } from './constants.js';
import { findOption, readIaNa, readIaPd, readIaTa } from './accessors.js';
import { toDuidBytes, type Duid } from './duid.js';
import { toBytes, unwrapRelays, type Dhcp6ClientMessage, type Dhcp6Message, type Dhcp6RelayMessage } from './message.js';
import { dhcp6Options } from './option-defs.js';

/** A random 24-bit transaction ID (RFC 8415 §16.1: chosen at random for each exchange). */
export function randomTransactionId(): number {
	return randomInt(0, 0x1000000);
}

function put32(buf: Uint8Array, at: number, v: number): void {
	buf[at] = v >>> 24;
	buf[at + 1] = (v >>> 16) & 0xff;
	buf[at + 2] = (v >>> 8) & 0xff;
	buf[at + 3] = v & 0xff;
}

function withSub(head: Uint8Array, sub: readonly Option[]): Buffer {
	let n = head.length;
	for (const o of sub) n += 4 + o.data.length;
	const buf = Buffer.alloc(n);
	buf.set(head, 0);
	let p = head.length;
	for (const o of sub) {
		buf.writeUInt16BE(o.code, p);
		buf.writeUInt16BE(o.data.length, p + 2);
		buf.set(o.data, p + 4);
		p += 4 + o.data.length;
	}
	return buf;
}

/** A Status Code option (RFC 8415 §21.13). */
export function statusCodeOption(code: number, message = ''): Option {
	const text = Buffer.from(message, 'utf8');
	const data = Buffer.alloc(2 + text.length);
	data.writeUInt16BE(code, 0);
	data.set(text, 2);
	return { code: OptionCode.STATUS_CODE, data };
}

/** An IA Address option (RFC 8415 §21.6). */
export function iaAddressOption(address: string, preferredLifetime = 0, validLifetime = 0, options: readonly Option[] = []): Option {
	const head = Buffer.alloc(24);
	writeIpv6(address, head, 0);
	put32(head, 16, preferredLifetime);
	put32(head, 20, validLifetime);
	return { code: OptionCode.IAADDR, data: withSub(head, options) };
}

/** An IA Prefix option (RFC 8415 §21.22). */
export function iaPrefixOption(prefix: string, prefixLength: number, preferredLifetime = 0, validLifetime = 0, options: readonly Option[] = []): Option {
	if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 128) throw new RangeError(`prefix length ${prefixLength} is outside 0..128`);
	const head = Buffer.alloc(25);
	put32(head, 0, preferredLifetime);
	put32(head, 4, validLifetime);
	head[8] = prefixLength;
	writeIpv6(prefix, head, 9);
	return { code: OptionCode.IAPREFIX, data: withSub(head, options) };
}

function iaOption(code: number, iaid: number, t1: number, t2: number, options: readonly Option[]): Option {
	const head = Buffer.alloc(12);
	put32(head, 0, iaid);
	put32(head, 4, t1);
	put32(head, 8, t2);
	return { code, data: withSub(head, options) };
}

/** An IA_NA option (RFC 8415 §21.4). Clients send T1 = T2 = 0 (§21.4: the server chooses). */
export function iaNaOption(iaid: number, t1 = 0, t2 = 0, options: readonly Option[] = []): Option {
	return iaOption(OptionCode.IA_NA, iaid, t1, t2, options);
}

/** An IA_PD option (RFC 8415 §21.21). */
export function iaPdOption(iaid: number, t1 = 0, t2 = 0, options: readonly Option[] = []): Option {
	return iaOption(OptionCode.IA_PD, iaid, t1, t2, options);
}

/** An IA_TA option (RFC 8415 §21.5). */
export function iaTaOption(iaid: number, options: readonly Option[] = []): Option {
	const head = Buffer.alloc(4);
	put32(head, 0, iaid);
	return { code: OptionCode.IA_TA, data: withSub(head, options) };
}

/** Elapsed Time in hundredths of a second, capped at 0xffff (RFC 8415 §21.9). */
export function elapsedTimeOption(hundredths: number): Option {
	const data = Buffer.alloc(2);
	data.writeUInt16BE(Math.min(0xffff, Math.max(0, Math.round(hundredths))), 0);
	return { code: OptionCode.ELAPSED_TIME, data };
}

/** Option Request option (RFC 8415 §21.7) from codes or names (`dns-servers`, 24). */
export function oroOption(codes: readonly (number | string)[]): Option {
	const data = Buffer.alloc(2 * codes.length);
	codes.forEach((c, i) => data.writeUInt16BE(typeof c === 'number' ? c : dhcp6Options.resolveCode(c), 2 * i));
	return { code: OptionCode.ORO, data };
}

export function clientIdOption(duid: Duid | Uint8Array | string): Option {
	return { code: OptionCode.CLIENTID, data: toDuidBytes(duid) };
}

export function serverIdOption(duid: Duid | Uint8Array | string): Option {
	return { code: OptionCode.SERVERID, data: toDuidBytes(duid) };
}

export function rapidCommitOption(): Option {
	return { code: OptionCode.RAPID_COMMIT, data: Buffer.alloc(0) };
}

/** What a client asks for in one IA_NA: an IAID and, optionally, addresses it would like (hints). */
export interface IaNaRequest {
	iaid?: number;
	addresses?: readonly string[];
}

/** What a client asks for in one IA_PD: an IAID and, optionally, prefix hints `2001:db8::/56`. */
export interface IaPdRequest {
	iaid?: number;
	prefixes?: readonly string[];
}

/** The default Option Request: DNS servers and domain search list (RFC 3646). */
export const DEFAULT_ORO: readonly number[] = [OptionCode.DNS_SERVERS, OptionCode.DOMAIN_SEARCH];

export interface SolicitInput {
	clientId: Duid | Uint8Array | string;
	transactionId?: number;
	/** IA_NA options to ask for; default one IA_NA with IAID 1. `false` or `[]` for none. */
	iaNa?: IaNaRequest | readonly IaNaRequest[] | false;
	/** IA_PD options to ask for; default none. */
	iaPd?: IaPdRequest | readonly IaPdRequest[] | false;
	/** Ask for the two-message exchange (RFC 8415 §18.2.1, §21.14). */
	rapidCommit?: boolean;
	/** Codes or names for the Option Request option; default dns-servers and domain-search; `[]` leaves it out. */
	oro?: readonly (number | string)[];
	/** Hundredths of a second since the exchange began (RFC 8415 §21.9); default 0. */
	elapsedTime?: number;
	/** More options, appended after the ones above. */
	options?: readonly Option[];
}

function listOfRequests<T>(value: T | readonly T[] | false | undefined, fallback: readonly T[]): readonly T[] {
	if (value === undefined) return fallback;
	if (value === false) return [];
	return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function splitPrefix(text: string): { prefix: string; length: number } {
	const slash = text.indexOf('/');
	if (slash < 0) throw new RangeError(`expected a prefix such as 2001:db8::/56, got ${JSON.stringify(text)}`);
	return { prefix: text.slice(0, slash), length: Number(text.slice(slash + 1)) };
}

function iaRequestOptions(iaNa: readonly IaNaRequest[], iaPd: readonly IaPdRequest[]): Option[] {
	const out: Option[] = [];
	iaNa.forEach((ia, i) =>
		out.push(
			iaNaOption(
				ia.iaid ?? i + 1,
				0,
				0,
				(ia.addresses ?? []).map((a) => iaAddressOption(a)),
			),
		),
	);
	iaPd.forEach((ia, i) => {
		const hints = (ia.prefixes ?? []).map((p) => {
			const { prefix, length } = splitPrefix(p);
			return iaPrefixOption(prefix, length);
		});
		out.push(iaPdOption(ia.iaid ?? i + 1, 0, 0, hints));
	});
	return out;
}

/** SOLICIT (RFC 8415 §18.2.1): Client Identifier, Elapsed Time, ORO, IAs, optionally Rapid Commit. */
export function solicit(input: SolicitInput): Dhcp6ClientMessage {
	const options: Option[] = [clientIdOption(input.clientId)];
	if (input.rapidCommit) options.push(rapidCommitOption());
	options.push(elapsedTimeOption(input.elapsedTime ?? 0));
	const oro = input.oro ?? DEFAULT_ORO;
	if (oro.length > 0) options.push(oroOption(oro));
	options.push(...iaRequestOptions(listOfRequests(input.iaNa, [{ iaid: 1 }]), listOfRequests(input.iaPd, [])));
	options.push(...(input.options ?? []));
	return { msgType: MsgType.SOLICIT, transactionId: input.transactionId ?? randomTransactionId(), options };
}

/** How a follow-up message differs from the defaults. */
export interface FollowUpInput {
	transactionId?: number;
	elapsedTime?: number;
	/** Codes or names for the Option Request option. */
	oro?: readonly (number | string)[];
	/** Overrides the Client Identifier copied from the server's message. */
	clientId?: Duid | Uint8Array | string;
	options?: readonly Option[];
}

/**
 * The IAs of a server message in the form a client sends back: T1/T2 and lifetimes set to 0
 * (RFC 8415 §21.4, §21.6, §21.21, §21.22: "SHOULD be set to 0" in client messages), Status Code
 * options dropped, addresses and prefixes kept.
 */
function clientIas(options: readonly Option[], codes: readonly number[]): Option[] {
	const out: Option[] = [];
	for (const o of options) {
		if (!codes.includes(o.code)) continue;
		if (o.code === OptionCode.IA_NA) {
			const ia = readIaNa(o);
			out.push(
				iaNaOption(
					ia.iaid,
					0,
					0,
					ia.addresses.map((a) => iaAddressOption(a.address)),
				),
			);
		} else if (o.code === OptionCode.IA_TA) {
			const ia = readIaTa(o);
			out.push(
				iaTaOption(
					ia.iaid,
					ia.addresses.map((a) => iaAddressOption(a.address)),
				),
			);
		} else if (o.code === OptionCode.IA_PD) {
			const ia = readIaPd(o);
			out.push(
				iaPdOption(
					ia.iaid,
					0,
					0,
					ia.prefixes.map((p) => iaPrefixOption(p.prefix, p.prefixLength)),
				),
			);
		}
	}
	return out;
}

function innermost(message: Dhcp6Message): Dhcp6ClientMessage {
	const m = unwrapRelays(message).message;
	if (isRelayType(m.msgType)) throw new RangeError('the relay message carries no relayed message');
	return m as Dhcp6ClientMessage;
}

interface FollowUpRule {
	msgType: number;
	serverId: boolean;
	ias: readonly number[];
	oro: boolean;
}

function followUp(from: Dhcp6Message, rule: FollowUpRule, input: FollowUpInput): Dhcp6ClientMessage {
	const server = innermost(from);
	const options: Option[] = [];
	if (input.clientId !== undefined) options.push(clientIdOption(input.clientId));
	else {
		const id = findOption(server, OptionCode.CLIENTID);
		if (!id) throw new RangeError('the server message has no Client Identifier to copy; pass clientId');
		options.push({ code: OptionCode.CLIENTID, data: id.data });
	}
	if (rule.serverId) {
		const id = findOption(server, OptionCode.SERVERID);
		if (!id) throw new RangeError('the server message has no Server Identifier to copy');
		options.push({ code: OptionCode.SERVERID, data: id.data });
	}
	options.push(elapsedTimeOption(input.elapsedTime ?? 0));
	const oro = input.oro ?? (rule.oro ? DEFAULT_ORO : []);
	if (oro.length > 0) options.push(oroOption(oro));
	options.push(...clientIas(server.options, rule.ias));
	options.push(...(input.options ?? []));
	return { msgType: rule.msgType, transactionId: input.transactionId ?? randomTransactionId(), options };
}

const ALL_IAS = [OptionCode.IA_NA, OptionCode.IA_TA, OptionCode.IA_PD];

/** REQUEST from an ADVERTISE (RFC 8415 §18.2.2): server id, the advertised IAs, ORO. */
export function request(advertise: Dhcp6Message, input: FollowUpInput = {}): Dhcp6ClientMessage {
	return followUp(advertise, { msgType: MsgType.REQUEST, serverId: true, ias: ALL_IAS, oro: true }, input);
}

/** RENEW from a REPLY (RFC 8415 §18.2.4): to the server that granted the lease. */
export function renew(reply: Dhcp6Message, input: FollowUpInput = {}): Dhcp6ClientMessage {
	return followUp(reply, { msgType: MsgType.RENEW, serverId: true, ias: ALL_IAS, oro: true }, input);
}

/** REBIND from a REPLY (RFC 8415 §18.2.5): to any server, so no Server Identifier. */
export function rebind(reply: Dhcp6Message, input: FollowUpInput = {}): Dhcp6ClientMessage {
	return followUp(reply, { msgType: MsgType.REBIND, serverId: false, ias: ALL_IAS, oro: true }, input);
}

/** RELEASE from a REPLY (RFC 8415 §18.2.7). */
export function release(reply: Dhcp6Message, input: FollowUpInput = {}): Dhcp6ClientMessage {
	return followUp(reply, { msgType: MsgType.RELEASE, serverId: true, ias: ALL_IAS, oro: false }, input);
}

/** DECLINE from a REPLY (RFC 8415 §18.2.8): addresses only, so IA_NA (and IA_TA). */
export function decline(reply: Dhcp6Message, input: FollowUpInput = {}): Dhcp6ClientMessage {
	return followUp(reply, { msgType: MsgType.DECLINE, serverId: true, ias: [OptionCode.IA_NA, OptionCode.IA_TA], oro: false }, input);
}

/** CONFIRM from a REPLY (RFC 8415 §18.2.3): any server may answer, addresses only. */
export function confirm(reply: Dhcp6Message, input: FollowUpInput = {}): Dhcp6ClientMessage {
	return followUp(reply, { msgType: MsgType.CONFIRM, serverId: false, ias: [OptionCode.IA_NA, OptionCode.IA_TA], oro: false }, input);
}

export interface InformationRequestInput {
	/** RFC 8415 §18.2.6: SHOULD be included (omit it only to test a server). */
	clientId?: Duid | Uint8Array | string;
	transactionId?: number;
	oro?: readonly (number | string)[];
	elapsedTime?: number;
	options?: readonly Option[];
}

/** INFORMATION-REQUEST (RFC 8415 §18.2.6): configuration without addresses. */
export function informationRequest(input: InformationRequestInput = {}): Dhcp6ClientMessage {
	const options: Option[] = [];
	if (input.clientId !== undefined) options.push(clientIdOption(input.clientId));
	options.push(elapsedTimeOption(input.elapsedTime ?? 0));
	const oro = input.oro ?? DEFAULT_ORO;
	if (oro.length > 0) options.push(oroOption(oro));
	options.push(...(input.options ?? []));
	return { msgType: MsgType.INFORMATION_REQUEST, transactionId: input.transactionId ?? randomTransactionId(), options };
}

export interface RelayInput {
	/** RFC 8415 §19.1.1: an address on the client's link, or :: when the relay has none. */
	linkAddress: string;
	/** The address the relayed message came from. */
	peerAddress: string;
	/** Default: 0 around a client message, the inner RELAY-FORW's hop-count + 1 around a relay (§19.1.2). */
	hopCount?: number;
	/** Interface-Id option content (RFC 8415 §21.18), text or bytes. */
	interfaceId?: string | Uint8Array;
	/** More relay options (remote-id, subscriber-id, …), placed before the Relay Message option. */
	options?: readonly Option[];
}

function relayOptions(inner: Dhcp6Message | Uint8Array, input: RelayInput): Option[] {
	const options: Option[] = [];
	if (input.interfaceId !== undefined) {
		options.push({ code: OptionCode.INTERFACE_ID, data: typeof input.interfaceId === 'string' ? Buffer.from(input.interfaceId, 'utf8') : input.interfaceId });
	}
	options.push(...(input.options ?? []));
	options.push({ code: OptionCode.RELAY_MSG, data: inner instanceof Uint8Array ? inner : toBytes(inner) });
	return options;
}

/**
 * Wraps a message (or its bytes) in a RELAY-FORW (RFC 8415 §19.1). Wrap the result again for a
 * chain of relays; there is no depth limit on building, each level is encoded once.
 */
export function relayForward(inner: Dhcp6Message | Uint8Array, input: RelayInput): Dhcp6RelayMessage {
	const innerType = inner instanceof Uint8Array ? inner[0] : inner.msgType;
	const innerHops = inner instanceof Uint8Array ? (inner[1] ?? 0) : 'hopCount' in inner ? inner.hopCount : 0;
	return {
		msgType: MsgType.RELAY_FORW,
		hopCount: input.hopCount ?? (innerType === MsgType.RELAY_FORW ? innerHops + 1 : 0),
		linkAddress: input.linkAddress,
		peerAddress: input.peerAddress,
		options: relayOptions(inner, input),
	};
}

/** Wraps a message in a RELAY-REPL (RFC 8415 §19.3, what a server sends back through a relay). */
export function relayReply(inner: Dhcp6Message | Uint8Array, input: RelayInput): Dhcp6RelayMessage {
	return { msgType: MsgType.RELAY_REPL, hopCount: input.hopCount ?? 0, linkAddress: input.linkAddress, peerAddress: input.peerAddress, options: relayOptions(inner, input) };
}

/**
 * What a server does with a reply to a relayed message (RFC 8415 §19.3 / Kea): wrap it in one
 * RELAY-REPL per RELAY-FORW of the request, copying hop-count, link-address, peer-address and the
 * Interface-Id option, outermost relay last.
 */
export function relayReplyChain(forwarded: Dhcp6Message, reply: Dhcp6Message): Dhcp6Message {
	const { relays } = unwrapRelays(forwarded);
	let out: Dhcp6Message = reply;
	for (let i = relays.length - 1; i >= 0; i--) {
		const r = relays[i]!;
		const interfaceId = findOption(r, OptionCode.INTERFACE_ID);
		out = relayReply(out, { linkAddress: r.linkAddress, peerAddress: r.peerAddress, hopCount: r.hopCount, ...(interfaceId ? { interfaceId: interfaceId.data } : {}) });
	}
	return out;
}

/** One IA_NA as a server grants it. */
export interface LeaseIaNa {
	iaid: number;
	t1?: number;
	t2?: number;
	addresses?: readonly { address: string; preferredLifetime: number; validLifetime: number }[];
	/** A Status Code inside the IA, e.g. NoAddrsAvail (RFC 8415 §21.13). */
	status?: { code: number; message?: string };
}

/** One IA_PD as a server grants it. */
export interface LeaseIaPd {
	iaid: number;
	t1?: number;
	t2?: number;
	prefixes?: readonly { prefix: string; prefixLength: number; preferredLifetime: number; validLifetime: number }[];
	status?: { code: number; message?: string };
}

export interface ServerReplyInput {
	serverId: Duid | Uint8Array | string;
	iaNa?: readonly LeaseIaNa[];
	iaPd?: readonly LeaseIaPd[];
	/** A top-level Status Code. */
	status?: { code: number; message?: string };
	/** Server Preference (RFC 8415 §21.8). */
	preference?: number;
	/** Set in a REPLY to a Rapid Commit SOLICIT (RFC 8415 §18.3.1). */
	rapidCommit?: boolean;
	dnsServers?: readonly string[];
	options?: readonly Option[];
}

function serverOptions(to: Dhcp6ClientMessage, input: ServerReplyInput): Option[] {
	const options: Option[] = [];
	const client = findOption(to, OptionCode.CLIENTID);
	if (client) options.push({ code: OptionCode.CLIENTID, data: client.data });
	options.push(serverIdOption(input.serverId));
	if (input.rapidCommit) options.push(rapidCommitOption());
	if (input.preference !== undefined) options.push({ code: OptionCode.PREFERENCE, data: Buffer.from([input.preference]) });
	if (input.status) options.push(statusCodeOption(input.status.code, input.status.message));
	for (const ia of input.iaNa ?? []) {
		const sub = (ia.addresses ?? []).map((a) => iaAddressOption(a.address, a.preferredLifetime, a.validLifetime));
		if (ia.status) sub.push(statusCodeOption(ia.status.code, ia.status.message));
		options.push(iaNaOption(ia.iaid, ia.t1 ?? 0, ia.t2 ?? 0, sub));
	}
	for (const ia of input.iaPd ?? []) {
		const sub = (ia.prefixes ?? []).map((p) => iaPrefixOption(p.prefix, p.prefixLength, p.preferredLifetime, p.validLifetime));
		if (ia.status) sub.push(statusCodeOption(ia.status.code, ia.status.message));
		options.push(iaPdOption(ia.iaid, ia.t1 ?? 0, ia.t2 ?? 0, sub));
	}
	if (input.dnsServers) options.push(dhcp6Options.parseOption(`dns-servers=${input.dnsServers.join(', ')}`));
	options.push(...(input.options ?? []));
	return options;
}

/** ADVERTISE answering a SOLICIT (RFC 8415 §18.3.1): same transaction ID, the client's DUID echoed. */
export function advertise(solicitMessage: Dhcp6Message, input: ServerReplyInput): Dhcp6ClientMessage {
	const to = innermost(solicitMessage);
	return { msgType: MsgType.ADVERTISE, transactionId: to.transactionId, options: serverOptions(to, input) };
}

/** REPLY answering any client message (RFC 8415 §18.3). */
export function reply(to: Dhcp6Message, input: ServerReplyInput): Dhcp6ClientMessage {
	const m = innermost(to);
	return { msgType: MsgType.REPLY, transactionId: m.transactionId, options: serverOptions(m, input) };
}
