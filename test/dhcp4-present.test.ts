import test from 'ava';
import { decode, dhcp4Options, discover, formatMessage, offer, toBuffer, toJSON } from '../src/codec/dhcp4/index.js';

/** The dhcptest sample OFFER (anchors-probes.md §1), rebuilt, plus an unknown and a malformed option. */
function sampleOffer(): Buffer {
	const disc = discover({ mac: '02:11:22:33:44:55', xid: 0xef222ca1 });
	const m = offer({
		to: disc,
		serverId: '10.77.0.1',
		yiaddr: '10.77.0.134',
		siaddr: '10.77.0.1',
		leaseTime: 14400,
		options: ['59=12600', '55=1, 3, 119', '121=192.168.50.0/24 -> 10.77.0.1', '6=10.77.0.53, 10.77.0.54', '82=agentCircuitID="foo", agentRemoteID="bar"', '200[str]=test', { code: 3, data: Buffer.from([10, 77, 0]) }],
	});
	return toBuffer(m);
}

test('the text dump follows dhcptest: header lines, option count, one %3d (Long Name): value line per option', (t) => {
	const text = formatMessage(decode(sampleOffer()));
	t.is(
		text,
		[
			'  op=BOOTREPLY chaddr=02:11:22:33:44:55 hops=0 xid=EF222CA1 secs=0 flags=8000',
			'  ciaddr=0.0.0.0 yiaddr=10.77.0.134 siaddr=10.77.0.1 giaddr=0.0.0.0 sname= file=',
			'  10 options:',
			'     53 (DHCP Message Type): offer',
			'     54 (Server Identifier): 10.77.0.1',
			'     51 (IP Address Lease Time): 14400 (4 hours)',
			'     59 (Rebinding (T2) Time Value): 12600 (3 hours and 30 minutes)',
			'     55 (Parameter Request List): 1 (Subnet Mask), 3 (Router Option), 119 (Domain Search)',
			'    121 (Classless Static Route Option): 192.168.50.0/24 -> 10.77.0.1',
			'      6 (Domain Name Server Option): 10.77.0.53, 10.77.0.54',
			'    200 (Unknown): 74 65 73 74 (test)',
			'      3 (Router Option)[hex]: 0A 4D 00',
			'     82 (Relay Agent Information): circuit-id=foo, remote-id=bar',
		].join('\n'),
	);
});

test('every printed option value parses back through CODE[FMT]=VALUE to the same bytes', (t) => {
	const m = decode(sampleOffer());
	const lines = formatMessage(m).split('\n').slice(3);
	t.is(lines.length, m.options.length);
	lines.forEach((line, i) => {
		const match = /^ {4}([ \d]{3}) \((.+?)\)(\[hex\])?: (.*)$/.exec(line);
		t.truthy(match, line);
		const [, code, , fmt, value] = match!;
		const parsed = dhcp4Options.parseOption(`${code!.trim()}${fmt ?? ''}=${value}`);
		t.deepEqual(Buffer.from(parsed.data), Buffer.from(m.options[i]!.data), line);
	});
});

test('repeated options print once, concatenated (RFC 3396)', (t) => {
	const base = decode(sampleOffer());
	base.options = [
		{ code: 6, data: Buffer.from([10, 0, 0, 1]) },
		{ code: 53, data: Buffer.from([2]) },
		{ code: 6, data: Buffer.from([10, 0, 0, 2]) },
	];
	const text = formatMessage(base).split('\n').slice(2);
	t.deepEqual(text, ['  2 options:', '      6 (Domain Name Server Option): 10.0.0.1, 10.0.0.2', '     53 (DHCP Message Type): offer']);
});

test('the JSON form has the documented schema', (t) => {
	const json = toJSON(decode(sampleOffer()));
	t.deepEqual(Object.keys(json), ['op', 'htype', 'hlen', 'hops', 'xid', 'secs', 'flags', 'ciaddr', 'yiaddr', 'siaddr', 'giaddr', 'chaddr', 'sname', 'file', 'messageType', 'options']);
	t.is(json.op, 'BOOTREPLY');
	t.is(json.xid, 0xef222ca1);
	t.is(json.flags, 0x8000);
	t.is(json.chaddr, '02:11:22:33:44:55');
	t.is(json.messageType, 'offer');
	t.deepEqual(json.options[0], { code: 53, name: 'dhcp-message-type', value: 'offer', hex: '02' });
	t.deepEqual(json.options[2], { code: 51, name: 'dhcp-lease-time', value: 14400, hex: '00003840' });
	t.deepEqual(json.options[6], { code: 6, name: 'domain-name-servers', value: ['10.77.0.53', '10.77.0.54'], hex: '0a4d00350a4d0036' });
	t.deepEqual(json.options[7], { code: 200, name: null, value: '74657374', hex: '74657374' });
	const malformed = json.options[8]!;
	t.is(malformed.value, null);
	t.is((malformed.error as { code: string }).code, 'ERR_BAD_LENGTH');
	t.deepEqual(json.options[9]!.value, [
		{ code: 1, name: 'circuit-id', value: 'foo', hex: '666f6f' },
		{ code: 2, name: 'remote-id', value: 'bar', hex: '626172' },
	]);
	// It is plain data: a JSON round trip changes nothing.
	t.deepEqual(JSON.parse(JSON.stringify(json)), json);
});
