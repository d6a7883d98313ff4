/**
 * A load run's life without a network or root: the stop rules (-p, -n, -D, the avalanche, a
 * signal), the drain (-W), the warm-up's clock, pause, the verdict's exit code, and the run loop
 * driving fake shards and observers, all on a fake clock.
 */
import test from 'ava';
import { ExitCode } from '../src/exit-codes.js';
import { EXCHANGES4 } from '../src/perf/accounting.js';
import { RunAggregate } from '../src/perf/aggregate.js';
import type { ShardPartial } from '../src/perf/engine.js';
import { partial } from './helpers/shard-partial.js';
import { IntervalRates } from '../src/perf/interval-rates.js';
import { RunLifecycle, type CollectionView, type StopRules } from '../src/perf/lifecycle.js';
import type { PerfObserver, RunOutcome } from '../src/perf/observer.js';
import { rateShare } from '../src/perf/plan.js';
import { runPerf } from '../src/perf/run.js';
import { parsePerfArgs } from '../src/perf/settings.js';
import type { ShardHandle } from '../src/perf/shards.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';
import type { ExchangeCounters } from '../src/perf/accounting.js';
import { judge } from '../src/perf/verdict.js';
import { bucketCounts, newHistogram, recordUs } from '../src/stats/latency.js';

const RULES: StopRules = { periodS: null, numRequests: null, maxDrop: null, exitWaitS: 1, reportIntervalS: 1, warmUp: false, avalanche: false };

/** A clock that moves only when told to. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
	let ms = 1_000;
	return { now: () => ms, advance: (d) => (ms += d) };
}

function view(v: Partial<CollectionView> = {}): CollectionView {
	return { warming: false, doneSending: false, sendingS: 0, drops: { timeouts: 0, settled: 0, sent: 0 }, inFlight: 0, ...v };
}

test('lifecycle: -p ends sending when the shards stopped at the period, then the drain ends as soon as nothing is in flight', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, periodS: 5 }, clock.now);
	life.start();
	t.is(life.state, 'running');
	clock.advance(2_000);
	t.deepEqual(life.observe(view({ sendingS: 2 })), [], 'still sending');
	t.is(life.elapsedS(), 2);
	clock.advance(3_010);
	t.deepEqual(life.observe(view({ doneSending: true, sendingS: 5, inFlight: 3 })), [{ kind: 'drain', reason: 'period reached (-p 5)', warmUpCut: false }]);
	t.is(life.state, 'draining');
	clock.advance(20);
	t.deepEqual(life.observe(view({ doneSending: true, sendingS: 5, inFlight: 1 })), [], 'answers still awaited');
	clock.advance(20);
	t.deepEqual(life.observe(view({ doneSending: true, sendingS: 5, inFlight: 0 })), [{ kind: 'finished' }]);
	const times = life.end(5);
	t.is(times.stoppedAtS, 5, 'the run lasted its sending time');
	t.is(times.drainS, 0.05);
	t.is(life.state, 'done');
	t.is(life.elapsedS(), 5, 'the clock stops at the end of sending');
});

test('lifecycle: the drain gives up after -W even with answers outstanding', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, numRequests: 100, exitWaitS: 0.5 }, clock.now);
	life.start();
	clock.advance(1_000);
	t.is(life.observe(view({ doneSending: true, sendingS: 1, inFlight: 7 }))[0]!.kind, 'drain');
	t.is(life.stopReason, 'num-request reached (-n 100)');
	clock.advance(499);
	t.deepEqual(life.observe(view({ doneSending: true, sendingS: 1, inFlight: 7 })), []);
	clock.advance(1);
	t.deepEqual(life.observe(view({ doneSending: true, sendingS: 1, inFlight: 7 })), [{ kind: 'finished' }]);
	t.is(life.nextWaitMs(), 20, 'while draining, collections come often');
});

test('lifecycle: -D N stops at N timeouts, -D N% once the share of settled requests reaches it (after more than 10 sent)', (t) => {
	const clock = fakeClock();
	const count = new RunLifecycle({ ...RULES, maxDrop: { count: 10 } }, clock.now);
	count.start();
	t.deepEqual(count.observe(view({ drops: { timeouts: 9, settled: 100, sent: 100 } })), []);
	const hit = count.observe(view({ drops: { timeouts: 10, settled: 100, sent: 100 } }));
	t.deepEqual(
		hit.map((h) => h.kind),
		['max-drop', 'drain'],
	);
	t.is(count.stopReason, 'max-drop reached (-D 10)');
	t.true(count.maxDropHit);
	t.is(count.maxDropSeen, 10);

	const pct = new RunLifecycle({ ...RULES, maxDrop: { pct: 5 } }, clock.now);
	pct.start();
	t.deepEqual(pct.observe(view({ drops: { timeouts: 5, settled: 10, sent: 10 } })), [], 'ten requests are too few to judge');
	t.deepEqual(pct.observe(view({ drops: { timeouts: 4, settled: 100, sent: 120 } })), []);
	t.is(pct.observe(view({ drops: { timeouts: 5, settled: 100, sent: 120 } }))[1]!.kind, 'drain');
	t.is(pct.stopReason, 'max-drop reached (-D 5%)');
});

test('lifecycle: the first stop asked is the one reported, and -D hit after a signal does not make the run a -D failure', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, maxDrop: { count: 1 } }, clock.now);
	life.start();
	life.requestStop('interrupted (SIGINT)');
	life.requestStop('stopped by user (q)');
	const h = life.observe(view({ drops: { timeouts: 3, settled: 3, sent: 3 } }));
	t.is(h.at(-1)!.kind, 'drain');
	t.is(life.stopReason, 'interrupted (SIGINT)');
	t.false(life.maxDropHit);
});

test('lifecycle: the clock starts after the warm-up, at the moment the shards began measuring', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, warmUp: true, periodS: 10 }, clock.now);
	life.start();
	t.is(life.state, 'warming');
	clock.advance(1_500);
	t.is(life.elapsedS(), 0, 'nothing is measured during the warm-up');
	t.deepEqual(life.observe(view({ warming: true })), []);
	clock.advance(250);
	// The shards ended their warm-up 0.2 s ago.
	t.deepEqual(life.observe(view({ sendingS: 0.2 })), [{ kind: 'warm-up-done' }]);
	t.is(life.state, 'running');
	t.is(Math.round(life.elapsedS() * 1000), 200);
});

test('lifecycle: a stop during the warm-up cuts it, and nothing was measured', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, warmUp: true, periodS: 10 }, clock.now);
	life.start();
	clock.advance(500);
	life.requestStop('interrupted (SIGTERM)');
	t.deepEqual(life.observe(view({ warming: true })), [{ kind: 'drain', reason: 'interrupted (SIGTERM)', warmUpCut: true }]);
	t.true(life.warmUpCut);
	clock.advance(100);
	life.observe(view({ inFlight: 0 }));
	t.is(life.end(0).stoppedAtS, 0);
});

test('lifecycle: pause and resume only while running; the period end is met on time, not a collection late', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, warmUp: true, periodS: 1 }, clock.now);
	life.start();
	t.false(life.setPaused(true), 'not during the warm-up');
	life.observe(view({ sendingS: 0 }));
	t.true(life.setPaused(true));
	t.is(life.state, 'paused');
	t.true(life.setPaused(false));
	t.is(life.state, 'running');
	t.is(life.nextWaitMs(), 250);
	clock.advance(900);
	t.is(Math.round(life.nextWaitMs()), 105, 'wakes 5 ms after the period ends');
	life.requestStop('stopped by user (q)');
	life.observe(view());
	t.false(life.setPaused(true), 'not while draining');
});

test('lifecycle: once sending stopped, an interval report covers only the time still sending', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, periodS: 2.5 }, clock.now);
	life.start();
	clock.advance(2_000);
	t.true(life.reportDue(2));
	t.deepEqual(life.intervalSpan(2, 2), { fromS: 0, toS: 2 });
	life.reported(2);
	t.false(life.reportDue(2.5));
	clock.advance(600);
	life.observe(view({ doneSending: true, sendingS: 2.5, inFlight: 1 }));
	t.deepEqual(life.intervalSpan(3.2, 2.5), { fromS: 2, toS: 2.5 });
	life.reported(2.5);
	t.is(life.intervalSpan(3.6, 2.5), null, 'nothing left to report');
});

test('interval rates: a send rate under 98 % of the asked one (less a packet) is a shortfall, never while not running', (t) => {
	const r = new IntervalRates();
	t.deepEqual(r.next(1, 1000, 990, 1000, true), { sent: 1000, completed: 990, shortfall: false });
	t.deepEqual(r.next(1, 1975, 1900, 1000, true), { sent: 975, completed: 910, shortfall: true });
	t.false(r.next(1, 1975, 1900, 1000, false).shortfall, 'paused');
	t.deepEqual(
		r.history.map((h) => h.sent),
		[1000, 975, 0],
	);
	t.true(r.shouldWarn(3));
	t.false(r.shouldWarn(12), 'one log line every 10 s');
	t.true(r.shouldWarn(13));
});

function counters(c: Partial<ExchangeCounters>): ExchangeCounters {
	return { sent: 0, ok: 0, rejected: 0, timeouts: 0, late: 0, orphans: 0, duplicates: 0, malformed: 0, retransmits: 0, inFlight: 0, ...c };
}

test('aggregate: shards sum into one run; the longest stall counts only while sending', (t) => {
	const agg = new RunAggregate([EXCHANGES4.DO, EXCHANGES4.RA]);
	const empty = { min: 0, max: 0, counts: [] as number[] };
	agg.merge([
		partial({ counters: [counters({ sent: 10, ok: 8, timeouts: 1, inFlight: 1 }), counters({ sent: 8, ok: 8 })], histograms: [empty, empty], sendErrors: 2, sendingS: 1.2, maxStallMs: 7 }),
		partial({ counters: [counters({ sent: 12, ok: 12 }), counters({ sent: 12, ok: 11, inFlight: 1 })], histograms: [empty, empty], sendingS: 1.1, maxStallMs: 40, doneSending: true }),
	]);
	t.is(agg.started, 22);
	t.is(agg.completed, 19);
	t.is(agg.inFlight(), 2);
	t.deepEqual(agg.drops(), { timeouts: 1, settled: 40, sent: 42 });
	t.is(agg.sendErrors, 2);
	t.is(agg.sendingS, 1.2);
	t.is(agg.maxStallMs, 7, 'a stopped shard waits on purpose');
	t.false(agg.doneSending, 'one shard still sends');
});

const LAT = { count: 10, min: 1, mean: 2, stddev: 1, p50: 2, p90: 3, p99: 4000, p999: 5000, max: 5000 };
const exchange = (c: Partial<ExchangeCounters>) => ({ ...counters(c), name: 'DO' as const, label: 'DISCOVER-OFFER', expectsReply: true, latencyUs: LAT, intervalLatencyUs: LAT });
const NO_THRESHOLDS = { maxDropPct: null, maxRejectPct: null, maxP99Ms: null, minRate: null };
const END = { stopReason: 'period reached (-p 1)', maxDropHit: false, interrupted: false, drainS: 0.012, sendingS: 1, load: { asked: 10, started: 10 } };

test('verdict: OK; a failed threshold, -D, silence and a broken identity are CRITICAL', (t) => {
	const ok = judge({ exchanges: [exchange({ sent: 10, ok: 10 })] }, NO_THRESHOLDS, END);
	t.deepEqual(ok, { exitCode: ExitCode.OK, exitReason: 'period reached (-p 1); drained 0.012 s', thresholds: [], identityHolds: true });
	t.is(judge({ exchanges: [exchange({ sent: 10, ok: 10 })] }, { ...NO_THRESHOLDS, maxP99Ms: 1 }, END).exitCode, ExitCode.CRITICAL);
	t.is(judge({ exchanges: [exchange({ sent: 10, ok: 9, timeouts: 1 })] }, NO_THRESHOLDS, { ...END, maxDropHit: true }).exitCode, ExitCode.CRITICAL);
	const silent = judge({ exchanges: [exchange({ sent: 10, timeouts: 10 })] }, NO_THRESHOLDS, END);
	t.is(silent.exitCode, ExitCode.CRITICAL);
	t.regex(silent.exitReason, /; nothing answered$/);
	const broken = judge({ exchanges: [exchange({ sent: 10, ok: 11 })] }, NO_THRESHOLDS, END);
	t.false(broken.identityHolds);
	t.is(broken.exitCode, ExitCode.CRITICAL);
});

test('verdict: -u finding an address leased to two clients is CRITICAL and says how many; none found changes nothing', (t) => {
	const run = { exchanges: [exchange({ sent: 10, ok: 10 })] };
	const found = judge(run, NO_THRESHOLDS, { ...END, duplicateAddresses: 2 });
	t.is(found.exitCode, ExitCode.CRITICAL);
	t.is(found.exitReason, 'period reached (-p 1); drained 0.012 s; 2 addresses leased to two clients or more (-u)');
	t.is(judge(run, { ...NO_THRESHOLDS, maxDropPct: 1 }, { ...END, duplicateAddresses: 1 }).exitCode, ExitCode.CRITICAL, 'thresholds met do not excuse it');
	t.deepEqual(judge(run, NO_THRESHOLDS, { ...END, duplicateAddresses: 0 }), judge(run, NO_THRESHOLDS, END));
});

test('verdict: -D says how far past its limit the run went, and why', (t) => {
	const r = judge({ exchanges: [exchange({ sent: 200, ok: 148, timeouts: 52 })] }, NO_THRESHOLDS, { ...END, stopReason: 'max-drop reached (-D 10)', maxDropHit: true, maxDropSeen: 14 });
	t.is(r.exitCode, ExitCode.CRITICAL);
	t.regex(
		r.exitReason,
		/^max-drop reached \(-D 10\); drained 0\.012 s; 52 timeouts in all: 14 when the limit was seen \(the counts are collected every 0\.25 s\), 38 more of the requests then in flight while the run drained$/,
	);
});

test('verdict without thresholds: 1 % of timeouts or of rejections, or a shortfall of the asked rate, is a WARNING that says why', (t) => {
	const timeouts = judge({ exchanges: [exchange({ sent: 1000, ok: 640, timeouts: 360 })] }, NO_THRESHOLDS, { ...END, load: { asked: 1000, started: 1000 } });
	t.is(timeouts.exitCode, ExitCode.WARNING);
	t.regex(timeouts.exitReason, /; 36\.0 % of settled requests timed out \(1 % at most without thresholds\)$/);
	const rejected = judge({ exchanges: [exchange({ sent: 100, ok: 16, rejected: 84 })] }, NO_THRESHOLDS, { ...END, load: { asked: 100, started: 100 } });
	t.is(rejected.exitCode, ExitCode.WARNING);
	t.regex(rejected.exitReason, /84\.0 % of settled requests were rejected/);
	const slow = judge({ exchanges: [exchange({ sent: 2900, ok: 2900 })] }, NO_THRESHOLDS, { ...END, load: { asked: 100_000, started: 2900 } });
	t.is(slow.exitCode, ExitCode.WARNING);
	t.regex(slow.exitReason, /asked rate not reached: 2900 of 100000 exchanges started/);
	const justUnder = judge({ exchanges: [exchange({ sent: 1000, ok: 991, timeouts: 9 })] }, NO_THRESHOLDS, { ...END, load: { asked: 1000, started: 1000 } });
	t.is(justUnder.exitCode, ExitCode.OK, '0.9 % is under the 1 % line');
	t.is(judge({ exchanges: [exchange({ sent: 1000, ok: 990, timeouts: 10 })] }, NO_THRESHOLDS, END).exitCode, ExitCode.WARNING, '1 % is not under it');
	const avalanche = judge({ exchanges: [exchange({ sent: 500, ok: 500 })] }, NO_THRESHOLDS, { ...END, load: null });
	t.is(avalanche.exitCode, ExitCode.OK, 'nothing was asked at a rate');
});

test('verdict: thresholds, once given, decide alone; --max-reject-pct judges rejections', (t) => {
	const lossy = { exchanges: [exchange({ sent: 1000, ok: 600, rejected: 40, timeouts: 360 })] };
	t.is(judge(lossy, { ...NO_THRESHOLDS, maxDropPct: 50 }, END).exitCode, ExitCode.OK);
	const r = judge(lossy, { ...NO_THRESHOLDS, maxRejectPct: 2 }, END);
	t.is(r.exitCode, ExitCode.CRITICAL);
	t.deepEqual(r.thresholds, [{ name: 'rejected %', limit: '2 %', value: '4.000 %', passed: false }]);
});

test('verdict: an interrupted run is UNKNOWN unless its thresholds decided it', (t) => {
	const part = { exchanges: [exchange({ sent: 100, ok: 100 })] };
	const end = { ...END, stopReason: 'interrupted (SIGINT)', interrupted: true };
	const r = judge(part, NO_THRESHOLDS, end);
	t.is(r.exitCode, ExitCode.UNKNOWN);
	t.regex(r.exitReason, /^interrupted \(SIGINT\); drained 0\.012 s; not judged: the run did not finish$/);
	t.is(judge(part, { ...NO_THRESHOLDS, maxDropPct: 1 }, end).exitCode, ExitCode.OK);
	t.is(judge(part, { ...NO_THRESHOLDS, maxP99Ms: 1 }, end).exitCode, ExitCode.CRITICAL);
	t.is(judge({ exchanges: [exchange({ sent: 100, timeouts: 100 })] }, NO_THRESHOLDS, end).exitCode, ExitCode.CRITICAL, 'silence is seen, interrupted or not');
});

test('lifecycle: paused time is not run time, and a changed rate is reported as its time-weighted mean', (t) => {
	const clock = fakeClock();
	const life = new RunLifecycle({ ...RULES, periodS: 10 }, clock.now, 1000);
	life.start();
	clock.advance(2_000);
	life.setPaused(true);
	clock.advance(3_000);
	life.setPaused(false);
	clock.advance(1_000);
	life.rateChanged(4000);
	clock.advance(2_000);
	t.is(life.pausedS(8), 3);
	t.is(life.pausedS(4), 2, 'up to a moment inside the pause');
	// 3 s at 1,000/s and 2 s at 4,000/s while sending: 11,000 over 5 s.
	t.is(life.meanAskedRate(8), 2200);
	t.deepEqual(life.askedRates, [
		{ atS: 0, rate: 1000 },
		{ atS: 6, rate: 4000 },
	]);
	t.is(life.meanAskedRate(1), 1000);
});

test('plan: a shard takes an equal share of every rate, at start-up and when the rate changes', (t) => {
	t.deepEqual(rateShare({ rate: 1000, renewRate: 10, releaseRate: 4 }, 4), { rate: 250, renewRate: 2.5, releaseRate: 1 });
});

/** Fake shards: each collection moves the run on by what `script` says; nothing is sent. */
class FakeShard implements ShardHandle {
	readonly description = 'fake';
	readonly defs = [EXCHANGES4.DO, EXCHANGES4.RA];
	readonly warnings = [];
	readonly udpPath = null;
	sent = 0;
	stopped = false;
	rates: number[] = [];
	constructor(private readonly perCollection: number) {}
	start(): void {}
	setRates(rate: number): void {
		this.rates.push(rate);
	}
	setPaused(): void {}
	stopSending(): void {
		this.stopped = true;
	}
	private partial(): ShardPartial {
		const c = counters({ sent: this.sent, ok: this.sent });
		return partial({
			counters: [c, c],
			histograms: [
				{ min: 0, max: 0, counts: [] },
				{ min: 0, max: 0, counts: [] },
			],
			sendingS: this.sent / 100,
			doneSending: this.stopped,
		});
	}
	async collect(): Promise<ShardPartial> {
		if (!this.stopped) this.sent += this.perCollection;
		return this.partial();
	}
	async finish(): Promise<ShardPartial> {
		this.stopped = true;
		return this.partial();
	}
}

test('run loop: observers hear start, intervals and finish in order; a stop asked through the handle ends the run and is the reason', async (t) => {
	const { config } = parsePerfArgs({ local: ['lo'], rate: 100, period: 60, report: 0.5, 'drop-time': 0.1 });
	const clock = fakeClock();
	const shard = new FakeShard(25);
	const heard: string[] = [];
	let outcome: RunOutcome | null = null;
	let collections = 0;
	const observer: PerfObserver = {
		start: (first: PerfSnapshot, run) => {
			heard.push(`start ${first.state}`);
			// A person presses + once (to the rate the shard keeps), then q after a few intervals.
			run.setRate(100);
		},
		interval: (s, report) => {
			heard.push(`interval ${report.toS}`);
			if (s.exchanges[0]!.sent >= 100) handle?.stop('stopped by user (q)');
		},
		update: () => {
			collections++;
			clock.advance(250);
		},
		finish: (o) => {
			heard.push('finish');
			outcome = o;
		},
		close: () => heard.push('close'),
	};
	let handle: { stop(reason: string): void } | null = null;
	const tick: PerfObserver = { interval: () => clock.advance(250) };
	const result = await runPerf(config, { observers: [observer, tick], inProcess: true, openShards: async () => [shard], clockMs: clock.now, onHandle: (h) => (handle = h) });
	t.is(heard[0], 'start starting');
	t.true(heard.filter((h) => h.startsWith('interval')).length >= 2);
	t.deepEqual(heard.slice(-2), ['finish', 'close']);
	t.true(collections > 0);
	t.deepEqual(shard.rates, [100], 'the new rate reached the shard, shared out');
	t.true(shard.stopped);
	t.regex(result.exitReason, /^stopped by user \(q\); drained /);
	t.is(result.exitCode, ExitCode.OK);
	t.is(outcome!.snapshot.rate.asked, 100);
	t.is(outcome!.snapshot.rate.askedChanges!.length, 2, 'the change is listed');
	t.is(outcome!.snapshot.state, 'done');
	t.true(result.identityHolds);
});

test('run loop: every frame a live view gets shows one instant: as many answers in its histogram as in its counters', async (t) => {
	const { config } = parsePerfArgs({ local: ['lo'], rate: 100, period: 60, report: 5 });
	const clock = fakeClock();
	let sent = 0;
	/** Each collection, 25 more exchanges, all answered (a latency each, as the engine hands them over). */
	const shard: ShardHandle = Object.assign(new FakeShard(0), {
		collect: async (): Promise<ShardPartial> => {
			sent += 25;
			const h = newHistogram();
			for (let i = 0; i < 25; i++) recordUs(h, 100 + i);
			const c = counters({ sent, ok: sent });
			return partial({ counters: [c, c], histograms: [bucketCounts(h), bucketCounts(h)], sendingS: sent / 100 });
		},
	});
	const frames: PerfSnapshot[] = [];
	const live: PerfObserver = {
		wantsBuckets: true,
		update: (s) => {
			frames.push(s);
			clock.advance(250);
			if (frames.length === 6) handle?.stop('stopped by user (q)');
		},
	};
	let handle: { stop(reason: string): void } | null = null;
	await runPerf(config, { observers: [live], inProcess: true, openShards: async () => [shard], clockMs: clock.now, onHandle: (h) => (handle = h) });
	t.true(frames.length >= 6);
	for (const f of frames) {
		const answers = f.exchanges.reduce((n, e) => n + e.ok, 0);
		t.is(
			f.histogram.counts.reduce((n, c) => n + c, 0),
			answers,
		);
	}
});
