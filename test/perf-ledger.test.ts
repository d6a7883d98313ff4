/**
 * The loss ledger without a network: /proc and `ss` text parsed into counters, and the ledger
 * built from fabricated readings before and after a run. Every datagram sent is accounted for
 * once where the steps are observed; what cannot be observed is unknown (null), never 0.
 */
import test from 'ava';
import type { KernelCounters } from '../src/os/proc-net.js';
import { parsePacketSocketDrops, parseSnmp6Udp, parseSnmpUdp, parseUdpSocketDrops } from '../src/os/proc-net.js';
import { buildLedger, type LedgerReading, type LedgerSources } from '../src/perf/ledger.js';
import type { ExchangeName } from '../src/perf/accounting.js';
import { formatLedger, ledgerPanelLines } from '../src/ui/ledger.js';

const SNMP = `Ip: Forwarding DefaultTTL InReceives
Ip: 1 64 100
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 19723 3 8220 12 8220 1 0 0 0
UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
UdpLite: 0 0 0 0 0 0 0 0 0
`;

test('/proc/net/snmp: the Udp line, not UdpLite', (t) => {
	t.deepEqual(parseSnmpUdp(SNMP), { inDatagrams: 19723, noPorts: 3, inErrors: 8220, outDatagrams: 12, rcvbufErrors: 8220, sndbufErrors: 1 });
	t.is(parseSnmpUdp('Ip: a\nIp: 1\n'), null);
});

test('/proc/net/snmp6: the Udp6 pairs', (t) => {
	const text =
		'Ip6InReceives                   	42\nUdp6InDatagrams                 	500\nUdp6NoPorts                     	0\nUdp6InErrors                    	7\nUdp6OutDatagrams                	400\nUdp6RcvbufErrors                	7\nUdp6SndbufErrors                	0\nUdpLite6InDatagrams             	9\n';
	t.deepEqual(parseSnmp6Udp(text), { inDatagrams: 500, noPorts: 0, inErrors: 7, outDatagrams: 400, rcvbufErrors: 7, sndbufErrors: 0 });
	t.is(parseSnmp6Udp('Ip6InReceives 1\n'), null);
});

test('/proc/net/udp: inode → drops, the last column', (t) => {
	const text = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  595: 010013C6:0043 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1009449 2 0000000054af74e8 8220
  595: 010012C6:0043 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1009447 2 0000000050987b77 0
`;
	t.deepEqual(
		[...parseUdpSocketDrops(text)],
		[
			[1009449, 8220],
			[1009447, 0],
		],
	);
});

test("ss -0 -a -m -e -H: a packet socket's inode and its drops, across its two lines", (t) => {
	const text = `p_raw UNCONN 0      0      *:dpl-srv0 * ino:1009448 sk:281
	ver:0 cpy_thresh:0 flags( running ) skmem:(r0,rb212992,t0,tb212992,f0,w0,o912,bl0,d0)
p_raw UNCONN 0      0      *:dpl-srv1 * ino:1009450 sk:282
	ver:0 cpy_thresh:0 flags( running ) skmem:(r0,rb212992,t0,tb212992,f0,w0,o912,bl0,d12584)
`;
	t.deepEqual(
		[...parsePacketSocketDrops(text)],
		[
			[1009448, 0],
			[1009450, 12584],
		],
	);
});

const LAB: LedgerSources = { server: 'Kea statistic-get-all over /run/x.sock', serverKernel: 'lab x: the server process 1', clientKernel: "dhcpulse's own sockets", lab: 'x' };
const mib = (rcvbufErrors = 0): KernelCounters['udp'] => ({ inDatagrams: 0, noPorts: 0, inErrors: rcvbufErrors, outDatagrams: 0, rcvbufErrors, sndbufErrors: 0 });
const kernel = (k: Partial<KernelCounters> & { rcvbuf?: number } = {}): KernelCounters => ({
	udp: mib(k.rcvbuf ?? 0),
	udpSockets: 1,
	udpSocketDrops: 0,
	rawSockets: 0,
	rawSocketDrops: 0,
	packetSockets: 0,
	packetSocketDrops: 0,
	...k,
});

const kea4 = (s: Record<string, number>): Record<string, number> => ({
	'pkt4-received': 0,
	'pkt4-discover-received': 0,
	'pkt4-request-received': 0,
	'pkt4-release-received': 0,
	'pkt4-offer-sent': 0,
	'pkt4-ack-sent': 0,
	'pkt4-nak-sent': 0,
	'pkt4-parse-failed': 0,
	'pkt4-receive-drop': 0,
	...s,
});

const exchange = (name: ExchangeName, c: Partial<Record<'sent' | 'retransmits' | 'ok' | 'rejected' | 'late' | 'duplicates' | 'orphans' | 'malformed', number>>) => ({
	name,
	sent: 0,
	retransmits: 0,
	ok: 0,
	rejected: 0,
	late: 0,
	duplicates: 0,
	orphans: 0,
	malformed: 0,
	...c,
});

/** The overloaded run measured in the lab: Kea (raw sockets) read 12,220 of 26,424 DISCOVERs and REQUESTs. */
function overloaded(): { before: LedgerReading; after: LedgerReading; exchanges: ReturnType<typeof exchange>[] } {
	const before: LedgerReading = {
		server: kea4({ 'pkt4-received': 100, 'pkt4-discover-received': 50, 'pkt4-request-received': 50, 'pkt4-offer-sent': 50, 'pkt4-ack-sent': 50 }),
		serverKernel: kernel({ udpSockets: 2, udpSocketDrops: 10, packetSockets: 2, packetSocketDrops: 20, rcvbuf: 10 }),
		clientKernel: kernel(),
	};
	const after: LedgerReading = {
		server: kea4({ 'pkt4-received': 12_320, 'pkt4-discover-received': 6474, 'pkt4-request-received': 5846, 'pkt4-offer-sent': 6474, 'pkt4-ack-sent': 5840, 'pkt4-nak-sent': 6 }),
		serverKernel: kernel({ udpSockets: 2, udpSocketDrops: 8565, packetSockets: 2, packetSocketDrops: 14_224, rcvbuf: 8565 }),
		clientKernel: kernel({ udpSocketDrops: 37, rcvbuf: 37 }),
	};
	const exchanges = [exchange('DO', { sent: 20_000, ok: 6424 }), exchange('RA', { sent: 6424, ok: 5723, rejected: 6, late: 30 })];
	return { before, after, exchanges };
}

test('an overloaded run: each step follows from the one before, and every loss is named and counted once', (t) => {
	const { before, after, exchanges } = overloaded();
	const l = buildLedger(before, after, exchanges, { family: 4, rapidCommit: false, sources: LAB });
	const [dora, rack] = l.groups;
	t.is(dora!.label, 'DISCOVER → OFFER');
	t.like(dora, { sent: 20_000, readByServer: 6424, notRead: 13_576, answered: 6424, notAnswered: 0, received: 6424, notReceived: 0, matched: 6424, notMatched: 0 });
	t.is(rack!.label, 'REQUEST → ACK/NAK');
	t.deepEqual(rack!.answeredBy, { ACK: 5790, NAK: 6 });
	t.like(rack, { sent: 6424, readByServer: 5796, notRead: 628, answered: 5796, received: 5759, notReceived: 37, matched: 5729, notMatched: 30 });
	t.like(l.total, { sent: 26_424, readByServer: 12_220, notRead: 14_204, answered: 12_220, notAnswered: 0, notReceived: 37 });
	// The losses, named: the packet sockets' drops are the server's queue (its UDP fallbacks' are copies).
	t.deepEqual(
		l.lostBeforeServer.parts.map((p) => p.count),
		[14_204, 0],
	);
	t.deepEqual(
		l.lostOnTheWayBack.parts.map((p) => p.count),
		[37, 0],
	);
	t.is(l.kernel.server.fallbackDrops, 8555);
	t.is(l.kernel.server.rcvbufErrors, 8555);
	// Each request once: sent = not read + not answered + not received + not matched + matched.
	const tt = l.total;
	t.is(tt.sent, tt.notRead! + tt.notAnswered! + tt.notReceived! + tt.notMatched + tt.matched);
	t.true(l.addsUp);
	t.deepEqual(l.problems, []);
	const text = formatLedger(l).join('\n');
	t.regex(text, /14204 not read by the server: 14204 in the server's socket queue \(its packet sockets' drops\)/);
	t.regex(text, /37 answered by the server and not received by dhcpulse: 37 in dhcpulse's socket queue/);
	t.regex(text, /the steps add up/);
	t.true(
		ledgerPanelLines(l).every((line) => line.length <= 80),
		'the panel fits 80 columns',
	);
});

test("a server on UDP sockets: its queue is its UDP sockets' drops", (t) => {
	const { before, after, exchanges } = overloaded();
	const udp = (k: KernelCounters): KernelCounters => ({ ...k, packetSockets: 0, packetSocketDrops: 0, udpSocketDrops: k.packetSocketDrops! });
	const l = buildLedger({ ...before, serverKernel: udp(before.serverKernel!) }, { ...after, serverKernel: udp(after.serverKernel!) }, exchanges, { family: 4, rapidCommit: false, sources: LAB });
	t.is(l.lostBeforeServer.parts[0]!.count, 14_204);
	t.is(l.kernel.server.fallbackDrops, null);
	t.true(l.addsUp);
});

test("dhcpulse on-link (a raw IP socket): its queue is that socket's drops", (t) => {
	const { before, after, exchanges } = overloaded();
	const raw = (k: KernelCounters): KernelCounters => ({ ...k, udpSockets: 0, udpSocketDrops: 0, rawSockets: 1, rawSocketDrops: k.udpSocketDrops });
	const l = buildLedger({ ...before, clientKernel: raw(before.clientKernel!) }, { ...after, clientKernel: raw(after.clientKernel!) }, exchanges, { family: 4, rapidCommit: false, sources: LAB });
	t.deepEqual(
		l.lostOnTheWayBack.parts.map((p) => p.count),
		[37, 0],
	);
	t.regex(l.lostOnTheWayBack.parts[0]!.what, /raw and UDP sockets/);
	t.true(l.addsUp);
});

test("no lab and no control socket: the server's steps are unknown, not 0, and dhcpulse's own still count", (t) => {
	const { exchanges } = overloaded();
	const none: LedgerReading = { server: null, serverKernel: null, clientKernel: kernel() };
	const l = buildLedger(none, { ...none, clientKernel: kernel({ udpSocketDrops: 5 }) }, exchanges, { family: 4, rapidCommit: false, sources: { server: null, serverKernel: null, clientKernel: 'own', lab: null } });
	t.like(l.total, { sent: 26_424, readByServer: null, notRead: null, answered: null, received: 12_183, matched: 12_153 });
	t.is(l.lostBeforeServer.parts[0]!.count, null);
	t.is(l.lostOnTheWayBack.parts[0]!.count, 5);
	t.is(l.addsUp, null);
	t.deepEqual(
		l.assumptions.filter((a) => a.includes('attributed')),
		[],
		'no server figure, nothing attributed',
	);
	const text = formatLedger(l).join('\n');
	t.regex(text, /read by the server\s+unknown\s+unknown\s+unknown/);
	t.regex(text, /server statistics: not read/);
	t.regex(text, /cannot all be checked/);
});

test("another client's traffic shows: a step counts more than the one before, so the steps do not add up", (t) => {
	const { before, after, exchanges } = overloaded();
	const busy = { ...after, server: kea4({ ...(after.server as Record<string, number>), 'pkt4-discover-received': 30_000, 'pkt4-received': 40_000 }) };
	const l = buildLedger(before, busy, exchanges, { family: 4, rapidCommit: false, sources: LAB });
	t.false(l.addsUp);
	t.true(l.problems.some((p) => p.startsWith('not read by the server (DISCOVER → OFFER): -')));
});

test('a loss no counter names (the wire, a queue at the end) is "elsewhere", and then the ledger is not exact', (t) => {
	const { before, after, exchanges } = overloaded();
	const wire = { ...after, serverKernel: { ...after.serverKernel!, packetSocketDrops: 14_000 } };
	const l = buildLedger(before, wire, exchanges, { family: 4, rapidCommit: false, sources: LAB });
	t.deepEqual(
		l.lostBeforeServer.parts.map((p) => p.count),
		[13_980, 224],
	);
	t.false(l.addsUp);
	t.true(l.problems.some((p) => p.includes('lost elsewhere: 224 before the server read them')));
});

test('read and not answered: parse failures (not in pkt4-received), other drops, and RELEASEs that need no answer', (t) => {
	const before: LedgerReading = { server: kea4({}), serverKernel: kernel(), clientKernel: kernel() };
	const after: LedgerReading = {
		server: kea4({
			'pkt4-received': 1098,
			'pkt4-parse-failed': 2,
			'pkt4-receive-drop': 5,
			'pkt4-discover-received': 500,
			'pkt4-request-received': 498,
			'pkt4-release-received': 100,
			'pkt4-offer-sent': 497,
			'pkt4-ack-sent': 498,
		}),
		serverKernel: kernel(),
		clientKernel: kernel(),
	};
	const exchanges = [exchange('DO', { sent: 502, ok: 497 }), exchange('RA', { sent: 498, ok: 498 }), exchange('release', { sent: 100 })];
	const l = buildLedger(before, after, exchanges, { family: 4, rapidCommit: false, sources: LAB });
	t.is(l.total.readByServer, 1100);
	t.is(l.total.notAnswered, 105);
	t.deepEqual(
		l.notAnswered.parts.map((p) => [p.what.split(' (')[0], p.count]),
		[
			['failed to parse', 2],
			['dropped by the server after reading', 3],
			['RELEASEs and DECLINEs, which need no answer', 100],
			['read and not answered for another reason', 0],
		],
	);
	t.like(l.groups[2], { label: 'RELEASE → (no answer)', readByServer: 100, answered: 0, notAnswered: 100 });
	t.true(l.addsUp);
});

test('DHCPv6: SOLICIT → ADVERTISE, and REQUEST/RENEW/RELEASE share the REPLY counter; with Rapid Commit all share it', (t) => {
	const z = {
		'pkt6-received': 0,
		'pkt6-solicit-received': 0,
		'pkt6-request-received': 0,
		'pkt6-renew-received': 0,
		'pkt6-release-received': 0,
		'pkt6-advertise-sent': 0,
		'pkt6-reply-sent': 0,
		'pkt6-parse-failed': 0,
		'pkt6-receive-drop': 0,
	};
	const before: LedgerReading = { server: z, serverKernel: kernel(), clientKernel: kernel() };
	const after: LedgerReading = {
		server: { ...z, 'pkt6-received': 40, 'pkt6-solicit-received': 20, 'pkt6-request-received': 20, 'pkt6-advertise-sent': 20, 'pkt6-reply-sent': 20 },
		serverKernel: kernel(),
		clientKernel: kernel(),
	};
	const exchanges = [exchange('SA', { sent: 20, ok: 20 }), exchange('RR', { sent: 20, ok: 20 })];
	const l = buildLedger(before, after, exchanges, { family: 6, rapidCommit: false, sources: LAB });
	t.deepEqual(
		l.groups.map((g) => g.label),
		['SOLICIT → ADVERTISE', 'REQUEST → REPLY'],
		'named for the requests the run sent',
	);
	t.true(l.addsUp);
	const rc = buildLedger(before, { ...after, server: { ...z, 'pkt6-received': 20, 'pkt6-solicit-received': 20, 'pkt6-reply-sent': 20 } }, [exchange('SA', { sent: 20, ok: 20 })], {
		family: 6,
		rapidCommit: true,
		sources: LAB,
	});
	t.deepEqual(
		rc.groups.map((g) => g.label),
		['SOLICIT → ADVERTISE/REPLY'],
	);
	const all = buildLedger(before, after, [exchange('SA', { sent: 20, ok: 20 }), exchange('RR', { sent: 20, ok: 20 }), exchange('renew', {}), exchange('release', {})], { family: 6, rapidCommit: false, sources: LAB });
	t.is(all.groups[1]!.label, 'REQUEST, RENEW, RELEASE → REPLY');
	t.like(rc.groups[0], { readByServer: 20, answered: 20 });
	t.true(rc.addsUp);
});

test('a server restarted during the run: its counters went down, its steps are unknown and it is said', (t) => {
	const { before, after, exchanges } = overloaded();
	const l = buildLedger(before, { ...after, server: kea4({ 'pkt4-received': 10 }) }, exchanges, { family: 4, rapidCommit: false, sources: LAB });
	t.is(l.total.readByServer, null);
	t.true(l.problems.some((p) => p.includes('pkt4-received went down')));
	t.is(l.addsUp, null);
});

test('--warm-up or --preload: datagrams dhcpulse does not count reached the server, so the ledger cannot claim to add up', (t) => {
	const { before, after, exchanges } = overloaded();
	const l = buildLedger(before, after, exchanges, { family: 4, rapidCommit: false, sources: LAB, uncounted: '--warm-up sent exchanges that are not counted' });
	t.is(l.addsUp, null);
	t.true(l.problems.includes('--warm-up sent exchanges that are not counted'));
});

test('what a reading could not get is said, and the text escapes it', (t) => {
	const { exchanges } = overloaded();
	const r: LedgerReading = { server: null, serverKernel: null, clientKernel: kernel(), unreadable: "the server's statistics could not be read: \u001b[31mconnect ENOENT" };
	const l = buildLedger(r, r, exchanges, { family: 4, rapidCommit: false, sources: { ...LAB, server: 'Kea statistic-get-all over /tmp/\u001b[2Jx.sock' } });
	t.deepEqual(l.problems, [r.unreadable]);
	const text = formatLedger(l).join('\n');
	t.false(text.includes('\u001b'));
});
