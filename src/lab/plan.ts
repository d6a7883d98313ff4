import { UserError } from '../exit-codes.js';

/**
 * The lab address plan of docs/ARCHITECTURE.md, as data. Every lab uses the same addresses
 * inside its own pair of namespaces, so labs never meet each other or the host.
 * v4 ranges come from 198.18.0.0/15 (RFC 2544 benchmarking), v6 ones from 2001:db8::/32 (RFC 3849).
 */
export const PLAN = {
	/** On-link segment: the client side has no IPv4 address, link-local IPv6 only. */
	serverIface: 'dpl-srv0',
	clientIface: 'dpl-cli0',
	/** Routed segment: the client side is a relay agent. */
	serverRelayIface: 'dpl-srv1',
	relayIface: 'dpl-cli1',
	serverAddr4: '198.18.0.1',
	relayServerAddr4: '198.19.0.1',
	relayAddr4: '198.19.0.2',
	/**
	 * More relay agent addresses on the same segment: the load generator binds one per worker
	 * thread (one socket per giaddr; replies go to giaddr:67, RFC 2131 §4.1), all in the relayed subnet.
	 */
	extraRelayAddrs4: ['198.19.0.3', '198.19.0.4', '198.19.0.5', '198.19.0.6', '198.19.0.7', '198.19.0.8', '198.19.0.9'],
	prefixLen4: 16,
	subnet4: '198.18.0.0/16',
	pool4: { first: '198.18.1.0', last: '198.18.255.254' },
	relaySubnet4: '198.19.0.0/16',
	relayPool4: { first: '198.19.1.0', last: '198.19.255.254' },
	serverAddr6: '2001:db8:1::1',
	relayServerAddr6: '2001:db8:2::1',
	relayAddr6: '2001:db8:2::2',
	extraRelayAddrs6: ['2001:db8:2::3', '2001:db8:2::4', '2001:db8:2::5', '2001:db8:2::6', '2001:db8:2::7', '2001:db8:2::8', '2001:db8:2::9'],
	prefixLen6: 64,
	subnet6: '2001:db8:1::/64',
	pool6: '2001:db8:1::1:0/112',
	relaySubnet6: '2001:db8:2::/64',
	relayPool6: '2001:db8:2::1:0/112',
	/**
	 * One /33 for prefix delegation, split in two /34 halves so each subnet has its own
	 * pd-pool (a delegated prefix belongs to exactly one subnet's pool).
	 */
	pdPool6: '2001:db8:8000::/33',
	pdPoolOnLink6: { prefix: '2001:db8:8000::', len: 34 },
	pdPoolRelayed6: { prefix: '2001:db8:c000::', len: 34 },
	pdDelegatedLen6: 56,
	dnsServers4: ['198.18.0.53', '198.18.0.54'],
	dnsServers6: ['2001:db8:1::53', '2001:db8:1::54'],
	domainName: 'lab.dhcpulse.test',
	leaseTime: 4000,
	reservation: {
		hwAddress: '02:00:00:00:00:01',
		ipAddress4: '198.18.0.10',
		/** DUID-LL (RFC 8415 §11.4: type 3, hardware type 1) built from the same MAC. */
		duid: '00:03:00:01:02:00:00:00:00:01',
		ipAddress6: '2001:db8:1::10',
	},
} as const;

export const DEFAULT_LAB_NAME = 'default';

/**
 * Lab names end up in namespace names (`dhcpulse-<name>-srv`) and in paths, so they are kept
 * short and to a safe alphabet; interface names are fixed (`dpl-srv0` …) because they live
 * inside the lab's own namespaces.
 */
const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function validateLabName(name: string): string {
	if (!NAME_RE.test(name)) {
		throw new UserError(`--name ${JSON.stringify(name)}: a lab name is 1-32 characters of a-z, 0-9, '-' and '_', starting with a letter or digit`);
	}
	return name;
}

export function serverNetnsName(name: string): string {
	return `dhcpulse-${name}-srv`;
}

export function clientNetnsName(name: string): string {
	return `dhcpulse-${name}-cli`;
}
