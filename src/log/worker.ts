import { getEnvironmentData, isMainThread, parentPort, type MessagePort, type Worker } from 'node:worker_threads';
import { getLogger, setDispatcher, setResolver } from './logger.js';
import { deliverRecord, levelSnapshot, rankIn, WORKER_CONFIG_KEY, type LevelSnapshot } from './manager.js';
import { Msg } from './messages.js';
import type { LogRecord } from './record.js';
import { DebugLevel } from './severity.js';

/**
 * Logging from worker threads. Outputs live only in the main thread, so one thread owns each
 * file's descriptor and its rotation, and each line is written whole. A worker's loggers keep
 * the same thresholds as the main thread's (copied at worker start through worker_threads
 * environment data, which configureLogging() sets), so a disabled call in a worker is exactly as
 * cheap; an enabled one is formatted in the worker and posted to the main thread as a record.
 *
 *   // main thread, after configureLogging():
 *   const worker = new Worker(url);
 *   attachWorkerLogs(worker, 1);
 *
 *   // in the worker, before logging:
 *   installWorkerLogging();            // defaults to parentPort
 *
 * Records travel as `{ type: LOG_MESSAGE_TYPE, record }`; a worker's own protocol on the same
 * port should ignore that type (attachWorkerLogs consumes it).
 */
export const LOG_MESSAGE_TYPE = 'dhcpulse.log.record';

export interface WorkerLogMessage {
	type: typeof LOG_MESSAGE_TYPE;
	record: LogRecord;
}

/** Worker side: send this thread's log records over `port` instead of writing them. */
export function installWorkerLogging(port: MessagePort | null = parentPort): void {
	if (isMainThread || !port) throw new Error('installWorkerLogging() belongs in a worker thread');
	const snapshot = (getEnvironmentData(WORKER_CONFIG_KEY) as LevelSnapshot | undefined) ?? levelSnapshot();
	setResolver((name) => rankIn(snapshot, name));
	setDispatcher((_logger, record) => port.postMessage({ type: LOG_MESSAGE_TYPE, record } satisfies WorkerLogMessage));
}

/**
 * Main side: write the log records `worker` posts, as worker `workerId` (%t). Returns a function
 * that stops listening (it also stops when the worker exits).
 */
export function attachWorkerLogs(worker: Worker, workerId: number): () => void {
	const onMessage = (message: unknown): void => {
		if (isWorkerLogMessage(message)) deliverRecord({ ...message.record, workerId });
	};
	worker.on('message', onMessage);
	const detach = (): void => {
		worker.off('message', onMessage);
	};
	worker.once('exit', detach);
	getLogger('dhcpulse.log').debug(DebugLevel.START_SHUTDOWN, Msg.LOG_WORKER_ATTACHED, workerId);
	return detach;
}

export function isWorkerLogMessage(message: unknown): message is WorkerLogMessage {
	return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === LOG_MESSAGE_TYPE;
}
