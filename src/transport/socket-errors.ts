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
			return new UserError(
				`${what}: permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE ` +
					`(sudo, or: setcap cap_net_bind_service,cap_net_raw+ep "$(readlink -f "$(which node)")")`,
			);
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
