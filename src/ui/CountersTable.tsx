import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { ExchangeSnapshot } from '../perf/snapshot.js';
import { dropFraction, formatCount, formatPercent } from './format.js';
import { tableLines, tableWidth } from './table.js';

export interface CountersTableProps {
	exchanges: readonly ExchangeSnapshot[];
	width: number;
}

const LONG = ['exchange', 'sent', 'ok', 'rejected', 'timeouts', 'late', 'orphans', 'malformed', 'in-flight', 'drop %'];
const SHORT = ['exchange', 'sent', 'ok', 'rej', 't/o', 'late', 'orph', 'malf', 'infl', 'drop%'];

/**
 * What happened to each exchange's requests: every request is ok, rejected, timed out or still
 * in flight (`sent = ok + rejected + timeouts + in-flight`, src/perf/snapshot.ts). Drop % is
 * timeouts over settled requests, so in-flight ones never count as drops; an exchange that
 * expects no reply (v4 RELEASE) shows `-` instead of figures that would read as losses.
 */
export function CountersTable({ exchanges, width }: CountersTableProps): ReactElement {
	const body = exchanges.map((ex) => {
		if (!ex.expectsReply) return [ex.label, formatCount(ex.sent), '-', '-', '-', '-', '-', '-', '-', 'no reply'];
		const drop = dropFraction(ex);
		return [
			ex.label,
			formatCount(ex.sent),
			formatCount(ex.ok),
			formatCount(ex.rejected),
			formatCount(ex.timeouts),
			formatCount(ex.late),
			formatCount(ex.orphans),
			formatCount(ex.malformed),
			formatCount(ex.inFlight),
			drop === null ? '-' : formatPercent(drop),
		];
	});
	const rows = tableWidth([LONG, ...body]) <= width ? [LONG, ...body] : [SHORT, ...body];
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
