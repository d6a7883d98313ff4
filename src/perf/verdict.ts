/**
 * The verdict of a finished load run: the thresholds the user set, the accounting identity, and
 * the exit code in the monitoring-plugin convention (src/exit-codes.ts). It owns these rules so
 * every output (text report, JSON, dashboard) reports the one verdict, and so they are tested
 * without a server. Kea perfdhcp keeps its exit conditions apart from its run loop the same way
 * (`BasicScen::checkExitConditions`).
 */
import { ExitCode } from '../exit-codes.js';
import { identityHolds } from './accounting.js';
import type { PerfSnapshot } from './snapshot.js';

export interface PerfThresholds {
	maxDropPct: number | null;
	maxP99Ms: number | null;
	minRate: number | null;
}

/** One checked threshold (`--max-drop-pct`, `--max-p99`, …). */
export interface ThresholdResult {
	/** What was checked, e.g. `p99 DISCOVER-OFFER` or `drops %`. */
	name: string;
	/** The limit as given, e.g. `5 ms` or `1 %` (numbers are printed as they are). */
	limit: string | number;
	/** The measured value, in the same unit. */
	value: string | number;
	passed: boolean;
}

export interface Verdict {
	exitCode: number;
	/** Why the run ended and how long it drained, plus what failed, e.g. `period reached (-p 5); drained 0.012 s`. */
	exitReason: string;
	thresholds: ThresholdResult[];
	identityHolds: boolean;
}

/** The exchange whose ok answers are completed exchanges: REQUEST-ACK / REQUEST-REPLY, else the first. */
export function finalExchange<T extends { name: string }>(exchanges: readonly T[]): T | undefined {
	return exchanges.find((e) => e.name === 'RA' || e.name === 'RR') ?? exchanges[0];
}

/**
 * --max-drop-pct: timeouts ÷ settled requests over every exchange that expects replies;
 * --max-p99: the p99 latency of each such exchange that got answers; --min-rate: completed
 * exchanges (final stage ok) per second of sending.
 */
export function evaluateThresholds(t: PerfThresholds, s: Pick<PerfSnapshot, 'exchanges'>, sendingS: number): ThresholdResult[] {
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
		const final = finalExchange(s.exchanges)!;
		const rate = sendingS > 0 ? final.ok / sendingS : 0;
		out.push({ name: `completed rate (${final.name})`, limit: `${t.minRate}/s`, value: `${rate.toFixed(1)}/s`, passed: rate >= t.minRate });
	}
	return out;
}

/** What the run loop knows about how the run ended. */
export interface RunEnd {
	/** Why sending stopped, e.g. `period reached (-p 5)`; null when nothing asked (it ended by itself). */
	stopReason: string | null;
	/** The stop came from -D (`max-drop reached`). */
	maxDropHit: boolean;
	drainS: number;
	sendingS: number;
}

/**
 * The exit code: CRITICAL when a threshold failed, -D stopped the run, nothing answered what
 * was sent, or the accounting identity broke (a bug, never to be reported as a pass); else OK.
 */
export function judge(final: Pick<PerfSnapshot, 'exchanges'>, thresholds: PerfThresholds, end: RunEnd): Verdict {
	const results = evaluateThresholds(thresholds, final, end.sendingS);
	const identity = final.exchanges.every((e) => identityHolds(e, e.expectsReply));
	let exitReason = `${end.stopReason ?? 'ended'}; drained ${end.drainS.toFixed(3)} s`;
	let exitCode: number = ExitCode.OK;
	const answered = final.exchanges.filter((e) => e.expectsReply).some((e) => e.ok + e.rejected > 0);
	if (results.some((t) => !t.passed)) exitCode = ExitCode.CRITICAL;
	if (end.maxDropHit) exitCode = ExitCode.CRITICAL;
	if (final.exchanges[0]!.sent > 0 && !answered) {
		exitCode = ExitCode.CRITICAL;
		exitReason += '; nothing answered';
	}
	if (!identity) exitCode = ExitCode.CRITICAL;
	return { exitCode, exitReason, thresholds: results, identityHolds: identity };
}
