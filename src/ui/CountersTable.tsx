import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { ExchangeSnapshot } from '../perf/snapshot.js';
import { dropFraction, formatCount, formatPercent } from './format.js';
import { tableLines, tableWidth } from './table.js';

export interface CountersTableProps {
	exchanges: readonly ExchangeSnapshot[];
	width: number;
}

const LONG = ['exchange', 'sent', 'ok', 'rejected', 'timeouts', 'late', 'orphans', 'duplicates', 'malformed', 'retransmits', 'in-flight', 'drop %'];
const SHORT = ['exchange', 'sent', 'ok', 'rej', 't/o', 'late', 'orph', 'dup', 'malf', 'retx', 'infl', 'drop%'];
const DUPLICATES = LONG.indexOf('duplicates');
const RETRANSMITS = LONG.indexOf('retransmits');

/**
 * What happened to each exchange's requests: every request is ok, rejected, timed out or still
 * in flight (`sent = ok + rejected + timeouts + in-flight`, src/perf/snapshot.ts). Drop % is
 * timeouts over settled requests, so in-flight ones never count as drops; an exchange that
 * expects no reply (v4 RELEASE) shows `-` instead of figures that would read as losses.
 */
export function CountersTable({ exchanges, width }: CountersTableProps): ReactElement {
	// Duplicates and retransmissions are rare outside the avalanche: their columns appear once there is one to show.
	const show = (column: number): boolean =>
		(column !== DUPLICATES || exchanges.some((ex) => ex.duplicates > 0)) && (column !== RETRANSMITS || exchanges.some((ex) => ex.retransmits > 0));
	const body = exchanges.map((ex) => {
		if (!ex.expectsReply) return [ex.label, formatCount(ex.sent), '-', '-', '-', '-', '-', '-', '-', '-', '-', 'no reply'];
		const drop = dropFraction(ex);
		return [
			ex.label,
			formatCount(ex.sent),
			formatCount(ex.ok),
			formatCount(ex.rejected),
			formatCount(ex.timeouts),
			formatCount(ex.late),
			formatCount(ex.orphans),
			formatCount(ex.duplicates),
			formatCount(ex.malformed),
			formatCount(ex.retransmits),
			formatCount(ex.inFlight),
			drop === null ? '-' : formatPercent(drop),
		];
	});
	const pick = (row: string[]): string[] => row.filter((_, column) => show(column));
	const long = [LONG, ...body].map(pick);
	const rows = tableWidth(long) <= width ? long : [SHORT, ...body].map(pick);
	const lines = tableLines(rows);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{lines[0]}
			</Text>
			{lines.slice(1).map((line, i) => {
				const ex = exchanges[i]!;
				const bad = ex.expectsReply && (ex.timeouts > 0 || ex.rejected > 0 || ex.malformed > 0);
				return (
					<Text key={ex.name} wrap="truncate-end" color={bad ? 'yellow' : undefined}>
						{line}
					</Text>
				);
			})}
		</Box>
	);
}
