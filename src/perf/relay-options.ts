/**
 * The RELAY-FORW layers a DHCPv6 load run wraps each request in (RFC 8415 §19.1), with the relay
 * options of `--relay-option` (issue #25): Interface-Id (18, RFC 8415 §21.18), Remote-ID (37,
 * RFC 4649), Subscriber-ID (38, RFC 4580), or any other, each at its level and each optionally
 * per client (`{client}`, `{mac}`: client-options.ts). The layers are laid out once; per request
 * only the per-client characters, the innermost link-address (-J) and the Relay Message lengths
 * are written (no encoding per packet).
 *
 * Levels count from the client: level 0 is the relay nearest the client (hop-count 0, the
 * innermost RELAY-FORW), level N−1 the one that sends to the server (the outermost). Kea's
 * `relay6[nest]` counts the other way: nest 0 is the relay nearest the server.
 */
import { OptionCode, MsgType } from '../codec/dhcp6/constants.js';
import type { Option } from '../codec/option-space.js';
import { writeIpv6 } from '../codec/types/index.js';
import { writeClientFields, type ClientOptionFields } from './client-options.js';

/** One --relay-option: its option, its level, and where its per-client characters are (or null). */
export interface RelayOption6 {
	level: number;
	option: Option;
	fields: ClientOptionFields | null;
}

/** msg-type, hop-count, link-address, peer-address (RFC 8415 §9). */
const RELAY_FIXED = 34;
/** The Relay Message option's code and length, before the message it carries. */
const RELAY_MSG_HEADER = 4;

/** The relay layers of a run: their bytes laid out once, and what each request changes in them. */
export class RelayLayers {
	/** Every layer from the outermost in, up to (not including) the client's message. */
	readonly header: Buffer;
	/** Each layer's own length (fixed part, its options, the Relay Message header), outermost first. */
	private readonly below: number[];
	/** Where each layer's Relay Message length is. */
	private readonly lengthAt: number[];
	private readonly innermostLinkAt: number;
	private readonly personal: { at: number; fields: ClientOptionFields }[] = [];

	/** `levels` RELAY-FORWs from `address` (link-address and peer-address, as perfdhcp), carrying `options`. */
	constructor(levels: number, address: string | null, options: readonly RelayOption6[]) {
		const sizes: number[] = [];
		for (let k = 0; k < levels; k++) {
			const level = levels - 1 - k;
			sizes.push(RELAY_FIXED + options.filter((o) => o.level === level).reduce((n, o) => n + 4 + o.option.data.length, 0) + RELAY_MSG_HEADER);
		}
		this.header = Buffer.alloc(sizes.reduce((a, b) => a + b, 0));
		this.below = sizes.map((_, k) => sizes.slice(k + 1).reduce((a, b) => a + b, 0));
		this.lengthAt = [];
		let at = 0;
		for (let k = 0; k < levels; k++) {
			const level = levels - 1 - k;
			const h = this.header;
			h[at] = MsgType.RELAY_FORW;
			// RFC 8415 §19.1.2: the innermost relay has hop-count 0, each outer one adds 1.
			h[at + 1] = level;
			writeIpv6(address!, h, at + 2);
			writeIpv6(address!, h, at + 18);
			let o = at + RELAY_FIXED;
			for (const r of options) {
				if (r.level !== level) continue;
				h.writeUInt16BE(r.option.code, o);
				h.writeUInt16BE(r.option.data.length, o + 2);
				h.set(r.option.data, o + 4);
				if (r.fields) this.personal.push({ at: o + 4, fields: r.fields });
				o += 4 + r.option.data.length;
			}
			h.writeUInt16BE(OptionCode.RELAY_MSG, o);
			this.lengthAt.push(o + 2);
			at += sizes[k]!;
		}
		this.innermostLinkAt = levels > 0 ? at - sizes[levels - 1]! + 2 : -1;
	}

	/**
	 * Writes the layers in front of an `innerLength`-byte message already at `header.length` in
	 * `out`, for client `client` (its MAC `macHi`/`macLo`); `link`, when given, is the innermost
	 * layer's link-address (-J: RFC 8415 §19.1.1, the link the client is on), `relay` its index in
	 * -J's list ({relay}). Returns the datagram's length.
	 */
	wrap(out: Buffer, innerLength: number, client: number, macHi: number, macLo: number, link: Buffer | null, relay = 0): number {
		const h = this.header;
		h.copy(out, 0);
		if (link !== null && this.innermostLinkAt >= 0) link.copy(out, this.innermostLinkAt);
		for (const p of this.personal) writeClientFields(out, p.at, p.fields, client, macHi, macLo, relay);
		for (let k = 0; k < this.lengthAt.length; k++) out.writeUInt16BE(this.below[k]! + innerLength, this.lengthAt[k]!);
		return h.length + innerLength;
	}
}
