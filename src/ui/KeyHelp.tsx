import { Text } from 'ink';
import type { ReactElement } from 'react';
import { formatRate } from './format.js';
import { nextRate } from './rate-step.js';

export interface KeyHelpProps {
	asked: number;
	/** False when stdin is not a terminal: raw-mode keys cannot be read, only Ctrl-C (SIGINT) works. */
	keysActive: boolean;
	paused: boolean;
}

export function KeyHelp({ asked, keysActive, paused }: KeyHelpProps): ReactElement {
	if (!keysActive) return <Text dimColor>keys unavailable (stdin is not a terminal): Ctrl-C stops and reports</Text>;
	return (
		<Text dimColor wrap="truncate-end">
			{/* No asked rate (an avalanche starts every client at once): no rate keys to offer. */}
			{`q stop & report   p ${paused ? 'resume' : 'pause'}   ${asked > 0 ? `+ / - rate (${formatRate(nextRate(asked, 1))} / ${formatRate(nextRate(asked, -1))})   ` : ''}Ctrl-C stop`}
		</Text>
	);
}
