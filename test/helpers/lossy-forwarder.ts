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
import { Dhcp4Scan } from '../../src/codec/dhcp4/fast.js';
import { locateInner, type Span } from '../../src/codec/dhcp6/fast.js';

const [familyText, listen, server] = process.argv.slice(2);
const family = familyText === '6' ? 6 : 4;
const port = family === 4 ? 67 : 547;
const seen = new Set<string>();
let dropped = 0;
let forwarded = 0;
let generator: RemoteInfo | null = null;

const scan4 = new Dhcp4Scan();
const span6: Span = { start: 0, end: 0 };

/** `type:xid` of a client message (v6: the message inside the RELAY-FORW layers), read with the project's codec. */
function requestKey(p: Buffer): string | null {
	if (family === 4) {
		try {
			scan4.scan(p);
		} catch {
			return null;
		}
		return `${scan4.messageType}:${scan4.xid}`;
	}
	if (!locateInner(p, 0, p.length, span6) || span6.end - span6.start < 4) return null;
	return `${p[span6.start]}:${p.readUIntBE(span6.start + 1, 3)}`;
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
