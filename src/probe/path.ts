/**
 * How a probe reaches a server, and the transport that path needs:
 * - on-link v4: raw socket on an interface, from 0.0.0.0:68 to 255.255.255.255:67 (RFC 2131 §4.1);
 * - relay v4: bound to giaddr:67, unicast to the server, which answers giaddr:67 (RFC 2131 §4.1);
 * - unicast v4: bound to :68, unicast to the server, which answers ciaddr:68 (dhcping's mode);
 * - on-link v6: bound to the link-local address:546, multicast to ff02::1:2:547 (RFC 8415 §7.1);
 * - relay v6: bound to the relay address:547, RELAY-FORW unicast to the server (RFC 8415 §19);
 * - unicast v6: bound to :546, unicast to the server (RFC 8415 §18.4, when allowed).
 * With `--iface` beside `--server`, the relay and unicast sockets are kept to that interface
 * (SO_BINDTODEVICE): a probe never leaves through an interface the user did not name.
 */
import { networkInterfaces } from 'node:os';
import { UserError } from '../exit-codes.js';
import { parseIPv4, parseIPv6 } from '../wire/address.js';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS } from '../codec/dhcp6/constants.js';
import { waitForLinkLocal } from '../transport/link-local.js';
import { interfaceExists, RawV4Transport } from '../transport/raw4.js';
import { MergedTransport } from '../transport/merged.js';
import type { Endpoint, Transport } from '../transport/types.js';
import { deviceBindingUnavailable, UdpTransport } from '../transport/udp.js';

export type Path =
	| { family: 4; kind: 'onlink'; iface: string }
	/**
	 * `ciaddr`: the client address a server may answer instead of the relay, as it answers a
	 * DHCPINFORM (RFC 2131 §4.3.5); the probe then listens at ciaddr:68 too.
	 */
	| { family: 4; kind: 'relay'; giaddr: string; server: string; iface?: string; ciaddr?: string }
	| { family: 4; kind: 'unicast'; server: string; local?: string; iface?: string }
	| { family: 6; kind: 'onlink'; iface: string }
	| { family: 6; kind: 'relay'; relay: string; server: string; iface?: string }
	| { family: 6; kind: 'unicast'; server: string; local?: string; iface?: string };

export interface OpenPath {
	transport: Transport;
	/** Where requests go. */
	to: Endpoint;
	/** e.g. `relay 198.19.0.2`, `on-link eth0`. */
	description: string;
	warnings: string[];
}

export async function openPath(path: Path): Promise<OpenPath> {
	if (path.family === 4) {
		switch (path.kind) {
			case 'onlink': {
				const transport = await RawV4Transport.open({ iface: path.iface });
				return { transport, to: { address: '255.255.255.255', port: 67 }, description: `on-link ${path.iface}`, warnings: transport.warnings };
			}
			case 'relay': {
				const transport = await UdpTransport.open({ family: 4, address: path.giaddr, port: 67, ...device(path.iface) });
				const to = { address: path.server, port: 67 };
				const description = `relay ${path.giaddr}${on(path.iface)}`;
				if (path.ciaddr === undefined) return { transport, to, description, warnings: [] };
				return alsoAtClient(transport, to, description, path.ciaddr, path.iface);
			}
			case 'unicast': {
				const transport = await UdpTransport.open({ family: 4, address: path.local ?? '0.0.0.0', port: 68, ...device(path.iface) });
				return { transport, to: { address: path.server, port: 67 }, description: `unicast from ${transport.local.address}:${transport.local.port}${on(path.iface)}`, warnings: [] };
			}
		}
	}
	switch (path.kind) {
		case 'onlink': {
			if (!interfaceExists(path.iface)) throw new UserError(`--iface ${path.iface}: no such interface`);
			const ll = await waitForLinkLocal(path.iface);
			if (!ll) throw new UserError(`--iface ${path.iface}: the interface has no IPv6 link-local address (is it up?)`);
			const transport = await UdpTransport.open({ family: 6, address: ll, port: 546, iface: path.iface });
			return { transport, to: { address: `${ALL_DHCP_RELAY_AGENTS_AND_SERVERS}%${path.iface}`, port: 547 }, description: `on-link ${path.iface}`, warnings: [] };
		}
		case 'relay': {
			const transport = await UdpTransport.open({ family: 6, address: path.relay, port: 547, ...device(path.iface) });
			return { transport, to: { address: path.server, port: 547 }, description: `relay ${path.relay}${on(path.iface)}`, warnings: [] };
		}
		case 'unicast': {
			const transport = await UdpTransport.open({ family: 6, address: path.local ?? '::', port: 546, ...device(path.iface) });
			return { transport, to: { address: path.server, port: 547 }, description: `unicast from [${transport.local.address}]:${transport.local.port}${on(path.iface)}`, warnings: [] };
		}
	}
}

/**
 * Checks an address given on the command line against the probe's family, before anything is
 * sent. Host names are not resolved: a probe judges the server it names, and a name that
 * resolves elsewhere (or not at all, after a DNS timeout) would judge something else. A v6
 * address may carry a zone (`fe80::1%eth0`).
 */
export function checkAddress(flag: string, text: string, family: 4 | 6): string {
	const t = String(text).trim();
	const v4 = parseIPv4(t) !== undefined;
	const v6 = parseIPv6(t.replace(/%[\w.-]+$/, '')) !== undefined;
	if (family === 4 ? v4 : v6) return t;
	const other = family === 4 ? v6 : v4;
	throw new UserError(`${flag} ${t}: ${other ? `an IPv${family === 4 ? 6 : 4} address, and this is a DHCPv${family} probe${family === 4 ? ' (-6 for DHCPv6)' : ''}` : `not an IPv${family} address (host names are not resolved)`}`);
}

/**
 * How a client that holds a lease sends to its server (RFC 2131 §4.4.4: a RELEASE is unicast from
 * the leased address to the server). On-link that takes a raw socket of its own, sending from the
 * leased address; the relay and unicast paths already send to the server. The caller closes it.
 */
export async function openLeasedPath(open: OpenPath, path: Path, leased: string, server: string): Promise<{ transport: Transport; to: Endpoint; owned: boolean }> {
	if (path.family !== 4 || path.kind !== 'onlink') return { transport: open.transport, to: open.to, owned: false };
	const transport = await RawV4Transport.open({ iface: path.iface, source: leased });
	return { transport, to: { address: server, port: 67 }, owned: true };
}

/**
 * A relay path that also listens at ciaddr:68, where a server may answer the client directly
 * (RFC 2131 §4.3.5). Only an address of this host can receive there; for any other, or when
 * the port is taken, the probe says plainly that only the relay's answers can be seen.
 */
async function alsoAtClient(transport: Transport, to: Endpoint, description: string, ciaddr: string, iface: string | undefined): Promise<OpenPath> {
	const unseen = (why: string): OpenPath => ({
		transport,
		to,
		description: `${description} (answers to ciaddr ${ciaddr}:68 not seen here)`,
		warnings: [`a server may answer ciaddr ${ciaddr}:68 instead of the relay (RFC 2131 §4.3.5; Kea does for DHCPINFORM), and ${why}: only answers at ${transport.local.address}:67 are seen`],
	});
	const local = Object.values(networkInterfaces()).some((list) => list?.some((a) => a.family === 'IPv4' && a.address === ciaddr));
	if (!local) return unseen(`${ciaddr} is not an address of this host`);
	let client: Transport;
	try {
		client = await UdpTransport.open({ family: 4, address: ciaddr, port: 68, ...device(iface) });
	} catch (error) {
		return unseen(`listening there failed: ${(error as Error).message}`);
	}
	return { transport: new MergedTransport(transport, [client]), to, description: `${description}, answers at ${transport.local.address}:67 and ${ciaddr}:68`, warnings: [] };
}

/** The socket option keeping a relay or unicast probe to the interface the user named. */
function device(iface: string | undefined): { device?: string } {
	if (iface === undefined) return {};
	if (!interfaceExists(iface)) throw new UserError(`--iface ${iface}: no such interface`);
	// Refused before any socket opens: sending through the default route instead would be worse.
	const why = deviceBindingUnavailable();
	if (why) throw new UserError(`--iface ${iface} with --server: ${why}`);
	return { device: iface };
}

const on = (iface: string | undefined): string => (iface === undefined ? '' : ` on ${iface}`);

/**
 * Chooses the path from the command line: `--iface` alone is on-link; `--server` with
 * `--giaddr`/`--relay` is relay emulation; `--server` alone is unicast.
 */
export function choosePath(family: 4 | 6, flags: { iface?: string; server?: string; relay?: string; local?: string; ciaddr?: string }): Path {
	const server = flags.server === undefined ? undefined : checkAddress('--server', flags.server, family);
	const relay = flags.relay === undefined ? undefined : checkAddress(family === 4 ? '--giaddr' : '--relay', flags.relay, family);
	const { iface } = flags;
	if (relay && !server) throw new UserError(`--${family === 4 ? 'giaddr' : 'relay'} ${relay}: relay emulation needs --server ADDR to send to`);
	// With --server, --iface keeps the socket to that interface (it is not on-link then).
	const via = iface ? { iface } : {};
	if (family === 4) {
		if (relay) return { family, kind: 'relay', giaddr: relay, server: server!, ...via, ...(flags.ciaddr ? { ciaddr: flags.ciaddr } : {}) };
		if (server) return { family, kind: 'unicast', server, ...(flags.local ? { local: flags.local } : {}), ...via };
		if (iface) return { family, kind: 'onlink', iface };
	} else {
		if (relay) return { family, kind: 'relay', relay, server: server!, ...via };
		if (server) return { family, kind: 'unicast', server, ...(flags.local ? { local: flags.local } : {}), ...via };
		if (iface) return { family, kind: 'onlink', iface };
	}
	throw new UserError('say where to probe: --iface IF (on-link), --server ADDR (unicast), or --server ADDR --giaddr ADDR (relay emulation)');
}
