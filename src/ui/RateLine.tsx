import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { finite, formatAsked, formatCount, formatRate, shortfallFraction, shortfallText } from './format.js';
import { Sparkline } from './Sparkline.js';

export interface RateLineProps {
	snapshot: PerfSnapshot;
	width: number;
}

/** The widest sparkline of the curves' rows: 60 intervals, a minute at the default -t of 1 s. */
const MAX_CURVE = 60;

/**
 * Whether the asked rate has moved during the run (--stages ramps it, + / - step it): then the
 * asked curve is drawn above the achieved ones, not one figure beside them.
 */
function askedMoves(s: PerfSnapshot): boolean {
	return s.avalanche === null && s.rate.askedChanges !== undefined;
}

/** The lines the rate block takes, for the dashboard's height budget. */
export function rateLineRows(s: PerfSnapshot): number {
	return (askedMoves(s) ? 3 : 1) + (s.rate.shortfall && s.state !== 'paused' ? 1 : 0) + (s.sendErrors > 0 ? 1 : 0);
}

/**
 * Asked vs achieved send rate and the answer rate, each with a sparkline of its recent
 * intervals on one shared scale; then, when the generator falls short of the asked rate, a loud
 * line saying so — results measured at a lower rate than asked must never pass unnoticed
 * (perfdhcp only prints `expected rate` in its final report).
 *
 * When the asked rate moves (--stages, + / -), the asked, sent and answered rates take a row
 * each, their sparklines aligned interval for interval on one scale, so the asked curve and the
 * achieved one are read against each other column by column (k6 draws its stages' target beside
 * the achieved rate the same way, one series each); stacked rows stay readable at 60 columns,
 * where three curves on one line would get a character or two each.
 */
export function RateLine({ snapshot: s, width }: RateLineProps): ReactElement {
	const r = s.rate;
	const history = r.history ?? [];
	const moves = askedMoves(s);
	let max = finite(r.asked);
	for (const h of history) max = Math.max(max, finite(h.sent), finite(h.completed), moves ? finite(h.asked) : 0);
	const short = r.shortfall && s.state !== 'paused';
	let rates: ReactElement;
	if (moves) {
		const figures = [formatAsked(s), formatRate(r.sent), formatRate(r.completed)];
		const figureWidth = Math.max(...figures.map((f) => f.length));
		const lead = (label: string, i: number): string => `${i === 0 ? 'rate  ' : '      '}${label.padEnd(9)}${figures[i]!.padStart(figureWidth)} `;
		const sparkWidth = Math.max(0, Math.min(MAX_CURVE, width - lead('answered', 0).length - 1));
		rates = (
			<>
				<Text wrap="truncate-end">
					{lead('asked', 0)}
					<Sparkline values={history.map((h) => h.asked)} max={max} width={sparkWidth} />
				</Text>
				<Text wrap="truncate-end">
					<Text color={short ? 'red' : undefined} bold={short}>
						{lead('sent', 1)}
					</Text>
					<Sparkline values={history.map((h) => h.sent)} max={max} width={sparkWidth} color="cyan" />
				</Text>
				<Text wrap="truncate-end">
					{lead('answered', 2)}
					<Sparkline values={history.map((h) => h.completed)} max={max} width={sparkWidth} color="green" />
				</Text>
			</>
		);
	} else {
		const sent = `sent ${formatRate(r.sent)} `;
		const answered = `   answered ${formatRate(r.completed)} `;
		const head = `rate  asked ${formatAsked(s)}   `;
		const sparkWidth = Math.max(0, Math.min(20, Math.floor((width - head.length - sent.length - answered.length - 1) / 2)));
		rates = (
			<Text wrap="truncate-end">
				{head}
				<Text color={short ? 'red' : undefined} bold={short}>
					{sent}
				</Text>
				<Sparkline values={history.map((h) => h.sent)} max={max} width={sparkWidth} color="cyan" />
				{answered}
				<Sparkline values={history.map((h) => h.completed)} max={max} width={sparkWidth} color="green" />
			</Text>
		);
	}
	return (
		<Box flexDirection="column">
			{rates}
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
