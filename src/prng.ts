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
