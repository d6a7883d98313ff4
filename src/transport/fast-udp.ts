/**
 * Loads the UDP fast path (native/fast_udp.c, built by `npm ci` into build/Release) and says
 * why when it is not there. Every UDP transport works without it, through node:dgram alone;
 * with it, sends and the load generator's reads skip node:dgram's per-datagram JavaScript (see
 * the C file for what that costs). DHCPULSE_FAST_UDP=0 turns it off, to compare the two paths.
 */
import { createRequire } from 'node:module';

export interface FastUdp {
	/** Sleeps about `us` µs (plus the kernel's timer slack): a sleep, never a wait on a socket (see the C file). */
	sleep(us: number): void;
	/**
	 * Reads queued datagrams into `slab` without blocking: how many, 0 when none, or −errno. With
	 * `waits`, how long each lay in the receive queue (µs, −1 unknown; needs timestamps()).
	 */
	recv(fd: number, slab: Uint8Array, lengths: Int32Array, addrs: Uint8Array, waits?: Int32Array): number;
	/** SO_TIMESTAMPNS on the socket: 0, or −errno. Absent from an addon built before it existed. */
	timestamps?(fd: number): number;
	/** The destination as a socket address for send(), or null when `address` is not an IP literal of `family`. */
	target(family: 4 | 6, address: string, port: number): Uint8Array | null;
	/** 0 when the kernel took the datagram, else −errno. */
	send(fd: number, payload: Uint8Array, target: Uint8Array): number;
	/** SO_RCVBUFFORCE (above net.core.rmem_max, needs CAP_NET_ADMIN): 0, or −errno. Absent from an addon built before it existed. */
	receiveBuffer?(fd: number, bytes: number): number;
	/** SO_BINDTODEVICE: 0, or −errno. */
	bindToDevice(fd: number, name: string): number;
	/** Bytes per datagram in recv()'s address array: 16 address, 2 port, 2 pad, 4 IPv6 scope id (network order). */
	readonly addrStride: number;
}

function load(): { addon: FastUdp | null; why: string } {
	if (process.platform !== 'linux') return { addon: null, why: 'Linux only' };
	try {
		// From dist/transport (and src/transport under tsx) to the package root.
		const addon = createRequire(import.meta.url)('../../build/Release/fast_udp.node') as FastUdp;
		return { addon, why: 'native/fast_udp.c' };
	} catch {
		return { addon: null, why: 'not built: with python3, make and g++, `npm rebuild dhcpulse` where it is installed, or `npm run build:native` in a clone' };
	}
}

const addon = load();
const loaded = process.env.DHCPULSE_FAST_UDP === '0' ? { fast: null, why: 'turned off by DHCPULSE_FAST_UDP=0' } : { fast: addon.addon, why: addon.why };

/** The fast path, or null: then node:dgram does everything. */
export const fastUdp: FastUdp | null = loaded.fast;

/**
 * SO_BINDTODEVICE from the same addon, whether or not the fast path is turned off (it is no
 * part of the datagram path); null with the reason when the addon is not built.
 */
export const bindToDevice: { call: ((fd: number, name: string) => number) | null; why: string } = { call: addon.addon ? (fd, name) => addon.addon!.bindToDevice(fd, name) : null, why: addon.why };

/**
 * SO_RCVBUFFORCE from the same addon, whether or not the fast path is turned off (a buffer's size
 * is no part of the datagram path); null when the addon is not built or predates it.
 */
export const receiveBufferForce: ((fd: number, bytes: number) => number) | null = addon.addon?.receiveBuffer ? (fd, bytes) => addon.addon!.receiveBuffer!(fd, bytes) : null;

/** One line for `dhcpulse version`: which UDP path this process uses, and why. */
export const fastUdpStatus = `udp: ${loaded.fast ? 'fast path' : 'node:dgram'} (${loaded.why})`;
