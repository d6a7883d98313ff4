/**
 * UDP transport over node:dgram, for relay emulation (bound to port 67 / 547), unicast probes
 * (port 68 / 546) and DHCPv6 multicast to ff02::1:2. It is the load generator's transport too:
 * one instance per worker thread, each bound to its own relay address.
 *
 * Socket set-up and tear-down go through dgram-as-promised (awaitable bind/close). Receiving does
 * not: its recv() attaches a listener only while a call is pending and loses datagrams that
 * arrive in between (measured in anchors-ecosystem.md B3), so we listen on the underlying socket.
 * Sending uses the socket's callback API with a bounded window rather than one promise per
 * datagram, to keep the cost per packet flat at 50,000 packets/s.
 *
 * With the UDP fast path built (fast-udp.ts), a datagram to an address literal goes out through
 * one sendto on the same socket, and `pump` lets the load generator sleep between its loop turns
 * and read the answers in batches; node:dgram still reads whatever arrives while nobody pumps
 * (probes, timer pacing).
 */
import type { Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import DgramAsPromised, { type SocketAsPromised } from 'dgram-as-promised';
import { formatIPv4, formatIPv6 } from '../wire/address.js';
import { UserError } from '../exit-codes.js';
import { bindToDevice, fastUdp, receiveBufferForce } from './fast-udp.js';
import { socketSetupError } from './socket-errors.js';
import { SocketTransport } from './base.js';
import type { Endpoint } from './types.js';

export interface UdpTransportOptions {
	family: 4 | 6;
	/** Local address to bind (e.g. the relay address, or a link-local `fe80::…%iface`). */
	address?: string;
	port: number;
	/** Interface for IPv6 multicast sends and link-local scope. */
	iface?: string;
	/** Send and receive only through this interface (SO_BINDTODEVICE), whatever the routes say. */
	device?: string;
	/** Allow sends to broadcast addresses (SO_BROADCAST). */
	broadcast?: boolean;
	/**
	 * Receive buffer size in bytes. Default 4 MiB. SO_RCVBUF caps it at net.core.rmem_max; with
	 * CAP_NET_ADMIN and the native addon it is forced past that cap (SO_RCVBUFFORCE).
	 */
	recvBufferSize?: number;
	/** Most datagrams handed to the kernel and not yet completed. Default 256. */
	sendWindow?: number;
	/** Let another socket bind the same address and port (SO_REUSEADDR). Default false. */
	reuseAddr?: boolean;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * The address lookup of our sockets: an address literal of the socket's family is answered before
 * the call returns; anything else goes to dns.lookup. node:dgram looks up the destination of every
 * send, and dns.lookup answers even a literal on process.nextTick, so a datagram sent from a loop
 * turn that then sleeps (the load generator's ~0.1 ms naps between turns) left only after the nap,
 * and its measured latency included it (lab, DORA at 2,400/s: DISCOVER-OFFER p50 ~245 µs against
 * ~150 µs for REQUEST-ACK, whose REQUEST is sent from the receive callback). Answered at once, the
 * datagram reaches the kernel inside the send call.
 */
export function literalLookup(address: string, options: LookupOneOptions | number, callback: LookupCallback): void {
	// node:dgram passes the socket's family as a bare number (lib/dgram.js lookup4/lookup6), which
	// @types/node does not declare; an options object is taken too.
	const asked = typeof options === 'number' ? options : options.family;
	const family = isIP(address);
	if (family !== 0 && (!asked || asked === family || asked === `IPv${family}`)) callback(null, address, family);
	else dnsLookup(address, typeof options === 'number' ? { family: options } : options, callback);
}

/** Datagrams one pump reads per call: enough for the answers of a loop turn at 100,000/s. */
const PUMP_BATCH = 16;
/** A slot per datagram: the largest a UDP datagram can be, so none is ever cut (RFC 768). */
const PUMP_SLOT = 65_536;
const EAGAIN = -constants.errno.EAGAIN;

/** A socket error as node:dgram reports one, from the −errno the fast path returned. */
function socketError(errno: number, syscall: 'send' | 'recvmmsg', at: Endpoint): NodeJS.ErrnoException {
	const code = getSystemErrorName(errno);
	return Object.assign(new Error(`${syscall} ${code} ${at.address}:${at.port}`), { errno, code, syscall, address: at.address, port: at.port });
}

/**
 * The socket's descriptor, or −1. node:dgram keeps its libuv handle (whose `fd` Linux fills in)
 * in its state under the symbol `state symbol` (lib/internal/dgram.js kStateSymbol, Node 12 to
 * 24); `socket._handle` reaches the same handle but prints a deprecation warning (DEP0112). A
 * Node that moved it gets −1, and the transport uses node:dgram alone.
 */
function descriptorOf(socket: Socket): number {
	const key = Object.getOwnPropertySymbols(socket).find((k) => k.description === 'state symbol');
	const state = key === undefined ? undefined : (socket as unknown as Record<symbol, { handle?: { fd?: unknown } } | undefined>)[key];
	const fd = state?.handle?.fd;
	return typeof fd === 'number' ? fd : -1;
}

/** Why a UDP socket cannot be kept to one interface here, or undefined when it can (`device`). */
export function deviceBindingUnavailable(): string | undefined {
	return bindToDevice.call ? undefined : `node:dgram cannot keep a socket to one interface, and the native addon that can (SO_BINDTODEVICE) is ${bindToDevice.why}`;
}

/** SO_BINDTODEVICE on a bound node:dgram socket, before anything is sent on it. */
function bindSocketToDevice(socket: Socket, device: string, what: string): void {
	const fd = descriptorOf(socket);
	if (!bindToDevice.call || fd < 0) throw new UserError(`${what}: ${deviceBindingUnavailable() ?? "node:dgram does not expose the socket's descriptor on this Node, so it cannot be kept to one interface"}`);
	const r = bindToDevice.call(fd, device);
	if (r !== 0) throw socketSetupError(Object.assign(new Error(`setsockopt SO_BINDTODEVICE ${getSystemErrorName(r)}`), { errno: r, code: getSystemErrorName(r) }), what);
}

/**
 * The receive buffer asked for, past net.core.rmem_max when the process may (CAP_NET_ADMIN, as
 * raw4.ts does for its raw socket). The kernel doubles SO_RCVBUF for its bookkeeping (socket(7)),
 * so less than twice the asked size means it was capped. Without the privilege or the addon, the
 * capped size stays: a run still works, and a longer stall of the process drops answers sooner
 * (counted as socket drops by the loss ledger).
 */
function forceReceiveBuffer(socket: Socket, bytes: number): void {
	if (socket.getRecvBufferSize() >= 2 * bytes || receiveBufferForce === null) return;
	const fd = descriptorOf(socket);
	if (fd >= 0) receiveBufferForce(fd, bytes);
}

export class UdpTransport extends SocketTransport {
	readonly family: 4 | 6;
	readonly local: Endpoint;
	readonly description: string;
	private readonly wrapped: SocketAsPromised;
	private readonly socket: Socket;
	/** The socket's descriptor for the fast path; −1 when it is not in use. */
	private readonly fd: number;
	/** Destinations as socket addresses for the fast path (null: a name, which node:dgram looks up). */
	private readonly targets = new Map<string, Uint8Array | null>();
	/** The last destination and its socket address: an engine sends every request to one endpoint object, so most sends build no key. */
	private lastTo: Endpoint | null = null;
	private lastTarget: Uint8Array | null = null;
	private pumpSlab: Buffer | null = null;
	private readonly pumpLengths = new Int32Array(PUMP_BATCH);
	private readonly pumpAddrs = new Uint8Array(PUMP_BATCH * (fastUdp?.addrStride ?? 0));
	/** Each pumped datagram's time in the receive queue, µs (−1 unknown); null when the socket has no arrival stamps. */
	private readonly pumpWaits: Int32Array | null;
	/** The source of the previous datagram pumped, reused while answers keep coming from it (null before the first). */
	private lastFrom: Endpoint | null = null;
	private readonly lastFromBytes = new Uint8Array(fastUdp?.addrStride ?? 0);
	private readonly iface: string | undefined;

	/** The receive buffer the kernel granted, bytes (twice what was set: socket(7) SO_RCVBUF). */
	get receiveBufferBytes(): number {
		return this.socket.getRecvBufferSize();
	}

	/** Which path this socket's datagrams take: the fast path needs the addon and the socket's descriptor. */
	get path(): 'fast path' | 'node:dgram' {
		return this.fd >= 0 ? 'fast path' : 'node:dgram';
	}

	private constructor(wrapped: SocketAsPromised, options: UdpTransportOptions, local: Endpoint) {
		super(options.sendWindow ?? 256);
		this.wrapped = wrapped;
		this.socket = wrapped.socket;
		this.family = options.family;
		this.local = local;
		this.description = `udp${options.family} ${options.family === 6 ? `[${local.address}]` : local.address}:${local.port}`;
		this.iface = options.iface;
		this.fd = fastUdp ? descriptorOf(this.socket) : -1;
		this.pumpWaits = this.fd >= 0 && fastUdp!.timestamps?.(this.fd) === 0 ? new Int32Array(PUMP_BATCH).fill(-1) : null;
		this.socket.on('message', (msg: Buffer, rinfo) => {
			// Timestamp before anything else runs (anchors-ecosystem B5: share the loop honestly).
			const rxNs = process.hrtime.bigint();
			this.receivedThroughDgram(msg, { address: rinfo.address, port: rinfo.port }, rxNs);
		});
		this.socket.on('error', (error: NodeJS.ErrnoException) => this.sendErrorHandler(error, this.local, false));
		this.opened();
	}

	/** Creates and binds the socket; bind failures become one-line UserErrors naming the fix. */
	static async open(options: UdpTransportOptions): Promise<UdpTransport> {
		const wrapped = DgramAsPromised.createSocket({
			type: options.family === 6 ? 'udp6' : 'udp4',
			reuseAddr: options.reuseAddr ?? false,
			recvBufferSize: options.recvBufferSize ?? 4 * 1024 * 1024,
			// IPv6 sockets must not also take IPv4 traffic.
			ipv6Only: options.family === 6,
			lookup: literalLookup,
		});
		const address = options.address ?? (options.family === 6 ? '::' : '0.0.0.0');
		const what = `binding UDP ${options.family === 6 ? `[${address}]` : address}:${options.port}${options.device ? ` to ${options.device}` : ''}`;
		try {
			const bound = await wrapped.bind({ port: options.port, address, exclusive: true });
			if (options.device) bindSocketToDevice(wrapped.socket, options.device, what);
			if (options.recvBufferSize !== undefined) forceReceiveBuffer(wrapped.socket, options.recvBufferSize);
			if (options.broadcast) wrapped.setBroadcast(true);
			if (options.family === 6 && options.iface) {
				wrapped.setMulticastInterface(`::%${options.iface}`);
				// RFC 8415 §5.1/§7.1: All_DHCP_Relay_Agents_and_Servers is link-scoped; one hop only.
				wrapped.setMulticastTTL(1);
			}
			return new UdpTransport(wrapped, options, { address: bound.address, port: bound.port });
		} catch (error) {
			wrapped.destroy();
			throw error instanceof UserError ? error : socketSetupError(error, what);
		}
	}

	protected transmit(payload: Uint8Array, to: Endpoint, done: (error: NodeJS.ErrnoException | null) => void): void {
		if (this.fd >= 0) {
			const target = this.targetOf(to);
			if (target !== null) {
				const r = fastUdp!.send(this.fd, payload, target);
				// A full socket buffer: node:dgram queues the datagram until the socket is writable.
				if (r !== EAGAIN) {
					done(r === 0 ? null : socketError(r, 'send', to));
					return;
				}
			}
		}
		this.socket.send(payload, to.port, to.address, (error) => done(error as NodeJS.ErrnoException | null));
	}

	private targetOf(to: Endpoint): Uint8Array | null {
		if (to === this.lastTo) return this.lastTarget;
		const key = `${to.address} ${to.port}`;
		let target = this.targets.get(key);
		if (target === undefined) {
			target = fastUdp!.target(this.family, to.address, to.port);
			this.targets.set(key, target);
		}
		this.lastTo = to;
		this.lastTarget = target;
		return target;
	}

	/**
	 * Sleeps `sleepUs`, then delivers every datagram queued; returns how many. Null when this
	 * transport has no fast path (the caller naps instead, and node:dgram delivers on the next
	 * turn of the loop).
	 */
	pump(sleepUs: number): number | null {
		if (this.fd < 0 || this.closed) return null;
		if (sleepUs > 0) fastUdp!.sleep(sleepUs);
		let delivered = 0;
		for (;;) {
			const n = this.readBatch();
			if (n < 0) return delivered;
			const taken = this.deliverBatch(n, process.hrtime.bigint());
			delivered += taken;
			if (taken < n || n < PUMP_BATCH) return delivered;
		}
	}

	/**
	 * node:dgram read this datagram, with no arrival stamp: the datagrams queued behind it are read
	 * at once with theirs, and it lay in the queue at least as long as the oldest of them (the
	 * queue is first in, first out), which it is given. So a late reader's lateness is not counted
	 * as the server's latency, whichever path read first (after a stall, the event loop often does).
	 */
	private receivedThroughDgram(payload: Buffer, from: Endpoint, rxNs: bigint): void {
		const n = this.pumpWaits === null || this.closed ? 0 : this.readBatch();
		let queuedUs = -1;
		for (let i = 0; i < n; i++) if (this.pumpWaits![i]! > queuedUs) queuedUs = this.pumpWaits![i]!;
		this.deliver({ payload, from, rxNs, queuedUs }, this.local);
		if (n <= 0 || this.closed) return;
		if (this.deliverBatch(n, rxNs) === n && n === PUMP_BATCH) this.pump(0);
	}

	/** Reads up to PUMP_BATCH queued datagrams into the slab without blocking: how many, or −1 after telling the error handler. */
	private readBatch(): number {
		const fast = fastUdp!;
		const slab = (this.pumpSlab ??= Buffer.allocUnsafe(PUMP_BATCH * PUMP_SLOT));
		const waits = this.pumpWaits;
		const n = waits ? fast.recv(this.fd, slab, this.pumpLengths, this.pumpAddrs, waits) : fast.recv(this.fd, slab, this.pumpLengths, this.pumpAddrs);
		if (n < 0) {
			this.sendErrorHandler(socketError(n, 'recvmmsg', this.local), this.local, false);
			return -1;
		}
		return n;
	}

	/** Delivers the `n` datagrams of the last batch read (at `rxNs`, the batch's receive timestamp: types.ts); how many before the socket closed. */
	private deliverBatch(n: number, rxNs: bigint): number {
		const slab = this.pumpSlab!;
		const lengths = this.pumpLengths;
		const waits = this.pumpWaits;
		for (let i = 0; i < n; i++) {
			// Cut to fit its slot: impossible with 64 KiB slots, and never handed over as whole.
			if (lengths[i]! < 0) continue;
			const from = this.sourceOf(i);
			// The receiver may keep the payload; the slab is reused by the next read.
			const payload = Buffer.allocUnsafe(lengths[i]!);
			slab.copy(payload, 0, i * PUMP_SLOT, i * PUMP_SLOT + lengths[i]!);
			this.deliver({ payload, from, rxNs, queuedUs: waits ? waits[i]! : -1 }, this.local);
			if (this.closed) return i + 1;
		}
		return n;
	}

	/** The source of pumped datagram `i`, as node:dgram gives it (a zone only for a scoped IPv6 source). */
	private sourceOf(i: number): Endpoint {
		const stride = this.lastFromBytes.length;
		const a = this.pumpAddrs;
		const last = this.lastFromBytes;
		let same = true;
		for (let k = 0; k < stride; k++) {
			if (a[i * stride + k] !== last[k]) {
				same = false;
				break;
			}
		}
		// The bytes start as zeros: before the first datagram, a 0.0.0.0:0 source must not match.
		if (same && this.lastFrom !== null) return this.lastFrom;
		last.set(a.subarray(i * stride, (i + 1) * stride));
		const port = (a[i * stride + 16]! << 8) | a[i * stride + 17]!;
		const scope = ((a[i * stride + 20]! << 24) | (a[i * stride + 21]! << 16) | (a[i * stride + 22]! << 8) | a[i * stride + 23]!) >>> 0;
		const address = this.family === 4 ? formatIPv4(a, i * stride) : formatIPv6(a, i * stride) + (scope !== 0 ? `%${this.iface ?? scope}` : '');
		const from = { address, port };
		this.lastFrom = from;
		return from;
	}

	protected async closeSocket(): Promise<void> {
		await this.wrapped.close().catch(() => {});
	}
}
