/**
 * The run loop of a load run: opens the shards (worker threads in relay mode, or one engine in
 * this thread), starts them, and every quarter second collects and merges their counters
 * (aggregate.ts), lets the lifecycle (lifecycle.ts) decide what happens next, and hands
 * snapshots to the observers the command passed in (observer.ts). At the end it judges the run
 * (verdict.ts) and lets the observers finish. It knows no output, no signal and no file: the
 * command owns those.
 */
import { UserError } from '../exit-codes.js';
import { getLogger, Msg } from '../log/index.js';
import { latencyBuckets } from '../stats/buckets.js';
import type { LatencySummary } from '../stats/latency.js';
import { RunAggregate } from './aggregate.js';
import type { ExchangeCounters } from './accounting.js';
import { modeOf, targetOf, type PerfConfig } from './config.js';
import { IntervalRates } from './interval-rates.js';
import { buildLedger, type Ledger, type LedgerReading } from './ledger.js';
import type { LedgerSource } from './ledger-source.js';
import { askedOver, RunLifecycle, type Happening } from './lifecycle.js';
import type { IntervalReport, PerfObserver, RunHandle, RunOutcome } from './observer.js';
import { planShards, rateShare } from './plan.js';
import { stageRateAt } from './shapes/stages.js';
import { openShards as openShardsDefault, type ShardHandle } from './shards.js';
import type { ExchangeSnapshot, PerfEvent, PerfSnapshot } from './snapshot.js';
import { generatorLimited, judge } from './verdict.js';

const log = getLogger('dhcpulse.perf');

/** Events kept for the dashboard. */
const EVENTS = 50;

export interface RunOptions {
	observers: readonly PerfObserver[];
	/**
	 * Run the one shard in this thread (no worker): the coordinator's work is a few sparse merges
	 * and a line a second, while a worker thread costs ~0.4 s of CPU to start, and on a 2-core
	 * machine every extra busy thread takes turns from the sender or the server under test (perf
	 * sched, with our threads held to one core: the sending thread waited up to 12 ms for it). The
	 * command asks for a worker when a live dashboard shares this thread. Raw sockets (on-link
	 * DHCPv4) always run here: they cannot leave this thread (raw-socket polls on the main thread's event loop; loaded in a worker its sends never complete).
	 */
	inProcess: boolean;
	/** Tests may open shards of their own. */
	openShards?: typeof openShardsDefault;
	/** Called once the run can be stopped (signals may arrive from then on). */
	onHandle?: (run: RunHandle) => void;
	/** ms, monotonic; tests pass a fake. */
	clockMs?: () => number;
	/** Reads the server's statistics and the kernel's counters before, during and after the run, for the loss ledger. */
	ledger?: LedgerSource;
}

/** The avalanche's clients from the counters: each is done once its last stage settled, or its first failed. */
export function avalancheProgress(counters: readonly ExchangeCounters[], finalIndex: number): NonNullable<PerfSnapshot['avalanche']> {
	const first = counters[0]!;
	const second = finalIndex > 0 ? counters[finalIndex]! : null;
	const failedFirst = first.rejected + first.timeouts;
	const provisioned = second ? second.ok : first.ok;
	const done = failedFirst + (second ? second.ok + second.rejected + second.timeouts : first.ok);
	return { done, provisioned, retransmits: counters.reduce((n, x) => n + x.retransmits, 0) };
}

/** The one line that says why not one request could be sent, and what to change. */
export function unsendable(f: { code: string; from: string; to: string }, c: Pick<PerfConfig, 'path'>): string {
	const from = c.path.kind === 'relay' ? 'the relay address' : 'the interface';
	if (f.code === 'ENETUNREACH' || f.code === 'EHOSTUNREACH') return `no route from ${f.from} to ${f.to} (${f.code}): the server must be reachable from ${from}`;
	if (f.code === 'EACCES' || f.code === 'EPERM') return `sending from ${f.from} to ${f.to} is not allowed (${f.code}): a broadcast address needs the broadcast flag, or a firewall rule refuses it`;
	return `every send from ${f.from} to ${f.to} failed (${f.code})`;
}

export interface PerfResult extends RunOutcome {
	exitCode: number;
	exitReason: string;
	identityHolds: boolean;
}

export async function runPerf(c: PerfConfig, options: RunOptions): Promise<PerfResult> {
	const observers = options.observers;
	const clockMs = options.clockMs ?? (() => performance.now());
	const shardSettings = planShards(c);
	const inProcess = options.inProcess || (c.path.kind === 'onlink' && c.family === 4);
	const shards: ShardHandle[] = await (options.openShards ?? openShardsDefault)(shardSettings, inProcess);
	const agg = new RunAggregate(shards[0]!.defs);
	const life = new RunLifecycle(
		{
			periodS: c.periodS,
			numRequests: c.numRequests,
			maxDrop: c.maxDrop,
			requestStage: c.requestStage,
			exitWaitS: c.exitWaitS,
			reportIntervalS: c.reportIntervalS,
			warmUp: c.warmUpS > 0,
			avalanche: c.scenario === 'avalanche',
			askedAt: c.stages ? (tS) => stageRateAt(c.stages!, c.rate, tS) : null,
		},
		clockMs,
		c.rate,
	);
	const rates = new IntervalRates();
	const events: PerfEvent[] = [];
	let collectedAtS = 0;
	let rapidCommitWarned = false;
	const mode = modeOf(c);
	const target = targetOf({ ...c, workers: shards.length });
	const wantsBuckets = observers.some((o) => o.wantsBuckets === true);
	const live = observers.some((o) => o.update !== undefined);
	const liveLedger = observers.some((o) => o.update !== undefined && o.showsLedger !== false);
	// The ledger: a reading before the first send, one per report interval while an observer
	// draws it live (read in the background, so the loop never waits on the server), one after.
	const ledgerSource = options.ledger ?? null;
	let ledgerBefore: LedgerReading | null = null;
	let ledger: Ledger | null = null;
	let ledgerReading = false;
	let ledgerFinal = false;
	const ledgerOf = (after: LedgerReading, exchanges: PerfSnapshot['exchanges']): Ledger =>
		buildLedger(ledgerBefore!, after, exchanges, {
			family: c.family,
			rapidCommit: c.rapidCommit,
			sources: ledgerSource!.sources,
			...(c.warmUpS > 0 || c.preload > 0 ? { uncounted: `--${c.warmUpS > 0 ? 'warm-up' : 'preload'} sent exchanges that are not counted: the server's figures include them` } : {}),
		});

	const eventClockS = (): number => Math.round(life.elapsedS() * 10) / 10;
	const event = (level: PerfEvent['level'], text: string): void => {
		events.push({ atS: eventClockS(), level, text });
		if (events.length > EVENTS) events.shift();
	};
	for (const s of shards) for (const w of s.warnings) event('warn', w);

	// Built only for observers that draw them (the dashboard), at every collection they see.
	let buckets = latencyBuckets(agg.all);
	const snapshot = (): PerfSnapshot => {
		const e = life.elapsedS();
		const counters = agg.counters;
		let progress: number | null = null;
		if (c.periodS !== null) progress = Math.min(1, e / c.periodS);
		if (c.numRequests !== null) progress = Math.max(progress ?? 0, Math.min(1, agg.started / c.numRequests));
		const avalanche = c.scenario === 'avalanche' ? avalancheProgress(counters, agg.finalIndex) : null;
		if (avalanche) progress = Math.max(progress ?? 0, Math.min(1, avalanche.done / c.clients));
		return {
			state: life.state,
			family: c.family,
			target,
			mode,
			workers: shards.length,
			clients: c.clients,
			elapsedS: Math.round(e * 1000) / 1000,
			progress,
			avalanche,
			limit: { periodS: c.periodS, requests: c.numRequests },
			warmUp: c.warmUpS > 0 ? { seconds: c.warmUpS, rate: c.warmUpRate, started: agg.warmUpStarted, cut: life.warmUpCut } : null,
			rate: {
				asked: life.askedRate,
				...rates.current,
				history: rates.history.slice(),
				...(life.askedRates.length > 1 ? { askedMean: life.meanAskedRate(e), askedChanges: life.askedRates.slice() } : {}),
			},
			pausedS: life.pausedS(e),
			exchanges: agg.defs.map((d, i) => {
				const x = { ...counters[i]!, name: d.name, label: d.label, expectsReply: d.expectsReply, intervalLatencyUs: agg.latency[i]!.intervalSummary() } as ExchangeSnapshot;
				// The whole-run summary walks the whole-run histogram: computed when an observer reads
				// it (the dashboard, the report, JSON, SIGUSR1), not for every plain interval line,
				// so the main thread takes less CPU from the server under test on a small machine.
				let whole: LatencySummary | null = null;
				Object.defineProperty(x, 'latencyUs', { enumerable: true, get: () => (whole ??= agg.latency[i]!.summary()) });
				return x;
			}),
			histogram: buckets,
			events: events.slice(),
			sendErrors: agg.sendErrors,
			...(ledgerSource ? { ledger } : {}),
			peakInFlight: agg.peakInFlight,
			...(c.scenario === 'lifecycle' ? { restarts: agg.restarts } : {}),
		};
	};

	const setPaused = (p: boolean): void => {
		if (!life.setPaused(p)) return;
		for (const s of shards) s.setPaused(p);
		event('info', p ? 'sending paused' : 'sending resumed');
	};
	const handle: RunHandle = {
		stop: (reason) => life.requestStop(reason),
		interrupt: (signal) => life.requestStop(`interrupted (${signal})`, true),
		togglePause: () => setPaused(!life.isPaused),
		setRate: (rate) => {
			if (!(rate > 0)) return;
			if (c.scenario === 'avalanche') {
				// Every client starts at once: there is no asked rate for + / - to change (nor a shortfall to claim).
				event('info', 'the avalanche has no rate to change');
				return;
			}
			if (c.stages || c.maxInFlight !== null) {
				event('info', c.stages ? 'the stages set the asked rate' : 'a closed loop has no rate to change: answers pace it');
				return;
			}
			life.rateChanged(rate);
			const share = rateShare({ rate, renewRate: c.renewRate, releaseRate: c.releaseRate }, shards.length);
			for (const s of shards) s.setRates(share.rate, share.renewRate, share.releaseRate);
			event('info', `asked rate changed to ${Math.round(rate)}/s`);
		},
		snapshot,
		collectedAtS: () => collectedAtS,
		eventClockS,
	};

	const intervalOf = (fromS: number, toS: number): IntervalReport => ({ fromS, toS, latency: agg.defs.map((d, i) => ({ name: d.name, histogram: agg.latency[i]!.interval })) });

	const report = (atS: number): void => {
		const span = life.intervalSpan(atS, agg.sendingS);
		if (span === null) return;
		// What the interval was asked: the stages (or + / -) may have moved the rate within it.
		const asked = askedOver(life.askedRates, span.fromS, span.toS);
		const r = rates.next(span.toS - span.fromS, agg.started, agg.completed, asked, life.state === 'running');
		if (r.shortfall) {
			event('warn', `rate not reached: asked ${Math.round(asked)}/s, sent ${r.sent}/s`);
			if (rates.shouldWarn(span.toS)) log.warn(Msg.PERF_RATE_NOT_REACHED, r.sent, Math.round(asked));
		}
		if (wantsBuckets) buckets = latencyBuckets(agg.all);
		const s = snapshot();
		if (ledgerSource && liveLedger && ledgerBefore && !ledgerReading) {
			ledgerReading = true;
			void ledgerSource
				.read(false)
				.then((r) => {
					// A live reading that resolves after the run's last must not replace it.
					if (!ledgerFinal) ledger = ledgerOf(r, snapshot().exchanges);
				})
				.finally(() => (ledgerReading = false));
		}
		const interval = intervalOf(span.fromS, span.toS);
		for (const o of observers) o.interval?.(s, interval);
		agg.resetIntervals();
		life.reported(span.toS);
	};

	const happen = (h: Happening): void => {
		if (h.kind === 'warm-up-done') event('info', `warm-up done: ${agg.warmUpStarted} exchanges in ${c.warmUpS} s, not counted`);
		else if (h.kind === 'max-drop') log.warn(Msg.PERF_MAX_DROP_REACHED, h.timeouts, h.settled);
		else if (h.kind === 'drain') {
			for (const s of shards) s.stopSending();
			event('info', `${h.reason}; waiting up to ${c.exitWaitS} s for answers`);
		}
	};

	let shardsFinished = false;
	try {
		options.onHandle?.(handle);
		if (ledgerSource) ledgerBefore = await ledgerSource.read(false);
		const first = snapshot();
		for (const o of observers) o.start?.(first, handle);
		log.info(Msg.PERF_RUN_STARTED, mode, target, c.scenario === 'avalanche' ? 'all at once' : `${life.askedRate}/s`, c.clients, shards.length);
		const startedAt = new Date().toISOString();
		life.start();
		for (const s of shards) s.start();
		for (;;) {
			await new Promise((r) => setTimeout(r, life.nextWaitMs()));
			agg.merge(await Promise.all(shards.map((s) => s.collect())));
			collectedAtS = life.elapsedS();
			if (agg.rapidCommitDeclined > 0 && !rapidCommitWarned) {
				rapidCommitWarned = true;
				event('warn', 'the server answers Rapid Commit SOLICITs with ADVERTISE (Rapid Commit is not enabled for the subnet): counted as rejected');
				log.warn(Msg.PERF_RAPID_COMMIT_DECLINED);
			}
			// Nothing could be sent at all: no measurement can be made, and none is reported as the server's failure.
			if (agg.onWire === 0 && agg.sendFailure !== null) throw new UserError(unsendable(agg.sendFailure, c));
			const happened = life.observe({ warming: agg.warming, doneSending: agg.doneSending, sendingS: agg.sendingS, drops: agg.drops(), stages: agg.stageDrops() ?? undefined, inFlight: agg.inFlight() });
			happened.forEach(happen);
			if (happened.some((h) => h.kind === 'finished')) break;
			const nowS = life.elapsedS();
			if (life.reportDue(nowS)) report(nowS);
			else if (live) {
				// Every panel of a frame shows one instant: the histogram is rebuilt with the counters.
				if (wantsBuckets) buckets = latencyBuckets(agg.all);
				const s = snapshot();
				for (const o of observers) o.update?.(s);
			}
		}
		// Read while dhcpulse's sockets are still open (their drops vanish with them), once the
		// server has counted what it will.
		const ledgerAfter = ledgerSource ? await ledgerSource.read(true) : null;
		ledgerFinal = true;
		shardsFinished = true;
		agg.merge(await Promise.all(shards.map((s) => s.finish())));
		const times = life.end(agg.sendingS);
		const lastInterval = intervalOf(life.lastReportAtS, times.endS);
		buckets = latencyBuckets(agg.all);
		// The final rates are whole-run averages over the sending time (not the drain, nor pauses).
		const pausedS = life.pausedS(agg.sendingS);
		const activeS = agg.sendingS - pausedS;
		const meanAsked = life.meanAskedRate(agg.sendingS);
		rates.whole(activeS, agg.started, agg.completed, meanAsked);
		if (ledgerAfter) ledger = ledgerOf(ledgerAfter, snapshot().exchanges);
		const final = snapshot();
		const load = c.scenario === 'avalanche' || life.warmUpCut ? null : { asked: meanAsked * activeS, started: agg.started, heldBack: agg.heldBack, skipped: agg.skipped, sendingS: activeS };
		const uniqueness = c.checkUnique ? { addresses: agg.leases.addresses, duplicates: agg.leases.duplicates() } : null;
		const verdict = judge(final, c.thresholds, {
			stopReason: life.stopReason,
			maxDropHit: life.maxDropHit,
			maxDropSeen: life.maxDropSeen,
			interrupted: life.interrupted,
			drainS: times.drainS,
			sendingS: activeS,
			load,
			duplicateAddresses: uniqueness?.duplicates.length ?? null,
		});
		if (!verdict.identityHolds) log.error(Msg.PERF_IDENTITY_BROKEN, JSON.stringify(final.exchanges.map((e) => [e.name, e.sent, e.ok, e.rejected, e.timeouts, e.inFlight])));
		const outcome: RunOutcome = {
			startedAt,
			snapshot: final,
			verdict,
			lastInterval,
			durationS: Math.round(activeS * 1000) / 1000,
			pausedS: Math.round(pausedS * 1000) / 1000,
			drainS: times.drainS,
			skipped: agg.skipped,
			maxStallMs: agg.maxStallMs,
			heldBack: agg.heldBack,
			maxQueuedMs: agg.maxQueuedMs < 0 ? null : agg.maxQueuedMs,
			generatorLimited: load !== null && generatorLimited(load),
			sustainedPerS: activeS > 0 ? Math.round((agg.started / activeS) * 10) / 10 : 0,
			pcapError: agg.pcapError,
			settings: { ...c.echo, udp: shards[0]!.udpPath },
			ledger,
			uniqueness,
			leases: c.printLeases ? agg.leases.granted : null,
		};
		// Every observer finishes, even when one fails (a full disk under --hdr-log must not cost the report or the JSON); the first failure is thrown after.
		const failures: unknown[] = [];
		for (const o of observers) {
			try {
				await o.finish?.(outcome);
			} catch (error) {
				failures.push(error);
			}
		}
		log.info(Msg.PERF_RUN_FINISHED, verdict.exitReason, verdict.exitCode);
		if (failures.length > 0) throw failures[0];
		return { ...outcome, exitCode: verdict.exitCode, exitReason: verdict.exitReason, identityHolds: verdict.identityHolds };
	} catch (error) {
		// A failure mid-run (an observer, a worker, the logging) still closes every socket and
		// worker: left open, they would hold the ports and keep the process alive.
		if (!shardsFinished) await Promise.allSettled(shards.map((s) => s.finish()));
		throw error;
	} finally {
		for (const o of observers) o.close?.();
	}
}
