import { readFileSync } from 'node:fs';
import { UserError } from '../exit-codes.js';
import type { LabInfo } from './info.js';
import { openKeaClient } from '../kea/client.js';

export type ServerStatistics = Record<string, number | string>;

/**
 * The lab server's own statistics. Kea: `statistic-get-all` over its control socket, newest
 * value of each statistic (pkt4-received, pkt4-ack-sent, subnet[1].assigned-addresses, …).
 * dnsmasq and dhcpd keep no counters they can be asked for, so their figures come from the
 * lease file they maintain.
 */
export async function labStats(info: LabInfo): Promise<ServerStatistics> {
	switch (info.server) {
		case 'kea4':
		case 'kea6': {
			if (!info.controlSocket) throw new UserError(`lab ${info.name}: its Kea configuration has no unix control socket to ask for statistics`);
			return openKeaClient({ socket: info.controlSocket, label: `lab ${info.name}` }).statisticGetAll();
		}
		case 'dnsmasq':
			return dnsmasqLeaseStats(readText(info.leaseFile));
		case 'dhcpd':
			return dhcpdLeaseStats(readText(info.leaseFile));
	}
}

function readText(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/**
 * dnsmasq's lease file: one lease per line, `expiry mac-or-iaid address hostname client-id`;
 * a `duid` line precedes the DHCPv6 leases.
 */
export function dnsmasqLeaseStats(text: string): ServerStatistics {
	let v4 = 0;
	let v6 = 0;
	for (const line of text.split('\n')) {
		const fields = line.trim().split(/\s+/);
		if (fields.length < 3 || fields[0] === 'duid') continue;
		if (fields[2]!.includes(':')) v6++;
		else v4++;
	}
	return { 'leases-v4': v4, 'leases-v6': v6, leases: v4 + v6 };
}

/**
 * dhcpd's lease file is a journal: each `lease ADDR { … binding state S; … }` block supersedes
 * earlier blocks for the same address, so the last one per address counts.
 */
export function dhcpdLeaseStats(text: string): ServerStatistics {
	const latest = new Map<string, string>();
	const re = /^lease\s+(\S+)\s*\{([^}]*)\}/gm;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const state = /^\s*binding state (\S+);/m.exec(m[2]!)?.[1] ?? 'unknown';
		latest.set(m[1]!, state);
	}
	const out: ServerStatistics = { leases: latest.size };
	for (const state of latest.values()) out[`leases-${state}`] = ((out[`leases-${state}`] as number | undefined) ?? 0) + 1;
	return out;
}
