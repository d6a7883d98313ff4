/**
 * The simulated client population: client i of `count` is a number, and its MAC (and DUID) are
 * computed from that number and a base, so a million clients cost nothing until they are used
 * (no per-client objects). perfdhcp numbers its clients the same way (base MAC + i, carries
 * across octets, Kea src/bin/perfdhcp/test_control.cc); unlike perfdhcp, the order clients are picked in is a
 * seeded permutation (`-s`), so every client is used once per cycle and a run is repeatable.
 * With perfdhcp's -M the MACs come from a list instead, client i the list's i-th entry.
 */
import { mulberry32 } from '../prng.js';
import { formatMac, parseMac } from '../wire/address.js';

/** perfdhcp's default base MAC (perfdhcp(8), -b), a locally administered one of ours instead. */
export const DEFAULT_BASE_MAC = '02:00:0c:00:00:00';

/** A 48-bit number as two parts: `hi` the top 16 bits, `lo` the bottom 32. */
export interface Mac48 {
	hi: number;
	lo: number;
}

/** A MAC-48 as the two numbers client i adds i to (the text is src/wire/address.ts's). */
export function parseMac48(text: string): Mac48 {
	const b = parseMac(text);
	if (!b) throw new RangeError(`expected a MAC such as 02:00:0c:00:00:00, got ${JSON.stringify(text)}`);
	return { hi: (b[0]! << 8) | b[1]!, lo: ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) >>> 0 };
}

/** perfdhcp's -M: the clients' MACs from a list, client i the i-th (plain data, posted to workers as is). */
export interface MacList {
	hi: number[];
	lo: number[];
}

export function formatMac48(m: Mac48): string {
	return formatMac(Uint8Array.of(m.hi >>> 8, m.hi & 0xff, m.lo >>> 24, (m.lo >>> 16) & 0xff, (m.lo >>> 8) & 0xff, m.lo & 0xff));
}

function gcd(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}

/**
 * One shard's clients: indexes `first … first + count - 1` of the whole population, visited as
 * `first + (offset + k·stride) mod count` for k = 0, 1, 2 … With no seed the order is sequential
 * from the first client (perfdhcp's); with a seed, offset and stride (coprime with count) come
 * from it, so the order is scrambled yet still a full cycle.
 */
export class ClientPicker {
	readonly first: number;
	readonly count: number;
	private readonly base: Mac48;
	private readonly stride: number;
	private position: number;
	/** -M: each client's MAC from the list instead of base + index. */
	private readonly listHi: Uint16Array | null;
	private readonly listLo: Uint32Array | null;

	constructor(first: number, count: number, base: Mac48, seed: number | null, list: MacList | null = null) {
		if (count < 1) throw new RangeError('a shard needs at least one client');
		if (list && first + count > list.hi.length) throw new RangeError(`clients ${first}…${first + count - 1}: the MAC list has ${list.hi.length}`);
		this.first = first;
		this.count = count;
		this.base = base;
		this.listHi = list ? Uint16Array.from(list.hi) : null;
		this.listLo = list ? Uint32Array.from(list.lo) : null;
		if (seed === null || count === 1) {
			this.stride = 1;
			this.position = 0;
		} else {
			const rnd = mulberry32(seed);
			let stride = 1 + Math.floor(rnd() * (count - 1));
			while (gcd(stride, count) !== 1) stride = (stride % (count - 1)) + 1;
			this.stride = stride;
			this.position = Math.floor(rnd() * count);
		}
	}

	/** The next client's index in the whole population. */
	next(): number {
		const i = this.first + this.position;
		this.position += this.stride;
		if (this.position >= this.count) this.position -= this.count;
		return i;
	}

	/** Top 16 bits of client `index`'s MAC (base + index, carrying across octets). */
	macHi(index: number): number {
		if (this.listHi !== null) return this.listHi[index]!;
		const low = this.base.lo + index;
		return (this.base.hi + Math.floor(low / 4294967296)) & 0xffff;
	}

	/** Bottom 32 bits of client `index`'s MAC. */
	macLo(index: number): number {
		if (this.listLo !== null) return this.listLo[index]!;
		return (this.base.lo + index) >>> 0;
	}

	/** Writes client `index`'s MAC into `out[0..6)`. */
	writeMac(index: number, out: Uint8Array): void {
		const hi = this.macHi(index);
		const lo = this.macLo(index);
		out[0] = hi >>> 8;
		out[1] = hi & 0xff;
		out[2] = lo >>> 24;
		out[3] = (lo >>> 16) & 0xff;
		out[4] = (lo >>> 8) & 0xff;
		out[5] = lo & 0xff;
	}

	/** True when `buf[at..at+6)` is client `index`'s MAC. */
	macEquals(index: number, buf: Uint8Array, at: number): boolean {
		const hi = this.macHi(index);
		const lo = this.macLo(index);
		return buf[at] === hi >>> 8 && buf[at + 1] === (hi & 0xff) && buf[at + 2] === lo >>> 24 && buf[at + 3] === ((lo >>> 16) & 0xff) && buf[at + 4] === ((lo >>> 8) & 0xff) && buf[at + 5] === (lo & 0xff);
	}
}

/** Splits `total` into `parts` nearly equal shares (the first ones one larger). */
export function shares(total: number, parts: number): number[] {
	const out: number[] = [];
	for (let k = 0; k < parts; k++) out.push(Math.floor(total / parts) + (k < total % parts ? 1 : 0));
	return out;
}
