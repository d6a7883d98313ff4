/**
 * How a client reaches a server, and the socket that route needs: the one route type and
 * `openPath` for probes and load runs alike.
 * - on-link v4: raw socket on an interface, from 0.0.0.0:68 to 255.255.255.255:67 (RFC 2131 §4.1);
 * - relay v4: bound to giaddr:67, unicast to the server, which answers giaddr:67 (RFC 2131 §4.1);
 * - unicast v4: bound to :68, unicast to the server, which answers ciaddr:68 (dhcping's mode);
 * - on-link v6: bound to the link-local address:546, multicast to ff02::1:2:547 (RFC 8415 §7.1);
 * - relay v6: bound to the relay address:547, RELAY-FORW unicast to the server (RFC 8415 §19);
 * - unicast v6: bound to :546, unicast to the server (RFC 8415 §18.4, when allowed).
 * With `iface` beside a server, the relay and unicast sockets are kept to that interface
 * (SO_BINDTODEVICE): a client never leaves through an interface the user did not name.
 */
import { networkInterfaces } from 'node:os';
import { UserError } from '../exit-codes.js';
import { DHCP4_CLIENT_PORT, DHCP4_SERVER_PORT } from '../codec/dhcp4/message.js';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, DHCP6_CLIENT_PORT, DHCP6_SERVER_PORT } from '../codec/dhcp6/constants.js';
import { waitForLinkLocal } from './link-local.js';
import { interfaceExists, RawV4Transport } from './raw4.js';
import { MergedTransport } from './merged.js';
import type { Endpoint, Transport } from './types.js';
import { deviceBindingUnavailable, UdpTransport } from './udp.js';

export type Path =
	| { family: 4 | 6; kind: 'onlink'; iface: string }
	/**
	 * `relay`: the relay agent's own address, giaddr in DHCPv4 (RFC 2131 §4.1) and the
	 * RELAY-FORW's source in DHCPv6 (RFC 8415 §19.1). `ciaddr` (DHCPv4 only): the client address
	 * a server may answer instead of the relay, as it answers a DHCPINFORM (RFC 2131 §4.3.5); the
	 * socket then listens at ciaddr:68 too. `levels` (DHCPv6 only): how many RELAY-FORWs a
	 * request is nested in (RFC 8415 §19.1), 1 unless set; DHCPv4 has one giaddr (RFC 3046).
	 */
	| { family: 4 | 6; kind: 'relay'; relay: string; server: string; iface?: string; ciaddr?: string; levels?: number }
	/** `ciaddr` (DHCPv4 only): the client address the request claims, where the server answers it (RFC 2131 §4.1). */
	| { family: 4 | 6; kind: 'unicast'; server: string; local?: string; iface?: string; ciaddr?: string };

/** What a load run sets on top of the route; a probe takes the defaults. */
export interface SocketSettings {
	/** The port to bind: {@link localPortOf} unless set (perf's --local-port). */
	localPort?: number;
	/** The server's port: 67 or 547 unless set. */
	serverPort?: number;
	/** Send window and receive buffer, as the transports take them. */
	sendWindow?: number;
	recvBufferSize?: number;
	/** The flag that named the interface, for the error messages (`--iface`, perf's `-l`). */
	ifaceFlag?: string;
}

export interface OpenPath {
	transport: Transport;
	/** Where requests go. */
	to: Endpoint;
	/** e.g. `relay 198.19.0.2`, `on-link eth0`. */
	description: string;
	warnings: string[];
}

/** The server side's port (RFC 2131 §4.1, RFC 8415 §7.2). */
export function serverPortOf(family: 4 | 6): number {
	return family === 4 ? DHCP4_SERVER_PORT : DHCP6_SERVER_PORT;
}

/** The port a route binds: a relay agent sits at the server port, a client at the client port (RFC 2131 §4.1, RFC 8415 §7.2). */
export function localPortOf(family: 4 | 6, kind: Path['kind']): number {
	if (kind === 'relay') return serverPortOf(family);
	return family === 4 ? DHCP4_CLIENT_PORT : DHCP6_CLIENT_PORT;
}

export async function openPath(path: Path, sockets: SocketSettings = {}): Promise<OpenPath> {
	const { family } = path;
	const port = sockets.localPort ?? localPortOf(family, path.kind);
	const serverPort = sockets.serverPort ?? serverPortOf(family);
	const ifaceFlag = sockets.ifaceFlag ?? '--iface';
	const bufs = { ...(sockets.sendWindow === undefined ? {} : { sendWindow: sockets.sendWindow }), ...(sockets.recvBufferSize === undefined ? {} : { recvBufferSize: sockets.recvBufferSize }) };
	switch (path.kind) {
		case 'onlink': {
			if (family === 4) {
				const transport = await RawV4Transport.open({ iface: path.iface, clientPort: port, serverPort, ...(sockets.sendWindow === undefined ? {} : { sendWindow: sockets.sendWindow }) });
				return { transport, to: { address: '255.255.255.255', port: serverPort }, description: `on-link ${path.iface}`, warnings: transport.warnings };
			}
			if (!interfaceExists(path.iface)) throw new UserError(`${ifaceFlag} ${path.iface}: no such interface`);
			const ll = await waitForLinkLocal(path.iface);
			if (!ll) throw new UserError(`${ifaceFlag} ${path.iface}: the interface has no IPv6 link-local address (is it up?)`);
			const transport = await UdpTransport.open({ family: 6, address: ll, port, iface: path.iface, ...bufs });
			// RFC 8415 §7.1 / §18.2.1: a client sends to All_DHCP_Relay_Agents_and_Servers on its link.
			return { transport, to: { address: `${ALL_DHCP_RELAY_AGENTS_AND_SERVERS}%${path.iface}`, port: serverPort }, description: `on-link ${path.iface}`, warnings: [] };
		}
		case 'relay': {
			const transport = await UdpTransport.open({ family, address: path.relay, port, ...bufs, ...device(path.iface, ifaceFlag) });
			const to = { address: path.server, port: serverPort };
			const levels = path.levels !== undefined && path.levels > 1 ? ` (${path.levels} levels)` : '';
			const description = `relay ${path.relay}${levels}${on(path.iface)}`;
			if (family === 6 || path.ciaddr === undefined) return { transport, to, description, warnings: [] };
			return alsoAtClient(transport, to, description, path.ciaddr, path.iface, ifaceFlag);
		}
		case 'unicast': {
			const transport = await UdpTransport.open({ family, address: path.local ?? (family === 4 ? '0.0.0.0' : '::'), port, ...bufs, ...device(path.iface, ifaceFlag) });
			const from = family === 4 ? transport.local.address : `[${transport.local.address}]`;
			// RFC 2131 §4.1: a server unicasts to ciaddr (Kea: an INFORM's and a renewing REQUEST's
			// ACK); a claimed address this host does not hold takes the answer elsewhere.
			const away = family === 4 && path.ciaddr !== undefined && !isLocalV4(path.ciaddr);
			const warnings = away ? [`the server answers ciaddr ${path.ciaddr}:${DHCP4_CLIENT_PORT} (RFC 2131 §4.1, §4.3.5), and ${path.ciaddr} is not an address of this host: its answer cannot be seen here`] : [];
			return {
				transport,
				to: { address: path.server, port: serverPort },
				description: `unicast from ${from}:${transport.local.port}${on(path.iface)}${away ? ` (answers to ciaddr ${path.ciaddr}:${DHCP4_CLIENT_PORT} not seen here)` : ''}`,
				warnings,
			};
		}
	}
}

/**
 * How a client that holds a lease sends to its server (RFC 2131 §4.4.4: a RELEASE is unicast from
 * the leased address to the server). On-link that takes a raw socket of its own, sending from the
 * leased address; the relay and unicast paths already send to the server. The caller closes it.
 */
export async function openLeasedPath(open: OpenPath, path: Path, leased: string, server: string): Promise<{ transport: Transport; to: Endpoint; owned: boolean }> {
	if (path.family !== 4 || path.kind !== 'onlink') return { transport: open.transport, to: open.to, owned: false };
	const transport = await RawV4Transport.open({ iface: path.iface, source: leased });
	return { transport, to: { address: server, port: DHCP4_SERVER_PORT }, owned: true };
}

/**
 * A relay path that also listens at ciaddr:68, where a server may answer the client directly
 * (RFC 2131 §4.3.5). Only an address of this host can receive there; for any other, or when
 * the port is taken, the probe says plainly that only the relay's answers can be seen.
 */
async function alsoAtClient(transport: Transport, to: Endpoint, description: string, ciaddr: string, iface: string | undefined, ifaceFlag: string): Promise<OpenPath> {
	const unseen = (why: string): OpenPath => ({
		transport,
		to,
		description: `${description} (answers to ciaddr ${ciaddr}:${DHCP4_CLIENT_PORT} not seen here)`,
		warnings: [
			`a server may answer ciaddr ${ciaddr}:${DHCP4_CLIENT_PORT} instead of the relay (RFC 2131 §4.3.5; Kea does for DHCPINFORM), and ${why}: only answers at ${transport.local.address}:${transport.local.port} are seen`,
		],
	});
	if (!isLocalV4(ciaddr)) return unseen(`${ciaddr} is not an address of this host`);
	let client: Transport;
	try {
		client = await UdpTransport.open({ family: 4, address: ciaddr, port: DHCP4_CLIENT_PORT, ...device(iface, ifaceFlag) });
	} catch (error) {
		return unseen(`listening there failed: ${(error as Error).message}`);
	}
	return { transport: new MergedTransport(transport, [client]), to, description: `${description}, answers at ${transport.local.address}:${transport.local.port} and ${ciaddr}:${DHCP4_CLIENT_PORT}`, warnings: [] };
}

/** Is `address` an IPv4 address of this host (of its namespace)? */
function isLocalV4(address: string): boolean {
	return Object.values(networkInterfaces()).some((list) => list?.some((a) => a.family === 'IPv4' && a.address === address));
}

/** The socket option keeping a relay or unicast socket to the interface the user named. */
function device(iface: string | undefined, ifaceFlag: string): { device?: string } {
	if (iface === undefined) return {};
	if (!interfaceExists(iface)) throw new UserError(`${ifaceFlag} ${iface}: no such interface`);
	// Refused before any socket opens: sending through the default route instead would be worse.
	const why = deviceBindingUnavailable();
	if (why) throw new UserError(`${ifaceFlag} ${iface} with --server: ${why}`);
	return { device: iface };
}

const on = (iface: string | undefined): string => (iface === undefined ? '' : ` on ${iface}`);
