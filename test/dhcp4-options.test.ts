import test from 'ava';
import { DecodeError, OptionValueError } from '../src/wire/errors.js';
import { agentOptions, dhcp4Options, optionData, optionValue, pxeSpace } from '../src/codec/dhcp4/index.js';
import { normalizeName, type ValueType } from '../src/codec/types/index.js';
import type { OptionSpace } from '../src/codec/option-space.js';

/** A representative value per type kind; the specific options below override it. */
const BY_KIND: Record<string, string> = {
	'ipv4-address': '10.0.0.1',
	'ipv4-address[]': '10.0.0.1, 10.0.0.2',
	string: 'example',
	uint8: '7',
	uint16: '1500',
	uint32: '100000',
	int32: '-3600',
	duration: '3600 (1 hour)',
	boolean: 'true',
	empty: 'present',
	binary: 'DE AD BE EF',
	unknown: '01 02 41 (..A)',
	fqdn: 'host.example.com.',
	'domain-list-compressed': 'a.example.com., b.example.com.',
	'uint16[]': '576, 1500',
	'uint8[]': '1, 2',
};

/** Options whose value is worth spelling out, with the exact text the formatter must print. */
const SAMPLES: Record<number, string> = {
	2: '-3600',
	46: 'H-node',
	52: 'both',
	53: 'offer',
	55: '1 (Subnet Mask), 3 (Router Option), 200',
	61: 'type=1, clientIdentifier=02:11:22:33:44:55',
	77: 'iPXE, with space, "a, b"',
	78: 'mandatory=true, agents=[10.0.0.1, 10.0.0.2]',
	79: 'mandatory=false, scopes=default',
	81: 'flags=5, rcode1=0, rcode2=255, name=host.example.com.',
	82: 'circuit-id=eth0/1, remote-id=bar, link-selection=10.1.0.0, subscriber-id=sub1, vendor-specific-info=[[enterprise=3561, data=01 02]], server-id-override=10.0.0.1, cisco-link-selection=10.0.0.1, 99[hex]=01 (.), virtual-subnet-select=[type=1, info=76 72 66 31], virtual-subnet-select-control=present',
	90: 'protocol=1, algorithm=1, rdm=0, replayDetection=00 00 00 00 00 00 00 01, info=AA BB',
	93: 'x64Uefi, x86Bios, 99',
	94: 'type=1, major=3, minor=16',
	97: 'type=0, guid=11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00',
	116: 'AutoConfigure',
	119: 'example.com., corp.example.com.',
	120: 'names=[sip.example.com., sip2.example.com.]',
	121: '10.0.0.0/8 -> 192.168.1.1, 0.0.0.0/0 -> 10.0.0.1, 10.128.0.0/9 -> 10.0.0.2',
	124: '[enterprise=4491, classes=[docsis3.0, emta 1]], [enterprise=9, classes=x]',
	109: '2001:db8::109',
	125: '[enterprise=4491, options=[oro=[1, 2], tftp-servers=10.0.0.69]], [enterprise=9, options=[1[hex]=01 02 (..), 2[hex]=41 (A)]]',
	139: 'mos-is=10.0.0.1, mos-es=[10.0.0.2, 10.0.0.3]',
	140: 'mos-cs=[mos.example., mos2.example.]',
	143: 'https://sztp.example/a, https://sztp.example/b',
	146: 'flags=16, primary=10.0.0.53, secondary=10.0.0.54, domains=[corp.example., 10.in-addr.arpa.]',
	156: 'ACTIVE',
	158: '[10.0.0.1, 10.0.0.2], 10.0.0.3',
	162: '[service-priority=1, adn=resolver.example., addresses-and-svc-params=04 0A 00 00 35], [service-priority=2, adn=r2.example., addresses-and-svc-params=""]',
	249: '10.0.0.0/8 -> 192.168.1.1',
	151: 'status=0, message=all good',
	159: 'offset=6, psidLength=8, psid=52',
	212: 'ipv4MaskLength=8, prefixLength=32, prefix=2001:db8::, borderRelays=[10.0.0.1, 10.0.0.2]',
	221: 'type=1, info=76 70 6E',
};

function sampleFor(code: number, type: ValueType): string {
	const text = SAMPLES[code] ?? BY_KIND[type.kind];
	if (text === undefined) throw new Error(`no sample for option ${code} (${type.kind})`);
	return text;
}

function checkRoundTrip(t: any, space: OptionSpace, code: number, text: string, expected?: string): void {
	const spec = `${code}=${text}`;
	const option = space.parseOption(spec);
	const value = space.decodeValue(option);
	const { text: printed, format } = space.formatValue(option);
	t.is(format, undefined, `${spec} must decode as its type`);
	if (expected !== undefined) t.is(printed, expected, `option ${code} prints as given`);
	t.deepEqual(space.parseOption(`${code}=${printed}`).data, option.data, `option ${code}: "${printed}" parses back to the same bytes`);
	// The JSON form exists for every value.
	t.notThrows(() => JSON.stringify(space.typeOf(code).toJSON(value)));
	// Also by Kea name and by RFC long name.
	const def = space.byCode(code)!;
	t.deepEqual(space.parseOption(`${def.name}=${printed}`).data, option.data);
	t.deepEqual(space.parseOption(`${def.longName}=${printed}`).data, option.data);
}

test('every dhcp4 registry option encodes, decodes, prints and parses back to the same bytes', (t) => {
	for (const def of dhcp4Options.defs) {
		if (def.code === 0 || def.code === 255) continue;
		const text = sampleFor(def.code, def.type);
		checkRoundTrip(t, dhcp4Options, def.code, text, SAMPLES[def.code] ?? text);
	}
});

test('every relay agent sub-option round-trips through the option language', (t) => {
	for (const def of agentOptions.defs) {
		const text = def.code === 9 ? '[enterprise=3561, data=01 02], [enterprise=9, data=03]' : def.code === 151 ? 'type=0, info=00 01' : sampleFor(def.code, def.type);
		checkRoundTrip(t, agentOptions, def.code, text);
	}
});

test('the registry covers every RFC 2132 option 0-76 and the required later ones, with unique names', (t) => {
	const required = [61, 77, 81, 82, 90, 93, 94, 97, 116, 118, 119, 121, 124, 125, 150, 252, 60, 66, 67, 80, 91, 92, 95, 108, 114, 120, 145];
	for (let code = 0; code <= 76; code++) if (code !== 0) t.truthy(dhcp4Options.byCode(code), `option ${code}`);
	for (const code of [0, 255, ...required]) t.truthy(dhcp4Options.byCode(code), `option ${code}`);
	const seen = new Map<string, number>();
	for (const def of dhcp4Options.defs) {
		for (const name of [def.name, def.longName, ...(def.aliases ?? [])]) {
			const key = normalizeName(name);
			t.true(!seen.has(key) || seen.get(key) === def.code, `name ${name} of option ${def.code} is also option ${seen.get(key)}`);
			seen.set(key, def.code);
		}
		t.regex(def.ref ?? '', /\S/, `option ${def.code} cites where it is defined`);
	}
	t.is(dhcp4Options.byName('routers')!.code, 3);
	t.is(dhcp4Options.byName('Router Option')!.code, 3);
	t.is(dhcp4Options.byName('dhcp-agent-options')!.code, 82);
	t.is(agentOptions.byName('agentCircuitID')!.code, 1);
	t.is(agentOptions.byName('agentRemoteID')!.code, 2);
});

test('option 53 accepts names, DHCP-prefixed names and numbers', (t) => {
	for (const text of ['discover', 'DHCPDISCOVER', 'Discover', '1']) t.deepEqual(dhcp4Options.parseOption(`53=${text}`).data, Buffer.from([1]));
	t.deepEqual(dhcp4Options.parseOption('DHCP Message Type=request').data, Buffer.from([3]));
	t.is(dhcp4Options.formatValue({ code: 53, data: Buffer.from([5]) }).text, 'ack');
	t.is(dhcp4Options.formatValue({ code: 53, data: Buffer.from([99]) }).text, '99');
	t.throws(() => dhcp4Options.parseOption('53=bogus'), { instanceOf: OptionValueError });
});

test('option 55 parses codes by number or by any name', (t) => {
	t.deepEqual(dhcp4Options.parseOption('55=1, routers, Domain Name Server Option, 119').data, Buffer.from([1, 3, 6, 119]));
	t.deepEqual(dhcp4Options.parseOption('55=1 3 6').data, Buffer.from([1, 3, 6]));
	t.deepEqual(dhcp4Options.parseOption('55=Subnet Mask').data, Buffer.from([1]));
	t.deepEqual(dhcp4Options.parseOption('55=[1 (Subnet Mask), 3 (Router Option)]').data, Buffer.from([1, 3]));
});

test('IP list options hold several addresses and reject ragged lengths', (t) => {
	for (const code of [3, 6, 42, 44]) {
		t.deepEqual(dhcp4Options.parseOption(`${code}=10.0.0.1, 10.0.0.2`).data, Buffer.from([10, 0, 0, 1, 10, 0, 0, 2]));
	}
	const bad = dhcp4Options.formatValue({ code: 6, data: Buffer.from([10, 0, 0, 1, 10]) });
	t.is(bad.format, 'hex');
	t.is(bad.text, '0A 00 00 01 0A');
	t.is(bad.error?.code, 'ERR_BAD_LENGTH');
});

test('unknown options are raw bytes shown as hex plus ASCII, never an error', (t) => {
	const option = { code: 200, data: Buffer.from('test') };
	t.is(dhcp4Options.formatValue(option).text, '74 65 73 74 (test)');
	t.deepEqual(dhcp4Options.parseOption('200=74 65 73 74 (test)').data, option.data);
});

test('option 81 keeps the name in wire format with the E flag and in ASCII without it', (t) => {
	const wire = dhcp4Options.parseOption('fqdn=flags=5, rcode1=0, rcode2=0, name=host.example.com.');
	t.deepEqual(wire.data, Buffer.from('050000 04686f7374 076578616d706c65 03636f6d 00'.replace(/ /g, ''), 'hex'));
	const ascii = dhcp4Options.parseOption('fqdn=flags=1, rcode1=255, rcode2=255, name=host.example.com');
	t.deepEqual(ascii.data, Buffer.concat([Buffer.from([1, 255, 255]), Buffer.from('host.example.com')]));
	t.is(dhcp4Options.formatValue(ascii).text, 'flags=1, rcode1=255, rcode2=255, name=host.example.com');
	// Positional input works too.
	t.deepEqual(dhcp4Options.parseOption('81=5, 0, 0, host.example.com.').data, wire.data);
	// A partial name in wire form (no root label) stays partial.
	const partial = dhcp4Options.parseOption('81=flags=4, rcode1=0, rcode2=0, name=host');
	t.deepEqual(partial.data, Buffer.from([4, 0, 0, 4, 0x68, 0x6f, 0x73, 0x74]));
	t.is(dhcp4Options.formatValue(partial).text, 'flags=4, rcode1=0, rcode2=0, name=host');
	// The E flag with a bad label is malformed content, printed as hex.
	t.is(dhcp4Options.formatValue({ code: 81, data: Buffer.from([4, 0, 0, 0x40, 1]) }).format, 'hex');
});

test('option 119 ends each name with its root label in every input form, and Kea-readable bytes come out', (t) => {
	// RFC 3397 §2 with RFC 1035 §4.1.4 compression: corp.example.com points back at example.com.
	const wire = Buffer.from('076578616d706c6503636f6d00 04636f7270c000'.replace(/ /g, ''), 'hex');
	for (const spec of ['119=example.com, corp.example.com', '119=["example.com","corp.example.com"]', '119=example.com., corp.example.com.', 'domain-search=example.com corp.example.com']) {
		const option = dhcp4Options.parseOption(spec);
		t.deepEqual(Buffer.from(option.data), wire, spec);
		t.is(dhcp4Options.formatValue(option).text, 'example.com., corp.example.com.', spec);
	}
	// Bytes without root labels are malformed: printed as hex with the offset, never as one long name.
	const bad = dhcp4Options.formatValue({ code: 119, data: Buffer.from('076578616d706c6503636f6d03666f6f03626172', 'hex') });
	t.is(bad.format, 'hex');
	t.is(bad.error?.offset, 20);
});

test('option 119 decodes RFC 1035 compression relative to the option data, across RFC 3396 pieces', (t) => {
	const data = Buffer.from('\x07example\x03com\x00\x04corp\xc0\x00', 'latin1');
	t.deepEqual(dhcp4Options.decodeValue({ code: 119, data }), ['example.com.', 'corp.example.com.']);
	t.deepEqual(dhcp4Options.parseOption('119=example.com., corp.example.com.').data, data);
	// Split in two TLVs (RFC 3396), the pointer refers to the start of the concatenation.
	const options = [
		{ code: 119, data: data.subarray(0, 10) },
		{ code: 1, data: Buffer.from([255, 0, 0, 0]) },
		{ code: 119, data: data.subarray(10) },
	];
	t.deepEqual(optionData(options, 119), data);
	t.deepEqual(optionValue(options, 119), ['example.com.', 'corp.example.com.']);
	const loop = Buffer.from('\x04corp\xc0\x05', 'latin1');
	const err = t.throws(() => dhcp4Options.decodeValue({ code: 119, data: loop }), { instanceOf: DecodeError });
	t.is(err.code, 'ERR_LOOP');
});

test('option 121 writes only the significant octets of each destination (RFC 3442 §3)', (t) => {
	const option = dhcp4Options.parseOption('121=10.0.0.0/8 -> 192.168.1.1, 0.0.0.0/0 -> 10.0.0.1, 192.168.50.0/24->10.77.0.1');
	t.deepEqual(option.data, Buffer.from([8, 10, 192, 168, 1, 1, 0, 10, 0, 0, 1, 24, 192, 168, 50, 10, 77, 0, 1]));
	t.is(dhcp4Options.formatValue(option).text, '10.0.0.0/8 -> 192.168.1.1, 0.0.0.0/0 -> 10.0.0.1, 192.168.50.0/24 -> 10.77.0.1');
	const wide = dhcp4Options.formatValue({ code: 121, data: Buffer.from([33, 0, 0, 0, 0, 0, 0, 0, 0, 0]) });
	t.is(wide.error?.code, 'ERR_BAD_VALUE');
	t.is(dhcp4Options.formatValue({ code: 121, data: Buffer.from([24, 10, 0]) }).error?.code, 'ERR_TRUNCATED');
});

test('option 82 keeps sub-option order, repeats and unknown codes, and accepts dhcptest names', (t) => {
	const option = dhcp4Options.parseOption('82=agentCircuitID="foo", agentRemoteID=bar, 99[hex]=01, circuit-id=x');
	t.deepEqual(option.data, Buffer.from([1, 3, 0x66, 0x6f, 0x6f, 2, 3, 0x62, 0x61, 0x72, 99, 1, 1, 1, 1, 0x78]));
	t.is(dhcp4Options.formatValue(option).text, 'circuit-id=foo, remote-id=bar, 99[hex]=01 (.), circuit-id=x');
	const sub = optionValue<{ code: number; data: Uint8Array }[]>([option], 82)!;
	t.deepEqual(
		sub.map((s) => s.code),
		[1, 2, 99, 1],
	);
	t.deepEqual(dhcp4Options.parseOption('82=link-selection=10.1.0.0, server-id-override=10.1.0.1').data, Buffer.from([5, 4, 10, 1, 0, 0, 11, 4, 10, 1, 0, 1]));
	// Sub-options that overrun the option are malformed content, printed as hex.
	t.is(dhcp4Options.formatValue({ code: 82, data: Buffer.from([1, 9, 0]) }).format, 'hex');
});

test("option 77 reads RFC 3004 class lists and keeps Microsoft's bare string as raw", (t) => {
	const rfc = dhcp4Options.parseOption('77=iPXE, gPXE');
	t.deepEqual(rfc.data, Buffer.from('\x04iPXE\x04gPXE', 'latin1'));
	const ms = { code: 77, data: Buffer.from('MSFT 5.0') };
	t.is(dhcp4Options.formatValue(ms).text, 'raw=MSFT 5.0');
	t.deepEqual(dhcp4Options.parseOption('77=raw=MSFT 5.0').data, ms.data);
	t.deepEqual(dhcp4Options.decodeValue(ms), { raw: ms.data });
});

test('option 93 names architectures and keeps unknown numbers', (t) => {
	t.deepEqual(dhcp4Options.parseOption('93=x64Uefi').data, Buffer.from([0, 7]));
	t.deepEqual(dhcp4Options.parseOption('client-system=x86bios, 16').data, Buffer.from([0, 0, 0, 16]));
	t.is(dhcp4Options.formatValue({ code: 93, data: Buffer.from([0, 16, 1, 0]) }).text, 'x64UefiHttp, 256');
});

test('option 61 prints the type and a colon-separated identifier', (t) => {
	const option = dhcp4Options.parseOption('client-id=type=1, clientIdentifier=02:11:22:33:44:55');
	t.deepEqual(option.data, Buffer.from([1, 2, 0x11, 0x22, 0x33, 0x44, 0x55]));
	t.deepEqual(dhcp4Options.parseOption('61=1, 021122334455').data, option.data);
	t.is(dhcp4Options.formatOption(option), 'dhcp-client-identifier=type=1, clientIdentifier=02:11:22:33:44:55');
});

test('one-element lists whose element has a space or a comma stay one element', (t) => {
	for (const spec of ['77=[[MSFT 5.0]]', '77="a, b"', '124=[enterprise=1, classes=[[two words]]]']) {
		const option = dhcp4Options.parseOption(spec);
		const printed = dhcp4Options.formatValue(option).text;
		t.deepEqual(dhcp4Options.parseOption(`${option.code}=${printed}`).data, option.data, printed);
	}
	t.deepEqual(dhcp4Options.parseOption('77=[[MSFT 5.0]]').data, Buffer.from('\x08MSFT 5.0', 'latin1'));
});

/**
 * dhcptest's whole `[FMT]` language (source/dhcptest/formats/types.d, options.d): each name
 * with the bytes dhcptest gives it, on an option whose own type is something else entirely.
 */
const DHCPTEST_FORMATS: [string, string, string][] = [
	['str', 'hello world', '68656c6c6f20776f726c64'],
	['fullString', 'a, b', '612c2062'],
	['hex', 'DE AD BE EF', 'deadbeef'],
	['ip', '10.0.0.1', '0a000001'],
	['boolean', 'true', '01'],
	['u8', '7', '07'],
	['u16', '1500', '05dc'],
	['u32', '100000', '000186a0'],
	['duration', '1h', '00000e10'],
	['dhcpMessageType', 'request', '03'],
	['dhcpOptionType', 'Subnet Mask', '01'],
	['netbiosNodeType', 'H', '08'],
	['processorArchitecture', 'x86BiosInt13h', '0000'],
	['zeroLength', 'present', ''],
	['ips', '10.0.0.1, 10.0.0.2', '0a0000010a000002'],
	['u8s', '1 2 3', '010203'],
	['u16s', '[1, 2]', '00010002'],
	['u32s', '1, 2', '0000000100000002'],
	['durations', '1m, 1h', '0000003c00000e10'],
	['dhcpOptionTypes', 'Subnet Mask, Router Option, 6', '010306'],
	['relayAgent', 'agentCircuitID="foo", agentRemoteID="bar"', '0103666f6f0203626172'],
	['vendorSpecificInformation', '1[hex]=DE AD, 2[str]=ab', '0102dead02026162'],
	['classlessStaticRoute', '192.168.2.0/24 -> 192.168.1.50', '18c0a802c0a80132'],
	['clientIdentifier', 'type=1, clientIdentifier=02:00:00:00:00:01', '01020000000001'],
	['clientFQDN', 'flags=5, rcode1=0, rcode2=255, name=host.example.com', '0500ff' + '04686f7374076578616d706c6503636f6d'],
	['userClass', '["a","bc"]', '0161026263'],
	['domainSearch', '["example.com","corp.example.com"]', '076578616d706c6503636f6d00' + '04636f7270c000'],
];

test("dhcptest's 27 [FMT] names are accepted with dhcptest's meaning", (t) => {
	t.is(DHCPTEST_FORMATS.length, 27);
	for (const [format, value, hex] of DHCPTEST_FORMATS) {
		// Option 224 (site-specific, no type of its own): the format alone decides the bytes.
		const option = dhcp4Options.parseOption(`224[${format}]=${value}`);
		t.is(Buffer.from(option.data).toString('hex'), hex, `[${format}]=${value}`);
		// Names are case-insensitive, as dhcptest's are.
		t.deepEqual(dhcp4Options.parseOption(`224[${format.toUpperCase()}]=${value}`).data, option.data, format);
		// The type prints the bytes back in a form it parses.
		const type = dhcp4Options.formatType(format)!;
		const printed = type.format(type.decode(option.data, 0, option.data.length));
		t.deepEqual(dhcp4Options.parseOption(`224[${format}]=${printed}`).data, option.data, `[${format}] printed as ${printed}`);
	}
	// v0.9's spellings still work.
	t.deepEqual(Buffer.from(dhcp4Options.parseOption('51[time]=1h').data).toString('hex'), '00000e10');
	t.deepEqual(Buffer.from(dhcp4Options.parseOption('54[IP]=10.0.0.1').data).toString('hex'), '0a000001');
	t.throws(() => dhcp4Options.parseOption('224[bogus]=1'), { instanceOf: OptionValueError, message: /unknown value format \[bogus\]/ });
});

test('option 43 stays raw (its meaning depends on option 60), and 43[pxe]=… reads and writes PXE vendor options by name', (t) => {
	const spec =
		'43[pxe]=pxe-discovery-control=8, pxe-boot-servers=[[type=0, addresses=[10.0.0.1, 10.0.0.2]]], pxe-boot-menu=[[type=0, description="Boot from network"]], pxe-menu-prompt=[timeout=5, prompt="Press F8"], pxe-boot-item=[type=0, layer=0]';
	const option = dhcp4Options.parseOption(spec);
	// PXE 2.1 §2.4.6: the boot server list counts addresses (2), it does not measure them in bytes.
	t.is(
		Buffer.from(option.data).toString('hex'),
		'060108' + '080b0000020a0000010a000002' + '0914000011' + Buffer.from('Boot from network').toString('hex') + '0a0905' + Buffer.from('Press F8').toString('hex') + '470400000000',
	);
	t.is(dhcp4Options.formatValue(option).text.slice(0, 12), '06 01 08 08 ');
	const pxe = dhcp4Options.formatType('pxe')!;
	const printed = pxe.format(pxe.decode(option.data, 0, option.data.length));
	t.is(
		printed,
		'pxe-discovery-control=8, pxe-boot-servers=[[type=0, addresses=[10.0.0.1, 10.0.0.2]]], pxe-boot-menu=[[type=0, description=Boot from network]], pxe-menu-prompt=[timeout=5, prompt=Press F8], pxe-boot-item=[type=0, layer=0]',
	);
	t.deepEqual(dhcp4Options.parseOption(`43[pxe]=${printed}`).data, option.data);
	// A count that promises more addresses than follow is malformed, not a shorter list.
	const short = { code: 8, data: Buffer.from('0000030a000001', 'hex') };
	t.is(pxeSpace.formatValue(short).format, 'hex');
	t.is(pxeSpace.formatValue(short).error?.code, 'ERR_TRUNCATED');
});
