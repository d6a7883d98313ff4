/**
 * `dhcpulse capacity`'s live view: where the search is (its phase, the trial, its rate, k of n
 * trials at that rate), the running trial as the perf dashboard shows a run (ProgressBar,
 * RateLine, CountersTable, fed the trial's snapshots), and the curve so far (every rate tried:
 * trials passed, median drop % drawn as a bar against the criterion, median p99), with the
 * bracket of the coarse search or the ladder's knee and its interval marked between the rows
 * as it narrows. A pure function of `CapacityLive`; the observer (observers/capacity-dashboard.ts)
 * builds that from the search's reports, so nothing here knows the search.
 *
 * No keys: stdin stays as it is, so Ctrl-C is SIGINT, which ends the search with what it has.
 */
import { Box, Text, useStdout } from 'ink';
import type { ReactElement } from 'react';
import type { PerfEvent, PerfSnapshot } from '../perf/snapshot.js';
import { CountersTable } from './CountersTable.js';
import { bar, finite, formatSeconds, truncate } from './format.js';
import { TitleBar } from './Header.js';
import { FULL_COLUMNS, isNarrow } from './layout.js';
import { startLiveView, type LiveViewHandle } from './live.js';
import { ProgressBar } from './ProgressBar.js';
import { RateLine, rateLineRows } from './RateLine.js';
import { tableLines } from './table.js';

/** One rate of the curve so far (the medians of its trials; capacity/search.ts CurvePoint has these fields). */
export interface CapacityCurveRow {
	rate: number;
	trials: number;
	passed: number;
	generatorLimited: number;
	dropPct: number;
	p99Ms: number | null;
}

/** Where a capacity search stands, as the view draws it. */
export interface CapacityLive {
	mode: string;
	family: 4 | 6;
	target: string;
	/** The criteria in words, e.g. `drops ≤ 1 %, the asked rate sent`. */
	criteria: string;
	/** --max-drop-pct: the drop bars are drawn on a scale of twice it, so it sits mid-bar. */
	maxDropPct: number;
	/** Seconds since the search began, and the most it may take (--max-time). */
	elapsedS: number;
	maxTimeS: number;
	/** The trial running now; null before the first and between trials. */
	trial: { trial: number; phase: string; rate: number; atRate: number; ofAtRate: number; snapshot: PerfSnapshot | null } | null;
	/** The trial before, in one line (capacity/text.ts trialLine); null before the first ends. */
	last: { text: string; passed: boolean } | null;
	curve: readonly CapacityCurveRow[];
	/** The highest rate passed and the lowest failed before the ladder. */
	bracket: { pass: number | null; fail: number | null };
	/** The ladder's knee so far, with its interval. */
	knee: { rate: number; low: number; high: number; confidence: number; censored: 'above' | 'below' | null } | null;
	/** The search's warnings (generator limit, rejections), and log records, oldest first. */
	events: readonly PerfEvent[];
	/** The verdict once the search has ended; the frame is then one line. */
	done: string | null;
}

const MAX_EVENT_ROWS = 3;
const MAX_BAR = 24;

/** The knee, or before the ladder the bracket, in words; null when nothing is bracketed yet. */
export function kneeText(v: Pick<CapacityLive, 'knee' | 'bracket'>): string | null {
	const k = v.knee;
	if (k) {
		const interval = `${Math.round(k.confidence * 100)} % interval ${k.low}–${k.high}/s`;
		if (k.censored === 'above') return `knee so far: above ${k.rate}/s (the ladder passes at its top)`;
		if (k.censored === 'below') return `knee so far: below ${k.rate}/s (the ladder fails at its bottom)`;
		return `knee so far: ${k.rate}/s, ${interval}`;
	}
	const { pass, fail } = v.bracket;
	if (pass !== null && fail !== null) return `bracket: passes at ${pass}/s, fails at ${fail}/s`;
	if (pass !== null) return `passes up to ${pass}/s so far`;
	return null;
}

/** Where the marker line goes: between the rows below and above the knee (or the bracket's failure). */
function markerAt(v: CapacityLive): { rate: number; text: string } | null {
	if (v.knee && v.knee.censored === null) return { rate: v.knee.rate, text: `knee ${v.knee.rate}/s (${v.knee.low}–${v.knee.high})` };
	if (!v.knee && v.bracket.pass !== null && v.bracket.fail !== null) return { rate: (v.bracket.pass + v.bracket.fail) / 2, text: `between ${v.bracket.pass} and ${v.bracket.fail}/s` };
	return null;
}

/** A curve row's verdict: every trial passed, none did, or some; the generator's shortfalls apart. */
function rowColor(r: CapacityCurveRow): string | undefined {
	if (r.generatorLimited * 2 > r.trials) return 'gray';
	if (r.passed === r.trials) return 'green';
	if (r.passed === 0) return 'red';
	return 'yellow';
}

interface CurveLine {
	text: string;
	color?: string;
	bold?: boolean;
}

/**
 * The curve as lines: a table of rate, trials passed, drop %, p99, and a drop bar (the criterion
 * at its middle, `│`), with the marker line between the rows either side of the knee. At most
 * `maxRows` lines: the rows nearest the marker (or the highest rates) are kept, and a line says
 * how many lower or higher rates are not shown.
 */
export function curveLines(v: CapacityLive, width: number, maxRows: number): CurveLine[] {
	const rows = v.curve;
	const head = ['rate/s', 'passed', 'drop %', 'p99 ms'];
	const rateWidth = Math.max(head[0]!.length, ...rows.map((r) => String(r.rate).length));
	const cells = rows.map((r) => [
		String(r.rate).padStart(rateWidth),
		`${r.passed}/${r.trials}${r.generatorLimited * 2 > r.trials ? ' gen' : ''}`,
		finite(r.dropPct).toFixed(2),
		r.p99Ms === null ? '—' : r.p99Ms.toFixed(2),
	]);
	const table = tableLines([head, ...cells]);
	const barWidth = Math.max(0, Math.min(MAX_BAR, width - (table[0]?.length ?? 0) - 4));
	const scale = 2 * Math.max(v.maxDropPct, 0.01);
	const withBar = (line: string, r: CapacityCurveRow): string => {
		if (barWidth < 4) return line;
		const half = Math.floor(barWidth / 2);
		const b = bar(Math.min(1, finite(r.dropPct) / scale), barWidth);
		// The criterion's place, where the bar has not reached it.
		const marked = b[half] === ' ' ? `${b.slice(0, half)}│${b.slice(half + 1)}` : b;
		return `${line.padEnd(table[0]!.length)}  ${marked}${finite(r.dropPct) > scale ? '▶' : ''}`;
	};
	const body: CurveLine[] = rows.map((r, i) => ({ text: withBar(table[i + 1]!, r), color: rowColor(r) }));
	const marker = markerAt(v);
	if (marker) {
		const at = rows.findIndex((r) => r.rate > marker.rate);
		const text = `── ${marker.text} `;
		body.splice(at < 0 ? body.length : at, 0, { text: text + '─'.repeat(Math.max(0, Math.min(width, table[0]!.length + 2 + barWidth) - text.length)), bold: true });
	}
	const out: CurveLine[] = [{ text: `${table[0]!}${barWidth >= 4 ? `  ${'drops, │ = criterion'.slice(0, barWidth)}` : ''}`, bold: true }];
	const room = Math.max(1, maxRows - 1);
	if (body.length <= room) return [...out, ...body];
	// Keep the rows around the marker (or the newest, highest rates), and say what is left out.
	const centre = marker ? body.findIndex((l) => l.bold) : body.length - 1;
	let from = Math.max(0, Math.min(centre - Math.floor((room - 2) / 2), body.length - (room - 2)));
	let to = Math.min(body.length, from + room - 2);
	if (from === 0) to = Math.min(body.length, room - 1);
	if (to === body.length) from = Math.max(0, body.length - (room - 1));
	const rates = (ls: CurveLine[]): number => ls.filter((l) => l.bold !== true).length;
	const lower = rates(body.slice(0, from));
	const higher = rates(body.slice(to));
	return [
		...out,
		...(from > 0 ? [{ text: `… ${lower} lower rate${lower === 1 ? '' : 's'}`, color: 'gray' }] : []),
		...body.slice(from, to),
		...(to < body.length ? [{ text: `… ${higher} higher rate${higher === 1 ? '' : 's'}`, color: 'gray' }] : []),
	];
}

export interface CapacityViewProps {
	view: CapacityLive;
	logEvents?: readonly PerfEvent[];
	columns?: number;
	rows?: number;
}

const PHASE = (v: CapacityLive): { label: string; color: string } =>
	v.done !== null ? { label: 'DONE', color: 'blue' } : v.trial ? { label: v.trial.phase.toUpperCase(), color: v.trial.phase === 'ladder' ? 'green' : 'cyan' } : { label: 'STARTING', color: 'cyan' };

/** The header (Header.tsx's TitleBar): the command, what is sent and where, and the phase. */
function CapacityHeader({ v, width }: { v: CapacityLive; width: number }): ReactElement {
	const phase = PHASE(v);
	return <TitleBar title="dhcpulse capacity" mode={v.mode} family={v.family} target={v.target} label={phase.label} color={phase.color} width={width} />;
}

export function CapacityView({ view: v, logEvents = [], columns, rows }: CapacityViewProps): ReactElement {
	const { stdout } = useStdout();
	const width = Math.max(1, columns ?? stdout.columns ?? FULL_COLUMNS);
	const height = rows ?? stdout.rows ?? 0;
	const narrow = isNarrow(width);
	if (v.done !== null) {
		return (
			<Box flexDirection="column" width={width}>
				<CapacityHeader v={v} width={width} />
				<Text wrap="truncate-end">{`${v.curve.reduce((n, r) => n + r.trials, 0)} trials in ${formatSeconds(v.elapsedS)}: ${v.done}`}</Text>
			</Box>
		);
	}
	const t = v.trial;
	const s = t?.snapshot ?? null;
	const trialText = t ? `trial ${t.trial}  ${t.phase}  ${t.rate}/s  ${t.atRate} of ${t.ofAtRate} at this rate` : 'the first trial is starting';
	const knee = kneeText(v);
	// Each trial's perf run logs its start and end at INFO: noise here (they are printed when the view ends); warnings and errors are shown.
	const events = [...v.events, ...logEvents.filter((e) => e.level !== 'info')].sort((a, b) => a.atS - b.atS);
	const eventRows = Math.min(MAX_EVENT_ROWS, events.length);
	// The lines every block but the curve takes, the gaps included; the curve gets the rest, one line kept free.
	const used = (narrow ? 2 : 1) + 1 + 1 + (s ? 1 + rateLineRows(s) + 1 + s.exchanges.length : 0) + (v.last ? 1 : 0) + (knee ? 1 : 0) + 1 + (eventRows > 0 ? eventRows : 0) + 1 + 4;
	const curveRows = height > 0 ? Math.max(3, height - 1 - used) : v.curve.length + 3;
	return (
		<Box flexDirection="column" width={width}>
			<CapacityHeader v={v} width={width} />
			<Text wrap="truncate-end">{truncate(`criteria: ${v.criteria}   search ${formatSeconds(v.elapsedS)} / ${formatSeconds(v.maxTimeS)}`, width)}</Text>
			<Text> </Text>
			<Text bold wrap="truncate-end">
				{truncate(trialText, width)}
			</Text>
			{s ? (
				<Box flexDirection="column">
					<ProgressBar snapshot={s} width={width} />
					<RateLine snapshot={s} width={width} />
					<CountersTable exchanges={s.exchanges} width={width} />
				</Box>
			) : null}
			{v.last ? (
				<Text wrap="truncate-end" color={v.last.passed ? undefined : 'yellow'}>
					{truncate(`last: ${v.last.text}`, width)}
				</Text>
			) : null}
			<Text> </Text>
			{knee ? (
				<Text bold wrap="truncate-end">
					{truncate(knee, width)}
				</Text>
			) : null}
			{curveLines(v, width, curveRows).map((l, i) => (
				<Text key={i} wrap="truncate-end" color={l.color} bold={l.bold === true}>
					{truncate(l.text, width)}
				</Text>
			))}
			{eventRows > 0 ? (
				<Box flexDirection="column">
					<Text> </Text>
					{events.slice(-eventRows).map((e, i) => (
						<Text key={i} wrap="truncate-end" color={e.level === 'info' ? undefined : e.level === 'warn' ? 'yellow' : 'red'}>
							{truncate(`${e.level === 'info' ? '' : `${e.level}: `}${e.text.replace(/\s+/g, ' ')}`, width)}
						</Text>
					))}
				</Box>
			) : null}
			<Text dimColor wrap="truncate-end">
				{narrow ? 'Ctrl-C stops: the result so far' : 'Ctrl-C stops the search and reports what it has found'}
			</Text>
		</Box>
	);
}

/** Mounts the view (live.tsx startLiveView: its frame rate, log lines and resizes). */
export function startCapacityView(o: { initial: CapacityLive; color?: boolean; eventClockS?: () => number }): LiveViewHandle<CapacityLive> {
	return startLiveView<CapacityLive>({
		initial: o.initial,
		draw: (view, logEvents) => <CapacityView view={view} logEvents={logEvents} />,
		atS: o.eventClockS ?? ((view) => view.elapsedS),
		name: 'dhcpulse capacity',
		...(o.color !== undefined ? { color: o.color } : {}),
	});
}
