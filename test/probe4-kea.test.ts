/**
 * DHCPv4 probes against a real Kea server in a throw-away lab: discover, ping, lease and their
 * outputs, verdicts and exit codes. Serial: several tests compare Kea's own counters before and after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { keaCommand } from '../src/lab/index.js';
import { runCli } from './helpers/cli.js';
import { captureInLab, labExecArgs, useLab } from './helpers/lab.js';

const lab = useLab(test, { server: 'kea4' });
const inLab = (args: string[], timeoutMs = 120_000) => runCli(args, { prefix: labExecArgs(lab()), timeoutMs });
const asNobody = (args: string[]) => runCli(args, { prefix: [...labExecArgs(lab()), 'setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] });
const relay = () => ['--server', lab().relayServerAddr4, '--giaddr', lab().relayAddr4];

async function stat(name: string): Promise<number> {
	const r = await keaCommand(lab(), 'statistic-get', { name });
	const samples = (r.arguments as Record<string, [number, string][]>)[name];
	return samples?.[0]?.[0] ?? 0;
}

/**
 * Kea's statistic once it reads `expected`. A RELEASE or DECLINE gets no answer, so the probe may
 * end before Kea has handled it: wait for that event (60 s is a bound against a hang, not a
 * budget) and return the last value read.
 */
async function statReaching(name: string, expected: number): Promise<number> {
	const bound = Date.now() + 60_000;
	for (;;) {
		const value = await stat(name);
		if (value === expected || Date.now() > bound) return value;
		await new Promise((r) => setTimeout(r, 50));
	}
}

test.serial('discover on-link: a real DISCOVER from 0.0.0.0:68, the OFFER printed dhcptest-style, exit 0', async (t) => {
	const r = await inLab(['discover', '-i', lab().clientIface, '--mac', lab().reservation.hwAddress]);
	t.is(r.code, 0, r.stderr);
	t.regex(r.stdout, /^DHCPDISCOVER → 255\.255\.255\.255:67 via on-link dpl-cli0/m);
	t.regex(r.stdout, /^DHCPOFFER ← 198\.18\.0\.1:67 in [\d.]+ (µs|ms)$/m);
	// The host reservation of the lab proves Kea really saw our chaddr.
	t.regex(r.stdout, /yiaddr=198\.18\.0\.10 /);
	t.regex(r.stdout, /^ +51 \(IP Address Lease Time\): 4000 \(1 hour, 6 minutes and 40 seconds\)$/m);
	t.regex(r.stdout, /^ +6 \(Domain Name Server Option\): 198\.18\.0\.53, 198\.18\.0\.54$/m);
	t.regex(r.stderr, /^OK: offer 198\.18\.0\.10 from 198\.18\.0\.1 in /m);
});

test.serial('discover relayed: giaddr selects the relayed subnet, and the answer comes back to giaddr:67', async (t) => {
	const r = await inLab(['discover', ...relay(), '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	t.is(doc.verdict, 'OK');
	t.is(doc.exitCode, 0);
	t.is(doc.request.packet.giaddr, '198.19.0.2');
	t.is(doc.request.packet.hops, 1);
	t.is(doc.replies.length, 1);
	t.is(doc.replies[0].from, '198.19.0.1:67');
	t.regex(doc.replies[0].packet.yiaddr, /^198\.19\./);
	t.is(doc.replies[0].packet.messageType, 'offer');
	t.true(doc.replies[0].latencyUs > 0);
	t.regex(r.stderr, /^OK: offer 198\.19\.\d+\.\d+ from 198\.19\.0\.1/m);
});

test.serial('--option 119 in plain and dhcptest form: Kea parses the DISCOVER (each name ends with its root label) and offers', async (t) => {
	const failedBefore = await stat('pkt4-parse-failed');
	for (const value of ['119=example.com, foo.bar', '119=["example.com","corp.example.com"]']) {
		const r = await inLab(['discover', ...relay(), '--option', value, '--json']);
		t.is(r.code, 0, `${value}: ${r.stderr}`);
		const doc = JSON.parse(r.stdout);
		t.is(doc.replies[0]?.packet.messageType, 'offer', value);
	}
	t.is(await stat('pkt4-parse-failed'), failedBefore);
});

test.serial('-i with -s: the DISCOVER leaves through the interface named, never through the route to the server', async (t) => {
	const mac = '02:00:00:00:19:02';
	const captures = [lab().clientIface, lab().relayIface].map((iface) => captureInLab(lab(), iface, 'udp port 67'));
	await Promise.all(captures.map((c) => c.ready));
	// The relay address lives on dpl-cli1, the route to the server too; the user named dpl-cli0.
	const r = await inLab(['discover', '-i', lab().clientIface, ...relay(), '--mac', mac, '--tries', '1', '--timeout', '1']);
	const [named, routed] = await Promise.all(captures.map((c) => c.stop()));
	t.regex(r.stdout, /^DHCPDISCOVER → 198\.19\.0\.1:67 via relay 198\.19\.0\.2 on dpl-cli0$/m, r.stderr);
	t.true(
		named!.some((l) => l.includes(`Request from ${mac}`)),
		named!.join('\n'),
	);
	t.false(
		routed!.some((l) => l.includes(`Request from ${mac}`)),
		routed!.join('\n'),
	);
	// dhcping's form too: ping --iface with -s.
	const again = [lab().clientIface, lab().relayIface].map((iface) => captureInLab(lab(), iface, 'udp port 67'));
	await Promise.all(again.map((c) => c.ready));
	const ping = await inLab(['ping', '--iface', lab().clientIface, '-s', lab().relayServerAddr4, '-c', lab().relayAddrs4[1]!, '-h', mac, '--tries', '1', '--timeout', '1']);
	const [pingNamed, pingRouted] = await Promise.all(again.map((c) => c.stop()));
	t.regex(ping.stdout, /^DHCPREQUEST → 198\.19\.0\.1:67 via unicast from 0\.0\.0\.0:68 on dpl-cli0$/m, ping.stderr);
	t.true(
		pingNamed!.some((l) => l.includes(`Request from ${mac}`)),
		pingNamed!.join('\n'),
	);
	t.false(
		pingRouted!.some((l) => l.includes(`Request from ${mac}`)),
		pingRouted!.join('\n'),
	);
});

test.serial('--nagios prints one plugin line with latency perfdata and honours -w/-c', async (t) => {
	const ok = await inLab(['discover', ...relay(), '--nagios', '-w', '5', '-c', '10']);
	t.is(ok.code, 0);
	t.regex(ok.stdout, /^DHCP OK - offer 198\.19\.\d+\.\d+ from 198\.19\.0\.1 in [\d.]+ (µs|ms) \| time=\d+\.\d{6}s;5;10;0 answers=1;;;0\n$/);
	const warn = await inLab(['discover', ...relay(), '--nagios', '-w', '0.000001']);
	t.is(warn.code, 1);
	t.regex(warn.stdout, /^DHCP WARNING - DHCPOFFER took .* over -w 0\.000001 s/);
	const crit = await inLab(['discover', ...relay(), '--nagios', '-w', '0.000001', '-c', '0.000002']);
	t.is(crit.code, 2);
	t.regex(crit.stdout, /^DHCP CRITICAL - DHCPOFFER took .* over -c 0\.000002 s/);
});

test.serial('--print-only prints just the value, newline-terminated; a name with spaces works; absent is WARNING', async (t) => {
	const r = await inLab(['discover', ...relay(), '--print-only', 'Domain Name Server Option']);
	t.is(r.code, 0);
	t.is(r.stdout, '198.18.0.53, 198.18.0.54\n');
	const absent = await inLab(['discover', ...relay(), '--print-only', '66']);
	t.is(absent.code, 1);
	t.is(absent.stdout, '');
	t.regex(absent.stderr, /^WARNING: option 66 absent from the DHCPOFFER from 198\.19\.0\.1$/m);
});

test.serial('--expect passes when the reply is as expected and lists every failure otherwise', async (t) => {
	const ok = await inLab(['discover', ...relay(), '--expect', 'yiaddr in 198.19.0.0/16', '--expect', 'option 3 = 198.19.0.1', '--expect', 'option 51 >= 3600', '--expect', 'server = 198.19.0.1']);
	t.is(ok.code, 0, ok.stderr);
	const bad = await inLab(['discover', ...relay(), '--expect', 'yiaddr in 198.18.0.0/16', '--expect', 'option routers = 198.19.0.254', '--expect', 'option 51 >= 1d']);
	t.is(bad.code, 2);
	t.regex(bad.stderr, /expected yiaddr in 198\.18\.0\.0\/16, got 198\.19\./);
	t.regex(bad.stderr, /expected option routers = 198\.19\.0\.254, got 198\.19\.0\.1/);
	t.regex(bad.stderr, /expected option 51 >= 1d, got 4000 /);
});

test.serial('lease: DORA, then a RELEASE with the server identifier that Kea really honours', async (t) => {
	const before = await stat('subnet[2].assigned-addresses');
	const released = await inLab(['lease', ...relay(), '--mac', '02:10:00:00:00:01', '--json']);
	t.is(released.code, 0, released.stderr);
	const doc = JSON.parse(released.stdout);
	t.deepEqual(
		doc.steps.map((s: { name: string }) => s.name),
		['discover', 'request', 'release'],
	);
	const release = doc.steps[2].request;
	t.is(release.messageType, 'release');
	t.true(
		release.options.some((o: { code: number; value: string }) => o.code === 54 && o.value === '198.19.0.1'),
		'RELEASE carries option 54',
	);
	t.is(await statReaching('subnet[2].assigned-addresses', before), before, 'the released lease is gone from Kea');
	const kept = await inLab(['lease', ...relay(), '--mac', '02:10:00:00:00:02', '--keep', '-q']);
	t.is(kept.code, 0);
	t.regex(kept.stderr, /^OK: lease 198\.19\.\d+\.\d+ from 198\.19\.0\.1 \(discover \+ request in .*\), kept$/m);
	t.is(await stat('subnet[2].assigned-addresses'), before + 1, 'the kept lease stays with Kea');
});

test.serial('lease --nagios: one figure, the whole exchange, in the text, the perfdata and -w, with each step beside it', async (t) => {
	const ok = await inLab(['lease', ...relay(), '--nagios']);
	t.is(ok.code, 0, ok.stdout + ok.stderr);
	const m = /^DHCP OK - lease 198\.19\.[\d.]+ from 198\.19\.0\.1 \(discover \+ request in ([\d.]+) (ms|µs)\), released \| time=([\d.]+)s;;;0 discover=([\d.]+)s;;;0 request=([\d.]+)s;;;0\n$/.exec(ok.stdout);
	t.truthy(m, ok.stdout);
	const textS = Number(m![1]) / (m![2] === 'ms' ? 1e3 : 1e6);
	const [time, discover, request] = [m![3], m![4], m![5]].map(Number) as [number, number, number];
	// Printed to the µs: the same figure, and the steps add up to it.
	t.true(Math.abs(textS - time) <= 1.5e-6, `text ${textS} s, perfdata ${time} s`);
	t.true(Math.abs(discover + request - time) <= 2.5e-6, `${discover} + ${request} vs ${time}`);
	const warn = await inLab(['lease', ...relay(), '--nagios', '-w', '0.000001']);
	t.is(warn.code, 1);
	const w = /^DHCP WARNING - lease \(discover \+ request\) took ([\d.]+) (ms|µs), over -w 0\.000001 s \| time=([\d.]+)s;0\.000001;;0 /.exec(warn.stdout);
	t.truthy(w, warn.stdout);
	t.true(Math.abs(Number(w![1]) / (w![2] === 'ms' ? 1e3 : 1e6) - Number(w![3])) <= 1.5e-6);
});

test.serial('lease on-link: the RELEASE is unicast from the leased address to the server (RFC 2131 §4.4.4) and Kea frees the lease; DECLINE has flags 0', async (t) => {
	const capture = captureInLab(lab(), lab().clientIface, 'udp port 67', ['-v']);
	await capture.ready;
	const before = await stat('subnet[1].assigned-addresses');
	const r = await inLab(['lease', '-i', lab().clientIface, '--mac', '02:10:00:00:00:05', '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	const leased = doc.replies.at(-1).packet.yiaddr as string;
	t.is(doc.steps[2].name, 'release');
	t.is(doc.steps[2].to, `${lab().serverAddr4}:67`);
	t.is(await statReaching('subnet[1].assigned-addresses', before), before, 'Kea freed the lease the unicast RELEASE names');
	const decline = await inLab(['lease', '-i', lab().clientIface, '--mac', '02:10:00:00:00:06', '--decline', '--json']);
	t.is(decline.code, 0, decline.stderr);
	t.is(JSON.parse(decline.stdout).steps.find((s: { name: string }) => s.name === 'decline').request.flags, 0);
	// tcpdump -v: the IP line, then the BOOTP line; the message type follows in the option lines.
	const lines = await capture.stop();
	const release = lines.findIndex((l) => /DHCP-Message \(53\), length 1: Release/.test(l));
	t.true(release > 0, lines.join('\n'));
	const header = lines
		.slice(0, release)
		.reverse()
		.find((l) => /BOOTP\/DHCP, Request/.test(l))!;
	t.regex(header, new RegExp(`^\\s*${leased.replace(/\./g, '\\.')}\\.68 > ${lab().serverAddr4.replace(/\./g, '\\.')}\\.67: .*Flags \\[none\\]`));
});

test.serial('lease --renew and --decline run their extra steps', async (t) => {
	const renew = await inLab(['lease', ...relay(), '--mac', '02:10:00:00:00:03', '--renew', '--json']);
	t.is(renew.code, 0, renew.stderr);
	t.deepEqual(
		JSON.parse(renew.stdout).steps.map((s: { name: string }) => s.name),
		['discover', 'request', 'renew', 'release'],
	);
	const declines = await stat('declined-addresses');
	const decline = await inLab(['lease', ...relay(), '--mac', '02:10:00:00:00:04', '--decline', '-q']);
	t.is(decline.code, 0);
	t.regex(decline.stderr, /declined$/m);
	t.is(await statReaching('declined-addresses', declines + 1), declines + 1, 'Kea recorded the DECLINE');
});

test.serial('ping (dhcping): REQUEST for a held lease is ACKed and released; INFORM is ACKed', async (t) => {
	const held = JSON.parse((await inLab(['lease', ...relay(), '--mac', '02:20:00:00:00:01', '--keep', '--json'])).stdout);
	const address = held.replies[0].address;
	const releases = await stat('pkt4-release-received');
	const ping = await inLab(['ping', '-s', lab().relayServerAddr4, '-g', lab().relayAddr4, '-h', '02:20:00:00:00:01', '-c', address]);
	t.is(ping.code, 0, ping.stderr);
	t.regex(ping.stdout, /^DHCPACK ← 198\.19\.0\.1:67/m);
	t.regex(ping.stdout, /^DHCPRELEASE → 198\.19\.0\.1:67/m);
	t.regex(ping.stderr, new RegExp(`^OK: ack ${address.replace(/\./g, '\\.')} from 198\\.19\\.0\\.1 in .*, released$`, 'm'));
	t.is(await statReaching('pkt4-release-received', releases + 1), releases + 1);
	// INFORM from the relay agent's own address, unicast to the server, answered at ciaddr:68.
	const inform = await inLab(['ping', '-i', '-s', lab().relayServerAddr4, '-c', lab().relayAddr4, '--nagios']);
	t.is(inform.code, 0, inform.stderr);
	t.regex(inform.stdout, /^DHCP OK - ack from 198\.19\.0\.1 in /);
});

test.serial('ping -i relayed: Kea answers the INFORM at ciaddr:68 (RFC 2131 §4.3.5), and the probe hears it there', async (t) => {
	// The client claims an address this host holds, so the answer to it can reach the probe.
	const ciaddr = lab().relayAddrs4[1]!;
	const r = await inLab(['ping', '-i', '-s', lab().relayServerAddr4, '-g', lab().relayAddr4, '-c', ciaddr]);
	t.is(r.code, 0, r.stdout + r.stderr);
	t.regex(r.stdout, new RegExp(`^DHCPINFORM → 198\\.19\\.0\\.1:67 via relay 198\\.19\\.0\\.2, answers at 198\\.19\\.0\\.2:67 and ${ciaddr.replace(/\./g, '\\.')}:68$`, 'm'));
	t.regex(r.stdout, /^DHCPACK ← 198\.19\.0\.1:67 in /m);
	t.regex(r.stderr, /^OK: ack from 198\.19\.0\.1 in /m);
	// An address this host does not hold: the answer goes there, and the probe says it cannot see it.
	const away = await inLab(['ping', '-i', '-s', lab().relayServerAddr4, '-g', lab().relayAddr4, '-c', '198.19.0.250', '--tries', '1', '--timeout', '0.5']);
	t.regex(away.stdout, /via relay 198\.19\.0\.2 \(answers to ciaddr 198\.19\.0\.250:68 not seen here\)$/m);
	t.regex(away.stderr, /^warning: .*198\.19\.0\.250 is not an address of this host: only answers at 198\.19\.0\.2:67 are seen$/m);
});

test.serial('ping -i unicast: Kea answers ciaddr:68, so a ciaddr of this host hears it and any other is said to be unseen', async (t) => {
	// RFC 2131 §4.3.5 / Kea: the ACK to an INFORM goes to ciaddr, port 68, wherever the INFORM came from.
	const here = await inLab(['ping', '-i', '-s', lab().relayServerAddr4, '-c', lab().relayAddrs4[1]!]);
	t.is(here.code, 0, here.stdout + here.stderr);
	t.regex(here.stdout, /^DHCPINFORM → 198\.19\.0\.1:67 via unicast from 0\.0\.0\.0:68$/m);
	t.regex(here.stdout, /^DHCPACK ← 198\.19\.0\.1:67 in /m);
	const away = await inLab(['ping', '-i', '-s', lab().relayServerAddr4, '-c', '198.19.0.250', '--tries', '1', '--timeout', '0.5']);
	t.is(away.code, 2);
	t.regex(away.stdout, /via unicast from 0\.0\.0\.0:68 \(answers to ciaddr 198\.19\.0\.250:68 not seen here\)$/m);
	t.regex(away.stderr, /^warning: the server answers ciaddr 198\.19\.0\.250:68 \(RFC 2131 §4\.1, §4\.3\.5\), and 198\.19\.0\.250 is not an address of this host: its answer cannot be seen here$/m);
});

test.serial('ping: a NAK is CRITICAL (dhcping calls it success)', async (t) => {
	const held = JSON.parse((await inLab(['lease', ...relay(), '--mac', '02:30:00:00:00:01', '--keep', '--json'])).stdout);
	const naks = await stat('pkt4-nak-sent');
	const r = await inLab(['ping', '-s', lab().relayServerAddr4, '-g', lab().relayAddr4, '-h', '02:30:00:00:00:99', '-c', held.replies[0].address, '--json']);
	t.is(r.code, 2);
	const doc = JSON.parse(r.stdout);
	t.is(doc.verdict, 'CRITICAL');
	t.is(doc.replies[0].type, 'DHCPNAK');
	t.regex(doc.reason, /^NAK from 198\.19\.0\.1/);
	t.is(doc.steps.length, 1, 'no RELEASE after a NAK');
	t.is(await stat('pkt4-nak-sent'), naks + 1);
});

test.serial('no answer is CRITICAL and says what was sent where and for how long', async (t) => {
	const r = await inLab(['discover', '--server', '198.19.0.250', '--giaddr', lab().relayAddr4, '--tries', '2', '--timeout', '0.2']);
	t.is(r.code, 2);
	t.regex(r.stderr, /^CRITICAL: no answer to DHCPDISCOVER sent to 198\.19\.0\.250:67 after 2 tries \(0\.6 s\)$/m);
	t.regex(r.stdout, /^ {2}no answer$/m);
});

test.serial('bad input is a one-line error with exit 3 and no stack trace', async (t) => {
	const cases: [string[], RegExp][] = [
		[['discover', '-i', lab().clientIface, '--mac', 'zz:zz'], /^dhcpulse: --mac zz:zz: /],
		[['discover', ...relay(), '--option', 'routers=10.0.0.300'], /^dhcpulse: --option 'routers=10\.0\.0\.300': expected an IPv4 address/],
		[['discover', ...relay(), '--option', 'no such option=1'], /^dhcpulse: --option 'no such option=1': unknown option/],
		[['discover', ...relay(), '--print-only', 'nonsense'], /^dhcpulse: --print-only nonsense: unknown option/],
		[['discover', ...relay(), '--expect', 'yiaddr ~ 1'], /^dhcpulse: --expect 'yiaddr ~ 1': expected an operator/],
		[['discover', '--giaddr', '198.19.0.2'], /^dhcpulse: --giaddr 198\.19\.0\.2: relay emulation needs --server/],
		[['discover'], /^dhcpulse: say where to probe: /],
		[['discover', '-i', 'nosuchif0'], /^dhcpulse: --iface nosuchif0: no such interface$/],
		[['discover', ...relay(), '--tries', '0'], /^dhcpulse: --tries 0: expected a positive number$/],
		[['discover', '--server', '198.51.100.1', '--giaddr', '198.51.100.2'], /^dhcpulse: binding UDP 198\.51\.100\.2:67: that address is not configured/],
		[['ping', '-c', '198.19.0.2'], /^dhcpulse: ping needs the server to ask: -s ADDR$/],
		[['lease', '-i', lab().clientIface, '--renew'], /^dhcpulse: --renew\/--rebind need the relay path/],
		[['ping', '-i', '-r', '-s', '198.19.0.1', '-c', '198.19.0.2'], /^dhcpulse: -r and -i exclude each other/],
		[['discover', '-4', '-6', ...relay()], /^dhcpulse: -4 and -6 exclude each other$/],
		[['discover', ...relay(), '--json', '--nagios'], /^dhcpulse: --json and --nagios exclude each other$/],
	];
	for (const [args, message] of cases) {
		const r = await inLab(args);
		t.is(r.code, 3, args.join(' '));
		t.regex(r.stderr.trim(), message, args.join(' '));
		t.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
	}
});

test.serial('a send the kernel refuses (no route, broadcast without the on-link path) is one line naming it, exit 3, never "internal error"', async (t) => {
	// The lab's client namespace has no route to 10.9.9.9: nothing leaves.
	const unreachable = await inLab(['discover', '-s', '10.9.9.9', '--tries', '1', '--timeout', '1']);
	t.is(unreachable.code, 3);
	t.is(
		unreachable.stderr
			.split('\n')
			.filter((l) => !l.includes('PROBE_TIMEOUT_SHORT'))
			.join('\n'),
		'dhcpulse: sending to 10.9.9.9:67: no route to that address from here (check the address, and the relay address or interface it is sent from) (ENETUNREACH)\n',
	);
	const broadcast = await inLab(['discover', '-s', '255.255.255.255', ...relay().slice(2), '--tries', '1', '--timeout', '1']);
	t.is(broadcast.code, 3);
	t.regex(broadcast.stderr, /^dhcpulse: sending to 255\.255\.255\.255:67: not permitted: a broadcast address needs the on-link path \(--iface\).* \(EACCES\)$/m);
	t.notRegex(unreachable.stderr + broadcast.stderr, /internal error/);
});

test.serial('debug level 55 on dhcpulse.packets logs every packet in full, 50 does not; dhcpulse.transport logs its sockets', async (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-probe4-log-'));
	t.teardown(() => rmSync(dir, { recursive: true, force: true }));
	const config = (level: number): string => {
		const file = join(dir, `log-${level}.json`);
		writeFileSync(
			file,
			JSON.stringify({
				loggers: [
					{ name: 'dhcpulse.packets', severity: 'DEBUG', debuglevel: level },
					{ name: 'dhcpulse.transport', severity: 'DEBUG', debuglevel: 40 },
				],
			}),
		);
		return file;
	};
	const full = await inLab(['discover', ...relay(), '--mac', '02:10:00:00:00:55', '-q', '--log-config', config(55)]);
	t.is(full.code, 0, full.stderr);
	const sent = /PACKET_CONTENTS_SENT sent to 198\.19\.0\.1:67 \(\d+ bytes\): (\{.*\})$/m.exec(full.stderr);
	const received = /PACKET_CONTENTS_RECEIVED received from 198\.19\.0\.1:67 \(\d+ bytes\): (\{.*\})$/m.exec(full.stderr);
	t.truthy(sent, full.stderr);
	t.truthy(received, full.stderr);
	t.is(JSON.parse(sent![1]!).chaddr, '02:10:00:00:00:55');
	t.is(JSON.parse(received![1]!).messageType, 'offer');
	t.regex(full.stderr, /TRANSPORT_OPENED opened udp4 198\.19\.0\.2:67$/m);
	t.regex(full.stderr, /TRANSPORT_CLOSED closed udp4 198\.19\.0\.2:67$/m);
	const less = await inLab(['discover', ...relay(), '-q', '--log-config', config(50)]);
	t.is(less.code, 0, less.stderr);
	t.notRegex(less.stderr, /PACKET_CONTENTS/);
});

test.serial('without privileges: a one-line error names the capability and the fix', async (t) => {
	const raw = await asNobody(['discover', '-i', lab().clientIface]);
	t.is(raw.code, 3);
	t.regex(raw.stderr, /^dhcpulse: on-link probing on dpl-cli0 needs CAP_NET_RAW for a raw socket; run with sudo, or: setcap /);
	const port = await asNobody(['discover', ...relay()]);
	t.is(port.code, 3);
	t.regex(port.stderr, /^dhcpulse: binding UDP 198\.19\.0\.2:67: permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE/);
});
