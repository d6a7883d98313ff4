/**
 * Link-layer header types of capture files (tcpdump.org "Link-Layer Header Types"; the values
 * are LINKTYPE_ numbers, which is what pcap and pcapng store).
 */
export const LINKTYPE = {
	/** BSD loopback: a 4-byte address family in the capturing host's byte order. */
	NULL: 0,
	ETHERNET: 1,
	/** DLT_RAW as some BSDs number it in files written before LINKTYPE_RAW existed. */
	RAW_BSD_12: 12,
	RAW_BSD_14: 14,
	/** Raw IP: the frame starts with an IPv4 or IPv6 header (the version nibble tells which). */
	RAW: 101,
	/** OpenBSD loopback: like NULL but the family is big-endian. */
	LOOP: 108,
	LINUX_SLL: 113,
	IPV4: 228,
	IPV6: 229,
	LINUX_SLL2: 276,
} as const;

/** Link types whose frames are a bare IP packet. */
export const RAW_IP_LINKTYPES: ReadonlySet<number> = new Set([LINKTYPE.RAW, LINKTYPE.RAW_BSD_12, LINKTYPE.RAW_BSD_14, LINKTYPE.IPV4, LINKTYPE.IPV6]);

/** Every link type `extractUdp` understands. */
export const SUPPORTED_LINKTYPES: ReadonlySet<number> = new Set([...RAW_IP_LINKTYPES, LINKTYPE.NULL, LINKTYPE.LOOP, LINKTYPE.ETHERNET, LINKTYPE.LINUX_SLL, LINKTYPE.LINUX_SLL2]);

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(LINKTYPE).map(([name, value]) => [value, name]));

/** `ETHERNET`, `RAW`, … or `LINKTYPE_<n>` for one we do not know. */
export function linktypeName(linktype: number): string {
	return NAMES.get(linktype) ?? `LINKTYPE_${linktype}`;
}
