import { Box, Text, useInput, useStdin, useStdout } from 'ink';
import { useRef, type ReactElement } from 'react';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { CountersTable } from './CountersTable.js';
import { Events } from './Events.js';
import { Header } from './Header.js';
import { KeyHelp } from './KeyHelp.js';
import { LatencyHistogram } from './LatencyHistogram.js';
import { LatencyTable } from './LatencyTable.js';
import { LedgerPanel, ledgerPanelRows } from './LedgerPanel.js';
import { ProgressBar } from './ProgressBar.js';
import { RateLine } from './RateLine.js';
import { nextRate } from './rate-step.js';

/** Layouts narrower than this are laid out at this width (and truncated by the terminal). */
export const MIN_COLUMNS = 80;

export interface DashboardProps {
	snapshot: PerfSnapshot;
	/** `q` or Ctrl-C: stop sending, drain, report. Ctrl-C arrives here, not as SIGINT, while stdin is raw. */
	onQuit: () => void;
	/** `p`: pause or resume sending (in-flight requests still settle). */
	onTogglePause: () => void;
	/** `+` / `-`: the new asked rate, ±10 %, never below 1/s (see rate-step.ts). */
	onRateChange: (newRate: number) => void;
	/** Width to lay out for; defaults to the output stream's columns. Never below {@link MIN_COLUMNS}. */
	columns?: number;
	/** Height to fit in; defaults to the output stream's rows. Unknown height: histogram ≤ 12 rows, events ≤ 5. */
	rows?: number;
}

const MAX_HISTOGRAM_ROWS = 12;
const MAX_EVENT_ROWS = 5;

/**
 * The live `dhcpulse perf` dashboard: one pure function of the snapshot plus key handling.
 * It never calls into the engine except through the three callbacks.
 */
export function Dashboard(props: DashboardProps): ReactElement {
	const { snapshot: s, onQuit, onTogglePause, onRateChange } = props;
	const { stdout } = useStdout();
	const { isRawModeSupported } = useStdin();
	const width = Math.max(MIN_COLUMNS, props.columns ?? stdout.columns ?? MIN_COLUMNS);
	const height = props.rows ?? stdout.rows ?? 0;

	// Key presses faster than snapshots must accumulate (+ + + is +33 %, not +10 % three times),
	// so the rate we last asked for is kept until the engine reports a new asked rate.
	const rate = useRef({ fromSnapshot: s.rate.asked, current: s.rate.asked });
	if (rate.current.fromSnapshot !== s.rate.asked) rate.current = { fromSnapshot: s.rate.asked, current: s.rate.asked };

	// useInput throws when stdin cannot go raw (not a TTY); then only SIGINT stops the run (B5).
	useInput(
		(input, key) => {
			if (input === 'q' || input === 'Q' || (key.ctrl && input === 'c')) onQuit();
			else if (input === 'p' || input === 'P' || input === ' ') onTogglePause();
			else if (input === '+' || input === '=') step(1);
			else if (input === '-' || input === '_') step(-1);
		},
		{ isActive: isRawModeSupported === true },
	);
	function step(direction: 1 | -1): void {
		const next = nextRate(rate.current.current, direction);
		if (next === rate.current.current) return;
		rate.current.current = next;
		onRateChange(next);
	}

	const replying = s.exchanges.filter((e) => e.expectsReply).length;
	// Header, progress, rate (+ shortfall, send errors), counters, latency, keys, section titles and gaps.
	const fixed =
		3 + (s.rate.shortfall ? 1 : 0) + (s.sendErrors > 0 ? 1 : 0) + (1 + s.exchanges.length) + (1 + 2 * replying) + 1 + 1 + 1 + 4 + ledgerPanelRows(s.ledger);
	const spare = height > 0 ? height - 1 - fixed : MAX_HISTOGRAM_ROWS + MAX_EVENT_ROWS;
	const eventRows = Math.min(MAX_EVENT_ROWS, s.events.length, Math.max(1, Math.floor(spare / 3)));
	const histogramRows = Math.min(MAX_HISTOGRAM_ROWS, Math.max(3, spare - eventRows));

	return (
		<Box flexDirection="column" width={width}>
			<Header snapshot={s} width={width} />
			<ProgressBar snapshot={s} width={width} />
			<RateLine snapshot={s} width={width} />
			<Text> </Text>
			<CountersTable exchanges={s.exchanges} width={width} />
			<LedgerPanel ledger={s.ledger} width={width} />
			<Text> </Text>
			<LatencyTable exchanges={s.exchanges} width={width} />
			<Text> </Text>
			<LatencyHistogram histogram={s.histogram} width={width} maxRows={histogramRows} />
			<Text> </Text>
			<Events events={s.events} width={width} maxRows={eventRows} />
			<KeyHelp asked={rate.current.current} keysActive={isRawModeSupported === true} paused={s.state === 'paused'} />
		</Box>
	);
}
