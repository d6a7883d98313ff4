import { Text } from 'ink';
import type { ReactElement } from 'react';
import { sparkline } from './format.js';

export interface SparklineProps {
	/** Oldest first; the newest value is drawn rightmost. */
	values: readonly number[];
	/** The value drawn as a full block (shared by sparklines that should compare). */
	max: number;
	/** At most this many characters (the newest values are kept). */
	width: number;
	color?: string;
}

/** One `▁▂▃▄▅▆▇█` character per interval. */
export function Sparkline({ values, max, width, color }: SparklineProps): ReactElement {
	return <Text color={color}>{sparkline(values, max, width)}</Text>;
}
