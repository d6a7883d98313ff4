import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { ExitCode } from '../exit-codes.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import type { Verdict } from '../perf/verdict.js';
import { CountersTable } from './CountersTable.js';
import { formatRate, formatSeconds } from './format.js';
import { Header } from './Header.js';
import { LatencyTable } from './LatencyTable.js';
import { runRates } from './report.js';

export interface SummaryProps {
	snapshot: PerfSnapshot;
	verdict: Verdict;
	width: number;
}

const COLOR: Record<number, string> = { [ExitCode.OK]: 'green', [ExitCode.WARNING]: 'yellow', [ExitCode.CRITICAL]: 'red', [ExitCode.UNKNOWN]: 'magenta' };

/** `OK`, `WARNING`, `CRITICAL`, `UNKNOWN`: the monitoring-plugin name of an exit code. */
function statusName(code: number): string {
	return Object.entries(ExitCode).find(([, value]) => value === code)?.[0] ?? String(code);
}

/**
 * What the dashboard leaves on screen when the run is over, in place of its last frame: the
 * verdict, the whole-run rates, the counters and the whole-run latency of each exchange, and the
 * thresholds' results. The full text report (report.ts) follows below it, or goes to
 * --text-report's file.
 */
export function Summary({ snapshot: s, verdict: v, width }: SummaryProps): ReactElement {
	const r = runRates(s);
	const asked = s.avalanche ? 'all at once' : formatRate(r.asked);
	const paused = r.pausedS > 0 ? ` (${formatSeconds(r.pausedS)} of it paused)` : '';
	const short = !s.avalanche && r.asked > 0 && r.fraction < 0.98;
	return (
		<Box flexDirection="column" width={width}>
			<Header snapshot={s} width={width} />
			{/* The reason can be long (every warning is named): it wraps within the width rather than being cut. */}
			<Text>
				<Text bold color={COLOR[v.exitCode]}>{`${statusName(v.exitCode)} (exit ${v.exitCode})`}</Text>
				{` ${v.exitReason}`}
			</Text>
			<Text>
				{`asked ${asked}  `}
				<Text color={short ? 'red' : undefined} bold={short}>{`sent ${formatRate(r.sent)}`}</Text>
				{`  completed ${formatRate(r.completed)}  in ${formatSeconds(r.elapsedS)}${paused}`}
			</Text>
			<Text> </Text>
			<CountersTable exchanges={s.exchanges} width={width} />
			<Text> </Text>
			<LatencyTable exchanges={s.exchanges} width={width} runOnly />
			{v.thresholds.map((t) => (
				<Text key={t.name} wrap="truncate-end" color={t.passed ? undefined : 'red'}>
					{`${t.passed ? 'PASS' : 'FAIL'}  ${t.name}  ${String(t.value)} (limit ${String(t.limit)})`}
				</Text>
			))}
			{/* A blank line between the summary and what follows it (the report, log lines). */}
			<Text> </Text>
		</Box>
	);
}
