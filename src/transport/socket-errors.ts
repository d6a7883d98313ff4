import { UserError } from '../exit-codes.js';

/**
 * Turns a bind/socket error into a one-line message that names what was asked for, the reason
 * and the fix. Exit code 3 (UNKNOWN): the check could not run.
 */
export function socketSetupError(error: unknown, what: string): UserError {
	const e = error as NodeJS.ErrnoException;
	switch (e?.code) {
		case 'EACCES':
		case 'EPERM':
			return new UserError(`${what}: permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE ` + `(sudo, or: setcap cap_net_bind_service,cap_net_raw+ep "$(readlink -f "$(which node)")")`);
		case 'EADDRINUSE':
			return new UserError(`${what}: the port is already in use (a DHCP server, client or relay on this host?)`);
		case 'EADDRNOTAVAIL':
			return new UserError(`${what}: that address is not configured on any interface of this host`);
		case 'ENODEV':
			return new UserError(`${what}: no such interface`);
		case 'EINVAL':
			return new UserError(`${what}: invalid address for this socket (${e.message})`);
		default:
			return new UserError(`${what}: ${e?.message ?? String(error)}`);
	}
}

/** What a socket error the user's input can cause means, by errno (errno(3), socket(7), udp(7)). */
const CAUSES: Record<string, string> = {
	ENETUNREACH: 'no route to that address from here (check the address, and the relay address or interface it is sent from)',
	EHOSTUNREACH: 'that host is unreachable from here (no route, or no neighbour answers on the link)',
	EACCES: 'not permitted: a broadcast address needs the on-link path (--iface), or a firewall rule refuses it',
	EPERM: 'not permitted: a firewall rule refuses it, or the capability it needs is missing',
	EINVAL: 'the address is not valid for this socket (a v4 address to a v6 socket, a link-local address without its interface, …)',
	EADDRNOTAVAIL: 'that address cannot be used from this host (not one of its addresses, or not reachable from the one bound)',
	EADDRINUSE: 'the address and port are already in use (another probe, DHCP client, relay or server on this host?)',
	ENODEV: 'no such interface',
	EMSGSIZE: 'the datagram is larger than the path allows',
};

/**
 * A socket error that comes from what the user asked for (a destination with no route, a
 * broadcast without the on-link path, …) as one line naming the call, the address and the reason:
 * exit 3, the check could not be made. Undefined for anything else, which is a bug.
 */
export function userSocketError(error: unknown): UserError | undefined {
	const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
	const cause = typeof e?.code === 'string' ? CAUSES[e.code] : undefined;
	if (!cause || typeof e.syscall !== 'string') return undefined;
	const where = e.address === undefined ? '' : ` ${e.address.includes(':') ? `[${e.address}]` : e.address}${e.port === undefined ? '' : `:${e.port}`}`;
	const verb = e.syscall === 'send' || e.syscall === 'sendto' ? 'sending to' : `${e.syscall}`;
	return new UserError(`${verb}${where}: ${cause} (${e.code})`);
}
