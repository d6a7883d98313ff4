import { readFileSync } from 'node:fs';

/** Linux capability numbers (capabilities(7)) that dhcpulse needs. */
export const Cap = {
	NET_BIND_SERVICE: 10,
	NET_ADMIN: 12,
	NET_RAW: 13,
	SYS_ADMIN: 21,
} as const;

export type CapName = keyof typeof Cap;

/** The effective capability set of this process, from /proc/self/status `CapEff`. */
export function effectiveCapabilities(): bigint {
	try {
		const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
		return m ? BigInt(`0x${m[1]}`) : 0n;
	} catch {
		return 0n;
	}
}

/** True when the process holds `cap` in its effective set (root normally holds all). */
export function hasCapability(cap: CapName): boolean {
	return ((effectiveCapabilities() >> BigInt(Cap[cap])) & 1n) === 1n;
}
