/**
 * The verdict of a finished load run: the thresholds the user set, the accounting identity, and
 * the exit code in the monitoring-plugin convention (src/exit-codes.ts). It owns these rules so
 * every output (text report, JSON, dashboard) reports the one verdict, and so they are tested
 * without a server. Kea perfdhcp keeps its exit conditions apart from its run loop the same way
 * (`BasicScen::checkExitConditions`).
 */
import { ExitCode } from '../exit-codes.js';
import { identityHolds } from './accounting.js';
import { fellShort } from './interval-rates.js';
import type { PerfSnapshot } from './snapshot.js';
import type { ExchangeCounters } from './accounting.js';

/** Each null (or left out) when not given. */
export interface PerfThresholds {
	maxDropPct: number | null;
	maxRejectPct?: number | null;
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
	if (t.maxDropPct != null) {
		const { timeouts, settled } = outcomes(replying);
		const pct = settled > 0 ? (timeouts / settled) * 100 : 0;
		out.push({ name: 'drops %', limit: `${t.maxDropPct} %`, value: `${pct.toFixed(3)} %`, passed: pct <= t.maxDropPct });
	}
	if (t.maxRejectPct != null) {
		const { rejected, settled } = outcomes(replying);
		const pct = settled > 0 ? (rejected / settled) * 100 : 0;
		out.push({ name: 'rejected %', limit: `${t.maxRejectPct} %`, value: `${pct.toFixed(3)} %`, passed: pct <= t.maxRejectPct });
	}
	if (t.maxP99Ms != null) {
		for (const e of replying) {
			if (e.latencyUs.count === 0) continue;
			const ms = e.latencyUs.p99 / 1000;
			out.push({ name: `p99 ${e.label}`, limit: `${t.maxP99Ms} ms`, value: `${ms.toFixed(3)} ms`, passed: ms <= t.maxP99Ms });
		}
	}
	if (t.minRate != null) {
		const final = finalExchange(s.exchanges)!;
		const rate = sendingS > 0 ? final.ok / sendingS : 0;
		out.push({ name: `completed rate (${final.name})`, limit: `${t.minRate}/s`, value: `${rate.toFixed(1)}/s`, passed: rate >= t.minRate });
	}
	return out;
}

/** Timeouts, rejections and settled requests over the exchanges that expect replies. */
export function outcomes(replying: readonly ExchangeCounters[]): { timeouts: number; rejected: number; settled: number } {
	let timeouts = 0;
	let rejected = 0;
	let settled = 0;
	for (const e of replying) {
		timeouts += e.timeouts;
		rejected += e.rejected;
		settled += e.ok + e.rejected + e.timeouts;
	}
	return { timeouts, rejected, settled };
}

/** Without thresholds, a run passes only with fewer timeouts and fewer rejections than this share of settled requests, %. */
export const DEFAULT_LIMIT_PCT = 1;

/** What the run loop knows about how the run ended. */
export interface RunEnd {
	/** Why sending stopped, e.g. `period reached (-p 5)`; null when nothing asked (it ended by itself). */
	stopReason: string | null;
	/** The stop came from -D (`max-drop reached`). */
	maxDropHit: boolean;
	/** -D: the timeouts counted when the limit was seen crossed. */
	maxDropSeen?: number | null;
	/** A signal stopped the run before its end. */
	interrupted: boolean;
	drainS: number;
	/** Seconds of sending, paused time excluded. */
	sendingS: number;
	/** With -u, the addresses the server leased to two clients or more (lease-book.ts); else null or left out. */
	duplicateAddresses?: number | null;
	/** New exchanges asked (the time-weighted asked rate × sending time) and started; null when nothing was asked at a rate (the avalanche). */
	load: RunLoad | null;
}

/** What the generator was asked and what it did: the counts behind "the generator was the limit". */
export interface RunLoad {
	asked: number;
	started: number;
	/** Held back by admission control to keep up with the answers (admission.ts). */
	heldBack?: number;
	/** Written off by the rate control after a stall of the sending loop (rate-control.ts). */
	skipped?: number;
	/** Seconds of sending, for the rate sustained. */
	sendingS?: number;
}

/** The generator could not start what was asked: the run measured the generator's limit, not the server's. */
export function generatorLimited(load: RunLoad): boolean {
	return fellShort(load.started, load.asked);
}

/** The generator's shortfall in words, with the rate it sustained and where the rest went. */
function generatorLimitText(load: RunLoad): string {
	const perS = (n: number): string => `${Math.round(n / load.sendingS!)}/s`;
	const where: string[] = [];
	if (load.heldBack) where.push(`${load.heldBack} held back to keep up with the answers`);
	if (load.skipped) where.push(`${load.skipped} written off after stalls of its sending loop`);
	const sustained = load.sendingS ? `: it sustained ${perS(load.started)} of ${perS(load.asked)} asked` : '';
	return `asked rate not reached: ${Math.round(load.started)} of ${Math.round(load.asked)} exchanges started, the generator was the limit${sustained}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}

/**
 * The exit code, in the monitoring-plugin convention:
 * - CRITICAL when a threshold failed, -D stopped the run, nothing answered what was sent, -u
 *   found an address leased to two clients (the server broke RFC 2131 §4.3.1's rule that an
 *   address is leased to one client; perfdhcp only counts them, but a user who asks for the check
 *   in CI wants it to fail), or the accounting identity broke (a bug, never to be reported as a pass);
 * - else, with thresholds given, they decide: OK;
 * - else UNKNOWN when a signal interrupted the run (it did not measure what was asked);
 * - else WARNING when 1 % or more of the settled requests timed out, or were rejected, or the
 *   asked rate was not reached; the reason names which, so a CI log says what went wrong;
 * - else OK.
 */
export function judge(final: Pick<PerfSnapshot, 'exchanges'>, thresholds: PerfThresholds, end: RunEnd): Verdict {
	const results = evaluateThresholds(thresholds, final, end.sendingS);
	const identity = final.exchanges.every((e) => identityHolds(e, e.expectsReply));
	let exitReason = `${end.stopReason ?? 'ended'}; drained ${end.drainS.toFixed(3)} s`;
	let exitCode: number = ExitCode.OK;
	const replying = final.exchanges.filter((e) => e.expectsReply);
	const answered = replying.some((e) => e.ok + e.rejected > 0);
	if (results.some((t) => !t.passed)) exitCode = ExitCode.CRITICAL;
	if (end.maxDropHit) {
		exitCode = ExitCode.CRITICAL;
		exitReason += maxDropOvershoot(outcomes(replying).timeouts, end.maxDropSeen ?? null);
	}
	if (final.exchanges[0]!.sent > 0 && !answered) {
		exitCode = ExitCode.CRITICAL;
		exitReason += '; nothing answered';
	}
	if (end.duplicateAddresses) {
		exitCode = ExitCode.CRITICAL;
		exitReason += `; ${end.duplicateAddresses} address${end.duplicateAddresses === 1 ? '' : 'es'} leased to two clients or more (-u)`;
	}
	if (!identity) exitCode = ExitCode.CRITICAL;
	const given = Object.values(thresholds).some((v) => v != null);
	if (exitCode === ExitCode.OK && !given) {
		if (end.interrupted) {
			exitCode = ExitCode.UNKNOWN;
			exitReason += '; not judged: the run did not finish';
		} else {
			const warnings = healthWarnings(outcomes(replying), end.load);
			if (warnings.length > 0) {
				exitCode = ExitCode.WARNING;
				exitReason += `; ${warnings.join('; ')}`;
			}
		}
	}
	return { exitCode, exitReason, thresholds: results, identityHolds: identity };
}

/**
 * -D N stops at the first collection (every 0.25 s) that sees N timeouts or more, and the
 * requests in flight then may still time out while the run drains: the report says how far past
 * the limit the run went, and why, rather than print a count that seems to ignore it.
 */
function maxDropOvershoot(timeouts: number, seen: number | null): string {
	if (seen === null) return '';
	const later = timeouts - seen;
	return `; ${timeouts} timeouts in all: ${seen} when the limit was seen (the counts are collected every 0.25 s)${later > 0 ? `, ${later} more of the requests then in flight while the run drained` : ''}`;
}

/** What makes a run without thresholds a WARNING, each said in words. */
function healthWarnings(o: { timeouts: number; rejected: number; settled: number }, load: RunEnd['load']): string[] {
	const out: string[] = [];
	const pct = (n: number): number => (o.settled > 0 ? (n / o.settled) * 100 : 0);
	if (pct(o.timeouts) >= DEFAULT_LIMIT_PCT) out.push(`${pct(o.timeouts).toFixed(1)} % of settled requests timed out (${DEFAULT_LIMIT_PCT} % at most without thresholds)`);
	if (pct(o.rejected) >= DEFAULT_LIMIT_PCT) out.push(`${pct(o.rejected).toFixed(1)} % of settled requests were rejected (${DEFAULT_LIMIT_PCT} % at most without thresholds)`);
	if (load !== null && generatorLimited(load)) out.push(generatorLimitText(load));
	return out;
}
