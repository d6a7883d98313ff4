/**
 * Stages (`--stages 30s:1000,60s:5000,10s:0`): the asked rate ramps linearly from one target to
 * the next, k6's stages (the `ramping-arrival-rate` executor: each stage goes from the previous
 * target to its own over its duration, grafana.com/docs/k6/latest/using-k6/scenarios/executors/
 * ramping-arrival-rate/). The first stage starts from -r when it is given, else from 0 (k6's
 * `startRate` defaults to 0); sending ends after the last stage. Pacing is the basic shape's,
 * with its rate moved every turn of the sending loop; the run loop logs the same rate in the
 * lifecycle at every collection (stageRateAt, one rule for both), so the asked curve is in the
 * report and the JSON.
 */
import { UserError } from '../../exit-codes.js';
import { BasicShape } from './basic.js';
import type { Stage } from '../config.js';
import type { ShapeSpec } from './shape.js';

const UNIT_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** `30s:1000,1m:5000,500ms:0` (a bare duration is seconds); `maxRate` bounds each target. */
export function parseStages(text: string, maxRate: number): Stage[] {
	const bad = (why: string): UserError => new UserError(`--stages ${text}: ${why}; expected DURATION:RATE[,DURATION:RATE…] such as 30s:1000,60s:5000,10s:0`);
	const stages = text.split(',').map((part) => {
		const m = /^\s*(\d+(?:\.\d+)?)(ms|s|m|h)?\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
		if (!m) throw bad(`"${part}" is not DURATION:RATE`);
		const stage = { durationS: Number(m[1]) * UNIT_S[m[2] ?? 's']!, target: Number(m[3]) };
		if (stage.target > maxRate) throw bad(`${stage.target}/s is more than ${maxRate}/s`);
		return stage;
	});
	if (stages.reduce((t, s) => t + s.durationS, 0) <= 0) throw bad('the stages last no time');
	return stages;
}

/** Seconds the stages last: the run's length. */
export function stagesLengthS(stages: readonly Stage[]): number {
	return stages.reduce((t, s) => t + s.durationS, 0);
}

/** The asked rate `tS` seconds into the measured run: linear within each stage, the last target after the end. */
export function stageRateAt(stages: readonly Stage[], startRate: number, tS: number): number {
	let from = startRate;
	let at = 0;
	for (const s of stages) {
		if (tS < at + s.durationS) return from + ((s.target - from) * Math.max(0, tS - at)) / s.durationS;
		from = s.target;
		at += s.durationS;
	}
	return from;
}

class StagesShape extends BasicShape {
	override turn(nowUs: number): void {
		this.follow(nowUs);
		super.turn(nowUs);
	}

	override afterReceive(nowUs: number): void {
		this.follow(nowUs);
		super.afterReceive(nowUs);
	}

	/** Moves the new-exchange rate to the stages' rate now (once the measured run has begun). */
	private follow(nowUs: number): void {
		const h = this.h;
		const stages = h.settings.stages;
		if (this.warming || stages === null || Number.isNaN(h.startS)) return;
		const nowS = nowUs / 1e6;
		const rate = stageRateAt(stages, h.settings.rate, nowS - h.startS);
		if (rate !== this.newRate.asked) this.newRate.retarget(rate, nowS);
	}
}

export const stages: ShapeSpec = {
	name: 'stages',
	refuses: [['period', 'the stages set how long the run sends']],
	create: (host) => new StagesShape(host),
};
