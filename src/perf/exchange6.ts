/**
 * DHCPv6 exchanges for the load generator: SOLICIT-ADVERTISE, REQUEST-REPLY, RENEW-REPLY and
 * RELEASE-REPLY (RFC 8415 §18), with IA_NA and/or IA_PD, optionally Rapid Commit (§18.2.1), sent
 * on-link to ff02::1:2 or wrapped in one or more RELAY-FORW layers (§19.1). With --lifecycle also
 * REBIND (§18.2.5), DECLINE (§18.2.8), INFORMATION-REQUEST (§18.2.6) and CONFIRM (§18.2.3), each
 * its own exchange, sent for a given client from the last REPLY that gave it its lease (kept per
 * client), and the client lifecycle (client-events.ts) is told each lease's timers (§21.4) and
 * each renew, rebind or confirm refused. The SOLICIT is a
 * template patched in place; follow-ups are written straight from the server's bytes
 * (writeFollowUp); replies are read with the allocation-free peek helpers. A reply whose status
 * is a failure, or that lacks an asked IA or its address / prefix, is `rejected`. When requests
 * are retransmitted (avalanche) a REQUEST's bytes are kept until it is answered or gives up, so it
 * can be sent again as it was (RFC 8415 §18.2.2).
 */
import { solicit } from '../codec/dhcp6/builders.js';
import { MsgType, OptionCode, StatusCode } from '../codec/dhcp6/constants.js';
import { CLIENT_HEADER_LENGTH, encodeOptions, OPTION_HEADER_LENGTH, optionsLength } from '../codec/dhcp6/message.js';
import { duidBytes, duidLL } from '../codec/dhcp6/duid.js';
import { DEFAULT_ORO_BYTES, findOptionAt, findSubOption, locateInner, MessageTemplate, optionLength, peekStatusCode, readLeaseTimers, writeFollowUp, type LeaseTimers, type Span } from '../codec/dhcp6/fast.js';
import type { Option } from '../codec/option-space.js';
import { ipv6ToString, writeIpv6 } from '../codec/types/index.js';
import type { Received } from '../transport/types.js';
import { EXCHANGES6, type ExchangeDef, type ExchangeTally } from './accounting.js';
import { ANSWERED } from './inflight.js';
import { LeasePool6 } from './leases.js';
import { formatMac48 } from './clients.js';
import type { LeaseEvent } from './lease-book.js';
import { writeClientFields, type ClientOptionFields } from './client-options.js';
import { RelayLayers, type RelayOption6 } from './relay-options.js';
import { variants, WeightedDraw, type WeightedOption } from './weighted-options.js';
import { ClientRequests, SendRing, settleLateAnswer, TallySets, type ClientLifecycleLogic, type ExchangeLogic, type ExchangeContext } from './exchange.js';

export type LeaseType = 'address-only' | 'prefix-only' | 'address-and-prefix';

export interface Dhcp6ExchangeOptions {
	/** RELAY-FORW layers (RFC 8415 §19.1); 0 on-link. */
	relayLevels: number;
	/** link-address and peer-address of the relay layers (perfdhcp uses its local address for both). */
	relayAddress: string | null;
	leaseType: LeaseType;
	rapidCommit: boolean;
	twoWay: boolean;
	renew: boolean;
	release: boolean;
	/** --lifecycle: rebind, decline, inform and confirm exchanges too, and renews and releases of a given client's lease. */
	lifecycle: boolean;
	/** The DUID of client 0; each client's DUID ends with its 6-octet MAC. */
	baseDuid: Uint8Array | null;
	options: Option[];
	/** Where the {client}, {mac} and {relay} characters of --option values go (client-options.ts). */
	clientOptions: ClientOptionFields[];
	seed: number;
	sendWindow: number;
	/** Note every lease granted and released (-u, -x l). */
	leaseBook: boolean;
	/** perfdhcp's -J: client i's innermost RELAY-FORW link-address is the (i mod n)-th; null: the relay address. */
	linkAddresses: string[] | null;
	/** --relay-option: the relay layers' options (relay-options.ts). */
	relayOptions: RelayOption6[];
	/** --option-weighted: the lists each client draws a value from (weighted-options.ts), and the seed of the draw. */
	weightedOptions: WeightedOption[];
	drawSeed: number;
}

const MAX_DATAGRAM = 1500;

export class Dhcp6Exchanges implements ExchangeLogic {
	readonly tallies: ExchangeTally[];
	readonly uncountedTallies: ExchangeTally[];
	readonly renewStage: number;
	readonly releaseStage: number;
	readonly leaseEvents: LeaseEvent[] | null;
	readonly clientLifecycle: ClientLifecycleLogic | undefined;
	private readonly sets: TallySets;
	private readonly ctx: ExchangeContext;
	private readonly stageSA = 0;
	private readonly stageRR: number;
	private readonly rebindStage: number;
	private readonly declineStage: number;
	private readonly informStage: number;
	private readonly confirmStage: number;
	/** --lifecycle: each client's last REPLY granting its lease (relay layers removed), which its RENEW, REBIND, … answer. */
	private readonly held = new Map<number, Buffer>();
	/** --lifecycle: each client's renew or rebind waiting, for its retransmissions. */
	private readonly requests: ClientRequests | null;
	private readonly timers: LeaseTimers = { t1: 0, t2: 0, valid: 0 };
	private readonly wantNa: boolean;
	private readonly wantPd: boolean;
	private readonly rapidCommit: boolean;
	/** Rapid Commit SOLICITs answered with an ADVERTISE (the server does not commit at once). */
	rapidCommitDeclined = 0;
	/** The SOLICIT of each combination of --option-weighted values, and each client's draw among them. */
	private readonly solicits: MessageTemplate[];
	/**
	 * --option's and each combination's options, pre-encoded for the other messages (REQUEST,
	 * RENEW, RELEASE, …). perfdhcp adds its -o options to every message it sends
	 * (TestControl::addExtraOpts), and a client keeps its vendor class from one message to the next
	 * (RFC 8415 §21.16), so a server that classifies by it answers the REQUEST as it answered the
	 * SOLICIT.
	 */
	private readonly extras: Uint8Array[];
	/** Each combination's per-client --option values: where their data starts in its SOLICIT and in its `extras`. */
	private readonly personal: { fields: ClientOptionFields; solicitAt: number; extraAt: number }[][];
	private readonly draw: WeightedDraw;
	private readonly relays: RelayLayers;
	private readonly relayHeader: Buffer;
	private readonly linkAddresses: Buffer[] | null;
	private readonly ring: SendRing;
	private readonly leases: LeasePool6;
	private readonly mac = new Uint8Array(6);
	private readonly span: Span = { start: 0, end: 0 };
	/** Avalanche: each waiting REQUEST's message (without relay layers), by transaction id. */
	private readonly kept = new Map<number, Buffer>();

	constructor(ctx: ExchangeContext, o: Dhcp6ExchangeOptions) {
		this.ctx = ctx;
		const defs: ExchangeDef[] = [EXCHANGES6.SA];
		// Rapid Commit makes SOLICIT-REPLY the whole exchange (RFC 8415 §18.2.1), like -i.
		this.stageRR = o.twoWay || o.rapidCommit ? -1 : defs.push(EXCHANGES6.RR) - 1;
		this.renewStage = o.renew || o.lifecycle ? defs.push(EXCHANGES6.renew) - 1 : -1;
		this.rebindStage = o.lifecycle ? defs.push(EXCHANGES6.rebind) - 1 : -1;
		this.releaseStage = o.release || o.lifecycle ? defs.push(EXCHANGES6.release) - 1 : -1;
		this.declineStage = o.lifecycle ? defs.push(EXCHANGES6.decline) - 1 : -1;
		this.informStage = o.lifecycle ? defs.push(EXCHANGES6.inform) - 1 : -1;
		this.confirmStage = o.lifecycle ? defs.push(EXCHANGES6.confirm) - 1 : -1;
		this.sets = new TallySets(defs);
		this.tallies = this.sets.counted;
		this.uncountedTallies = this.sets.uncounted;
		this.wantNa = o.leaseType !== 'prefix-only';
		this.wantPd = o.leaseType !== 'address-only';
		this.rapidCommit = o.rapidCommit;
		this.leaseEvents = o.leaseBook ? [] : null;
		ctx.clients.writeMac(0, this.mac);
		const clientId = o.baseDuid ?? duidBytes(duidLL(this.mac));
		// One SOLICIT per combination of --option-weighted values (weighted-options.ts), their options after --option's.
		this.draw = new WeightedDraw(o.weightedOptions, o.drawSeed);
		const combinations = variants(o.weightedOptions);
		this.extras = combinations.map((extra) => encodeAll([...o.options, ...extra]));
		this.solicits = combinations.map(
			(extra) =>
				new MessageTemplate(
					solicit({
						clientId,
						transactionId: 0,
						iaNa: this.wantNa ? [{ iaid: 1 }] : false,
						iaPd: this.wantPd ? [{ iaid: 2 }] : false,
						rapidCommit: o.rapidCommit,
						options: [...o.options, ...extra],
					}),
				),
		);
		this.personal = combinations.map((_, v) => {
			const solicit = this.solicits[v]!.bytes;
			const extra = this.extras[v]!;
			return o.clientOptions.map((fields) => ({
				fields,
				solicitAt: findOptionAt(solicit, CLIENT_HEADER_LENGTH, solicit.length, fields.code) + OPTION_HEADER_LENGTH,
				extraAt: findOptionAt(extra, 0, extra.length, fields.code) + OPTION_HEADER_LENGTH,
			}));
		});
		this.relays = new RelayLayers(o.relayLevels, o.relayAddress, o.relayOptions);
		this.relayHeader = this.relays.header;
		this.linkAddresses =
			o.linkAddresses && o.linkAddresses.length > 0
				? o.linkAddresses.map((a) => {
						const b = Buffer.alloc(16);
						writeIpv6(a, b, 0);
						return b;
					})
				: null;
		this.ring = new SendRing(o.sendWindow + 1, MAX_DATAGRAM);
		this.leases = new LeasePool6(8192, o.seed);
		this.requests = o.lifecycle ? new ClientRequests(ctx.clients.first, ctx.clients.count) : null;
		this.clientLifecycle = o.lifecycle
			? {
					listener: null,
					// RFC 8415 §18.2.4: to the server that gave the lease, with its Server Identifier and the IAs.
					renew: (client, _address, again) => this.answerLease(this.renewStage, MsgType.RENEW, client, again),
					// §18.2.5: to any server (no Server Identifier), after T2.
					rebind: (client, _address, again) => this.answerLease(this.rebindStage, MsgType.REBIND, client, again),
					// §18.2.7: the client stops using its leases and says so.
					release: (client) => this.giveBack(this.releaseStage, MsgType.RELEASE, client),
					// §18.2.8: the addresses are in use on the link (IA_NA only: writeFollowUp leaves IA_PD out).
					decline: (client) => this.giveBack(this.declineStage, MsgType.DECLINE, client),
					// §18.2.6: configuration only; writeFollowUp keeps the Client Identifier and leaves the IAs out.
					inform: (client) => this.answerLease(this.informStage, MsgType.INFORMATION_REQUEST, client, false),
					// §18.2.3: are these addresses on my link? T1, T2 and lifetimes 0, no Server Identifier.
					confirm: (client) => this.answerLease(this.confirmStage, MsgType.CONFIRM, client, false),
					// RFC 8415 §18.2.5, §18.2.10.1: without a lease the client starts over with a SOLICIT.
					restart: (client) => {
						this.held.delete(client);
						return this.startExchange(false, client);
					},
				}
			: undefined;
	}

	/** The message type a lifecycle exchange sends (its retransmission is written anew from the lease). */
	private msgTypeOf(stage: number): number {
		return stage === this.renewStage ? MsgType.RENEW : stage === this.rebindStage ? MsgType.REBIND : -1;
	}

	/**
	 * Sends `msgType` for `client`'s lease as a new request of `stage`; `again`: a retransmission,
	 * under the waiting request's transaction id when there is one (RFC 8415 §15). False when the
	 * client holds no lease or the send was refused.
	 */
	private answerLease(stage: number, msgType: number, client: number, again: boolean): boolean {
		const lease = this.held.get(client);
		if (!lease) return false;
		const waiting = again && this.requests ? this.requests.waiting(this.ctx.table, client, stage) : -1;
		if (waiting >= 0) return this.resend(waiting);
		return this.followUp(stage, msgType, client, lease, 0, lease.length, false);
	}

	/** RELEASE or DECLINE: the client's lease is given back (-u, -x l) and forgotten. */
	private giveBack(stage: number, msgType: number, client: number): boolean {
		const lease = this.held.get(client);
		if (!lease || !this.answerLease(stage, msgType, client, false)) return false;
		this.note('release', client, lease, 0, lease.length, msgType === MsgType.DECLINE);
		this.held.delete(client);
		return true;
	}

	/** Client `client`'s SOLICIT: the one of its --option-weighted values. */
	private solicitOf(client: number): MessageTemplate {
		return this.draw.empty ? this.solicits[0]! : this.solicits[this.draw.variantOf(client)]!;
	}

	/**
	 * Writes client `client`'s {client}, {mac} and {relay} characters into its message in `out`:
	 * its SOLICIT starting at `at`, or (`inSolicit` false) its `extras` starting at `at`.
	 */
	private personalise(out: Uint8Array, at: number, client: number, inSolicit: boolean): void {
		const personal = this.draw.empty ? this.personal[0]! : this.personal[this.draw.variantOf(client)]!;
		if (personal.length === 0) return;
		const clients = this.ctx.clients;
		const links = this.linkAddresses;
		const relay = links === null ? 0 : client % links.length;
		for (const p of personal) writeClientFields(out, at + (inSolicit ? p.solicitAt : p.extraAt), p.fields, client, clients.macHi(client), clients.macLo(client), relay);
	}

	/** Client `client`'s own options in its other messages (see {@link extras}). */
	private extraOf(client: number): Uint8Array {
		return this.draw.empty ? this.extras[0]! : this.extras[this.draw.variantOf(client)]!;
	}

	/** The relay layers in front of an `innerLength`-byte message, with `client`'s own fields (relay-options.ts). */
	private wrap(out: Buffer, innerLength: number, client: number): number {
		const links = this.linkAddresses;
		const clients = this.ctx.clients;
		const relay = links === null ? 0 : client % links.length;
		return this.relays.wrap(out, innerLength, client, clients.macHi(client), clients.macLo(client), links === null ? null : links[relay]!, relay);
	}

	private send(out: Buffer, length: number): boolean {
		if (this.ctx.transport.trySend(out.subarray(0, length), this.ctx.to)) return true;
		this.ctx.onSendRefused();
		return false;
	}

	startExchange(uncounted: boolean, client = this.ctx.clients.next()): boolean {
		const ctx = this.ctx;
		const table = ctx.table;
		const slot = table.allocate(this.stageSA, client, ctx.nowUs(), uncounted, (s) => this.onTimeout(s));
		ctx.clients.writeMac(client, this.mac);
		const tpl = this.solicitOf(client)
			.setTransactionId(table.xids[slot]!)
			.setClientLinkAddress(this.mac)
			.setElapsedTime(ctx.startSecs() * 100);
		const out = this.ring.take();
		const n = tpl.writeTo(out, this.relayHeader.length);
		this.personalise(out, this.relayHeader.length, client, true);
		if (!this.send(out, this.wrap(out, n, client))) {
			table.unallocate(slot);
			return false;
		}
		this.sets.of(uncounted, this.stageSA).onSent();
		ctx.onRequest(slot);
		return true;
	}

	resend(slot: number): boolean {
		const ctx = this.ctx;
		const table = ctx.table;
		const stage = table.stage[slot]!;
		const xid = table.xids[slot]!;
		// RFC 8415 §21.9: Elapsed Time, hundredths of a second since the exchange's first transmission.
		const elapsed = Math.min(0xffff, Math.floor((ctx.nowUs() - table.sentUs[slot]!) / 1e4));
		const out = this.ring.take();
		const offset = this.relayHeader.length;
		let n: number;
		if (stage === this.stageSA) {
			const client = table.client[slot]!;
			ctx.clients.writeMac(client, this.mac);
			n = this.solicitOf(client).setTransactionId(xid).setClientLinkAddress(this.mac).setElapsedTime(elapsed).writeTo(out, offset);
			this.personalise(out, offset, client, true);
		} else if (this.msgTypeOf(stage) >= 0) {
			// A lifecycle renew or rebind: written again from the client's lease, same transaction id.
			const client = table.client[slot]!;
			const lease = this.held.get(client);
			if (!lease) return false;
			const extra = this.extraOf(client);
			n = writeFollowUp(lease, 0, lease.length, out, offset, xid, this.msgTypeOf(stage), elapsed, DEFAULT_ORO_BYTES, extra);
			if (n < 0) return false;
			this.personalise(out, offset + n - extra.length, client, false);
		} else {
			const kept = this.kept.get(xid);
			if (!kept) return false;
			kept.copy(out, offset);
			n = kept.length;
			const at = findOptionAt(out, offset + 4, offset + n, OptionCode.ELAPSED_TIME);
			if (at >= 0) out.writeUInt16BE(elapsed, at + 4);
		}
		if (!this.send(out, this.wrap(out, n, table.client[slot]!))) return false;
		this.sets.ofSlot(table, slot, stage).retransmits++;
		return true;
	}

	/** Writes a follow-up (REQUEST, RENEW, RELEASE) to server bytes `[start, end)` under a new transaction id and sends it. */
	private followUp(stage: number, msgType: number, client: number, src: Uint8Array, start: number, end: number, uncounted: boolean): boolean {
		const ctx = this.ctx;
		const table = ctx.table;
		const slot = table.allocate(stage, client, ctx.nowUs(), uncounted, (s) => this.onTimeout(s));
		const out = this.ring.take();
		const offset = this.relayHeader.length;
		const extra = this.extraOf(client);
		if (end - start + 16 + DEFAULT_ORO_BYTES.length + extra.length + offset > out.length) {
			table.unallocate(slot);
			return false;
		}
		const n = writeFollowUp(src, start, end, out, offset, table.xids[slot]!, msgType, 0, DEFAULT_ORO_BYTES, extra);
		if (n >= 0) this.personalise(out, offset + n - extra.length, client, false);
		if (n < 0 || !this.send(out, this.wrap(out, n, client))) {
			table.unallocate(slot);
			return false;
		}
		this.sets.of(uncounted, stage).onSent();
		if (ctx.retransmit && stage === this.stageRR) this.kept.set(table.xids[slot]!, Buffer.from(out.subarray(offset, offset + n)));
		this.requests?.note(client, table.xids[slot]!);
		ctx.onRequest(slot);
		return true;
	}

	renew(): boolean {
		const lease = this.leases.pick();
		if (lease < 0) return false;
		const start = this.leases.start(lease);
		return this.followUp(this.renewStage, MsgType.RENEW, this.leases.client(lease), this.leases.bytes, start, start + this.leases.length(lease), false);
	}

	release(): boolean {
		const lease = this.leases.pick();
		if (lease < 0) return false;
		const start = this.leases.start(lease);
		const sent = this.followUp(this.releaseStage, MsgType.RELEASE, this.leases.client(lease), this.leases.bytes, start, start + this.leases.length(lease), false);
		if (sent) {
			this.note('release', this.leases.client(lease), this.leases.bytes, start, start + this.leases.length(lease));
			this.leases.remove(lease);
		}
		return sent;
	}

	/**
	 * Notes the addresses and prefixes of the message at `[start, end)` (a REPLY) as leased to, or
	 * released by, `client` (RFC 8415 §21.6 IAADDR, §21.22 IAPREFIX: prefix-length, then the prefix);
	 * `addressesOnly`: a DECLINE gives back its addresses, never a prefix (§18.2.8).
	 */
	private note(kind: LeaseEvent[0], client: number, buf: Uint8Array, start: number, end: number, addressesOnly = false): void {
		const events = this.leaseEvents;
		if (!events) return;
		const who = formatMac48({ hi: this.ctx.clients.macHi(client), lo: this.ctx.clients.macLo(client) });
		for (const [ia, child] of [
			[OptionCode.IA_NA, OptionCode.IAADDR],
			[OptionCode.IA_PD, OptionCode.IAPREFIX],
		] as const) {
			if (addressesOnly && ia === OptionCode.IA_PD) continue;
			const at = findOptionAt(buf, start + 4, end, ia);
			if (at < 0) continue;
			const sub = findSubOption(buf, at, child);
			if (sub < 0) continue;
			if (child === OptionCode.IAADDR && optionLength(buf, sub) >= 16) events.push([kind, who, ipv6ToString(buf, sub + 4)]);
			if (child === OptionCode.IAPREFIX && optionLength(buf, sub) >= 25) events.push([kind, who, `${ipv6ToString(buf, sub + 13)}/${buf[sub + 12]!}`]);
		}
	}

	onTimeout(slot: number): void {
		const table = this.ctx.table;
		this.sets.ofSlot(table, slot, table.stage[slot]!).onTimeout();
		if (this.kept.size > 0) this.kept.delete(table.xids[slot]!);
	}

	/** The IA of type `code` is present with an address / prefix and no failure status (RFC 8415 §21.4, §21.21). */
	private iaGranted(buf: Uint8Array, code: number, child: number): boolean {
		const at = findOptionAt(buf, this.span.start + 4, this.span.end, code);
		if (at < 0 || at + 4 + optionLength(buf, at) > this.span.end) return false;
		const status = findSubOption(buf, at, OptionCode.STATUS_CODE);
		if (status >= 0 && optionLength(buf, status) >= 2 && ((buf[status + 4]! << 8) | buf[status + 5]!) !== StatusCode.Success) return false;
		return findSubOption(buf, at, child) >= 0;
	}

	onReceive(d: Received): void {
		const buf = d.payload;
		const ctx = this.ctx;
		const table = ctx.table;
		const span = this.span;
		if (!locateInner(buf, 0, buf.length, span)) {
			this.tallies[this.stageSA]!.malformed++;
			return;
		}
		const mt = buf[span.start]!;
		const xid = (buf[span.start + 1]! << 16) | (buf[span.start + 2]! << 8) | buf[span.start + 3]!;
		const orphanStage = mt === MsgType.ADVERTISE || this.stageRR < 0 ? this.stageSA : this.stageRR;
		const slot = table.lookup(xid);
		if (slot < 0) {
			this.tallies[orphanStage]!.orphans++;
			return;
		}
		const stage = table.stage[slot]!;
		const expected = stage === this.stageSA ? mt === MsgType.ADVERTISE || (this.rapidCommit && mt === MsgType.REPLY) : mt === MsgType.REPLY;
		if (!expected) {
			this.tallies[orphanStage]!.orphans++;
			return;
		}
		if (table.state[slot] === ANSWERED) {
			// A second answer to a request already answered: the server answered a retransmission too.
			this.tallies[stage]!.duplicates++;
			return;
		}
		const uncounted = table.uncounted[slot] === 1;
		const tally = this.sets.ofSlot(table, slot, stage);
		const latency = ctx.arrivedUs(d) - table.sentUs[slot]!;
		if (settleLateAnswer(table, slot, tally, latency, stage === this.stageRR ? ctx.requestDropUs : ctx.dropUs)) return;
		const client = table.client[slot]!;
		table.complete(slot);
		if (this.kept.size > 0) this.kept.delete(xid);
		if (this.rapidCommit && mt === MsgType.ADVERTISE) {
			// RFC 8415 §18.2.1: a server that does not commit on a Rapid Commit SOLICIT advertises
			// instead. The SOLICIT-REPLY exchange asked for did not happen: rejected, and said once.
			tally.onRejected();
			this.rapidCommitDeclined++;
			return;
		}
		const status = peekStatusCode(buf, span.start, span.end);
		let granted = status <= StatusCode.Success;
		// A REPLY to a RELEASE, DECLINE, INFORMATION-REQUEST or CONFIRM grants no IA (RFC 8415 §18.3.3, §18.3.6 – §18.3.8): its status says it all.
		const grants = stage === this.stageSA || stage === this.stageRR || stage === this.renewStage || stage === this.rebindStage;
		if (granted && grants) {
			if (this.wantNa && !this.iaGranted(buf, OptionCode.IA_NA, OptionCode.IAADDR)) granted = false;
			if (this.wantPd && !this.iaGranted(buf, OptionCode.IA_PD, OptionCode.IAPREFIX)) granted = false;
		}
		const listener = this.clientLifecycle?.listener;
		if (!granted) {
			tally.onRejected();
			// A renew or rebind refused, or NotOnLink to a CONFIRM (§18.2.10.1): the client has no usable lease.
			if (listener && (stage === this.renewStage || stage === this.rebindStage || stage === this.confirmStage)) {
				this.held.delete(client);
				listener.onLost(client);
			}
			return;
		}
		tally.onOk(latency);
		if (stage === this.stageSA && mt === MsgType.ADVERTISE) {
			// perfdhcp's second -n: no REQUEST past the shard's share (an uncounted one is not counted against it).
			if (this.stageRR >= 0 && ctx.followUps && (uncounted || this.tallies[this.stageRR]!.sent < ctx.requestQuota)) this.followUp(this.stageRR, MsgType.REQUEST, client, buf, span.start, span.end, uncounted);
			return;
		}
		const fresh = stage === this.stageRR || stage === this.stageSA;
		// A renew's or rebind's REPLY that comes after the client released, declined or started over
		// belongs to a lease it no longer holds (client-events.ts ignores it too).
		if (listener && (fresh || ((stage === this.renewStage || stage === this.rebindStage) && this.held.has(client)))) {
			// The lease as this REPLY gives it: what the client's next RENEW, REBIND, … answer, and its timers.
			this.held.set(client, Buffer.from(buf.subarray(span.start, span.end)));
			const timers = this.timers;
			if (readLeaseTimers(buf, span.start, span.end, timers)) listener.onLease(client, 0, 0, timers.valid, timers.t1, timers.t2, fresh);
		} else if (fresh && (this.renewStage >= 0 || this.releaseStage >= 0)) this.leases.add(client, buf, span.start, span.end);
		if (fresh) this.note('lease', client, buf, span.start, span.end);
	}
}

/** `options` as RFC 8415 §21.1 TLVs, for {@link writeFollowUp}'s `extra`. */
function encodeAll(options: readonly Option[]): Uint8Array {
	const bytes = new Uint8Array(optionsLength(options));
	encodeOptions(options, bytes, 0);
	return bytes;
}
