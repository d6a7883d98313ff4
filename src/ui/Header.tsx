import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { PerfSnapshot, RunState } from '../perf/snapshot.js';
import { plural, truncate } from './format.js';
import { isNarrow } from './layout.js';

const STATE: Record<RunState, { label: string; color: string }> = {
	starting: { label: 'STARTING', color: 'cyan' },
	warming: { label: 'WARMING UP', color: 'cyan' },
	running: { label: 'RUNNING', color: 'green' },
	paused: { label: 'PAUSED', color: 'yellow' },
	draining: { label: 'DRAINING', color: 'cyan' },
	done: { label: 'DONE', color: 'blue' },
};

export interface HeaderProps {
	snapshot: PerfSnapshot;
	width: number;
}

/** How many lines the header takes at `width`. */
export function headerRows(width: number): number {
	return isNarrow(width) ? 2 : 1;
}

/**
 * `dhcpulse perf  DORA  DHCPv4  relay 198.19.0.2 → 198.19.0.1:67   RUNNING  2 workers  1000 clients`;
 * narrow, the target gets a line of its own: `dhcpulse perf DORA v4  RUNNING` / `relay 198.19.0.2 → …`.
 */
export function Header({ snapshot: s, width }: HeaderProps): ReactElement {
	const state = STATE[s.state] ?? STATE.running;
	if (isNarrow(width)) {
		return (
			<Box flexDirection="column">
				<Text wrap="truncate-end">
					<Text bold>dhcpulse perf</Text>
					{` ${s.mode} v${s.family}  `}
					<Text bold color={state.color} inverse={s.state === 'paused'}>
						{state.label}
					</Text>
				</Text>
				<Text color="cyan" wrap="truncate-end">
					{truncate(s.target, width)}
				</Text>
			</Box>
		);
	}
	const left = `dhcpulse perf  ${s.mode}  DHCPv${s.family}  `;
	const full = `  ${plural(s.workers, 'worker')}  ${plural(s.clients, 'client')}`;
	// The target matters more than the worker and client counts: they go first when space is short.
	const right = left.length + s.target.length + 2 + state.label.length + full.length <= width ? full : '';
	const target = truncate(s.target, Math.max(8, width - left.length - state.label.length - right.length - 2));
	return (
		<Text wrap="truncate-end">
			<Text bold>dhcpulse perf</Text>
			{`  ${s.mode}  DHCPv${s.family}  `}
			<Text color="cyan">{target}</Text>
			{'  '}
			<Text bold color={state.color} inverse={s.state === 'paused'}>
				{state.label}
			</Text>
			<Text dimColor>{right}</Text>
		</Text>
	);
}
