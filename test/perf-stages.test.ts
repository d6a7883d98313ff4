/**
 * --stages (k6's stages): the asked rate ramps linearly from target to target, the run ends after
 * the last stage, the sender starts what the ramp asks (no more, no less), and the asked curve
 * reaches the JSON series. Pure parts on a fake clock; test/perf-report.test.ts-style lab run at
 * the end, with shape checks only (a busy machine sends unevenly).
 */
import test from 'ava';
import type { ShardPartial } from '../src/perf/engine.js';
import type { IntervalReport, PerfObserver, RunOutcome } from '../src/perf/observer.js';
import { planShards } from '../src/perf/plan.js';
import { RateControl } from '../src/perf/rate-control.js';
import { runPerf } from '../src/perf/run.js';
import { IntervalSeries } from '../src/perf/series.js';
import { parsePerfArgs } from '../src/perf/settings.js';
import type { ShardHandle } from '../src/perf/shards.js';
import { parseStages, stageRateAt } from '../src/perf/shapes/stages.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';
import { UserError } from '../src/exit-codes.js';
import { useLab } from './helpers/lab.js';
import { partial } from './helpers/shard-partial.js';
import { perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const STAGES = parseStages('2s:400,2s:400,1s:0', 1e6);

test('stages: each ramps from the previous target to its own; the first from the start rate; the last target holds after the end', (t) => {
	t.deepEqual(STAGES, [
		{ durationS: 2, target: 400 },
		{ durationS: 2, target: 400 },
		{ durationS: 1, target: 0 },
	]);
	t.deepEqual(
		[0, 0.5, 1, 2, 3, 4, 4.5, 5, 9].map((s) => stageRateAt(STAGES, 0, s)),
		[0, 100, 200, 400, 400, 400, 200, 0, 0],
	);
	t.is(stageRateAt(STAGES, 100, 1), 250, 'from -r when it is given');
	t.deepEqual(
		parseStages('500ms:10,1m:20,0.5h:0', 1e6).map((s) => s.durationS),
		[0.5, 60, 1800],
	);
	t.deepEqual(
		parseStages('0s:50,1:50', 1e6).map((s) => stageRateAt(parseStages('0s:50,1:50', 1e6), 0, s.durationS)),
		[50, 50],
		'a stage of no time is a step',
	);
});

test('stages: bad specifications and flags that conflict are one line each (exit 3)', (t) => {
	const bad = (args: Record<string, unknown>, message: RegExp) => {
		const e = t.throws(() => parsePerfArgs({ local: ['lo'], ...args }), { instanceOf: UserError });
		t.regex(e!.message, message);
	};
	bad({ stages: '30s' }, /^--stages 30s: "30s" is not DURATION:RATE; expected DURATION:RATE\[,DURATION:RATE…\] such as 30s:1000,60s:5000,10s:0$/);
	bad({ stages: '10s:-5' }, /"10s:-5" is not DURATION:RATE/);
	bad({ stages: '10x:5' }, /"10x:5" is not DURATION:RATE/);
	bad({ stages: '0s:100' }, /the stages last no time/);
	bad({ stages: '1s:2000000' }, /2000000\/s is more than 1000000\/s/);
	bad({ stages: '1s:10', period: 5 }, /^-p 5: no meaning in --scenario stages \(the stages set how long the run sends\)$/);
	bad({ stages: '1s:10', scenario: 'avalanche' }, /^--stages: a load shape of its own; it cannot be combined with --scenario avalanche$/);
	bad({ scenario: 'stages' }, /^--scenario stages: needs --stages/);
});

test('stages: the run lasts the stages, starts from 0 without -r, and each worker ramps to its share', (t) => {
	const { config, defaultsLine } = parsePerfArgs({ local: ['lo'], stages: '2s:400,2s:400,1s:0' });
	t.is(config.scenario, 'stages');
	t.is(config.periodS, 5);
	t.is(config.rate, 0);
	t.regex(defaultsLine, /-r 0 \(where the first stage starts\)/);
	const warm = parsePerfArgs({ local: ['lo'], stages: '2s:400,1s:0', 'warm-up': 1 });
	t.is(warm.config.warmUpRate, 400, "a warm-up runs at the first stage's target when the stages start from 0");
	t.regex(warm.defaultsLine, /--warm-up-rate 400 \(the first stage's target\)/);
	// Two workers (relay mode, one address each; the plan needs no socket).
	const two = { ...config, workers: 2, path: { kind: 'relay' as const, locals: ['198.19.0.2', '198.19.0.3'], server: '198.19.0.1' } };
	t.deepEqual(
		planShards(two).map((s) => s.stages!.map((x) => x.target)),
		[
			[200, 200, 0],
			[200, 200, 0],
		],
	);
});

test('stages: a rate control retargeted at every turn starts what the ramp asks, to the exchange', (t) => {
	// 0 → 1000/s over 10 s asks for ∫ = 5,000 exchanges; turns every 0.7 ms (not a divisor of anything).
	const rc = new RateControl(0, 0);
	let started = 0;
	const ramp = [{ durationS: 10, target: 1000 }];
	for (let us = 0; us <= 10_000_000; us += 700) {
		const s = us / 1e6;
		rc.retarget(stageRateAt(ramp, 0, s), s);
		const n = rc.due(s);
		rc.started(n);
		started += n;
	}
	t.true(Math.abs(started - 5000) <= 1, `${started}`);
	t.is(rc.skipped, 0);
});

/** A shard that sends what it is told the stages ask, by the fake clock (the engine's own pacing is tested above). */
class StagedShard implements ShardHandle {
	readonly description = 'staged';
	defs = [
		{ name: 'DO' as const, label: 'DISCOVER-OFFER', expectsReply: true },
		{ name: 'RA' as const, label: 'REQUEST-ACK', expectsReply: true },
	] as ShardHandle['defs'];
	warnings: string[] = [];
	udpPath = null;
	stopped = false;
	constructor(private readonly nowS: () => number) {}
	start(): void {}
	setRates(): void {}
	setPaused(): void {}
	stopSending(): void {
		this.stopped = true;
	}
	private partial(): ShardPartial {
		const t = Math.min(this.nowS(), 5);
		// ∫ of the stages up to t: what an exact sender has started.
		const area = (x: number): number => (x <= 2 ? 100 * x * x : x <= 4 ? 400 + 400 * (x - 2) : 1200 + 400 * (x - 4) - 200 * (x - 4) ** 2);
		const sent = Math.floor(area(t) + 1e-6);
		const c = { sent, ok: sent, rejected: 0, timeouts: 0, late: 0, orphans: 0, duplicates: 0, malformed: 0, retransmits: 0, inFlight: 0 };
		const empty = { min: 0, max: 0, counts: [] as number[] };
		return partial({ counters: [c, c], histograms: [empty, empty], doneSending: t >= 5, sendingS: t });
	}
	async collect(): Promise<ShardPartial> {
		return this.partial();
	}
	async finish(): Promise<ShardPartial> {
		this.stopped = true;
		return this.partial();
	}
}

test('stages: the run loop logs the ramp as the asked rate, so each interval of the series is asked what the stages ask', async (t) => {
	const { config } = parsePerfArgs({ local: ['lo'], stages: '2s:400,2s:400,1s:0', report: 0.5, 'drop-time': 0.1 });
	let ms = 0;
	const nowS = () => ms / 1000;
	const series = new IntervalSeries();
	let outcome: RunOutcome | null = null;
	const recorder: PerfObserver = {
		interval: (s: PerfSnapshot, r: IntervalReport) => void series.add(s, r, 0),
		finish: (o) => {
			outcome = o;
			series.finish(o, 0);
		},
	};
	// Time moves 250 ms at every collection, as the real loop's timer would.
	const tick: PerfObserver = { update: () => void (ms += 250), interval: () => void (ms += 250) };
	const result = await runPerf(config, { observers: [recorder, tick], inProcess: true, openShards: async () => [new StagedShard(nowS)], clockMs: () => ms });
	t.is(result.exitReason.split(';')[0], 'period reached (-p 5)', 'the run ends after the last stage');
	const rows = series.rows.filter((r) => r.toS - r.fromS >= 0.4);
	t.true(rows.length >= 9, `${rows.length} rows`);
	for (const r of rows) {
		// The exact mean of the stages over the interval, against what the series says was asked.
		const steps = 100;
		let sum = 0;
		for (let i = 0; i < steps; i++) sum += stageRateAt(STAGES, 0, r.fromS + ((i + 0.5) * (r.toS - r.fromS)) / steps);
		const exact = sum / steps;
		t.true(Math.abs(r.asked - exact) <= 15, `asked ${r.asked}/s over ${r.fromS}–${r.toS} s, the stages ${exact.toFixed(1)}/s`);
		t.true(Math.abs(r.sent - exact) <= 15, `sent ${r.sent}/s`);
	}
	// ∫ = ½·2·400 + 2·400 + ½·1·400 = 1,400 exchanges in 5 s.
	t.true(Math.abs(outcome!.snapshot.rate.askedMean! - 280) <= 3, `the run's mean asked rate ${outcome!.snapshot.rate.askedMean}, the stages' 1400/5 s`);
	t.is(result.exitCode, 0, result.exitReason);
});

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-stages');
test.serial.before(async () => waitForCarrier(lab()));

test.serial('stages against the lab Kea: the series rises, holds and falls with the stages, and the sender keeps to them', async (t) => {
	const r = await perfInLab(lab(), ['198.19.0.1', '--stages', '2s:300,2s:300,1s:0', '-t', '0.5', '--no-dashboard'], dir, 60_000);
	t.true(r.code === 0 || r.code === 1, r.stderr);
	const rows = r.json.series!;
	const at = (s: number) => rows.find((row) => row.fromS <= s && s < row.toS)!;
	// Shape, not timing: rising in the first stage, level in the second, falling in the last.
	t.true(at(0.2).asked < at(1.2).asked && at(1.2).asked < at(2.5).asked, rows.map((x) => x.asked).join(' '));
	// The asked rate is logged at each collection (every 0.25 s, later on a busy machine), so a level near a corner may hold a step of the ramp.
	t.true(Math.abs(at(2.7).asked - 300) <= 30 && Math.abs(at(3.5).asked - 300) <= 30, rows.map((x) => x.asked).join(' '));
	t.true(at(4.7).asked < at(4.2).asked);
	// The stages ask 1,050 exchanges in all (½·2·300 + 2·300 + ½·1·300): each was started, held back
	// by admission control, or written off when a busy machine stalled the sender, never lost or added.
	const { sent } = r.json.exchanges.DO!;
	const { heldBack, skipped } = r.json.generator;
	t.true(Math.abs(sent + heldBack + skipped - 1050) <= 3, `${sent} started, ${heldBack} held back, ${skipped} written off`);
	t.true(sent > 0);
	t.true(Math.abs(r.json.rate.asked - 210) <= 6, `mean asked ${r.json.rate.asked}/s`);
	t.regex(r.json.exitReason, /^period reached \(-p 5\)/);
	t.is(r.json.settings.stages, '2s:300,2s:300,1s:0');
});
