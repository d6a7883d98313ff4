import test from 'ava';
import { WireOption, decode, encode, encodingLength, mergeOptions, toBuffer } from '../src/codec/dhcp4/index.js';
import { realPackets } from './fixtures/decode/captures.js';

// decode() makes each option's data view on first access (WireOption); the options must still
// behave as plain `{ code, data }` for every reader and writer, and re-encoding stays exact.

const offerBytes = (): Buffer => Buffer.from(realPackets('kea4-dora-dhclient.pcap')[1]!.udp.payload);

test('decoded options read as { code, data } views into the packet, the same view every time', (t) => {
	const bytes = offerBytes();
	const m = decode(bytes);
	t.true(m.options.every((o) => o instanceof WireOption));
	let p = 240;
	for (const o of m.options) {
		t.is(bytes[p], o.code);
		t.is(bytes[p + 1], o.data.length);
		t.deepEqual(Buffer.from(o.data), bytes.subarray(p + 2, p + 2 + o.data.length));
		t.is(o.data.buffer, bytes.buffer, 'a view, not a copy');
		t.is(o.data, o.data);
		p += 2 + o.data.length;
	}
	t.deepEqual(
		m.options.map((o) => ({ code: o.code, data: [...o.data] })),
		mergeOptions(m.options).map((o) => ({ code: o.code, data: [...o.data] })),
	);
});

test('re-encoding is exact whether or not the data views were made, also at a non-zero offset', (t) => {
	const bytes = offerBytes();
	t.deepEqual(toBuffer(decode(bytes)), bytes);
	const touched = decode(bytes);
	for (const o of touched.options) t.true(o.data.length >= 0);
	t.deepEqual(toBuffer(touched), bytes);
	const out = Buffer.alloc(bytes.length + 7, 0xee);
	t.is(encode(decode(bytes), out, 7), bytes.length);
	t.deepEqual(out.subarray(7), bytes);
	t.true(out.subarray(0, 7).every((b) => b === 0xee));
});

test('assigning an option’s data changes what is encoded, lengths included', (t) => {
	const bytes = offerBytes();
	const m = decode(bytes);
	const name = m.options.find((o) => o.code === 15)!;
	name.data = Buffer.from('example.org');
	t.deepEqual(Buffer.from(name.data), Buffer.from('example.org'));
	const again = decode(toBuffer(m));
	t.is(Buffer.from(again.options.find((o) => o.code === 15)!.data).toString(), 'example.org');
	t.is(encodingLength(m), bytes.length - 'lab.dhcpulse.test'.length + 'example.org'.length);
	// Every other option is unchanged.
	const before = decode(bytes).options.filter((o) => o.code !== 15);
	const after = again.options.filter((o) => o.code !== 15);
	t.deepEqual(
		after.map((o) => [o.code, [...o.data]]),
		before.map((o) => [o.code, [...o.data]]),
	);
});
