/**
 * A DHCPv4 responder that sends what no real server sends, for the probe tests of untrusted
 * servers. Run inside the lab's server namespace, on an address of the routed segment that the
 * lab's server does not use, and probe it through relay emulation (its answers go to giaddr:67):
 *
 *   node --import=tsx test/helpers/dhcp4-responder.ts LISTEN_ADDRESS MODE [ARG]
 *
 * Every mode answers a DISCOVER with an OFFER of 198.19.1.77 and a REQUEST as below:
 * - `plain`: an ACK of 198.19.1.77, to every client (an address leased twice, for -u);
 * - `nak HEX`: a NAK whose option 56 (message) is the bytes HEX;
 * - `two-types`: a reply carrying option 53 twice, NAK then ACK;
 * - `hostile N`: before each answer, one packet of every bad class (see badPackets: named as the
 *   probe's JSON `ignoredBy` counts them), a copy of the previous answer, and, before the first
 *   answer only, N unsolicited OFFERs (other xids).
 *
 * Prints `ready` once listening; on SIGTERM prints one JSON line `{"sent": {class: count}}` (the
 * flood as `unsolicited`, good answers as `answers`) and exits.
 */
import { createSocket } from 'node:dgram';
import { ack, decode, MessageType, nak, offer, toBuffer, type Dhcp4Message } from '../../src/codec/dhcp4/index.js';

const [listen, mode, arg] = process.argv.slice(2);
if (!listen || !mode) throw new Error('usage: dhcp4-responder.ts LISTEN_ADDRESS plain | nak HEX | two-types | hostile N');
const YIADDR = '198.19.1.77';
const sent: Record<string, number> = {};
let previous: Buffer | undefined;
let flooded = false;

function count(what: string, n = 1): void {
	sent[what] = (sent[what] ?? 0) + n;
}

function answer(request: Dhcp4Message): Dhcp4Message | undefined {
	const base = { to: request, serverId: listen!, leaseTime: 600 };
	const type = request.options.find((o) => o.code === 53)?.data[0];
	if (type === MessageType.DISCOVER) return offer({ ...base, yiaddr: YIADDR });
	if (type !== MessageType.REQUEST) return undefined;
	if (mode === 'nak') return nak({ ...base, options: [{ code: 56, data: Buffer.from(arg ?? '', 'hex') }] });
	const reply = ack({ ...base, yiaddr: YIADDR });
	if (mode === 'two-types')
		reply.options.splice(
			reply.options.findIndex((o) => o.code === 53),
			0,
			{ code: 53, data: Buffer.from([MessageType.NAK]) },
		);
	return reply;
}

/** One packet of each bad class, built from the good answer. Each is counted once as sent. */
function badPackets(good: Dhcp4Message, request: Dhcp4Message): [string, Buffer][] {
	const bytes = toBuffer(good);
	const patched = (edit: (b: Buffer) => void): Buffer => {
		const b = Buffer.from(bytes);
		edit(b);
		return b;
	};
	// An option whose length octet claims more than the packet holds (a lying length).
	const lying = patched(() => {});
	const at = lying.indexOf(Buffer.from([51, 4]), 240);
	lying[at + 1] = 200;
	// Overload (option 52) that names `file`, whose first option is option 52 again, then option 53
	// once more: decoding must not chase the loop, and the second type makes the message typeless.
	const loop = toBuffer({ ...good, options: [...good.options, { code: 52, data: Buffer.from([3]) }] });
	loop.set([52, 1, 3, 53, 1, MessageType.OFFER, 255], 108);
	loop.set([52, 1, 1, 255], 44);
	const wrongType = good.options.find((o) => o.code === 53)!.data[0] === MessageType.OFFER ? ack({ to: request, serverId: listen!, yiaddr: YIADDR }) : offer({ to: request, serverId: listen!, yiaddr: YIADDR });
	const out: [string, Buffer][] = [
		['not-dhcp', bytes.subarray(0, 100)],
		['request', patched((b) => (b[0] = 1))],
		['other-xid', patched((b) => b.writeUInt32BE((good.xid + 1) >>> 0, 4))],
		['other-client', patched((b) => (b[28] ^= 0xff))],
		['malformed', lying],
		['malformed', loop],
		['unexpected-type', toBuffer(wrongType)],
	];
	// A copy of the answer to an earlier request; not to this one's retransmission (the same bytes
	// as the answer that follows, which the probe would rightly take as the answer).
	if (previous && !previous.equals(bytes)) out.push(['duplicate', previous]);
	return out;
}

const socket = createSocket({ type: 'udp4' });

function send(b: Buffer, port: number, address: string): Promise<void> {
	return new Promise((resolve, reject) => socket.send(b, port, address, (error) => (error ? reject(error) : resolve())));
}

socket.on('message', (msg, from) => {
	void (async () => {
		let request: Dhcp4Message;
		try {
			request = decode(msg);
		} catch {
			return;
		}
		const good = answer(request);
		if (!good) return;
		if (mode === 'hostile') {
			if (!flooded) {
				flooded = true;
				const n = Number(arg ?? 0);
				for (let i = 0; i < n; i++) {
					const o = offer({ to: { ...request, xid: (request.xid + 1000 + i) >>> 0 }, serverId: listen!, yiaddr: YIADDR });
					await send(toBuffer(o), from.port, from.address);
				}
				count('unsolicited', n);
			}
			for (const [what, b] of badPackets(good, request)) {
				await send(b, from.port, from.address);
				count(what);
			}
		}
		previous = toBuffer(good);
		await send(previous, from.port, from.address);
		count('answers');
	})();
});

socket.bind(67, listen, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
	process.stdout.write(`${JSON.stringify({ sent })}\n`);
	socket.close();
	process.exit(0);
});
