/**
 * Per-client option values (issue #25): `--option 'hostname=host-{client}'`,
 * `--option '82=agentCircuitID="eth0/{client}", agentRemoteID="{mac}"'`. `{client}` is the
 * client's index, zero-padded to the width of the run's largest index, and `{mac}` its MAC as
 * `02:00:0c:00:00:7b`; `{relay}` the index of its relay in -J's list (its giaddr, or in DHCPv6 its
 * innermost link-address), zero-padded to the width of the list's largest, so a relay's option 82 or
 * Interface-Id can name the relay as well as the client. Every client's value has the same length: the option is encoded once
 * and each request has the client's characters written over it in place, as the templates'
 * other per-client fields are (no encoding per packet). The places are found by encoding the
 * value twice with different fillers and comparing the bytes; a value whose encoding does not
 * carry the placeholder as text (a number, an address) is refused.
 */
import type { Option } from '../codec/option-space.js';

export const CLIENT = '{client}';
export const MAC = '{mac}';
export const RELAY = '{relay}';

/** Where one option's per-client characters are, as offsets into its data. */
export interface ClientOptionFields {
	code: number;
	/** `{client}`'s digits, `width` per occurrence. */
	clientAt: number[];
	/** `{mac}`'s 12 hex digits per occurrence. */
	macAt: number[];
	width: number;
	/** `{relay}`'s digits, `relayWidth` per occurrence. */
	relayAt: number[];
	relayWidth: number;
}

/** Does this --option value vary per client? */
export function isPerClient(spec: string): boolean {
	return spec.includes(CLIENT) || spec.includes(MAC) || spec.includes(RELAY);
}

/** Digits of the largest client index of a run of `clients`. */
export function clientWidth(clients: number): number {
	return String(Math.max(0, clients - 1)).length;
}

/**
 * Encodes `spec` with its placeholders filled (by `parse`, the option language) and finds where
 * their characters lie. Throws a RangeError naming the problem when the encoding does not carry
 * them as text of a fixed length.
 */
export function clientOptionOf(spec: string, width: number, parse: (text: string) => Option, relayWidth = 1): { option: Option; fields: ClientOptionFields } {
	const fill = (client: string, mac: string, relay: string): Option => parse(spec.split(CLIENT).join(client.repeat(width)).split(MAC).join(mac).split(RELAY).join(relay.repeat(relayWidth)));
	const zeros = fill('0', '00:00:00:00:00:00', '0');
	const ones = fill('1', '11:11:11:11:11:11', '1');
	const clientOnly = fill('1', '00:00:00:00:00:00', '0');
	const relayOnly = fill('0', '00:00:00:00:00:00', '1');
	const a = zeros.data;
	const what = `${CLIENT}, ${MAC} and ${RELAY}`;
	if (ones.data.length !== a.length || clientOnly.data.length !== a.length || relayOnly.data.length !== a.length) throw new RangeError(`${what} must be text in the value (their encoding changes its length)`);
	const clientAt: number[] = [];
	const macAt: number[] = [];
	const relayAt: number[] = [];
	for (let i = 0; i < a.length; i++) {
		if (a[i] === ones.data[i]) continue;
		// As text, '0' becomes '1' and nothing else changes.
		if (a[i] !== 0x30 || ones.data[i] !== 0x31) throw new RangeError(`${what} must be text in the value (a number or an address cannot vary per client)`);
		(clientOnly.data[i] === 0x31 ? clientAt : relayOnly.data[i] === 0x31 ? relayAt : macAt).push(i);
	}
	if (clientAt.length === 0 && macAt.length === 0 && relayAt.length === 0) throw new RangeError(`${what} must be text in the value`);
	return { option: zeros, fields: { code: zeros.code, clientAt, macAt, width, relayAt, relayWidth } };
}

/** Writes `n` as `w` decimal digits at each group of `w` offsets of `at` (relative to `dataAt`). */
function writeDigits(buf: Uint8Array, dataAt: number, at: readonly number[], w: number, n: number): void {
	for (let k = 0; k < at.length; k += w) {
		let v = n;
		for (let d = w - 1; d >= 0; d--) {
			buf[dataAt + at[k + d]!] = 0x30 + (v % 10);
			v = Math.floor(v / 10);
		}
	}
}

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Writes client `client`'s characters into an encoded message whose option `fields.code` has its
 * data at `dataAt` (absolute): the index's digits and the MAC's hex digits (`macHi` the top 16
 * bits, `macLo` the bottom 32, as clients.ts numbers them), and its relay's index `relay` in -J's list.
 */
export function writeClientFields(buf: Uint8Array, dataAt: number, fields: ClientOptionFields, client: number, macHi: number, macLo: number, relay = 0): void {
	writeDigits(buf, dataAt, fields.clientAt, fields.width, client);
	if (fields.relayAt.length > 0) writeDigits(buf, dataAt, fields.relayAt, fields.relayWidth, relay);
	const mat = fields.macAt;
	for (let k = 0; k < mat.length; k += 12) {
		for (let d = 0; d < 12; d++) {
			// Nibble d of the 48-bit MAC, most significant first.
			const nibble = d < 4 ? (macHi >>> ((3 - d) * 4)) & 15 : (macLo >>> ((11 - d) * 4)) & 15;
			buf[dataAt + mat[k + d]!] = HEX[nibble]!;
		}
	}
}
