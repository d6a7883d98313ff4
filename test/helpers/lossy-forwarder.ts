/**
 * A lossy hop between the load generator and a real server, for the avalanche tests: the lab's
 * kernel has no netem, so loss is made here. Run inside the lab's client namespace:
 *
 *   node --import=tsx test/helpers/lossy-forwarder.ts 4|6 LISTEN_ADDRESS SERVER_ADDRESS
 *
 * It listens on LISTEN_ADDRESS at the server port (67 / 547) and forwards every datagram to the
 * server, except the first transmission of each request (message type + transaction id), which it
 * drops, so every request is answered only after the client retransmits it. DHCPv6 servers answer
 * a relay at the address it sent from (RFC 8415 §19.2), so RELAY-REPL messages are passed back to
 * the generator; DHCPv4 servers answer giaddr (RFC 2131 §4.1), which never passes through here.
 * Prints `ready` once listening; on SIGTERM prints `dropped N forwarded M` and exits.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';

const [familyText, listen, server] = process.argv.slice(2);
const family = familyText === '6' ? 6 : 4;
const port = family === 4 ? 67 : 547;
const seen = new Set<string>();
let dropped = 0;
let forwarded = 0;
let generator: RemoteInfo | null = null;

/** `type:xid` of a client message: v4 option 53 and xid; v6 the innermost message of a RELAY-FORW. */
function requestKey(p: Buffer): string | null {
	if (family === 4) {
		if (p.length < 240) return null;
		for (let i = 240; i + 1 < p.length; ) {
			if (p[i] === 0) {
				i++;
				continue;
			}
			if (p[i] === 255) break;
			if (p[i] === 53) return `${p[i + 2]}:${p.readUInt32BE(4)}`;
			i += 2 + p[i + 1]!;
		}
		return null;
	}
	let m = p;
	// RELAY-FORW (12): msg-type, hop-count, link-address, peer-address, then options; option 9 holds the relayed message.
	while (m.length >= 34 && m[0] === 12) {
		let inner: Buffer | null = null;
		for (let i = 34; i + 4 <= m.length; ) {
			const code = m.readUInt16BE(i);
			const len = m.readUInt16BE(i + 2);
			if (code === 9) inner = m.subarray(i + 4, i + 4 + len);
			i += 4 + len;
		}
		if (!inner) return null;
		m = inner;
	}
	return m.length >= 4 ? `${m[0]}:${m.readUIntBE(1, 3)}` : null;
}

const socket = createSocket({ type: family === 4 ? 'udp4' : 'udp6', reuseAddr: false });
socket.on('message', (msg, from) => {
	if (from.address === server) {
		if (generator) socket.send(msg, generator.port, generator.address);
		return;
	}
	generator = from;
	const key = requestKey(msg);
	if (key !== null && !seen.has(key)) {
		seen.add(key);
		dropped++;
		return;
	}
	forwarded++;
	socket.send(msg, port, server);
});
socket.bind(port, listen, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
	process.stdout.write(`dropped ${dropped} forwarded ${forwarded}\n`);
	socket.close();
	process.exit(0);
});
