/**
 * Severities and debug levels with Kea's meanings (Kea ARM, "Logging": the severity logger,
 * the debuglevel logger, "Logging Levels").
 *
 * Every (severity, debug level) pair maps to one integer *rank*: a message is written when its
 * rank is at least the logger's threshold rank. That makes the enabled check on the hot path a
 * single integer comparison. DEBUG at level L ranks 100 - L (1…100), so a higher debug level is
 * "less important" and needs a lower threshold, exactly as debuglevel 99 shows everything.
 */

export type SeverityName = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
export type ThresholdName = SeverityName | 'NONE';

export const SEVERITY_NAMES: readonly ThresholdName[] = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'NONE'];

/** Base ranks. DEBUG messages rank DEBUG_TOP - debugLevel. */
export const Rank = {
	DEBUG_TOP: 100,
	INFO: 200,
	WARN: 300,
	ERROR: 400,
	FATAL: 500,
	/** Above every message: the logger writes nothing. */
	NONE: 600,
} as const;

export const MIN_DEBUG_LEVEL = 0;
export const MAX_DEBUG_LEVEL = 99;

/**
 * Kea's debug levels (Kea ARM, "Logging Levels"). Use these names rather than bare numbers so a
 * reader knows what a message is for.
 */
export const DebugLevel = {
	/** Singular messages printed during start-up or shutdown. */
	START_SHUTDOWN: 0,
	/** Information about received commands (here: the command line and its resolved settings). */
	COMMANDS: 10,
	/** Why a packet was dropped. */
	DROP_REASONS: 15,
	/** Tracing: processing decisions and results. */
	TRACE: 40,
	/** Like TRACE with more detail. */
	TRACE_DETAIL: 45,
	/** Packet processing details: unpacking, packing, sending. */
	PACKETS: 50,
	/** Everything, including full packet contents with all options. */
	PACKET_CONTENTS: 55,
} as const;

export type DebugLevelValue = (typeof DebugLevel)[keyof typeof DebugLevel];

/** Rank of a message of `severity` (and `debugLevel` when it is DEBUG). */
export function messageRank(severity: SeverityName, debugLevel: number): number {
	return severity === 'DEBUG' ? Rank.DEBUG_TOP - debugLevel : Rank[severity];
}

/** Threshold rank of a logger configured with `severity` and `debugLevel`. */
export function thresholdRank(severity: ThresholdName, debugLevel: number): number {
	return severity === 'DEBUG' ? Rank.DEBUG_TOP - debugLevel : Rank[severity];
}

export function isSeverityName(value: string): value is SeverityName {
	return value === 'FATAL' || value === 'ERROR' || value === 'WARN' || value === 'INFO' || value === 'DEBUG';
}

export function isThresholdName(value: string): value is ThresholdName {
	return value === 'NONE' || isSeverityName(value);
}

/**
 * syslog(3) priority for a severity, as log4cplus's SysLogAppender maps it: FATAL → LOG_CRIT,
 * ERROR → LOG_ERR, WARN → LOG_WARNING, INFO → LOG_INFO, DEBUG → LOG_DEBUG.
 */
export function syslogSeverity(severity: SeverityName): number {
	switch (severity) {
		case 'FATAL':
			return 2;
		case 'ERROR':
			return 3;
		case 'WARN':
			return 4;
		case 'INFO':
			return 6;
		case 'DEBUG':
			return 7;
	}
}
