import test from 'ava';
import { OptionSpace } from '../src/codec/option-space.js';
import { arrayOf, duration, fqdn, ipv4Address } from '../src/codec/types/index.js';
import { checkExpectations, parseExpectation, type ReplyFacts } from '../src/probe/expect.js';

const space = new OptionSpace('expect-test', 1, 1, [
	{ code: 3, name: 'routers', longName: 'Router Option', type: arrayOf(ipv4Address) },
	{ code: 6, name: 'domain-name-servers', longName: 'Domain Name Server Option', type: arrayOf(ipv4Address) },
	{ code: 15, name: 'domain-name', longName: 'Domain Name', type: fqdn },
	{ code: 51, name: 'dhcp-lease-time', longName: 'IP Address Lease Time', type: duration },
]);

const options = new Map<number, Buffer>([
	[3, Buffer.from([10, 77, 0, 1])],
	[6, Buffer.from([10, 77, 0, 53, 10, 77, 0, 54])],
	[51, Buffer.from([0, 0, 0x0f, 0xa0])], // 4000 s
]);

const facts: ReplyFacts = {
	space,
	fields: { yiaddr: '10.77.0.134', server: '10.77.0.1', type: 'offer', latency: 1.25, address: '2001:db8:1::1:5' },
	option: (code) => options.get(code),
};

function verdicts(...specs: string[]): boolean[] {
	return checkExpectations(
		specs.map((s) => parseExpectation(s, space)),
		facts,
	).map((r) => r.passed);
}

test('address fields compare by value and by prefix', (t) => {
	t.deepEqual(verdicts('yiaddr in 10.77.0.0/16', 'yiaddr in 10.78.0.0/16', 'yiaddr not in 10.78.0.0/16', 'server = 10.77.0.1', 'server != 10.77.0.1'), [true, false, true, true, false]);
	t.deepEqual(verdicts('address in 2001:db8:1::/64', 'address in 2001:db8:2::/64'), [true, false]);
});

test('options compare as wire bytes read with their own type', (t) => {
	t.deepEqual(verdicts('option 3 = 10.77.0.1', 'option routers = 10.77.0.2', 'option Router Option = 10.77.0.1'), [true, false, true]);
	t.deepEqual(verdicts('option 6 = 10.77.0.53, 10.77.0.54', 'option 6 = 10.77.0.54, 10.77.0.53'), [true, false]);
	t.deepEqual(verdicts('option 6 contains 10.77.0.54', 'option 6 contains 10.77.0.55'), [true, false]);
});

test('numeric options compare as numbers and accept durations', (t) => {
	t.deepEqual(verdicts('option 51 >= 3600', 'option 51 >= 1h', 'option 51 > 1d', 'option 51 = 4000', 'option 51 < 4000'), [true, true, false, true, false]);
});

test('presence, absence, message type and latency', (t) => {
	t.deepEqual(verdicts('option 3 present', 'option 15 absent', 'option 15 present', 'option 15 = corp.example.'), [true, true, false, false]);
	t.deepEqual(verdicts('type = offer', 'type = DHCPOFFER', 'type = ack'), [true, true, false]);
	t.deepEqual(verdicts('latency < 2ms', 'latency < 1000us', 'latency <= 1s'), [true, false, true]);
});

test('a failed expectation reports what was actually found', (t) => {
	const [r] = checkExpectations([parseExpectation('option 3 = 10.77.0.2', space)], facts);
	t.false(r!.passed);
	t.is(r!.actual, '10.77.0.1');
	const [absent] = checkExpectations([parseExpectation('option 15 = corp.example.', space)], facts);
	t.is(absent!.actual, 'option 15 absent');
});

test('malformed expectations are one-line errors naming the text', (t) => {
	for (const [spec, why] of [
		['colour = blue', /unknown subject/],
		['yiaddr ~ 10.0.0.1', /expected an operator/],
		['yiaddr in 10.0.0.1', /not a prefix/],
		// A word operator is a whole word: `inside` is none, not `in` followed by "side …".
		['yiaddr inside 10.0.0.0/8', /expected an operator/],
		['option nosuch = 1', /unknown option/],
		['option 3 present 1', /takes no value/],
		['yiaddr =', /missing value/],
	] as const) {
		const error = t.throws(() => parseExpectation(spec, space));
		t.regex(error!.message, new RegExp(`^--expect '${spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': `));
		t.regex(error!.message, why);
	}
});
