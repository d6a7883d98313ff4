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

export interface TitleBarProps {
	/** e.g. `dhcpulse perf`. */
	title: string;
	mode: string;
	family: 4 | 6;
	target: string;
	/** The state, e.g. RUNNING, and its colour. */
	label: string;
	color: string;
	inverse?: boolean;
	/** Dim text after the state, when it fits (the worker and client counts). */
	extra?: string;
	width: number;
}

/**
 * A live view's first line: `TITLE  MODE  DHCPvN  TARGET  STATE  extra`; narrow, the target gets a
 * line of its own. Shared by the perf dashboard and the capacity view.
 */
export function TitleBar({ title, mode, family, target, label, color, inverse = false, extra = '', width }: TitleBarProps): ReactElement {
	if (isNarrow(width)) {
		return (
			<Box flexDirection="column">
				<Text wrap="truncate-end">
					<Text bold>{title}</Text>
					{` ${mode} v${family}  `}
					<Text bold color={color} inverse={inverse}>
						{label}
					</Text>
				</Text>
				<Text color="cyan" wrap="truncate-end">
					{truncate(target, width)}
				</Text>
			</Box>
		);
	}
	const left = `${title}  ${mode}  DHCPv${family}  `;
	// The target matters more than the extra: it goes first when space is short.
	const right = extra !== '' && left.length + target.length + 2 + label.length + extra.length <= width ? extra : '';
	const shown = truncate(target, Math.max(8, width - left.length - label.length - right.length - 2));
	return (
		<Text wrap="truncate-end">
			<Text bold>{title}</Text>
			{`  ${mode}  DHCPv${family}  `}
			<Text color="cyan">{shown}</Text>
			{'  '}
			<Text bold color={color} inverse={inverse}>
				{label}
			</Text>
			<Text dimColor>{right}</Text>
		</Text>
	);
}

/**
 * `dhcpulse perf  DORA  DHCPv4  relay 198.19.0.2 → 198.19.0.1:67   RUNNING  2 workers  1000 clients`;
 * narrow, the target gets a line of its own: `dhcpulse perf DORA v4  RUNNING` / `relay 198.19.0.2 → …`.
 */
export function Header({ snapshot: s, width }: HeaderProps): ReactElement {
	const state = STATE[s.state] ?? STATE.running;
	return (
		<TitleBar
			title="dhcpulse perf"
			mode={s.mode}
			family={s.family}
			target={s.target}
			label={state.label}
			color={state.color}
			inverse={s.state === 'paused'}
			extra={`  ${plural(s.workers, 'worker')}  ${plural(s.clients, 'client')}`}
			width={width}
		/>
	);
}
