/**
 * DHCPv4 exchanges for the load generator: DISCOVER-OFFER, REQUEST-ACK, renew (REQUEST with
 * ciaddr, RFC 2131 §4.3.2 RENEWING) and RELEASE (no reply, §4.4.6); with --lifecycle also rebind
 * (REBINDING REQUEST, §4.4.5), DECLINE (no reply, §4.3.3) and INFORM (ACK, §4.3.5), each sent for
 * a given client's lease (client-events.ts), which is told of every ACK and NAK it reads. Requests are pre-encoded
 * templates patched in place (xid, chaddr, client id, options 50/54, ciaddr); replies are read
 * with the allocation-free Dhcp4Scan. A reply is matched on xid and chaddr, and must be the
 * message type its request expects; a NAK is `rejected`, never a drop. When requests are
 * retransmitted (avalanche) each client's offered address and server id are kept, so its REQUEST
 * can be sent again as it was.
 */
import { decline as declineMessage, discover, inform as informMessage, release as releaseMessage, request, type OptionInput } from '../codec/dhcp4/builders.js';
import { Dhcp4Scan, Dhcp4Template, findOptionOffset, isDhcp4, uint32ToIpv4 } from '../codec/dhcp4/fast.js';
import { writeClientFields, type ClientOptionFields } from './client-options.js';
import { variants, WeightedDraw, type WeightedOption } from './weighted-options.js';
import type { Option } from '../codec/option-space.js';
import { OFFSET, type Dhcp4Message } from '../codec/dhcp4/message.js';
import { MessageType } from '../codec/dhcp4/value-types.js';
import type { Received } from '../transport/types.js';
import { EXCHANGES4, type ExchangeDef, type ExchangeTally } from './accounting.js';
import { formatMac48 } from './clients.js';
import { duidBytes, duidLL } from '../codec/dhcp6/duid.js';
import { LeasePool4 } from './leases.js';
import type { LeaseEvent } from './lease-book.js';
import type { Templates4 } from './templates.js';
import { decode as decodeDhcp4 } from '../codec/dhcp4/message.js';
import { ANSWERED } from './inflight.js';
import { ClientRequests, SendRing, settleLateAnswer, TallySets, type ClientLifecycleLogic, type ExchangeLogic, type ExchangeContext } from './exchange.js';

const { OFFER, ACK, NAK } = MessageType;

/** What a client sends as option 61, its MAC written in as it is into chaddr (Dhcp4Template). */
export const CLIENT_ID_KINDS = ['mac', 'duid', 'none'] as const;
export type ClientIdKind = (typeof CLIENT_ID_KINDS)[number];

/**
 * Option 61 for the client whose MAC is `mac`: RFC 2132 §9.14's type 1 and the MAC; RFC 4361
 * §6.1's type 255, an IAID (1: the client's one interface) and a DUID-LL (RFC 8415 §11.4);
 * none, and the server knows the client by chaddr alone (RFC 2131 §4.2).
 */
function clientIdOf(kind: ClientIdKind, mac: string): true | Uint8Array | undefined {
	if (kind === 'none') return undefined;
	if (kind === 'mac') return true;
	return Buffer.concat([Buffer.from([255, 0, 0, 0, 1]), duidBytes(duidLL(mac))]);
}

export interface Dhcp4ExchangeOptions {
	/** Relay emulation: giaddr = this address, hops 1, unicast replies (RFC 2131 §4.1). Null on-link. */
	giaddr: string | null;
	twoWay: boolean;
	renew: boolean;
	release: boolean;
	/** --lifecycle: rebind, decline and inform exchanges too, and renews and releases of a given client's lease. */
	lifecycle: boolean;
	options: OptionInput[];
	/** The options whose values vary per client ({client}, {mac}: client-options.ts). */
	clientOptions: ClientOptionFields[];
	/** --client-id: option 61 of each client, or none. */
	clientId: ClientIdKind;
	/** --option-weighted: the lists each client draws a value from (weighted-options.ts), and the seed of the draw. */
	weightedOptions: WeightedOption[];
	drawSeed: number;
	seed: number;
	sendWindow: number;
	/** Note every lease granted and released (-u, -x l). */
	leaseBook: boolean;
	/** perfdhcp's -T (templates.ts): the DISCOVER and REQUEST templates as hex; null: built here. */
	templates: Templates4 | null;
	/** perfdhcp's -J: client i is relayed from giaddrs[i mod n] (each an address of this host); null: giaddr alone. */
	giaddrs: number[] | null;
}

/** One template plus a ring of copies to send from, and where its per-client option data is. */
class Variant {
	readonly tpl: Dhcp4Template;
	readonly ring: SendRing;
	/** The per-client options this template carries, and where their data starts in it. */
	readonly personal: ClientOptionFields[];
	readonly personalAt: number[];

	constructor(message: Dhcp4Message, window: number, clientOptions: readonly ClientOptionFields[]) {
		this.tpl = new Dhcp4Template(message);
		this.ring = new SendRing(window + 1, this.tpl.bytes.length);
		// A -T template has none of the --option values.
		const found = clientOptions.map((f) => [f, findOptionOffset(this.tpl.bytes, f.code)] as const).filter(([, at]) => at >= 0);
		this.personal = found.map(([f]) => f);
		this.personalAt = found.map(([, at]) => at);
	}
}

/**
 * One kind of request: a template per combination of --option-weighted values (one without
 * them), of which `choose` picks a client's before its fields are written.
 */
class Outgoing {
	private readonly variants: Variant[];
	private current: Variant;

	/** `build(extra)`: the message with the options of one combination added. */
	constructor(build: (extra: Option[]) => Dhcp4Message, window: number, clientOptions: readonly ClientOptionFields[], combinations: readonly Option[][]) {
		this.variants = combinations.map((extra) => new Variant(build(extra), window, clientOptions));
		this.current = this.variants[0]!;
	}

	get tpl(): Dhcp4Template {
		return this.current.tpl;
	}

	/** Makes combination `variant` the one written and sent next. */
	choose(variant: number): this {
		this.current = this.variants[variant]!;
		return this;
	}

	/** Writes client `client`'s {client}, {mac} and {relay} characters into the template. */
	personalise(client: number, macHi: number, macLo: number, relay: number): void {
		const v = this.current;
		for (let i = 0; i < v.personal.length; i++) writeClientFields(v.tpl.bytes, v.personalAt[i]!, v.personal[i]!, client, macHi, macLo, relay);
	}

	copy(): Buffer {
		const v = this.current;
		const b = v.ring.take();
		v.tpl.bytes.copy(b);
		return b;
	}
}

export class Dhcp4Exchanges implements ExchangeLogic {
	readonly tallies: ExchangeTally[];
	readonly uncountedTallies: ExchangeTally[];
	readonly renewStage: number;
	readonly releaseStage: number;
	readonly leaseEvents: LeaseEvent[] | null;
	readonly clientLifecycle: ClientLifecycleLogic | undefined;
	private readonly sets: TallySets;
	private readonly ctx: ExchangeContext;
	private readonly stageDO = 0;
	private readonly stageRA: number;
	private readonly discover: Outgoing;
	private readonly request: Outgoing;
	private readonly renewing: Outgoing;
	private readonly releasing: Outgoing;
	private readonly rebinding: Outgoing | null;
	private readonly declining: Outgoing | null;
	private readonly informing: Outgoing | null;
	private readonly rebindStage: number;
	private readonly declineStage: number;
	private readonly informStage: number;
	private readonly scan = new Dhcp4Scan();
	private readonly leases: LeasePool4;
	private releaseXid: number;
	/** Per client of the shard (index − first), for retransmitted REQUESTs: option 50 and option 54. */
	private readonly offered: Uint32Array;
	private readonly offeredBy: Uint32Array;
	private readonly giaddrs: Uint32Array | null;
	private readonly draw: WeightedDraw;
	/** --lifecycle: each client's renew or rebind waiting, for its retransmissions. */
	private readonly requests: ClientRequests | null;

	constructor(ctx: ExchangeContext, o: Dhcp4ExchangeOptions) {
		this.ctx = ctx;
		const defs: ExchangeDef[] = [EXCHANGES4.DO];
		this.stageRA = o.twoWay ? -1 : defs.push(EXCHANGES4.RA) - 1;
		this.renewStage = o.renew || o.lifecycle ? defs.push(EXCHANGES4.renew) - 1 : -1;
		this.rebindStage = o.lifecycle ? defs.push(EXCHANGES4.rebind) - 1 : -1;
		this.releaseStage = o.release || o.lifecycle ? defs.push(EXCHANGES4.release) - 1 : -1;
		this.declineStage = o.lifecycle ? defs.push(EXCHANGES4.decline) - 1 : -1;
		this.informStage = o.lifecycle ? defs.push(EXCHANGES4.inform) - 1 : -1;
		this.sets = new TallySets(defs);
		this.tallies = this.sets.counted;
		this.uncountedTallies = this.sets.uncounted;
		this.leases = new LeasePool4(65536, o.seed);
		this.releaseXid = (o.seed * 2654435761) >>> 0;
		const mac = formatMac48({ hi: ctx.clients.macHi(0), lo: ctx.clients.macLo(0) });
		// perfdhcp's relay emulation: giaddr = our address, hops 1, flags 0 (Kea src/bin/perfdhcp/test_control.cc).
		// On-link: a real client without an address asks for broadcast replies (RFC 2131 §4.1).
		const relay = o.giaddr !== null;
		const clientId = clientIdOf(o.clientId, mac);
		const common = { mac, xid: 0, ...(clientId === undefined ? {} : { clientId }), options: o.options, ...(relay ? { giaddr: o.giaddr!, hops: 1 } : {}) };
		// -T: the template as it is, with relay emulation's giaddr and hops where they are needed.
		const templated = (hex: string): Dhcp4Message => {
			const m = decodeDhcp4(Buffer.from(hex, 'hex'));
			if (relay) Object.assign(m, { giaddr: o.giaddr!, hops: 1 });
			return m;
		};
		// One template per combination of --option-weighted values (weighted-options.ts), their options after --option's.
		const combinations = variants(o.weightedOptions);
		this.draw = new WeightedDraw(o.weightedOptions, o.drawSeed);
		const outgoing = (build: (options: OptionInput[]) => Dhcp4Message): Outgoing => new Outgoing((extra) => build([...o.options, ...extra]), o.sendWindow, o.clientOptions, combinations);
		// (settings.ts refuses -T with --option-weighted: a template is one message.)
		const fixed = (message: Dhcp4Message): Outgoing => new Outgoing(() => message, o.sendWindow, o.clientOptions, [[]]);
		this.discover = o.templates ? fixed(templated(o.templates.discover)) : outgoing((options) => discover({ ...common, options, broadcast: !relay }));
		this.request = o.templates?.request
			? fixed(templated(o.templates.request))
			: outgoing((options) => request({ ...common, options, state: 'selecting', requestedAddress: '0.0.0.0', serverId: '0.0.0.0', broadcast: !relay }));
		this.renewing = outgoing((options) => request({ ...common, options, state: 'renewing', ciaddr: '0.0.0.0', broadcast: false }));
		this.releasing = outgoing((options) => releaseMessage({ ...common, options, ciaddr: '0.0.0.0', serverId: '0.0.0.0' }));
		// RFC 2131 §4.4.5: a REBINDING client broadcasts (a relay forwards it as any other).
		this.rebinding = o.lifecycle ? outgoing((options) => request({ ...common, options, state: 'rebinding', ciaddr: '0.0.0.0', broadcast: !relay })) : null;
		this.declining = o.lifecycle ? outgoing((options) => declineMessage({ ...common, options, requestedAddress: '0.0.0.0', serverId: '0.0.0.0' })) : null;
		this.informing = o.lifecycle ? outgoing((options) => informMessage({ ...common, options, ciaddr: '0.0.0.0' })) : null;
		this.clientLifecycle = o.lifecycle
			? {
					listener: null,
					renew: (client, address, again) => {
						this.of(this.renewing, client).tpl.setCiaddr(address);
						return this.sendRequest(this.renewStage, this.renewing, client, again);
					},
					rebind: (client, address, again) => {
						this.of(this.rebinding!, client).tpl.setCiaddr(address);
						return this.sendRequest(this.rebindStage, this.rebinding!, client, again);
					},
					// RFC 2131 §4.3.5 has the client put its address in ciaddr, and the server unicast its ACK
					// there (Kea dhcp4_srv.cc adjustRemoteAddr does, relayed or not): a simulated client
					// behind the relay emulation cannot receive at its leased address (as -f's renews on-link),
					// so its INFORM carries ciaddr 0 and the ACK comes back through the relay (giaddr), as Kea
					// answers a relayed INFORM without ciaddr.
					inform: (client) => this.sendRequest(this.informStage, this.informing!, client),
					// RFC 2131 §4.4.1 / Table 5: option 50 names the address declined, option 54 the server; ciaddr 0.
					decline: (client, address, server) => {
						this.of(this.declining!, client).tpl.setRequestedAddress(address).setServerId(server);
						if (!this.sendNotice(this.declineStage, this.declining!, client)) return false;
						// The client gives the address back (-u, -x l: it is no longer this client's).
						this.note('release', client, address);
						return true;
					},
					release: (client, address, server) => this.releaseLease(client, address, server),
					// RFC 2131 §4.4.5: back in INIT, the client broadcasts a DHCPDISCOVER.
					restart: (client) => this.startExchange(false, client),
				}
			: undefined;
		const kept = ctx.retransmit && this.stageRA >= 0 ? ctx.clients.count : 0;
		this.offered = new Uint32Array(kept);
		this.offeredBy = new Uint32Array(kept);
		this.leaseEvents = o.leaseBook ? [] : null;
		this.giaddrs = o.giaddrs && o.giaddrs.length > 0 ? Uint32Array.from(o.giaddrs) : null;
		this.requests = o.lifecycle ? new ClientRequests(ctx.clients.first, ctx.clients.count) : null;
	}

	/**
	 * `out` with client `client`'s combination of --option-weighted values chosen: before any of
	 * its fields is written (relayed chooses it again, to the same).
	 */
	private of(out: Outgoing, client: number): Outgoing {
		return this.draw.empty ? out : out.choose(this.draw.variantOf(client));
	}

	/** Client `client`'s own fields in `out`'s template: -J's giaddr, the {client}, {mac} and {relay} of --option values. */
	private relayed(out: Outgoing, client: number): Outgoing {
		this.of(out, client);
		const g = this.giaddrs;
		const relay = g === null ? 0 : client % g.length;
		if (g !== null) out.tpl.setGiaddr(g[relay]!);
		out.personalise(client, this.ctx.clients.macHi(client), this.ctx.clients.macLo(client), relay);
		return out;
	}

	private note(kind: LeaseEvent[0], client: number, address: number): void {
		this.leaseEvents?.push([kind, formatMac48({ hi: this.ctx.clients.macHi(client), lo: this.ctx.clients.macLo(client) }), uint32ToIpv4(address)]);
	}

	startExchange(uncounted: boolean, client = this.ctx.clients.next()): boolean {
		const ctx = this.ctx;
		const table = ctx.table;
		const slot = table.allocate(this.stageDO, client, ctx.nowUs(), uncounted, (s) => this.onTimeout(s));
		this.relayed(this.discover, client).tpl.setXid(table.xids[slot]!).setMac48(ctx.clients.macHi(client), ctx.clients.macLo(client)).setSecs(ctx.startSecs());
		if (!ctx.transport.trySend(this.discover.copy(), ctx.to)) {
			table.unallocate(slot);
			ctx.onSendRefused();
			return false;
		}
		this.sets.of(uncounted, this.stageDO).onSent();
		ctx.onRequest(slot);
		return true;
	}

	resend(slot: number): boolean {
		const ctx = this.ctx;
		const table = ctx.table;
		const stage = table.stage[slot]!;
		let out: Outgoing;
		if (stage === this.stageDO) out = this.discover;
		else if (stage === this.stageRA) {
			const client = table.client[slot]!;
			const k = client - ctx.clients.first;
			this.of(this.request, client).tpl.setRequestedAddress(this.offered[k]!).setServerId(this.offeredBy[k]!);
			out = this.request;
		} else return false;
		return this.sendAgain(slot, out);
	}

	/** Sends `out` (its own fields set) again for the request waiting in `slot`: its xid, secs brought up to date. */
	private sendAgain(slot: number, out: Outgoing): boolean {
		const ctx = this.ctx;
		const table = ctx.table;
		const client = table.client[slot]!;
		// RFC 2131 §2: secs, the seconds since the client began; counted from this exchange's first transmission.
		const secs = Math.floor((ctx.nowUs() - table.sentUs[slot]!) / 1e6);
		this.relayed(out, client).tpl.setXid(table.xids[slot]!).setMac48(ctx.clients.macHi(client), ctx.clients.macLo(client)).setSecs(secs);
		if (!ctx.transport.trySend(out.copy(), ctx.to)) {
			ctx.onSendRefused();
			return false;
		}
		this.sets.ofSlot(table, slot, table.stage[slot]!).retransmits++;
		return true;
	}

	renew(): boolean {
		const lease = this.leases.pick();
		if (lease < 0) return false;
		const client = this.leases.client(lease);
		this.of(this.renewing, client).tpl.setCiaddr(this.leases.address(lease));
		return this.sendRequest(this.renewStage, this.renewing, client);
	}

	release(): boolean {
		const lease = this.leases.pick();
		if (lease < 0) return false;
		if (!this.releaseLease(this.leases.client(lease), this.leases.address(lease), this.leases.server(lease))) return false;
		this.leases.remove(lease);
		return true;
	}

	/**
	 * Sends `out` (its own fields set) for `client` as a new request of `stage`, which expects an
	 * answer; `again`: a lifecycle retransmission, under the waiting request's xid when there is one.
	 */
	private sendRequest(stage: number, out: Outgoing, client: number, again = false): boolean {
		const ctx = this.ctx;
		const waiting = again && this.requests ? this.requests.waiting(ctx.table, client, stage) : -1;
		if (waiting >= 0) return this.sendAgain(waiting, out);
		const slot = ctx.table.allocate(stage, client, ctx.nowUs(), false, (s) => this.onTimeout(s));
		this.relayed(out, client).tpl.setXid(ctx.table.xids[slot]!).setMac48(ctx.clients.macHi(client), ctx.clients.macLo(client)).setSecs(0);
		if (!ctx.transport.trySend(out.copy(), ctx.to)) {
			ctx.table.unallocate(slot);
			ctx.onSendRefused();
			return false;
		}
		this.tallies[stage]!.onSent();
		this.requests?.note(client, ctx.table.xids[slot]!);
		ctx.onRequest(slot);
		return true;
	}

	/** Sends `out` (its own fields set) for `client` as a message of `stage` that gets no answer (RELEASE, DECLINE). */
	private sendNotice(stage: number, out: Outgoing, client: number): boolean {
		const ctx = this.ctx;
		this.releaseXid = (this.releaseXid + 1) >>> 0;
		this.relayed(out, client).tpl.setXid(this.releaseXid).setMac48(ctx.clients.macHi(client), ctx.clients.macLo(client));
		if (!ctx.transport.trySend(out.copy(), ctx.to)) {
			ctx.onSendRefused();
			return false;
		}
		this.tallies[stage]!.onSent();
		return true;
	}

	private releaseLease(client: number, address: number, server: number): boolean {
		this.of(this.releasing, client).tpl.setCiaddr(address).setServerId(server);
		if (!this.sendNotice(this.releaseStage, this.releasing, client)) return false;
		this.note('release', client, address);
		return true;
	}

	onTimeout(slot: number): void {
		const table = this.ctx.table;
		this.sets.ofSlot(table, slot, table.stage[slot]!).onTimeout();
	}

	/** The exchange an unmatched reply of type `mt` would have answered. */
	private orphanStage(mt: number): number {
		return mt === OFFER || this.stageRA < 0 ? this.stageDO : this.stageRA;
	}

	onReceive(d: Received): void {
		const buf = d.payload;
		const ctx = this.ctx;
		const table = ctx.table;
		// A BOOTREPLY (op 2) with the magic cookie, or it is not an answer at all.
		if (!isDhcp4(buf) || buf[0] !== 2) {
			this.tallies[this.stageDO]!.malformed++;
			return;
		}
		let mt: number;
		let xid: number;
		try {
			this.scan.scan(buf);
			mt = this.scan.messageType;
			xid = this.scan.xid;
		} catch {
			this.tallies[this.stageDO]!.malformed++;
			return;
		}
		const slot = table.lookup(xid);
		const ours = slot >= 0 && ctx.clients.macEquals(table.client[slot]!, buf, OFFSET.chaddr);
		if (mt === 0) {
			// No message type, or one that repeats or conflicts (two option 53s are one 2-octet
			// value, RFC 3396 §6: Dhcp4Scan.messageType): malformed, an answer to nothing.
			this.tallies[ours ? table.stage[slot]! : this.stageDO]!.malformed++;
			return;
		}
		if (!ours) {
			this.tallies[this.orphanStage(mt)]!.orphans++;
			return;
		}
		const stage = table.stage[slot]!;
		const expected = stage === this.stageDO ? mt === OFFER : mt === ACK || mt === NAK;
		if (table.state[slot] === ANSWERED || !expected) {
			// A second answer to a request already answered: the server answered a retransmission too
			// (or, for an OFFER, the DISCOVER whose xid this REQUEST kept had its OFFER).
			if (expected) this.tallies[stage]!.duplicates++;
			else if (mt === OFFER && stage === this.stageRA) this.tallies[this.stageDO]!.duplicates++;
			else this.tallies[this.orphanStage(mt)]!.orphans++;
			return;
		}
		const tally = this.sets.ofSlot(table, slot, stage);
		const latency = ctx.arrivedUs(d) - table.sentUs[slot]!;
		if (settleLateAnswer(table, slot, tally, latency, stage === this.stageRA ? ctx.requestDropUs : ctx.dropUs)) return;
		if (stage === this.stageDO) {
			tally.onOk(latency);
			// perfdhcp's second -n: no REQUEST past the shard's share (an uncounted one is not counted against it).
			if (this.stageRA < 0 || !ctx.followUps || (table.uncounted[slot] === 0 && this.tallies[this.stageRA]!.sent >= ctx.requestQuota)) {
				table.complete(slot);
				return;
			}
			const client = table.client[slot]!;
			// RFC 2131 §4.4.1 / Table 5: the SELECTING REQUEST keeps the OFFER's xid, asks for yiaddr (50) from server id (54).
			this.relayed(this.request, client).tpl.setXid(xid).setMac48(ctx.clients.macHi(client), ctx.clients.macLo(client)).setRequestedAddress(this.scan.yiaddr).setServerId(this.scan.serverId).setSecs(0);
			if (this.offered.length > 0) {
				this.offered[client - ctx.clients.first] = this.scan.yiaddr;
				this.offeredBy[client - ctx.clients.first] = this.scan.serverId;
			}
			table.stage[slot] = this.stageRA;
			table.sentUs[slot] = ctx.nowUs();
			if (!ctx.transport.trySend(this.request.copy(), ctx.to)) {
				table.complete(slot);
				ctx.onSendRefused();
				return;
			}
			this.sets.ofSlot(table, slot, this.stageRA).onSent();
			ctx.onRequest(slot);
			return;
		}
		const listener = this.clientLifecycle?.listener;
		if (mt === ACK) {
			tally.onOk(latency);
			// An INFORM's ACK grants nothing (RFC 2131 §4.3.5).
			if (stage === this.informStage) {
				table.complete(slot);
				return;
			}
			if (stage === this.stageRA && (this.renewStage >= 0 || this.releaseStage >= 0) && !listener) this.leases.add(table.client[slot]!, this.scan.yiaddr, this.scan.serverId);
			if (this.leaseEvents) this.note('lease', table.client[slot]!, this.scan.yiaddr);
			// RFC 2132 §9.2, §9.11, §9.12: options 51 (lease time), 58 (T1) and 59 (T2).
			const s = this.scan;
			listener?.onLease(table.client[slot]!, s.yiaddr, s.serverId, s.uint32Option(51), s.uint32Option(58), s.uint32Option(59), stage === this.stageRA);
		} else {
			tally.onRejected();
			if (stage === this.renewStage || stage === this.rebindStage) listener?.onLost(table.client[slot]!);
		}
		table.complete(slot);
	}
}
