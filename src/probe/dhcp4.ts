/**
 * DHCPv4 probe flows: dhcptest's DISCOVER, dhcping's REQUEST/INFORM-then-RELEASE, and a full
 * lease (DORA) with renew, rebind, decline and release. Each flow is a list of steps; each step
 * is one exchange run by the engine in exchange.ts, matched on xid *and* chaddr *and* the
 * expected message types, so a NAK is an answer (and a failure), never mistaken for success.
 */
import { DecodeError } from '../wire/errors.js';
import { formatString } from '../codec/types/text.js';
import type { Option } from '../codec/option-space.js';
import {
	BOOTREPLY,
	chaddrEquals,
	decline as buildDecline,
	decode,
	discover as buildDiscover,
	inform as buildInform,
	isDhcp4,
	MESSAGE_TYPES,
	MessageType,
	optionData,
	messageTypeOf,
	findOption,
	OFFSET,
	readOp,
	readXid,
	rebindFromAck,
	releaseFromAck,
	renewFromAck,
	request as buildRequest,
	requestFromOffer,
	toBuffer,
	type ClientInput,
	type Dhcp4Message,
} from '../codec/dhcp4/index.js';
import { DebugLevel, getLogger, Msg } from '../log/index.js';
import type { Received } from '../transport/types.js';
import type { Classification, ExchangeResult, IgnoredCounts, ReplyRecord } from './exchange.js';
import { openLeasedPath, type OpenPath, type Path } from '../transport/path.js';
import { endpointText, logContents, probeExchange, withOpenPath } from './session.js';

const log = getLogger('dhcpulse.probe');
const badPackets = getLogger('dhcpulse.bad-packets');

export interface Probe4Settings {
	path: Path;
	mac: Uint8Array;
	/** Option 55; undefined = the codec's default list; false = none. */
	requestList?: number[] | false;
	/** Extra options from `--option`, in order. */
	options: Option[];
	secs: number;
	/** undefined = the RFC default for the message (set while the client has no address). */
	broadcast?: boolean;
	tries: number;
	timeoutMs: number;
	/** Collect every answer until the timeout (rogue detection). */
	wait: boolean;
	signal?: AbortSignal;
}

export interface Step4 {
	/** `discover`, `request`, `inform`, `renew`, `rebind`, `decline`, `release`. */
	name: string;
	request: Dhcp4Message;
	to: string;
	/** DECLINE and RELEASE get no answer (RFC 2131 §4.4.3, §4.4.6). */
	expectsReply: boolean;
	replies: ReplyRecord<Dhcp4Message>[];
	attempts: number;
	ended: ExchangeResult<Dhcp4Message>['ended'] | 'sent';
}

export interface Probe4Run {
	path: string;
	warnings: string[];
	steps: Step4[];
	/** Datagrams that reached us but answered nothing of ours, by class. */
	ignoredBy: IgnoredCounts;
}

export function messageTypeName(type: number | undefined): string {
	return type === undefined ? 'BOOTP' : `DHCP${(MESSAGE_TYPES[type] ?? String(type)).toUpperCase()}`;
}

/** The message's type by the codec's one rule (a repeated or wrong-sized option 53 is none). */
export const typeOf = (message: Dhcp4Message): number | undefined => messageTypeOf(message.options);

/**
 * `taken` holds the bytes of every answer taken so far in this probe run: a server (or a hostile
 * sender) repeating one is not a second answer, at this step or a later one (a REQUEST keeps the
 * DISCOVER's xid, RFC 2131 §4.4.1, so a repeated OFFER would match it too).
 */
function classifier(request: Dhcp4Message, expected: readonly number[], taken: Set<string>): (d: Received) => Classification<Dhcp4Message> {
	return (d) => {
		const p = d.payload;
		if (taken.has(p.toString('latin1'))) return { kind: 'ignored', class: 'duplicate', reason: 'a copy of an answer already taken' };
		if (!isDhcp4(p)) return { kind: 'ignored', class: 'not-dhcp', reason: 'not a DHCPv4 message' };
		// Our own broadcast seen on the wire, or another client's request.
		if (readOp(p) !== BOOTREPLY) return { kind: 'ignored', class: 'request', reason: 'a BOOTREQUEST, not a reply' };
		if (readXid(p) !== request.xid) return { kind: 'ignored', class: 'other-xid', reason: `xid 0x${readXid(p).toString(16)} is not ours` };
		if (!chaddrEquals(p, request.chaddr)) return { kind: 'ignored', class: 'other-client', reason: 'reply for another chaddr' };
		let message: Dhcp4Message;
		try {
			message = decode(p);
		} catch (error) {
			if (!(error instanceof DecodeError)) throw error;
			badPackets.warn(Msg.BAD_PACKET_MALFORMED, d.from.address, error.message, error.offset);
			return { kind: 'ignored', class: 'malformed', reason: `malformed: ${error.message}` };
		}
		const type = typeOf(message);
		if (type === undefined && findOption(message.options, 53)) {
			const why = 'option 53 repeated or not one octet: no message type (RFC 2132 §9.6, RFC 3396 §6)';
			badPackets.warn(Msg.BAD_PACKET_MALFORMED, d.from.address, why, OFFSET.options);
			return { kind: 'ignored', class: 'malformed', reason: `malformed: ${why}` };
		}
		if (type === undefined || !expected.includes(type)) return { kind: 'ignored', class: 'unexpected-type', reason: `unexpected ${messageTypeName(type)}` };
		if (type === MessageType.NAK) {
			const text = optionData(message.options, 56);
			log.warn(Msg.PROBE_NAK_RECEIVED, d.from.address, text ? formatString(text) : '(no message)');
		}
		log.debug(DebugLevel.PACKETS, Msg.PROBE_RECEIVED, messageTypeName(type), `${d.from.address}:${d.from.port}`, p.length);
		taken.add(p.toString('latin1'));
		return { kind: 'reply', reply: message };
	};
}

/** The settings' common client fields, relay-aware: giaddr and hops as a relay agent sets them (RFC 1542 §4.1.1). */
function clientFields(s: Probe4Settings): ClientInput {
	return {
		mac: s.mac,
		secs: s.secs,
		options: s.options,
		...(s.requestList !== undefined ? { requestList: s.requestList } : {}),
		...(s.broadcast !== undefined ? { broadcast: s.broadcast } : {}),
		...(s.path.kind === 'relay' ? { giaddr: s.path.relay, hops: 1 } : {}),
	};
}

class Runner {
	readonly steps: Step4[] = [];
	readonly ignoredBy: IgnoredCounts = {};
	private readonly taken = new Set<string>();
	constructor(
		readonly open: OpenPath,
		readonly settings: Probe4Settings,
	) {}

	async step(name: string, request: Dhcp4Message, expected: readonly number[]): Promise<Step4> {
		const result = await probeExchange<Dhcp4Message>(this.open, this.settings, {
			bytes: toBuffer(request),
			typeName: messageTypeName(typeOf(request)),
			classify: classifier(request, expected, this.taken),
			wait: this.settings.wait && name === 'discover',
			// A NAK is final: nothing better will follow it.
			done: (rs) => rs.some((r) => typeOf(r.reply) === MessageType.NAK),
			ignoredBy: this.ignoredBy,
		});
		const step: Step4 = { name, request, to: endpointText(this.open.to), expectsReply: true, replies: result.replies, attempts: result.attempts, ended: result.ended };
		this.steps.push(step);
		return step;
	}

	/**
	 * Sends a message that gets no answer (DECLINE, RELEASE) and waits for the kernel to take it.
	 * RFC 2131 §4.4.4: a DECLINE is broadcast (the client gives the address up, so it cannot send
	 * from it); a RELEASE is unicast from the leased address to the server, which on-link takes a
	 * socket of its own.
	 */
	async notify(name: string, request: Dhcp4Message): Promise<void> {
		const bytes = toBuffer(request);
		const leased = typeOf(request) === MessageType.RELEASE;
		const via = leased ? await openLeasedPath(this.open, this.settings.path, request.ciaddr, serverIdText(request)) : { transport: this.open.transport, to: this.open.to, owned: false };
		const { transport, to } = via;
		try {
			await transport.send(bytes, to);
		} finally {
			if (via.owned) await transport.close();
		}
		log.debug(DebugLevel.PACKETS, Msg.PROBE_SENT, messageTypeName(typeOf(request)), endpointText(to), transport.description, 1, bytes.length);
		logContents(4, Msg.PACKET_CONTENTS_SENT, endpointText(to), bytes);
		this.steps.push({ name, request, to: endpointText(to), expectsReply: false, replies: [], attempts: 1, ended: 'sent' });
	}

	run(): Probe4Run {
		return { path: this.open.description, warnings: this.open.warnings, steps: this.steps, ignoredBy: this.ignoredBy };
	}
}

function withPath(settings: Probe4Settings, body: (runner: Runner) => Promise<void>): Promise<Probe4Run> {
	return withOpenPath(settings.path, async (open) => {
		const runner = new Runner(open, settings);
		await body(runner);
		return runner.run();
	});
}

/** DISCOVER → OFFER(s). */
export function discover4(settings: Probe4Settings): Promise<Probe4Run> {
	return withPath(settings, async (r) => {
		await r.step('discover', buildDiscover(clientFields(settings)), [MessageType.OFFER]);
	});
}

export interface Ping4Options {
	mode: 'request' | 'inform';
	/** The address the client claims (dhcping -c); the server answers it. */
	ciaddr: string;
	/** Send a RELEASE (with the server identifier, unlike dhcping without -V) after an ACK. */
	release: boolean;
}

/**
 * dhcping: a REQUEST for `ciaddr` (RFC 2131 §4.3.2 RENEWING: ciaddr set, no options 50/54) or an
 * INFORM from it, then, after an ACK to a REQUEST, a RELEASE carrying the server identifier.
 */
export function ping4(settings: Probe4Settings, options: Ping4Options): Promise<Probe4Run> {
	return withPath(settings, async (r) => {
		const base = { ...clientFields(settings), ciaddr: options.ciaddr };
		const req = options.mode === 'inform' ? buildInform(base) : buildRequest({ ...base, state: 'renewing' });
		const step = await r.step(options.mode, req, [MessageType.ACK, MessageType.NAK]);
		const ack = step.replies.find((x) => typeOf(x.reply) === MessageType.ACK);
		if (ack && options.mode === 'request' && options.release) {
			await r.notify('release', releaseFromAck({ ...ack.reply, yiaddr: ack.reply.yiaddr !== '0.0.0.0' ? ack.reply.yiaddr : options.ciaddr }, clientFields(settings)));
		}
	});
}

export interface Lease4Options {
	/** Keep the lease instead of releasing it. */
	keep: boolean;
	renew: boolean;
	rebind: boolean;
	/** Decline the address after the ACK (as after a failed ARP check, RFC 2131 §4.4.1). */
	decline: boolean;
	/** Ask for this address in the DISCOVER (option 50). */
	requestedAddress?: string;
}

/** DISCOVER → OFFER → REQUEST → ACK, then optionally RENEW/REBIND, DECLINE, and RELEASE unless kept. */
export function lease4(settings: Probe4Settings, options: Lease4Options): Promise<Probe4Run> {
	return withPath(settings, async (r) => {
		const fields = clientFields(settings);
		const d = await r.step('discover', buildDiscover({ ...fields, ...(options.requestedAddress ? { requestedAddress: options.requestedAddress } : {}) }), [MessageType.OFFER]);
		const offer = d.replies[0];
		if (!offer) return;
		const q = await r.step('request', requestFromOffer(offer.reply, fields), [MessageType.ACK, MessageType.NAK]);
		let ack = q.replies.find((x) => typeOf(x.reply) === MessageType.ACK)?.reply;
		if (!ack) return;
		for (const [name, wanted, build] of [
			['renew', options.renew, renewFromAck],
			['rebind', options.rebind, rebindFromAck],
		] as const) {
			if (!wanted) continue;
			const s = await r.step(name, build(ack, fields), [MessageType.ACK, MessageType.NAK]);
			const next = s.replies.find((x) => typeOf(x.reply) === MessageType.ACK)?.reply;
			if (!next) return;
			ack = next;
		}
		if (options.decline) {
			await r.notify('decline', buildDecline({ ...fields, requestedAddress: ack.yiaddr, serverId: serverIdText(ack) }));
			return;
		}
		if (!options.keep) await r.notify('release', releaseFromAck(ack, fields));
	});
}

export function serverIdText(message: Dhcp4Message): string {
	const d = optionData(message.options, 54);
	return d && d.length === 4 ? `${d[0]}.${d[1]}.${d[2]}.${d[3]}` : message.siaddr;
}
