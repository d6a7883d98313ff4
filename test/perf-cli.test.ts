/**
 * `dhcpulse perf` flag handling through the built CLI, with no network: bad input is exit 3 in one
 * line without a stack trace; in perf, -d is perfdhcp's drop time and --debug still works.
 */
import test from 'ava';
import { runCli } from './helpers/cli.js';

const BAD: [string[], RegExp][] = [
	[['perf', '127.0.0.1', '-r', '-5'], /^dhcpulse: -r -5: expected a positive number$/],
	[['perf', '127.0.0.1', '-d', '0'], /^dhcpulse: -d 0: expected a positive number$/],
	[['perf', '127.0.0.1', '-D', '5 percent'], /^dhcpulse: -D 5 percent: expected a number of drops \(N\) or a percentage \(N%\)$/],
	[['perf', '127.0.0.1', '-e', 'address-only'], /^dhcpulse: -e address-only: lease types \(IA_NA \/ IA_PD\) are DHCPv6 only; add -6$/],
	[['perf', '-6', '2001:db8::1', '-e', 'everything'], /^dhcpulse: -e everything: expected address-only, prefix-only or address-and-prefix$/],
	[['perf', '127.0.0.1', '-W', '500000'], /^dhcpulse: -W 500000: at most 600$/],
	[['perf', '127.0.0.1', '-o', '300,00'], /^dhcpulse: -o 300,00: option code must be 1 to 254 for DHCPv4$/],
	[['perf', '127.0.0.1', '--option', 'nosuchoption=1'], /^dhcpulse: --option 'nosuchoption=1': /],
	[['perf', '-6', '127.0.0.1'], /^dhcpulse: 127\.0\.0\.1: expected the server's IPv6 address$/],
	[['perf', '-l', 'no-such-if0'], /^dhcpulse: -l no-such-if0: no such interface$/],
	[['perf'], /^dhcpulse: say where to load: a SERVER address/],
	[['perf', '127.0.0.1', '-l', '192.0.2.99'], /^dhcpulse: -l 192\.0\.2\.99: not an address of this host/],
	[['perf', '127.0.0.1', '--scenario', 'avalanche', '-r', '500'], /^dhcpulse: -r 500: no meaning in --scenario avalanche \(every client starts at once/],
	[['perf', '127.0.0.1', '--scenario', 'storm'], /^dhcpulse: --scenario storm: expected basic or avalanche or stages or closed-loop or lifecycle$/],
	[['perf', '127.0.0.1', '-b', 'duid=0001'], /^dhcpulse: -b duid=0001: a DUID base is for DHCPv6/],
	[['perf', '-6', '2001:db8::1', '-b', 'mac=00:0c:01:02:03:04', '-b', 'mac=00:0c:01:02:03:05'], /^dhcpulse: -b mac=00:0c:01:02:03:04 -b mac=00:0c:01:02:03:05: give at most one mac=… and one duid=…$/],
	[['perf', '-6', '2001:db8::1', '-b', 'mac=00:0c:01:02:03:04', '-b', 'duid=0001'], /^dhcpulse: -b duid=0001: a base DUID needs 8 to 130 octets/],
	// perfdhcp's flags dhcpulse does another way name that way (issue #25).
	[['perf', '127.0.0.1', '-C', ';'], /^dhcpulse: -C ;: separator-delimited interim reports are --csv FILE in dhcpulse/],
	[['perf', '127.0.0.1', '-O', '6'], /^dhcpulse: -O: a template offset; it needs -T FILE \(as perfdhcp\)$/],
	[['perf', '127.0.0.1', '-T', 'test/fixtures/perfdhcp/bad.hex'], /^dhcpulse: -T test\/fixtures\/perfdhcp\/bad\.hex: "z" is not a hexadecimal digit/],
	[['perf', '127.0.0.1', '-T', 'test/fixtures/perfdhcp/request.hex'], /^dhcpulse: -T test\/fixtures\/perfdhcp\/request\.hex: expected a DHCPDISCOVER template \(option 53 = 1\), got type 3$/],
	[['perf', '127.0.0.1', '-T', 'test/fixtures/perfdhcp/discover.hex', '-X', '10'], /^dhcpulse: -X 10: the xid \(RFC 2131 §2\) is at octet 4 of the template; dhcpulse writes it there$/],
	[['perf', '127.0.0.1', '-T', 'test/fixtures/perfdhcp/discover.hex', '-T', 'test/fixtures/perfdhcp/request.hex', '-O', '35'], /^dhcpulse: -O 35: the MAC's last octet \(chaddr, RFC 2131 §2\) is at octet 33/],
	[['perf', '127.0.0.1', '-T', 'test/fixtures/perfdhcp/discover.hex', '-T', 'test/fixtures/perfdhcp/request.hex', '-S', '54'], /^dhcpulse: -S 54: option 54 is at octet 249 of the template/],
	[['perf', '127.0.0.1', '-T', 'test/fixtures/perfdhcp/discover.hex', '-I', '243'], /^dhcpulse: -I: an offset in the REQUEST template; give it with a second -T/],
	[['perf', '-6', '2001:db8::1', '-T', 'test/fixtures/perfdhcp/discover.hex'], /^dhcpulse: -T test\/fixtures\/perfdhcp\/discover\.hex: packet templates are done for DHCPv4 only yet$/],
	[['perf', '127.0.0.1', '-M', '/nonexistent/macs.txt'], /^dhcpulse: -M \/nonexistent\/macs\.txt: cannot read it \(ENOENT\)$/],
	[['perf', '127.0.0.1', '-M', 'test/fixtures/perfdhcp/macs.txt', '-b', 'mac=02:00:00:00:00:01'], /^dhcpulse: -M test\/fixtures\/perfdhcp\/macs\.txt: not with -b/],
	[['perf', '127.0.0.1', '-M', 'test/fixtures/perfdhcp/macs.txt', '-R', '4'], /^dhcpulse: -R 4: the MAC list test\/fixtures\/perfdhcp\/macs\.txt has 3$/],
	[['perf', '127.0.0.1', '-M', 'test/fixtures/perfdhcp/bad-macs.txt'], /^dhcpulse: -M test\/fixtures\/perfdhcp\/bad-macs\.txt line 3: expected a MAC such as 02:00:0c:00:00:00, got "00:0c:01:02:03"$/],
	[['perf', '127.0.0.1', '-J', '/nonexistent/relays.txt'], /^dhcpulse: -J \/nonexistent\/relays\.txt: cannot read it \(ENOENT\)$/],
	[['perf', '127.0.0.1', '-J', 'test/fixtures/perfdhcp/relays.txt'], /^dhcpulse: -J test\/fixtures\/perfdhcp\/relays\.txt line 2: 192\.0\.2\.1 is not an address of this host/],
	[['perf', '127.0.0.1', '-J', 'test/fixtures/perfdhcp/relays.txt', '-l', '127.0.0.1'], /^dhcpulse: -J test\/fixtures\/perfdhcp\/relays\.txt: not with -l/],
	[['perf', '-6', '2001:db8::1', '-J', 'test/fixtures/perfdhcp/relays.txt'], /^dhcpulse: -J test\/fixtures\/perfdhcp\/relays\.txt line 2: expected an IPv6 address, got "192\.0\.2\.1"$/],
	[['perf', '127.0.0.1', '-Y', '5'], /^dhcpulse: -Y 5: needs -y SECONDS \(for how long\)$/],
	[['perf', '127.0.0.1', '-y', '5'], /^dhcpulse: -y 5: needs -Y SECONDS \(from when\)$/],
	[['perf', '127.0.0.1', '-x', 'it'], /^dhcpulse: -x it: 't' \(per-exchange timestamps\) is in a capture: use --pcap FILE/],
	[['perf', '127.0.0.1', '-x', 'z'], /^dhcpulse: -x z: 'z' is not a selector letter/],
	// Words as perfdhcp's getopt reads them: a letter that takes a value takes the rest of its word.
	[['perf', '127.0.0.1', '-xq'], /^dhcpulse: -x q: 'q' is not a selector letter/],
	[['perf', '127.0.0.1', '-Bxiq'], /^dhcpulse: -x iq: 'q' is not a selector letter/],
	[['perf', '127.0.0.1', '-r-5'], /^dhcpulse: -r -5: expected a positive number$/],
	[['perf', '127.0.0.1', '-n100', '-n50', '-n10'], /^dhcpulse: -n 100 50 10: at most two values/],
	[['perf', '127.0.0.1', '-g', 'triple'], /^dhcpulse: -g triple: expected single or multi$/],
	[['perf', '-6', '2001:db8::1', '-B'], /^dhcpulse: -B: the broadcast flag is DHCPv4/],
	[['perf', '127.0.0.1', '-N', '70000'], /^dhcpulse: -N 70000: at most 65535$/],
	[['perf', '127.0.0.1', '-a', 'x'], /^dhcpulse: -a x: expected a positive number$/],
	[['perf', '127.0.0.1', '-n', '100', '-n', '50', '-n', '10'], /^dhcpulse: -n 100 50 10: at most two values \(one per exchange stage: DISCOVER \/ SOLICIT, then REQUEST\)$/],
	[['perf', '127.0.0.1', '-i', '-D', '5', '-D', '2'], /^dhcpulse: -D: a second value is for the REQUEST stage, and -i has none$/],
	[['perf', '127.0.0.1', '--scenario', 'avalanche', '-d', '5', '-d', '2'], /^dhcpulse: -d: per-stage values have no meaning in --scenario avalanche/],
	[['perf', '127.0.0.1', '-d', '1', '-d', '0'], /^dhcpulse: -d 0: expected a positive number$/],
];

for (const [args, message] of BAD) {
	test(`perf ${args.slice(1).join(' ')} → exit 3, one line`, async (t) => {
		const r = await runCli(args);
		t.is(r.code, 3, r.stderr);
		t.regex(r.stderr.trim(), message);
		t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
		t.is(r.stdout, '');
	});
}

test('in perf, -d is the drop time and --debug still turns debug logging on', async (t) => {
	// -d takes a number here: the run reaches its own checks (-d 0.5 is fine, -r is not).
	const dropTime = await runCli(['perf', '127.0.0.1', '-d', '0.5', '-r', '0']);
	t.is(dropTime.code, 3);
	t.regex(dropTime.stderr, /^dhcpulse: -r 0: expected a positive number$/m);
	const debug = await runCli(['perf', '--debug', '127.0.0.1', '-r', '0']);
	t.is(debug.code, 3);
	t.regex(debug.stderr, /DEBUG \[dhcpulse\.log\/\d+\.0\] LOG_CONFIGURED/);
	// Other commands keep kea-dhcp4's -d for --debug.
	const other = await runCli(['messages', 'PERF_RUN_STARTED', '-d']);
	t.is(other.code, 0, other.stderr);
	t.regex(other.stderr, /LOG_CONFIGURED/);
});

test("perf --help lists perfdhcp's flags with their long names", async (t) => {
	const r = await runCli(['perf', '--help']);
	t.is(r.code, 0);
	for (const flag of ['-r, --rate', '-R, --clients', '-n, --num-request', '-p, --period', '-D, --max-drop', '-d, --drop-time', '-W, --exit-wait', '--workers', '--json', '--hdr-log', '--pcap', '--max-p99']) {
		t.true(r.stdout.includes(flag), flag);
	}
});

/** Every option letter in perfdhcp 2.2's synopsis (`perfdhcp -h`, Kea 2.2), with a value where it takes one. */
const PERFDHCP_22: string[][] = [
	['-1'],
	['-4'],
	['-A', '1'],
	['-b', 'mac=00:0c:01:02:03:04'],
	['-B'],
	['-c'],
	['-C', ','],
	['-d', '2'],
	['-D', '5%'],
	['-e', 'address-only'],
	['-E', '8'],
	['-S', '249'],
	['-f', '10'],
	['-F', '10'],
	['-g', 'single'],
	['-i'],
	['-I', '240'],
	['-J', 'relays.txt'],
	['-l', 'lo'],
	['-L', '1067'],
	['-M', 'test/fixtures/perfdhcp/macs.txt'],
	['-n', '10'],
	['-N', '1067'],
	['-O', '6'],
	['-o', '60,6162'],
	['-p', '5'],
	['-P', '10'],
	['-r', '10'],
	['-R', '100'],
	['-s', '7'],
	['--scenario', 'basic'],
	['-t', '1'],
	['-T', 'test/fixtures/perfdhcp/discover.hex'],
	['-u'],
	['-W', '1'],
	['-w', '/bin/true'],
	['-x', 'aeil'],
	['-X', '4'],
	['-Y', '5'],
	['-y', '5'],
];

test("every flag of perfdhcp 2.2 is known to dhcpulse perf: the same meaning, or one line naming the dhcpulse way, never 'Unknown argument'", async (t) => {
	// -r 0 stops every run that gets past its flags before anything is opened: nothing is sent.
	for (const flag of PERFDHCP_22) {
		const r = await runCli(['perf', '127.0.0.1', ...flag, '-r', '0']);
		t.is(r.code, 3, `${flag.join(' ')}: ${r.stderr}`);
		t.notRegex(r.stderr, /Unknown argument|Unknown arguments/, flag.join(' '));
		t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
		t.is(r.stdout, '');
	}
});

test('perf -v prints the version and exits 0, as perfdhcp -v', async (t) => {
	const r = await runCli(['perf', '-v']);
	t.is(r.code, 0, r.stderr);
	t.regex(r.stdout, /^dhcpulse \d+\.\d+\.\d+\n/);
});
