/**
 * Runs a load run: opens the shards (worker threads in relay mode, or one engine in this thread),
 * splits the rate, the client population and -n between them, collects and merges their counters
 * and histograms into a PerfSnapshot every quarter second, decides when to stop (-p, -n, -D, a
 * signal, `q`), drains for the exit wait, evaluates the thresholds, and drives the presenters:
 * the Ink dashboard or plain interval lines, the final report, --json, --hdr-log and --pcap.
 */
import { writeFileSync } from 'node:fs';
import { ExitCode, UserError } from '../exit-codes.js';
import { flushLogs, getLogger, Msg, registerStatusProvider } from '../log/index.js';
import type { Option } from '../codec/option-space.js';
import { addBucketCounts, newHistogram, type Histogram, type LatencySummary } from '../stats/latency.js';
import { latencyBuckets } from '../ui/buckets.js';
import { formatReport, type ThresholdResult } from '../ui/report.js';
import { plainLine, plainStartLine } from '../ui/plain.js';
import { addCounters, emptyCounters, identityHolds, LatencyRecord, type ExchangeDef } from './accounting.js';
import { shares, type Mac48 } from './clients.js';
import type { ShardPartial, ShardSettings } from './engine.js';
import { HdrLog } from './hdr-log.js';
import { perfJson } from './json.js';
import { mergeParts, partPath } from './pcap-tap.js';
import type { LeaseType } from './scenario6.js';
import { openShards, type ShardHandle } from './shards.js';
import type { ExchangeCounters, ExchangeSnapshot, PerfEvent, PerfSnapshot, RunState } from './snapshot.js';

const log = getLogger('dhcpulse.perf');

export type PerfPath = { kind: 'relay'; locals: string[]; server: string } | { kind: 'onlink'; iface: string };

export interface PerfThresholds {
	maxDropPct: number | null;
	maxP99Ms: number | null;
	minRate: number | null;
}

export interface PerfConfig {
	family: 4 | 6;
	/** basic: open-loop pacing at -r; avalanche: every client at once with retransmission (engine.ts). */
	scenario: 'basic' | 'avalanche';
	path: PerfPath;
	localPort: number;
	serverPort: number;
	rate: number;
	renewRate: number;
	releaseRate: number;
	clients: number;
	twoWay: boolean;
	baseMac: Mac48;
	baseDuid: Uint8Array | null;
	seed: number | null;
	dropTimeS: number;
	reportIntervalS: number;
	periodS: number | null;
	numRequests: number | null;
	maxDrop: { count: number } | { pct: number } | null;
	exitWaitS: number;
	preload: number;
	/** --warm-up: seconds of uncounted exchanges at warmUpRate before the measured run (0: none). */
	warmUpS: number;
	warmUpRate: number;
	options: Option[];
	leaseType: LeaseType;
	rapidCommit: boolean;
	relayLevels: number;
	workers: number;
	/** Keep each sending loop turning instead of sleeping between sends (one core per worker). */
	busyPoll: boolean;
	json: string | null;
	hdrLog: string | null;
	pcap: string | null;
	thresholds: PerfThresholds;
	/** Mount the Ink dashboard (the command decides with shouldUseDashboard). */
	dashboard: boolean;
	/** Settings as the user sees them, for the JSON document. */
	echo: Record<string, unknown>;
}

export interface PerfResult {
	snapshot: PerfSnapshot;
	exitReason: string;
	exitCode: number;
	thresholds: ThresholdResult[];
	identityHolds: boolean;
}

/** How often shards are collected: exit conditions and the dashboard react within this. */
const COLLECT_MS = 250;
const HISTORY = 120;
const EVENTS = 50;

function modeOf(c: PerfConfig): string {
	const suffix = c.scenario === 'avalanche' ? ' avalanche' : '';
	if (c.family === 4) return (c.twoWay ? 'DO (2-way)' : 'DORA') + suffix;
	if (c.rapidCommit) return `SA (rapid commit)${suffix}`;
	return (c.twoWay ? 'SA (2-way)' : 'SARR') + suffix;
}

/**
 * The avalanche's clients from the counters: each is done once its last stage settled, or its
 * first failed. `finalIndex` is the REQUEST stage's index, 0 when the run is 2-way.
 */
export function avalancheProgress(counters: readonly ExchangeCounters[], finalIndex: number): NonNullable<PerfSnapshot['avalanche']> {
	const first = counters[0]!;
	const second = finalIndex > 0 ? counters[finalIndex]! : null;
	const failedFirst = first.rejected + first.timeouts;
	const provisioned = second ? second.ok : first.ok;
	const done = failedFirst + (second ? second.ok + second.rejected + second.timeouts : first.ok);
	return { done, provisioned, retransmits: counters.reduce((n, x) => n + x.retransmits, 0) };
}

function targetOf(c: PerfConfig, workers: number): string {
	const port = c.serverPort;
	if (c.path.kind === 'relay') {
		const locals = c.path.locals.slice(0, workers);
		const server = c.family === 6 ? `[${c.path.server}]` : c.path.server;
		return `relay ${locals.join(',')} → ${server}:${port}`;
	}
	return c.family === 4 ? `on-link ${c.path.iface} → 255.255.255.255:${port}` : `on-link ${c.path.iface} → [ff02::1:2]:${port}`;
}

/** Splits the run into shard settings: rate, clients and -n shared out, one local address each. */
export function planShards(c: PerfConfig): ShardSettings[] {
	const n = c.workers;
	const clientShares = shares(c.clients, n);
	const requestShares = c.numRequests === null ? null : shares(c.numRequests, n);
	const preloadShares = shares(c.preload, n);
	let first = 0;
	return clientShares.map((count, k) => {
		const s: ShardSettings = {
			shard: k,
			family: c.family,
			path: c.path.kind === 'relay' ? { kind: 'relay', local: c.path.locals[k]!, server: c.path.server } : { kind: 'onlink', iface: c.path.iface },
			localPort: c.localPort,
			serverPort: c.serverPort,
			rate: c.rate / n,
			renewRate: c.renewRate / n,
			releaseRate: c.releaseRate / n,
			twoWay: c.twoWay,
			clientFirst: first,
			clientCount: count,
			baseMac: c.baseMac,
			baseDuid: c.baseDuid,
			seed: c.seed === null ? null : c.seed + k,
			dropTimeS: c.dropTimeS,
			numRequests: requestShares ? requestShares[k]! : null,
			periodS: c.periodS,
			preload: preloadShares[k]!,
			warmUpS: c.warmUpS,
			warmUpRate: c.warmUpRate / n,
			options: c.options,
			leaseType: c.leaseType,
			rapidCommit: c.rapidCommit,
			relayLevels: c.relayLevels,
			busyPoll: c.busyPoll,
			pcapFile: c.pcap === null ? null : n === 1 ? c.pcap : partPath(c.pcap, k),
			// Large enough that a catch-up burst never meets it (the rate control bounds bursts).
			sendWindow: 8192,
			recvBufferSize: 8 * 1024 * 1024,
			avalanche: c.scenario === 'avalanche',
		};
		first += count;
		return s;
	});
}

export interface PerfIo {
	/** Interval lines and the final report (stderr when the JSON document owns stdout). */
	out: (text: string) => void;
	/** Ink dashboard starter (lazy-loaded by the command so plain runs never load React). */
	startDashboard?: typeof import('../ui/live.js').startDashboard;
}

export async function runPerf(c: PerfConfig, io: PerfIo): Promise<PerfResult> {
	const shardSettings = planShards(c);
	// One shard without a dashboard runs in this thread: the coordinator's work is a few sparse
	// merges and a line a second, while a worker thread costs ~0.4 s of CPU to start, and on a
	// 2-core machine every extra busy thread takes turns from the sender or the server under test
	// (perf sched, with our threads held to one core: the sending thread waited up to 12 ms for
	// it). Raw sockets cannot leave this thread at all (anchors-ecosystem.md B2).
	const dashboard = c.dashboard && io.startDashboard !== undefined;
	const inProcess = (c.path.kind === 'onlink' && c.family === 4) || (shardSettings.length === 1 && !dashboard);
	const shards = await openShards(shardSettings, inProcess);
	const defs: ExchangeDef[] = shards[0]!.defs;
	const finalIndex = Math.max(0, defs.findIndex((d) => d.name === 'RA' || d.name === 'RR'));
	const latency = defs.map(() => new LatencyRecord());
	const all: Histogram = newHistogram();
	// The warm-up's latencies take the same merges and summaries into histograms nobody reads, so
	// that code is compiled when the measured run begins (engine.ts, ShardPartial.warmHistograms).
	const warmLatency = defs.map(() => new LatencyRecord());
	const warmAll: Histogram = newHistogram();
	const events: PerfEvent[] = [];
	let counters: ExchangeCounters[] = defs.map(() => emptyCounters());
	let sendErrors = 0;
	let sendingS = 0;
	let warmUpStarted = 0;
	/** A stop came during the warm-up: the measured run never started. */
	let warmUpCut = false;
	let skipped = 0;
	let maxStallMs = 0;
	let asked = c.rate;
	let state: RunState = 'starting';
	let paused = false;
	const history: { sent: number; completed: number }[] = [];
	let intervalRate = { sent: 0, completed: 0, shortfall: false };
	const startWallMs = Date.now();
	let t0 = performance.now();
	// The run's clock starts when the measured run does, after any warm-up.
	const elapsed = (): number => (state === 'warming' ? 0 : (performance.now() - t0) / 1000);
	let stopReason: string | null = null;
	let stoppedAtS: number | null = null;
	let shortfallWarned = -Infinity;
	const hdrLog = c.hdrLog ? new HdrLog(c.hdrLog, startWallMs, `dhcpulse perf ${modeOf(c)} ${targetOf(c, shards.length)}, values in µs`) : null;

	const event = (level: PerfEvent['level'], text: string): void => {
		events.push({ atS: Math.round(elapsed() * 10) / 10, level, text });
		if (events.length > EVENTS) events.shift();
	};
	for (const s of shards) for (const w of s.warnings) event('warn', w);

	// Log-spaced buckets take ~10 ms to build: once per report interval, not per dashboard frame.
	let buckets = latencyBuckets(all);
	const snapshot = (): PerfSnapshot => {
		const e = state === 'done' && stoppedAtS !== null ? stoppedAtS : elapsed();
		const first = counters[0]!;
		let progress: number | null = null;
		if (c.periodS !== null) progress = Math.min(1, e / c.periodS);
		if (c.numRequests !== null) progress = Math.max(progress ?? 0, Math.min(1, first.sent / c.numRequests));
		const avalanche = c.scenario === 'avalanche' ? avalancheProgress(counters, finalIndex) : null;
		if (avalanche) progress = Math.max(progress ?? 0, Math.min(1, avalanche.done / c.clients));
		return {
			state,
			family: c.family,
			target: targetOf(c, shards.length),
			mode: modeOf(c),
			workers: shards.length,
			clients: c.clients,
			elapsedS: Math.round(e * 1000) / 1000,
			progress,
			avalanche,
			limit: { periodS: c.periodS, requests: c.numRequests },
			warmUp: c.warmUpS > 0 ? { seconds: c.warmUpS, rate: c.warmUpRate, started: warmUpStarted, cut: warmUpCut } : null,
			rate: { asked, sent: intervalRate.sent, completed: intervalRate.completed, shortfall: intervalRate.shortfall, history: history.slice() },
			exchanges: defs.map((d, i) => {
				const x = { ...counters[i]!, name: d.name, label: d.label, expectsReply: d.expectsReply, intervalLatencyUs: latency[i]!.intervalSummary() } as ExchangeSnapshot;
				// The whole-run summary walks the whole-run histogram: computed when a presenter reads
				// it (the dashboard, the report, JSON, SIGUSR1), not for every plain interval line,
				// so the main thread takes less CPU from the server under test on a small machine.
				let whole: LatencySummary | null = null;
				Object.defineProperty(x, 'latencyUs', { enumerable: true, get: () => (whole ??= latency[i]!.summary()) });
				return x;
			}),
			histogram: buckets,
			events: events.slice(),
			sendErrors,
		};
	};

	const merge = (partials: ShardPartial[]): void => {
		const next = defs.map(() => emptyCounters());
		let errors = 0;
		for (const p of partials) {
			p.counters.forEach((cnt, i) => addCounters(next[i]!, cnt));
			p.histograms.forEach((b, i) => {
				latency[i]!.add(b);
				addBucketCounts(all, b);
			});
			p.warmHistograms.forEach((b, i) => {
				const w = warmLatency[i]!;
				w.add(b);
				addBucketCounts(warmAll, b);
				w.intervalSummary();
				w.resetInterval();
			});
			errors += p.sendErrors;
		}
		sendingS = Math.max(...partials.map((p) => p.sendingS));
		warmUpStarted = partials.reduce((n, p) => n + p.warmUpStarted, 0);
		skipped = partials.reduce((n, p) => n + p.skipped, 0);
		for (const p of partials) if (p.sendingS > 0 && p.maxStallMs > maxStallMs && p.doneSending === false) maxStallMs = p.maxStallMs;
		counters = next;
		sendErrors = errors;
	};

	const unregister = registerStatusProvider('perf', () => {
		const s = snapshot();
		return {
			state: s.state,
			elapsedS: s.elapsedS,
			target: s.target,
			rate: { asked: s.rate.asked, sent: s.rate.sent, completed: s.rate.completed },
			exchanges: Object.fromEntries(s.exchanges.map((x) => [x.name, { sent: x.sent, ok: x.ok, rejected: x.rejected, timeouts: x.timeouts, late: x.late, orphans: x.orphans, duplicates: x.duplicates, retransmits: x.retransmits, inFlight: x.inFlight, p50Us: x.latencyUs.p50, p99Us: x.latencyUs.p99 }])),
			sendErrors: s.sendErrors,
		};
	});

	const requestStop = (reason: string): void => {
		if (stopReason === null) stopReason = reason;
	};
	const onSigint = (): void => requestStop('interrupted (SIGINT)');
	const onSigterm = (): void => requestStop('interrupted (SIGTERM)');
	process.on('SIGINT', onSigint);
	process.on('SIGTERM', onSigterm);

	const setPaused = (p: boolean): void => {
		if (state !== 'running' && state !== 'paused') return;
		paused = p;
		state = p ? 'paused' : 'running';
		for (const s of shards) s.setPaused(p);
		event('info', p ? 'sending paused' : 'sending resumed');
	};
	const setRate = (rate: number): void => {
		if (!(rate > 0)) return;
		if (c.scenario === 'avalanche') {
			// Every client starts at once: there is no asked rate for + / - to change (nor a shortfall to claim).
			event('info', 'the avalanche has no rate to change');
			return;
		}
		asked = rate;
		const n = shards.length;
		for (const s of shards) s.setRates(rate / n, c.renewRate / n, c.releaseRate / n);
		event('info', `asked rate changed to ${Math.round(rate)}/s`);
	};

	let ui: ReturnType<NonNullable<PerfIo['startDashboard']>> | null = null;
	if (c.dashboard && io.startDashboard) {
		ui = io.startDashboard({ initial: snapshot(), onQuit: () => requestStop('stopped by user (q)'), onTogglePause: () => setPaused(!paused), onRateChange: setRate });
	} else {
		io.out(`${plainStartLine(snapshot())}\n`);
	}

	log.info(Msg.PERF_RUN_STARTED, modeOf(c), targetOf(c, shards.length), c.scenario === 'avalanche' ? 'all at once' : `${asked}/s`, c.clients, shards.length);
	t0 = performance.now();
	for (const s of shards) s.start();
	state = c.warmUpS > 0 ? 'warming' : 'running';

	let lastReportS = 0;
	let lastFirstSent = 0;
	let lastFinalOk = 0;
	let drainStartS: number | null = null;

	const report = (at: number): void => {
		// Once sending stopped, the interval's rates are over the time it was still sending.
		const nowS = drainStartS === null ? at : Math.max(lastReportS, Math.min(at, sendingS));
		const dt = nowS - lastReportS;
		if (dt <= 0.001) return;
		const firstSent = counters[0]!.sent;
		const finalOk = counters[finalIndex]!.ok;
		const sent = (firstSent - lastFirstSent) / dt;
		const completed = (finalOk - lastFinalOk) / dt;
		// One packet either way is timer granularity, not a shortfall.
		const shortfall = state === 'running' && asked > 0 && sent < asked * 0.98 - 2 / dt;
		intervalRate = { sent: Math.round(sent), completed: Math.round(completed), shortfall };
		history.push({ sent: intervalRate.sent, completed: intervalRate.completed });
		if (history.length > HISTORY) history.shift();
		if (shortfall) {
			event('warn', `rate not reached: asked ${Math.round(asked)}/s, sent ${Math.round(sent)}/s`);
			if (nowS - shortfallWarned >= 10) {
				shortfallWarned = nowS;
				log.warn(Msg.PERF_RATE_NOT_REACHED, Math.round(sent), Math.round(asked));
			}
		}
		if (hdrLog) latency.forEach((l, i) => hdrLog.interval(defs[i]!.name, l.interval, lastReportS, nowS));
		// Only the dashboard draws the histogram; the final report rebuilds it once at the end.
		if (ui) buckets = latencyBuckets(all);
		const s = snapshot();
		if (ui) ui.update(s);
		else io.out(`${plainLine(s)}\n`);
		latency.forEach((l) => l.resetInterval());
		lastReportS = nowS;
		lastFirstSent = firstSent;
		lastFinalOk = finalOk;
	};

	const drops = (): { timeouts: number; settled: number; sent: number } => {
		let timeouts = 0;
		let settled = 0;
		let sent = 0;
		defs.forEach((d, i) => {
			if (!d.expectsReply) return;
			const x = counters[i]!;
			timeouts += x.timeouts;
			settled += x.ok + x.rejected + x.timeouts;
			sent += x.sent;
		});
		return { timeouts, settled, sent };
	};

	try {
		for (;;) {
			// While draining, look often: the run ends as soon as nothing is in flight.
			// The period's end is met on time, not up to a collection late.
			const toPeriodMs = c.periodS !== null && drainStartS === null ? Math.max(1, (c.periodS - elapsed()) * 1000 + 5) : Infinity;
			await new Promise((r) => setTimeout(r, drainStartS === null ? Math.min(COLLECT_MS, toPeriodMs) : 20));
			const partials = await Promise.all(shards.map((s) => s.collect()));
			merge(partials);
			if (state === 'warming' && partials.every((p) => !p.warming)) {
				// Each shard began its measured run at the end of its warm-up, sendingS ago.
				t0 = performance.now() - sendingS * 1000;
				state = 'running';
				event('info', `warm-up done: ${warmUpStarted} exchanges in ${c.warmUpS} s, not counted`);
			}
			const nowS = elapsed();
			if (drainStartS === null) {
				if (partials.every((p) => p.doneSending)) {
					if (c.periodS !== null && sendingS >= c.periodS - 1e-6) requestStop(`period reached (-p ${c.periodS})`);
					else if (c.scenario === 'avalanche') requestStop('every client done (avalanche)');
					else requestStop(`num-request reached (-n ${c.numRequests})`);
				}
				if (c.maxDrop) {
					const d = drops();
					const hit = 'count' in c.maxDrop ? d.timeouts >= c.maxDrop.count : d.sent > 10 && d.settled > 0 && (d.timeouts / d.settled) * 100 >= c.maxDrop.pct;
					if (hit) {
						requestStop(`max-drop reached (-D ${'count' in c.maxDrop ? c.maxDrop.count : `${c.maxDrop.pct}%`})`);
						log.warn(Msg.PERF_MAX_DROP_REACHED, d.timeouts, d.settled);
					}
				}
				if (stopReason !== null) {
					if (state === 'warming') {
						warmUpCut = true;
						t0 = performance.now();
					}
					drainStartS = nowS;
					stoppedAtS = nowS;
					for (const s of shards) s.stopSending();
					state = 'draining';
					event('info', `${stopReason}; waiting up to ${c.exitWaitS} s for answers`);
				}
			} else {
				const inFlight = counters.reduce((n, x) => n + x.inFlight, 0);
				if (inFlight === 0 || nowS - drainStartS >= c.exitWaitS) break;
			}
			if (nowS - lastReportS >= c.reportIntervalS) report(nowS);
			else if (ui) ui.update(snapshot());
		}
		const finals = await Promise.all(shards.map((s) => s.finish()));
		merge(finals);
	} finally {
		process.off('SIGINT', onSigint);
		process.off('SIGTERM', onSigterm);
		unregister();
	}
	const endS = elapsed();
	// Sending time as the shards measured it (they stop themselves at -p / -n, to the millisecond).
	stoppedAtS = warmUpCut ? 0 : Math.min(sendingS > 0 ? sendingS : endS, endS);
	if (hdrLog) {
		latency.forEach((l, i) => hdrLog.interval(defs[i]!.name, l.interval, lastReportS, endS));
		hdrLog.close();
	}
	state = 'done';
	buckets = latencyBuckets(all);
	const drainS = Math.round((endS - stoppedAtS) * 1000) / 1000;
	// The final rates are whole-run averages over the sending time (not the drain).
	intervalRate = { sent: Math.round(counters[0]!.sent / sendingS), completed: Math.round(counters[finalIndex]!.ok / sendingS), shortfall: counters[0]!.sent < asked * sendingS * 0.98 - 2 };
	const final = snapshot();
	if (ui) await ui.stop(final);
	if (c.pcap && shards.length > 1) mergeParts(c.pcap, shardSettings.map((s) => s.pcapFile!));

	const thresholds = evaluateThresholds(c.thresholds, final, sendingS);
	const identity = final.exchanges.every((e) => identityHolds(e, e.expectsReply));
	if (!identity) log.error(Msg.PERF_IDENTITY_BROKEN, JSON.stringify(final.exchanges.map((e) => [e.name, e.sent, e.ok, e.rejected, e.timeouts, e.inFlight])));
	let exitReason = `${stopReason ?? 'ended'}; drained ${drainS.toFixed(3)} s`;
	let exitCode: number = ExitCode.OK;
	const replying = final.exchanges.filter((e) => e.expectsReply);
	const answered = replying.some((e) => e.ok + e.rejected > 0);
	if (thresholds.some((t) => !t.passed)) exitCode = ExitCode.CRITICAL;
	if ((stopReason as string | null)?.startsWith('max-drop')) exitCode = ExitCode.CRITICAL;
	if (final.exchanges[0]!.sent > 0 && !answered) {
		exitCode = ExitCode.CRITICAL;
		exitReason += '; nothing answered';
	}
	if (!identity) exitCode = ExitCode.CRITICAL;
	io.out(formatReport(final, { exitReason, thresholds }));
	log.info(Msg.PERF_RUN_FINISHED, exitReason, exitCode);
	if (c.json !== null) {
		const doc = `${JSON.stringify(perfJson(final, { durationS: Math.round(sendingS * 1000) / 1000, drainS, skipped, maxStallMs, exitReason, exitCode, thresholds, settings: { ...c.echo, udp: shards[0]!.udpPath } }), null, 2)}\n`;
		if (c.json === '-') process.stdout.write(doc);
		else {
			try {
				writeFileSync(c.json, doc);
			} catch (error) {
				throw new UserError(`--json ${c.json}: cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
			}
		}
	}
	flushLogs();
	return { snapshot: final, exitReason, exitCode, thresholds, identityHolds: identity };
}

/**
 * --max-drop-pct: timeouts ÷ settled requests over every exchange that expects replies;
 * --max-p99: the p99 latency of each such exchange that got answers; --min-rate: completed
 * exchanges (final stage ok) per second of sending.
 */
export function evaluateThresholds(t: PerfThresholds, s: PerfSnapshot, sendingS: number): ThresholdResult[] {
	const out: ThresholdResult[] = [];
	const replying = s.exchanges.filter((e) => e.expectsReply);
	if (t.maxDropPct !== null) {
		const timeouts = replying.reduce((n, e) => n + e.timeouts, 0);
		const settled = replying.reduce((n, e) => n + e.ok + e.rejected + e.timeouts, 0);
		const pct = settled > 0 ? (timeouts / settled) * 100 : 0;
		out.push({ name: 'drops %', limit: `${t.maxDropPct} %`, value: `${pct.toFixed(3)} %`, passed: pct <= t.maxDropPct });
	}
	if (t.maxP99Ms !== null) {
		for (const e of replying) {
			if (e.latencyUs.count === 0) continue;
			const ms = e.latencyUs.p99 / 1000;
			out.push({ name: `p99 ${e.label}`, limit: `${t.maxP99Ms} ms`, value: `${ms.toFixed(3)} ms`, passed: ms <= t.maxP99Ms });
		}
	}
	if (t.minRate !== null) {
		const final = s.exchanges.find((e) => e.name === 'RA' || e.name === 'RR') ?? s.exchanges[0]!;
		const rate = sendingS > 0 ? final.ok / sendingS : 0;
		out.push({ name: `completed rate (${final.name})`, limit: `${t.minRate}/s`, value: `${rate.toFixed(1)}/s`, passed: rate >= t.minRate });
	}
	return out;
}

