import test from 'ava';
import { decode, formatMessage, formatMessageText, messageToJSON, parseMessageText, toBytes, type Dhcp6Message, type Dhcp6RelayMessageJSON } from '../src/codec/dhcp6/index.js';
import { checkPasteBack6 } from './helpers/paste-back.js';
import { ADVERTISE, EVERY_TYPE, RELAY_FORW_3, REPLY_NO_ADDRS } from './dhcp6-corpus.js';

test("the text dump has a header line and one option per line, nested options indented below their container's whole value", (t) => {
	const text = formatMessage(decode(toBytes(REPLY_NO_ADDRS)));
	t.is(
		text,
		[
			'msg-type=REPLY transaction-id=0x000102',
			'    1 (clientid): type=LLT, htype=1, time=725846400 (2023-01-01T00:00:00Z), lladdr=02:00:00:00:00:01',
			'    2 (serverid): type=LL, htype=1, lladdr=02:00:00:00:00:fe',
			'    3 (ia-na): iaid=1, t1=0 (0 seconds), t2=0 (0 seconds), options=[status-code=[status-code=NoAddrsAvail, status-message=No addresses available in this link]]',
			'       13 (status-code): status-code=NoAddrsAvail, status-message=No addresses available in this link',
			'   25 (ia-pd): iaid=2, t1=1000 (16 minutes and 40 seconds), t2=2000 (33 minutes and 20 seconds), options=[iaprefix=[preferred-lifetime=3000 (50 minutes), valid-lifetime=4000 (1 hour, 6 minutes and 40 seconds), prefix-length=56, prefix=2001:db8:8000::]]',
			'       26 (iaprefix): preferred-lifetime=3000 (50 minutes), valid-lifetime=4000 (1 hour, 6 minutes and 40 seconds), prefix-length=56, prefix=2001:db8:8000::',
		].join('\n'),
	);
});

test('relays print their header and the relayed message indented below option 9', (t) => {
	const lines = formatMessage(decode(toBytes(RELAY_FORW_3))).split('\n');
	t.is(lines[0], 'msg-type=RELAY-FORW hop-count=2 link-address=2001:db8:3::1 peer-address=2001:db8:3::2');
	t.is(lines[1], '   37 (remote-id): enterprise=3561, remote-id=01 02 03');
	t.true(lines[2]!.startsWith('    9 (relay-msg): msg-type=RELAY-FORW, hop-count=1, link-address=::, peer-address=2001:db8:2::2, options=[interface-id='), lines[2]);
	t.is(lines[3], '        msg-type=RELAY-FORW hop-count=1 link-address=:: peer-address=2001:db8:2::2');
	t.is(lines[4], '           18 (interface-id): 67 65 2D 30 2F 30 2F 31');
	t.true(lines.includes('                        msg-type=SOLICIT transaction-id=0x1a2b3c'));
	t.true(lines.includes('                           14 (rapid-commit): present'));
});

test('every printed option line of every corpus message, nested ones included, parses back to the same bytes', (t) => {
	let checked = 0;
	for (const [name, message] of Object.entries(EVERY_TYPE)) {
		const decoded = decode(toBytes(message));
		const result = checkPasteBack6(decoded, formatMessage(decoded));
		t.deepEqual(result.failures, [], name);
		checked += result.checked;
	}
	t.true(checked > 40, `${checked} lines`);
});

test('malformed option content prints as [hex] and parses back', (t) => {
	const m: Dhcp6Message = {
		msgType: 7,
		transactionId: 1,
		options: [
			{ code: 23, data: Buffer.from([0x20, 0x01, 0x0d]) },
			{ code: 4242, data: Buffer.from('ok') },
		],
	};
	t.is(formatMessage(m), ['msg-type=REPLY transaction-id=0x000001', '   23 (dns-servers)[hex]: 20 01 0D', ' 4242 (unknown): 6F 6B (ok)'].join('\n'));
	const json = messageToJSON(m);
	t.is(json.options[0]!.value, null);
	t.is(json.options[0]!.error?.code, 'ERR_BAD_LENGTH');
	t.is(json.options[1]!.name, null);
	t.is(json.options[1]!.value, '6f6b');
});

test('JSON has a stable schema with nested options in the parent value', (t) => {
	const json = messageToJSON(decode(toBytes(ADVERTISE))) as any;
	t.deepEqual(Object.keys(json), ['msgType', 'transactionId', 'options']);
	t.is(json.msgType, 'ADVERTISE');
	t.is(json.transactionId, 0x1a2b3c);
	t.deepEqual(Object.keys(json.options[0]), ['code', 'name', 'value', 'hex']);
	const ia = json.options.find((o: any) => o.name === 'ia-na');
	t.deepEqual(ia.value, {
		iaid: 1,
		t1: 1000,
		t2: 2000,
		options: [
			{
				code: 5,
				name: 'iaaddr',
				value: { address: '2001:db8:1::1:5', 'preferred-lifetime': 3000, 'valid-lifetime': 4000, options: [] },
				hex: '20010db8000100000000000000010005' + '00000bb8' + '00000fa0',
			},
		],
	});
	t.deepEqual(json.options.find((o: any) => o.code === 2).value, { type: 'LL', htype: 1, lladdr: '02:00:00:00:00:fe' });
	t.deepEqual(json.options.find((o: any) => o.code === 23).value, ['2001:db8:1::53', '2001:db8:1::54']);
});

test('relay JSON has the relayed message inside option 9', (t) => {
	const json = messageToJSON(decode(toBytes(RELAY_FORW_3))) as Dhcp6RelayMessageJSON;
	t.deepEqual(Object.keys(json), ['msgType', 'hopCount', 'linkAddress', 'peerAddress', 'options']);
	t.is(json.msgType, 'RELAY-FORW');
	const level2 = json.options.find((o) => o.code === 9)!.value as Dhcp6RelayMessageJSON;
	t.is(level2.hopCount, 1);
	const level3 = level2.options.find((o) => o.code === 9)!.value as Dhcp6RelayMessageJSON;
	const solicit = level3.options.find((o) => o.code === 9)!.value as { msgType: string; transactionId: number };
	t.is(solicit.msgType, 'SOLICIT');
	t.is(solicit.transactionId, 0x1a2b3c);
	t.deepEqual(JSON.parse(JSON.stringify(json)), json);
});

test('the one-line text form of a message parses back to the same message', (t) => {
	for (const [name, message] of Object.entries(EVERY_TYPE)) {
		const text = formatMessageText(decode(toBytes(message)));
		t.deepEqual(toBytes(parseMessageText(text)), toBytes(message), `${name}: ${text.slice(0, 80)}`);
	}
	t.is(formatMessageText({ msgType: 1, transactionId: 0xabc, options: [] }), 'msg-type=SOLICIT, transaction-id=0x000abc, options=[]');
	t.deepEqual(parseMessageText('msg-type=11, transaction-id=5'), { msgType: 11, transactionId: 5, options: [] });
});
