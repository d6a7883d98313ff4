/**
 * Where `perf` reads the server's side of the loss ledger from (perf/ledger-source.ts): the lab
 * the server runs in (--lab, or $DHCPULSE_LAB that `lab exec` sets), which gives its Kea control
 * socket and the server's PID; or --kea-socket / --kea-api for any Kea's statistics (the client
 * of kea/client.ts, as `check pool` uses). Without either, the server's steps are unknown.
 */
import { UserError } from '../exit-codes.js';
import { LAB_ENV, labStatus, validateLabName, type LabInfo } from '../lab/index.js';
import { keaClientFromArgs, openKeaClient, type KeaClient } from '../kea/client.js';
import type { PerfConfig } from '../perf/config.js';
import { ledgerSource, type LedgerSource, type ServerStatisticsReader } from '../perf/ledger-source.js';

/** Kea's statistics (statistic-get-all, the newest value of each) as the ledger reads them. */
function keaStatistics(client: KeaClient): ServerStatisticsReader {
	return () => client.statisticGetAll();
}

export function perfLedgerSource(c: Pick<PerfConfig, 'family' | 'kea' | 'lab'>, env: NodeJS.ProcessEnv = process.env): LedgerSource {
	// The Kea the user named, checked before anything is sent; through a Control Agent, the server of the run's family unless --kea-service says.
	const named =
		c.kea['kea-socket'] !== undefined || c.kea['kea-api'] !== undefined ? keaClientFromArgs({ ...(c.kea['kea-api'] !== undefined ? { 'kea-service': c.family === 6 ? 'dhcp6' : 'dhcp4' } : {}), ...c.kea }, env) : null;
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
	const running = lab?.running === true && lab.pid !== null;
	const client = named ?? (running && lab!.controlSocket !== null ? openKeaClient({ socket: lab!.controlSocket, label: lab!.controlSocket }) : null);
	return ledgerSource({
		family: c.family,
		serverStatistics: client !== null ? keaStatistics(client) : null,
		serverPid: running ? lab!.pid : null,
		sources: {
			server: client !== null ? `Kea statistic-get-all over ${client.where}` : null,
			serverKernel: running ? `lab ${lab!.name}: the server process ${lab!.pid}, its sockets and its namespace ${lab!.serverNetns}` : null,
			clientKernel: "dhcpulse's own sockets, and its namespace",
			lab: running ? lab!.name : null,
		},
	});
}
