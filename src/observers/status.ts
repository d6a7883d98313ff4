/** SIGUSR1 status dumps (log/status.ts) of a running load run: its live counters, on demand. */
import { registerStatusProvider } from '../log/index.js';
import type { PerfObserver, RunHandle } from '../perf/observer.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { finalExchange } from '../perf/verdict.js';

export class StatusObserver implements PerfObserver {
	private unregister: (() => void) | null = null;

	start(_first: PerfSnapshot, run: RunHandle): void {
		this.unregister = registerStatusProvider('perf', () => {
			const s = run.snapshot();
			const at = run.collectedAtS();
			const first = s.exchanges[0];
			const final = finalExchange(s.exchanges);
			const active = at - (s.pausedS ?? 0);
			const perS = (n: number): number => (active > 0 ? Math.round(n / active) : 0);
			return {
				state: s.state,
				elapsedS: s.elapsedS,
				// The counters are those of the last collection (every 0.25 s), this many seconds into the run.
				countedAtS: Math.round(at * 1000) / 1000,
				target: s.target,
				// Per second of the run so far (the last interval's rates exist only from the first report on).
				rate: { asked: s.rate.asked, sent: perS(first?.sent ?? 0), completed: perS(final?.ok ?? 0), lastInterval: { sent: s.rate.sent, completed: s.rate.completed } },
				exchanges: Object.fromEntries(
					s.exchanges.map((x) => [
						x.name,
						{
							sent: x.sent,
							ok: x.ok,
							rejected: x.rejected,
							timeouts: x.timeouts,
							late: x.late,
							orphans: x.orphans,
							duplicates: x.duplicates,
							retransmits: x.retransmits,
							inFlight: x.inFlight,
							p50Us: x.latencyUs.p50,
							p99Us: x.latencyUs.p99,
						},
					]),
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
