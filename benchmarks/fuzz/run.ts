/**
 * The long fuzz run: ≥ 10 million seeded, mutated inputs through the DHCPv4 and DHCPv6 decoders,
 * `decode`'s per-frame pipeline (link/IP/UDP extraction, classification, presenters) and the
 * capture reader. Only DecodeError may escape a decoder; anything else is a bug and is listed
 * with the case index that replays it. A supervisor watches a shared progress counter: no
 * progress for 30 s is reported as a hang (with the case index) and fails the run.
 *
 *   npm run bench:fuzz                                  # 10,000,000 cases, seed 0xd1c9
 *   node --import=tsx benchmarks/fuzz/run.ts --cases 200000 --seed 7 --present-every 1   # present every decoded packet (default: every 4th)
 *   node --import=tsx benchmarks/fuzz/run.ts --seed 7 --first 123456 --cases 1   # replay one case
 *
 * Exit 0 when no bug was found, 1 otherwise.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerResult } from './worker.js';

function flag(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	if (at < 0) return fallback;
	const value = Number(process.argv[at + 1]);
	if (!Number.isFinite(value) || value < 0) {
		process.stderr.write(`fuzz: --${name} needs a non-negative number\n`);
		process.exit(3);
	}
	return value;
}

const cases = flag('cases', 10_000_000);
const seed = flag('seed', 0xd1c9) >>> 0;
const first = flag('first', 0);
const presentEvery = Math.max(1, flag('present-every', 4));
const HANG_MS = 30_000;

const progress = new SharedArrayBuffer(8);
const counters = new Int32Array(progress);
const input: WorkerInput = { seed, first, count: cases, progress, presentEvery };
const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: input, execArgv: process.env.DHCPULSE_FUZZ_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.DHCPULSE_FUZZ_PROFILE] : [] });

console.log(`fuzz: ${cases.toLocaleString('en-US')} cases from #${first}, seed ${seed} (0x${seed.toString(16)}), node ${process.version}`);
const started = performance.now();
let lastDone = -1;
let lastChange = performance.now();
let maxRssKb = 0;
let nextReport = 10_000;
const watch = setInterval(() => {
	maxRssKb = Math.max(maxRssKb, Math.round(process.memoryUsage.rss() / 1024));
	const done = Atomics.load(counters, 0);
	const now = performance.now();
	if (done !== lastDone) {
		lastDone = done;
		lastChange = now;
	} else if (now - lastChange > HANG_MS) {
		console.log(`fuzz: HANG — no progress for ${HANG_MS / 1000} s at case #${Atomics.load(counters, 1)} (replay: --seed ${seed} --first ${Atomics.load(counters, 1)} --cases 1024)`);
		void worker.terminate();
		process.exitCode = 1;
	}
	if (now - started >= nextReport) {
		nextReport += 10_000;
		const rate = done / ((now - started) / 1000);
		console.log(`  ${done.toLocaleString('en-US')} cases, ${Math.round(rate).toLocaleString('en-US')}/s, RSS ${Math.round(maxRssKb / 1024)} MiB`);
	}
}, 500);

const result = await new Promise<WorkerResult | undefined>((resolve, reject) => {
	worker.once('message', (r: WorkerResult) => resolve(r));
	worker.once('error', reject);
	worker.once('exit', () => resolve(undefined));
});
clearInterval(watch);
await worker.terminate();
if (!result) process.exit(1);

const seconds = (performance.now() - started) / 1000;
maxRssKb = Math.max(maxRssKb, process.resourceUsage().maxRSS);
const fmt = (n: number): string => n.toLocaleString('en-US');
console.log(`\ncases: ${fmt(cases)} in ${seconds.toFixed(1)} s (${fmt(Math.round(cases / (result.elapsedMs / 1000)))} cases/s in the worker)`);
console.log(`max RSS: ${Math.round(maxRssKb / 1024)} MiB; slowest case ${result.maxCaseMs.toFixed(2)} ms (#${result.maxCaseIndex}); cases over 50 ms: ${result.slowCases}`);
console.log('\ntarget    cases        decoded      errors by code');
for (const [name, s] of Object.entries(result.targets)) {
	const errors = Object.entries(s.errors)
		.sort((a, b) => b[1] - a[1])
		.map(([code, n]) => `${code} ${fmt(n)}`)
		.join(', ');
	console.log(`${name.padEnd(9)} ${fmt(s.cases).padStart(11)}  ${fmt(s.decoded).padStart(11)}  ${errors}`);
}
console.log(
	`\nmutations applied: ${Object.entries(result.mutations)
		.map(([k, n]) => `${k} ${fmt(n)}`)
		.join(', ')}`,
);
if (result.failureCount === 0) {
	console.log('\nno exception other than DecodeError escaped; every decoded message re-encoded to identical bytes');
} else {
	console.log(`\nBUGS: ${fmt(result.failureCount)} cases failed (first ${result.failures.length}):`);
	for (const f of result.failures) console.log(`  #${f.index} ${f.target} [${f.mutations}]: ${f.what}  (replay: --seed ${seed} --first ${f.index} --cases 1)`);
	process.exitCode = 1;
}
