/**
 * Where `perf` reads the server's side of the loss ledger from (perf/ledger-source.ts): the lab
 * the server runs in (--lab, or $DHCPULSE_LAB that `lab exec` sets), which gives its Kea control
 * socket and the server's PID; or --kea-socket for any Kea's statistics. Without either, the
 * server's steps are unknown.
 */
import { UserError } from '../exit-codes.js';
import { LAB_ENV, labStatus, validateLabName, type LabInfo } from '../lab/index.js';
import { keaSocketCommand, latestStatistics } from '../lab/kea-control.js';
import type { PerfConfig } from '../perf/config.js';
import { ledgerSource, type LedgerSource, type ServerStatisticsReader } from '../perf/ledger-source.js';

/** Kea's statistics over its unix control socket (statistic-get-all, the newest value of each). */
export function keaSocketStatistics(socketPath: string): ServerStatisticsReader {
	return async () => {
		const r = await keaSocketCommand(socketPath, 'statistic-get-all');
		if (r.result !== 0) throw new Error(`Kea refused statistic-get-all: ${r.text ?? `result ${r.result}`}`);
		return latestStatistics(r.arguments);
	};
}

export function perfLedgerSource(c: Pick<PerfConfig, 'family' | 'keaSocket' | 'lab'>, env: NodeJS.ProcessEnv = process.env): LedgerSource {
	if (c.keaSocket === '') throw new UserError('--kea-socket: give the path of Kea\'s unix control socket');
	const fromEnv = c.lab === null && env[LAB_ENV] ? env[LAB_ENV]! : null;
	const name = c.lab ?? fromEnv;
	let lab: LabInfo | null = null;
	if (name !== null) {
		try {
			validateLabName(name);
		} catch (error) {
			throw new UserError(`${fromEnv !== null ? `$${LAB_ENV}` : '--lab'}: ${error instanceof Error ? error.message : String(error)}`);
		}
		lab = labStatus(name);
		if (!lab) throw new UserError(`${fromEnv !== null ? `$${LAB_ENV}` : '--lab'} ${name}: no such lab (dhcpulse lab status lists them)`);
	}
	const running = lab !== null && lab.running && lab.pid !== null;
	const socket = c.keaSocket ?? (running ? lab!.controlSocket : null);
	return ledgerSource({
		family: c.family,
		serverStatistics: socket !== null ? keaSocketStatistics(socket) : null,
		serverPid: running ? lab!.pid : null,
		sources: {
			server: socket !== null ? `Kea statistic-get-all over ${socket}` : null,
			serverKernel: running ? `lab ${lab!.name}: the server process ${lab!.pid}, its sockets and its namespace ${lab!.serverNetns}` : null,
			clientKernel: "dhcpulse's own sockets, and its namespace",
			lab: running ? lab!.name : null,
		},
	});
}
