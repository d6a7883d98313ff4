/** SIGUSR1 status dumps (log/status.ts) of a running load run: its live counters, on demand. */
import { registerStatusProvider } from '../log/index.js';
import type { PerfObserver, RunHandle } from '../perf/observer.js';
import type { PerfSnapshot } from '../perf/snapshot.js';

export class StatusObserver implements PerfObserver {
	private unregister: (() => void) | null = null;

	start(_first: PerfSnapshot, run: RunHandle): void {
		this.unregister = registerStatusProvider('perf', () => {
			const s = run.snapshot();
			return {
				state: s.state,
				elapsedS: s.elapsedS,
				target: s.target,
				rate: { asked: s.rate.asked, sent: s.rate.sent, completed: s.rate.completed },
				exchanges: Object.fromEntries(
					s.exchanges.map((x) => [x.name, { sent: x.sent, ok: x.ok, rejected: x.rejected, timeouts: x.timeouts, late: x.late, orphans: x.orphans, duplicates: x.duplicates, retransmits: x.retransmits, inFlight: x.inFlight, p50Us: x.latencyUs.p50, p99Us: x.latencyUs.p99 }]),
				),
				sendErrors: s.sendErrors,
			};
		});
	}

	close(): void {
		this.unregister?.();
		this.unregister = null;
	}
}
