import test from 'ava';
import { DecodeError, OptionValueError } from '../src/wire/errors.js';
import { OptionSpace, optionList } from '../src/codec/option-space.js';
import {
	arrayOf,
	binary,
	clientFqdnName,
	domainList,
	duration,
	encodeValue,
	fqdn,
	ipv4Address,
	ipv6Address,
	lengthPrefixed,
	record,
	string,
	stripComment,
	uint8,
	uint16,
	type ValueType,
} from '../src/codec/types/index.js';

/** format → parse → encode must give back the original bytes. */
function roundTrip(t: any, type: ValueType, bytes: Buffer, expectedText?: string): void {
	const value = type.decode(bytes, 0, bytes.length);
	const text = type.format(value);
	if (expectedText !== undefined) t.is(text, expectedText);
	t.deepEqual(encodeValue(type, type.parse(text)), bytes, `${type.kind}: ${text}`);
	// Also encode at a non-zero offset into a larger buffer.
	const big = Buffer.alloc(bytes.length + 7, 0xaa);
	t.is(type.encode(value, big, 7), bytes.length);
	t.deepEqual(big.subarray(7), bytes);
}

test('durations print with their meaning and accept units', (t) => {
	roundTrip(t, duration, Buffer.from([0, 0, 0x38, 0x40]), '14400 (4 hours)');
	roundTrip(t, duration, Buffer.from([0, 1, 0x5f, 0xcd]), '90061 (1 day, 1 hour, 1 minute and 1 second)');
	roundTrip(t, duration, Buffer.from([0xff, 0xff, 0xff, 0xff]), '4294967295 (infinite)');
	t.is(duration.parse('1h'), 3600);
	t.is(duration.parse('1d'), 86400);
	t.is(duration.parse('1h30m'), 5400);
	t.throws(() => duration.parse('soon'), { instanceOf: OptionValueError });
});

test('addresses: IPv4 lists and RFC 5952 IPv6 text', (t) => {
	roundTrip(t, arrayOf(ipv4Address), Buffer.from([10, 0, 0, 1, 10, 0, 0, 2]), '10.0.0.1, 10.0.0.2');
	t.deepEqual(arrayOf(ipv4Address).parse('[10.0.0.1 , 10.0.0.2]'), ['10.0.0.1', '10.0.0.2']);
	t.deepEqual(arrayOf(ipv4Address).parse('10.0.0.1 10.0.0.2'), ['10.0.0.1', '10.0.0.2']);
	const v6 = Buffer.from('20010db8000000000000000000000001', 'hex');
	roundTrip(t, ipv6Address, v6, '2001:db8::1');
	t.is(ipv6Address.parse('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
	t.throws(() => ipv4Address.parse('10.0.0.256'), { instanceOf: OptionValueError });
	const err = t.throws(() => arrayOf(ipv4Address).decode(Buffer.alloc(5), 0, 5), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_BAD_LENGTH');
});

test('strings are bare when safe, quoted with escapes otherwise, and never lose a byte', (t) => {
	roundTrip(t, string, Buffer.from('MSFT 5.0'), 'MSFT 5.0');
	roundTrip(t, string, Buffer.from('host\0'), '"host\\0"');
	roundTrip(t, string, Buffer.from('a, b (c)'), '"a, b (c)"');
	roundTrip(t, string, Buffer.from([0x41, 0xff, 0xfe]), '"A\\xFF\\xFE"');
	roundTrip(t, string, Buffer.from('café'), '"café"');
	t.deepEqual(string.parse('laptop (comment)'), Buffer.from('laptop'));
});

test('hex accepts every common spelling and ignores a trailing comment', (t) => {
	for (const text of ['DEADBEEF', 'DE AD BE EF', 'de:ad:be:ef', 'de-ad-be-ef', '0xdeadbeef', 'DE AD BE EF (....)']) {
		t.deepEqual(binary.parse(text), Buffer.from('deadbeef', 'hex'), text);
	}
	t.throws(() => binary.parse('DEA'), { instanceOf: OptionValueError });
});

test('domain lists decode RFC 1035 compression and re-encode to the same bytes', (t) => {
	const type = domainList(true);
	const wire = Buffer.concat([Buffer.from('\x07example\x04test\x00', 'latin1'), Buffer.from('\x04corp\xc0\x00', 'latin1')]);
	t.deepEqual(type.decode(wire, 0, wire.length), ['example.test.', 'corp.example.test.']);
	roundTrip(t, type, wire, 'example.test., corp.example.test.');
	// A pointer that does not point backwards is a loop, reported with its offset.
	const loop = Buffer.from('\x01a\xc0\x00', 'latin1');
	const err = t.throws(() => type.decode(loop, 0, loop.length), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_LOOP');
	t.is(err.offset, 2);
});

test('fqdn and names end every name with the root label, trailing dot or not (RFC 1035 §3.1)', (t) => {
	roundTrip(t, fqdn, Buffer.from('\x04host\x07example\x03com\x00', 'latin1'), 'host.example.com.');
	roundTrip(t, fqdn, Buffer.from('\x03a.b\x00', 'latin1'), 'a\\.b.');
	t.deepEqual(encodeValue(fqdn, fqdn.parse('host.example.com')), Buffer.from('\x04host\x07example\x03com\x00', 'latin1'));
	t.deepEqual(encodeValue(fqdn, fqdn.parse('.')), Buffer.from([0]));
	const list = Buffer.from('\x07example\x03com\x00\x03foo\x03bar\x00', 'latin1');
	for (const compress of [false, true]) {
		const type = domainList(compress);
		t.deepEqual(encodeValue(type, type.parse('example.com, foo.bar')), list);
		t.deepEqual(encodeValue(type, type.parse('example.com., foo.bar.')), list);
		t.deepEqual(type.decode(list, 0, list.length), ['example.com.', 'foo.bar.']);
	}
	// A name that stops without its root label is cut short, not one long name running into the next.
	const cut = Buffer.from('\x07example\x03com\x03foo\x03bar', 'latin1');
	const err = t.throws(() => domainList(false).decode(cut, 0, cut.length), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_TRUNCATED');
	t.is(err.offset, cut.length);
	t.throws(() => fqdn.decode(cut, 0, cut.length), { instanceOf: DecodeError });
});

test('only the Client FQDN name may be partial: without a trailing dot it goes without the root label (RFC 4702 §4)', (t) => {
	roundTrip(t, clientFqdnName, Buffer.from('\x04host\x07example\x03com\x00', 'latin1'), 'host.example.com.');
	roundTrip(t, clientFqdnName, Buffer.from('\x04host', 'latin1'), 'host');
});

test('records accept named and positional text, and tuples carry their length', (t) => {
	const type = record('demo', [
		{ name: 'flags', type: uint8 },
		{ name: 'port', type: uint16 },
		{ name: 'name', type: fqdn },
	]);
	const wire = Buffer.from('01 0035 04686f737400'.replace(/ /g, ''), 'hex');
	roundTrip(t, type, wire, 'flags=1, port=53, name=host.');
	t.deepEqual(encodeValue(type, type.parse('1, 53, host.')), wire);
	t.deepEqual(encodeValue(type, type.parse('port=53, name=host., flags=1')), wire);
	t.throws(() => type.parse('flags=1'), { instanceOf: OptionValueError });
	const classes = arrayOf(lengthPrefixed(string, 1));
	roundTrip(t, classes, Buffer.from('\x01a\x02bc', 'latin1'), 'a, bc');
	const err = t.throws(() => classes.decode(Buffer.from('\x05ab'), 0, 3), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_TRUNCATED');
});

test('sub-option lists keep order, repeats and unknown codes, and print as name=value', (t) => {
	const space: OptionSpace = new OptionSpace('demo-space', 1, 1, [
		{ code: 1, name: 'circuit-id', longName: 'Agent Circuit ID', type: string, aliases: ['agentCircuitID'] },
		{ code: 5, name: 'link-selection', longName: 'Link Selection', type: ipv4Address },
	]);
	const type = optionList(() => space);
	const wire = Buffer.from([1, 3, 0x65, 0x74, 0x68, 9, 2, 0xde, 0xad, 5, 4, 10, 0, 0, 1, 1, 1, 0x78]);
	roundTrip(t, type, wire, 'circuit-id=eth, 9[hex]=DE AD (..), link-selection=10.0.0.1, circuit-id=x');
	t.deepEqual(encodeValue(type, type.parse('agentCircuitID="eth0/1", link-selection=10.0.0.1')), Buffer.from([1, 6, ...Buffer.from('eth0/1'), 5, 4, 10, 0, 0, 1]));
	const err = t.throws(() => type.decode(Buffer.from([1, 9, 0]), 0, 3), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_TRUNCATED');
	t.is(err.offset, 0);
});

test('option specs resolve codes by number or any spelling of the name', (t) => {
	const space = new OptionSpace('demo4', 1, 1, [
		{ code: 51, name: 'dhcp-lease-time', longName: 'IP Address Lease Time', type: duration },
		{ code: 59, name: 'dhcp-rebinding-time', longName: 'Rebinding (T2) Time Value', type: duration },
	]);
	t.deepEqual(space.parseOption('51=1h'), { code: 51, data: Buffer.from([0, 0, 0x0e, 0x10]) });
	t.deepEqual(space.parseOption('ip address lease time=3600 (1 hour)').data, Buffer.from([0, 0, 0x0e, 0x10]));
	t.deepEqual(space.parseOption('Rebinding (T2) Time Value=60').data, Buffer.from([0, 0, 0, 60]));
	t.deepEqual(space.parseOption('51[hex]=00 00 0E 10').data, Buffer.from([0, 0, 0x0e, 0x10]));
	// An unknown code has no type: its value is hex unless a format says otherwise.
	t.deepEqual(space.parseOption('200=68 69').data, Buffer.from('hi'));
	t.deepEqual(space.parseOption('200[str]=hi').data, Buffer.from('hi'));
	t.throws(() => space.parseOption('200=hi'), { instanceOf: OptionValueError, message: /200\[str\]=/ });
	t.is(space.formatOption({ code: 51, data: Buffer.from([0, 0, 0x0e, 0x10]) }), 'dhcp-lease-time=3600 (1 hour)');
	t.is(space.formatOption({ code: 51, data: Buffer.from([1, 2]) }), 'dhcp-lease-time[hex]=01 02');
	t.throws(() => space.parseOption('nonsense=1'), { instanceOf: OptionValueError });
	t.throws(() => space.parseOption('51[bogus]=1'), { instanceOf: OptionValueError });
	t.is(stripComment('a (b (c))'), 'a');
});
