import test from 'ava';
import { runCli } from './helpers/cli.js';

/**
 * Bad probe flags and values are refused before anything is sent: one line naming the flag, exit
 * 3, nothing on stdout. Each runs in a new, empty network namespace (`unshare --net`: only a
 * loopback that is down), so nothing could leave even if a check were missing; a probe that got
 * as far as sending fails there with a different message ("internal error: send …").
 */
const NO_NETWORK = ['unshare', '--net', '--'];

const CASES: [string[], RegExp][] = [
	// Numbers checked against their wire field (RFC 2131 §2 secs; RFC 8415 §21.9 elapsed time).
	[['discover', '-s', '127.0.0.1', '--secs', '-1'], /^dhcpulse: --secs -1: expected whole seconds from 0 to 65535 \(the 16-bit secs field\)$/],
	[['discover', '-s', '127.0.0.1', '--secs', '70000'], /^dhcpulse: --secs 70000: expected whole seconds from 0 to 65535/],
	[['discover', '-s', '127.0.0.1', '--secs', 'NaN'], /^dhcpulse: --secs NaN: expected whole seconds/],
	[['discover', '-s', '127.0.0.1', '--secs', '1.5'], /^dhcpulse: --secs 1.5: expected whole seconds/],
	[['discover', '-6', '-s', '::1', '--secs', '700'], /^dhcpulse: --secs 700: expected seconds from 0 to 655.35 \(the 16-bit Elapsed Time option, in hundredths\)$/],
	// Addresses: checked against the family; host names are not resolved.
	[['discover', '-s', '::1'], /^dhcpulse: --server ::1: an IPv6 address, and this is a DHCPv4 probe \(-6 for DHCPv6\)$/],
	[['discover', '-6', '-s', '127.0.0.1'], /^dhcpulse: --server 127.0.0.1: an IPv4 address, and this is a DHCPv6 probe$/],
	[['discover', '-s', 'not.an.ip'], /^dhcpulse: --server not.an.ip: not an IPv4 address \(host names are not resolved\)$/],
	[['discover', '-s', '127.0.0.1', '--giaddr', 'relay.example'], /^dhcpulse: --giaddr relay.example: not an IPv4 address/],
	[['lease', '-s', '127.0.0.1', '--requested-address', '999.1.1.1'], /^dhcpulse: --requested-address 999.1.1.1: not an IPv4 address/],
	[['ping', '-s', '127.0.0.1', '-c', 'nope'], /^dhcpulse: -c nope: not an IPv4 address/],
	// Expectations are read whole before the first packet, values included.
	[['lease', '-s', '127.0.0.1', '--expect', 'option 3 = notanip'], /^dhcpulse: --expect 'option 3 = notanip': /],
	[['lease', '-s', '127.0.0.1', '--expect', 'option 51 >= forever'], /^dhcpulse: --expect 'option 51 >= forever': "forever" is not a number$/],
	[['lease', '-s', '127.0.0.1', '--expect', 'yiaddr < 5'], /^dhcpulse: --expect 'yiaddr < 5': < compares numbers, and yiaddr is not one$/],
	[['lease', '-s', '127.0.0.1', '--expect', 'latency < soon'], /^dhcpulse: --expect 'latency < soon': "soon" is not a latency such as 50ms$/],
	// The waits, doubling after each transmission, are bounded.
	[
		['discover', '-s', '127.0.0.1', '--tries', '1000', '--timeout', '0.1'],
		/^dhcpulse: --tries 1000 --timeout 0.1: the waits \(doubling after each transmission\) add up to 1\.07e\+300 s, over the 300 s a probe may wait$/,
	],
	[['discover', '-s', '127.0.0.1', '--tries', '7', '--timeout', '4'], /^dhcpulse: --tries 7 --timeout 4: the waits .* add up to 508 s, over the 300 s/],
	// Contradictions and flags that do not apply.
	[['discover', '-s', '127.0.0.1', '-w', '5', '-c', '1'], /^dhcpulse: --warning 5 is above --critical 1: /],
	[['discover', '-s', '127.0.0.1', '--allow-server', 'not-a-server'], /^dhcpulse: --allow-server not-a-server: not an IPv4 address/],
	[['discover', '-6', '-s', '::1', '--allow-server', 'not-a-server'], /^dhcpulse: --allow-server not-a-server: not an IPv6 address \(host names are not resolved\), nor a DUID in hex$/],
	[['discover', '-s', '127.0.0.1', '--allow-server', ''], /^dhcpulse: --allow-server: name at least one server$/],
	[['lease', '-s', '127.0.0.1', '--confirm'], /^dhcpulse: --confirm is a DHCPv6 flag \(CONFIRM, RFC 8415 §18.2.3\)$/],
	[['lease', '-s', '127.0.0.1', '--ia-pd'], /^dhcpulse: --ia-pd is a DHCPv6 flag/],
	[['discover', '-s', '127.0.0.1', '--duid', '00:03:00:01:02:00:00:00:00:01'], /^dhcpulse: --duid is a DHCPv6 flag/],
	[['ping', '-6', '-c', '1.2.3.4', '-s', '::1'], /^dhcpulse: -c is a DHCPv4 flag/],
	[['lease', '-s', '127.0.0.1', '--wait'], /^dhcpulse: --wait applies to discover only/],
	// listen sends nothing, but a duration past what a timer holds used to end it at once.
	[['listen', '-i', 'lo', '--duration', '1e10'], /^dhcpulse: --duration 10000000000: at most 2147483 s \(about 24 days\); 0 listens until interrupted$/],
];

for (const [args, pattern] of CASES) {
	test(`${args.join(' ')} is refused in one line before anything is sent`, async (t) => {
		const r = await runCli(args, { prefix: NO_NETWORK, timeoutMs: 30_000 });
		t.is(r.code, 3, r.stderr);
		t.is(r.stdout, '');
		t.is(r.stderr.split('\n').length, 2, r.stderr);
		t.regex(r.stderr.trimEnd(), pattern);
	});
}

test('--help states the bound on the waits and that host names are not resolved', async (t) => {
	const r = await runCli(['discover', '--help'], { prefix: NO_NETWORK });
	t.is(r.code, 0);
	t.regex(r.stdout.replace(/\s+/g, ' '), /all the waits together at most 300 s/);
	t.regex(r.stdout.replace(/\s+/g, ' '), /host names are not resolved/);
});
