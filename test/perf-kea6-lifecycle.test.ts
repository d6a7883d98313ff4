/**
 * DHCPv6 clients that live through their leases, against a real Kea DHCPv6 server (issue #25):
 * with `--lifecycle -6` each client renews at T1 of its IAs (the lab's Kea gives T1 2000 s, T2
 * 2800 s, valid 4000 s; at --time-scale 1000, T1 is 2 s) and Kea counts every RENEW; a renew left
 * unanswered while Kea is stopped is retransmitted (RFC 8415 §18.2.4: REN_TIMEOUT 10 s, scaled)
 * and rebinds at T2; clients that leave release, a fraction declines, asks for configuration only
 * or confirms, and Kea counts each. Timing is only asserted as a lower bound (nothing before T1),
 * never as a budget.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import test from 'ava';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { MsgType, OptionCode } from '../src/codec/dhcp6/constants.js';
import { findMessageOption, locateInner, optionLength, type Span } from '../src/codec/dhcp6/fast.js';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';
import { runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { assertIdentity, assertKeaSent, assertRan, keaDeltas, perfInLab, perfWithServerStopped, scratch, waitForCarrier } from './perf-helpers.js';

const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('../docs/perf-summary.schema.json', import.meta.url), 'utf8')));

const lab = useLab(test, { server: 'kea6' });
const dir = scratch('perf-kea6-lifecycle');
test.serial.before(async () => waitForCarrier(lab()));

/** Each test's clients are its own (a DUID base of their own), so no lease of another test is renewed as new. */
const lifecycle = (duid: string, ...more: string[]): string[] => ['-6', '2001:db8:2::1', '--lifecycle', '--time-scale', '1000', '-R', '100000', '-b', `duid=${duid}`, ...more];

/** Every DHCPv6 client/server message of a capture (relay layers removed): its type, its client DUID as hex, its time. */
function readDhcp6Capture(file: string): { type: number; duid: string; ns: bigint; serverId: boolean; ias: number[] }[] {
	const span: Span = { start: 0, end: 0 };
	const out: { type: number; duid: string; ns: bigint; serverId: boolean; ias: number[] }[] = [];
	for (const r of readCapture(readFileSync(file))) {
		const u = extractUdp(r.linktype, r.data);
		if (u.kind !== 'udp' || !locateInner(u.payload, 0, u.payload.length, span)) continue;
		const at = findMessageOption(u.payload, OptionCode.CLIENTID, span.start, span.end);
		const duid = at < 0 ? '' : Buffer.from(u.payload.subarray(at + 4, at + 4 + optionLength(u.payload, at))).toString('hex');
		const ias = [OptionCode.IA_NA, OptionCode.IA_PD].filter((code) => findMessageOption(u.payload, code, span.start, span.end) >= 0);
		out.push({ type: u.payload[span.start]!, duid, ns: r.timestamp, serverId: findMessageOption(u.payload, OptionCode.SERVERID, span.start, span.end) >= 0, ias });
	}
	return out;
}

test.serial('renewals come at T1 of the IAs, scaled, carry the server id and both IAs, and Kea counts every RENEW', async (t) => {
	const pcap = join(dir, 'renew.pcap');
	const { result: r, delta } = await keaDeltas(lab(), ['pkt6-request-received', 'pkt6-renew-received', 'pkt6-reply-sent'], () =>
		perfInLab(lab(), [...lifecycle('00030001020000c10000'), '-e', 'address-and-prefix', '-r', '40', '-p', '5', '--pcap', pcap], dir),
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	t.is(r.json.mode, 'SARR');
	const { RR, renew, rebind, release, decline, inform, confirm } = r.json.exchanges;
	t.true(renew!.sent > 0 && renew!.ok > 0, `renews sent ${renew!.sent}, answered ${renew!.ok}`);
	t.is(delta['pkt6-request-received'], RR!.sent);
	t.is(delta['pkt6-renew-received'], renew!.sent + renew!.retransmits, 'Kea read every RENEW transmission');
	assertKeaSent(t, delta['pkt6-reply-sent']!, 'REPLYs', RR!, renew!, rebind!);
	t.is(release!.sent + decline!.sent + inform!.sent + confirm!.sent, 0, 'none asked');
	// RFC 8415 §18.2.4: each client's first RENEW comes no earlier than T1 (2000 s / 1000) after its first REPLY.
	const packets = readDhcp6Capture(pcap);
	const firstReply = new Map<string, bigint>();
	for (const p of packets) if (p.type === MsgType.REPLY && !firstReply.has(p.duid)) firstReply.set(p.duid, p.ns);
	const renewals = packets.filter((p) => p.type === MsgType.RENEW);
	t.is(renewals.length, renew!.sent + renew!.retransmits);
	for (const p of renewals) {
		const replied = firstReply.get(p.duid);
		t.truthy(replied, `a RENEW from ${p.duid}, which had a REPLY`);
		const afterS = Number(p.ns - replied!) / 1e9;
		if (afterS < 1.95) t.fail(`${p.duid} renewed ${afterS.toFixed(3)} s after its REPLY, before T1 (2 s)`);
		t.true(p.serverId, 'a RENEW names the server that gave the lease');
		t.deepEqual(p.ias, [OptionCode.IA_NA, OptionCode.IA_PD]);
	}
	t.regex(r.stdout, /\*\*\*Statistics for: RENEW-REPLY\*\*\*/);
});

test.serial('a renew Kea does not answer is retransmitted, then the client rebinds at T2 without a server id, and Kea answers it', async (t) => {
	const pcap = join(dir, 'rebind.pcap');
	// Few clients: what they send while Kea is stopped must fit in its socket's queue, so Kea reads every transmission.
	// Renewals run from 2 s on; a server stopped for 1.5 s meanwhile, longer than T2 − T1 (0.8 s), leaves some to rebind.
	// -p 12: the stop comes 3 s after the first interval line, later on a loaded host; the rebinds must still fall inside the run.
	const { result, delta } = await keaDeltas(lab(), ['pkt6-renew-received', 'pkt6-rebind-received'], () =>
		perfWithServerStopped(lab(), [...lifecycle('00030001020000c20000'), '-r', '5', '-p', '12', '-d', '2', '--pcap', pcap], join(dir, 'rebind.json'), 3000, 1500),
	);
	const { result: r, json } = result;
	t.true(r.code === 0 || r.code === 1, r.stderr);
	assertIdentity(t, json);
	const { renew, rebind } = json.exchanges;
	t.true(renew!.retransmits > 0, `RENEWs sent again while the server was stopped: ${renew!.retransmits}`);
	t.true(rebind!.sent > 0, `rebinds: ${rebind!.sent}`);
	t.true(rebind!.ok > 0, `rebinds answered once the server was back: ${rebind!.ok}`);
	t.is(delta['pkt6-renew-received'], renew!.sent + renew!.retransmits, 'Kea read every RENEW transmission, the queued ones after it resumed');
	t.is(delta['pkt6-rebind-received'], rebind!.sent + rebind!.retransmits);
	const rebinds = readDhcp6Capture(pcap).filter((p) => p.type === MsgType.REBIND);
	t.is(rebinds.length, rebind!.sent + rebind!.retransmits);
	t.false(
		rebinds.some((p) => p.serverId),
		'RFC 8415 §18.2.5: a REBIND names no server',
	);
});

test.serial('a client whose lease ran out while Kea was stopped starts over with a SOLICIT of its own', async (t) => {
	const pcap = join(dir, 'restart.pcap');
	// Leases taken 1.0 – 1.5 s into the run renew at 3.0 – 3.5 s, rebind at 3.8 – 4.3 s and end at
	// 5.0 – 5.5 s: Kea stopped from 3 s for 2.6 s answers none of them in time.
	const { result: r, json } = await perfWithServerStopped(lab(), [...lifecycle('00030001020000c50000'), '-r', '5', '-p', '12', '-d', '2', '--pcap', pcap], join(dir, 'restart.json'), 3000, 2600);
	t.true(r.code === 0 || r.code === 1, r.stderr);
	assertIdentity(t, json);
	const { SA, rebind } = json.exchanges;
	t.true(rebind!.sent > 0, `rebinds: ${rebind!.sent}`);
	t.true(SA!.sent + json.rate.skipped > 40, `SOLICITs beyond -r's 5/s for 8 s: ${SA!.sent} sent, ${json.rate.skipped} skipped`);
	// Each client's SOLICITs: a new one (not a retransmission: this shape sends each once) after it had a REPLY is a restart.
	const replied = new Set<string>();
	const restarted = new Set<string>();
	let restartSolicits = 0;
	for (const p of readDhcp6Capture(pcap)) {
		if (p.type === MsgType.REPLY) replied.add(p.duid);
		else if (p.type === MsgType.SOLICIT && replied.has(p.duid)) {
			restarted.add(p.duid);
			restartSolicits++;
		}
	}
	t.true(restarted.size > 0, 'RFC 8415 §18.2.5: without a lease, a client starts over with a SOLICIT');
	t.is(json.restarts, restartSolicits, 'the summary counts each of those SOLICITs as a restart, not a new client');
});

test.serial('release, decline, information-request and confirm: each its own exchange, each counted by Kea, and the summary valid against its schema', async (t) => {
	const names = ['pkt6-release-received', 'pkt6-decline-received', 'subnet[2].declined-addresses', 'pkt6-infrequest-received', 'pkt6-confirm-received'];
	const { result: r, delta } = await keaDeltas(lab(), names, () =>
		perfInLab(lab(), [...lifecycle('00030001020000c30000'), '--hold', '2000', '--decline-pct', '15', '--inform-pct', '25', '--confirm-pct', '25', '-r', '50', '-p', '4'], dir),
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { release, decline, inform, confirm } = r.json.exchanges;
	for (const [name, e] of Object.entries({ release, decline, inform, confirm })) t.true(e!.sent > 0 && e!.ok > 0 && e!.expectsReply, `${name}: ${JSON.stringify(e)}`);
	t.is(delta['pkt6-release-received'], release!.sent);
	t.is(delta['pkt6-decline-received'], decline!.sent);
	t.is(delta['subnet[2].declined-addresses'], decline!.ok, 'RFC 8415 §18.3.8: the server marks each declined address unusable');
	t.is(delta['pkt6-infrequest-received'], inform!.sent);
	t.is(delta['pkt6-confirm-received'], confirm!.sent);
	t.is(confirm!.rejected, 0, "the relayed clients' addresses are on their link: Kea confirms them (RFC 8415 §18.3.3)");
	t.regex(r.stdout, /\*\*\*Statistics for: INFORMATION-REQUEST-REPLY\*\*\*/);
	t.regex(r.stdout, /\*\*\*Statistics for: CONFIRM-REPLY\*\*\*/);
	t.deepEqual(Object.keys(r.json.exchanges), ['SA', 'RR', 'renew', 'rebind', 'release', 'decline', 'inform', 'confirm']);
	t.true(validate(r.json), JSON.stringify(validate.errors, null, 1));
});

test.serial('on-link DHCPv6 clients live through their leases too: their RENEWs go to ff02::1:2 and Kea answers them', async (t) => {
	const { result: r, delta } = await keaDeltas(lab(), ['pkt6-renew-received'], () => perfInLab(lab(), ['-6', '-l', 'dpl-cli0', ...lifecycle('00030001020000c40000').slice(2), '-r', '20', '-p', '4'], dir));
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { renew } = r.json.exchanges;
	t.true(renew!.ok > 0, JSON.stringify(renew));
	t.is(delta['pkt6-renew-received'], renew!.sent + renew!.retransmits);
});

test.serial('--lifecycle -6 refuses what it cannot do in one line', async (t) => {
	for (const [args, message] of [
		[['198.19.0.1', '--lifecycle', '--confirm-pct', '10'], /--confirm-pct 10: CONFIRM is DHCPv6 \(RFC 8415 §18\.2\.3\); add -6/],
		[['-6', '2001:db8:2::1', '--confirm-pct', '10'], /--confirm-pct 10: needs --lifecycle/],
		[['-6', '2001:db8:2::1', '--lifecycle', '-e', 'prefix-only', '--decline-pct', '5'], /--decline-pct 5: DECLINE is for addresses \(RFC 8415 §18\.2\.8\), and -e prefix-only leases none/],
		[['-6', '2001:db8:2::1', '--lifecycle', '-e', 'prefix-only', '--confirm-pct', '5'], /--confirm-pct 5: CONFIRM is for addresses/],
		[['-6', '2001:db8:2::1', '--lifecycle', '-i'], /-i.*no meaning in --scenario lifecycle/],
	] as const) {
		const r = await runCli(['perf', ...args], { prefix: labExecArgs(lab()) });
		t.is(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
		t.regex(r.stderr, message);
		t.notRegex(r.stderr, /\n\s+at /, 'no stack trace');
	}
});
