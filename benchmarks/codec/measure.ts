/** The timing loop every codec benchmark uses. */

export interface BenchRow {
	name: string;
	opsPerSec: number;
	note?: string;
}

/** Runs `fn` in batches for about `seconds` after a 0.3 s warm-up; returns calls per second. */
export function measure(fn: () => void, seconds = 1): number {
	const batch = 2000;
	const warmUntil = process.hrtime.bigint() + 300_000_000n;
	while (process.hrtime.bigint() < warmUntil) for (let i = 0; i < batch; i++) fn();
	const start = process.hrtime.bigint();
	const stop = start + BigInt(Math.round(seconds * 1e9));
	let calls = 0;
	let now = start;
	while (now < stop) {
		for (let i = 0; i < batch; i++) fn();
		calls += batch;
		now = process.hrtime.bigint();
	}
	return calls / (Number(now - start) / 1e9);
}
