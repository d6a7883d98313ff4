/**
 * What the perf benchmarks share (run.ts against the lab's Kea, capacity.ts against the C
 * responder): running a tool inside a lab's client namespace with its CPU seconds, the host's
 * CPU steal and load average, and reading each tool's report into the same figures.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LabInfo } from '../../src/lab/index.js';

/** CPU jiffies of the whole machine, and how many of them the hypervisor took (steal, /proc/stat). */
export function cpuJiffies(): { total: number; steal: number } {
	const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
	return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
}
/** Per cent of the machine's CPU time the hypervisor took (steal) between two readings. */
export function stealPctBetween(a: { total: number; steal: number }, b: { total: number; steal: number }): number {
	return Math.round(((b.steal - a.steal) / Math.max(1, b.total - a.total)) * 1000) / 10;
}
/** The one-minute load average (/proc/loadavg): other engineers' test suites share this machine. */
export function loadAverage(): number {
	return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

export interface Exec {
	code: number | null;
	stdout: string;
	stderr: string;
	cpuS: number;
}

/** Runs argv in the lab's client namespace under bash's `time` (user + sys CPU seconds of the whole process tree). */
export function inLab(info: LabInfo, argv: string[], options: { tty?: boolean; timeoutS?: number } = {}): Promise<Exec> {
	const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
	const timed = `TIMEFORMAT='@@CPU %U %S'; time ip netns exec ${info.clientNetns} ${quoted}`;
	// A pseudo-terminal makes stdout a TTY, so dhcpulse mounts its dashboard.
	const cmd = options.tty ? ['script', '-qfec', `bash -c ${JSON.stringify(timed)}`, '/dev/null'] : ['bash', '-c', timed];
	return new Promise((resolve) => {
		const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: undefined } as NodeJS.ProcessEnv });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (b: Buffer) => out.push(b));
		child.stderr.on('data', (b: Buffer) => err.push(b));
		const timer = setTimeout(() => child.kill('SIGKILL'), (options.timeoutS ?? 60) * 1000);
		child.on('close', (code) => {
			clearTimeout(timer);
			const stdout = Buffer.concat(out).toString('utf8');
			const stderr = Buffer.concat(err).toString('utf8');
			const m = /@@CPU ([\d.]+) ([\d.]+)/.exec(stderr + stdout);
			resolve({ code, stdout, stderr, cpuS: m ? Number(m[1]) + Number(m[2]) : NaN });
		});
	});
}

/** The part of dhcpulse perf's --json document the benchmarks read. */
export interface PerfJson {
	exchanges: Record<string, { expectsReply: boolean; sent: number; ok: number; rejected: number; timeouts: number; latencyUs: { mean: number; p50: number; p99: number; max: number } }>;
	rate: { asked: number; sent: number; completed: number; skipped: number };
	maxStallMs: number;
	/** Absent from a summary written before admission control. */
	generator?: { heldBack: number; maxQueuedMs: number | null };
	sendErrors: number;
	durationS: number;
}

/** dhcpulse's timeouts over settled requests (ok + rejected + timeouts), and the mean latency of its answered ones. */
export function dhcpulseFigures(doc: PerfJson): { timeouts: number; settled: number; dropPct: number; meanUs: number } {
	let timeouts = 0;
	let settled = 0;
	let meanSum = 0;
	let meanN = 0;
	for (const e of Object.values(doc.exchanges)) {
		if (!e.expectsReply) continue;
		timeouts += e.timeouts;
		settled += e.ok + e.rejected + e.timeouts;
		meanSum += e.latencyUs.mean * e.ok;
		meanN += e.ok;
	}
	return { timeouts, settled, dropPct: settled > 0 ? (timeouts / settled) * 100 : 100, meanUs: meanN > 0 ? meanSum / meanN : 0 };
}

/**
 * perfdhcp's final report (anchors-perfdhcp.md §2): each exchange type's sent / received / drops,
 * in order (DISCOVER-OFFER first), the mean delay weighted by received packets, and the Rate line
 * (last-stage replies ÷ the whole run including -W). Its drops are sent − received, in-flight
 * included, so give it a -W long enough that nothing stays in flight. Null when there is no report.
 */
export function perfdhcpFigures(out: string): { stages: { sent: number; received: number; drops: number }[]; dropPct: number; meanUs: number; rate: number } | null {
	const stages = [...out.matchAll(/sent packets: (\d+)\nreceived packets: (\d+)\ndrops: (\d+)/g)].map((s) => ({ sent: Number(s[1]), received: Number(s[2]), drops: Number(s[3]) }));
	if (stages.length === 0) return null;
	const sent = stages.reduce((a, s) => a + s.sent, 0);
	const drops = stages.reduce((a, s) => a + s.drops, 0);
	let meanSum = 0;
	let meanN = 0;
	for (const d of out.matchAll(/received packets: (\d+)[\s\S]*?avg delay: ([\d.]+) ms/g)) {
		meanSum += Number(d[2]) * 1000 * Number(d[1]);
		meanN += Number(d[1]);
	}
	const rateLine = /Rate: ([\d.]+)/.exec(out);
	return { stages, dropPct: sent > 0 ? (drops / sent) * 100 : 100, meanUs: meanN > 0 ? meanSum / meanN : 0, rate: rateLine ? Number(rateLine[1]) : 0 };
}

/** One printed comparison: a figure of each tool, in `unit`, and their ratio dhcpulse ÷ perfdhcp against `target`. */
export interface ComparisonRow {
	what: string;
	dhcpulse: number;
	perfdhcp: number;
	unit: string;
	ratio: number;
	target: string;
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
	const v = [...values].sort((a, b) => a - b);
	const m = v.length >> 1;
	return v.length % 2 === 1 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
