/**
 * Presenters of a load run (src/perf/snapshot.ts `PerfSnapshot`):
 *
 *   if (shouldUseDashboard({ stdoutIsTTY: process.stdout.isTTY === true, jsonToStdout, noDashboard, env: process.env })) {
 *   	const ui = startDashboard({ initial, onQuit, onTogglePause, onRateChange });
 *   	… ui.update(snapshot) every interval …
 *   	await ui.stop(finalSnapshot);
 *   } else {
 *   	console.log(plainStartLine(initial)); … console.log(plainLine(snapshot)) every interval …
 *   }
 *   process.stdout.write(formatReport(finalSnapshot, { exitReason, thresholds }));
 *
 * and, once per interval in the engine, `snapshot.histogram = latencyBuckets(wholeRunHistogram)`.
 */
export { Dashboard, MIN_COLUMNS, type DashboardProps } from './Dashboard.js';
export { startDashboard, type StartDashboardOptions, type DashboardHandle, type DashboardStats } from './live.js';
export { shouldUseDashboard, isInCi, type DashboardContext } from './should-use-dashboard.js';
export { plainLine, plainStartLine } from './plain.js';
export { formatReport, type RunSummary, type ThresholdResult } from './report.js';
export { latencyBuckets, trimBuckets, mergeBuckets, BUCKET_BOUNDS_US } from './buckets.js';
export { nextRate } from './rate-step.js';
