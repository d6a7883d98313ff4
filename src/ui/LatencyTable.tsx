import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { ExchangeSnapshot } from '../perf/snapshot.js';
import type { LatencySummary } from '../stats/latency.js';
import { formatMsCell } from './format.js';
import { isNarrow } from './layout.js';
import { tableLines } from './table.js';

export interface LatencyTableProps {
	exchanges: readonly ExchangeSnapshot[];
	width: number;
	/** Only the whole-run row of each exchange (the summary left on screen at the end). */
	runOnly?: boolean;
}

const HEAD = ['latency, ms', '', 'min', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max', 'answers'];
/** Narrow: the median, the tail and the worst (cells of {@link cells}: p50, p99, max, answers). */
const NARROW_HEAD = ['latency ms', '', 'p50', 'p99', 'max', 'answers'];
const NARROW_CELLS = [2, 4, 6, 7];

function cells(l: LatencySummary): string[] {
	if (l.count === 0) return ['-', '-', '-', '-', '-', '-', '-', '0'];
	return [formatMsCell(l.min), formatMsCell(l.mean), formatMsCell(l.p50), formatMsCell(l.p90), formatMsCell(l.p99), formatMsCell(l.p999), formatMsCell(l.max), String(l.count)];
}

/**
 * Per exchange that expects a reply, two rows: the whole run and the last interval (the
 * interval row is what moves when the server starts to struggle). Narrow, the exchange's short
 * name and four columns.
 */
export function LatencyTable({ exchanges, width, runOnly = false }: LatencyTableProps): ReactElement {
	const narrow = isNarrow(width);
	const shown = exchanges.filter((ex) => ex.expectsReply);
	const pick = (c: string[]): string[] => (narrow ? NARROW_CELLS.map((i) => c[i]!) : c);
	const rows: string[][] = [narrow ? NARROW_HEAD : HEAD];
	for (const ex of shown) {
		rows.push([narrow ? ex.name : ex.label, 'run', ...pick(cells(ex.latencyUs))]);
		if (!runOnly) rows.push(['', 'last', ...pick(cells(ex.intervalLatencyUs))]);
	}
	const lines = tableLines(rows);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{lines[0]}
			</Text>
			{lines.slice(1).map((line, i) => (
				<Text key={i} wrap="truncate-end" dimColor={!runOnly && i % 2 === 1}>
					{line}
				</Text>
			))}
		</Box>
	);
}
