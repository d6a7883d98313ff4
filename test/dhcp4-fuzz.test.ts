import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import { decode, Dhcp4Scan, dhcp4Options, discover, formatMessage, offer, readMessageType, readServerId, request, toBuffer, toJSON } from '../src/codec/dhcp4/index.js';
import { mulberry32 as prng } from '../src/prng.js';

const SEED = Number(process.env.DHCPULSE_FUZZ_SEED ?? 0x5eed4);

function corpus(): Buffer[] {
	const disc = discover({
		mac: '02:11:22:33:44:55',
		xid: 1,
		clientId: true,
		options: ['82=circuit-id=eth0, remote-id=r, vendor-specific-info=[[enterprise=9, data=01]]', '81=flags=5, rcode1=0, rcode2=0, name=h.example.', '77=a, b'],
	});
	const off = offer({
		to: disc,
		serverId: '10.0.0.1',
		yiaddr: '10.0.0.9',
		leaseTime: 600,
		options: [
			'119=a.example., b.example., c.a.example.',
			'121=10.0.0.0/8 -> 10.0.0.1, 0.0.0.0/0 -> 10.0.0.1',
			'6=1.1.1.1, 8.8.8.8',
			'125=[enterprise=4491, options=[1[hex]=01 02]]',
			'124=[enterprise=4491, classes=[x]]',
			'93=x64Uefi',
			'90=protocol=1, algorithm=1, rdm=0, replayDetection=00 00 00 00 00 00 00 01, info=AA',
		],
	});
	const overloaded = toBuffer({
		...off,
		options: [
			{ code: 53, data: Buffer.from([2]) },
			{ code: 52, data: Buffer.from([3]) },
		],
		minLength: 0,
	});
	overloaded.set([15, 3, 0x6c, 0x61, 0x62, 255], 44);
	overloaded.set([12, 2, 0x68, 0x69, 255], 108);
	return [toBuffer(disc), toBuffer(off), toBuffer(request({ mac: '02:11:22:33:44:55', state: 'renewing', ciaddr: '10.0.0.9' })), overloaded];
}

/** Decoding only ever returns or throws DecodeError with an integer offset inside the buffer; presenting a decoded message never throws. */
function check(t: any, bytes: Buffer, label: string): void {
	const scan = new Dhcp4Scan();
	let message;
	try {
		message = decode(bytes);
	} catch (error) {
		if (!(error instanceof DecodeError)) {
			t.fail(`${label}: ${String(error)} (seed ${SEED})`);
			return;
		}
		if (!Number.isInteger(error.offset) || error.offset < 0 || error.offset > bytes.length) t.fail(`${label}: offset ${error.offset} out of range (seed ${SEED})`);
		t.throws(() => scan.scan(bytes), { instanceOf: DecodeError }, `${label}: Dhcp4Scan agrees (seed ${SEED})`);
		return;
	}
	t.notThrows(() => scan.scan(bytes), `${label}: Dhcp4Scan agrees (seed ${SEED})`);
	// Re-encoding is byte-identical, and the presenters and fast readers cope with whatever was decoded.
	if (!toBuffer(message).equals(bytes)) t.fail(`${label}: re-encoding differs (seed ${SEED})`);
	formatMessage(message);
	JSON.stringify(toJSON(message));
	for (const o of message.options) dhcp4Options.formatValue(o);
	readMessageType(bytes);
	readServerId(bytes);
}

test('truncation at every length, bit flips, lying lengths and garbage only ever give DecodeError', (t) => {
	const random = prng(SEED);
	let cases = 0;
	for (const [n, packet] of corpus().entries()) {
		for (let len = 0; len <= packet.length; len++) {
			check(t, packet.subarray(0, len), `packet ${n} cut at ${len}`);
			cases++;
		}
		for (let i = 0; i < 1500; i++) {
			const m = Buffer.from(packet);
			const flips = 1 + Math.floor(random() * 4);
			for (let f = 0; f < flips; f++) {
				const at = Math.floor(random() * m.length);
				// Bias towards the option area and towards length octets: set a byte to an extreme value sometimes.
				if (random() < 0.3) m[at] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
				else m[at]! ^= 1 << Math.floor(random() * 8);
			}
			check(t, m, `packet ${n} mutation ${i}`);
			cases++;
		}
	}
	for (let i = 0; i < 500; i++) {
		const garbage = Buffer.alloc(Math.floor(random() * 600));
		for (let k = 0; k < garbage.length; k++) garbage[k] = Math.floor(random() * 256);
		// Half of them get a valid cookie so the option scanner sees garbage too.
		if (garbage.length >= 240 && random() < 0.5) garbage.writeUInt32BE(0x63825363, 236), (garbage[2] = 6);
		check(t, garbage, `garbage ${i}`);
		cases++;
	}
	t.log(`${cases} fuzz cases, seed ${SEED}`);
	t.true(cases > 5000);
});
