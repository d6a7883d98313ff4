import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { mergeBuckets, type LatencyBuckets } from '../stats/buckets.js';
import { bar, finite, formatBound, formatCount, formatPercent } from './format.js';

/** Widest bar, cells: 240 eighths of resolution is plenty, and every block costs draw time. */
export const MAX_BAR = 30;

export interface LatencyHistogramProps {
	histogram: LatencyBuckets;
	width: number;
	/** At most this many bucket rows; neighbours are merged to fit (labels stay true upper bounds). */
	maxRows: number;
}

/**
 * Whole-run latency of all exchanges over log-spaced buckets, one row per bucket:
 * `  <=2ms |███████▍         |   5123  41.0%`, bars scaled to the fullest bucket.
 */
export function LatencyHistogram({ histogram, width, maxRows }: LatencyHistogramProps): ReactElement {
	const b = mergeBuckets(histogram, maxRows);
	const total = b.counts.reduce((sum, c) => sum + finite(c), 0);
	if (b.counts.length === 0 || total === 0) {
		return (
			<Box flexDirection="column">
				<Text bold>latency histogram</Text>
				<Text dimColor> no answers yet</Text>
			</Box>
		);
	}
	const labels = b.upperUs.map((u) => `<=${formatBound(u)}`);
	const labelWidth = Math.max(...labels.map((l) => l.length));
	const counts = b.counts.map((c) => formatCount(c));
	const countWidth = Math.max(...counts.map((c) => c.length));
	const top = Math.max(...b.counts.map(finite));
	// label, space, |, bar, |, space, count, two spaces, percent (6: `100.0%`). Capped: block
	// characters are the dearest part of a frame to draw (see format.ts formatMsCell).
	const barWidth = Math.max(10, Math.min(MAX_BAR, width - labelWidth - countWidth - 13));
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{`latency histogram, all exchanges, whole run (${formatCount(total)} answers)`}
			</Text>
			{b.counts.map((c, i) => (
				<Text key={b.upperUs[i]} wrap="truncate-end">
					{`${labels[i]!.padStart(labelWidth)} |`}
					<Text color="cyan">{bar(top > 0 ? finite(c) / top : 0, barWidth, c > 0)}</Text>
					{`| ${counts[i]!.padStart(countWidth)}  ${formatPercent(finite(c) / total).padStart(6)}`}
				</Text>
			))}
		</Box>
	);
}
