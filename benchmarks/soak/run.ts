/**
 * A soak (npm run bench:soak): one long relayed DORA run against the lab's Kea, 10 minutes at
 * 4,000/s with --workers 2 by default (about 80 % of that Kea's knee on a 2-vCPU machine; give
 * your own with --rate N, --minutes M, --workers W). While it runs, the generator's resident memory
 * is sampled every 5 s (/proc/PID/status VmRSS, worker threads included); its interval lines give
 * the timeouts of each 5 s interval, and the drops of Kea's and dhcpulse's own sockets are read
 * at the same instants (src/os/proc-net.ts, as the loss ledger reads them). It prints the memory
 * growth after the first minute (target: under 10 %), every interval that lost requests with the
 * socket drops that explain it (the run's timeouts so far against the drops so far: a request
 * is dropped before it times out, -d later), the run's
 * loss ledger (perf --lab) and its verdict, and writes them to benchmarks/results/soak-<time>.json.
 * Not part of npm test: it lasts as long as it is asked to.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labUp } from '../../src/lab/index.js';
import { readKernelCounters } from '../../src/os/proc-net.js';
import { formatLedger } from '../../src/ui/ledger.js';
import type { Ledger } from '../../src/perf/ledger.js';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	const v = i < 0 ? fallback : Number(process.argv[i + 1]);
	if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} ${process.argv[i + 1]}: expected a positive number`);
	return v;
}

const RATE = arg('rate', 4000);
const MINUTES = arg('minutes', 10);
const WORKERS = arg('workers', 2);
const SAMPLE_S = 5;
const BIN = fileURLToPath(new URL('../../bin/dhcpulse.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const json = join(tmpdir(), `dhcpulse-soak-${process.pid}.json`);

function rssMiB(pid: number): number | null {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
	} catch {
		return null;
	}
}

const name = `soak${process.pid}`;
process.stderr.write(`bench:soak — lab ${name} up\n`);
const info = await labUp({ name, server: 'kea4' });
try {
	const argv = [
		'ip',
		'netns',
		'exec',
		info.clientNetns,
		process.execPath,
		BIN,
		'perf',
		info.relayServerAddr4,
		'-r',
		String(RATE),
		'-R',
		'50000',
		'-p',
		String(MINUTES * 60),
		'--workers',
		String(WORKERS),
		'-t',
		String(SAMPLE_S),
		'--no-dashboard',
		'--json',
		json,
		'--lab',
		name,
	];
	process.stderr.write(`bench:soak — ${argv.slice(5).join(' ')}\n`);
	const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
	const samples: { atS: number; rssMiB: number; load1: number; serverDrops: number | null; toolDrops: number | null }[] = [];
	const t0 = performance.now();
	/** Drops of the sockets Kea reads (its packet sockets in raw mode, else its UDP ones) and of dhcpulse's. */
	const drops = async (): Promise<{ serverDrops: number | null; toolDrops: number | null }> => {
		const server = info.pid === null ? null : await readKernelCounters(info.pid, 4);
		const tool = await readKernelCounters(child.pid!, 4);
		return { serverDrops: server === null ? null : server.packetSockets > 0 ? server.packetSocketDrops : server.udpSocketDrops, toolDrops: tool === null ? null : tool.udpSocketDrops };
	};
	const sampler = setInterval(async () => {
		const rss = rssMiB(child.pid!);
		const d = await drops();
		if (rss !== null) samples.push({ atS: Math.round((performance.now() - t0) / 100) / 10, rssMiB: rss, load1: Math.round(loadavg()[0]! * 100) / 100, ...d });
	}, SAMPLE_S * 1000);
	let out = '';
	child.stdout.on('data', (b: Buffer) => (out += b.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	clearInterval(sampler);
	// Interval lines: `[ 5.0s] … | DO sent N ok N rej N to N …`; timeouts are cumulative, per exchange.
	const intervals = out
		.split('\n')
		.filter((l) => l.startsWith('['))
		.map((l) => ({ atS: Number(/^\[\s*([\d.]+)s\]/.exec(l)?.[1]), timeouts: [...l.matchAll(/ to (\d+) /g)].reduce((n, m) => n + Number(m[1]), 0), line: l }));
	// Every request that timed out was lost before: by the end of an interval, the run's timeouts
	// so far are explained when the socket drops so far (read at the first sample after that end,
	// at most SAMPLE_S later) are at least as many. Counting cumulatively, an interval's losses are
	// never set against drops that a sample boundary put in its neighbour.
	const dropsBy = (atS: number): { server: number | null; tool: number | null } => {
		const after = samples.find((x) => x.atS >= atS) ?? samples.at(-1);
		return { server: after?.serverDrops ?? null, tool: after?.toolDrops ?? null };
	};
	const lossy = intervals
		.map((x, i) => ({ atS: x.atS, lost: x.timeouts - (intervals[i - 1]?.timeouts ?? 0), lostSoFar: x.timeouts, drops: dropsBy(x.atS) }))
		.filter((x) => x.lost > 0)
		.map((x) => ({ ...x, explained: (x.drops.server ?? 0) + (x.drops.tool ?? 0) >= x.lostSoFar }));
	// From the first minute on (or, in a shorter trial run, its last two thirds): start-up and the JIT are done.
	const settledFromS = Math.min(60, (MINUTES * 60) / 3);
	const afterMinute = samples.filter((s) => s.atS >= settledFromS);
	const base = afterMinute[0]?.rssMiB ?? NaN;
	const peak = Math.max(...afterMinute.map((s) => s.rssMiB));
	const growthPct = Math.round(((peak - base) / base) * 1000) / 10;
	const doc = JSON.parse(readFileSync(json, 'utf8')) as { exitReason: string; exitCode: number; rate: unknown; exchanges: Record<string, { sent: number; timeouts: number }>; ledger: Ledger | null };
	console.log(
		`\nbench:soak: ${MINUTES} min of relayed DORA at ${RATE}/s, ${WORKERS} workers, against the lab's Kea; load average now ${loadavg()
			.map((x) => x.toFixed(2))
			.join(' ')}`,
	);
	console.log(`resident memory: ${samples[0]?.rssMiB} MiB at ${samples[0]?.atS} s, ${base} MiB at ${settledFromS} s, peak after that ${peak} MiB: growth ${growthPct} % (target < 10 %)`);
	const unexplained = lossy.filter((x) => !x.explained);
	console.log(`intervals of ${SAMPLE_S} s that lost requests: ${lossy.length} of ${intervals.length}, ${unexplained.length} of them not explained by socket drops (target: 0)`);
	for (const x of lossy)
		console.log(`  ${x.atS}s: ${x.lost} lost (${x.lostSoFar} so far); socket drops so far: Kea's ${x.drops.server ?? 'unknown'}, dhcpulse's ${x.drops.tool ?? 'unknown'}${x.explained ? '' : '  UNEXPLAINED'}`);
	if (doc.ledger) for (const line of formatLedger(doc.ledger)) console.log(line);
	console.log(
		`run: exit ${code}, ${doc.exitReason}; ${Object.entries(doc.exchanges)
			.map(([k, e]) => `${k} ${e.sent} sent, ${e.timeouts} timeouts`)
			.join('; ')}`,
	);
	mkdirSync(RESULTS, { recursive: true });
	const file = join(RESULTS, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, `${JSON.stringify({ rate: RATE, minutes: MINUTES, workers: WORKERS, code, samples, growthPct, lossy, unexplained: unexplained.length, summary: doc }, null, 2)}\n`);
	console.log(`written to ${file}`);
} finally {
	await labDown(name);
}
