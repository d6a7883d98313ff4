import { BlockList } from 'node:net';
import test from 'ava';
import { keaCommand } from '../src/lab/index.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { execInLab, labExecArgs, useLab } from './helpers/lab.js';

/**
 * DHCPv6 probes against a real Kea 2.2 in a namespace lab: SOLICIT on-link (link-local →
 * ff02::1:2) and relayed (RELAY-FORW from the relay address), SARR with IA_NA and IA_PD whose
 * release Kea's own statistics confirm, INFORMATION-REQUEST, the output modes, --expect, a real
 * failure status, and every exit code.
 */

const lab = useLab(test, { server: 'kea6' });

const ONLINK = (): string[] => ['-6', '--iface', lab().clientIface];
const RELAYED = (): string[] => ['-6', '--server', lab().relayServerAddr6, '--relay', lab().relayAddr6];

function cli(args: string[]): Promise<CliResult> {
	return runCli(args, { prefix: labExecArgs(lab()), timeoutMs: 120_000 });
}

function inPrefix(address: string, cidr: string): boolean {
	const [network, length] = cidr.split('/');
	const list = new BlockList();
	list.addSubnet(network!, Number(length), 'ipv6');
	return list.check(address.replace(/\/\d+$/, ''), 'ipv6');
}

/** The lab's pools are written `first/len` (pool6) — a CIDR. */
function pool(cidr: string | null): string {
	if (!cidr) throw new Error('the lab has no such pool');
	return cidr;
}

/** Kea's statistics by name; Kea creates a counter on its first use, so a missing one reads 0. */
async function stats(): Promise<Record<string, number>> {
	const r = await keaCommand(lab(), 'statistic-get-all');
	const out: Record<string, number> = {};
	for (const [name, samples] of Object.entries(r.arguments ?? {})) out[name] = Number((samples as [number, string][])[0]![0]);
	return new Proxy(out, { get: (o, name: string) => o[name] ?? 0 });
}

interface JsonReply {
	from: string;
	server: string;
	latencyUs: number;
	type: string;
	positive: boolean;
	failure?: string;
	address?: string;
	prefix?: string;
	packet: { msgType: string; options: { name: string | null; value: unknown }[] };
}

interface JsonDoc {
	verdict: string;
	exitCode: number;
	reason: string;
	request: { to: string; type: string; packet: unknown };
	replies: JsonReply[];
	steps: { name: string; type: string; replies: JsonReply[] }[];
}

function json(r: CliResult): JsonDoc {
	return JSON.parse(r.stdout) as JsonDoc;
}

function oneLine(t: { true(v: boolean, m?: string): void }, stderr: string): void {
	const lines = stderr.trim().split('\n');
	t.true(lines.length === 1, `one line on stderr, got: ${stderr}`);
	t.true(!/\n\s+at /.test(stderr), 'no stack trace');
}

// Every test is serial: a DHCPv6 client owns [link-local]:546 and a relay agent [relay]:547, so two
// probes on the same interface cannot run at once (the second bind is EADDRINUSE, as for any
// two DHCPv6 clients on one host), and Kea's counters then move only for the test reading them.

test.serial('lease -6 --ia-na --ia-pd takes an address from the pool and a /56 from the PD pool, then releases both (Kea’s statistics go back down)', async (t) => {
	const before = await stats();
	const r = await cli(['lease', ...ONLINK(), '--ia-na', '--ia-pd', '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = json(r);
	t.is(doc.verdict, 'OK');
	t.deepEqual(
		doc.steps.map((s) => s.name),
		['solicit', 'request', 'release'],
	);
	t.deepEqual(
		doc.steps.map((s) => s.replies[0]?.type),
		['ADVERTISE', 'REPLY', 'REPLY'],
	);
	const reply = doc.replies[0]!;
	t.true(inPrefix(reply.address!, pool(lab().pool6)), `${reply.address} in ${lab().pool6}`);
	t.regex(reply.prefix!, /\/56$/);
	t.true(inPrefix(reply.prefix!, pool(lab().pdPool6)), `${reply.prefix} in ${lab().pdPool6}`);
	t.regex(doc.reason, new RegExp(`^lease ${reply.address!.replace(/\./g, '\\.')} and prefix ${reply.prefix} from type=LLT, .* \\(solicit \\+ request in [\\d.]+ [µm]?s\\), released$`));
	const after = await stats();
	t.is(after['subnet[1].cumulative-assigned-nas']! - before['subnet[1].cumulative-assigned-nas']!, 1, 'one address was assigned');
	t.is(after['subnet[1].cumulative-assigned-pds']! - before['subnet[1].cumulative-assigned-pds']!, 1, 'one prefix was delegated');
	t.is(after['subnet[1].assigned-nas'], before['subnet[1].assigned-nas'], 'the address was released');
	t.is(after['subnet[1].assigned-pds'], before['subnet[1].assigned-pds'], 'the prefix was released');
	t.is(after['pkt6-release-received']! - before['pkt6-release-received']!, 1);
});

test.serial('lease -6 --keep keeps the lease: Kea still counts it assigned', async (t) => {
	const before = await stats();
	const r = await cli(['lease', ...ONLINK(), '--keep']);
	t.is(r.code, 0, r.stderr);
	t.regex(r.stderr, /^OK: lease 2001:db8:1::1:[0-9a-f]+ from .*\(solicit \+ request in .*\), kept\n$/);
	const after = await stats();
	t.is(after['subnet[1].assigned-nas']! - before['subnet[1].assigned-nas']!, 1);
	t.is(after['pkt6-release-received'], before['pkt6-release-received']);
});

test.serial('lease -6 relayed with --renew --rebind --confirm --decline: every step answered, Kea counts the declined address', async (t) => {
	const before = await stats();
	const r = await cli(['lease', ...RELAYED(), '--renew', '--rebind', '--confirm', '--decline', '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = json(r);
	t.deepEqual(
		doc.steps.map((s) => [s.name, s.type, s.replies[0]?.type]),
		[
			['solicit', 'SOLICIT', 'ADVERTISE'],
			['request', 'REQUEST', 'REPLY'],
			['renew', 'RENEW', 'REPLY'],
			['rebind', 'REBIND', 'REPLY'],
			['confirm', 'CONFIRM', 'REPLY'],
			['decline', 'DECLINE', 'REPLY'],
		],
	);
	// Relayed replies come back wrapped (RFC 8415 §19.2).
	t.true(doc.steps.every((s) => s.replies[0]!.packet.msgType === 'RELAY-REPL'));
	t.true(inPrefix(doc.replies[0]!.address!, pool(lab().relayPool6)));
	t.regex(doc.reason, /\(solicit \+ request \+ renew \+ rebind \+ confirm in .*\), declined$/);
	const after = await stats();
	t.is(after['subnet[2].declined-addresses']! - before['subnet[2].declined-addresses']!, 1);
	t.is(after['pkt6-confirm-received']! - before['pkt6-confirm-received']!, 1);
});

test.serial('discover -6 on-link: SOLICIT from the link-local address to ff02::1:2, ADVERTISE with an address of the on-link pool', async (t) => {
	const r = await cli(['discover', ...ONLINK()]);
	t.is(r.code, 0, r.stderr);
	t.regex(r.stdout, /^SOLICIT → \[ff02::1:2%dpl-cli0\]:547 via on-link dpl-cli0\n/);
	t.regex(r.stdout, /^ADVERTISE ← \[fe80::[0-9a-f:]+%dpl-cli0\]:547 in /m);
	t.regex(r.stdout, /\(serverid\): type=LLT/);
	const m = /^OK: advertise (\S+) from type=LLT, .* in [\d.]+ [µm]?s\n$/.exec(r.stderr);
	t.truthy(m, r.stderr);
	t.true(inPrefix(m![1]!, pool(lab().pool6)));
});

test.serial('discover -6 relayed: RELAY-FORW from the relay address, RELAY-REPL with an ADVERTISE from the relayed pool', async (t) => {
	const r = await cli(['discover', ...RELAYED(), '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = json(r);
	t.is((doc.request.packet as { msgType: string; linkAddress: string }).msgType, 'RELAY-FORW');
	t.is((doc.request.packet as { linkAddress: string }).linkAddress, lab().relayAddr6);
	t.is(doc.request.type, 'SOLICIT');
	t.is(doc.replies.length, 1);
	t.is(doc.replies[0]!.type, 'ADVERTISE');
	t.is(doc.replies[0]!.from, `[${lab().relayServerAddr6}]:547`);
	t.true(inPrefix(doc.replies[0]!.address!, pool(lab().relayPool6)));
});

test.serial('ping -6 --iface: INFORMATION-REQUEST → REPLY carrying the lab’s DNS servers', async (t) => {
	const r = await cli(['ping', '-6', '--iface', lab().clientIface]);
	t.is(r.code, 0, r.stderr);
	t.regex(r.stdout, /^INFORMATION-REQUEST → /);
	t.regex(r.stdout, /\(dns-servers\): 2001:db8:1::53, 2001:db8:1::54/);
	t.regex(r.stderr, /^OK: reply from type=LLT, .* in /);
});

test.serial('--print-only dns-servers prints just the value; an option the server does not send is WARNING (exit 1)', async (t) => {
	const r = await cli(['ping', '-6', '--iface', lab().clientIface, '--print-only', 'dns-servers']);
	t.is(r.code, 0, r.stderr);
	t.is(r.stdout, `${lab().dnsServers6.join(', ')}\n`);
	const absent = await cli(['ping', '-6', '--iface', lab().clientIface, '--print-only', 'sntp-servers']);
	t.is(absent.code, 1, absent.stderr);
	t.is(absent.stdout, '');
	t.regex(absent.stderr, /^WARNING: option 31 absent from the REPLY from type=LLT/m);
});

test.serial('--json: exactly one document {verdict, exitCode, reason, request, replies: [{from, latencyUs, packet}]}', async (t) => {
	const r = await cli(['discover', ...ONLINK(), '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = json(r);
	t.like(doc, { verdict: 'OK', exitCode: 0, request: { type: 'SOLICIT' } });
	t.regex(doc.reason, /^advertise 2001:db8:1::1:/);
	t.is(doc.replies.length, 1);
	const reply = doc.replies[0]!;
	t.regex(reply.from, /^\[fe80::[0-9a-f:]+%dpl-cli0\]:547$/);
	t.true(Number.isInteger(reply.latencyUs) && reply.latencyUs > 0);
	t.is(reply.packet.msgType, 'ADVERTISE');
	t.deepEqual(reply.packet.options.map((o) => o.name).slice(0, 3), ['clientid', 'serverid', 'ia-na']);
	t.is(
		r.stderr
			.trim()
			.split('\n')
			.filter((l) => /^(OK|WARNING|CRITICAL|UNKNOWN):/.test(l)).length,
		1,
	);
});

test.serial('--nagios: one plugin line with the lease and perfdata', async (t) => {
	const r = await cli(['lease', ...RELAYED(), '--ia-pd', '--nagios']);
	t.is(r.code, 0, r.stderr);
	t.regex(r.stdout, /^DHCP OK - lease prefix 2001:db8:[0-9a-f:]+\/56 from type=LLT, [^|\n]* released \| time=\d+\.\d{6}s;;;0 solicit=\d+\.\d{6}s;;;0 request=\d+\.\d{6}s;;;0\n$/);
});

test.serial('--expect on the address passes, and a failing one is CRITICAL (exit 2) naming what was found', async (t) => {
	const pass = await cli(['lease', ...ONLINK(), '--ia-na', '--ia-pd', '--expect', 'address in 2001:db8:1::/64', '--expect', 'prefix in 2001:db8:8000::/33', '--expect', 'option dns-servers contains 2001:db8:1::53']);
	t.is(pass.code, 0, pass.stderr);
	const fail = await cli(['discover', ...ONLINK(), '--expect', 'address in 2001:db8:2::/64']);
	t.is(fail.code, 2);
	t.regex(fail.stderr, /^CRITICAL: expected address in 2001:db8:2::\/64, got 2001:db8:1::1:[0-9a-f]+$/m);
});

test.serial('--allow-server: an unlisted server is a rogue (CRITICAL); its DUID as hex or its address makes it allowed', async (t) => {
	const first = json(await cli(['discover', ...ONLINK(), '--json']));
	const rogue = await cli(['discover', ...ONLINK(), '--allow-server', '2001:db8:99::1']);
	t.is(rogue.code, 2, `${rogue.signal ?? ''} ${rogue.stdout}${rogue.stderr}`);
	t.regex(rogue.stderr, /^CRITICAL: rogue DHCP server type=LLT, .*lladdr=[0-9a-f:]+ \(from fe80::[0-9a-f:]+\) answered \(not in --allow-server\)$/m);
	const byAddress = await cli(['discover', ...RELAYED(), '--allow-server', lab().relayServerAddr6]);
	t.is(byAddress.code, 0, byAddress.stderr);
	// Kea's server DUID as hex, as its logs print it, read from the JSON packet (DUID-LLT: 00:01:00:01, time, MAC).
	const hex = (first.replies[0]!.packet.options.find((o) => o.name === 'serverid') as unknown as { hex: string }).hex;
	t.regex(hex, /^00010001[0-9a-f]{20}$/);
	const byDuid = await cli(['discover', ...ONLINK(), '--allow-server', hex.replace(/(..)(?!$)/g, '$1:')]);
	t.is(byDuid.code, 0, byDuid.stderr);
});

test.serial('--allow-server names an on-link server by its global address: Kea answers from its link-local one, on the same interface', async (t) => {
	const named = await cli(['discover', ...ONLINK(), '--allow-server', lab().serverAddr6]);
	t.is(named.code, 0, named.stdout + named.stderr);
	t.regex(named.stderr, /^OK: advertise 2001:db8:1::/m);
	// An address no host on the link has is still no name of Kea's.
	const other = await cli(['discover', ...ONLINK(), '--allow-server', '2001:db8:1::99']);
	t.is(other.code, 2, `${other.signal ?? ''} ${other.stdout}${other.stderr}`);
	t.regex(other.stderr, /^CRITICAL: rogue DHCP server type=LLT, .* \(from fe80::[0-9a-f:]+\) answered \(not in --allow-server\)$/m);
});

test.serial('a failure status is CRITICAL: relayed from a link no subnet serves, Kea answers NoAddrsAvail in the IA_NA', async (t) => {
	// A second relay address outside every subnet; the server routes its replies back through the relay segment.
	const add = await execInLab(lab(), ['ip', 'addr', 'add', '2001:db8:3::2/64', 'dev', lab().relayIface, 'nodad']);
	t.is(add.code, 0, add.stderr);
	const route = await execInLab({ clientNetns: lab().serverNetns }, ['ip', '-6', 'route', 'add', '2001:db8:3::/64', 'via', lab().relayAddr6, 'dev', lab().serverRelayIface]);
	t.is(route.code, 0, route.stderr);
	const r = await cli(['lease', '-6', '--server', lab().relayServerAddr6, '--relay', '2001:db8:3::2', '--json']);
	t.is(r.code, 2, r.stderr);
	const doc = json(r);
	t.is(doc.verdict, 'CRITICAL');
	t.deepEqual(
		doc.steps.map((s) => s.name),
		['solicit'],
		'no REQUEST follows a refused ADVERTISE',
	);
	t.false(doc.replies[0]!.positive);
	t.regex(doc.replies[0]!.failure!, /^NoAddrsAvail in IA_NA 1: /);
	t.regex(doc.reason, /^NoAddrsAvail in IA_NA 1: .* from type=LLT/);
	t.regex(r.stderr, /PROBE_STATUS_CODE DHCPv6 ADVERTISE from \[2001:db8:2::1\]:547 carries status NoAddrsAvail in IA_NA 1/);
	// A reply came, so the plugin line has its time, as for any other answer.
	const nagios = await cli(['discover', '-6', '--server', lab().relayServerAddr6, '--relay', '2001:db8:3::2', '--nagios', '-w', '5']);
	t.is(nagios.code, 2, nagios.stderr);
	t.regex(nagios.stdout, /^DHCP CRITICAL - NoAddrsAvail in IA_NA 1: .* \| time=\d+\.\d{6}s;5;;0 answers=1;;;0\n$/);
});

test.serial('no answer is CRITICAL: Kea drops a SOLICIT unicast without a relay', async (t) => {
	const r = await cli(['discover', '-6', '--server', lab().relayServerAddr6, '--timeout', '0.5', '--tries', '1']);
	t.is(r.code, 2);
	t.regex(r.stderr, /^CRITICAL: no answer to SOLICIT sent to \[2001:db8:2::1\]:547 after 1 try \(0\.5 s\)$/m);
});

test.serial('bad input is UNKNOWN (exit 3) with one line naming it', async (t) => {
	const cases: [string[], RegExp][] = [
		[['discover', ...ONLINK(), '--duid', 'zz:top'], /^dhcpulse: --duid zz:top: /],
		[['discover', ...ONLINK(), '--duid', '00'], /^dhcpulse: --duid 00: a DUID is 3 to 130 bytes, got 1$/],
		[['discover', ...ONLINK(), '--option', 'no-such-option=1'], /^dhcpulse: --option 'no-such-option=1': /],
		[['discover', '-6', '--giaddr', lab().relayAddr6], /^dhcpulse: --relay 2001:db8:2::2: relay emulation needs --server ADDR to send to$/],
		[['discover', '-6', '--iface', 'nosuch0'], /^dhcpulse: --iface nosuch0: no such interface$/],
		[['discover', ...ONLINK(), '--broadcast'], /^dhcpulse: --broadcast is a DHCPv4 flag/],
		[['discover', ...ONLINK(), '--print-only', 'no-such-option'], /^dhcpulse: --print-only no-such-option: /],
		[['discover', ...ONLINK(), '--expect', 'address in nowhere'], /^dhcpulse: --expect 'address in nowhere': /],
		[['lease', ...ONLINK(), '--decline', '--keep'], /^dhcpulse: --decline and --keep contradict each other$/],
		[['lease', ...ONLINK(), '--ia-pd', '--decline'], /^dhcpulse: --decline needs --ia-na/],
		[['lease', ...ONLINK(), '--requested-address', '2001:db8:1::5'], /^dhcpulse: --requested-address is a DHCPv4 flag/],
		[['ping', '-6'], /^dhcpulse: say where to probe/],
	];
	for (const [args, pattern] of cases) {
		const r = await cli(args);
		t.is(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
		t.regex(r.stderr.trimEnd(), pattern, args.join(' '));
		oneLine(t, r.stderr);
		t.is(r.stdout, '', 'nothing on stdout');
	}
});
