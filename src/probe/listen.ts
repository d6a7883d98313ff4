/**
 * Passive DHCP capture on one interface: every DHCPv4 and DHCPv6 packet the host sees there is
 * reported, nothing is ever sent, so rogue servers can be found without disturbing anyone.
 *
 * v4: a raw IPPROTO_UDP socket bound to the device (RawV4Transport with `allDhcp`) gets every UDP
 * datagram the kernel delivers there, so broadcast OFFERs and ACKs (RFC 2131 §4.1: sent to
 * 255.255.255.255 while the client has no address) and this host's own traffic. A unicast reply
 * to another host's hardware address never reaches the IP stack and stays invisible.
 *
 * v6: a raw IPPROTO_UDP IPv6 socket bound to the device, member of All_DHCP_Relay_Agents_and_Servers
 * (ff02::1:2, RFC 8415 §7.1) on it, so clients' multicast requests (and this host's own, looped
 * back) and every reply delivered to a client on this host arrive. A raw socket rather than UDP
 * sockets on 546/547: a DHCPv6 client or server on the same host owns those ports, and a capture
 * must not take them away.
 */
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import * as v4 from '../codec/dhcp4/index.js';
import * as v6 from '../codec/dhcp6/index.js';
import { DecodeError } from '../wire/errors.js';
import { UserError } from '../exit-codes.js';
import { formatIPv6 } from '../wire/address.js';
import { getLogger, Msg } from '../log/index.js';
import { interfaceExists, RawV4Transport } from '../transport/raw4.js';
import { hold, rawSocket, release, type RawSocket } from '../transport/raw-socket.js';
import type { Endpoint } from '../transport/types.js';
import { messageTypeName, serverIdText, typeOf } from './dhcp4.js';

const log = getLogger('dhcpulse.probe');
const badPackets = getLogger('dhcpulse.bad-packets');

export interface SeenPacket {
	time: Date;
	family: 4 | 6;
	from: Endpoint;
	/** The destination; v6 raw sockets do not report the address, only the port (address ''). */
	to: Endpoint;
	/** `DHCPOFFER`, `ADVERTISE`, `RELAY-REPL(ADVERTISE)`. */
	typeName: string;
	/** The dhcptest-style dump. */
	text: string;
	json: unknown;
	/** For packets a server sent (BOOTREPLY; ADVERTISE, REPLY, RECONFIGURE, RELAY-REPL): who sent it. */
	server?: ServerSeen;
}

export interface ServerSeen {
	/** Option 54 (v4) or the server DUID in text form (v6), else the source address. */
	id: string;
	/** Source address, without a zone. */
	address: string;
	/** Other names --allow-server accepts: the source address, the DUID as hex. */
	aliases: string[];
}

export interface ListenSettings {
	iface: string;
	families: readonly (4 | 6)[];
	/** Seconds; 0 = until the signal aborts. */
	durationS: number;
	/** Stop after this many packets. */
	count?: number;
	signal?: AbortSignal;
	onPacket(packet: SeenPacket): void;
}

export interface ListenResult {
	packets: number;
	malformed: number;
	/** Every server seen, by id. */
	servers: Map<string, ServerSeen>;
	ended: 'duration' | 'count' | 'aborted';
}

/** Converts a captured DHCPv4 payload to a report, or undefined when it is not DHCPv4. */
export function seen4(payload: Uint8Array, from: Endpoint, to: Endpoint, time: Date): SeenPacket | undefined {
	if (!v4.isDhcp4(payload)) return undefined;
	const m = v4.decode(payload);
	const type = typeOf(m);
	const reply = m.op === v4.BOOTREPLY;
	const id = serverIdText(m);
	return {
		time,
		family: 4,
		from,
		to,
		typeName: messageTypeName(type),
		text: v4.formatMessage(m),
		json: v4.toJSON(m),
		...(reply ? { server: { id: id === '0.0.0.0' ? from.address : id, address: from.address, aliases: [from.address] } } : {}),
	};
}

const SERVER_TYPES: readonly number[] = [v6.MsgType.ADVERTISE, v6.MsgType.REPLY, v6.MsgType.RECONFIGURE];

function withoutZone(address: string): string {
	const i = address.indexOf('%');
	return i < 0 ? address : address.slice(0, i);
}

/** Converts a captured DHCPv6 payload to a report. Throws DecodeError when it does not decode. */
export function seen6(payload: Uint8Array, from: Endpoint, to: Endpoint, time: Date): SeenPacket {
	const wire = v6.decode(payload);
	const { message: inner, relays } = v6.unwrapRelays(wire);
	const innerName = v6.msgTypeName(inner.msgType);
	const typeName = relays.length > 0 ? `${v6.msgTypeName(wire.msgType)}(${innerName})` : innerName;
	// A server's message, direct or on its way back through a relay (RFC 8415 §19.2).
	const fromServer = wire.msgType === v6.MsgType.RELAY_REPL || SERVER_TYPES.includes(inner.msgType);
	let server: ServerSeen | undefined;
	if (fromServer) {
		const address = withoutZone(from.address);
		const duid = v6.serverIdBytes(inner);
		const hex = duid ? [...duid].map((b) => b.toString(16).padStart(2, '0')) : [];
		// The Server Unicast option (RFC 8415 §21.12) is one more address the server says it has.
		const unicast = v6.findOption(inner, v6.OptionCode.UNICAST)?.data;
		const own = unicast?.length === 16 ? [address, formatIPv6(unicast)] : [address];
		server = duid ? { id: v6.formatDuid(v6.decodeDuid(duid)), address, aliases: [...own, hex.join(':'), hex.join('')] } : { id: address, address, aliases: own };
	}
	return { time, family: 6, from, to, typeName, text: v6.formatMessage(wire), json: v6.messageToJSON(wire), ...(server ? { server } : {}) };
}

/** IPV6_ADD_MEMBERSHIP (linux/in6.h); raw-socket does not export it. */
const IPV6_ADD_MEMBERSHIP = 20;

/** A raw IPv6 UDP socket on `iface`, joined to ff02::1:2 there; calls `deliver` with each DHCPv6 datagram. */
function openCapture6(iface: string, deliver: (payload: Buffer, from: Endpoint, to: Endpoint) => void): () => void {
	const raw = rawSocket('listen');
	let socket: RawSocket;
	try {
		socket = raw.createSocket({ protocol: raw.Protocol.UDP, addressFamily: raw.AddressFamily.IPv6, bufferSize: 65536 });
		socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_BINDTODEVICE, Buffer.from(`${iface}\0`), iface.length + 1);
		// struct ipv6_mreq (RFC 3493 §5.2): the group, then the interface index.
		const mreq = Buffer.alloc(20);
		Buffer.from('ff020000000000000000000000010002', 'hex').copy(mreq, 0);
		mreq.writeUInt32LE(Number(readFileSync(`/sys/class/net/${iface}/ifindex`, 'utf8').trim()), 16);
		socket.setOption(raw.SocketLevel.IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, mreq, mreq.length);
	} catch (error) {
		throw new UserError(`opening a raw IPv6 socket on ${iface}: ${(error as Error).message}`);
	}
	hold(socket);
	socket.on('message', (buffer, source) => {
		// An IPv6 raw socket hands over the UDP header and payload, no IP header (RFC 3542 §3).
		if (buffer.length < 8) return;
		const sport = buffer.readUInt16BE(0);
		const dport = buffer.readUInt16BE(2);
		if (sport !== 546 && sport !== 547 && dport !== 546 && dport !== 547) return;
		const length = Math.min(buffer.readUInt16BE(4), buffer.length);
		deliver(Buffer.from(buffer.subarray(8, length)), { address: source, port: sport }, { address: '', port: dport });
	});
	return () => {
		release(socket);
	};
}

/** Captures until the duration ends, `count` packets were seen, or the signal aborts. */
export async function listen(settings: ListenSettings): Promise<ListenResult> {
	if (!isMainThread) throw new Error('listen uses raw sockets, which work only on the main thread');
	if (!interfaceExists(settings.iface)) throw new UserError(`--iface ${settings.iface}: no such interface`);
	const result: ListenResult = { packets: 0, malformed: 0, servers: new Map(), ended: 'duration' };
	let finish: (ended: ListenResult['ended']) => void = () => {};
	const finished = new Promise<ListenResult['ended']>((resolve) => (finish = resolve));
	const report = (make: () => SeenPacket | undefined, from: Endpoint): void => {
		if (settings.count !== undefined && result.packets >= settings.count) return;
		let packet: SeenPacket | undefined;
		try {
			packet = make();
		} catch (error) {
			if (!(error instanceof DecodeError)) throw error;
			result.malformed++;
			badPackets.warn(Msg.BAD_PACKET_MALFORMED, from.address, error.message, error.offset);
			return;
		}
		if (!packet) return;
		result.packets++;
		if (packet.server && !result.servers.has(packet.server.id)) result.servers.set(packet.server.id, packet.server);
		settings.onPacket(packet);
		if (settings.count !== undefined && result.packets >= settings.count) finish('count');
	};
	const closers: (() => Promise<void> | void)[] = [];
	try {
		if (settings.families.includes(4)) {
			const t = await RawV4Transport.open({ iface: settings.iface, allDhcp: true, recvBufferSize: 4 * 1024 * 1024 });
			t.onReceive((d) => report(() => seen4(d.payload, d.from, d.to ?? { address: '', port: 0 }, new Date()), d.from));
			closers.push(() => t.close());
		}
		if (settings.families.includes(6)) {
			closers.push(openCapture6(settings.iface, (payload, from, to) => report(() => seen6(payload, from, to, new Date()), from)));
		}
		const families = settings.families.map((f) => (f === 4 ? 'DHCPv4' : 'DHCPv6')).join(' and ');
		log.info(Msg.PROBE_LISTEN_STARTED, families, settings.iface, settings.durationS > 0 ? `${settings.durationS} s` : 'until interrupted');
		const onAbort = (): void => finish('aborted');
		settings.signal?.addEventListener('abort', onAbort, { once: true });
		if (settings.signal?.aborted) finish('aborted');
		const timer = settings.durationS > 0 ? setTimeout(() => finish('duration'), settings.durationS * 1000) : undefined;
		result.ended = await finished;
		clearTimeout(timer);
		settings.signal?.removeEventListener('abort', onAbort);
	} finally {
		for (const close of closers) await close();
	}
	return result;
}
