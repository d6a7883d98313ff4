/**
 * The RELAY-FORW layers of a DHCPv6 load run (src/perf/relay-options.ts): laid out once, each
 * request gets the bytes the codec's own relayForward gives for that client's relay options,
 * each option at its level (0: the relay nearest the client, hop-count 0).
 */
import test from 'ava';
import { relayForward, solicit } from '../src/codec/dhcp6/builders.js';
import { dhcp6Options } from '../src/codec/dhcp6/option-defs.js';
import { decode, isRelay, toBytes, unwrapRelays, type Dhcp6Message } from '../src/codec/dhcp6/message.js';
import { clientOptionOf, clientWidth } from '../src/perf/client-options.js';
import { formatMac48 } from '../src/perf/clients.js';
import { RelayLayers, type RelayOption6 } from '../src/perf/relay-options.js';

const parse = (text: string) => dhcp6Options.parseOption(text);
const RELAY = '2001:db8:2::2';

function relayOption(level: number, text: string, clients: number): RelayOption6 {
	if (!text.includes('{')) return { level, option: parse(text), fields: null };
	const { option, fields } = clientOptionOf(text, clientWidth(clients), parse);
	return { level, option, fields };
}

/** The client's message wrapped by `layers` for client `client`. */
function wrapped(layers: RelayLayers, client: number, hi: number, lo: number, link: Buffer | null = null): Dhcp6Message {
	const inner = toBytes(solicit({ clientId: Buffer.from('000300010200000000ff', 'hex'), transactionId: 7 }));
	const out = Buffer.alloc(1500);
	inner.copy(out, layers.header.length);
	return decode(out.subarray(0, layers.wrap(out, inner.length, client, hi, lo, link)));
}

test("two levels: each option in its own layer, with that client's characters, as relayForward builds them", (t) => {
	const clients = 1000;
	const layers = new RelayLayers(2, RELAY, [relayOption(0, 'interface-id="eth0/{client}"', clients), relayOption(0, 'remote-id=3561,"{mac}"', clients), relayOption(1, 'subscriber-id="agg-1"', clients)]);
	const hi = 0x0200;
	const lo = 0x0c00002a;
	const m = wrapped(layers, 42, hi, lo);
	const { relays, message } = unwrapRelays(m);
	t.is(relays.length, 2);
	t.false(isRelay(message));
	// Outermost first: level 1 (hop-count 1), then level 0 (hop-count 0, nearest the client).
	t.deepEqual(
		relays.map((r) => r.hopCount),
		[1, 0],
	);
	const own = (r: (typeof relays)[number]) => r.options.filter((o) => o.code !== 9).map((o) => [o.code, Buffer.from(o.data).toString('hex')]);
	t.deepEqual(own(relays[1]!), [
		[18, Buffer.from('eth0/042').toString('hex')],
		[37, `00000de9${Buffer.from(formatMac48({ hi, lo })).toString('hex')}`],
	]);
	t.deepEqual(own(relays[0]!), [[38, Buffer.from('agg-1').toString('hex')]]);
	// The very bytes the codec gives for the same layers.
	const inner = relays[1]!.options.find((o) => o.code === 9)!.data;
	const level0 = relayForward(inner, { linkAddress: RELAY, peerAddress: RELAY, hopCount: 0, options: [parse('interface-id="eth0/042"'), parse(`remote-id=3561,"${formatMac48({ hi, lo })}"`)] });
	const level1 = relayForward(toBytes(level0), { linkAddress: RELAY, peerAddress: RELAY, hopCount: 1, options: [parse('subscriber-id="agg-1"')] });
	t.deepEqual(toBytes(m), toBytes(level1));
});

test('a second client of the same layers gets its own values, and -J its own link-address', (t) => {
	const layers = new RelayLayers(1, RELAY, [relayOption(0, 'interface-id="port-{client}"', 100)]);
	const link = Buffer.from('20010db8000300000000000000000001', 'hex');
	const m = wrapped(layers, 7, 0, 7, link);
	const { relays } = unwrapRelays(m);
	t.is(relays[0]!.linkAddress, '2001:db8:3::1');
	t.is(Buffer.from(relays[0]!.options.find((o) => o.code === 18)!.data).toString(), 'port-07');
	t.is(Buffer.from(unwrapRelays(wrapped(layers, 93, 0, 93)).relays[0]!.options.find((o) => o.code === 18)!.data).toString(), 'port-93');
});

test('without relay options the layers are the plain RELAY-FORWs', (t) => {
	const layers = new RelayLayers(3, RELAY, []);
	t.is(layers.header.length, 3 * (34 + 4));
	const { relays } = unwrapRelays(wrapped(layers, 0, 0, 0));
	t.deepEqual(
		relays.map((r) => [r.hopCount, r.options.length]),
		[
			[2, 1],
			[1, 1],
			[0, 1],
		],
	);
});
