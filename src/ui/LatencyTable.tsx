import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { ExchangeSnapshot } from '../perf/snapshot.js';
import type { LatencySummary } from '../stats/latency.js';
import { formatMsCell } from './format.js';
import { tableLines } from './table.js';

export interface LatencyTableProps {
	exchanges: readonly ExchangeSnapshot[];
	width: number;
}

const HEAD = ['latency, ms', '', 'min', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max', 'answers'];

function cells(l: LatencySummary): string[] {
	if (l.count === 0) return ['-', '-', '-', '-', '-', '-', '-', '0'];
	return [
		formatMsCell(l.min),
		formatMsCell(l.mean),
		formatMsCell(l.p50),
		formatMsCell(l.p90),
		formatMsCell(l.p99),
		formatMsCell(l.p999),
		formatMsCell(l.max),
		String(l.count),
	];
}

/**
 * Per exchange that expects a reply, two rows: the whole run and the last interval (the
 * interval row is what moves when the server starts to struggle).
 */
export function LatencyTable({ exchanges }: LatencyTableProps): ReactElement {
	const shown = exchanges.filter((ex) => ex.expectsReply);
	const rows: string[][] = [HEAD];
	for (const ex of shown) {
		rows.push([ex.label, 'run', ...cells(ex.latencyUs)]);
		rows.push(['', 'last', ...cells(ex.intervalLatencyUs)]);
	}
	const lines = tableLines(rows);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{lines[0]}
			</Text>
			{lines.slice(1).map((line, i) => (
				<Text key={i} wrap="truncate-end" dimColor={i % 2 === 1}>
					{line}
				</Text>
			))}
		</Box>
	);
}
