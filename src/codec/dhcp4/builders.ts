/**
 * Builders for every DHCPv4 client message and for the server replies (tests, lab fakes), in the
 * style of insomniacslk/dhcp's `New…` constructors: one named function per message and state, so
 * the RFC 2131 §4.4.1 Table 5 rules (which of ciaddr, option 50 and option 54 each message
 * carries) live in one place.
 *
 * Option order: option 53 first, then what the builder adds (50, 54, 61, 55, …), then the caller's
 * options in the order given, with option 82 moved last (RFC 3046 §2.1). A caller's option with
 * the same code as one the builder would add replaces it, at the caller's position (so a probe can
 * send option 53 last, or a different PRL).
 */
import { randomBytes } from 'node:crypto';
import { OptionValueError } from '../../wire/errors.js';
import type { Option } from '../option-space.js';
import { parseHardwareAddress, writeIpv4 } from '../types/index.js';
import { BOOTP_MIN_LENGTH, BOOTREPLY, BOOTREQUEST, BROADCAST_FLAG, type Dhcp4Message } from './message.js';
import { dhcp4Options } from './option-defs.js';
import { MessageType } from './value-types.js';
import { findOption } from './options.js';

export const OptionCode = {
	SUBNET_MASK: 1,
	ROUTERS: 3,
	DOMAIN_NAME_SERVERS: 6,
	HOST_NAME: 12,
	DOMAIN_NAME: 15,
	REQUESTED_ADDRESS: 50,
	LEASE_TIME: 51,
	OVERLOAD: 52,
	MESSAGE_TYPE: 53,
	SERVER_IDENTIFIER: 54,
	PARAMETER_REQUEST_LIST: 55,
	MESSAGE: 56,
	MAX_MESSAGE_SIZE: 57,
	RENEWAL_TIME: 58,
	REBINDING_TIME: 59,
	VENDOR_CLASS: 60,
	CLIENT_IDENTIFIER: 61,
	RELAY_AGENT_INFORMATION: 82,
	DOMAIN_SEARCH: 119,
	CLASSLESS_STATIC_ROUTE: 121,
} as const;

/**
 * What a client asks for by default: the options a stub resolver and a router need, like
 * dhclient's default request list.
 */
export const DEFAULT_PARAMETER_REQUEST_LIST: readonly number[] = [1, 3, 6, 12, 15, 26, 28, 42, 51, 54, 58, 59, 119, 121];

/** An option as raw bytes, or as text in the option value language (`CODE[FMT]=VALUE`). */
export type OptionInput = Option | string;

export interface ClientInput {
	/** Client hardware address: `02:11:22:33:44:55`, `0211.2233.4455`, hex, or bytes (1–16 octets). */
	mac: string | Uint8Array;
	/** Transaction id; a random one when omitted. */
	xid?: number;
	/** Hardware type; default 1 (Ethernet). */
	htype?: number;
	/** Hardware address length; default the MAC's length. */
	hlen?: number;
	hops?: number;
	secs?: number;
	/** The whole flags field; overrides `broadcast`. */
	flags?: number;
	/** Set the broadcast bit (RFC 2131 §4.1); default true when ciaddr is 0.0.0.0. */
	broadcast?: boolean;
	ciaddr?: string;
	giaddr?: string;
	sname?: string;
	file?: string;
	/** Option 61: `true` for type = htype plus the MAC (RFC 2132 §9.14), or the raw option bytes. */
	clientId?: true | Uint8Array;
	/** Option 55; `false` sends none. Default {@link DEFAULT_PARAMETER_REQUEST_LIST} where Table 5 allows it. */
	requestList?: readonly number[] | false;
	/** Option 12. */
	hostname?: string;
	/** Further options, in order. */
	options?: readonly OptionInput[];
	/** Minimum encoded length (default 300, RFC 1542 §3.1.1); 0 for none. */
	minLength?: number;
}

/** A random transaction id. */
export function randomXid(): number {
	return randomBytes(4).readUInt32BE(0);
}

function ip(text: string | undefined, what: string): string {
	// The unset address is the common case (four per client message); no need to parse it.
	if (text === undefined || text === '0.0.0.0') return '0.0.0.0';
	const t = text;
	try {
		writeIpv4(t, new Uint8Array(4), 0);
	} catch {
		throw new OptionValueError(`${what}: expected an IPv4 address, got ${JSON.stringify(t)}`);
	}
	return t;
}

function ipOption(code: number, address: string, what: string): Option {
	const data = Buffer.alloc(4);
	writeIpv4(ip(address, what), data, 0);
	return { code, data };
}

function toOption(input: OptionInput): Option {
	return typeof input === 'string' ? dhcp4Options.parseOption(input) : input;
}

/**
 * Orders options: message type first, builder options, then the caller's (which replace builder
 * options of the same code), option 82 last (RFC 3046 §2.1: the relay agent option SHALL be last).
 */
function assemble(type: number, builderOptions: Option[], callerOptions: readonly OptionInput[] = []): Option[] {
	const mine = callerOptions.map(toOption);
	const given = new Set(mine.map((o) => o.code));
	const out: Option[] = [];
	if (!given.has(53)) out.push({ code: 53, data: Uint8Array.of(type) });
	for (const o of builderOptions) if (!given.has(o.code)) out.push(o);
	out.push(...mine);
	const agent = out.filter((o) => o.code === 82);
	return agent.length === 0 ? out : [...out.filter((o) => o.code !== 82), ...agent];
}

interface Rules {
	type: number;
	ciaddr?: string;
	requestedAddress?: string;
	serverId?: string;
	/** Table 5: may the message carry option 55? */
	requestList: boolean;
	broadcastDefault: boolean;
}

function client(input: ClientInput, rules: Rules): Dhcp4Message {
	const mac = parseHardwareAddress(input.mac);
	const ciaddr = ip(rules.ciaddr, 'ciaddr');
	const builder: Option[] = [];
	if (rules.requestedAddress !== undefined) builder.push(ipOption(50, rules.requestedAddress, 'requested address (option 50)'));
	if (rules.serverId !== undefined) builder.push(ipOption(54, rules.serverId, 'server identifier (option 54)'));
	const htype = input.htype ?? 1;
	if (input.clientId !== undefined) {
		builder.push({ code: 61, data: input.clientId === true ? Uint8Array.from([htype, ...mac]) : input.clientId });
	}
	if (input.hostname !== undefined) builder.push({ code: 12, data: Buffer.from(input.hostname, 'utf8') });
	if (rules.requestList && input.requestList !== false) {
		builder.push({ code: 55, data: Uint8Array.from(input.requestList ?? DEFAULT_PARAMETER_REQUEST_LIST) });
	}
	const broadcast = input.broadcast ?? (rules.broadcastDefault && ciaddr === '0.0.0.0');
	return {
		op: BOOTREQUEST,
		htype,
		hlen: input.hlen ?? mac.length,
		hops: input.hops ?? 0,
		xid: input.xid ?? randomXid(),
		secs: input.secs ?? 0,
		flags: input.flags ?? (broadcast ? BROADCAST_FLAG : 0),
		ciaddr,
		yiaddr: '0.0.0.0',
		siaddr: '0.0.0.0',
		giaddr: ip(input.giaddr, 'giaddr'),
		chaddr: mac,
		sname: input.sname ?? '',
		file: input.file ?? '',
		options: assemble(rules.type, builder, input.options),
		minLength: input.minLength ?? BOOTP_MIN_LENGTH,
	};
}

function required(value: string | undefined, what: string, message: string): string {
	if (value === undefined) throw new OptionValueError(`${message} needs ${what}`);
	return value;
}

/** DHCPDISCOVER (RFC 2131 §4.4.1): ciaddr 0; option 50 only when asking for an address. */
export function discover(input: ClientInput & { requestedAddress?: string }): Dhcp4Message {
	return client(input, { type: MessageType.DISCOVER, requestedAddress: input.requestedAddress, requestList: true, broadcastDefault: true });
}

/** RFC 2131 §4.3.2 client states a REQUEST is sent from. */
export type RequestState = 'selecting' | 'init-reboot' | 'renewing' | 'rebinding';

export interface RequestInput extends ClientInput {
	state: RequestState;
	requestedAddress?: string;
	serverId?: string;
}

/**
 * DHCPREQUEST, laid out by state (RFC 2131 §4.3.2 and Table 5):
 * - SELECTING: option 54 and option 50 (the offered address), ciaddr 0;
 * - INIT-REBOOT: option 50 (the remembered address), no 54, ciaddr 0;
 * - RENEWING / REBINDING: ciaddr = the leased address, neither 50 nor 54 (they differ only in
 *   where the packet goes: unicast to the server or broadcast).
 */
export function request(input: RequestInput): Dhcp4Message {
	const what = `DHCPREQUEST (${input.state})`;
	switch (input.state) {
		case 'selecting':
			return client(input, {
				type: MessageType.REQUEST,
				requestedAddress: required(input.requestedAddress, 'requestedAddress (option 50)', what),
				serverId: required(input.serverId, 'serverId (option 54)', what),
				requestList: true,
				broadcastDefault: true,
			});
		case 'init-reboot':
			if (input.serverId !== undefined) throw new OptionValueError(`${what} must not carry a server identifier (RFC 2131 §4.3.2)`);
			return client(input, { type: MessageType.REQUEST, requestedAddress: required(input.requestedAddress, 'requestedAddress (option 50)', what), requestList: true, broadcastDefault: true });
		case 'renewing':
		case 'rebinding':
			if (input.requestedAddress !== undefined || input.serverId !== undefined) {
				throw new OptionValueError(`${what} must not carry options 50 or 54 (RFC 2131 §4.3.2); the address goes in ciaddr`);
			}
			return client(input, { type: MessageType.REQUEST, ciaddr: required(input.ciaddr, 'ciaddr (the leased address)', what), requestList: true, broadcastDefault: false });
		default:
			throw new OptionValueError(`unknown DHCPREQUEST state ${JSON.stringify((input as RequestInput).state)}; use selecting, init-reboot, renewing or rebinding`);
	}
}

/**
 * DHCPDECLINE (RFC 2131 §4.4.3, Table 5): ciaddr 0, option 50 and option 54, no PRL, flags 0 (no
 * answer comes, so there is nothing to ask to be broadcast).
 */
export function decline(input: ClientInput & { requestedAddress: string; serverId: string }): Dhcp4Message {
	return client(input, { type: MessageType.DECLINE, requestedAddress: input.requestedAddress, serverId: input.serverId, requestList: false, broadcastDefault: false });
}

/** DHCPRELEASE (RFC 2131 §4.4.6, Table 5): ciaddr = the leased address, option 54, no option 50, no PRL. */
export function release(input: ClientInput & { ciaddr: string; serverId: string }): Dhcp4Message {
	return client(input, { type: MessageType.RELEASE, ciaddr: input.ciaddr, serverId: input.serverId, requestList: false, broadcastDefault: false });
}

/** DHCPINFORM (RFC 2131 §4.4.3, Table 5): ciaddr = the client's address, neither 50 nor 54. */
export function inform(input: ClientInput & { ciaddr: string }): Dhcp4Message {
	return client(input, { type: MessageType.INFORM, ciaddr: input.ciaddr, requestList: true, broadcastDefault: false });
}

function serverIdOf(reply: Dhcp4Message): string {
	const o = findOption(reply.options, 54);
	if (o && o.data.length === 4) return `${o.data[0]}.${o.data[1]}.${o.data[2]}.${o.data[3]}`;
	// RFC 2131 §4.3.1 makes option 54 a MUST in OFFER and ACK; siaddr is the best remaining guess.
	if (reply.siaddr !== '0.0.0.0') return reply.siaddr;
	throw new OptionValueError('the reply carries no server identifier (option 54)');
}

type FromReply = Partial<ClientInput>;

function fromReply(reply: Dhcp4Message, input: FromReply): ClientInput {
	return { ...input, mac: input.mac ?? reply.chaddr, htype: input.htype ?? reply.htype, giaddr: input.giaddr ?? reply.giaddr };
}

/** The SELECTING-state REQUEST answering `offer`: same xid (RFC 2131 §4.4.1), yiaddr as option 50, its option 54. */
export function requestFromOffer(offer: Dhcp4Message, input: FromReply = {}): Dhcp4Message {
	return request({ ...fromReply(offer, input), xid: input.xid ?? offer.xid, state: 'selecting', requestedAddress: offer.yiaddr, serverId: serverIdOf(offer) });
}

/** A RENEWING-state REQUEST for the lease in `ack`; a new xid unless given. */
export function renewFromAck(ack: Dhcp4Message, input: FromReply = {}): Dhcp4Message {
	return request({ ...fromReply(ack, input), state: 'renewing', ciaddr: ack.yiaddr });
}

/** A REBINDING-state REQUEST for the lease in `ack`. */
export function rebindFromAck(ack: Dhcp4Message, input: FromReply = {}): Dhcp4Message {
	return request({ ...fromReply(ack, input), state: 'rebinding', ciaddr: ack.yiaddr });
}

/** The RELEASE of the lease in `ack`: ciaddr = yiaddr and the ACK's server identifier. */
export function releaseFromAck(ack: Dhcp4Message, input: FromReply = {}): Dhcp4Message {
	return release({ ...fromReply(ack, input), ciaddr: ack.yiaddr, serverId: serverIdOf(ack) });
}

/** The DECLINE of the address in `ack` (after a failed ARP probe, RFC 2131 §4.4.1). */
export function declineFromAck(ack: Dhcp4Message, input: FromReply = {}): Dhcp4Message {
	return decline({ ...fromReply(ack, input), requestedAddress: ack.yiaddr, serverId: serverIdOf(ack) });
}

export interface ReplyInput {
	/** The client message answered: xid, chaddr, htype, hlen, flags and giaddr are copied (RFC 2131 §4.3.1 Table 3). */
	to: Dhcp4Message;
	serverId: string;
	yiaddr?: string;
	siaddr?: string;
	sname?: string;
	file?: string;
	/** Option 51 in seconds (OFFER and ACK). */
	leaseTime?: number;
	options?: readonly OptionInput[];
	minLength?: number;
}

function u32(code: number, value: number): Option {
	const data = Buffer.alloc(4);
	data.writeUInt32BE(value >>> 0, 0);
	return { code, data };
}

function reply(type: number, input: ReplyInput): Dhcp4Message {
	const to = input.to;
	const builder: Option[] = [ipOption(54, input.serverId, 'server identifier')];
	if (input.leaseTime !== undefined && type !== 6) builder.push(u32(51, input.leaseTime));
	// RFC 3046 §2.2: a server echoes the relay agent information option in its reply.
	const agent = findOption(to.options, 82);
	const extra: OptionInput[] = [...(input.options ?? [])];
	if (agent && !extra.some((o) => typeof o !== 'string' && o.code === 82)) extra.push(agent);
	return {
		op: BOOTREPLY,
		htype: to.htype,
		hlen: to.hlen,
		hops: 0,
		xid: to.xid,
		secs: 0,
		flags: to.flags,
		ciaddr: type === 5 ? to.ciaddr : '0.0.0.0',
		// Table 3: an ACK to an INFORM leaves yiaddr 0 (RFC 2131 §4.3.5); one to a renewal repeats ciaddr.
		yiaddr: type === 6 ? '0.0.0.0' : ip(input.yiaddr ?? (type === 5 && findOption(to.options, 53)?.data[0] !== 8 ? to.ciaddr : undefined), 'yiaddr'),
		siaddr: ip(input.siaddr, 'siaddr'),
		giaddr: to.giaddr,
		chaddr: to.chaddr,
		sname: input.sname ?? '',
		file: input.file ?? '',
		options: assemble(type, builder, extra),
		minLength: input.minLength ?? BOOTP_MIN_LENGTH,
	};
}

/** DHCPOFFER answering a DISCOVER. */
export function offer(input: ReplyInput & { yiaddr: string }): Dhcp4Message {
	return reply(MessageType.OFFER, input);
}

/** DHCPACK answering a REQUEST (or, without yiaddr, an INFORM). */
export function ack(input: ReplyInput): Dhcp4Message {
	return reply(MessageType.ACK, input);
}

/** DHCPNAK (RFC 2131 §4.3.2): no address, no lease time; option 56 carries `message` when given. */
export function nak(input: ReplyInput & { message?: string }): Dhcp4Message {
	const options: OptionInput[] = [...(input.options ?? [])];
	if (input.message !== undefined) options.unshift({ code: 56, data: Buffer.from(input.message, 'utf8') });
	return reply(MessageType.NAK, { ...input, options });
}
