/**
 * dhcpulse perf beside Kea's perfdhcp (Debian kea-admin), against the same lab Kea, in one run
 * (npm run bench:perf; --quick for a reduced version, about a third of the time):
 *
 *   1. v4 DORA knee: the highest rate with < 1 % drops each tool finds (perfdhcp -g single and
 *      its default threading). Target ≥ 1.0× perfdhcp -g single.
 *   2. The same for v4 2-way (DO) and v6 SARR.
 *   3. Generator ceiling: -r 100000 toward a blackhole for 5 s, packets per second counted on the
 *      interface (tx_packets; lab-facts: sendto() counts lie). dhcpulse with 2 workers vs perfdhcp
 *      with its default (2 threads). Target ≥ 1.5×. (dhcpulse sends exactly what -r asks, so the row
 *      is capped at 100,000/s; both tools at -r 200000 follow, as information.)
 *   4. At 6,000 DORA/s: mean latency and CPU seconds of each tool, the median over alternating
 *      pairs of runs. Target mean ≤ 1.2× perfdhcp's. (Also, as information, at half the lower knee,
 *      and with --busy-poll.)
 *   5. The DORA knee with and without the dashboard (on a pseudo-terminal). Target ≥ 0.95×.
 *
 * Row 1 also asks both tools 1.5× and 3× the higher knee and compares what each completes (issue
 * #21 goal 3: past the knee dhcpulse completes at least what perfdhcp does); `--past-knee N` runs
 * only those rows, around a knee N found before.
 *
 * With --speed-kea both labs' Kea keeps its leases in memory only (memfile persist false: no
 * lease-file write per lease), the configuration lab-facts.md measured near 12,000 DORA/s where the
 * default's file writes hold Kea near 5,000 (issue #21 goal 3: knees against both).
 *
 * Every knee and latency run starts with a 1 s warm-up at its own rate, never counted: dhcpulse's
 * own --warm-up (V8 compiles the hot paths in the first thousands of exchanges, on a helper thread
 * that takes the server's core on this 2-core machine), and for perfdhcp, which has no such flag,
 * a 1 s perfdhcp run at the same rate just before the measured one, so Kea is as warm for both
 * tools. A run's CPU seconds include its warm-up, for both. (Row 1 also searches dhcpulse's knee
 * without the warm-up, as information.)
 *
 * A rate "passes" when drops < 1 % of settled requests and the generator sent ≥ 97 % of the
 * asked rate (a generator that cannot send is not measuring the server). A knee is found in two
 * phases. First a bisection, the tools side by side, one trial each per step, places it roughly.
 * Then a ladder (src/capacity/ladder.ts, shared with `dhcpulse capacity`) of rates, ±20 % around the two rough knees in 5 % rungs (±15 % with
 * --quick), gives each tool 3 trials at every rung (2 with --quick), rungs shuffled and tools
 * alternating, and the knee is where the tool's pass fraction crosses one half. The ratio comes
 * with a 90 % bootstrap interval: on this 2-vCPU VM the server's capacity moves by a third within
 * minutes, and one bisection's ratio followed it (session 8: 0.72 and 1.05 in two runs). A trial
 * during which the hypervisor took more than 5 % of the CPU is run again (STEAL_MAX_PCT). Every
 * figure is printed as a ratio and written to benchmarks/results/perf-<time>.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labRestart, labUp, type LabInfo } from '../../src/lab/index.js';
import { fastUdpStatus } from '../../src/transport/fast-udp.js';
import { mulberry32 } from '../../src/prng.js';
import { kneeOf, ratioInterval, rungs, shuffled, type Knee, type Rung } from '../../src/capacity/ladder.js';
import { centreOf, ROUGH_APART, roughApart } from './ladder.js';
import { cpuJiffies, dhcpulseFigures, inLab, median as medianOf, perfdhcpFigures, stealPctBetween, type ComparisonRow, type PerfJson } from './tools.js';

const QUICK = process.argv.includes('--quick');
const SPEED_KEA = process.argv.includes('--speed-kea');
/** --past-knee N: only the rows past the knee (row 1's second part), around a DORA knee N measured before. */
const PAST_KNEE = ((): number | null => {
	const i = process.argv.indexOf('--past-knee');
	if (i < 0) return null;
	const n = Number(process.argv[i + 1]);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`--past-knee ${process.argv[i + 1]}: expected a DORA/s rate`);
	return n;
})();
const BIN = fileURLToPath(new URL('../../bin/dhcpulse.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const RUN_S = QUICK ? 3 : 5;
/** Bisection steps of the first phase (the ladder refines what it finds). */
const STEPS = QUICK ? 4 : 5;
/** The ladder: rungs either side of the centre, their spacing, and each tool's trials per rung. */
const LADDER_HALF = QUICK ? 3 : 4;
const LADDER_STEP = 0.05;
const LADDER_REPS = QUICK ? 2 : 3;
// Both tools' clients must fit the lab pools together (v4 198.19.1.0–198.19.255.254 and the v6
// /112: ~65,000 each): with 50,000 each, the later runs met an exhausted pool and every knee fell.
const CLIENTS = 20_000;
const WARM_UP_S = 1;
/** Alternating pairs of runs per latency row; the row takes the median of each tool's runs. */
const PAIRS = QUICK ? 3 : 5;
/**
 * A trial during which the hypervisor took more than this share of the CPU (steal, /proc/stat)
 * is run again, at most STEAL_RETRIES times, for whichever tool it was: it measured the host's
 * neighbours, not the tool or the server. In one --quick run with 21.7 % steal overall, both
 * tools' trials fell to a tenth of the asked rate for minutes (dhcpulse's loop stalled up to
 * 1.3 s, perfdhcp sent 375 of 5,000/s).
 */
const STEAL_MAX_PCT = 5;
const STEAL_RETRIES = 2;
let rerunForSteal = 0;
let keptDespiteSteal = 0;
const tmp = join(tmpdir(), `dhcpulse-bench-perf-${process.pid}`);
mkdirSync(tmp, { recursive: true });

interface Trial {
	passed: boolean;
	dropPct: number;
	sentPerS: number;
	completedPerS: number;
	meanUs: number;
	cpuS: number;
	/** dhcpulse only: the sending loop's longest stall and the exchanges it wrote off (a trial that fell behind says why). */
	stall?: string;
	/** Per cent of the machine's CPU the hypervisor took during the trial. */
	stealPct?: number;
}

type Kind = 'dora4' | 'do4' | 'sarr6';

interface Tool {
	name: string;
	trial(info: LabInfo, kind: Kind, rate: number, seconds: number): Promise<Trial>;
}

let runNo = 0;

/** dhcpulse perf with `extra` flags; `tty`: on a pseudo-terminal (the dashboard); `warm`: after --warm-up (the default). */
function dhcpulse(name: string, { extra = [] as string[], tty = false, warm = true } = {}): Tool {
	return {
		name,
		async trial(info, kind, rate, seconds) {
			const json = join(tmp, `run-${runNo++}.json`);
			const target = kind === 'sarr6' ? ['-6', info.relayServerAddr6] : [info.relayServerAddr4];
			const args = [
				process.execPath,
				BIN,
				'perf',
				...target,
				...(kind === 'do4' ? ['-i'] : []),
				'-r',
				String(rate),
				'-R',
				String(CLIENTS),
				'-p',
				String(seconds),
				'-d',
				'1',
				'--json',
				json,
				...(tty ? [] : ['--no-dashboard']),
				...extra,
			];
			if (warm) args.push('--warm-up', String(WARM_UP_S));
			const r = await inLab(info, args, { tty, timeoutS: seconds + WARM_UP_S + 30 });
			let doc: PerfJson;
			try {
				doc = JSON.parse(readFileSync(json, 'utf8'));
			} catch {
				throw new Error(`${name}: no JSON (exit ${r.code}): ${r.stderr.slice(-500)}`);
			}
			const { dropPct, meanUs } = dhcpulseFigures(doc);
			return {
				passed: dropPct < 1 && doc.rate.sent >= rate * 0.97,
				dropPct,
				sentPerS: doc.rate.sent,
				completedPerS: doc.rate.completed,
				meanUs,
				cpuS: r.cpuS,
				stall: `longest stall ${doc.maxStallMs} ms, ${doc.rate.skipped} written off`,
			};
		},
	};
}

function perfdhcp(name: string, threading: 'single' | 'multi'): Tool {
	return {
		name,
		async trial(info, kind, rate, seconds) {
			const v6 = kind === 'sarr6';
			const argv = (r: number, p: number, exitWaitUs: number): string[] => {
				const args = ['perfdhcp', v6 ? '-6' : '-4', '-r', String(r), '-R', String(CLIENTS), '-p', String(p), '-W', String(exitWaitUs), '-g', threading];
				if (kind === 'do4') args.push('-i');
				// A fixed base DUID: perfdhcp's default DUID-LLT carries the time, so every run would be new
				// clients and a few runs exhaust the lab's /112 pool (then every later knee falls).
				if (v6) args.push('-A', '1', '-b', 'duid=00030001020000aa0000', '-l', info.relayIface, info.relayServerAddr6);
				else args.push('-l', info.relayAddr4, info.relayServerAddr4);
				return args;
			};
			// The warm-up dhcpulse gets from --warm-up: the same clients at the same rate, just before.
			const warm = await inLab(info, argv(rate, WARM_UP_S, 100_000), { timeoutS: 30 });
			const r = await inLab(info, argv(rate, Math.max(1, Math.round(seconds)), 1_000_000), { timeoutS: seconds + 30 });
			// perfdhcp's drops = sent − received (in-flight included); with -W 1 s nothing stays in flight.
			const f = perfdhcpFigures(r.stdout);
			if (!f) throw new Error(`${name}: unexpected output (exit ${r.code}): ${(r.stdout + r.stderr).slice(-500)}`);
			const { dropPct, meanUs } = f;
			const sentPerS = f.stages[0]!.sent / Math.max(1, Math.round(seconds));
			return { passed: dropPct < 1 && sentPerS >= rate * 0.97, dropPct, sentPerS, completedPerS: f.rate, meanUs, cpuS: warm.cpuS + r.cpuS };
		},
	};
}

/**
 * Bisection for the highest passing rate, then confirmation: the knee counts only once a second
 * run at that rate passes too, stepping down 5 % at a time (at most 4 tries).
 */
class KneeSearch {
	private good = 0;
	private bad: number;
	private rate: number;
	private steps = 0;
	private confirming = -1;
	private confirmRate = 0;
	private restarts = 0;
	result: number | null = null;

	constructor(
		lo: number,
		private readonly hi: number,
	) {
		this.bad = hi;
		this.rate = lo;
	}

	/** The next rate to try, or null once the knee is known. */
	next(): number | null {
		if (this.result !== null) return null;
		return this.confirming >= 0 ? this.confirmRate : this.rate;
	}

	record(passed: boolean): void {
		if (this.confirming >= 0) {
			if (passed) this.result = this.confirmRate;
			else if (++this.confirming < 4) this.confirmRate = Math.round(this.confirmRate * 0.95);
			else if (this.restarts++ < 1 && this.confirmRate >= 200) {
				// The host moved under the search (the knee fell by more than 20 %): search again
				// below the last failure, once.
				this.bad = this.confirmRate;
				this.good = 0;
				this.rate = Math.round(this.confirmRate * 0.75);
				this.steps = 0;
				this.confirming = -1;
			} else this.result = 0;
			return;
		}
		const rate = this.rate;
		if (passed) this.good = rate;
		else this.bad = rate;
		this.steps++;
		if (this.good === 0 && !passed) {
			this.rate = Math.round(rate / 2);
			if (this.rate < 100) this.result = 0;
			else if (this.steps >= STEPS) this.result = 0;
			return;
		}
		this.rate = Math.round(this.bad === this.hi && this.good === rate ? Math.min(this.hi, rate * 1.5) : (this.good + this.bad) / 2);
		if (this.steps >= STEPS || this.bad - this.good <= Math.max(200, this.good * 0.03)) {
			this.confirming = 0;
			this.confirmRate = this.good;
			if (this.good === 0) this.result = 0;
		}
	}
}

/**
 * Each tool's knee, searched in lockstep: every step runs one trial of each tool, the order
 * alternating, so a host whose load drifts during the benchmark (CPU steal comes and goes)
 * weighs on every tool alike instead of on whichever ran its whole search in a bad minute.
 */
async function knees(info: LabInfo, tools: Tool[], kind: Kind, lo: number, hi: number): Promise<number[]> {
	const searches = tools.map(() => new KneeSearch(lo, hi));
	for (let step = 0; searches.some((k) => k.result === null); step++) {
		const order = tools.map((_, i) => i);
		if (step % 2 === 1) order.reverse();
		for (const i of order) {
			const rate = searches[i]!.next();
			if (rate === null) continue;
			searches[i]!.record((await trialOf(info, tools[i]!, kind, rate)).passed);
		}
	}
	return searches.map((k) => k.result!);
}

/**
 * The rough knees of a ladder's two tools (the first two of `tools`; any others are searched
 * once, as information). When those two lie more than ROUGH_APART apart, the host moved under one
 * of the searches, and a ladder centred between them would measure neither: both are searched
 * again, once, and the second pair is kept.
 */
async function roughKnees(info: LabInfo, tools: Tool[], kind: Kind, lo: number, hi: number): Promise<number[]> {
	const found = await knees(info, tools, kind, lo, hi);
	if (!roughApart(found[0]!, found[1]!)) return found;
	process.stderr.write(`  ${kind}: rough knees ${found[0]} and ${found[1]}/s are more than a factor of ${ROUGH_APART} apart; searching again\n`);
	return [...(await knees(info, tools.slice(0, 2), kind, lo, hi)), ...found.slice(2)];
}

/** Every ladder's trials, written with the results so a knee can be checked against its rungs. */
const ladders: { kind: Kind; tools: { name: string; rungs: Rung[]; knee: Knee }[] }[] = [];

interface LadderResult {
	knees: Knee[];
	rungs: Rung[][];
}

/** One trial, run again while the hypervisor took more than STEAL_MAX_PCT of the CPU (at most STEAL_RETRIES times). */
async function stealChecked(info: LabInfo, tool: Tool, kind: Kind, rate: number): Promise<Trial> {
	for (let attempt = 0; ; attempt++) {
		const before = cpuJiffies();
		const t = await tool.trial(info, kind, rate, RUN_S);
		t.stealPct = stealPctBetween(before, cpuJiffies());
		if (t.stealPct <= STEAL_MAX_PCT) return t;
		if (attempt === STEAL_RETRIES) {
			keptDespiteSteal++;
			return t;
		}
		rerunForSteal++;
		process.stderr.write(`  ${tool.name} ${kind} ${rate}/s: the hypervisor took ${t.stealPct} % of the CPU; again\n`);
		if (interrupted) throw new Error('interrupted');
	}
}

/** One trial (steal-checked), printed as it ends. */
async function trialOf(info: LabInfo, tool: Tool, kind: Kind, rate: number): Promise<Trial> {
	const t = await stealChecked(info, tool, kind, rate);
	process.stderr.write(`  ${tool.name} ${kind} ${rate}/s: ${t.passed ? 'pass' : 'fail'} (drops ${t.dropPct.toFixed(2)} %, sent ${Math.round(t.sentPerS)}/s${t.stall ? `; ${t.stall}` : ''}; steal ${t.stealPct} %)\n`);
	if (interrupted) throw new Error('interrupted');
	return t;
}

/**
 * Every tool's trials on a ladder of rates around `centre` (src/capacity/ladder.ts): LADDER_REPS rounds, each
 * over the rungs in a shuffled order, the tools alternating which goes first. When a tool's knee
 * lies beyond an end of the ladder, a rung is added beyond that end (for every tool alike), at
 * most twice each way.
 */
async function ladder(info: LabInfo, tools: Tool[], kind: Kind, centre: number): Promise<LadderResult> {
	const random = mulberry32(centre);
	const byRate = new Map<number, Rung[]>();
	let turn = 0;
	const run = async (rates: number[]): Promise<void> => {
		for (let rep = 0; rep < LADDER_REPS; rep++) {
			for (const rate of shuffled(rates, random)) {
				if (!byRate.has(rate))
					byRate.set(
						rate,
						tools.map(() => ({ rate, passed: 0, trials: 0 })),
					);
				const order = tools.map((_, i) => i);
				if (turn++ % 2 === 1) order.reverse();
				for (const i of order) {
					const t = await trialOf(info, tools[i]!, kind, rate);
					const r = byRate.get(rate)![i]!;
					r.trials++;
					if (t.passed) r.passed++;
				}
			}
		}
	};
	await run(rungs(centre, LADDER_HALF, LADDER_STEP));
	const result = (): LadderResult => {
		const rates = [...byRate.keys()].sort((a, b) => a - b);
		const perTool = tools.map((_, i) => rates.map((r) => byRate.get(r)![i]!));
		return { rungs: perTool, knees: perTool.map(kneeOf) };
	};
	for (let extra = 0; extra < 2; extra++) {
		const { knees: ks } = result();
		const rates = [...byRate.keys()];
		const step = Math.round((centre * LADDER_STEP) / 10) * 10;
		const more: number[] = [];
		if (ks.some((k) => k.censored === 'above')) more.push(Math.max(...rates) + step);
		if (ks.some((k) => k.censored === 'below') && Math.min(...rates) - step >= 100) more.push(Math.min(...rates) - step);
		if (more.length === 0) break;
		process.stderr.write(`  a knee lies beyond the ladder: adding ${more.join(', ')}/s\n`);
		await run(more);
	}
	const r = result();
	ladders.push({ kind, tools: tools.map((t, i) => ({ name: t.name, rungs: r.rungs[i]!, knee: r.knees[i]! })) });
	process.stderr.write(
		`  ${kind} ladder: ${tools.map((t, i) => `${t.name} ${r.rungs[i]!.map((g) => `${g.rate}:${g.passed}/${g.trials}`).join(' ')} → knee ${Math.round(r.knees[i]!.rate)}${r.knees[i]!.censored ? ` (${r.knees[i]!.censored} the ladder)` : ''}`).join('; ')}\n`,
	);
	return r;
}

/** Packets the interface sent while `body` ran. */
async function txPackets(info: LabInfo, body: () => Promise<unknown>): Promise<number> {
	const read = async (): Promise<number> => Number((await inLab(info, ['cat', `/sys/class/net/${info.relayIface}/statistics/tx_packets`])).stdout.trim());
	const before = await read();
	await body();
	return (await read()) - before;
}

interface Row extends ComparisonRow {
	/** Knee rows from a ladder: the ratio's 90 % bootstrap interval, and a knee beyond the ladder if any. */
	interval?: [number, number];
	censored?: string;
	met: boolean;
	/** What the reader must know to read the figure (printed after the verdict). */
	note?: string;
}

const rows: Row[] = [];
function row(what: string, ours: number, theirs: number, unit: string, target: string, met: (ratio: number) => boolean, extra: Pick<Row, 'interval' | 'censored' | 'note'> = {}): void {
	// No figure from one side (a knee search that found nothing) gives no ratio, and no verdict.
	const ratio = theirs > 0 && ours > 0 ? ours / theirs : NaN;
	const round3 = (x: number): number => Math.round(x * 1000) / 1000;
	const interval = extra.interval ? ([round3(extra.interval[0]), round3(extra.interval[1])] as [number, number]) : undefined;
	rows.push({
		what,
		dhcpulse: Math.round(ours * 100) / 100,
		perfdhcp: Math.round(theirs * 100) / 100,
		unit,
		ratio: round3(ratio),
		...(interval ? { interval } : {}),
		...(extra.censored ? { censored: extra.censored } : {}),
		target,
		met: Number.isFinite(ratio) && met(ratio),
		...(extra.note ? { note: extra.note } : {}),
	});
	process.stderr.write(
		`${what}: dhcpulse ${ours.toFixed(1)} ${unit}, perfdhcp ${theirs.toFixed(1)} ${unit}, ratio ${Number.isFinite(ratio) ? ratio.toFixed(3) : 'n/a'}${interval ? ` (90 % interval ${interval[0]}–${interval[1]})` : ''}${extra.censored ? ` [${extra.censored}]` : ''} (${target})${extra.note ? ` — ${extra.note}` : ''}\n`,
	);
}

/** A knee row from a ladder: tool `a` over tool `b`, with the bootstrap interval and any censored knee named. */
function kneeRow(what: string, l: LadderResult, a: number, b: number, names: [string, string], unit: string, target: string, met: (ratio: number) => boolean): void {
	const censored = [a, b]
		.map((i, j) => (l.knees[i]!.censored ? `${names[j]}'s knee is ${l.knees[i]!.censored} the ladder` : ''))
		.filter(Boolean)
		.join('; ');
	// Both knees beyond the same end: the ladder measured neither, so there is no ratio (not 1).
	const ka = l.knees[a]!;
	const kb = l.knees[b]!;
	if (ka.censored !== null && ka.censored === kb.censored) {
		row(what, 0, 0, unit, target, met, { censored });
		return;
	}
	row(what, ka.rate, kb.rate, unit, target, met, { interval: ratioInterval(l.rungs[a]!, l.rungs[b]!), ...(censored ? { censored } : {}) });
}

// On a VM whose host is busy, stolen CPU moves every knee; the figure is printed with the results.
const jiffiesAtStart = cpuJiffies();

/** Rounds of each tool at each rate past the knee, alternating which goes first. */
const PAST_ROUNDS = QUICK ? 3 : 5;

/**
 * Issue #21 goal 3: past the knee, dhcpulse completes at least what perfdhcp -g single does at the
 * same asked rate. Both asked 1.5× and 3× `knee` DORA/s (the higher of the two knees row 1 found),
 * alternating; each tool's completed exchanges a second, the median of its rounds.
 */
async function pastKnee(info: LabInfo, ours: Tool, single: Tool, knee: number): Promise<void> {
	for (const factor of [1.5, 3]) {
		const asked = Math.round((knee * factor) / 100) * 100;
		const done: [number[], number[]] = [[], []];
		for (let round = 0; round < PAST_ROUNDS; round++) {
			for (const k of round % 2 === 0 ? [0, 1] : [1, 0]) done[k]!.push((await trialOf(info, k === 0 ? ours : single, 'dora4', asked)).completedPerS);
		}
		row(`1. asked ${factor}× the knee (${asked} DORA/s): completed`, Math.round(medianOf(done[0])), Math.round(medianOf(done[1])), 'DORA/s', '≥ 1.0×', (r) => r >= 1.0, {
			note: `completed a run: dhcpulse ${done[0].map(Math.round).join(', ')}; perfdhcp ${done[1].map(Math.round).join(', ')}`,
		});
	}
}

/** The lab restarted with its generated configuration, but leases kept in memory only (--speed-kea). */
async function inMemory(info: LabInfo, key: 'Dhcp4' | 'Dhcp6'): Promise<LabInfo> {
	const config = JSON.parse(readFileSync(info.configFile, 'utf8')) as Record<string, { 'lease-database': { persist: boolean } }>;
	config[key]!['lease-database'].persist = false;
	const file = join(tmp, `${info.name}-in-memory.json`);
	writeFileSync(file, JSON.stringify(config, null, 2));
	return labRestart(info.name, { config: file });
}

const name4 = `bench-perf4-${process.pid}`.slice(0, 32);
const name6 = `bench-perf6-${process.pid}`.slice(0, 32);
let interrupted = false;
process.on('SIGINT', () => {
	interrupted = true;
});
try {
	process.stderr.write(`bench:perf ${QUICK ? '(quick) ' : ''}— labs up\n`);
	let v4 = await labUp({ name: name4, server: 'kea4' });
	let v6 = await labUp({ name: name6, server: 'kea6' });
	if (SPEED_KEA) [v4, v6] = [await inMemory(v4, 'Dhcp4'), await inMemory(v6, 'Dhcp6')];
	await new Promise((r) => setTimeout(r, 2000));
	const ours = dhcpulse('dhcpulse');
	const single = perfdhcp('perfdhcp -g single', 'single');
	const multi = perfdhcp('perfdhcp (default)', 'multi');
	// Every row, in order; --past-knee N runs only row 1's overload part, around a knee measured before.
	const allRows = async (): Promise<void> => {
		// 1. DORA knee: placed by bisection (all four tools), then each of the two compared on a ladder.
		const hi4 = 40_000;
		const cold = dhcpulse('dhcpulse (no warm-up)', { warm: false });
		const [ourRough, singleRough, multiDora = 0, coldDora = 0] = await roughKnees(v4, QUICK ? [ours, single] : [ours, single, multi, cold], 'dora4', 8000, hi4);
		const dora = await ladder(v4, [ours, single], 'dora4', centreOf(ourRough!, singleRough!));
		kneeRow('1. v4 DORA knee (< 1 % drops) vs -g single', dora, 0, 1, ['dhcpulse', 'perfdhcp'], 'DORA/s', '≥ 1.0×', (r) => r >= 1.0);
		const ourDora = dora.knees[0]!.rate;
		const singleDora = dora.knees[1]!.rate;
		row('1. the same by bisection alone, one trial a step', ourRough!, singleRough!, 'DORA/s', 'info', () => true);
		await pastKnee(v4, ours, single, Math.max(ourDora, singleDora));
		if (!QUICK) {
			// By bisection: the ladder is for the two tools the target compares.
			row('1. v4 DORA knee vs perfdhcp default (bisection)', ourRough!, multiDora, 'DORA/s', 'info', () => true);
			// Both figures are dhcpulse's: the "dhcpulse" column holds the knee without --warm-up, "perfdhcp" the one with it.
			row('1. v4 DORA knee without --warm-up ÷ with (bisection)', coldDora, ourRough!, 'DORA/s', 'info', () => true);
		}

		// 2. 2-way and SARR knees, the same way.
		const [ourDo, singleDo] = await roughKnees(v4, [ours, single], 'do4', 15000, 90_000);
		kneeRow('2. v4 DO (2-way) knee vs -g single', await ladder(v4, [ours, single], 'do4', centreOf(ourDo!, singleDo!)), 0, 1, ['dhcpulse', 'perfdhcp'], 'DO/s', '≥ 1.0×', (r) => r >= 1.0);
		row('2. the same by bisection alone', ourDo!, singleDo!, 'DO/s', 'info', () => true);
		const [ourSarr, singleSarr] = await roughKnees(v6, [ours, single], 'sarr6', 8000, 50_000);
		kneeRow('2. v6 SARR knee vs -g single', await ladder(v6, [ours, single], 'sarr6', centreOf(ourSarr!, singleSarr!)), 0, 1, ['dhcpulse', 'perfdhcp'], 'SARR/s', '≥ 1.0×', (r) => r >= 1.0);
		row('2. the same by bisection alone', ourSarr!, singleSarr!, 'SARR/s', 'info', () => true);

		// 3. Generator ceiling toward a blackhole: a static neighbour entry so packets really leave (lab-facts).
		const hole = '198.19.0.250';
		await inLab(v4, ['ip', 'neigh', 'replace', hole, 'lladdr', '02:00:00:00:00:fe', 'dev', v4.relayIface, 'nud', 'permanent']);
		const ceilS = 5;
		/** Packets per second each tool put on the wire toward the blackhole, 2-way, a million clients. */
		const ourCeiling = async (locals: string[], rate: number): Promise<number> =>
			(await txPackets(v4, () =>
				inLab(
					v4,
					[
						process.execPath,
						BIN,
						'perf',
						hole,
						'-l',
						locals.join(','),
						...(locals.length > 1 ? ['--workers', String(locals.length)] : []),
						'-i',
						'-r',
						String(rate),
						'-R',
						'1000000',
						'-p',
						String(ceilS),
						'-d',
						'1',
						'-W',
						'0',
						'--no-dashboard',
					],
					{ timeoutS: 60 },
				),
			)) / ceilS;
		const theirCeiling = async (rate: number): Promise<number> =>
			(await txPackets(v4, () => inLab(v4, ['perfdhcp', '-4', '-i', '-r', String(rate), '-R', '1000000', '-p', String(ceilS), '-l', v4.relayAddr4, hole], { timeoutS: 60 }))) / ceilS;
		const oursTx = await ourCeiling([v4.relayAddrs4[0]!, v4.relayAddrs4[1]!], 100_000);
		const theirsTx = await theirCeiling(100_000);
		row('3. generator ceiling, packets/s on the wire (dhcpulse 2 workers vs perfdhcp default)', oursTx, theirsTx, 'pkt/s', '≥ 1.5×', (r) => r >= 1.5);
		row('3. generator ceiling, one dhcpulse thread vs perfdhcp default', await ourCeiling([v4.relayAddr4], 100_000), theirsTx, 'pkt/s', 'info', () => true);
		// At -r 100000 dhcpulse sends exactly what is asked, so the row above is capped at 100,000/s
		// however fast it could go (perfdhcp reached 69,922/s once: a 1.43 cap). Asked twice as much,
		// both tools show their real ceiling (as information).
		row('3. generator ceiling at -r 200000, one dhcpulse thread vs perfdhcp default', await ourCeiling([v4.relayAddr4], 200_000), await theirCeiling(200_000), 'pkt/s', 'info', () => true);

		// 4. Latency and CPU at 6,000 DORA/s: alternating pairs, each tool's median run. One run's mean
		// is at the mercy of the host's second (at 6,000/s, five runs of one tool measured 0.2 to 6.6 ms
		// in one benchmark), and a mean of means follows its worst run. Also, as information, at half the lower
		// DORA knee, where the server is not saturated and latency is the tools' own.
		const pairs = async (mine: Tool, rate: number): Promise<[Trial[], Trial[]]> => {
			const o: Trial[] = [];
			const s_: Trial[] = [];
			for (let i = 0; i < PAIRS; i++) {
				const first = i % 2 === 0;
				if (first) o.push(await stealChecked(v4, mine, 'dora4', rate));
				s_.push(await stealChecked(v4, single, 'dora4', rate));
				if (!first) o.push(await stealChecked(v4, mine, 'dora4', rate));
			}
			const runs = (ts: Trial[]): string => ts.map((t) => `${Math.round(t.meanUs)} µs/${t.cpuS.toFixed(2)} s`).join(', ');
			process.stderr.write(`  at ${rate}/s, mean latency/CPU of each run: ${mine.name} ${runs(o)}; ${single.name} ${runs(s_)}\n`);
			return [o, s_];
		};
		const median = (ts: Trial[], f: (t: Trial) => number): number => medianOf(ts.map(f));
		// --busy-poll never sleeps while sending (the default polls with naps from 1,000/s); shown beside it.
		const busy = dhcpulse('dhcpulse --busy-poll', { extra: ['--busy-poll'] });
		const at = 6000;
		const [o4, s4] = await pairs(ours, at);
		// The target assumes 6,000/s is well below the server's knee (lab-facts: ~25,000/s on a quiet
		// host). Where it is not, a run's mean is how long Kea's queue was, which flips between
		// sub-millisecond and 10+ ms from one run to the next for either tool (session 10: 199 µs to
		// 12.1 ms among five perfdhcp runs), and the row says so.
		const nearKnee = at >= 0.9 * Math.min(ourDora, singleDora);
		const spread = (ts: Trial[]): string => `${Math.round(Math.min(...ts.map((t) => t.meanUs)))}–${Math.round(Math.max(...ts.map((t) => t.meanUs)))} µs`;
		row(
			`4. mean latency at ${at} DORA/s (lower is better; ratio = ours ÷ theirs)`,
			median(o4, (t) => t.meanUs),
			median(s4, (t) => t.meanUs),
			'µs',
			'≤ 1.2×',
			(r) => r <= 1.2,
			nearKnee
				? {
						note: `${at}/s is within 10 % of this host's DORA knees or above them (${Math.round(ourDora)} and ${Math.round(singleDora)}/s): the means measure Kea's queue (runs: dhcpulse ${spread(o4)}, perfdhcp ${spread(s4)})`,
					}
				: {},
		);
		row(
			`4. CPU seconds for ${WARM_UP_S} s of warm-up and ${RUN_S} s at ${at} DORA/s (ours ÷ theirs)`,
			median(o4, (t) => t.cpuS),
			median(s4, (t) => t.cpuS),
			'CPU s',
			'info (lower is better)',
			() => true,
		);
		const [b4, sb4] = await pairs(busy, at);
		row(
			`4. mean latency at ${at} DORA/s, dhcpulse --busy-poll`,
			median(b4, (t) => t.meanUs),
			median(sb4, (t) => t.meanUs),
			'µs',
			'info',
			() => true,
		);
		const half = Math.round(Math.min(ourDora!, singleDora!) / 2 / 100) * 100;
		if (half >= 500) {
			const [oh, sh] = await pairs(ours, half);
			row(
				`4. mean latency at ${half} DORA/s (half the lower knee)`,
				median(oh, (t) => t.meanUs),
				median(sh, (t) => t.meanUs),
				'µs',
				'info',
				() => true,
			);
			const [bh, sbh] = await pairs(busy, half);
			row(
				`4. mean latency at ${half} DORA/s, dhcpulse --busy-poll`,
				median(bh, (t) => t.meanUs),
				median(sbh, (t) => t.meanUs),
				'µs',
				'info',
				() => true,
			);
		}

		// 5. Knee with the dashboard on a pseudo-terminal vs without, on a ladder around row 1's knee.
		const dash = dhcpulse('dhcpulse (dashboard)', { tty: true });
		// Both figures are dhcpulse's: the "dhcpulse" column holds the dashboard's knee, "perfdhcp" the plain one.
		kneeRow('5. DORA knee with the dashboard ÷ without', await ladder(v4, [ours, dash], 'dora4', Math.max(1000, ourDora)), 1, 0, ['with the dashboard', 'without'], 'DORA/s', '≥ 0.95×', (r) => r >= 0.95);
	};
	if (PAST_KNEE !== null) await pastKnee(v4, ours, single, PAST_KNEE);
	else await allRows();
} finally {
	await labDown(name4);
	await labDown(name6);
}

const jiffiesAtEnd = cpuJiffies();
const stealPct = stealPctBetween(jiffiesAtStart, jiffiesAtEnd);
const width = Math.max(...rows.map((r) => r.what.length));
console.log(
	`\nbench:perf${QUICK ? ' --quick' : ''}${SPEED_KEA ? ' --speed-kea' : ''}: Kea 2.2 single-threaded in a namespace lab (leases ${SPEED_KEA ? 'in memory only' : 'written to its lease file'}), ${CLIENTS} clients, ${RUN_S} s runs (each after a ${WARM_UP_S} s warm-up at its rate, both tools; knee rows: ${LADDER_REPS} trials a tool at each of ${2 * LADDER_HALF + 1} rungs ${LADDER_STEP * 100} % apart; latency rows: the median of ${PAIRS} alternating pairs), node ${process.version}, dhcpulse ${fastUdpStatus}`,
);
console.log(`${'comparison'.padEnd(width)}  ${'dhcpulse'.padStart(10)}  ${'perfdhcp'.padStart(10)}  unit      ratio   target`);
console.log(
	`CPU steal during the benchmark: ${stealPct} % of all CPU time${stealPct >= 5 ? ' (the host is busy: knees and latencies are noisy; compare ratios, not absolute figures)' : ''}; ${rerunForSteal} trials run again because the hypervisor took more than ${STEAL_MAX_PCT} % of the CPU during them, ${keptDespiteSteal} kept after ${STEAL_RETRIES} retries`,
);
for (const r of rows) {
	const ratio = Number.isFinite(r.ratio) ? r.ratio.toFixed(3) : 'n/a';
	const verdict = r.target.startsWith('info') ? '' : r.met ? '  met' : Number.isFinite(r.ratio) ? '  NOT MET' : '  no figure';
	const interval = r.interval ? `  (90 % interval ${r.interval[0].toFixed(3)}–${r.interval[1].toFixed(3)}${r.censored ? `; ${r.censored}` : ''})` : '';
	console.log(
		`${r.what.padEnd(width)}  ${String(r.dhcpulse).padStart(10)}  ${String(r.perfdhcp).padStart(10)}  ${r.unit.padEnd(8)}  ${ratio.padStart(6)}  ${r.target}${verdict}${interval}${r.note ? `  (${r.note})` : ''}`,
	);
}
mkdirSync(RESULTS, { recursive: true });
const file = join(RESULTS, `perf-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
	file,
	`${JSON.stringify({ quick: QUICK, speedKea: SPEED_KEA, node: process.version, udp: fastUdpStatus, runS: RUN_S, clients: CLIENTS, stealPct, rerunForSteal, keptDespiteSteal, rows, ladders }, null, 2)}\n`,
);
console.log(`written to ${file}`);
