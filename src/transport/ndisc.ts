/**
 * Finds the link-layer addresses of IPv6 neighbours on one interface by asking them (RFC 4861
 * §7.2: a Neighbor Solicitation, answered by a Neighbor Advertisement), through an ICMPv6 raw
 * socket. A probe uses it to learn that a server answering from its link-local address is the
 * host the user named by another of its addresses: both resolve to the same interface.
 */
import { readFileSync } from 'node:fs';
import { formatIPv6, parseIPv6, parseMac } from '../wire/address.js';
import { advertisedLinkLayer, neighborSolicitation, solicitedNodeGroup } from '../net/ndisc.js';
import { rawSocket } from './raw-socket.js';

/** linux/in6.h; raw-socket does not export them. */
const IPV6_MULTICAST_IF = 17;
const IPV6_MULTICAST_HOPS = 18;
/** RFC 4861 §7.1.1: a receiver discards Neighbor Discovery messages whose hop limit is not 255. */
const ND_HOP_LIMIT = 255;
/** RFC 4861 §10: RetransTimer (1 s) between solicitations, MAX_MULTICAST_SOLICIT (3) of them. */
const RETRANS_MS = 1_000;
const SOLICITS = 3;

/**
 * The link-layer address of each of `addresses` on `iface` that answered (address text as given
 * → `aa:bb:…`). Addresses that do not answer are left out; they are not neighbours there.
 */
export async function neighbourMacs(iface: string, addresses: readonly string[]): Promise<Map<string, string>> {
	const found = new Map<string, string>();
	const wanted = new Map<string, string>();
	for (const a of addresses) {
		const bytes = parseIPv6(a);
		if (bytes) wanted.set(formatIPv6(bytes), a);
	}
	if (wanted.size === 0) return found;
	const ownMac = parseMac(readFileSync(`/sys/class/net/${iface}/address`, 'utf8').trim());
	const index = Number(readFileSync(`/sys/class/net/${iface}/ifindex`, 'utf8').trim());
	if (!ownMac) return found;
	const raw = rawSocket('naming a DHCPv6 server by its address (Neighbor Discovery)');
	const socket = raw.createSocket({ protocol: raw.Protocol.ICMPv6, addressFamily: raw.AddressFamily.IPv6 });
	try {
		socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_BINDTODEVICE, Buffer.from(`${iface}\0`), iface.length + 1);
		socket.setOption(raw.SocketLevel.IPPROTO_IPV6, IPV6_MULTICAST_IF, index);
		socket.setOption(raw.SocketLevel.IPPROTO_IPV6, IPV6_MULTICAST_HOPS, ND_HOP_LIMIT);
		let allFound: () => void = () => {};
		const done = new Promise<void>((resolve) => (allFound = resolve));
		socket.on('message', (buffer) => {
			const na = advertisedLinkLayer(buffer);
			const asked = na && wanted.get(na.target);
			if (!na || asked === undefined) return;
			found.set(asked, na.mac);
			if (found.size === wanted.size) allFound();
		});
		for (let i = 0; i < SOLICITS && found.size < wanted.size; i++) {
			for (const [text, asked] of wanted) {
				if (found.has(asked)) continue;
				const target = parseIPv6(text)!;
				const ns = neighborSolicitation(target, ownMac);
				// raw-socket may never call back (a send queued behind a socket that never turns
				// writable), and holds nothing that keeps the process alive: a promise waiting on it
				// alone let a probe end with exit 0 and no output. The timer bounds the wait and keeps it alive.
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, RETRANS_MS);
					socket.send(ns, 0, ns.length, `${solicitedNodeGroup(target)}%${iface}`, () => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, RETRANS_MS)))]);
			clearTimeout(timer);
		}
		return found;
	} finally {
		socket.close();
	}
}
