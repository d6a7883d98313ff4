/**
 * mulberry32: a small, fast, seeded PRNG. Not for secrets; for repeatable choices (which simulated
 * client goes next, which lease to renew, which mutation a fuzz case applies), so a run or a
 * failing case can be replayed from its seed.
 */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A repeatable 32-bit value of three integers (a client index, a seed, a salt), from the
 * finaliser of MurmurHash3 (public domain): neighbouring inputs give independent-looking values,
 * without a generator per client, for choices a client must make the same way every time.
 */
export function hash32(a: number, b: number, c: number): number {
	let h = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca6b)) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}
