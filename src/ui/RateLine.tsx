import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { finite, formatAsked, formatCount, formatRate, shortfallFraction, shortfallText } from './format.js';
import { Sparkline } from './Sparkline.js';

export interface RateLineProps {
	snapshot: PerfSnapshot;
	width: number;
}

/**
 * Asked vs achieved send rate and the answer rate, each with a sparkline of its recent
 * intervals on one shared scale; then, when the generator falls short of the asked rate, a loud
 * line saying so — results measured at a lower rate than asked must never pass unnoticed
 * (perfdhcp only prints `expected rate` in its final report).
 */
export function RateLine({ snapshot: s, width }: RateLineProps): ReactElement {
	const r = s.rate;
	const history = r.history ?? [];
	let max = finite(r.asked);
	for (const h of history) max = Math.max(max, finite(h.sent), finite(h.completed));
	const sent = `sent ${formatRate(r.sent)} `;
	const answered = `   answered ${formatRate(r.completed)} `;
	const head = `rate  asked ${formatAsked(s)}   `;
	const sparkWidth = Math.max(0, Math.min(20, Math.floor((width - head.length - sent.length - answered.length - 1) / 2)));
	const short = r.shortfall && s.state !== 'paused';
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				{head}
				<Text color={short ? 'red' : undefined} bold={short}>
					{sent}
				</Text>
				<Sparkline values={history.map((h) => h.sent)} max={max} width={sparkWidth} color="cyan" />
				{answered}
				<Sparkline values={history.map((h) => h.completed)} max={max} width={sparkWidth} color="green" />
			</Text>
			{short ? (
				<Text wrap="truncate-end" color="red" bold inverse>
					{` ${shortfallText(r)} (${(shortfallFraction(r) * 100).toFixed(1)}% short, the generator cannot keep up) `}
				</Text>
			) : null}
			{s.sendErrors > 0 ? (
				<Text wrap="truncate-end" color="yellow">
					{`send errors ${formatCount(s.sendErrors)} (refused by the kernel or the send window)`}
				</Text>
			) : null}
		</Box>
	);
}
