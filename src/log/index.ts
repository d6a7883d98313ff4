/**
 * dhcpulse logging, modelled on Kea's (Kea ARM, "Logging"). How to use it from any module:
 *
 *   import { getLogger, Msg, DebugLevel } from './index.js';
 *
 *   const log = getLogger('dhcpulse.perf');          // once, at module level
 *
 *   log.info(Msg.PERF_RUN_STARTED, rate, clients);    // %1 = rate, %2 = clients
 *   log.warn(Msg.PERF_RATE_NOT_REACHED, achieved, wanted);
 *   log.debug(DebugLevel.PACKETS, Msg.PACKET_RECEIVED, xid, length);
 *
 *   if (log.isDebugEnabled(DebugLevel.PACKET_CONTENTS)) {   // skip building costly arguments
 *   	log.debug(DebugLevel.PACKET_CONTENTS, Msg.PACKET_CONTENTS, formatPacket(packet));
 *   }
 *
 * - Every message is a catalogue entry in src/log/messages.ts (ID, severity, text with %1…%9,
 *   description); that file says how to add one. The method must match the entry's severity
 *   (and debug() its debug level): the types check it.
 * - Logger names: the root `dhcpulse` and its children dhcpulse.probe, dhcpulse.packets,
 *   dhcpulse.bad-packets, dhcpulse.transport, dhcpulse.perf, dhcpulse.status, dhcpulse.log.
 *   A logger without configuration inherits from its parent.
 * - A call below the configured severity is one integer comparison: no formatting, no allocation.
 * - Network errors: `logNetworkError(log, err, 'sending DISCOVER to 198.18.0.1:67')` (WARN,
 *   rate-limited per errno).
 * - Status dumps: `const stop = registerStatusProvider('perf', () => ({ … }))`; SIGUSR1 logs it.
 * - Worker threads: main `attachWorkerLogs(worker, id)`, worker `installWorkerLogging()`.
 * - The Ink dashboard: `setConsoleSink((stream, line, severity) => …)` takes stdout/stderr log
 *   lines into its events panel; `setConsoleSink(null)` gives them back to the streams.
 * - The CLI calls `configureLogging({ configFile, debug })` once; `flushLogs()` before exiting
 *   from a signal handler.
 */
export { getLogger, Logger, type LogArg } from './logger.js';
export { Msg, CATALOGUE, findMessage, type MessageDef, type MessageId } from './messages.js';
export { DebugLevel, type SeverityName, type ThresholdName, type DebugLevelValue } from './severity.js';
export { configureLogging, flushLogs, resetLogging, type LoggingOptions } from './manager.js';
export { setConsoleSink, type ConsoleSinkFn, type ConsoleStream } from './console-sink.js';
export { registerStatusProvider, dumpStatus, type StatusProvider } from './status.js';
export { logNetworkError, NetworkErrorLimiter, NETWORK_ERRNOS, errnoName, type LimiterOptions } from './net-errors.js';
export { installWorkerLogging, attachWorkerLogs, LOG_MESSAGE_TYPE, isWorkerLogMessage, type WorkerLogMessage } from './worker.js';
export { compilePattern, DEFAULT_PATTERN, DEFAULT_SYSLOG_PATTERN } from './pattern.js';
export { ROOT_LOGGER } from './config.js';
