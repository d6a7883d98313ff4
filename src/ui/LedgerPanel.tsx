import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { Ledger } from '../perf/ledger.js';
import { truncate } from './format.js';
import { ledgerPanelLines } from './ledger.js';

export interface LedgerPanelProps {
	/** As of the last report interval; absent or null before the first reading, or without a ledger. */
	ledger: Ledger | null | undefined;
	width: number;
}

/** The rows the panel takes, for the dashboard's height budget. */
export function ledgerPanelRows(ledger: Ledger | null | undefined): number {
	return ledger ? ledgerPanelLines(ledger).length : 0;
}

/** The loss ledger in three lines (ui/ledger.ts): where the run's datagrams went so far. */
export function LedgerPanel({ ledger, width }: LedgerPanelProps): ReactElement | null {
	if (!ledger) return null;
	return (
		<Box flexDirection="column">
			{ledgerPanelLines(ledger).map((line, i) => (
				<Text key={i} wrap="truncate-end">
					{truncate(line, width)}
				</Text>
			))}
		</Box>
	);
}
