import { PLAN } from './plan.js';

/** Where the generated configuration keeps its files (all inside the lab's state directory). */
export interface ConfigPaths {
	leaseFile: string;
	controlSocket: string;
}

/** Kea logs to stdout, which the lab sends to the log file in the state directory. */
function loggers(name: string): unknown[] {
	return [{ name, output_options: [{ output: 'stdout' }], severity: 'WARN' }];
}

/**
 * The generated Kea DHCPv4 configuration: both lab segments, routers / DNS / domain-name
 * options, the lab's host reservation, memfile leases in the state directory and a unix
 * control socket.
 */
export function kea4Config(paths: ConfigPaths): object {
	return {
		Dhcp4: {
			'interfaces-config': {
				interfaces: [PLAN.serverIface, PLAN.serverRelayIface],
				// Raw sockets let Kea answer on-link clients that have no address yet (lab-facts).
				'dhcp-socket-type': 'raw',
			},
			'control-socket': { 'socket-type': 'unix', 'socket-name': paths.controlSocket },
			// lfc-interval 0: no kea-lfc child processes rewriting the file during load runs.
			'lease-database': { type: 'memfile', persist: true, name: paths.leaseFile, 'lfc-interval': 0 },
			// Kea 2.2 defaults to false and silently drops a REQUEST for an address the client
			// does not hold; RFC 2131 §4.3.2 has an authoritative server NAK it (lab-facts).
			authoritative: true,
			'valid-lifetime': PLAN.leaseTime,
			'renew-timer': PLAN.leaseTime / 2,
			'rebind-timer': (PLAN.leaseTime * 7) / 8,
			'option-data': [
				{ name: 'domain-name-servers', data: PLAN.dnsServers4.join(', ') },
				{ name: 'domain-name', data: PLAN.domainName },
			],
			subnet4: [
				{
					id: 1,
					subnet: PLAN.subnet4,
					interface: PLAN.serverIface,
					pools: [{ pool: `${PLAN.pool4.first} - ${PLAN.pool4.last}` }],
					'option-data': [{ name: 'routers', data: PLAN.serverAddr4 }],
					reservations: [{ 'hw-address': PLAN.reservation.hwAddress, 'ip-address': PLAN.reservation.ipAddress4 }],
				},
				{
					// Selected by giaddr (RFC 2131 §4.3.1): the relay agent's address is inside it.
					id: 2,
					subnet: PLAN.relaySubnet4,
					pools: [{ pool: `${PLAN.relayPool4.first} - ${PLAN.relayPool4.last}` }],
					'option-data': [{ name: 'routers', data: PLAN.relayServerAddr4 }],
				},
			],
			loggers: loggers('kea-dhcp4'),
		},
	};
}

/**
 * The generated Kea DHCPv6 configuration: IA_NA and IA_PD pools on both segments, DNS and
 * domain-search options, a DUID reservation, memfile leases and a unix control socket.
 */
export function kea6Config(paths: ConfigPaths): object {
	return {
		Dhcp6: {
			'interfaces-config': {
				// IFACE/ADDR adds a socket on [ADDR]:547 so relayed traffic sent to the server's
				// unicast address is received (lab-facts: Kea drops what it does not listen for).
				interfaces: [PLAN.serverIface, `${PLAN.serverRelayIface}/${PLAN.relayServerAddr6}`],
			},
			'control-socket': { 'socket-type': 'unix', 'socket-name': paths.controlSocket },
			'lease-database': { type: 'memfile', persist: true, name: paths.leaseFile, 'lfc-interval': 0 },
			// RFC 8415 §11 server DUID: Kea would persist it in /var/lib/kea, shared with the host's
			// Kea; a throw-away lab keeps it in memory.
			'server-id': { type: 'LLT', persist: false },
			'preferred-lifetime': (PLAN.leaseTime * 3) / 4,
			'valid-lifetime': PLAN.leaseTime,
			'renew-timer': PLAN.leaseTime / 2,
			'rebind-timer': (PLAN.leaseTime * 7) / 10,
			'option-data': [
				{ name: 'dns-servers', data: PLAN.dnsServers6.join(', ') },
				{ name: 'domain-search', data: PLAN.domainName },
			],
			subnet6: [
				{
					id: 1,
					subnet: PLAN.subnet6,
					interface: PLAN.serverIface,
					pools: [{ pool: PLAN.pool6 }],
					'pd-pools': [{ prefix: PLAN.pdPoolOnLink6.prefix, 'prefix-len': PLAN.pdPoolOnLink6.len, 'delegated-len': PLAN.pdDelegatedLen6 }],
					reservations: [{ duid: PLAN.reservation.duid, 'ip-addresses': [PLAN.reservation.ipAddress6] }],
				},
				{
					// RFC 8415 §19.1.1: a relay's link-address identifies the link; relay.ip-addresses
					// ties this relay agent's address to the subnet.
					id: 2,
					subnet: PLAN.relaySubnet6,
					relay: { 'ip-addresses': [PLAN.relayAddr6] },
					pools: [{ pool: PLAN.relayPool6 }],
					'pd-pools': [{ prefix: PLAN.pdPoolRelayed6.prefix, 'prefix-len': PLAN.pdPoolRelayed6.len, 'delegated-len': PLAN.pdDelegatedLen6 }],
				},
			],
			loggers: loggers('kea-dhcp6'),
		},
	};
}
