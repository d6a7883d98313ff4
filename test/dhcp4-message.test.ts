import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import { ack, decline, decode, discover, encode, encodingLength, inform, nak, offer, optionData, optionValue, release, request, toBuffer, type Dhcp4Message } from '../src/codec/dhcp4/index.js';

const MAC = '02:11:22:33:44:55';

/** Without `wire`, for comparing a decoded message with the one that was built. */
function plain(m: Dhcp4Message): Omit<Dhcp4Message, 'wire' | 'minLength'> {
	const { wire: _w, minLength: _m, ...rest } = m;
	return { ...rest, chaddr: Buffer.from(rest.chaddr), options: rest.options.map((o) => ({ code: o.code, data: Buffer.from(o.data) })) };
}

/** build → encode → decode → equal; decode → encode identical; also at an offset into a larger buffer. */
function roundTrip(t: any, message: Dhcp4Message): Buffer {
	const bytes = toBuffer(message);
	t.is(bytes.length, encodingLength(message));
	const decoded = decode(bytes);
	t.deepEqual(plain(decoded), plain(message));
	t.deepEqual(toBuffer(decoded), bytes, 're-encoding a decoded message gives identical bytes');
	const big = Buffer.alloc(bytes.length + 13, 0xee);
	t.is(encode(message, big, 13), bytes.length);
	t.deepEqual(big.subarray(13), bytes);
	t.true(
		big.subarray(0, 13).every((b) => b === 0xee),
		'nothing written before the offset',
	);
	// Decoding inside a larger buffer uses absolute offsets and the given end.
	const inside = Buffer.concat([Buffer.alloc(5, 0xaa), bytes, Buffer.alloc(4, 0xbb)]);
	const again = decode(inside, 5, 5 + bytes.length);
	t.deepEqual(plain(again), plain(message));
	t.deepEqual(toBuffer(again), bytes);
	return bytes;
}

const disc = discover({ mac: MAC, xid: 0x11223344, hostname: 'box', options: ['vendor-class-identifier=dhcpulse'] });
const off = offer({
	to: disc,
	serverId: '198.18.0.1',
	yiaddr: '198.18.1.10',
	leaseTime: 4000,
	options: ['subnet-mask=255.255.0.0', 'routers=198.18.0.1', 'domain-name-servers=198.18.0.53, 198.18.0.54', 'domain-name=lab.dhcpulse.test'],
});

test('every client message and server reply round-trips', (t) => {
	const req = request({ mac: MAC, xid: 1, state: 'selecting', requestedAddress: '198.18.1.10', serverId: '198.18.0.1' });
	const messages: Dhcp4Message[] = [
		disc,
		off,
		req,
		request({ mac: MAC, xid: 2, state: 'init-reboot', requestedAddress: '198.18.1.10' }),
		request({ mac: MAC, xid: 3, state: 'renewing', ciaddr: '198.18.1.10' }),
		request({ mac: MAC, xid: 4, state: 'rebinding', ciaddr: '198.18.1.10' }),
		decline({ mac: MAC, xid: 5, requestedAddress: '198.18.1.10', serverId: '198.18.0.1' }),
		release({ mac: MAC, xid: 6, ciaddr: '198.18.1.10', serverId: '198.18.0.1' }),
		inform({ mac: MAC, xid: 7, ciaddr: '198.18.1.10' }),
		ack({ to: req, serverId: '198.18.0.1', yiaddr: '198.18.1.10', leaseTime: 4000 }),
		nak({ to: req, serverId: '198.18.0.1', message: 'address not available' }),
		discover({ mac: '00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f', htype: 32, xid: 8, clientId: true, minLength: 0 }),
	];
	for (const m of messages) roundTrip(t, m);
});

test('encoding pads to 300 bytes by default, and not at all with minLength 0', (t) => {
	t.is(toBuffer(disc).length, 300);
	const bare = discover({ mac: MAC, xid: 1, minLength: 0, requestList: false });
	// 240 header + 53 (3 bytes) + END.
	t.is(toBuffer(bare).length, 244);
	const bytes = toBuffer(bare);
	t.deepEqual([...bytes.subarray(236, 244)], [99, 130, 83, 99, 53, 1, 1, 255]);
});

test('decoding keeps every byte a real sender may leave: chaddr past hlen, text after NUL, pads, bytes after END, no END', (t) => {
	const bytes = toBuffer(off);
	// chaddr octets past hlen, junk after sname's NUL, a file name.
	bytes.set([0xde, 0xad], 28 + 6);
	bytes.set(Buffer.from('srv\0junk'), 44);
	bytes.set(Buffer.from('pxelinux.0'), 108);
	// Pad options between options: rebuild the option area with pads and trailing garbage after END.
	const area = Buffer.from([0, 0, 53, 1, 2, 0, 54, 4, 198, 18, 0, 1, 0, 255, 1, 2, 3]);
	const packet = Buffer.concat([bytes.subarray(0, 240), area]);
	const m = decode(packet);
	t.is(m.sname, 'srv');
	t.is(m.file, 'pxelinux.0');
	t.deepEqual(Buffer.from(m.chaddr), Buffer.from('021122334455', 'hex'));
	t.deepEqual(
		m.options.map((o) => o.code),
		[53, 54],
	);
	t.deepEqual(toBuffer(m), packet);
	// Without END the options are still read, and re-encoding adds none.
	const noEnd = Buffer.concat([bytes.subarray(0, 240), Buffer.from([53, 1, 2, 0, 0])]);
	const m2 = decode(noEnd);
	t.deepEqual(
		m2.options.map((o) => o.code),
		[53],
	);
	t.deepEqual(toBuffer(m2), noEnd);
	// Editing a field re-encodes just that field; adding an option lays the options out afresh.
	m.sname = 'other';
	const edited = toBuffer(m);
	t.is(decode(edited).sname, 'other');
	t.deepEqual(edited.subarray(44 + 5, 108), Buffer.alloc(64 - 5));
	t.deepEqual(edited.subarray(28 + 6, 44), packet.subarray(28 + 6, 44), 'chaddr padding is kept');
	m.options.push({ code: 51, data: Buffer.from([0, 0, 0x0e, 0x10]) });
	const grown = toBuffer(m);
	t.is(grown.length, 300);
	t.deepEqual(
		decode(grown).options.map((o) => o.code),
		[53, 54, 51],
	);
});

test('RFC 3396: values over 255 bytes are split on encode and concatenated for the typed view', (t) => {
	const names = Array.from({ length: 40 }, (_, i) => `host${i}.example${i}.test.`);
	const m = discover({ mac: MAC, xid: 9, options: [`domain-search=${names.join(', ')}`] });
	const long = m.options.find((o) => o.code === 119)!.data;
	t.true(long.length > 510);
	const bytes = roundTripSplit(t, m);
	const d = decode(bytes);
	const pieces = d.options.filter((o) => o.code === 119);
	t.is(pieces.length, Math.ceil(long.length / 255));
	t.true(pieces.slice(0, -1).every((p) => p.data.length === 255));
	t.deepEqual(Buffer.from(optionData(d.options, 119)!), Buffer.from(long));
	t.deepEqual(optionValue(d.options, 119), names);
	t.is(encodingLength(m), bytes.length);
});

function roundTripSplit(t: any, m: Dhcp4Message): Buffer {
	const bytes = toBuffer(m);
	t.deepEqual(toBuffer(decode(bytes)), bytes);
	return bytes;
}

test('option overload: options in file, then sname, are decoded in RFC 2131 §4.1 order and re-encoded in place', (t) => {
	const head = toBuffer({ ...off, options: [], minLength: 0 }).subarray(0, 240);
	const packet = Buffer.concat([head, Buffer.from([53, 1, 2, 52, 1, 3, 255])]);
	// sname holds option 15, file holds options 12 and 56 (split across pads) then END and zeros.
	packet.fill(0, 44, 236);
	packet.set([15, 3, 0x6c, 0x61, 0x62, 255], 44);
	packet.set([12, 2, 0x68, 0x69, 0, 56, 2, 0x6f, 0x6b, 255, 7, 7], 108);
	const m = decode(packet);
	t.deepEqual(
		m.options.map((o) => o.code),
		[53, 52, 12, 56, 15],
	);
	t.is(m.sname, '');
	t.is(m.file, '');
	t.deepEqual(toBuffer(m), packet);
	// Option 52 found inside file or sname is not followed (no chains).
	const nested = Buffer.from(packet);
	nested.set([52, 1, 3, 255], 44);
	t.deepEqual(
		decode(nested).options.map((o) => o.code),
		[53, 52, 12, 56, 52],
	);
	// An overloaded area whose option overruns it is an error at that option.
	const bad = Buffer.from(packet);
	bad.set([15, 200], 44);
	const err = t.throws(() => decode(bad), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_TRUNCATED');
	t.is(err.offset, 44);
});

test('malformed packets fail with a DecodeError naming the code and absolute offset', (t) => {
	const bytes = toBuffer(disc);
	const short = t.throws(() => decode(bytes.subarray(0, 100)), { instanceOf: DecodeError });
	t.is(short.code, 'ERR_TRUNCATED');
	const hlen = Buffer.from(bytes);
	hlen[2] = 17;
	const e1 = t.throws(() => decode(Buffer.concat([Buffer.alloc(3), hlen]), 3), { instanceOf: DecodeError });
	t.is(e1.code, 'ERR_BAD_VALUE');
	t.is(e1.offset, 3 + 2);
	const cookie = Buffer.from(bytes);
	cookie.writeUInt32BE(0x01020304, 236);
	const e2 = t.throws(() => decode(cookie), { instanceOf: DecodeError });
	t.is(e2.code, 'ERR_MAGIC_COOKIE');
	t.is(e2.offset, 236);
	t.regex(e2.message, /1\.2\.3\.4.*want 99\.130\.83\.99/);
	const overrun = Buffer.concat([bytes.subarray(0, 240), Buffer.from([53, 1, 1, 12, 9, 0x61])]);
	const e3 = t.throws(() => decode(overrun), { instanceOf: DecodeError });
	t.is(e3.code, 'ERR_TRUNCATED');
	t.is(e3.offset, 243);
	const noLength = Buffer.concat([bytes.subarray(0, 240), Buffer.from([53])]);
	t.is(t.throws(() => decode(noLength), { instanceOf: DecodeError }).offset, 240);
});
