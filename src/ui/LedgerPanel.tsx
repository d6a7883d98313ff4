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

/**
 * The ledger the panel shows: only one with something of the server's side to say. Without a
 * server to read (no lab, no --kea-socket or --kea-api) every step past dhcpulse's own socket is
 * unknown, and three lines of "unknown" would take the rows the events need on a small terminal.
 */
function shown(ledger: Ledger | null | undefined): Ledger | null {
	return ledger && (ledger.sources.server !== null || ledger.sources.serverKernel !== null) ? ledger : null;
}

/** The rows the panel takes, for the dashboard's height budget. */
export function ledgerPanelRows(ledger: Ledger | null | undefined): number {
	const l = shown(ledger);
	return l ? ledgerPanelLines(l).length : 0;
}

/** The loss ledger in three lines (ui/ledger.ts): where the run's datagrams went so far. */
export function LedgerPanel({ ledger, width }: LedgerPanelProps): ReactElement | null {
	const l = shown(ledger);
	if (!l) return null;
	return (
		<Box flexDirection="column">
			{ledgerPanelLines(l).map((line, i) => (
				<Text key={i} wrap="truncate-end">
					{truncate(line, width)}
				</Text>
			))}
		</Box>
	);
}
