/**
 * Each section of the report as HTML (every text escaped) and the plots it asks the page to draw
 * (ChartSpec, numbers only). One renderer per section kind of model.ts.
 */
import type { PerfJson } from '../perf/json.js';
import { formatUs } from '../stats/latency.js';
import type { CapacitySection, ChartSpec, ReportSection } from './model.js';

/** Text as HTML: the five characters that could end an element or an attribute. */
export function escapeHtml(text: unknown): string {
	return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface RenderedSection {
	html: string;
	charts: ChartSpec[];
}

/** Colours that stay apart for the colour-blind (Okabe–Ito palette). */
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const OK = '#009E73';
const REJECTED = '#E69F00';
const TIMEOUT = '#D55E00';

function table(head: string[], rows: unknown[][], cls = ''): string {
	const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
	const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
	// Headings wrap and a table wider than the page scrolls on its own: the loss ledger's 13 columns overflowed a 1280-pixel window.
	return `<div class="table"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table></div>`;
}

/** The exit code and why, coloured as the monitoring convention reads it (0 OK, 1 WARNING, else failed). */
function verdictLine(exitCode: number, text: string): string {
	const cls = exitCode === 0 ? 'ok' : exitCode === 1 ? 'warn' : 'fail';
	return `<p class="verdict ${cls}">exit ${escapeHtml(exitCode)}: ${escapeHtml(text)}</p>`;
}

function chartDiv(spec: ChartSpec): string {
	return `<div class="chart" id="${escapeHtml(spec.id)}"></div>`;
}

/** A setting's value as text: strings as they are, the rest as JSON. */
function settingText(v: unknown): string {
	return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null');
}

function perfSection(run: PerfJson, n: number): RenderedSection {
	const p = `s${n}`;
	const charts: ChartSpec[] = [];
	const series = run.series ?? [];
	const names = Object.keys(run.exchanges);
	const x = series.map((r) => r.toS);
	if (series.length > 0) {
		charts.push({
			id: `${p}-rate`,
			title: 'Asked and achieved rate',
			xLabel: 's of the run',
			yLabel: 'exchanges/s',
			x,
			series: [
				{ label: 'asked', color: '#000000', dash: true, values: series.map((r) => r.asked) },
				{ label: 'sent', color: COLOURS[0]!, values: series.map((r) => r.sent) },
				{ label: 'completed', color: OK, values: series.map((r) => r.completed) },
			],
		});
		names.forEach((name) => {
			const e = run.exchanges[name]!;
			if (!e.expectsReply) return;
			const col = (k: 'p50Us' | 'p90Us' | 'p99Us'): (number | null)[] => series.map((r) => (r.exchanges[name as keyof typeof r.exchanges]?.count ? r.exchanges[name as keyof typeof r.exchanges]![k] / 1000 : null));
			charts.push({
				id: `${p}-lat-${name}`,
				title: `Latency over time, ${e.label}`,
				xLabel: 's of the run',
				yLabel: 'ms',
				x,
				series: [
					{ label: 'p50', color: COLOURS[0]!, values: col('p50Us') },
					{ label: 'p90', color: COLOURS[1]!, values: col('p90Us') },
					{ label: 'p99', color: COLOURS[5]!, values: col('p99Us') },
				],
			});
		});
		// Outcomes of every exchange that expects replies, stacked: ok at the bottom, then rejected, then timeouts.
		const sum = (k: 'ok' | 'rejected' | 'timeouts'): number[] => series.map((r) => names.reduce((t, name) => t + (run.exchanges[name]!.expectsReply ? (r.exchanges[name as keyof typeof r.exchanges]?.[k] ?? 0) : 0), 0));
		const ok = sum('ok');
		const rejected = sum('rejected');
		const timeouts = sum('timeouts');
		charts.push({
			id: `${p}-outcomes`,
			title: 'Outcomes per interval (stacked)',
			xLabel: 's of the run',
			yLabel: 'requests',
			x,
			// Drawn from the top of the stack down, each filled to the axis, so each band shows its own share.
			series: [
				{ label: 'timeouts', color: TIMEOUT, fill: true, values: ok.map((v, i) => v + rejected[i]! + timeouts[i]!), shown: timeouts },
				{ label: 'rejected', color: REJECTED, fill: true, values: ok.map((v, i) => v + rejected[i]!), shown: rejected },
				{ label: 'ok', color: OK, fill: true, values: ok, shown: ok },
			],
		});
	}
	const dist = names.filter((name) => (run.exchanges[name]!.distributionUs ?? []).some(([pc]) => pc < 100));
	if (dist.length > 0) {
		// One x axis for every exchange: the union of their percentiles (the same list, unless one is empty).
		const pcs = [...new Set(dist.flatMap((name) => run.exchanges[name]!.distributionUs!.map(([pc]) => pc)))].filter((pc) => pc < 100).sort((a, b) => a - b);
		charts.push({
			id: `${p}-distribution`,
			title: 'Latency distribution (whole run, HdrHistogram percentile plot)',
			xLabel: 'percentile',
			yLabel: 'ms',
			xPercentile: true,
			yLog: true,
			x: pcs.map((pc) => 1 / (1 - pc / 100)),
			series: dist.map((name, i) => {
				const at = new Map(run.exchanges[name]!.distributionUs!);
				return { label: run.exchanges[name]!.label, color: COLOURS[i % COLOURS.length]!, values: pcs.map((pc) => (at.has(pc) ? at.get(pc)! / 1000 : null)) };
			}),
		});
	}

	const latencyRows = names.map((name) => {
		const e = run.exchanges[name]!;
		const l = e.latencyUs;
		const lat = (us: number): string => (e.expectsReply && l.count > 0 ? formatUs(us) : '–');
		return [e.label, e.sent, e.ok, e.rejected, e.timeouts, e.late, l.count, lat(l.min), lat(l.p50), lat(l.p90), lat(l.p99), lat(l.p999), lat(l.max), lat(l.mean), lat(l.stddev)];
	});
	const r = run.rate;
	const summary = [
		['mode', run.mode],
		['target', run.target],
		['workers, clients', `${run.workers}, ${run.clients}`],
		['sending time', `${run.durationS} s (paused ${run.pausedS} s, drain ${run.drainS} s)`],
		['rate asked / sent / completed', `${r.asked} / ${r.sent} / ${r.completed} per s`],
		['skipped (generator behind)', `${r.skipped} (longest stall ${run.maxStallMs} ms)`],
		['send errors', run.sendErrors],
		['accounting identity', run.identityHolds ? 'holds' : 'BROKEN'],
	];
	const thresholds =
		run.thresholds.length > 0
			? `<h3>Thresholds</h3>\n${table(
					['threshold', 'limit', 'measured', 'result'],
					run.thresholds.map((t) => [t.name, t.limit, t.value, t.passed ? 'pass' : 'FAIL']),
				)}`
			: '';
	const settings = Object.entries(run.settings).map(([k, v]) => [k, settingText(v)]);
	const html = [
		`<section class="perf">`,
		`<h2>Load run: ${escapeHtml(run.mode)} → ${escapeHtml(run.target)}</h2>`,
		verdictLine(run.exitCode, run.exitReason),
		table(['', ''], summary, 'kv'),
		thresholds,
		`<h3>Latency</h3>`,
		table(['exchange', 'sent', 'ok', 'rejected', 'timeouts', 'late', 'answers', 'min', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean', 'stddev'], latencyRows, 'num'),
		series.length === 0 ? `<p class="note">This summary has no per-interval series (written before dhcpulse kept one): no plots over time.</p>` : '',
		...charts.map(chartDiv),
		`<details><summary>Settings</summary>\n${table(['setting', 'value'], settings, 'kv')}\n</details>`,
		`</section>`,
	].join('\n');
	return { html, charts };
}

function capacitySection(c: CapacitySection, n: number): RenderedSection {
	const p = `s${n}`;
	const trials = [...c.trials].sort((a, b) => a.rate - b.rate);
	const x = trials.map((t) => t.rate);
	// A trial the generator could not send is not the server's failure: drawn apart, in grey.
	const kind = (t: CapacitySection['trials'][number]): 'passed' | 'failed' | 'generator' => (t.passed ? 'passed' : t.generatorLimited ? 'generator' : 'failed');
	const split = (v: (t: CapacitySection['trials'][number]) => number | null): ChartSpec['series'] => [
		{ label: 'passed', color: OK, points: true, values: trials.map((t) => (kind(t) === 'passed' ? v(t) : null)) },
		{ label: 'failed', color: TIMEOUT, points: true, values: trials.map((t) => (kind(t) === 'failed' ? v(t) : null)) },
		...(trials.some((t) => kind(t) === 'generator') ? [{ label: 'generator limited', color: '#999999', points: true, values: trials.map((t) => (kind(t) === 'generator' ? v(t) : null)) }] : []),
	];
	const marker = c.knee ? { x: c.knee.rate, label: `knee ${Math.round(c.knee.rate)}/s`, low: c.knee.low, high: c.knee.high } : undefined;
	const charts: ChartSpec[] = [
		{ id: `${p}-cap-drop`, title: 'Rate → drop %', xLabel: 'asked rate, /s', yLabel: 'drop %', x, series: split((t) => t.dropPct), ...(marker ? { marker } : {}) },
		{ id: `${p}-cap-p99`, title: 'Rate → p99 latency', xLabel: 'asked rate, /s', yLabel: 'ms', x, series: split((t) => t.p99Ms), ...(marker ? { marker } : {}) },
	];
	const knee = c.knee ? `${Math.round(c.knee.rate)}/s${c.knee.low !== null && c.knee.high !== null ? ` (interval ${Math.round(c.knee.low)}–${Math.round(c.knee.high)}/s)` : ''}` : 'not found';
	const html = [
		`<section class="capacity">`,
		`<h2>Capacity search</h2>`,
		c.verdict ? verdictLine(c.verdict.exitCode, c.verdict.text) : '',
		table(['', ''], [['criteria', c.criteria], ['capacity', knee], ...(c.generatorLimit !== null ? [['generator limit reached at', `${c.generatorLimit}/s`]] : []), ['trials', c.trials.length]], 'kv'),
		...charts.map(chartDiv),
		ledgerTable(c.ledgers ?? []),
		`</section>`,
	].join('\n');
	return { html, charts };
}

/** Where the datagrams of the trials beside the knee went (their loss ledgers' totals and named losses). */
function ledgerTable(ls: NonNullable<CapacitySection['ledgers']>): string {
	if (ls.length === 0) return '';
	const n = (v: number | null): string => (v === null ? 'unknown' : String(v));
	const sources = [...new Set(ls.map((l) => l.source ?? "not read: the server's steps are unknown"))];
	return [
		`<h3>Where the datagrams went at the knee (loss ledger)</h3>`,
		table(
			['', 'rate/s', 'trial', 'result', 'drop %', 'sent', 'read by server', 'answered', 'received', 'matched', "lost in the server's queue", 'read, not answered', 'lost in our queue', 'lost elsewhere'],
			ls.map((l) => [
				l.side === 'below' ? 'at the knee' : 'above the knee',
				l.rate,
				l.trial,
				l.passed ? 'pass' : 'FAIL',
				l.dropPct.toFixed(2),
				n(l.sent),
				n(l.readByServer),
				n(l.answered),
				n(l.received),
				n(l.matched),
				n(l.lostInServerQueue),
				n(l.notAnswered),
				n(l.lostInOurQueue),
				n(l.lostElsewhere),
			]),
			'num ledger',
		),
		`<p class="note">The server's side: ${escapeHtml(sources.join('; '))}.</p>`,
	].join('\n');
}

export function renderSection(s: ReportSection, n: number): RenderedSection {
	return s.kind === 'perf' ? perfSection(s.run, n) : capacitySection(s, n);
}
