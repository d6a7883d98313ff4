/**
 * Pool use per subnet and per shared network, from Kea's own figures: `statistic-get-all`
 * (per-subnet counters, by subnet ID) and `config-get` (which ID is which prefix, and which
 * subnets share a network). Pure: both answers in, a report out. Both are untrusted input: every
 * field is checked for its type before use, and names are escaped wherever they are printed.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../wire/address.js';

/** What a subnet hands out: v4 addresses; v6 addresses (IA_NA) and delegated prefixes (IA_PD). */
export type PoolKind = 'addresses' | 'nas' | 'pds';

/**
 * Kea's per-subnet statistic names for each kind (Kea ARM, "Statistics" of kea-dhcp4 and
 * kea-dhcp6; checked against Kea 2.2's `statistic-get-all`). Declined addresses are counted for
 * v4 addresses and v6 NAs alike under `declined-addresses`; a prefix cannot be declined.
 */
const STAT_NAMES: Record<PoolKind, { total: string; assigned: string; declined?: string }> = {
	addresses: { total: 'total-addresses', assigned: 'assigned-addresses', declined: 'declined-addresses' },
	nas: { total: 'total-nas', assigned: 'assigned-nas', declined: 'declined-addresses' },
	pds: { total: 'total-pds', assigned: 'assigned-pds' },
};

export const KINDS_OF: Record<4 | 6, readonly PoolKind[]> = { 4: ['addresses'], 6: ['nas', 'pds'] };

export interface Usage {
	total: number;
	assigned: number;
	/** Absent for delegated prefixes. */
	declined?: number;
	/** assigned / total in per cent; null when the subnet has no pool of this kind (total 0). */
	utilisation: number | null;
}

export interface SubnetUsage {
	id: number;
	/** `198.18.0.0/16`, as config-get gives it; null when the configuration does not list the ID. */
	prefix: string | null;
	/** The shared network the subnet belongs to, or null. */
	sharedNetwork: string | null;
	usage: Partial<Record<PoolKind, Usage>>;
}

export interface NetworkUsage {
	name: string;
	/** The IDs of its subnets. */
	subnets: number[];
	/** The sums over its subnets. */
	usage: Partial<Record<PoolKind, Usage>>;
}

export interface PoolReport {
	family: 4 | 6;
	subnets: SubnetUsage[];
	sharedNetworks: NetworkUsage[];
}

/** A subnet as config-get lists it. */
export interface ConfiguredSubnet {
	id: number;
	prefix: string;
	sharedNetwork: string | null;
}

export interface ServerConfig {
	family: 4 | 6;
	subnets: ConfiguredSubnet[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The subnets of `config-get`'s arguments: `{ Dhcp4: { subnet4: [{id, subnet}], shared-networks:
 * [{name, subnet4: […]}] } }` (or Dhcp6 / subnet6). Entries without a numeric id or a string
 * subnet are skipped; null when the answer has neither Dhcp4 nor Dhcp6.
 */
export function configuredSubnets(args: Record<string, unknown>): ServerConfig | null {
	const family = isObject(args.Dhcp4) ? 4 : isObject(args.Dhcp6) ? 6 : null;
	if (family === null) return null;
	const top = args[family === 4 ? 'Dhcp4' : 'Dhcp6'] as Record<string, unknown>;
	const key = family === 4 ? 'subnet4' : 'subnet6';
	const subnets: ConfiguredSubnet[] = [];
	const collect = (list: unknown, sharedNetwork: string | null): void => {
		if (!Array.isArray(list)) return;
		for (const s of list) {
			if (!isObject(s) || !Number.isSafeInteger(s.id) || typeof s.subnet !== 'string') continue;
			subnets.push({ id: s.id as number, prefix: s.subnet, sharedNetwork });
		}
	};
	collect(top[key], null);
	for (const n of Array.isArray(top['shared-networks']) ? top['shared-networks'] : []) {
		if (isObject(n) && typeof n.name === 'string') collect(n[key], n.name);
	}
	return { family, subnets };
}

const SUBNET_STAT = /^subnet\[(\d+)\]\.([a-z-]+)$/;

/** `{ id: { statistic: value } }` from the flat statistics, numeric values only. */
function perSubnet(stats: Record<string, number | string>): Map<number, Map<string, number>> {
	const out = new Map<number, Map<string, number>>();
	for (const [name, value] of Object.entries(stats)) {
		const m = SUBNET_STAT.exec(name);
		if (!m || typeof value !== 'number' || !Number.isFinite(value) || value < 0) continue;
		const id = Number(m[1]);
		if (!out.has(id)) out.set(id, new Map());
		out.get(id)!.set(m[2]!, value);
	}
	return out;
}

function usageOf(total: number, assigned: number, declined: number | undefined): Usage {
	return { total, assigned, ...(declined !== undefined ? { declined } : {}), utilisation: total > 0 ? (assigned / total) * 100 : null };
}

function sum(parts: readonly Usage[]): Usage {
	const total = parts.reduce((a, u) => a + u.total, 0);
	const assigned = parts.reduce((a, u) => a + u.assigned, 0);
	const declined = parts.some((u) => u.declined !== undefined) ? parts.reduce((a, u) => a + (u.declined ?? 0), 0) : undefined;
	return usageOf(total, assigned, declined);
}

/**
 * The report: one row per subnet the configuration or the statistics name (in ID order), one per
 * shared network with its subnets' sums. Kea 2.2 keeps no per-network counters, so the sums are
 * the network's figures.
 */
export function poolReport(config: ServerConfig, stats: Record<string, number | string>): PoolReport {
	const byId = perSubnet(stats);
	const configured = new Map(config.subnets.map((s) => [s.id, s]));
	const ids = [...new Set([...configured.keys(), ...byId.keys()])].sort((a, b) => a - b);
	const subnets: SubnetUsage[] = ids.map((id) => {
		const values = byId.get(id) ?? new Map<string, number>();
		const usage: Partial<Record<PoolKind, Usage>> = {};
		for (const kind of KINDS_OF[config.family]) {
			const names = STAT_NAMES[kind];
			const total = values.get(names.total);
			if (total === undefined) continue;
			usage[kind] = usageOf(total, values.get(names.assigned) ?? 0, names.declined ? (values.get(names.declined) ?? 0) : undefined);
		}
		const c = configured.get(id);
		return { id, prefix: c?.prefix ?? null, sharedNetwork: c?.sharedNetwork ?? null, usage };
	});
	const names = [...new Set(subnets.map((s) => s.sharedNetwork).filter((n): n is string => n !== null))];
	const sharedNetworks = names.map((name) => {
		const members = subnets.filter((s) => s.sharedNetwork === name);
		const usage: Partial<Record<PoolKind, Usage>> = {};
		for (const kind of KINDS_OF[config.family]) {
			const parts = members.map((s) => s.usage[kind]).filter((u): u is Usage => u !== undefined);
			if (parts.length > 0) usage[kind] = sum(parts);
		}
		return { name, subnets: members.map((s) => s.id), usage };
	});
	return { family: config.family, subnets, sharedNetworks };
}

/** `ADDR/LEN` in one spelling (lower case, shortest IPv6 form), or null when it is not a prefix. */
export function canonicalPrefix(text: string): string | null {
	const slash = text.lastIndexOf('/');
	if (slash < 0) return null;
	const addr = text.slice(0, slash).trim();
	const len = text.slice(slash + 1).trim();
	if (!/^\d{1,3}$/.test(len)) return null;
	const v4 = parseIPv4(addr);
	if (v4 && Number(len) <= 32) return `${formatIPv4(v4)}/${Number(len)}`;
	const v6 = parseIPv6(addr);
	if (v6 && Number(len) <= 128) return `${formatIPv6(v6)}/${Number(len)}`;
	return null;
}

/**
 * What `--subnet` picks: a subnet by ID or prefix (any spelling), or a shared network by name.
 * Null when nothing matches.
 */
export function selectFrom(report: PoolReport, selector: string): PoolReport | null {
	const s = selector.trim();
	let subnets: SubnetUsage[] = [];
	if (/^\d+$/.test(s)) subnets = report.subnets.filter((x) => x.id === Number(s));
	else {
		const wanted = canonicalPrefix(s);
		if (wanted !== null) subnets = report.subnets.filter((x) => x.prefix !== null && canonicalPrefix(x.prefix) === wanted);
	}
	if (subnets.length > 0) return { ...report, subnets, sharedNetworks: [] };
	const network = report.sharedNetworks.find((n) => n.name === s);
	if (network) return { ...report, subnets: report.subnets.filter((x) => x.sharedNetwork === network.name), sharedNetworks: [network] };
	return null;
}
