import { isMainThread } from 'node:worker_threads';
import { getLogger } from './logger.js';
import { Msg } from './messages.js';
import { Rank } from './severity.js';

/**
 * Status dumps on SIGUSR1, as the Dante server writes its state to its log on SIGINFO/SIGUSR1:
 * `kill -USR1 <pid>` makes dhcpulse log the state of every running component (run state,
 * counters, packets in flight, latency summary) to the configured outputs and carry on.
 *
 * A component registers a provider for as long as it runs:
 *
 *   const unregister = registerStatusProvider('perf', () => ({ state, sent, received, inFlight }));
 *   …
 *   unregister();
 */
export type StatusProvider = () => unknown;

const providers = new Map<string, StatusProvider>();
const statusLog = getLogger('dhcpulse.status');
let signalInstalled = false;

/** Adds `provider` under `name` (replacing an earlier one of that name); returns its removal. */
export function registerStatusProvider(name: string, provider: StatusProvider): () => void {
	providers.set(name, provider);
	return () => {
		if (providers.get(name) === provider) providers.delete(name);
	};
}

/**
 * Logs STATUS_DUMP_REQUESTED, then one STATUS_DUMP line per provider. Written at INFO whatever
 * the configured severity (an operator asked for it), unless dhcpulse.status is set to NONE.
 */
export function dumpStatus(trigger = 'SIGUSR1'): void {
	if (statusLog.threshold >= Rank.NONE) return;
	statusLog.write(Msg.STATUS_DUMP_REQUESTED, [trigger, providers.size]);
	for (const [name, provider] of providers) {
		let state: unknown;
		try {
			state = provider();
		} catch (error) {
			statusLog.write(Msg.STATUS_PROVIDER_FAILED, [name, error instanceof Error ? error.message : String(error)]);
			continue;
		}
		statusLog.write(Msg.STATUS_DUMP, [name, JSON.stringify(state, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))]);
	}
}

/**
 * Installs the SIGUSR1 handler (once, main thread only). Having a listener replaces Node's
 * default SIGUSR1 action (starting the inspector), which a measuring tool does not want anyway.
 */
export function installStatusSignal(): void {
	if (signalInstalled || !isMainThread) return;
	signalInstalled = true;
	process.on('SIGUSR1', () => dumpStatus('SIGUSR1'));
}
