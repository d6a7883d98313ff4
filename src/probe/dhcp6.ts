/**
 * DHCPv6 probe flows: SOLICIT → ADVERTISE (discover), INFORMATION-REQUEST → REPLY (ping), and a
 * full lease (SOLICIT, ADVERTISE, REQUEST, REPLY: "SARR") with RENEW, REBIND, CONFIRM, DECLINE and
 * RELEASE. Each step is one exchange run by the engine in exchange.ts. A datagram answers a step
 * only when its transaction id, its Client Identifier (our DUID) and its message type all match
 * (RFC 8415 §16.1, §18.2.10); in relay emulation it must also come wrapped in a RELAY-REPL
 * (RFC 8415 §19.2). Status codes anywhere in an answer (RFC 8415 §21.13: top level, IA, IA
 * Address, IA Prefix) make it an explicit failure, never a success.
 */
import {
	clientIdBytes,
	confirm as buildConfirm,
	decline as buildDecline,
	decode,
	decodeDuid,
	findOption,
	iaNas,
	iaPds,
	informationRequest,
	isRelay,
	leasedAddresses,
	delegatedPrefixes,
	MsgType,
	msgTypeName,
	OptionCode,
	peekInnerMsgType,
	peekTransactionId,
	preference,
	rebind as buildRebind,
	unwrapRelays,
	relayForward,
	release as buildRelease,
	renew as buildRenew,
	request as buildRequest,
	solicit,
	statusCodes,
	toBytes,
	type Dhcp6ClientMessage,
	type Dhcp6Message,
	type FollowUpInput,
	type StatusAt,
} from '../codec/dhcp6/index.js';
import { DecodeError } from '../wire/errors.js';
import type { Option } from '../codec/option-space.js';
import { DebugLevel, getLogger, Msg } from '../log/index.js';
import type { Received } from '../transport/types.js';
import type { Classification, ExchangeResult, IgnoredCounts, ReplyRecord } from './exchange.js';
import type { OpenPath, Path } from '../transport/path.js';
import { endpointText, probeExchange, withOpenPath } from './session.js';

const log = getLogger('dhcpulse.probe');
const badPackets = getLogger('dhcpulse.bad-packets');

export interface Probe6Settings {
	path: Path;
	/** The client DUID (Client Identifier content, RFC 8415 §11). */
	duid: Uint8Array;
	/** Option Request option codes; undefined = the codec's default (dns-servers, domain-search). */
	requestList?: number[];
	/** Extra options from `--option`, appended to every request. */
	options: Option[];
	/** Elapsed Time, hundredths of a second (RFC 8415 §21.9). */
	elapsed: number;
	/** Ask for an address (IA_NA, IAID 1) and/or a prefix (IA_PD, IAID 1). */
	iaNa: boolean;
	iaPd: boolean;
	/** Ask for the two-message exchange (RFC 8415 §18.2.1, §21.14). */
	rapidCommit: boolean;
	tries: number;
	timeoutMs: number;
	/** Collect every ADVERTISE until the timeout (rogue detection). */
	wait: boolean;
	signal?: AbortSignal;
}

/** What one answer means for the probe, decided against the request it answers. */
export interface Assessment {
	positive: boolean;
	/** For negative answers: `NoAddrsAvail in IA_NA 1: no addresses available`. */
	failure?: string;
	/** Every status code found, success ones included. */
	statuses: StatusAt[];
}

export interface Reply6 {
	/** The client/server message (unwrapped from its RELAY-REPL in relay emulation). */
	message: Dhcp6ClientMessage;
	/** The message as received (RELAY-REPL around it in relay emulation). */
	wire: Dhcp6Message;
	assessment: Assessment;
}

export interface Step6 {
	/** `solicit`, `request`, `information-request`, `renew`, `rebind`, `confirm`, `decline`, `release`. */
	name: string;
	/** The client message. */
	request: Dhcp6ClientMessage;
	/** What was sent: the client message, or the RELAY-FORW around it. */
	wire: Dhcp6Message;
	to: string;
	/** RELEASE and DECLINE end the lease; RFC 8415 §18.3.7/§18.3.8 still answer them with a REPLY. */
	closing: boolean;
	replies: ReplyRecord<Reply6>[];
	attempts: number;
	ended: ExchangeResult<Reply6>['ended'];
}

export interface Probe6Run {
	path: string;
	warnings: string[];
	steps: Step6[];
	/** Datagrams that reached us but answered nothing of ours. */
	/** Datagrams that reached us but answered nothing of ours, by class. */
	ignoredBy: IgnoredCounts;
}

const IA_LABEL: Record<StatusAt['scope'], string> = { message: 'message', 'ia-na': 'IA_NA', 'ia-ta': 'IA_TA', 'ia-pd': 'IA_PD', iaaddr: 'IA_NA', iaprefix: 'IA_PD' };

/** `NoAddrsAvail in IA_NA 1`, `NotOnLink`, `NoBinding for address 2001:db8::5 in IA_NA 1`. */
export function statusPlace(s: StatusAt): string {
	switch (s.scope) {
		case 'message':
			return s.name;
		case 'iaaddr':
			return `${s.name} for address ${s.address} in IA_NA ${s.iaid}`;
		case 'iaprefix':
			return `${s.name} for prefix ${s.prefix} in IA_PD ${s.iaid}`;
		default:
			return `${s.name} in ${IA_LABEL[s.scope]} ${s.iaid}`;
	}
}

/** Messages whose answer must carry what the client asked for (RFC 8415 §18.3.1–§18.3.5). */
const GRANTING: readonly number[] = [MsgType.SOLICIT, MsgType.REQUEST, MsgType.RENEW, MsgType.REBIND];

/**
 * Decides whether an answer grants what `request` asked: no failure status anywhere (RFC 8415
 * §21.13; Success, code 0, is not a failure) and, for SOLICIT/REQUEST/RENEW/REBIND, every IA asked
 * for present with at least one address or prefix. An ADVERTISE without the asked IA is what
 * perfdhcp counts as a rejected lease.
 */
export function assess(request: Dhcp6ClientMessage, reply: Dhcp6ClientMessage): Assessment {
	const statuses = statusCodes(reply);
	const problems = statuses.filter((s) => s.code !== 0).map((s) => `${statusPlace(s)}${s.message ? `: ${s.message}` : ''}`);
	if (GRANTING.includes(request.msgType) && problems.length === 0) {
		const nas = iaNas(reply);
		const pds = iaPds(reply);
		for (const ia of iaNas(request)) {
			const got = nas.find((x) => x.iaid === ia.iaid);
			if (!got) problems.push(`no IA_NA ${ia.iaid} in the ${msgTypeName(reply.msgType)}`);
			else if (got.addresses.length === 0) problems.push(`IA_NA ${ia.iaid} carries no address`);
		}
		for (const ia of iaPds(request)) {
			const got = pds.find((x) => x.iaid === ia.iaid);
			if (!got) problems.push(`no IA_PD ${ia.iaid} in the ${msgTypeName(reply.msgType)}`);
			else if (got.prefixes.length === 0) problems.push(`IA_PD ${ia.iaid} carries no prefix`);
		}
	}
	return problems.length === 0 ? { positive: true, statuses } : { positive: false, failure: problems.join('; '), statuses };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
	return a !== undefined && a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

/** `levels`: the RELAY-FORWs the request went out in (0 on a client path); the answer comes back in as many RELAY-REPLs (RFC 8415 §19.3). */
function classifier(request: Dhcp6ClientMessage, expected: readonly number[], levels: number): (d: Received) => Classification<Reply6> {
	const relayed = levels > 0;
	return (d) => {
		const p = d.payload;
		if (p.length < 4) return { kind: 'ignored', class: 'not-dhcp', reason: 'too short for DHCPv6' };
		// Cheap checks first: a busy segment carries other clients' traffic.
		const outer = p[0]!;
		if (relayed && outer !== MsgType.RELAY_REPL) return { kind: 'ignored', class: 'unexpected-type', reason: `${msgTypeName(outer)} where a RELAY-REPL was expected` };
		if (!relayed && (outer === MsgType.RELAY_FORW || outer === MsgType.RELAY_REPL)) return { kind: 'ignored', class: 'unexpected-type', reason: `${msgTypeName(outer)} on a client path` };
		const xid = peekTransactionId(p);
		if (xid !== request.transactionId)
			return xid < 0 ? { kind: 'ignored', class: 'not-dhcp', reason: 'not a DHCPv6 message' } : { kind: 'ignored', class: 'other-xid', reason: `transaction-id 0x${xid.toString(16).padStart(6, '0')} is not ours` };
		const type = peekInnerMsgType(p);
		if (!expected.includes(type)) return { kind: 'ignored', class: 'unexpected-type', reason: `unexpected ${msgTypeName(type)}` };
		let wire: Dhcp6Message;
		let message: Dhcp6Message | undefined;
		let depth = 0;
		try {
			wire = decode(p);
			const unwrapped = unwrapRelays(wire);
			message = unwrapped.message;
			depth = unwrapped.relays.length;
		} catch (error) {
			if (!(error instanceof DecodeError)) throw error;
			badPackets.warn(Msg.BAD_PACKET_MALFORMED, d.from.address, error.message, error.offset);
			return { kind: 'ignored', class: 'malformed', reason: `malformed: ${error.message}` };
		}
		if (!message || isRelay(message)) return { kind: 'ignored', class: 'malformed', reason: 'a relay message carrying no client message' };
		if (depth !== levels) return { kind: 'ignored', class: 'malformed', reason: `${depth} RELAY-REPL levels around the answer to ${levels} RELAY-FORW levels` };
		// RFC 8415 §18.2.10: the client discards a reply whose Client Identifier is not its own.
		if (!sameBytes(clientIdBytes(message), clientIdBytes(request)!)) return { kind: 'ignored', class: 'other-client', reason: 'reply for another client DUID' };
		const inner = message as Dhcp6ClientMessage;
		let assessment: Assessment;
		try {
			assessment = assess(request, inner);
		} catch (error) {
			if (!(error instanceof DecodeError)) throw error;
			badPackets.warn(Msg.BAD_PACKET_MALFORMED, d.from.address, error.message, error.offset);
			return { kind: 'ignored', class: 'malformed', reason: `malformed: ${error.message}` };
		}
		const from = endpointText(d.from);
		for (const s of assessment.statuses) if (s.code !== 0) log.warn(Msg.PROBE_STATUS_CODE, msgTypeName(type), from, statusPlace(s), s.message || '(no message)');
		log.debug(DebugLevel.PACKETS, Msg.PROBE_RECEIVED, msgTypeName(type), from, p.length);
		return { kind: 'reply', reply: { message: inner, wire, assessment } };
	};
}

/** The modified EUI-64 link-local address of a 48-bit MAC (RFC 4291 §2.5.1, appendix A). */
export function linkLocalFromMac(mac: Uint8Array): string {
	const b = [mac[0]! ^ 0x02, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!];
	const groups: string[] = [];
	for (let i = 0; i < 8; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
	return `fe80::${groups.join(':')}`;
}

/**
 * The peer-address a relay agent puts in RELAY-FORW (RFC 8415 §19.1.1: the address the client
 * sent from, its link-local address): derived from the DUID's link-layer address when it has a
 * MAC, else the relay's own address.
 */
export function relayPeerAddress(duid: Uint8Array, relay: string): string {
	const d = decodeDuid(duid);
	if ((d.type === 'LL' || d.type === 'LLT') && d.htype === 1 && d.lladdr.length === 6) return linkLocalFromMac(d.lladdr);
	return relay;
}

class Runner {
	readonly steps: Step6[] = [];
	readonly ignoredBy: IgnoredCounts = {};

	constructor(
		readonly open: OpenPath,
		readonly settings: Probe6Settings,
	) {}

	/** Follow-up fields shared by every message after the SOLICIT. */
	followUp(): FollowUpInput {
		const s = this.settings;
		return {
			clientId: s.duid,
			elapsedTime: s.elapsed,
			...(s.requestList ? { oro: s.requestList } : {}),
			options: s.options,
		};
	}

	private wrap(message: Dhcp6ClientMessage): Dhcp6Message {
		const path = this.settings.path;
		if (path.kind !== 'relay') return message;
		// RFC 8415 §19.1.1: link-address identifies the client's link (here the relay's address,
		// which Kea's relay.ip-addresses / subnet selection matches); hop-count 0 for a client message.
		let wire: Dhcp6Message = relayForward(message, { linkAddress: path.relay, peerAddress: relayPeerAddress(this.settings.duid, path.relay), hopCount: 0 });
		// §19.1.2: each further relay wraps the RELAY-FORW it received, its peer-address the relay
		// that sent it, its link-address unspecified (::) when it has no address on that link, and
		// hop-count one more than the inner one's (relayForward's default).
		for (let level = 1; level < (path.levels ?? 1); level++) wire = relayForward(wire, { linkAddress: '::', peerAddress: path.relay });
		return wire;
	}

	async step(name: string, request: Dhcp6ClientMessage, expected: readonly number[], options: { closing?: boolean; wait?: boolean } = {}): Promise<Step6> {
		const wire = this.wrap(request);
		const result = await probeExchange<Reply6>(this.open, this.settings, {
			bytes: toBytes(wire),
			typeName: msgTypeName(request.msgType),
			classify: classifier(request, expected, this.settings.path.kind === 'relay' ? (this.settings.path.levels ?? 1) : 0),
			wait: options.wait === true,
			ignoredBy: this.ignoredBy,
		});
		const step: Step6 = {
			name,
			request,
			wire,
			to: endpointText(this.open.to),
			closing: options.closing === true,
			replies: result.replies,
			attempts: result.attempts,
			ended: result.ended,
		};
		this.steps.push(step);
		return step;
	}

	run(): Probe6Run {
		return { path: this.open.description, warnings: this.open.warnings, steps: this.steps, ignoredBy: this.ignoredBy };
	}
}

function withPath(settings: Probe6Settings, body: (runner: Runner) => Promise<void>): Promise<Probe6Run> {
	return withOpenPath(settings.path, async (open) => {
		const runner = new Runner(open, settings);
		await body(runner);
		return runner.run();
	});
}

function solicitOf(settings: Probe6Settings): Dhcp6ClientMessage {
	return solicit({
		clientId: settings.duid,
		iaNa: settings.iaNa ? { iaid: 1 } : false,
		iaPd: settings.iaPd ? { iaid: 1 } : false,
		rapidCommit: settings.rapidCommit,
		elapsedTime: settings.elapsed,
		...(settings.requestList ? { oro: settings.requestList } : {}),
		options: settings.options,
	});
}

/** SOLICIT answers: ADVERTISE, and with Rapid Commit a REPLY (RFC 8415 §18.3.1). */
function solicitAnswers(settings: Probe6Settings): number[] {
	return settings.rapidCommit ? [MsgType.ADVERTISE, MsgType.REPLY] : [MsgType.ADVERTISE];
}

/** SOLICIT → ADVERTISE(s). */
export function discover6(settings: Probe6Settings): Promise<Probe6Run> {
	return withPath(settings, async (r) => {
		await r.step('solicit', solicitOf(settings), solicitAnswers(settings), { wait: settings.wait });
	});
}

/** INFORMATION-REQUEST → REPLY (RFC 8415 §18.2.6): configuration only, no addresses. */
export function inform6(settings: Probe6Settings): Promise<Probe6Run> {
	return withPath(settings, async (r) => {
		const f = r.followUp();
		await r.step('information-request', informationRequest({ clientId: settings.duid, elapsedTime: settings.elapsed, ...(f.oro ? { oro: f.oro } : {}), options: settings.options }), [MsgType.REPLY]);
	});
}

export interface Lease6Options {
	keep: boolean;
	renew: boolean;
	rebind: boolean;
	/** CONFIRM the leased addresses (RFC 8415 §18.2.3), as after moving to another link. */
	confirm: boolean;
	/** DECLINE the address (RFC 8415 §18.2.8) instead of releasing it. */
	decline: boolean;
}

/**
 * The ADVERTISE to follow (RFC 8415 §18.2.9): among those that grant what was asked, the highest
 * Server Preference, the first received on a tie.
 */
function chooseAdvertise(replies: readonly ReplyRecord<Reply6>[]): ReplyRecord<Reply6> | undefined {
	let best: ReplyRecord<Reply6> | undefined;
	for (const r of replies) {
		if (!r.reply.assessment.positive) continue;
		if (!best || preference(r.reply.message) > preference(best.reply.message)) best = r;
	}
	return best;
}

/** SOLICIT → ADVERTISE → REQUEST → REPLY, then optionally RENEW, REBIND, CONFIRM, and DECLINE or RELEASE (each answered by a REPLY). */
export function lease6(settings: Probe6Settings, options: Lease6Options): Promise<Probe6Run> {
	return withPath(settings, async (r) => {
		const f = r.followUp();
		const s = await r.step('solicit', solicitOf(settings), solicitAnswers(settings));
		const chosen = chooseAdvertise(s.replies);
		if (!chosen) return;
		let bound: Dhcp6ClientMessage;
		if (chosen.reply.message.msgType === MsgType.REPLY && findOption(chosen.reply.message, OptionCode.RAPID_COMMIT)) {
			// RFC 8415 §18.2.1: a REPLY with Rapid Commit commits the lease; there is no REQUEST.
			bound = chosen.reply.message;
		} else {
			const q = await r.step('request', buildRequest(chosen.reply.message, f), [MsgType.REPLY]);
			const reply = q.replies.find((x) => x.reply.assessment.positive);
			if (!reply) return;
			bound = reply.reply.message;
		}
		for (const [name, wanted, build] of [
			['renew', options.renew, buildRenew],
			['rebind', options.rebind, buildRebind],
		] as const) {
			if (!wanted) continue;
			const step = await r.step(name, build(bound, f), [MsgType.REPLY]);
			const reply = step.replies.find((x) => x.reply.assessment.positive);
			if (!reply) return;
			bound = reply.reply.message;
		}
		if (options.confirm && leasedAddresses(bound).length > 0) {
			const step = await r.step('confirm', buildConfirm(bound, f), [MsgType.REPLY]);
			if (!step.replies.some((x) => x.reply.assessment.positive)) return;
		}
		if (options.decline) {
			await r.step('decline', buildDecline(bound, f), [MsgType.REPLY], { closing: true });
			return;
		}
		if (!options.keep) await r.step('release', buildRelease(bound, f), [MsgType.REPLY], { closing: true });
	});
}

/** The server's DUID (Server Identifier, RFC 8415 §21.3) as bytes, if any. */
export function serverDuidBytes(message: Dhcp6ClientMessage): Uint8Array | undefined {
	return findOption(message, OptionCode.SERVERID)?.data;
}

/** The first leased address and the first delegated prefix (`2001:db8:8000:100::/56`) of a message. */
export function grants(message: Dhcp6ClientMessage): { address?: string; prefix?: string } {
	try {
		const a = leasedAddresses(message)[0];
		const p = delegatedPrefixes(message)[0];
		return { ...(a ? { address: a.address } : {}), ...(p ? { prefix: `${p.prefix}/${p.prefixLength}` } : {}) };
	} catch (error) {
		if (error instanceof DecodeError) return {};
		throw error;
	}
}
