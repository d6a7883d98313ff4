/**
 * The route a probe takes, chosen from its command line (`--iface`, `--server`, `--giaddr` /
 * `--relay`); the route itself and the socket it opens are the transport's (transport/path.ts).
 */
import { UserError } from '../exit-codes.js';
import type { Path } from '../transport/path.js';
import { parseIPv4, parseIPv6 } from '../wire/address.js';

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
	throw new UserError(
		`${flag} ${t}: ${other ? `an IPv${family === 4 ? 6 : 4} address, and this is a DHCPv${family} probe${family === 4 ? ' (-6 for DHCPv6)' : ''}` : `not an IPv${family} address (host names are not resolved)`}`,
	);
}

/**
 * Chooses the path from the command line: `--iface` alone is on-link; `--server` with
 * `--giaddr`/`--relay` is relay emulation; `--server` alone is unicast.
 */
export function choosePath(family: 4 | 6, flags: { iface?: string; server?: string; relay?: string; local?: string; ciaddr?: string; levels?: number }): Path {
	const server = flags.server === undefined ? undefined : checkAddress('--server', flags.server, family);
	const relay = flags.relay === undefined ? undefined : checkAddress(family === 4 ? '--giaddr' : '--relay', flags.relay, family);
	const { iface } = flags;
	if (flags.levels !== undefined && !relay) throw new UserError(`--relay-levels ${flags.levels}: needs relay emulation (--server ADDR --relay ADDR)`);
	if (relay && !server) throw new UserError(`--${family === 4 ? 'giaddr' : 'relay'} ${relay}: relay emulation needs --server ADDR to send to`);
	// With --server, --iface keeps the socket to that interface (it is not on-link then).
	const via = iface ? { iface } : {};
	// DHCPv4 only: a relay listens at ciaddr too (RFC 2131 §4.3.5), a unicast client says when it cannot.
	const ciaddr = family === 4 && flags.ciaddr ? { ciaddr: flags.ciaddr } : {};
	const levels = family === 6 && flags.levels !== undefined ? { levels: flags.levels } : {};
	if (relay) return { family, kind: 'relay', relay, server: server!, ...via, ...ciaddr, ...levels };
	if (server) return { family, kind: 'unicast', server, ...(flags.local ? { local: flags.local } : {}), ...via, ...ciaddr };
	if (iface) return { family, kind: 'onlink', iface };
	throw new UserError('say where to probe: --iface IF (on-link), --server ADDR (unicast), or --server ADDR --giaddr ADDR (relay emulation)');
}
