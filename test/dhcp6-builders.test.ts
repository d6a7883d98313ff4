import test from 'ava';
import {
	DEFAULT_ORO_BYTES,
	MessageTemplate,
	MsgType,
	OptionCode,
	StatusCode,
	clientId,
	confirm,
	decline,
	decode,
	delegatedPrefixes,
	dhcp6Options,
	dnsServers,
	duidBytes,
	duidLL,
	findIaNa,
	findIaPd,
	findMessageOption,
	findOption,
	findSubOption,
	hasRapidCommit,
	iaNas,
	leasedAddresses,
	locateInner,
	optionLength,
	peekInnerMsgType,
	peekMsgType,
	peekStatusCode,
	peekTransactionId,
	preference,
	readLeaseTimers,
	informationRequest,
	reply,
	rebind,
	release,
	renew,
	request,
	requestedOptions,
	serverId,
	solicit,
	status,
	statusCodes,
	toBytes,
	writeFollowUp,
	type Dhcp6ClientMessage,
	type LeaseTimers,
} from '../src/codec/dhcp6/index.js';
import { encodeOptions, optionsLength } from '../src/codec/dhcp6/message.js';
import { ADVERTISE, CLIENT_DUID, RELAY_FORW_3, RELAY_REPL_3, REPLY_NO_ADDRS, REQUEST, SERVER_DUID, SOLICIT } from './dhcp6-corpus.js';

test('SOLICIT carries client id, rapid commit, elapsed time, ORO, IA_NA and IA_PD (RFC 8415 §18.2.1)', (t) => {
	const m = decode(toBytes(SOLICIT)) as Dhcp6ClientMessage;
	t.is(m.msgType, MsgType.SOLICIT);
	t.deepEqual(clientId(m), CLIENT_DUID);
	t.true(hasRapidCommit(m));
	t.deepEqual(requestedOptions(m), [23, 24]);
	t.deepEqual(
		iaNas(m).map((ia) => [ia.iaid, ia.t1, ia.t2, ia.addresses.length]),
		[[1, 0, 0, 0]],
	);
	t.is(findIaPd(m, 2)?.iaid, 2);
	const plain = solicit({ clientId: 'type=LL, htype=1, lladdr=02:00:00:00:00:09', iaNa: false, oro: [] });
	t.deepEqual(
		plain.options.map((o) => o.code),
		[OptionCode.CLIENTID, OptionCode.ELAPSED_TIME],
	);
	t.true(plain.transactionId >= 0 && plain.transactionId <= 0xffffff);
	const hinted = solicit({ clientId: CLIENT_DUID, iaNa: [{ iaid: 5, addresses: ['2001:db8:1::99'] }], iaPd: { prefixes: ['2001:db8:8000::/56'] } });
	t.is(leasedAddresses(hinted)[0]!.address, '2001:db8:1::99');
	t.deepEqual(
		delegatedPrefixes(hinted).map((p) => `${p.prefix}/${p.prefixLength}@${p.iaid}`),
		['2001:db8:8000::/56@1'],
	);
});

test('accessors read server DUID, IAs by IAID, addresses and prefixes with lifetimes', (t) => {
	const m = decode(toBytes(ADVERTISE));
	t.deepEqual(serverId(m), SERVER_DUID);
	t.is(preference(m), 255);
	t.deepEqual(dnsServers(m), ['2001:db8:1::53', '2001:db8:1::54']);
	const ia = findIaNa(m, 1)!;
	t.deepEqual([ia.t1, ia.t2], [1000, 2000]);
	t.deepEqual(
		ia.addresses.map((a) => [a.address, a.preferredLifetime, a.validLifetime]),
		[['2001:db8:1::1:5', 3000, 4000]],
	);
	t.is(findIaNa(m, 99), undefined);
	const pd = findIaPd(m, 2)!;
	t.deepEqual(
		pd.prefixes.map((p) => [p.prefix, p.prefixLength, p.preferredLifetime, p.validLifetime]),
		[['2001:db8:8000::', 56, 3000, 4000]],
	);
	t.deepEqual(statusCodes(m), []);
});

test('status codes are found at the top level and inside IAs, so NoAddrsAvail is reported precisely', (t) => {
	const m = decode(toBytes(REPLY_NO_ADDRS));
	t.is(status(m), undefined);
	t.deepEqual(statusCodes(m), [{ scope: 'ia-na', iaid: 1, code: StatusCode.NoAddrsAvail, name: 'NoAddrsAvail', message: 'No addresses available in this link' }]);
	t.is(findIaNa(m, 1)!.status?.name, 'NoAddrsAvail');
	t.is(findIaPd(m, 2)!.status, undefined);
	const top = { ...m, options: [...m.options, { code: 13, data: Buffer.from([0, 1, 0x78]) }] };
	t.deepEqual(status(top), { code: 1, name: 'UnspecFail', message: 'x' });
	t.is(statusCodes(top)[0]!.scope, 'message');
	// Status codes inside an IA Address and an IA Prefix name the address or prefix they belong to.
	const deep = [
		dhcp6Options.parseOption('ia-na=iaid=3, t1=0, t2=0, options=[iaaddr=[address=2001:db8:1::9, preferred-lifetime=0, valid-lifetime=0, options=[status-code=[NotOnLink, moved]]]]'),
		dhcp6Options.parseOption('ia-pd=iaid=4, t1=0, t2=0, options=[iaprefix=[0, 0, 48, 2001:db8:9::, options=[status-code=[NoPrefixAvail, ""]]]]'),
	];
	t.deepEqual(statusCodes(deep), [
		{ scope: 'iaaddr', iaid: 3, address: '2001:db8:1::9', code: StatusCode.NotOnLink, name: 'NotOnLink', message: 'moved' },
		{ scope: 'iaprefix', iaid: 4, prefix: '2001:db8:9::/48', code: StatusCode.NoPrefixAvail, name: 'NoPrefixAvail', message: '' },
	]);
	t.is(findIaNa(deep, 3)!.addresses[0]!.status?.name, 'NotOnLink');
});

test('REQUEST copies identifiers and IAs from the ADVERTISE in client form', (t) => {
	const m = decode(toBytes(REQUEST)) as Dhcp6ClientMessage;
	t.is(m.msgType, MsgType.REQUEST);
	t.is(m.transactionId, 0x000102);
	t.deepEqual(serverId(m), SERVER_DUID);
	t.deepEqual(clientId(m), CLIENT_DUID);
	// RFC 8415 §21.4/§21.6: T1, T2 and lifetimes are 0 in what a client sends.
	const ia = findIaNa(m, 1)!;
	t.deepEqual([ia.t1, ia.t2, ia.addresses[0]!.address, ia.addresses[0]!.validLifetime], [0, 0, '2001:db8:1::1:5', 0]);
	t.is(findIaPd(m, 2)!.prefixes[0]!.prefixLength, 56);
	t.deepEqual(requestedOptions(m), [23, 24]);
});

test('RENEW, REBIND, RELEASE, DECLINE, CONFIRM follow RFC 8415 §18.2 on which options they carry', (t) => {
	const codes = (m: Dhcp6ClientMessage): number[] => m.options.map((o) => o.code);
	t.deepEqual(codes(renew(ADVERTISE)), [1, 2, 8, 6, 3, 25]);
	t.deepEqual(codes(rebind(ADVERTISE)), [1, 8, 6, 3, 25]);
	t.deepEqual(codes(release(ADVERTISE)), [1, 2, 8, 3, 25]);
	t.deepEqual(codes(decline(ADVERTISE)), [1, 2, 8, 3]);
	t.deepEqual(codes(confirm(ADVERTISE)), [1, 8, 3]);
	t.is(renew(ADVERTISE).msgType, MsgType.RENEW);
	t.is(confirm(ADVERTISE, { transactionId: 7 }).transactionId, 7);
	// Builders accept the server message still wrapped in its RELAY-REPL chain.
	t.deepEqual(codes(request(decode(toBytes(RELAY_REPL_3)), { transactionId: 1 })), [1, 2, 8, 6, 3, 25]);
});

test('hot path: msg-type, transaction id and options read straight from bytes, through relays', (t) => {
	const bytes = toBytes(RELAY_FORW_3);
	t.is(peekMsgType(bytes), MsgType.RELAY_FORW);
	t.is(peekInnerMsgType(bytes), MsgType.SOLICIT);
	t.is(peekTransactionId(bytes), 0x1a2b3c);
	const span = { start: 0, end: 0 };
	t.true(locateInner(bytes, 0, bytes.length, span));
	t.deepEqual(Buffer.from(bytes.subarray(span.start, span.end)), toBytes(SOLICIT));
	t.is(peekTransactionId(bytes.subarray(0, 50)), -1);
	t.is(peekTransactionId(Buffer.alloc(0)), -1);
	const adv = toBytes(ADVERTISE);
	const at = findMessageOption(adv, OptionCode.SERVERID);
	t.deepEqual(Buffer.from(adv.subarray(at + 4, at + 4 + optionLength(adv, at))), duidBytes(SERVER_DUID));
	t.is(findMessageOption(adv, 4242), -1);
	const ia = findMessageOption(adv, OptionCode.IA_NA);
	const addr = findSubOption(adv, ia, OptionCode.IAADDR);
	t.is(adv[addr + 4], 0x20);
	const reply = toBytes(REPLY_NO_ADDRS);
	t.is(peekStatusCode(reply, 0, reply.length), -1);
	const s = findSubOption(reply, findMessageOption(reply, OptionCode.IA_NA), OptionCode.STATUS_CODE);
	t.is(reply[s + 5], StatusCode.NoAddrsAvail);
});

test('templates patch transaction id, DUID, IAID and elapsed time in place', (t) => {
	const tpl = new MessageTemplate(solicit({ clientId: duidLL('02:00:00:00:00:00'), transactionId: 0, iaNa: { iaid: 0 }, iaPd: { iaid: 0 } }));
	tpl.setTransactionId(0xabcdef).setClientLinkAddress(Buffer.from('020000000a0b', 'hex')).setIaid(77, 1).setElapsedTime(123);
	const m = decode(tpl.bytes) as Dhcp6ClientMessage;
	t.is(m.transactionId, 0xabcdef);
	t.deepEqual(clientId(m), duidLL('02:00:00:00:0a:0b'));
	t.is(findIaNa(m, 77)?.iaid, 77);
	t.is(findIaPd(m, 78)?.iaid, 78);
	t.deepEqual([...findOption(m, OptionCode.ELAPSED_TIME)!.data], [0, 123]);
	tpl.setClientDuid(duidBytes(duidLL('02:00:00:00:00:42')));
	t.deepEqual(clientId(decode(tpl.bytes)), duidLL('02:00:00:00:00:42'));
	t.throws(() => tpl.setClientDuid(Buffer.alloc(3)), { instanceOf: RangeError });
	const out = Buffer.alloc(tpl.length + 3);
	t.is(tpl.writeTo(out, 3), tpl.length);
	t.deepEqual(out.subarray(3), tpl.bytes);
});

test('writeFollowUp builds the same REQUEST as the builder, without decoding the ADVERTISE', (t) => {
	const adv = toBytes(ADVERTISE);
	const out = Buffer.alloc(adv.length + 16 + DEFAULT_ORO_BYTES.length);
	const n = writeFollowUp(adv, 0, adv.length, out, 0, 0x000102);
	t.deepEqual(out.subarray(0, n), toBytes(REQUEST));
	const rebound = writeFollowUp(adv, 0, adv.length, out, 0, 9, MsgType.REBIND, 50, new Uint8Array(0));
	t.deepEqual(out.subarray(0, rebound), toBytes(rebind(ADVERTISE, { transactionId: 9, elapsedTime: 50, oro: [] })));
	t.is(writeFollowUp(toBytes(SOLICIT), 0, 10, out, 0, 1), -1);
	t.is(writeFollowUp(toBytes(RELAY_REPL_3), 0, toBytes(RELAY_REPL_3).length, out, 0, 1), -1);
});

test("writeFollowUp puts the client's own options after the IAs, as the builders do: perfdhcp's -o options and a vendor class go in every message, not only the SOLICIT", (t) => {
	const adv = toBytes(ADVERTISE);
	// RFC 8415 §21.16 vendor-class: enterprise 311, then a 2-byte length and "MSFT 5.0"; and an opaque option 65000.
	const options = [
		{ code: 16, data: Uint8Array.from([0, 0, 1, 55, 0, 8, ...Buffer.from('MSFT 5.0')]) },
		{ code: 65000, data: Uint8Array.from([1, 2, 3]) },
	];
	const extra = Buffer.alloc(optionsLength(options));
	t.is(encodeOptions(options, extra, 0), extra.length);
	const out = Buffer.alloc(adv.length + 16 + DEFAULT_ORO_BYTES.length + extra.length);
	for (const [msgType, built] of [
		[MsgType.REQUEST, request(ADVERTISE, { transactionId: 5, options })],
		[MsgType.RENEW, renew(ADVERTISE, { transactionId: 5, options })],
		[MsgType.RELEASE, release(ADVERTISE, { transactionId: 5, options })],
	] as const) {
		const n = writeFollowUp(adv, 0, adv.length, out, 0, 5, msgType, 0, DEFAULT_ORO_BYTES, extra);
		t.deepEqual(out.subarray(0, n), toBytes(built), `msg-type ${msgType}`);
	}
});

test('writeFollowUp writes DECLINE, CONFIRM and INFORMATION-REQUEST as the builders do: no IA_PD in the first two, no server id in the last two, no IA in the last', (t) => {
	const adv = toBytes(ADVERTISE);
	const out = Buffer.alloc(adv.length + 16 + DEFAULT_ORO_BYTES.length);
	for (const [msgType, built] of [
		[MsgType.DECLINE, decline(ADVERTISE, { transactionId: 3, oro: [] })],
		[MsgType.CONFIRM, confirm(ADVERTISE, { transactionId: 3, oro: [] })],
	] as const) {
		const n = writeFollowUp(adv, 0, adv.length, out, 0, 3, msgType, 0, new Uint8Array(0));
		t.deepEqual(out.subarray(0, n), toBytes(built), `msg-type ${msgType}`);
	}
	const n = writeFollowUp(adv, 0, adv.length, out, 0, 4, MsgType.INFORMATION_REQUEST, 0, new Uint8Array(0));
	t.deepEqual(out.subarray(0, n), toBytes(informationRequest({ clientId: CLIENT_DUID, transactionId: 4, oro: [] })), 'RFC 8415 §18.2.6, §16.12: Client Identifier, Elapsed Time, no IA');
});

test("readLeaseTimers: the IAs' earliest T1 and T2 and the longest valid lifetime; T1/T2 of 0 are the client's, 0.5 and 0.8 of the shortest preferred lifetime (RFC 8415 §21.4)", (t) => {
	const timers: LeaseTimers = { t1: -1, t2: -1, valid: -1 };
	const adv = toBytes(ADVERTISE);
	t.true(readLeaseTimers(adv, 0, adv.length, timers));
	t.deepEqual(timers, { t1: 1000, t2: 2000, valid: 4000 });
	const zero = toBytes(
		reply(request(ADVERTISE), {
			serverId: SERVER_DUID,
			iaNa: [{ iaid: 1, t1: 0, t2: 0, addresses: [{ address: '2001:db8:1::1:5', preferredLifetime: 3000, validLifetime: 4000 }] }],
			iaPd: [{ iaid: 2, t1: 900, t2: 1800, prefixes: [{ prefix: '2001:db8:8000::', prefixLength: 56, preferredLifetime: 2000, validLifetime: 5000 }] }],
		}),
	);
	t.true(readLeaseTimers(zero, 0, zero.length, timers));
	t.deepEqual(timers, { t1: 900, t2: 1800, valid: 5000 }, 'IA_PD renews first; IA_NA would at 1500 / 2400');
	const infinite = toBytes(
		reply(request(ADVERTISE), { serverId: SERVER_DUID, iaNa: [{ iaid: 1, t1: 0xffffffff, t2: 0xffffffff, addresses: [{ address: '2001:db8:1::1:5', preferredLifetime: 0xffffffff, validLifetime: 0xffffffff }] }] }),
	);
	t.true(readLeaseTimers(infinite, 0, infinite.length, timers));
	t.deepEqual(timers, { t1: Infinity, t2: Infinity, valid: Infinity }, 'RFC 8415 §7.7: 0xffffffff is infinity');
	const none = toBytes(REPLY_NO_ADDRS);
	const onlyPd = readLeaseTimers(none, 0, none.length, timers);
	t.true(onlyPd, 'the IA_PD still has its prefix');
	t.deepEqual(timers, { t1: 1000, t2: 2000, valid: 4000 });
	const bare = toBytes(reply(request(ADVERTISE), { serverId: SERVER_DUID }));
	t.false(readLeaseTimers(bare, 0, bare.length, timers), 'no IA with a lease');
});
