import { Text } from 'ink';
import type { ReactElement } from 'react';
import { formatRate } from './format.js';
import { nextRate } from './rate-step.js';

export interface KeyHelpProps {
	asked: number;
	/** False when stdin is not a terminal: raw-mode keys cannot be read, only Ctrl-C (SIGINT) works. */
	keysActive: boolean;
	paused: boolean;
	/** The narrow layout: the keys in short, and a word that columns are hidden. */
	narrow?: boolean;
}

/** What the narrow layout says on its key line: some columns are hidden, and how to see them. */
export const NARROW_NOTE = 'narrow: 80+ cols show all';

export function KeyHelp({ asked, keysActive, paused, narrow = false }: KeyHelpProps): ReactElement {
	if (!keysActive)
		return (
			<Text dimColor wrap="truncate-end">
				{narrow ? `Ctrl-C stops · ${NARROW_NOTE}` : 'keys unavailable (stdin is not a terminal): Ctrl-C stops and reports'}
			</Text>
		);
	if (narrow) {
		return (
			<Text dimColor wrap="truncate-end">
				{`q stop  p ${paused ? 'resume' : 'pause'}  ${asked > 0 ? '+/- rate  ' : ''}· ${NARROW_NOTE}`}
			</Text>
		);
	}
	return (
		<Text dimColor wrap="truncate-end">
			{/* No asked rate (an avalanche starts every client at once): no rate keys to offer. */}
			{`q stop & report   p ${paused ? 'resume' : 'pause'}   ${asked > 0 ? `+ / - rate (${formatRate(nextRate(asked, 1))} / ${formatRate(nextRate(asked, -1))})   ` : ''}Ctrl-C stop`}
		</Text>
	);
}
