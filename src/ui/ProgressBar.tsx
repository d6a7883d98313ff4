import { Text } from 'ink';
import type { ReactElement } from 'react';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { bar, finite, formatCount, formatSeconds } from './format.js';

export interface ProgressBarProps {
	snapshot: PerfSnapshot;
	width: number;
}

/**
 * Elapsed time and, when the run has a limit (`-p` seconds or `-n` requests), a bar toward it:
 * `elapsed 12.0s / 30.0s  [█████████▍          ]  40%`.
 */
export function ProgressBar({ snapshot: s, width }: ProgressBarProps): ReactElement {
	const limits: string[] = [];
	if (s.limit.periodS !== null) limits.push(formatSeconds(s.limit.periodS));
	if (s.limit.requests !== null) limits.push(`${formatCount(s.limit.requests)} requests`);
	const label = `elapsed ${formatSeconds(s.elapsedS)}${limits.length > 0 ? ` / ${limits.join(', ')}` : ''}`;
	if (s.progress === null) {
		return (
			<Text wrap="truncate-end">
				{label}
				<Text dimColor>{'  no limit: runs until q or Ctrl-C'}</Text>
			</Text>
		);
	}
	const fraction = Math.min(1, Math.max(0, finite(s.progress)));
	const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
	const barWidth = Math.max(10, Math.min(30, width - label.length - percent.length - 6));
	return (
		<Text wrap="truncate-end">
			{label}
			{'  ['}
			<Text color="green">{bar(fraction, barWidth)}</Text>
			{'] '}
			{percent}
		</Text>
	);
}
