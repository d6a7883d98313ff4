import test from 'ava';
import { DecodeError, OptionValueError } from '../src/wire/errors.js';
import { type Option } from '../src/codec/option-space.js';
import * as dhcp4 from '../src/codec/dhcp4/index.js';
import { containerOf, decodeDuid, docsis3V6Space, dhcp6Options, duidBytes, duidEN, duidLL, duidLLT, duidUUID, formatDuid, ntpServerSpace, parseDuid, type Duid } from '../src/codec/dhcp6/index.js';

/** A representative value, in the option value language, for every option of the registry. */
const SAMPLES: Record<number, string> = {
	1: 'type=LLT, htype=1, time=725846400, lladdr=02:00:00:00:00:01',
	2: 'type=EN, enterprise=2495, identifier=0C C0 80 01 02',
	3: 'iaid=1, t1=1000, t2=2000, options=[iaaddr=[address=2001:db8:1::1:5, preferred-lifetime=3000, valid-lifetime=4000], status-code=[status-code=Success, status-message="all good"]]',
	4: 'iaid=7, options=[iaaddr=[address=2001:db8:1::7, preferred-lifetime=1h, valid-lifetime=2h]]',
	5: 'address=2001:db8:1::1:5, preferred-lifetime=3000, valid-lifetime=4000, options=[status-code=[status-code=NotOnLink, status-message=moved]]',
	6: 'dns-servers, domain-search, 82',
	7: '255',
	8: '150',
	9: 'msg-type=SOLICIT, transaction-id=0x1a2b3c, options=[clientid=[type=LL, htype=1, lladdr=02:00:00:00:00:02], elapsed-time=0]',
	11: 'protocol=3, algorithm=1, rdm=0, replay-detection=00 00 00 00 00 00 00 01, auth-info=DE AD BE EF',
	12: '2001:db8::1',
	13: 'status-code=NoAddrsAvail, status-message="No addresses available, sorry"',
	14: 'present',
	15: '"class one", two',
	16: 'enterprise=4491, data=[docsis3.0, "MSFT 5.0"]',
	17: 'enterprise=4491, options=[tftp-servers=2001:db8::69, config-file=cm.cfg, 99[hex]=45 43 4D]',
	18: 'eth0'
		.split('')
		.map((c) => c.charCodeAt(0).toString(16))
		.join(' '),
	19: 'RENEW',
	20: 'present',
	21: 'sip.example.com., sip2.example.com.',
	22: '2001:db8::5060, 2001:db8::5061',
	23: '2001:db8:1::53, 2001:db8:1::54',
	24: 'lab.dhcpulse.test., example.com.',
	25: 'iaid=2, t1=1000, t2=2000, options=[iaprefix=[preferred-lifetime=3000, valid-lifetime=4000, prefix-length=56, prefix=2001:db8:8000::]]',
	26: 'preferred-lifetime=3000, valid-lifetime=4000, prefix-length=56, prefix=2001:db8:8000::',
	27: '2001:db8::27',
	28: '2001:db8::28',
	29: 'nis.example.',
	30: 'nisplus.example.',
	31: '2001:db8::123',
	32: '1d',
	33: 'bcmcs.example.',
	34: '2001:db8::34',
	37: 'enterprise=3561, remote-id=01 02 03 04',
	38: '73 75 62 31',
	39: 'flags=1, domain-name=host.example.com.',
	40: '2001:db8::40',
	41: 'EST5EDT4,M3.2.0/02:00,M11.1.0/02:00',
	42: 'Europe/Zurich',
	43: '37, 38',
	44: 'query-type=QUERY_BY_ADDRESS, link-address=2001:db8:1::, options=[iaaddr=[address=2001:db8:1::1:5, preferred-lifetime=0, valid-lifetime=0]]',
	45: 'clientid=[type=LL, htype=1, lladdr=02:00:00:00:00:03], clt-time=600',
	46: '600',
	47: 'peer-address=fe80::1, relay-message=[msg-type=RELAY-FORW, hop-count=0, link-address=2001:db8:2::2, peer-address=fe80::1, options=[relay-msg=[msg-type=SOLICIT, transaction-id=0x000001, options=[]]]]',
	48: '2001:db8:1::, 2001:db8:2::',
	53: 'type=LL, htype=1, lladdr=02:00:00:00:00:aa',
	56: 'ntp-server-address=2001:db8::123, ntp-server-multicast=ff05::101, ntp-server-fqdn=ntp.example.',
	59: 'http://[2001:db8::1]/boot.efi',
	60: 'root=/dev/nfs, "quiet splash"',
	61: '7, 16',
	62: 'type=1, major=3, minor=16',
	64: 'aftr.example.net.',
	65: 'erp.example.',
	79: 'link-layer-type=1, link-layer-address=02:00:00:00:00:01',
	80: '2001:db8:2::',
	82: '3600',
	83: '86400',
	36: 'what=2, country-code=0x5553, civic-address-elements=01 02 43 41',
	49: 'home.example.net.',
	50: 'mip6-hnp=[prefix-length=64, prefix=2001:db8:50::], mip6-haa=2001:db8:50::1',
	51: 'lost.example.',
	52: '2001:db8::52',
	54: 'mos-is=2001:db8::54, mos-es=[2001:db8::55, 2001:db8::56]',
	55: 'mos-cs=[mos.example., mos2.example.]',
	57: 'access.example.',
	58: 'ua.example., ua2.example.',
	63: '01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10',
	66: 'interface-id=65 74 68 30, remote-id=[enterprise=9, remote-id=AA BB]',
	67: 'prefix-length=64, subnet-id=40',
	68: 'type=1, info=76 72 66',
	69: 'mip6-haf=ha.example.',
	70: 'mip6-haa=2001:db8:70::1',
	71: 'prefix-length=48, prefix=2001:db8:71::',
	72: '2001:db8:72::1',
	73: 'ha.example.',
	74: 'dns-server=2001:db8::53, flags=0x18, domains=[corp.example., 8.b.d.0.1.0.0.2.ip6.arpa.]',
	75: '00 01 04 68 6F 73 74',
	76: 'EXAMPLE.COM',
	77: 'EXAMPLE.ORG',
	78: 'priority=10, weight=5, transport-type=0, port=88, kdc-address=2001:db8::88, realm-name=EXAMPLE.COM',
	81: '01 05 62 6F 62',
	84: 'flags=3, options=[addrsel-table=[label=1, precedence=40, prefix=2001:db8::/32]]',
	85: 'label=2, precedence=50, prefix=::ffff:0:0/96',
	86: '2001:db8::86',
	87: 'op=BOOTREQUEST, htype=1, hlen=6, hops=0, xid=0x00abcdef, secs=0, flags=0x0000, ciaddr=0.0.0.0, yiaddr=0.0.0.0, siaddr=0.0.0.0, giaddr=0.0.0.0, chaddr=02:00:00:00:00:01, sname="", file="", min-length=300, options=[dhcp-message-type=discover, dhcp-parameter-request-list=[1, 3, 6]]',
	88: '2001:db8::67',
	89: 'flags=1, ea-length=16, prefix4-length=24, ipv4-prefix=192.0.2.0, ipv6-prefix=2001:db8::/40, options=[s46-portparams=[offset=6, psid-length=8, psid=0x3400]]',
	90: '2001:db8::90',
	91: '64:ff9b::/64',
	92: 'ipv4-address=192.0.2.1, bind-ipv6-prefix=2001:db8:92::/56, options=[s46-portparams=[offset=0, psid-length=4, psid=0x1000]]',
	93: 'offset=6, psid-length=8, psid=0x3400',
	94: 's46-rule=[flags=1, ea-length=16, prefix4-length=24, ipv4-prefix=192.0.2.0, ipv6-prefix=2001:db8::/40], s46-br=2001:db8::1',
	95: 's46-rule=[flags=0, ea-length=0, prefix4-length=32, ipv4-prefix=192.0.2.9, ipv6-prefix=2001:db8:95::/48], s46-dmr=64:ff9b::/96',
	96: 's46-br=2001:db8::1, s46-v4v6bind=[ipv4-address=192.0.2.2, bind-ipv6-prefix=2001:db8:96::/64]',
	97: '4rd-map-rule=[prefix4-length=24, prefix6-length=40, ea-length=16, flags=0x80, rule-ipv4-prefix=192.0.2.0, rule-ipv6-prefix=2001:db8::], 4rd-non-map-rule=[flags=1, traffic-class=0, domain-pmtu=1500]',
	98: 'prefix4-length=24, prefix6-length=40, ea-length=16, flags=0x80, rule-ipv4-prefix=192.0.2.0, rule-ipv6-prefix=2001:db8::',
	99: 'flags=1, traffic-class=0, domain-pmtu=1500',
	100: '1700000000',
	101: '1700000100',
	102: '1700000200',
	103: 'https://portal.example/api',
	104: '80 00 01 02 03',
	105: '4',
	106: 'lab-wlan',
	107: 'ap-7',
	108: '02:00:00:00:01:08',
	109: '01 00 00 0D A1',
	110: 'operator.example',
	111: 's46-cont-mape, s46-cont-lw',
	112: 'https://mud.example/device.json',
	113: 'asm-mprefix64=ff3e::, ssm-mprefix64=ff3e:30::, u-prefix64=64:ff9b::/96',
	114: '1',
	115: '3',
	116: 'f-dns-host-name=host.example., f-dns-zone-name=example., f-dns-flags=1',
	117: 'host.example.',
	118: 'example.',
	119: '5',
	120: '1700000000',
	121: '100',
	122: '1h',
	123: '2h',
	124: '3h',
	125: '1700000001',
	126: '1700000002',
	127: 'major=1, minor=0',
	128: '30',
	129: '00 00 00 01 AA BB',
	130: 'pair-a',
	131: '1',
	132: '4',
	133: '1700000003',
	134: '1700000004',
	135: '1547',
	136: 'https://sztp.example/bootstrap, https://sztp2.example/bootstrap',
	137: '2001:db8:137::/56',
	138: 'iaid=9, t1=100, t2=200',
	139: '00 01 00 06 02 00 00 00 01 39',
	140: '[quadrant=1, preference=2], [quadrant=3, preference=1]',
	141: 'dots.example.',
	142: '2001:db8::142',
	143: '2001:db8::143',
	144: 'service-priority=1, adn=resolver.example., addresses-and-svc-params=00 10 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 53',
};

/** parse → bytes; decode → format → parse → the same bytes, also through `name=value` and at a non-zero offset. */
function roundTrip(t: any, code: number, text: string): Buffer {
	const def = dhcp6Options.byCode(code)!;
	const option = dhcp6Options.parseOption(`${code}=${text}`);
	const bytes = Buffer.from(option.data);
	const printed = dhcp6Options.formatValue({ code, data: bytes });
	t.is(printed.format, undefined, `${def.name}: ${printed.error?.message}`);
	t.deepEqual(Buffer.from(dhcp6Options.parseOption(`${code}=${printed.text}`).data), bytes, `${def.name} printed as ${printed.text}`);
	t.deepEqual(Buffer.from(dhcp6Options.parseOption(dhcp6Options.formatOption({ code, data: bytes })).data), bytes, `${def.name} by name`);
	const value = def.type.decode(bytes, 0, bytes.length);
	t.is(def.type.encodingLength(value), bytes.length, def.name);
	const big = Buffer.alloc(bytes.length + 9, 0xaa);
	const framed = Buffer.concat([Buffer.alloc(9, 0x55), bytes]);
	t.is(def.type.encode(def.type.decode(framed, 9, framed.length), big, 9), bytes.length, def.name);
	t.deepEqual(big.subarray(9), bytes, def.name);
	JSON.stringify(def.type.toJSON(value));
	return bytes;
}

test('every option of the registry has a representative value that round-trips through text', (t) => {
	for (const def of dhcp6Options.defs) {
		const sample = SAMPLES[def.code];
		if (sample === undefined) {
			t.fail(`no sample for option ${def.code} (${def.name})`);
			continue;
		}
		roundTrip(t, def.code, sample);
	}
});

test('the registry speaks Kea names and resolves any spelling', (t) => {
	const expected: Record<string, number> = {
		clientid: 1,
		serverid: 2,
		'ia-na': 3,
		'ia-ta': 4,
		iaaddr: 5,
		oro: 6,
		preference: 7,
		'elapsed-time': 8,
		'relay-msg': 9,
		auth: 11,
		unicast: 12,
		'status-code': 13,
		'rapid-commit': 14,
		'user-class': 15,
		'vendor-class': 16,
		'vendor-opts': 17,
		'interface-id': 18,
		'reconf-msg': 19,
		'reconf-accept': 20,
		'sip-server-dns': 21,
		'sip-server-addr': 22,
		'dns-servers': 23,
		'domain-search': 24,
		'ia-pd': 25,
		iaprefix: 26,
		'information-refresh-time': 32,
		'remote-id': 37,
		'subscriber-id': 38,
		'client-fqdn': 39,
		'ntp-server': 56,
		'client-linklayer-addr': 79,
		'solmax-rt': 82,
		'inf-max-rt': 83,
	};
	for (const [name, code] of Object.entries(expected)) {
		t.is(dhcp6Options.byCode(code)?.name, name);
		t.is(dhcp6Options.resolveCode(name.toUpperCase()), code);
	}
	t.is(dhcp6Options.resolveCode('Client Identifier'), 1);
	t.is(dhcp6Options.resolveCode('client-id'), 1);
	t.is(dhcp6Options.resolveCode('DNS Recursive Name Server'), 23);
	t.is(dhcp6Options.codeWidth, 2);
	t.is(dhcp6Options.lengthWidth, 2);
	// No two rows claim the same spelling.
	const seen = new Map<string, number>();
	for (const def of dhcp6Options.defs) {
		for (const n of [def.name, def.longName, ...(def.aliases ?? [])]) {
			const key = n.toLowerCase().replace(/[\s_-]+/g, '');
			t.true(seen.get(key) === undefined || seen.get(key) === def.code, `${n} used by ${seen.get(key)} and ${def.code}`);
			seen.set(key, def.code);
		}
	}
});

test('ORO prints codes with their names and parses numbers or names', (t) => {
	const option = dhcp6Options.parseOption('oro=23, domain-search');
	t.deepEqual(Buffer.from(option.data), Buffer.from([0, 23, 0, 24]));
	t.is(dhcp6Options.formatValue(option).text, '23 (dns-servers), 24 (domain-search)');
	t.deepEqual(Buffer.from(dhcp6Options.parseOption('oro=23 (dns-servers), 24 (domain-search)').data), Buffer.from([0, 23, 0, 24]));
	t.is(dhcp6Options.formatValue({ code: 6, data: Buffer.from([0xff, 0x01]) }).text, '65281');
	t.throws(() => dhcp6Options.parseOption('oro=no-such-option'), { instanceOf: OptionValueError });
});

test('domain-search (24) ends each name with its root label; client-fqdn (39) keeps a partial name partial', (t) => {
	const wire = Buffer.from('076578616d706c6503636f6d00 03666f6f0362617200'.replace(/ /g, ''), 'hex');
	for (const spec of ['24=example.com, foo.bar', 'domain-search=example.com., foo.bar.', '24=["example.com","foo.bar"]']) {
		t.deepEqual(Buffer.from(dhcp6Options.parseOption(spec).data), wire, spec);
	}
	// RFC 4704 §4.2: without a trailing dot the client sends a partial name, for the server to complete.
	t.deepEqual(Buffer.from(dhcp6Options.parseOption('39=flags=1, domain-name=host').data), Buffer.from('0104686f7374', 'hex'));
	t.deepEqual(Buffer.from(dhcp6Options.parseOption('39=flags=1, domain-name=host.').data), Buffer.from('0104686f737400', 'hex'));
});

test('elapsed time is in hundredths of a second and accepts seconds', (t) => {
	t.is(dhcp6Options.formatValue({ code: 8, data: Buffer.from([0, 150]) }).text, '150 (1.5 s)');
	t.deepEqual(Buffer.from(dhcp6Options.parseOption('elapsed-time=2.5s').data), Buffer.from([0, 250]));
	t.is(dhcp6Options.formatValue({ code: 8, data: Buffer.from([0xff, 0xff]) }).text, '65535 (655.35 s or more)');
});

test('status codes print their names, the leasequery ones too, and keep the message bytes', (t) => {
	const names = ['Success', 'UnspecFail', 'NoAddrsAvail', 'NoBinding', 'NotOnLink', 'UseMulticast', 'NoPrefixAvail', 'UnknownQueryType', 'MalformedQuery', 'NotConfigured', 'NotAllowed', 'QueryTerminated'];
	names.forEach((name, code) => {
		const option = dhcp6Options.parseOption(`status-code=status-code=${name}, status-message=x`);
		t.deepEqual(Buffer.from(option.data), Buffer.from([0, code, 0x78]));
		t.is(dhcp6Options.formatValue(option).text, `status-code=${name}, status-message=x`);
	});
	roundTrip(t, 13, 'status-code=99, status-message=""');
	roundTrip(t, 13, 'code=2, message="line\\nbreak \\xFF"');
});

test('IA_NA and IA_PD carry IAADDR / IAPREFIX and status codes, nested in text and JSON', (t) => {
	const bytes = roundTrip(t, 3, SAMPLES[3]!);
	t.is(bytes.length, 12 + 4 + 24 + 4 + 2 + 8);
	const value = dhcp6Options.decodeValue({ code: 3, data: bytes }) as { iaid: number; options: Option[] };
	t.is(value.iaid, 1);
	t.deepEqual(
		value.options.map((o) => o.code),
		[5, 13],
	);
	const json = dhcp6Options.typeOf(3).toJSON(value) as { options: { name: string; value: { address?: string } }[] };
	t.is(json.options[0]!.name, 'iaaddr');
	t.is(json.options[0]!.value.address, '2001:db8:1::1:5');
	const pd = dhcp6Options.parseOption(`ia-pd=${SAMPLES[25]}`);
	t.is(pd.data.length, 12 + 4 + 25);
	t.is(pd.data[12 + 4 + 8], 56);
	// Parsed with the nested list written in any order of fields.
	t.deepEqual(dhcp6Options.parseOption('ia-na=options=[], t2=2000, t1=1000, iaid=1').data, dhcp6Options.parseOption('ia-na=1, 1000, 2000').data);
});

test('an IA_NA shorter than its 12 fixed bytes is malformed and prints as hex', (t) => {
	const short = { code: 3, data: Buffer.from([0, 0, 0, 1, 0, 0]) };
	const err = t.throws(() => dhcp6Options.decodeValue(short), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_BAD_LENGTH');
	const printed = dhcp6Options.formatValue(short);
	t.is(printed.format, 'hex');
	t.is(dhcp6Options.formatOption(short), 'ia-na[hex]=00 00 00 01 00 00');
	t.deepEqual(Buffer.from(dhcp6Options.parseOption(dhcp6Options.formatOption(short)).data), short.data);
});

test('unknown option codes are raw bytes, printed as hex and parsed back', (t) => {
	const option = { code: 999, data: Buffer.from('hello') };
	t.is(dhcp6Options.formatOption(option), '999[hex]=68 65 6C 6C 6F (hello)');
	t.deepEqual(Buffer.from(dhcp6Options.parseOption(dhcp6Options.formatOption(option)).data), option.data);
	t.deepEqual(Buffer.from(dhcp6Options.parseOption('999[str]=hello').data), option.data);
});

test('NTP server sub-options follow RFC 5908', (t) => {
	t.is(ntpServerSpace.byCode(1)?.name, 'ntp-server-address');
	t.is(ntpServerSpace.byCode(3)?.name, 'ntp-server-fqdn');
	const option = dhcp6Options.parseOption('ntp-server=ntp-server-fqdn=ntp.example.');
	t.deepEqual(Buffer.from(option.data), Buffer.concat([Buffer.from([0, 3, 0, 13]), Buffer.from('\x03ntp\x07example\x00', 'latin1')]));
});

test('DUIDs of every kind decode into fields, print, and parse back (text or plain hex)', (t) => {
	const kinds: [Duid, string][] = [
		[duidLLT('02:00:00:00:00:01', 725846400), 'type=LLT, htype=1, time=725846400 (2023-01-01T00:00:00Z), lladdr=02:00:00:00:00:01'],
		[duidEN(2495, '0cc08001'), 'type=EN, enterprise=2495, identifier=0C C0 80 01'],
		[duidLL('02:00:00:00:00:02'), 'type=LL, htype=1, lladdr=02:00:00:00:00:02'],
		[duidUUID('01234567-89ab-cdef-0123-456789abcdef'), 'type=UUID, uuid=01234567-89ab-cdef-0123-456789abcdef'],
	];
	for (const [duid, text] of kinds) {
		const bytes = duidBytes(duid);
		t.is(formatDuid(decodeDuid(bytes)), text);
		t.deepEqual(duidBytes(parseDuid(text)), bytes);
		// Plain hex of the whole DUID is accepted too.
		t.deepEqual(duidBytes(parseDuid(bytes.toString('hex'))), bytes);
		t.deepEqual(Buffer.from(dhcp6Options.parseOption(`clientid=${text}`).data), bytes);
	}
	t.is(duidBytes(duidLLT('02:00:00:00:00:01', 0)).toString('hex'), '0001000100000000020000000001');
	t.is(duidBytes(duidLL('02:00:00:00:00:01')).toString('hex'), '00030001020000000001');
	t.is(duidBytes(duidEN(9, 'abcd')).toString('hex'), '000200000009abcd');
	// Unknown DUID types, and known types too short for their fields, stay hex.
	for (const hex of ['0005abcdef', '0001000102', '00', '0004' + '11'.repeat(15)]) {
		const bytes = Buffer.from(hex, 'hex');
		const duid = decodeDuid(bytes);
		t.is(duid.type, 'raw', hex);
		t.deepEqual(duidBytes(parseDuid(formatDuid(duid))), bytes, hex);
	}
	t.throws(() => parseDuid('type=LLT, htype=1'), { instanceOf: OptionValueError });
	t.throws(() => parseDuid('type=BOGUS'), { instanceOf: OptionValueError });
	t.throws(() => duidUUID('0123'), { instanceOf: OptionValueError });
});

test('the relay-msg option value is the nested message, in text and JSON', (t) => {
	const bytes = roundTrip(t, 9, SAMPLES[9]!);
	t.is(bytes[0], 1);
	const json = dhcp6Options.typeOf(9).toJSON(dhcp6Options.decodeValue({ code: 9, data: bytes })) as { msgType: string; transactionId: number };
	t.is(json.msgType, 'SOLICIT');
	t.is(json.transactionId, 0x1a2b3c);
});

test('the DHCPv4 Message option (87) holds a DHCPv4 message decoded by the DHCPv4 decoder', (t) => {
	const bytes = roundTrip(t, 87, SAMPLES[87]!);
	// RFC 7341 §7.1: the option is the whole DHCPv4 message, magic cookie included.
	t.is(bytes.length, 300);
	t.is(bytes.readUInt32BE(236), 0x63825363);
	const message = dhcp4.decode(bytes);
	t.is(dhcp4.messageTypeOf(message.options), dhcp4.MessageType.DISCOVER);
	t.is(dhcp6Options.formatValue({ code: 87, data: bytes }).text, SAMPLES[87]!.replace('[1, 3, 6]', '[1 (Subnet Mask), 3 (Router Option), 6 (Domain Name Server Option)]'));
	// JSON is the DHCPv4 message's own JSON form.
	const json = dhcp6Options.typeOf(87).toJSON(dhcp6Options.decodeValue({ code: 87, data: bytes })) as { op: string; xid: number };
	t.is(json.op, 'BOOTREQUEST');
	t.is(json.xid, 0xabcdef);
	// A layout the one-line form cannot rebuild (a pad octet before END) prints as raw= and still pastes back.
	const padded = Buffer.from(bytes);
	const end = padded.indexOf(0xff, 240);
	padded[end] = 0;
	padded[end + 1] = 0xff;
	const printed = dhcp6Options.formatValue({ code: 87, data: padded });
	t.true(printed.text.startsWith('raw=01 01 06 00'), printed.text);
	t.deepEqual(Buffer.from(dhcp6Options.parseOption(`87=${printed.text}`).data), padded);
	// Not a DHCPv4 message (no magic cookie): hex, as any malformed option.
	t.is(dhcp6Options.formatValue({ code: 87, data: bytes.subarray(0, 100) }).format, 'hex');
});

test('softwire containers (94–96) hold S46 rules, BRs, DMRs and bindings with their port parameters', (t) => {
	const mape = dhcp6Options.parseOption(`94=${SAMPLES[94]}`);
	const view = containerOf(dhcp6Options.typeOf(94))!;
	const value = dhcp6Options.decodeValue(mape);
	const children = view.children(value);
	t.deepEqual(
		children.map((c) => c.code),
		[89, 90],
	);
	t.is(view.space(value).name, 's46-cont-mape-options');
	// RFC 7598 §4.1: flags, ea-len, prefix4-len, IPv4 prefix, then prefix6-len and only the octets it covers.
	t.deepEqual(Buffer.from(children[0]!.data).toString('hex'), '011018' + 'c0000200' + '28' + '20010db800');
	const rule = dhcp6Options.parseOption(`89=${SAMPLES[89]}`);
	const ruleValue = dhcp6Options.decodeValue(rule) as { 'ipv6-prefix': string; options: { code: number; data: Uint8Array }[] };
	t.is(ruleValue['ipv6-prefix'], '2001:db8::/40');
	t.deepEqual(
		ruleValue.options.map((o) => o.code),
		[93],
	);
	t.deepEqual(Buffer.from(ruleValue.options[0]!.data).toString('hex'), '06083400');
	t.throws(() => dhcp6Options.parseOption('91=2001:db8::/129'), { instanceOf: OptionValueError });
	// A prefix length over 128 on the wire is malformed content: hex.
	t.is(dhcp6Options.formatValue({ code: 91, data: Buffer.from([129, 0]) }).format, 'hex');
});

test("vendor-opts (17) sub-options are read in the enterprise's space: CableLabs (4491) as Kea knows it", (t) => {
	const option = dhcp6Options.parseOption('vendor-opts=enterprise=4491, options=[tftp-servers=2001:db8::69, config-file=cm.cfg, time-offset=-3600]');
	t.is(dhcp6Options.formatValue(option).text, 'enterprise=4491, options=[tftp-servers=2001:db8::69, config-file=cm.cfg, time-offset=-3600]');
	const value = dhcp6Options.decodeValue(option);
	t.is(containerOf(dhcp6Options.typeOf(17))!.space(value), docsis3V6Space);
	// Another enterprise: the same sub-option bytes are raw hex.
	const other = Buffer.from(option.data);
	other.writeUInt32BE(9, 0);
	t.is(
		dhcp6Options.formatValue({ code: 17, data: other }).text,
		'enterprise=9, options=[32[hex]=20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 69 ( ..............i), 33[hex]=63 6D 2E 63 66 67 (cm.cfg), 38[hex]=FF FF F1 F0 (....)]',
	);
});

test('opaque (binary) fields take quoted text too: the relay agent options most relays fill with text', (t) => {
	t.deepEqual(Buffer.from(dhcp6Options.parseOption('interface-id="eth0/7"').data), Buffer.from('eth0/7'));
	t.deepEqual(Buffer.from(dhcp6Options.parseOption('remote-id=3561, "port-7"').data).toString('hex'), `00000de9${Buffer.from('port-7').toString('hex')}`);
	t.deepEqual(dhcp6Options.parseOption('subscriber-id="sub \\"1\\""').data, dhcp6Options.parseOption('subscriber-id=73 75 62 20 22 31 22').data);
	// Hex as before, and printed as hex (which parses back to the same bytes).
	t.is(dhcp6Options.formatValue(dhcp6Options.parseOption('interface-id=65:74:68:30')).text, '65 74 68 30');
});
