/**
 * The generator's own capacity, dhcpulse beside perfdhcp -g single, against a responder that is
 * never the limit (npm run bench:capacity; issue #21):
 *
 *   a. Ceiling: each tool asked 100,000 DORA/s on one core; completed exchanges/s and timeouts,
 *      the median of ROUNDS alternating rounds. Target (issue #21) ≥ 3.0× perfdhcp.
 *   b. Capacity and overload: each tool's capacity (the highest rate with < 1 % timeouts and
 *      ≥ 97 % of the asked rate sent, by bisection, the tools in lockstep), then each asked 2×
 *      and 10× its own capacity: what share of its capacity it still completes, and its timeouts.
 *      Target: ≥ 90 % of capacity with < 1 % timeouts (no collapse).
 *   c. The ceiling of the 2-way exchange (-i, DISCOVER-OFFER; asked 200,000/s, since dhcpulse
 *      sends all of 100,000), and of DHCPv6 SARR (relayed).
 *   d. dhcpulse's ceiling with --workers 2 on both cores beside --workers 1 on one (target
 *      ≥ 1.8×); the responder keeps CPU 0, so the two workers share it with the responder.
 *   e. What the dashboard costs: dhcpulse's CPU per 1,000 completed exchanges in the steady state
 *      (runs of 3 s and 12 s, their difference), asked 50,000 DORA/s, on a pseudo-terminal (the
 *      dashboard drawn) against --no-dashboard, alternating, and the fixed cost a run of each.
 *   f. The kernel's CPU per sent datagram on this machine (sendcost.c: sendto, and sendmmsg in
 *      batches of 16), alternating: the floor under any generator's cost per request, and what
 *      batching sends would save.
 *
 * The responder (responder.c, built here with the system compiler) runs in the lab's server
 * namespace pinned to CPU 0, after the lab's Kea is stopped; each tool runs in the client
 * namespace pinned to CPU 1 (taskset), dhcpulse with --workers 1 (one shard, in its main
 * thread). Every run lasts RUN_S seconds (dhcpulse after a 1 s --warm-up) and is killed past
 * a time limit; every packet stays between the lab's two namespaces.
 *
 * On a 2-vCPU VM shared with other work the machine's speed moves by a third within minutes
 * (lab-facts.md), so only ratios of alternating runs mean anything: each row is printed as
 * dhcpulse ÷ perfdhcp with the load average and CPU steal during its runs, and the responder's
 * CPU share (it must stay well below 100 % for the row to measure the tools). Each run also
 * counts the datagrams the kernel dropped at a full receive buffer (Udp RcvbufErrors) in each
 * namespace: in the client's, answers the tool did not read in time; in the server's, requests
 * the responder could not take, because its core was shared (at load 13, 22,049 in one run):
 * a row with any is marked, since the responder was a limit too. Everything is written to
 * benchmarks/results/capacity-<time>.json.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labUp, type LabInfo } from '../../src/lab/index.js';
import { cpuJiffies, dhcpulseFigures, inLab, loadAverage, median, perfdhcpFigures, stealPctBetween, type ComparisonRow, type PerfJson } from './tools.js';

const BIN = fileURLToPath(new URL('../../bin/dhcpulse.js', import.meta.url));
const SOURCE = fileURLToPath(new URL('./responder.c', import.meta.url));
const SEND_COST_SOURCE = fileURLToPath(new URL('./sendcost.c', import.meta.url));
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const ROUNDS = 3;
const RUN_S = 3;
const WARM_UP_S = 1;
const ASKED = 100_000;
/** The 2-way exchange's ceiling is asked more: dhcpulse sent all of 100,000 DO/s (session 12). */
const ASKED_2WAY = 200_000;
/** The rate at which the dashboard's cost is measured (issue #21: nothing measurable at 50,000/s). */
const DASHBOARD_RATE = 50_000;
/** The longer runs of row e, whose difference from RUN_S's is the steady state. */
const DASHBOARD_LONG_S = 12;
const CLIENTS = 50_000;
/** Bisection steps for a capacity, on a log scale between CAP_LO and ASKED (6 steps: within ~7 %). */
const CAP_STEPS = 6;
const CAP_LO = 2_000;
/** The responder's core and the tools' core. */
const RESPONDER_CPU = '0';
const TOOL_CPU = '1';
// perfdhcp's default DUID-LLT carries the time; a fixed one keeps its clients the same between runs (run.ts).
const PERFDHCP_DUID = 'duid=00030001020000aa0000';

type Kind = 'dora4' | 'do4' | 'sarr6';
type ToolName = 'dhcpulse' | 'perfdhcp';

interface Run {
	tool: ToolName;
	kind: Kind;
	asked: number;
	sentPerS: number;
	completedPerS: number;
	timeoutPct: number;
	cpuS: number;
	load: number;
	stealPct: number;
	/** The responder's CPU over the run, in per cent of its core. */
	responderPct: number;
	/**
	 * Datagrams the kernel dropped because a socket's receive buffer was full (Udp RcvbufErrors,
	 * /proc/net/snmp), in the client namespace (the tool's answers, lost before it read them) and
	 * in the server namespace (the responder's requests: then the responder was the limit).
	 */
	toolDrops: number;
	responderDrops: number;
	/** dhcpulse only: what its JSON says about the sending loop. */
	maxStallMs?: number;
	skipped?: number;
	/** Held back by admission control, and the longest an answer lay unread (ms; null without arrival stamps). */
	heldBack?: number;
	maxQueuedMs?: number | null;
	sendErrors?: number;
	p99Us?: number;
}

const tmp = join(tmpdir(), `dhcpulse-bench-capacity-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const runs: Run[] = [];
let runNo = 0;
let interrupted = false;
process.on('SIGINT', () => {
	interrupted = true;
});

/** The responder's user + system CPU ticks (/proc/PID/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(f[11]) + Number(f[12]);
}
/** Receive-buffer drops of a namespace, IPv4 and IPv6: Udp RcvbufErrors (/proc/net/snmp) + Udp6RcvbufErrors (/proc/net/snmp6). */
function rcvbufErrors(netns: string): number {
	const text = execFileSync('ip', ['netns', 'exec', netns, 'cat', '/proc/net/snmp', '/proc/net/snmp6'], { encoding: 'utf8' });
	const lines = text.split('\n').filter((l) => l.startsWith('Udp:'));
	const v4 = Number(lines[1]!.split(/\s+/)[lines[0]!.split(/\s+/).indexOf('RcvbufErrors')]);
	const v6 = /^Udp6RcvbufErrors\s+(\d+)/m.exec(text);
	return v4 + (v6 ? Number(v6[1]) : 0);
}
const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Starts the responder for `addr` in the server namespace on RESPONDER_CPU; its counters come on stderr at SIGTERM. */
function startResponder(info: LabInfo, binary: string, addr: string): { child: ChildProcess; stderr: () => string } {
	// ip netns exec and taskset both exec, so the child's pid is the responder's.
	const child = spawn('ip', ['netns', 'exec', info.serverNetns, 'taskset', '-c', RESPONDER_CPU, binary, addr], { stdio: ['ignore', 'ignore', 'pipe'] });
	let err = '';
	child.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
	return { child, stderr: () => err };
}

/** One run of a tool at `asked`/s, pinned to TOOL_CPU. */
/** `workers` and `dashboard` (on a pseudo-terminal) are dhcpulse's; the default is one worker without the dashboard. */
async function runOnce(
	info: LabInfo,
	responderPid: number,
	tool: ToolName,
	kind: Kind,
	asked: number,
	{ workers = 1, dashboard = false, seconds = RUN_S }: { workers?: 1 | 2; dashboard?: boolean; seconds?: number } = {},
): Promise<Run> {
	const v6 = kind === 'sarr6';
	const twoWay = kind === 'do4' ? ['-i'] : [];
	const json = join(tmp, `run-${runNo++}.json`);
	const argv =
		tool === 'dhcpulse'
			? [
					// Two workers take both cores (the responder's too); one is pinned to the tools' core.
					...(workers === 2 ? [] : ['taskset', '-c', TOOL_CPU]),
					process.execPath,
					BIN,
					'perf',
					...(v6 ? ['-6', info.relayServerAddr6] : [info.relayServerAddr4]),
					...twoWay,
					'-r',
					String(asked),
					'-R',
					String(CLIENTS),
					'-p',
					String(seconds),
					'--warm-up',
					String(WARM_UP_S),
					'--workers',
					String(workers),
					...(dashboard ? [] : ['--no-dashboard']),
					'--json',
					json,
				]
			: // -W 1 s: perfdhcp counts what is still in flight as drops; dhcpulse waits up to -d (1 s) too.
				[
					'taskset',
					'-c',
					TOOL_CPU,
					'perfdhcp',
					v6 ? '-6' : '-4',
					...twoWay,
					'-r',
					String(asked),
					'-R',
					String(CLIENTS),
					'-p',
					String(RUN_S),
					'-W',
					'1000000',
					'-g',
					'single',
					...(v6 ? ['-A', '1', '-b', PERFDHCP_DUID, '-l', info.relayIface, info.relayServerAddr6] : ['-l', info.relayAddr4, info.relayServerAddr4]),
				];
	const load = loadAverage();
	const jiffies = cpuJiffies();
	const ticks = cpuTicks(responderPid);
	const drops0 = [rcvbufErrors(info.clientNetns), rcvbufErrors(info.serverNetns)];
	const started = performance.now();
	const r = await inLab(info, argv, { tty: dashboard, timeoutS: seconds + WARM_UP_S + 30 });
	const wallS = (performance.now() - started) / 1000;
	const toolDrops = rcvbufErrors(info.clientNetns) - drops0[0]!;
	const responderDrops = rcvbufErrors(info.serverNetns) - drops0[1]!;
	const responderPct = Math.round(((cpuTicks(responderPid) - ticks) / TICKS_PER_S / wallS) * 1000) / 10;
	const stealPct = stealPctBetween(jiffies, cpuJiffies());
	let run: Run;
	if (tool === 'dhcpulse') {
		let doc: PerfJson;
		try {
			doc = JSON.parse(readFileSync(json, 'utf8'));
		} catch {
			throw new Error(`dhcpulse: no JSON (exit ${r.code}): ${r.stderr.slice(-500)}`);
		}
		const last = Object.values(doc.exchanges)
			.filter((e) => e.expectsReply)
			.at(-1)!;
		run = {
			tool,
			kind,
			asked,
			sentPerS: doc.rate.sent,
			completedPerS: doc.rate.completed,
			timeoutPct: dhcpulseFigures(doc).dropPct,
			cpuS: r.cpuS,
			load,
			stealPct,
			responderPct,
			toolDrops,
			responderDrops,
			maxStallMs: doc.maxStallMs,
			skipped: doc.rate.skipped,
			heldBack: doc.generator?.heldBack,
			maxQueuedMs: doc.generator?.maxQueuedMs ?? null,
			sendErrors: doc.sendErrors,
			p99Us: last.latencyUs.p99,
		};
	} else {
		const f = perfdhcpFigures(r.stdout);
		if (!f) throw new Error(`perfdhcp: unexpected output (exit ${r.code}): ${(r.stdout + r.stderr).slice(-500)}`);
		// Completed: the last stage's answers over the period (its Rate line also divides by -W).
		run = { tool, kind, asked, sentPerS: f.stages[0]!.sent / RUN_S, completedPerS: f.stages.at(-1)!.received / RUN_S, timeoutPct: f.dropPct, cpuS: r.cpuS, load, stealPct, responderPct, toolDrops, responderDrops };
	}
	runs.push(run);
	const extra =
		run.maxStallMs !== undefined
			? `; longest stall ${run.maxStallMs} ms, ${run.skipped} written off, ${run.heldBack} held back (answers unread ${run.maxQueuedMs} ms at most), ${run.sendErrors} send errors, p99 ${run.p99Us} µs`
			: '';
	process.stderr.write(
		`  ${tool} ${kind} asked ${asked}/s: sent ${Math.round(run.sentPerS)}/s, completed ${Math.round(run.completedPerS)}/s, timeouts ${run.timeoutPct.toFixed(2)} %${extra}; socket drops: tool ${toolDrops}, responder ${responderDrops}; responder ${run.responderPct} % of its core; load ${load}, steal ${stealPct} %\n`,
	);
	if (interrupted) throw new Error('interrupted');
	return run;
}

/** ROUNDS rounds of both tools at the rates `askedOf` gives each, the first tool alternating. */
async function alternating(run: (tool: ToolName, asked: number) => Promise<Run>, askedOf: (tool: ToolName) => number): Promise<Record<ToolName, Run[]>> {
	const out: Record<ToolName, Run[]> = { dhcpulse: [], perfdhcp: [] };
	for (let round = 0; round < ROUNDS; round++) {
		const order: ToolName[] = round % 2 === 0 ? ['dhcpulse', 'perfdhcp'] : ['perfdhcp', 'dhcpulse'];
		for (const tool of order) out[tool].push(await run(tool, askedOf(tool)));
	}
	return out;
}

/** A run passes when timeouts stay under 1 % and ≥ 97 % of the asked rate was sent (run.ts's rule). */
const passes = (r: Run): boolean => r.timeoutPct < 1 && r.sentPerS >= r.asked * 0.97;

/** Each tool's capacity by bisection on a log scale, the tools in lockstep (alternating first). */
async function capacities(run: (tool: ToolName, asked: number) => Promise<Run>): Promise<Record<ToolName, number>> {
	const bounds: Record<ToolName, { good: number; bad: number }> = { dhcpulse: { good: CAP_LO, bad: ASKED }, perfdhcp: { good: CAP_LO, bad: ASKED } };
	for (let step = 0; step < CAP_STEPS; step++) {
		const order: ToolName[] = step % 2 === 0 ? ['dhcpulse', 'perfdhcp'] : ['perfdhcp', 'dhcpulse'];
		for (const tool of order) {
			const b = bounds[tool];
			const rate = Math.round(Math.sqrt(b.good * b.bad) / 100) * 100;
			if (passes(await run(tool, rate))) b.good = rate;
			else b.bad = rate;
		}
	}
	return { dhcpulse: bounds.dhcpulse.good, perfdhcp: bounds.perfdhcp.good };
}

interface Row extends ComparisonRow {
	/** Mean one-minute load average and CPU steal over the row's runs, and the responder's highest CPU share. */
	load: number;
	stealPct: number;
	responderMaxPct: number;
	/** Requests the responder's socket dropped over the row's runs: more than none, and the responder was a limit too. */
	responderDrops: number;
	note?: string;
}
const rows: Row[] = [];
function row(what: string, figures: Record<ToolName, number>, unit: string, target: string, of: Run[], note?: string): void {
	const ratio = figures.perfdhcp > 0 ? figures.dhcpulse / figures.perfdhcp : NaN;
	const mean = (f: (r: Run) => number): number => Math.round((of.reduce((a, r) => a + f(r), 0) / Math.max(1, of.length)) * 10) / 10;
	const r: Row = {
		what,
		dhcpulse: Math.round(figures.dhcpulse * 10) / 10,
		perfdhcp: Math.round(figures.perfdhcp * 10) / 10,
		unit,
		ratio: Math.round(ratio * 1000) / 1000,
		target,
		load: mean((x) => x.load),
		stealPct: mean((x) => x.stealPct),
		responderMaxPct: of.length > 0 ? Math.max(...of.map((x) => x.responderPct)) : 0,
		responderDrops: of.reduce((a, x) => a + x.responderDrops, 0),
		...(note ? { note } : {}),
	};
	rows.push(r);
	process.stderr.write(
		`${what}: dhcpulse ${r.dhcpulse} ${unit}, perfdhcp ${r.perfdhcp} ${unit}, ratio ${Number.isFinite(ratio) ? r.ratio.toFixed(3) : 'n/a'} (${target}); load ${r.load}, steal ${r.stealPct} %${r.responderDrops > 0 ? `; the responder's socket dropped ${r.responderDrops} requests (its core was shared: it was a limit too)` : ''}${note ? ` — ${note}` : ''}\n`,
	);
}
const medianOf = (rs: Run[], f: (r: Run) => number): number => median(rs.map(f));
/** CPU milliseconds a run per 1,000 exchanges completed in its measured period (the warm-up's and start-up's CPU included). */
const cpuPerThousand = (r: Run): number => (r.cpuS * 1e6) / Math.max(1, r.completedPerS * RUN_S);
/**
 * Each tool's CPU seconds a run (the process tree, bash's time) beside its completed exchanges:
 * on a shared machine a tool pinned to a core gets only part of it, and what it did with the CPU
 * it got is the steadier figure. dhcpulse's include its 1 s warm-up and Node's start-up, never
 * counted as completed; perfdhcp -g single spins between sends from 10,000/s (anchors-perfdhcp.md §3).
 */
const cpuNote = (c: Record<ToolName, Run[]>): string =>
	`CPU a run dhcpulse ${medianOf(c.dhcpulse, (r) => r.cpuS).toFixed(2)} s, perfdhcp ${medianOf(c.perfdhcp, (r) => r.cpuS).toFixed(2)} s; completed a CPU-second dhcpulse ${Math.round(medianOf(c.dhcpulse, (r) => (r.completedPerS * RUN_S) / r.cpuS))}, perfdhcp ${Math.round(medianOf(c.perfdhcp, (r) => (r.completedPerS * RUN_S) / r.cpuS))} (medians)`;

const binary = join(tmp, 'responder');
// -O2, as the issue's measurements: the responder must never be the limit.
execFileSync('cc', ['-O2', '-Wall', '-o', binary, SOURCE], { stdio: 'inherit' });
const sendCost = join(tmp, 'sendcost');
execFileSync('cc', ['-O2', '-Wall', '-o', sendCost, SEND_COST_SOURCE], { stdio: 'inherit' });
const name = `cap-${process.pid}`.slice(0, 32);
const loadAtStart = loadAverage();
const jiffiesAtStart = cpuJiffies();
const responders: ReturnType<typeof startResponder>[] = [];
try {
	process.stderr.write(`bench:capacity — lab ${name} up (load average ${loadAtStart}${loadAtStart >= 0.5 ? ': not a quiet machine, compare ratios only' : ''})\n`);
	const info = await labUp({ name, server: 'kea4' });
	// The lab's Kea would answer on 198.19.0.1:67 too and take CPU: stop it, the responder takes its place.
	if (info.pid) process.kill(info.pid, 'SIGTERM');
	for (let i = 0; i < 50 && info.pid && existsSync(`/proc/${info.pid}`); i++) await new Promise((r) => setTimeout(r, 100));
	const v4 = startResponder(info, binary, info.relayServerAddr4);
	const v6 = startResponder(info, binary, info.relayServerAddr6);
	responders.push(v4, v6);
	await new Promise((r) => setTimeout(r, 500));
	for (const r of responders) if (r.child.exitCode !== null) throw new Error(`the responder exited: ${r.stderr()}`);
	const on = (kind: Kind) => (tool: ToolName, asked: number) => runOnce(info, (kind === 'sarr6' ? v6 : v4).child.pid!, tool, kind, asked);

	// a. Ceiling, DORA.
	const ceiling = await alternating(on('dora4'), () => ASKED);
	const ceilingRow = (what: string, c: Record<ToolName, Run[]>, unit: string): void => {
		row(
			what,
			{ dhcpulse: medianOf(c.dhcpulse, (r) => r.completedPerS), perfdhcp: medianOf(c.perfdhcp, (r) => r.completedPerS) },
			unit,
			'≥ 3.0×',
			[...c.dhcpulse, ...c.perfdhcp],
			`timeouts dhcpulse ${medianOf(c.dhcpulse, (r) => r.timeoutPct).toFixed(1)} %, perfdhcp ${medianOf(c.perfdhcp, (r) => r.timeoutPct).toFixed(1)} %; ${cpuNote(c)}`,
		);
	};
	ceilingRow(`a. ceiling asked ${ASKED} DORA/s, completed (median of ${ROUNDS})`, ceiling, 'DORA/s');

	// b. Capacity, then overload at 2× and 10× each tool's own.
	const capRuns = runs.length;
	const cap = await capacities(on('dora4'));
	row('b. capacity (< 1 % timeouts, ≥ 97 % sent; bisection)', cap, 'DORA/s', '≥ 3.0×', runs.slice(capRuns));
	for (const factor of [2, 10]) {
		const over = await alternating(on('dora4'), (tool) => Math.min(1_000_000, cap[tool] * factor));
		const share = (tool: ToolName): number => (cap[tool] > 0 ? (medianOf(over[tool], (r) => r.completedPerS) / cap[tool]) * 100 : 0);
		// Completed well above the capacity: the host sped up since the search (its load moves by a
		// third within minutes, lab-facts.md), and the row measured the drift, not an overload.
		const drift = (['dhcpulse', 'perfdhcp'] as const).filter((t) => share(t) > 110);
		const driftNote = drift.length > 0 ? `; ${drift.join(' and ')} completed over 110 % of the capacity found: the host sped up since the search, so this was no overload` : '';
		row(
			`b. asked ${factor}× own capacity: completed, % of capacity`,
			{ dhcpulse: share('dhcpulse'), perfdhcp: share('perfdhcp') },
			'%',
			'≥ 90 % with < 1 % timeouts',
			[...over.dhcpulse, ...over.perfdhcp],
			`timeouts dhcpulse ${medianOf(over.dhcpulse, (r) => r.timeoutPct).toFixed(1)} %, perfdhcp ${medianOf(over.perfdhcp, (r) => r.timeoutPct).toFixed(1)} % (asked ${cap.dhcpulse * factor} and ${cap.perfdhcp * factor}/s); ${cpuNote(over)}${driftNote}`,
		);
	}

	// c. 2-way and v6 SARR ceilings.
	ceilingRow(`c. 2-way (-i) ceiling asked ${ASKED_2WAY}/s, completed`, await alternating(on('do4'), () => ASKED_2WAY), 'DO/s');
	ceilingRow(`c. v6 SARR (relayed) ceiling asked ${ASKED}/s, completed`, await alternating(on('sarr6'), () => ASKED), 'SARR/s');

	// d. --workers 2 beside --workers 1, dhcpulse alone, alternating.
	const workerRuns: Record<'one' | 'two', Run[]> = { one: [], two: [] };
	for (let round = 0; round < ROUNDS; round++) {
		for (const w of round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) workerRuns[w === 1 ? 'one' : 'two'].push(await runOnce(info, v4.child.pid!, 'dhcpulse', 'dora4', ASKED, { workers: w }));
	}
	const oneW = medianOf(workerRuns.one, (r) => r.completedPerS);
	const twoW = medianOf(workerRuns.two, (r) => r.completedPerS);
	row(
		`d. dhcpulse --workers 2 (both cores, the responder's too) ÷ --workers 1, asked ${ASKED} DORA/s`,
		{ dhcpulse: twoW, perfdhcp: oneW },
		'DORA/s',
		'≥ 1.8×',
		[...workerRuns.one, ...workerRuns.two],
		`the "perfdhcp" column is dhcpulse --workers 1 here; timeouts ${medianOf(workerRuns.two, (r) => r.timeoutPct).toFixed(1)} % and ${medianOf(workerRuns.one, (r) => r.timeoutPct).toFixed(1)} %`,
	);

	// e. What the dashboard costs at DASHBOARD_RATE DORA/s: dhcpulse alone, on a pseudo-terminal or
	// not, in runs of RUN_S and DASHBOARD_LONG_S seconds, alternating. The difference between the two
	// lengths is the steady state's CPU; what is left of a run's CPU is its fixed cost (start-up, the
	// worker thread the dashboard puts the shard in, loading Ink).
	const dash: Record<'on' | 'off', Record<'short' | 'long', Run[]>> = { on: { short: [], long: [] }, off: { short: [], long: [] } };
	for (let round = 0; round < ROUNDS; round++) {
		for (const on of round % 2 === 0 ? [true, false] : [false, true]) {
			for (const len of ['short', 'long'] as const)
				dash[on ? 'on' : 'off'][len].push(await runOnce(info, v4.child.pid!, 'dhcpulse', 'dora4', DASHBOARD_RATE, { dashboard: on, seconds: len === 'short' ? RUN_S : DASHBOARD_LONG_S }));
		}
	}
	const steady = (w: 'on' | 'off'): { perThousandMs: number; fixedS: number } => {
		const [short, long] = [dash[w].short, dash[w].long];
		const cpu = medianOf(long, (r) => r.cpuS) - medianOf(short, (r) => r.cpuS);
		const done = medianOf(long, (r) => r.completedPerS * DASHBOARD_LONG_S) - medianOf(short, (r) => r.completedPerS * RUN_S);
		const perThousandMs = (cpu * 1e6) / Math.max(1, done);
		return { perThousandMs, fixedS: medianOf(short, (r) => r.cpuS) - (perThousandMs / 1e6) * medianOf(short, (r) => r.completedPerS * RUN_S) };
	};
	const [withDash, withoutDash] = [steady('on'), steady('off')];
	row(
		`e. dhcpulse CPU per 1,000 completed in the steady state, asked ${DASHBOARD_RATE} DORA/s, dashboard on ÷ off`,
		{ dhcpulse: withDash.perThousandMs, perfdhcp: withoutDash.perThousandMs },
		'CPU ms',
		'≈ 1.0 (costs nothing measurable)',
		[...dash.on.short, ...dash.on.long, ...dash.off.short, ...dash.off.long],
		`the "perfdhcp" column is dhcpulse without the dashboard; fixed cost a run ${withDash.fixedS.toFixed(2)} s and ${withoutDash.fixedS.toFixed(2)} s; ${RUN_S} s runs ${medianOf(dash.on.short, cpuPerThousand).toFixed(1)} and ${medianOf(dash.off.short, cpuPerThousand).toFixed(1)} CPU ms per 1,000 all told; timeouts ${medianOf(dash.on.long, (r) => r.timeoutPct).toFixed(1)} % and ${medianOf(dash.off.long, (r) => r.timeoutPct).toFixed(1)} %`,
	);

	// f. The kernel's CPU per sent datagram, sendto against sendmmsg(16), alternating.
	const perDatagram: Record<'sendto' | 'sendmmsg', number[]> = { sendto: [], sendmmsg: [] };
	for (let round = 0; round < 2 * ROUNDS; round++) {
		for (const batch of round % 2 === 0 ? [1, 16] : [16, 1]) {
			const r = await inLab(info, ['taskset', '-c', TOOL_CPU, sendCost, info.relayAddr4, info.relayServerAddr4, '300000', String(batch)], { timeoutS: 60 });
			const us = Number(r.stdout.trim().split(' ')[1]);
			if (!Number.isFinite(us)) throw new Error(`sendcost: unexpected output (exit ${r.code}): ${(r.stdout + r.stderr).slice(-300)}`);
			perDatagram[batch === 1 ? 'sendto' : 'sendmmsg'].push(us);
			process.stderr.write(`  sendcost batch ${batch}: ${us} µs of CPU a datagram\n`);
		}
	}
	const sendto = median(perDatagram.sendto);
	const sendmmsg = median(perDatagram.sendmmsg);
	row(
		'f. kernel CPU per sent datagram (C sender): sendmmsg(16) ÷ sendto',
		{ dhcpulse: sendmmsg, perfdhcp: sendto },
		'µs',
		'information',
		[],
		`the "dhcpulse" column is sendmmsg, "perfdhcp" sendto; at sendto's cost the sends alone cap one core at ${Math.round(1e6 / (2 * sendto))} DORA or SARR/s (2 sends an exchange), before any receiving`,
	);
} finally {
	for (const r of responders) r.child.kill('SIGTERM');
	await new Promise((r) => setTimeout(r, 300));
	for (const r of responders) process.stderr.write(`  ${r.stderr().trim().split('\n').join('\n  ')}\n`);
	await labDown(name);
}

const stealPct = stealPctBetween(jiffiesAtStart, cpuJiffies());
const width = Math.max(...rows.map((r) => r.what.length));
console.log(
	`\nbench:capacity: responder on CPU ${RESPONDER_CPU}, each tool on CPU ${TOOL_CPU} (dhcpulse --workers 1, perfdhcp -g single), ${RUN_S} s runs, ${CLIENTS} clients, node ${process.version}; load average ${loadAtStart} at the start, CPU steal ${stealPct} % overall`,
);
console.log(`${'row'.padEnd(width)}  ${'dhcpulse'.padStart(9)}  ${'perfdhcp'.padStart(9)}  unit     ratio  load  steal  responder≤  resp. drops  target`);
for (const r of rows) {
	console.log(
		`${r.what.padEnd(width)}  ${String(r.dhcpulse).padStart(9)}  ${String(r.perfdhcp).padStart(9)}  ${r.unit.padEnd(7)}  ${(Number.isFinite(r.ratio) ? r.ratio.toFixed(3) : 'n/a').padStart(5)}  ${r.load.toFixed(1).padStart(4)}  ${`${r.stealPct} %`.padStart(5)}  ${`${r.responderMaxPct} %`.padStart(10)}  ${String(r.responderDrops).padStart(11)}  ${r.target}${r.note ? `  (${r.note})` : ''}`,
	);
}
mkdirSync(RESULTS, { recursive: true });
const file = join(RESULTS, `capacity-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ node: process.version, runS: RUN_S, rounds: ROUNDS, asked: ASKED, clients: CLIENTS, loadAtStart, stealPct, rows, runs }, null, 2)}\n`);
console.log(`written to ${file}`);
