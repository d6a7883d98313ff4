/**
 * The final text report of `dhcpulse perf`, laid out in perfdhcp's sections (`***Rate
 * statistics***`, `***Malformed Packets***`, `***Statistics for: …***`, Kea src/bin/perfdhcp/stats_mgr.h and test_control.cc)
 * so people and scripts used to perfdhcp find their figures, with what perfdhcp lacks:
 * asked vs achieved send rate, rejected/timeouts/late/in-flight kept apart, and percentiles.
 */
import type { ExchangeSnapshot, PerfSnapshot } from '../perf/snapshot.js';
import type { ExchangeName } from '../perf/accounting.js';
import type { ThresholdResult } from '../perf/verdict.js';
import type { DuplicateAddress } from '../perf/lease-book.js';
import { dropFraction, finite, formatAsked, formatCount, formatRate, formatSeconds, plural, shortfallFraction, shortfallText } from './format.js';

/** What the snapshot does not know about the run as a whole. */
export interface RunSummary {
	/** Why the run ended, e.g. `period reached (-p 30)`, `stopped by user (q)`, `interrupted (SIGINT)`. */
	exitReason?: string;
	thresholds?: ThresholdResult[];
	/** The generator's own side of the run (RunOutcome's figures). */
	generator?: { heldBack: number; skipped: number; maxStallMs: number; maxQueuedMs: number | null };
	/** -u: the address uniqueness check (perf/lease-book.ts). */
	uniqueness?: { addresses: number; duplicates: readonly DuplicateAddress[] } | null;
}

/** Duplicates listed in the text report; the JSON has them all. */
const DUPLICATES_SHOWN = 20;

const FIRST_STAGE: readonly ExchangeName[] = ['DO', 'SA'];
const SECOND_STAGE: readonly ExchangeName[] = ['RA', 'RR'];

/**
 * The whole report, one `\n`-terminated line each. Rates here are whole-run averages (sent and
 * completed exchanges ÷ elapsed time), not the last interval's.
 */
/** A finished run's whole-run rates, per second of sending, as the report and the dashboard's summary give them. */
export interface RunRates {
	/** The asked rate; a rate changed with + / - is its time-weighted mean. */
	asked: number;
	/** New exchanges sent (first stage) per second. */
	sent: number;
	/** Completed exchanges (the final stage's ok answers) per second. */
	completed: number;
	/** sent ÷ asked, 0 without an asked rate. */
	fraction: number;
	elapsedS: number;
	pausedS: number;
	ways: '4-way' | '2-way';
}

export function runRates(s: PerfSnapshot): RunRates {
	const elapsed = finite(s.elapsedS);
	const paused = finite(s.pausedS ?? 0);
	// Paused time is not run time: rates are per second of sending.
	const active = Math.max(0, elapsed - paused);
	const first = s.exchanges.find((e) => FIRST_STAGE.includes(e.name));
	const second = s.exchanges.find((e) => SECOND_STAGE.includes(e.name));
	const final = second ?? first;
	const avg = (n: number): number => (active > 0 ? finite(n) / active : 0);
	const asked = s.rate.askedMean ?? s.rate.asked;
	// A lifecycle client starting over sends a DISCOVER / SOLICIT, but is no new client of the asked rate.
	const sent = avg((first?.sent ?? 0) - (s.restarts ?? 0));
	return { asked, sent, completed: avg(final?.ok ?? 0), fraction: asked > 0 ? sent / asked : 0, elapsedS: elapsed, pausedS: paused, ways: second ? '4-way' : '2-way' };
}

export function formatReport(s: PerfSnapshot, summary: RunSummary = {}): string {
	const out: string[] = [];
	const { asked, sent: sentRate, completed: completedRate, fraction, elapsedS: elapsed, pausedS: paused, ways } = runRates(s);

	out.push('***Run***');
	out.push(`target: ${s.target}`);
	out.push(`mode: ${s.mode} (DHCPv${s.family}), ${plural(s.workers, 'worker')}, ${plural(s.clients, 'client')}`);
	out.push(`duration: ${elapsed.toFixed(3)} s${paused > 0 ? ` (${paused.toFixed(3)} s of it paused, not counted in any rate)` : ''}`);
	const w = s.warmUp;
	if (w)
		out.push(
			`warm-up: ${formatCount(w.started)} exchanges ${w.cut ? `at ${formatRate(w.rate)}, cut short by the stop (nothing was measured)` : `in ${formatSeconds(w.seconds)} at ${formatRate(w.rate)} before the run`}, not counted`,
		);
	if (summary.exitReason) out.push(`ended: ${summary.exitReason}`);
	if (s.avalanche) {
		const a = s.avalanche;
		// perfdhcp's avalanche sentence (Kea src/bin/perfdhcp/avalanche_scen.cc), then what it leaves out.
		out.push(`It took ${clock(elapsed)} to provision ${formatCount(a.provisioned)} clients`);
		out.push(
			`avalanche: ${formatCount(a.provisioned)} of ${formatCount(s.clients)} clients provisioned, ${formatCount(a.done - a.provisioned)} rejected or gave up, ` +
				`${formatCount(s.clients - a.done)} not done; ${formatCount(a.retransmits)} retransmissions`,
		);
	}

	out.push('***Rate statistics***');
	out.push(`Rate: ${completedRate.toFixed(3)} ${ways} exchanges/second, expected rate: ${s.avalanche ? 'all at once' : formatCount(asked)}`);
	out.push(`asked rate: ${formatAsked(s)}${askedChanges(s)}`);
	out.push(`achieved send rate: ${formatRate(sentRate)}${asked > 0 ? ` (${(fraction * 100).toFixed(1)} % of asked)` : ''}`);
	out.push(`completed rate: ${formatRate(completedRate)}`);
	if (s.restarts !== undefined && s.restarts > 0)
		out.push(`clients that started over: ${formatCount(s.restarts)} (a lease ended or was refused, or a decline): their ${s.family === 4 ? 'DISCOVERs' : 'SOLICITs'} are counted below, not in the send rate`);
	// The run-wide average hides a shortfall late in the run; the snapshot's flag is the last interval's.
	const wholeRunShort = asked > 0 && fraction < 0.98;
	if (wholeRunShort) out.push(`RATE NOT REACHED: asked ${formatRate(asked)}, sent ${formatRate(sentRate)} on average`);
	else if (s.rate.shortfall) out.push(`${shortfallText(s.rate)} in the last interval (${(shortfallFraction(s.rate) * 100).toFixed(1)} % short)`);
	const g = summary.generator;
	if (g && (g.heldBack > 0 || g.skipped > 0)) {
		const parts: string[] = [];
		if (g.heldBack > 0) parts.push(`${formatCount(g.heldBack)} new exchanges held back to keep up with the answers`);
		if (g.skipped > 0) parts.push(`${formatCount(g.skipped)} written off after stalls (longest ${g.maxStallMs} ms)`);
		out.push(`generator limit: ${parts.join(', ')}: not the server's doing`);
	}
	if (g && g.maxQueuedMs !== null) out.push(`answers unread in dhcpulse's socket: ${g.maxQueuedMs} ms at most (not counted in the latencies, which end at the answer's arrival)`);
	out.push(`send errors: ${formatCount(s.sendErrors)}`);

	out.push('***Malformed Packets***');
	out.push(`Malformed packets: ${formatCount(s.exchanges.reduce((sum, e) => sum + finite(e.malformed), 0))}`);

	for (const ex of s.exchanges) out.push(...exchangeSection(ex));

	const u = summary.uniqueness;
	if (u) {
		// perfdhcp -u's figure, by its name; here an address counts once however many clients got it.
		out.push('***Address uniqueness***');
		out.push(`non unique addresses: ${formatCount(u.duplicates.length)} (of ${formatCount(u.addresses)} addresses leased)`);
		for (const d of u.duplicates.slice(0, DUPLICATES_SHOWN)) out.push(`${d.address} leased to ${d.clients.join(', ')}`);
		if (u.duplicates.length > DUPLICATES_SHOWN) out.push(`… and ${formatCount(u.duplicates.length - DUPLICATES_SHOWN)} more (--json lists them all)`);
	}

	if (summary.thresholds && summary.thresholds.length > 0) {
		out.push('***Thresholds***');
		const width = Math.max(...summary.thresholds.map((t) => t.name.length));
		for (const t of summary.thresholds) {
			out.push(`${t.passed ? 'PASS' : 'FAIL'}  ${t.name.padEnd(width)}  ${String(t.value)} (limit ${String(t.limit)})`);
		}
		const failed = summary.thresholds.filter((t) => !t.passed).length;
		out.push(failed === 0 ? 'all thresholds passed' : `${failed} of ${summary.thresholds.length} thresholds failed`);
	}

	out.push('***Notes***');
	out.push('in-flight: requests still waiting for an answer when the run ended; they are not counted as drops.');
	out.push('drops ratio: timeouts / (ok + rejected + timeouts); late answers are part of timeouts, not of ok.');
	if (s.avalanche) {
		out.push("avalanche: sent counts requests, not transmissions; a delay runs from a request's first transmission; a timeout is a client that gave up after the drop time (-d).");
	}
	const silent = s.exchanges.filter((e) => !e.expectsReply);
	if (silent.length > 0) {
		out.push(
			`${silent.map((e) => e.label).join(', ')}: no reply expected (RFC 2131 §4.4.6${silent.some((e) => e.name === 'decline') ? ', §4.3.3' : ''}: the server sends none to a DHCPRELEASE${silent.some((e) => e.name === 'decline') ? ' or a DHCPDECLINE' : ''}); requests are sent, never dropped.`,
		);
	}
	return out.map((line) => `${line}\n`).join('');
}

function exchangeSection(ex: ExchangeSnapshot): string[] {
	const out: string[] = [`***Statistics for: ${ex.label}***`, `sent packets: ${formatCount(ex.sent)}`];
	if (!ex.expectsReply) {
		out.push('no reply expected');
		return out;
	}
	const drops = dropFraction(ex);
	const l = ex.latencyUs;
	out.push(
		`received packets (ok): ${formatCount(ex.ok)}`,
		`rejected: ${formatCount(ex.rejected)}`,
		`timeouts (drops): ${formatCount(ex.timeouts)}`,
		`drops ratio: ${drops === null ? 'n/a (nothing settled)' : `${(drops * 100).toFixed(3)} %`}`,
		`late: ${formatCount(ex.late)}`,
		`orphans: ${formatCount(ex.orphans)}`,
		`duplicates: ${formatCount(ex.duplicates)}`,
		`malformed: ${formatCount(ex.malformed)}`,
		`retransmissions: ${formatCount(ex.retransmits)}`,
		`in-flight: ${formatCount(ex.inFlight)}`,
		'',
	);
	if (l.count === 0) {
		out.push('delay: n/a (no answers)');
		return out;
	}
	out.push(
		`min delay: ${ms(l.min)}`,
		`avg delay: ${ms(l.mean)}`,
		`p50 delay: ${ms(l.p50)}`,
		`p90 delay: ${ms(l.p90)}`,
		`p99 delay: ${ms(l.p99)}`,
		`p99.9 delay: ${ms(l.p999)}`,
		`max delay: ${ms(l.max)}`,
		`std deviation: ${ms(l.stddev)}`,
	);
	return out;
}

/** A run whose asked rate changed (+ / -): the time-weighted mean was printed; here is each rate and when it was set. */
function askedChanges(s: PerfSnapshot): string {
	const changes = s.rate.askedChanges;
	if (!changes || changes.length < 2 || s.rate.askedMean === undefined) return '';
	return ` on average while sending (${changes.map((c) => `${formatRate(c.rate)} from ${formatSeconds(c.atS)}`).join(', ')})`;
}

/** perfdhcp's avalanche duration form, `00:00:33.45`. */
function clock(seconds: number): string {
	const cs = Math.round(seconds * 100);
	const h = Math.floor(cs / 360000);
	const m = Math.floor((cs % 360000) / 6000);
	const sec = (cs % 6000) / 100;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${sec.toFixed(2).padStart(5, '0')}`;
}

/** perfdhcp's delay form: milliseconds with 3 decimals. */
function ms(us: number): string {
	return `${(finite(us) / 1000).toFixed(3)} ms`;
}
