import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { PerfEvent } from '../perf/snapshot.js';
import { formatSeconds, truncate } from './format.js';

export interface EventsProps {
	events: readonly PerfEvent[];
	width: number;
	/** How many of the newest events to show. */
	maxRows: number;
}

const COLOR: Record<PerfEvent['level'], string | undefined> = { info: undefined, warn: 'yellow', error: 'red' };

/** The newest events (NAK bursts, timeouts, malformed replies), oldest of them first. */
export function Events({ events, width, maxRows }: EventsProps): ReactElement {
	const shown = maxRows > 0 ? events.slice(-maxRows) : [];
	return (
		<Box flexDirection="column">
			<Text bold>{`recent events${events.length === 0 ? ': none' : ''}`}</Text>
			{shown.map((e, i) => {
				const prefix = `[${formatSeconds(e.atS).padStart(6)}] ${e.level.toUpperCase().padEnd(5)} `;
				return (
					<Text key={`${i}:${e.atS}`} color={COLOR[e.level]} wrap="truncate-end">
						{prefix + truncate(e.text.replace(/\s+/g, ' '), Math.max(1, width - prefix.length))}
					</Text>
				);
			})}
		</Box>
	);
}
