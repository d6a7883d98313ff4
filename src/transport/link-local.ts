/**
 * An interface's IPv6 link-local address, which a DHCPv6 client sends from on its link (RFC 8415
 * §7.1, §18.2.1): for the probes' and the load generator's on-link paths alike.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** The link-local IPv6 address of an interface, scoped (`fe80::…%iface`), or undefined. */
export function linkLocalOf(iface: string): string | undefined {
	const a = networkInterfaces()[iface]?.find((x) => x.family === 'IPv6' && x.address.toLowerCase().startsWith('fe80:'));
	return a ? `${a.address}%${iface}` : undefined;
}

/** IFA_F_TENTATIVE and IFA_F_DADFAILED (linux/if_addr.h), as /proc/net/if_inet6 shows them. */
const TENTATIVE = 0x40;
const DADFAILED = 0x08;

/** Whether the interface has a link-local address that finished duplicate address detection. */
function linkLocalUsable(iface: string): boolean {
	let table: string;
	try {
		table = readFileSync('/proc/net/if_inet6', 'utf8');
	} catch {
		return linkLocalOf(iface) !== undefined;
	}
	return table.split('\n').some((line) => {
		const f = line.trim().split(/\s+/);
		return f.length === 6 && f[5] === iface && f[0]!.startsWith('fe80') && (parseInt(f[4]!, 16) & (TENTATIVE | DADFAILED)) === 0;
	});
}

/**
 * Waits (bounded) for the interface's link-local address: an interface that just came up has none,
 * then a tentative one that cannot be bound until duplicate address detection ends (RFC 4862 §5.4,
 * about a second on Linux).
 */
export async function waitForLinkLocal(iface: string, timeoutMs = 5_000): Promise<string | undefined> {
	const deadline = Date.now() + timeoutMs;
	while (!linkLocalUsable(iface) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
	return linkLocalOf(iface);
}
