import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { ExchangeSnapshot } from '../perf/snapshot.js';
import { dropFraction, formatCount, formatPercent } from './format.js';
import { isNarrow } from './layout.js';
import { tableLines, tableWidth } from './table.js';

export interface CountersTableProps {
	exchanges: readonly ExchangeSnapshot[];
	width: number;
}

const LONG = ['exchange', 'sent', 'ok', 'rejected', 'timeouts', 'late', 'orphans', 'duplicates', 'malformed', 'retransmits', 'in-flight', 'drop %'];
const SHORT = ['exchange', 'sent', 'ok', 'rej', 't/o', 'late', 'orph', 'dup', 'malf', 'retx', 'infl', 'drop%'];
const DUPLICATES = LONG.indexOf('duplicates');
const RETRANSMITS = LONG.indexOf('retransmits');
/** Narrow, only these columns are always shown; malformed, duplicates and retransmissions once one is not 0; late and orphans never. */
const NARROW_ALWAYS = new Set(['exchange', 'sent', 'ok', 'rejected', 'timeouts', 'in-flight', 'drop %'].map((c) => LONG.indexOf(c)));
const RARE: Record<number, keyof ExchangeSnapshot> = {
	[LONG.indexOf('malformed')]: 'malformed',
	[DUPLICATES]: 'duplicates',
	[RETRANSMITS]: 'retransmits',
};

/**
 * What happened to each exchange's requests: every request is ok, rejected, timed out or still
 * in flight (`sent = ok + rejected + timeouts + in-flight`, src/perf/snapshot.ts). Drop % is
 * timeouts over settled requests, so in-flight ones never count as drops; an exchange that
 * expects no reply (v4 RELEASE) shows `-` instead of figures that would read as losses.
 */
export function CountersTable({ exchanges, width }: CountersTableProps): ReactElement {
	const narrow = isNarrow(width);
	const seen = (column: number): boolean => RARE[column] !== undefined && exchanges.some((ex) => (ex[RARE[column]!] as number) > 0);
	// Duplicates and retransmissions are rare outside the avalanche: their columns appear once there is one to show.
	// Narrow, so does malformed, and late (a kind of timeout) and orphans are left to the report.
	const show = (column: number): boolean => (narrow ? NARROW_ALWAYS.has(column) || seen(column) : (column !== DUPLICATES && column !== RETRANSMITS) || seen(column));
	const body = exchanges.map((ex) => {
		// Narrow, the exchange's short name (DO, RA) stands for its label (DISCOVER-OFFER, REQUEST-ACK).
		const name = narrow ? ex.name : ex.label;
		if (!ex.expectsReply) return [name, formatCount(ex.sent), '-', '-', '-', '-', '-', '-', '-', '-', '-', narrow ? 'none' : 'no reply'];
		const drop = dropFraction(ex);
		return [
			name,
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
	const rows = !narrow && tableWidth(long) <= width ? long : [SHORT, ...body].map(pick);
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
