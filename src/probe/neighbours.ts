/**
 * Which server is which, on-link: a DHCPv6 server answers a client on its link from its
 * link-local address (RFC 8415 §18.3.10 replies go back the way the request came), while a user
 * names it by the address they configured on it, e.g. `--allow-server 2001:db8:1::1`. Both are
 * addresses of one interface when Neighbor Discovery gives them the same link-layer address, and
 * then the named address is one more name of that server.
 */
import { isIP } from 'node:net';
import { neighbourMacs } from '../transport/ndisc.js';
import { isAllowed } from './judge.js';
import type { ProbeOutcome } from './outcome.js';

/** Adds to each on-link reply the --allow-server addresses that belong to the same interface as its source. */
export async function nameServersOnLink(outcome: ProbeOutcome, iface: string, allowServers: readonly string[]): Promise<void> {
	const replies = outcome.steps.flatMap((s) => s.replies);
	const unnamed = replies.filter((r) => !isAllowed(r, allowServers));
	const addresses = allowServers.filter((a) => isIP(a) === 6);
	if (unnamed.length === 0 || addresses.length === 0) return;
	const macs = await neighbourMacs(iface, [...new Set([...addresses, ...unnamed.map((r) => r.fromAddress)])]);
	for (const r of unnamed) {
		const mac = macs.get(r.fromAddress);
		if (mac === undefined) continue;
		const same = addresses.filter((a) => macs.get(a) === mac);
		if (same.length > 0) r.serverAliases = [...(r.serverAliases ?? []), ...same];
	}
}
