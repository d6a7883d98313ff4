/**
 * On-link DHCPv4 client transport through raw-socket: a real client's packets, sent from
 * 0.0.0.0:68 to 255.255.255.255:67 on one interface, and the server's broadcast replies read back.
 *
 * Why raw: a client without an address cannot use the IP stack (RFC 2131 §4.1: it sends from
 * 0.0.0.0 and must accept replies before it has an address), and node:dgram can neither bind to
 * a device nor send from 0.0.0.0. An IPPROTO_UDP raw socket with SO_BINDTODEVICE and IP_HDRINCL
 * sends exactly the bytes we build and receives every UDP datagram delivered on the interface
 * (anchors-ecosystem.md B2), which we filter by ports.
 *
 * raw-socket quirks this module works around (B2): an unreferenced socket is garbage-collected
 * and goes silent, so every open socket is held (raw-socket.ts); it cannot run in a
 * worker thread, so this transport exists only on the main thread; its send queue is an array
 * shifted per send, so sends are windowed; the receive buffer is shared, so payloads are copied.
 */
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { UserError } from '../exit-codes.js';
import { buildIPv4Udp } from '../net/build.js';
import { extractUdp } from '../net/datagram.js';
import { LINKTYPE } from '../net/linktype.js';
import { hasCapability } from '../os/capabilities.js';
import { SocketTransport } from './base.js';
import { hold, rawSocket, release, type RawSocket } from './raw-socket.js';
import type { Endpoint } from './types.js';

/** SO_RCVBUFFORCE (socket(7)): exceeds rmem_max, needs CAP_NET_ADMIN; not exported by raw-socket. */
const SO_RCVBUFFORCE = 33;

export interface RawV4Options {
	iface: string;
	/** Client port (default 68) and server port (default 67). */
	clientPort?: number;
	serverPort?: number;
	/** Source address of sent packets; default 0.0.0.0 as for a client without a lease. */
	source?: string;
	/** Receive buffer to force, in bytes (default 32 MiB; silently smaller without CAP_NET_ADMIN). */
	recvBufferSize?: number;
	sendWindow?: number;
	/**
	 * Deliver every datagram from or to a DHCP port (67, 68) in either direction instead of only
	 * server → client replies: passive capture (`dhcpulse listen`) sees requests, replies and relays.
	 */
	allDhcp?: boolean;
}

/** The DHCPv4 ports (RFC 2131 §4.1): 67 server, 68 client. */
function isDhcpPort(port: number): boolean {
	return port === 67 || port === 68;
}

export function interfaceExists(iface: string): boolean {
	return /^[\w.:-]{1,15}$/.test(iface) && existsSync(`/sys/class/net/${iface}`);
}

export class RawV4Transport extends SocketTransport {
	readonly family = 4 as const;
	readonly local: Endpoint;
	readonly description: string;
	/** Things the user should know about this transport (e.g. the kernel will not send from 0.0.0.0). */
	readonly warnings: string[] = [];
	private readonly socket: RawSocket;
	private readonly clientPort: number;
	private readonly serverPort: number;
	private readonly source: string;
	private readonly allDhcp: boolean;

	private constructor(socket: RawSocket, options: RawV4Options) {
		super(options.sendWindow ?? 128);
		this.socket = socket;
		this.clientPort = options.clientPort ?? 68;
		this.serverPort = options.serverPort ?? 67;
		this.source = options.source ?? '0.0.0.0';
		this.allDhcp = options.allDhcp === true;
		this.local = { address: this.source, port: this.clientPort };
		this.description = `raw on-link ${options.iface} (${this.source}:${this.clientPort})`;
		const own = networkInterfaces()[options.iface]?.find((a) => a.family === 'IPv4');
		if (own && this.source === '0.0.0.0') {
			// raw(7): a zero source is filled in by the kernel from the interface (B2), so the server
			// sees a client that already has an address. Replies still reach us: the broadcast flag rules them.
			this.warnings.push(`${options.iface} has IPv4 address ${own.address}; the kernel sends from it instead of 0.0.0.0`);
		}
		socket.on('message', (buffer) => this.handle(buffer));
		socket.on('error', (error) => this.sendErrorHandler(error as NodeJS.ErrnoException, this.local, false));
		this.opened();
	}

	static async open(options: RawV4Options): Promise<RawV4Transport> {
		if (!isMainThread) throw new Error('raw-socket cannot be used from a worker thread (its poll runs on the main loop)');
		if (!interfaceExists(options.iface)) throw new UserError(`--iface ${options.iface}: no such interface`);
		if (!hasCapability('NET_RAW')) {
			throw new UserError(`on-link probing on ${options.iface} needs CAP_NET_RAW for a raw socket; run with sudo, or: ` + `setcap cap_net_raw,cap_net_bind_service+ep "$(readlink -f "$(which node)")"`);
		}
		const raw = rawSocket(options.allDhcp ? 'listen' : 'on-link DHCPv4');
		let socket: RawSocket;
		try {
			socket = raw.createSocket({ protocol: raw.Protocol.UDP, addressFamily: raw.AddressFamily.IPv4, bufferSize: 65536 });
			socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_BINDTODEVICE, Buffer.from(`${options.iface}\0`), options.iface.length + 1);
			socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_BROADCAST, 1);
			// We write the IP header ourselves so the bytes on the wire are exactly the bytes we log and capture.
			socket.setOption(raw.SocketLevel.IPPROTO_IP, raw.SocketOption.IP_HDRINCL, 1);
		} catch (error) {
			throw new UserError(`opening a raw socket on ${options.iface}: ${(error as Error).message}`);
		}
		try {
			socket.setOption(raw.SocketLevel.SOL_SOCKET, SO_RCVBUFFORCE, options.recvBufferSize ?? 32 * 1024 * 1024);
		} catch {
			// Without CAP_NET_ADMIN the default buffer stays; probes do not need more.
		}
		hold(socket);
		return new RawV4Transport(socket, options);
	}

	private handle(buffer: Buffer): void {
		const rxNs = process.hrtime.bigint();
		let udp;
		try {
			udp = extractUdp(LINKTYPE.RAW, buffer);
		} catch {
			return; // not ours to judge: a truncated non-DHCP datagram on the interface
		}
		// The socket sees every UDP datagram on the device, our own broadcasts (68→67) included.
		if (udp.kind !== 'udp') return;
		if (this.allDhcp ? !isDhcpPort(udp.sport) && !isDhcpPort(udp.dport) : udp.dport !== this.clientPort || udp.sport !== this.serverPort) return;
		const payload = Buffer.from(udp.payload); // raw-socket reuses its receive buffer
		const to = { address: udp.dst, port: udp.dport };
		this.deliver({ payload, from: { address: udp.src, port: udp.sport }, to, rxNs, queuedUs: -1 }, to);
	}

	private packet(payload: Uint8Array, to: Endpoint): Uint8Array {
		return buildIPv4Udp({ src: this.source, dst: to.address, sport: this.clientPort, dport: to.port, payload, ttl: 64 });
	}

	protected transmit(payload: Uint8Array, to: Endpoint, done: (error: NodeJS.ErrnoException | null) => void): void {
		const packet = this.packet(payload, to);
		this.socket.send(packet, 0, packet.length, to.address, (error) => done(error as NodeJS.ErrnoException | null));
	}

	protected async closeSocket(): Promise<void> {
		// Let queued sends drain (bounded) before closing, so a final RELEASE is not lost.
		for (let i = 0; i < 50 && this.pending > 0; i++) await new Promise((r) => setTimeout(r, 10));
		release(this.socket);
	}
}
