import test from 'ava';
import { OptionValueError } from '../src/wire/errors.js';
import {
	ack,
	chaddrEquals,
	decline,
	declineFromAck,
	decode,
	DEFAULT_PARAMETER_REQUEST_LIST,
	Dhcp4Scan,
	Dhcp4Template,
	discover,
	findOption,
	findOptionOffset,
	inform,
	ipv4ToUint32,
	isDhcp4,
	MessageType,
	messageTypeOf,
	offer,
	readLeaseTime,
	readMessageType,
	readServerId,
	readXid,
	readYiaddr,
	rebindFromAck,
	release,
	releaseFromAck,
	renewFromAck,
	request,
	requestFromOffer,
	toBuffer,
	toJSON,
	uint32ToIpv4,
	type Dhcp4Message,
} from '../src/codec/dhcp4/index.js';

const MAC = '02:11:22:33:44:55';
const codes = (m: Dhcp4Message): number[] => m.options.map((o) => o.code);
const ipOf = (m: Dhcp4Message, code: number): string | undefined => {
	const o = findOption(m.options, code);
	return o ? [...o.data].join('.') : undefined;
};

test('DISCOVER: message type first, default PRL, no client id unless asked, broadcast, 300 bytes', (t) => {
	const m = discover({ mac: MAC, xid: 42 });
	t.deepEqual(codes(m), [53, 55]);
	t.deepEqual([...findOption(m.options, 55)!.data], [...DEFAULT_PARAMETER_REQUEST_LIST]);
	t.is(m.flags, 0x8000);
	t.is(m.hlen, 6);
	t.is(m.op, 1);
	t.is(toBuffer(m).length, 300);
	const withId = discover({ mac: MAC, xid: 42, clientId: true, requestList: false, requestedAddress: '198.18.1.5' });
	t.deepEqual(codes(withId), [53, 50, 61]);
	t.deepEqual([...findOption(withId.options, 61)!.data], [1, 2, 0x11, 0x22, 0x33, 0x44, 0x55]);
});

test('caller options keep their order, replace builder options, and option 82 goes last (RFC 3046 §2.1)', (t) => {
	const m = discover({ mac: MAC, xid: 1, options: ['82=circuit-id=port1', '55=1, 3', 'host-name=box', '53=request'] });
	t.deepEqual(codes(m), [55, 12, 53, 82]);
	t.deepEqual([...findOption(m.options, 53)!.data], [3]);
	t.throws(() => discover({ mac: MAC, options: ['nonsense=1'] }), { instanceOf: OptionValueError });
	t.throws(() => discover({ mac: 'zz:11' }), { instanceOf: OptionValueError });
});

test('REQUEST carries ciaddr, option 50 and option 54 as RFC 2131 §4.3.2 requires for each state', (t) => {
	const sel = request({ mac: MAC, state: 'selecting', requestedAddress: '198.18.1.10', serverId: '198.18.0.1' });
	t.deepEqual([sel.ciaddr, ipOf(sel, 50), ipOf(sel, 54)], ['0.0.0.0', '198.18.1.10', '198.18.0.1']);
	const reboot = request({ mac: MAC, state: 'init-reboot', requestedAddress: '198.18.1.10' });
	t.deepEqual([reboot.ciaddr, ipOf(reboot, 50), ipOf(reboot, 54)], ['0.0.0.0', '198.18.1.10', undefined]);
	for (const state of ['renewing', 'rebinding'] as const) {
		const r = request({ mac: MAC, state, ciaddr: '198.18.1.10' });
		t.deepEqual([r.ciaddr, ipOf(r, 50), ipOf(r, 54), r.flags], ['198.18.1.10', undefined, undefined, 0]);
		t.throws(() => request({ mac: MAC, state, ciaddr: '198.18.1.10', serverId: '198.18.0.1' }), { instanceOf: OptionValueError });
	}
	t.throws(() => request({ mac: MAC, state: 'selecting', requestedAddress: '198.18.1.10' } as never), { instanceOf: OptionValueError, message: /option 54/ });
	t.throws(() => request({ mac: MAC, state: 'init-reboot', requestedAddress: '1.2.3.4', serverId: '1.2.3.5' }), { instanceOf: OptionValueError });
});

test('DECLINE, RELEASE and INFORM follow Table 5', (t) => {
	const d = decline({ mac: MAC, requestedAddress: '198.18.1.10', serverId: '198.18.0.1' });
	// Table 5: flags 0 in both; no answer follows, so none is asked to be broadcast.
	t.deepEqual([d.ciaddr, ipOf(d, 50), ipOf(d, 54), findOption(d.options, 55), d.flags], ['0.0.0.0', '198.18.1.10', '198.18.0.1', undefined, 0]);
	const r = release({ mac: MAC, ciaddr: '198.18.1.10', serverId: '198.18.0.1' });
	t.deepEqual([r.ciaddr, ipOf(r, 50), ipOf(r, 54), findOption(r.options, 55), r.flags], ['198.18.1.10', undefined, '198.18.0.1', undefined, 0]);
	const i = inform({ mac: MAC, ciaddr: '198.18.1.10' });
	t.deepEqual([i.ciaddr, ipOf(i, 50), ipOf(i, 54)], ['198.18.1.10', undefined, undefined]);
	t.truthy(findOption(i.options, 55));
});

test('requestFromOffer, releaseFromAck and friends carry the lease and server over', (t) => {
	const disc = discover({ mac: MAC, xid: 0x1234, giaddr: '198.19.0.2' });
	const o = decode(toBuffer(offer({ to: disc, serverId: '198.19.0.1', yiaddr: '198.19.1.7', leaseTime: 4000 })));
	const req = requestFromOffer(o);
	t.is(req.xid, 0x1234);
	t.is(req.giaddr, '198.19.0.2');
	t.deepEqual([ipOf(req, 50), ipOf(req, 54)], ['198.19.1.7', '198.19.0.1']);
	t.deepEqual(Buffer.from(req.chaddr), Buffer.from('021122334455', 'hex'));
	const a = decode(toBuffer(ack({ to: req, serverId: '198.19.0.1', yiaddr: '198.19.1.7', leaseTime: 4000 })));
	t.is(readMessageType(toBuffer(a)), 5);
	const rel = releaseFromAck(a);
	t.deepEqual([rel.ciaddr, ipOf(rel, 54), [...findOption(rel.options, 53)!.data][0]], ['198.19.1.7', '198.19.0.1', 7]);
	const dec = declineFromAck(a);
	t.deepEqual([ipOf(dec, 50), ipOf(dec, 54)], ['198.19.1.7', '198.19.0.1']);
	t.is(renewFromAck(a).ciaddr, '198.19.1.7');
	t.is(rebindFromAck(a).ciaddr, '198.19.1.7');
	// A server echoes option 82 (RFC 3046 §2.2).
	const relayed = discover({ mac: MAC, options: ['82=circuit-id=x'] });
	t.truthy(findOption(offer({ to: relayed, serverId: '1.1.1.1', yiaddr: '1.1.1.2' }).options, 82));
});

test('fast readers read a reply without decoding it and never throw on garbage', (t) => {
	const disc = discover({ mac: MAC, xid: 0xcafe0001 });
	const bytes = toBuffer(offer({ to: disc, serverId: '198.18.0.1', yiaddr: '198.18.1.10', leaseTime: 4000 }));
	const framed = Buffer.concat([Buffer.alloc(8), bytes]);
	t.true(isDhcp4(framed, 8));
	t.is(readXid(framed, 8), 0xcafe0001);
	t.is(readMessageType(framed, 8), 2);
	t.is(uint32ToIpv4(readServerId(framed, 8)), '198.18.0.1');
	t.is(uint32ToIpv4(readYiaddr(framed, 8)), '198.18.1.10');
	t.is(readLeaseTime(framed, 8), 4000);
	t.true(chaddrEquals(framed, Buffer.from('021122334455', 'hex'), 8));
	t.false(chaddrEquals(framed, Buffer.from('021122334456', 'hex'), 8));
	t.is(findOptionOffset(framed, 99, 8), -1);
	t.is(ipv4ToUint32('198.18.1.10'), readYiaddr(framed, 8));
	for (let cut = 0; cut < bytes.length; cut += 7) {
		t.notThrows(() => readMessageType(bytes, 0, cut));
		t.notThrows(() => readServerId(bytes, 0, cut));
	}
	t.false(isDhcp4(Buffer.alloc(300)));
	t.is(readMessageType(Buffer.alloc(300)), 0);
});

test('a repeated option 53 (NAK, then ACK) is no message type for any reader (RFC 3396 §6: one two-octet value)', (t) => {
	const req = request({ mac: MAC, xid: 0x77, state: 'selecting', requestedAddress: '198.18.1.7', serverId: '198.18.0.1' });
	const reply = ack({ to: req, serverId: '198.18.0.1', yiaddr: '198.18.1.7', leaseTime: 4000 });
	reply.options.unshift({ code: 53, data: Buffer.from([MessageType.NAK]) });
	const bytes = toBuffer(reply);
	const m = decode(bytes);
	t.is(messageTypeOf(m.options), undefined);
	t.is(readMessageType(bytes), 0);
	t.is(new Dhcp4Scan().scan(bytes).messageType, 0);
	t.is(toJSON(m).messageType, null);
	// One instance is still read by all of them.
	const single = toBuffer(ack({ to: req, serverId: '198.18.0.1', yiaddr: '198.18.1.7' }));
	t.deepEqual([messageTypeOf(decode(single).options), readMessageType(single), new Dhcp4Scan().scan(single).messageType], [5, 5, 5]);
});

test('Dhcp4Scan gives the same options as decode, with reused storage', (t) => {
	const disc = discover({ mac: MAC, xid: 7, options: ['host-name=box', '60=x'] });
	const bytes = toBuffer(offer({ to: disc, serverId: '198.18.0.1', yiaddr: '198.18.1.10', leaseTime: 4000, options: ['6=1.1.1.1, 8.8.8.8'] }));
	const scan = new Dhcp4Scan().scan(bytes);
	const m = decode(bytes);
	t.is(scan.count, m.options.length);
	for (let i = 0; i < scan.count; i++) {
		t.is(scan.codes[i], m.options[i]!.code);
		t.deepEqual(Buffer.from(bytes.subarray(scan.starts[i], scan.starts[i]! + scan.lengths[i]!)), Buffer.from(m.options[i]!.data));
	}
	t.is(scan.messageType, 2);
	t.is(scan.xid, 7);
	t.is(uint32ToIpv4(scan.serverId), '198.18.0.1');
	// Many options grow the storage once.
	const many = toBuffer({ ...m, options: Array.from({ length: 150 }, (_, i) => ({ code: 200, data: Buffer.from([i]) })) });
	t.is(scan.scan(many).count, 150);
});

test('a template patches xid, chaddr, client id and options 50/54 in place', (t) => {
	const tpl = new Dhcp4Template(request({ mac: MAC, xid: 1, state: 'selecting', requestedAddress: '198.18.1.10', serverId: '198.18.0.1', clientId: true }));
	t.true(tpl.hasRequestedAddress && tpl.hasServerId);
	tpl.setXid(0xdeadbeef).setMac48(0x0200, 0x00000005).setRequestedAddress(ipv4ToUint32('198.18.2.20')).setServerId(ipv4ToUint32('198.18.0.2')).setSecs(3);
	const m = decode(tpl.bytes);
	t.is(m.xid, 0xdeadbeef);
	t.is(m.secs, 3);
	t.deepEqual(Buffer.from(m.chaddr), Buffer.from('020000000005', 'hex'));
	t.deepEqual([...findOption(m.options, 61)!.data], [1, 2, 0, 0, 0, 0, 5]);
	t.deepEqual([ipOf(m, 50), ipOf(m, 54)], ['198.18.2.20', '198.18.0.2']);
	tpl.setChaddr(Buffer.from('aabbccddeeff', 'hex'));
	t.true(chaddrEquals(tpl.bytes, Buffer.from('aabbccddeeff', 'hex')));
	const out = Buffer.alloc(400);
	t.is(tpl.writeTo(out, 10), tpl.bytes.length);
	t.deepEqual(out.subarray(10, 10 + tpl.bytes.length), tpl.bytes);
	t.throws(() => new Dhcp4Template(discover({ mac: MAC })).setServerId(1));
});

test('a template patches the MAC inside an RFC 4361 client id (type 255, IAID, DUID-LL), and leaves any other id alone', (t) => {
	const duidId = Buffer.from('ff000000010003000102000000aaaa', 'hex');
	const tpl = new Dhcp4Template(discover({ mac: MAC, clientId: duidId }));
	tpl.setMac48(0x0211, 0x22334455);
	t.is(Buffer.from(findOption(decode(tpl.bytes).options, 61)!.data).toString('hex'), 'ff00000001000300010211223344' + '55');
	tpl.setChaddr(Buffer.from('aabbccddeeff', 'hex'));
	t.is(Buffer.from(findOption(decode(tpl.bytes).options, 61)!.data).toString('hex'), 'ff0000000100030001aabbccddeeff');
	// A DUID-EN (type 2) has no MAC in it: the identifier stays as it was built.
	const en = Buffer.from('ff00000001000200000de9aabbccddeeff', 'hex');
	const other = new Dhcp4Template(discover({ mac: MAC, clientId: en }));
	other.setMac48(0x0211, 0x22334455);
	t.deepEqual(Buffer.from(findOption(decode(other.bytes).options, 61)!.data), en);
});
