/**
 * The I/O half of the loss ledger (ledger.ts): reads the server's own statistics through
 * whatever the command plugged in (a Kea control socket today, Kea's Control Agent later), and
 * the kernel's counters of the server process (when it is a lab's, so its PID is known) and of
 * dhcpulse itself (src/os/proc-net.ts). A reading that fails leaves its part unknown and says
 * why; it never stops the run.
 */
import { readKernelCounters } from '../os/proc-net.js';
import type { LedgerReading, LedgerSources } from './ledger.js';

/** The server's own statistics, cumulative, by name (Kea: statistic-get-all, newest value of each). */
export type ServerStatisticsReader = () => Promise<Record<string, number | string>>;

export interface LedgerSource {
	readonly sources: LedgerSources;
	/**
	 * One reading. `settled`: after the run, read the server's statistics until two readings agree
	 * (at most `settleTries` of them, `settleMs` apart): a server past its capacity is still working
	 * through its socket queue when the run's drain ends, and counts a packet only once handled.
	 */
	read(settled: boolean): Promise<LedgerReading>;
}

export interface LedgerSourceOptions {
	family: 4 | 6;
	serverStatistics: ServerStatisticsReader | null;
	/** The server process, when known (a lab's server): its namespace's counters and its sockets' drops. */
	serverPid: number | null;
	sources: LedgerSources;
	settleMs?: number;
	settleTries?: number;
}

export function ledgerSource(o: LedgerSourceOptions): LedgerSource {
	const prefix = o.family === 4 ? 'pkt4-' : 'pkt6-';
	const packetCounters = (s: Record<string, number | string> | null): string =>
		s === null
			? ''
			: Object.keys(s)
					.filter((k) => k.startsWith(prefix))
					.sort()
					.map((k) => `${k}=${s[k]}`)
					.join(',');
	const readServer = async (): Promise<{ stats: Record<string, number | string> | null; error?: string }> => {
		if (!o.serverStatistics) return { stats: null };
		try {
			return { stats: await o.serverStatistics() };
		} catch (error) {
			return { stats: null, error: `the server's statistics could not be read: ${error instanceof Error ? error.message : String(error)}` };
		}
	};
	return {
		sources: o.sources,
		async read(settled) {
			let server = await readServer();
			if (settled && server.stats !== null) {
				for (let i = 1; i < (o.settleTries ?? 20); i++) {
					await new Promise((r) => setTimeout(r, o.settleMs ?? 250));
					const again = await readServer();
					const same = packetCounters(again.stats) === packetCounters(server.stats);
					server = again;
					if (same || again.stats === null) break;
				}
			}
			const serverKernel = o.serverPid !== null ? await readKernelCounters(o.serverPid, o.family) : null;
			const clientKernel = await readKernelCounters('self', o.family);
			return { server: server.stats, serverKernel, clientKernel, ...(server.error ? { unreadable: server.error } : {}) };
		},
	};
}
