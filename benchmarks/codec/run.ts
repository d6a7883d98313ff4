/**
 * Codec benchmarks, one core: runs every benchmarks/codec/<prefix>.ts module present and prints
 * one table. Run: npm run bench:codec. Each module exports `bench<Prefix>(seconds): BenchRow[]`.
 */
import { existsSync } from 'node:fs';

import type { BenchRow } from './measure.js';

const MODULES: [file: string, fn: string][] = [
	['./dhcp4.ts', 'benchDhcp4'],
	['./dhcp6.ts', 'benchDhcp6'],
];

const rows: BenchRow[] = [];
for (const [file, fn] of MODULES) {
	if (!existsSync(new URL(file, import.meta.url))) continue;
	const mod = (await import(file)) as Record<string, (seconds?: number) => BenchRow[]>;
	rows.push(...mod[fn]!());
}
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`node ${process.version}, one core, ~1 s per row`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)} /s  ${r.note ?? ''}`);

// Issue 2's speed targets, from the rows above.
const interleaved = rows.find((r) => r.name === 'dhcp4 decode ÷ npm dhcp (interleaved)');
const encodeDiscover = rows.find((r) => r.name === 'dhcp4 encode DISCOVER (prebuilt message)');
const encodeDiscoverCpu = rows.find((r) => r.name === 'dhcp4 encode DISCOVER, per CPU-second');
if (interleaved && encodeDiscover && encodeDiscoverCpu) {
	const ratio = /: ([\d.]+)×/.exec(interleaved.note ?? '')?.[1];
	const rate = (n: number): string => `${Math.round(n).toLocaleString('en-US')}/s`;
	console.log(`\ntargets: DHCPv4 decode ≥ 10× npm dhcp: ${ratio}× ${Number(ratio) >= 10 ? 'met' : 'NOT met'}`);
	console.log(
		`         encode DISCOVER ≥ 1,000,000/s on one core: ${rate(encodeDiscoverCpu.opsPerSec)} per CPU-second ${encodeDiscoverCpu.opsPerSec >= 1e6 ? 'met' : 'NOT met'} (${rate(encodeDiscover.opsPerSec)} wall clock)`,
	);
	const [load] = (await import('node:os')).loadavg();
	if (load! > 1.5) console.log(`         load average ${load!.toFixed(1)} while measuring: wall-clock rates are low by the share of the CPU others took`);
}
