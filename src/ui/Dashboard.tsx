import { Box, Text, useInput, useStdin, useStdout } from 'ink';
import { useEffect, useRef, type ReactElement } from 'react';
import type { PerfEvent, PerfSnapshot } from '../perf/snapshot.js';
import { CountersTable } from './CountersTable.js';
import { Events } from './Events.js';
import { Header, headerRows } from './Header.js';
import { KeyHelp } from './KeyHelp.js';
import { LatencyHistogram } from './LatencyHistogram.js';
import { LatencyTable } from './LatencyTable.js';
import { LedgerPanel, ledgerPanelRows } from './LedgerPanel.js';
import { FULL_COLUMNS, isNarrow } from './layout.js';
import { ProgressBar } from './ProgressBar.js';
import { RateLine, rateLineRows } from './RateLine.js';
import { nextRate } from './rate-step.js';

export interface DashboardProps {
	snapshot: PerfSnapshot;
	/** `q` or Ctrl-C: stop sending, drain, report. Ctrl-C arrives here, not as SIGINT, while stdin is raw. */
	onQuit: () => void;
	/** `p`: pause or resume sending (in-flight requests still settle). */
	onTogglePause: () => void;
	/** `+` / `-`: the new asked rate, ±10 %, never below 1/s (see rate-step.ts). */
	onRateChange: (newRate: number) => void;
	/** Width to lay out for; defaults to the output stream's columns. Below {@link FULL_COLUMNS}, the narrow layout. */
	columns?: number;
	/** Height to fit in; defaults to the output stream's rows. Unknown height: histogram ≤ 12 rows, events ≤ 5. */
	rows?: number;
	/** Log records written while the dashboard is up (live.tsx takes them from the console sinks), shown among the events. */
	logEvents?: readonly PerfEvent[];
	/** Keys typed before the first frame (early-keys.ts), acted on once the run can take them. */
	earlyKeys?: string;
}

const MAX_HISTOGRAM_ROWS = 12;
const MAX_EVENT_ROWS = 5;

/** One block of the layout: its element and the lines it takes. A new panel is one more block. */
interface Block {
	key: string;
	rows: number;
	node: ReactElement;
}

/** The run's events and the log records, in time order (each list is already in order). */
function merged(events: readonly PerfEvent[], logs: readonly PerfEvent[]): readonly PerfEvent[] {
	if (logs.length === 0) return events;
	const out: PerfEvent[] = [];
	let i = 0;
	let j = 0;
	while (i < events.length || j < logs.length) {
		if (j >= logs.length || (i < events.length && events[i]!.atS <= logs[j]!.atS)) out.push(events[i++]!);
		else out.push(logs[j++]!);
	}
	return out;
}

/**
 * The live `dhcpulse perf` dashboard: one pure function of the snapshot plus key handling.
 * It never calls into the engine except through the three callbacks.
 */
export function Dashboard(props: DashboardProps): ReactElement {
	const { snapshot: s, onQuit, onTogglePause, onRateChange } = props;
	const { stdout } = useStdout();
	const { isRawModeSupported } = useStdin();
	// Never wider than the terminal: a wider line would wrap, and each redraw would leave it behind.
	const width = Math.max(1, props.columns ?? stdout.columns ?? FULL_COLUMNS);
	const narrow = isNarrow(width);
	const height = props.rows ?? stdout.rows ?? 0;

	// Key presses faster than snapshots must accumulate (+ + + is +33 %, not +10 % three times),
	// so the rate we last asked for is kept until the engine reports a new asked rate.
	const rate = useRef({ fromSnapshot: s.rate.asked, current: s.rate.asked });
	if (rate.current.fromSnapshot !== s.rate.asked) rate.current = { fromSnapshot: s.rate.asked, current: s.rate.asked };

	function act(input: string, ctrl: boolean): void {
		if (input === 'q' || input === 'Q' || (ctrl && input === 'c')) onQuit();
		else if (input === 'p' || input === 'P' || input === ' ') onTogglePause();
		else if (input === '+' || input === '=') step(1);
		else if (input === '-' || input === '_') step(-1);
	}
	function step(direction: 1 | -1): void {
		const next = nextRate(rate.current.current, direction);
		if (next === rate.current.current) return;
		rate.current.current = next;
		onRateChange(next);
	}

	// useInput throws when stdin cannot go raw (not a TTY); then only SIGINT stops the run (B5).
	useInput((input, key) => act(input, key.ctrl), { isActive: isRawModeSupported === true });

	// Keys typed before the first frame: q at once (a stop is taken in any state); the others once
	// the run is measuring, since the run refuses a pause while it starts or warms up.
	const early = useRef(props.earlyKeys ?? '');
	useEffect(() => {
		if (early.current === '') return;
		const measuring = s.state !== 'starting' && s.state !== 'warming';
		let held = '';
		for (const key of early.current) {
			if (measuring || key === 'q' || key === 'Q') act(key, false);
			else held += key;
		}
		early.current = held;
	});

	const events = merged(s.events, props.logEvents ?? []);
	const replying = s.exchanges.filter((e) => e.expectsReply).length;
	const top: Block = {
		key: 'run',
		rows: headerRows(width) + 1 + rateLineRows(s),
		node: (
			<Box key="run" flexDirection="column">
				<Header snapshot={s} width={width} />
				<ProgressBar snapshot={s} width={width} />
				<RateLine snapshot={s} width={width} />
			</Box>
		),
	};
	const counters: Block = { key: 'counters', rows: 1 + s.exchanges.length, node: <CountersTable key="counters" exchanges={s.exchanges} width={width} /> };
	const latency: Block = { key: 'latency', rows: 1 + 2 * replying, node: <LatencyTable key="latency" exchanges={s.exchanges} width={width} /> };
	// The loss ledger's few lines (LedgerPanel) sit with the counters, once the first reading is in.
	const ledgerRows = ledgerPanelRows(s.ledger);
	const ledger: Block = { key: 'ledger', rows: ledgerRows, node: <LedgerPanel key="ledger" ledger={s.ledger} width={width} /> };
	const fixed = ledgerRows > 0 ? [top, counters, ledger, latency] : [top, counters, latency];

	// The histogram and the events share what the fixed blocks, the key line and the gaps leave
	// (their titles included); one line is kept free so the frame never fills the terminal.
	const gaps = fixed.length + 1;
	const used = fixed.reduce((n, b) => n + b.rows, 0) + 2 + 1 + gaps;
	const spare = height > 0 ? height - 1 - used : MAX_HISTOGRAM_ROWS + MAX_EVENT_ROWS;
	const eventRows = Math.min(MAX_EVENT_ROWS, events.length, Math.max(1, Math.floor(spare / 3)));
	const histogramRows = Math.min(MAX_HISTOGRAM_ROWS, Math.max(3, spare - eventRows));

	const blocks: ReactElement[] = [
		...fixed.map((b) => b.node),
		<LatencyHistogram key="histogram" histogram={s.histogram} width={width} maxRows={histogramRows} />,
		<Box key="events" flexDirection="column">
			<Events events={events} width={width} maxRows={eventRows} />
			<KeyHelp asked={rate.current.current} keysActive={isRawModeSupported === true} paused={s.state === 'paused'} narrow={narrow} />
		</Box>,
	];
	return (
		<Box flexDirection="column" width={width}>
			{blocks.flatMap((b, i) => (i === 0 ? [b] : [<Text key={`gap${i}`}> </Text>, b]))}
		</Box>
	);
}
