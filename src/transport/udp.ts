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
 */
import type { Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import DgramAsPromised, { type SocketAsPromised } from 'dgram-as-promised';
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
	/** Allow sends to broadcast addresses (SO_BROADCAST). */
	broadcast?: boolean;
	/** Receive buffer size in bytes; the kernel caps it at net.core.rmem_max. Default 4 MiB. */
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

export class UdpTransport extends SocketTransport {
	readonly family: 4 | 6;
	readonly local: Endpoint;
	readonly description: string;
	private readonly wrapped: SocketAsPromised;
	private readonly socket: Socket;

	private constructor(wrapped: SocketAsPromised, options: UdpTransportOptions, local: Endpoint) {
		super(options.sendWindow ?? 256);
		this.wrapped = wrapped;
		this.socket = wrapped.socket;
		this.family = options.family;
		this.local = local;
		this.description = `udp${options.family} ${options.family === 6 ? `[${local.address}]` : local.address}:${local.port}`;
		this.socket.on('message', (msg: Buffer, rinfo) => {
			// Timestamp before anything else runs (anchors-ecosystem B5: share the loop honestly).
			const rxNs = process.hrtime.bigint();
			this.deliver({ payload: msg, from: { address: rinfo.address, port: rinfo.port }, rxNs }, this.local);
		});
		this.socket.on('error', (error: NodeJS.ErrnoException) => this.sendErrorHandler(error, this.local));
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
		const what = `binding UDP ${options.family === 6 ? `[${address}]` : address}:${options.port}`;
		try {
			const bound = await wrapped.bind({ port: options.port, address, exclusive: true });
			if (options.broadcast) wrapped.setBroadcast(true);
			if (options.family === 6 && options.iface) {
				wrapped.setMulticastInterface(`::%${options.iface}`);
				// RFC 8415 §5.1/§7.1: All_DHCP_Relay_Agents_and_Servers is link-scoped; one hop only.
				wrapped.setMulticastTTL(1);
			}
			return new UdpTransport(wrapped, options, { address: bound.address, port: bound.port });
		} catch (error) {
			wrapped.destroy();
			throw socketSetupError(error, what);
		}
	}

	protected transmit(payload: Uint8Array, to: Endpoint, done: (error: NodeJS.ErrnoException | null) => void): void {
		this.socket.send(payload, to.port, to.address, (error) => done(error as NodeJS.ErrnoException | null));
	}

	protected async closeSocket(): Promise<void> {
		await this.wrapped.close().catch(() => {});
	}
}
