import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import {
	MAX_RELAY_DEPTH,
	MSG_TYPE_NAMES,
	decode,
	encode,
	encodingLength,
	isRelay,
	relayForward,
	relayedMessage,
	toBytes,
	unwrapRelays,
	type Dhcp6ClientMessage,
	type Dhcp6Message,
	type Dhcp6RelayMessage,
} from '../src/codec/dhcp6/index.js';
import { ADVERTISE, EVERY_TYPE, RELAY_FORW_3, RELAY_REPL_3, SOLICIT } from './dhcp6-corpus.js';

/** dns-packet's testEncoder: encode, decode, re-encode identically, also at a non-zero offset. */
function roundTrip(t: any, name: string, message: Dhcp6Message): Buffer {
	const length = encodingLength(message);
	const bytes = toBytes(message);
	t.is(bytes.length, length, name);
	t.is(encode(message), length, `${name}: encode without a buffer`);
	const decoded = decode(bytes);
	t.is(decoded.msgType, message.msgType, name);
	t.deepEqual(toBytes(decoded), bytes, `${name}: re-encodes identically`);
	const big = Buffer.alloc(length + 20, 0xee);
	t.is(encode(decoded, big, 11), length, name);
	t.deepEqual(big.subarray(11, 11 + length), bytes, `${name}: at offset 11`);
	t.is(big[10], 0xee);
	t.is(big[11 + length], 0xee);
	const again = decode(big, 11, 11 + length);
	t.deepEqual(toBytes(again), bytes, `${name}: decoded at offset 11`);
	return bytes;
}

test('every message type round-trips to identical bytes, at offset 0 and 11', (t) => {
	for (const [name, message] of Object.entries(EVERY_TYPE)) roundTrip(t, name, message);
	for (let type = 1; type <= 17; type++) t.truthy(MSG_TYPE_NAMES[type], `msg-type ${type} has a name`);
	t.is(MSG_TYPE_NAMES[12], 'RELAY-FORW');
	t.is(MSG_TYPE_NAMES[15], 'LEASEQUERY-REPLY');
});

test('the client/server header is msg-type and a 24-bit transaction id', (t) => {
	const bytes = toBytes(SOLICIT);
	t.deepEqual([...bytes.subarray(0, 4)], [1, 0x1a, 0x2b, 0x3c]);
	const m = decode(bytes) as Dhcp6ClientMessage;
	t.is(m.transactionId, 0x1a2b3c);
	t.deepEqual(
		m.options.map((o) => o.code),
		[1, 14, 8, 6, 3, 25],
	);
	// Option data are views into the input, not copies.
	t.is(m.options[0]!.data.buffer, bytes.buffer);
	t.throws(() => encode({ msgType: 1, transactionId: 0x1000000, options: [] }), { instanceOf: RangeError });
});

test('relay messages carry hop-count, link and peer address, and the relayed message three deep', (t) => {
	const bytes = roundTrip(t, 'RELAY-FORW x3', RELAY_FORW_3);
	const outer = decode(bytes) as Dhcp6RelayMessage;
	t.true(isRelay(outer));
	t.is(outer.hopCount, 2);
	t.is(outer.linkAddress, '2001:db8:3::1');
	t.is(outer.peerAddress, '2001:db8:3::2');
	const { message, relays } = unwrapRelays(outer);
	t.is(relays.length, 3);
	t.deepEqual(
		relays.map((r) => r.hopCount),
		[2, 1, 0],
	);
	t.deepEqual(
		relays.map((r) => r.peerAddress),
		['2001:db8:3::2', '2001:db8:2::2', 'fe80::1'],
	);
	t.deepEqual(toBytes(message), toBytes(SOLICIT));
	const second = relayedMessage(outer) as Dhcp6RelayMessage;
	t.is(second.linkAddress, '::');
	const reply = unwrapRelays(decode(toBytes(RELAY_REPL_3)));
	t.is(reply.relays.length, 3);
	t.true(reply.relays.every((r) => r.msgType === 13));
	t.deepEqual(toBytes(reply.message), toBytes(ADVERTISE));
});

function nest(depth: number): Buffer {
	let m: Dhcp6Message = SOLICIT;
	for (let i = 0; i < depth; i++) m = relayForward(m, { linkAddress: '::', peerAddress: 'fe80::1', hopCount: i % 256 });
	return toBytes(m);
}

test(`relay chains encode to any depth and decode up to ${MAX_RELAY_DEPTH} relays`, (t) => {
	const ok = nest(MAX_RELAY_DEPTH);
	t.deepEqual(toBytes(decode(ok)), ok);
	t.is(unwrapRelays(decode(ok)).relays.length, MAX_RELAY_DEPTH);
	const deep = nest(MAX_RELAY_DEPTH + 1);
	const err = t.throws(() => decode(deep), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_TOO_DEEP');
	// The innermost message of the over-deep chain starts 38 bytes (34 header + 4 option header) per level in.
	t.is(err.offset, (MAX_RELAY_DEPTH + 1) * 38);
	// Building is not bounded: a 200-deep chain encodes, and is refused on decode.
	const huge = nest(200);
	t.is(huge.length, toBytes(SOLICIT).length + 200 * 38);
	t.throws(() => decode(huge), { instanceOf: DecodeError, code: 'ERR_TOO_DEEP' } as any);
});

function expectError(t: any, bytes: Uint8Array, code: string, offset: number, title: string): void {
	const err = t.throws(() => decode(bytes), { instanceOf: DecodeError }, title) as DecodeError;
	if (!err) return;
	t.is(err.code, code, title);
	t.is(err.offset, offset, title);
}

test('malformed messages fail with a DecodeError naming the code and the byte offset', (t) => {
	expectError(t, Buffer.alloc(0), 'ERR_TRUNCATED', 0, 'empty');
	expectError(t, Buffer.from([1, 0, 0]), 'ERR_TRUNCATED', 0, 'header cut');
	expectError(t, Buffer.from([12, 0, 1, 2]), 'ERR_TRUNCATED', 0, 'relay header cut');
	// Truncated option header: 3 bytes where 4 are needed, at offset 4.
	expectError(t, Buffer.from([1, 0, 0, 1, 0, 8, 0]), 'ERR_TRUNCATED', 4, 'option header cut');
	// Option length past the end of the message.
	expectError(t, Buffer.from([1, 0, 0, 1, 0, 8, 0, 2, 0, 0, 0, 23, 0, 16, 0x20]), 'ERR_TRUNCATED', 10, 'option length past end');
	// IA_NA of 11 bytes, shorter than its IAID/T1/T2.
	expectError(t, Buffer.concat([Buffer.from([7, 0, 0, 1, 0, 3, 0, 11]), Buffer.alloc(11)]), 'ERR_BAD_LENGTH', 4, 'short IA_NA');
	// IAADDR inside an IA_NA whose length runs past the IA_NA.
	const ia = Buffer.concat([Buffer.from([7, 0, 0, 1, 0, 3, 0, 20]), Buffer.alloc(12), Buffer.from([0, 5, 0, 24]), Buffer.alloc(4)]);
	expectError(t, ia, 'ERR_TRUNCATED', 20, 'IAADDR past its IA_NA');
	// A relay whose relayed message is cut.
	const relay = toBytes(relayForward(Buffer.from([1, 0]), { linkAddress: '::', peerAddress: '::' }));
	expectError(t, relay, 'ERR_TRUNCATED', 38, 'relayed message cut');
	// The same errors at a non-zero offset report absolute offsets.
	const padded = Buffer.concat([Buffer.alloc(5), Buffer.from([1, 0, 0, 1, 0, 8, 0])]);
	const err = t.throws(() => decode(padded, 5), { instanceOf: DecodeError });
	t.is(err.offset, 9);
	t.throws(() => decode(Buffer.alloc(4), 0, 5), { instanceOf: DecodeError });
});

test('unknown option codes and option 9 in a client message stay raw and never fail the message', (t) => {
	const m: Dhcp6ClientMessage = {
		msgType: 1,
		transactionId: 1,
		options: [
			{ code: 9, data: Buffer.from([1]) },
			{ code: 4242, data: Buffer.from('x') },
		],
	};
	const bytes = toBytes(m);
	const d = decode(bytes);
	t.deepEqual(
		d.options.map((o) => [o.code, [...o.data]]),
		[
			[9, [1]],
			[4242, [0x78]],
		],
	);
});
