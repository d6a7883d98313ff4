/**
 * perfdhcp's -x l: every lease the run was granted, one `client,address` line each (a DHCPv6
 * prefix as PREFIX/LEN), after the report. perfdhcp prints `client_id,adrress,prefix`; here the
 * client is its MAC (a DHCPv6 client's DUID ends with it) and an IA_NA address and an IA_PD
 * prefix are two lines.
 */
import type { PerfObserver, RunOutcome } from '../perf/observer.js';

export class LeaseListObserver implements PerfObserver {
	constructor(private readonly out: (text: string) => void) {}

	finish(outcome: RunOutcome): void {
		if (outcome.leases === null) return;
		this.out(['***Leases***', 'client,address', ...outcome.leases.map(([client, address]) => `${client},${address}`)].map((l) => `${l}\n`).join(''));
	}
}
