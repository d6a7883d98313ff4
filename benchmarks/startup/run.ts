/**
 * What starting dhcpulse costs: wall time and peak RSS of short commands, as a monitoring check
 * run every minute pays them. Run: npm run bench:startup [-- --runs N] [-- --bin PATH]
 *
 * Each command runs N times (default 11) under /usr/bin/time -v, which reports the child's own
 * elapsed time and maximum resident set size; the medians are printed. Runs alternate between the
 * commands so a busy moment on a shared machine does not fall on one command only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COMMANDS: readonly (readonly string[])[] = [['version'], ['discover', '--help'], ['decode', '--help']];

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(flag('--runs') ?? 11);
const bin = flag('--bin') ?? fileURLToPath(new URL('../../bin/dhcpulse.js', import.meta.url));
if (!existsSync('/usr/bin/time')) {
	console.error('bench:startup needs GNU time (/usr/bin/time; Debian package "time")');
	process.exit(3);
}

interface Sample {
	seconds: number;
	rssKiB: number;
}

/** One run under GNU time: its "Elapsed (wall clock)" and "Maximum resident set size" lines. */
function measure(args: readonly string[]): Sample {
	const r = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, ...args], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`dhcpulse ${args.join(' ')} exited with ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
	const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
	const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
	if (!wall || !rss) throw new Error(`unexpected /usr/bin/time output: ${r.stderr.slice(-300)}`);
	return { seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]), rssKiB: Number(rss[1]) };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const samples = COMMANDS.map(() => [] as Sample[]);
for (let i = 0; i < runs; i++) COMMANDS.forEach((args, c) => samples[c]!.push(measure(args)));
console.log(`node ${process.version}, ${runs} runs each, medians (range)`);
COMMANDS.forEach((args, c) => {
	const s = samples[c]!.map((x) => x.seconds);
	const m = samples[c]!.map((x) => x.rssKiB / 1024);
	console.log(
		`dhcpulse ${args.join(' ').padEnd(16)} ${median(s).toFixed(2)} s (${Math.min(...s).toFixed(2)}–${Math.max(...s).toFixed(2)})` +
			`  ${median(m).toFixed(1)} MB RSS (${Math.min(...m).toFixed(1)}–${Math.max(...m).toFixed(1)})`,
	);
});
