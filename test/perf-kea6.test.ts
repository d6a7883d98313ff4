/**
 * `dhcpulse perf -6` against a real Kea DHCPv6 server: relayed SARR with IA_NA + IA_PD counted
 * as Kea counts it, renew and release answered with REPLY, nested relays, on-link multicast
 * clients, an avalanche over a lossy hop, and the identity on every run.
 */
import test from 'ava';
import { useLab } from './helpers/lab.js';
import { assertIdentity, assertKeaSent, keaDeltas, perfInLab, scratch, startLossyForwarder, waitForCarrier, assertRan } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea6' });
const dir = scratch('perf-kea6');
test.serial.before(async () => waitForCarrier(lab()));

test.serial("relayed SARR with IA_NA and IA_PD: our counts equal Kea's, every lease has an address and a prefix", async (t) => {
	const names = ['pkt6-solicit-received', 'pkt6-advertise-sent', 'pkt6-request-received', 'pkt6-reply-sent', 'subnet[2].assigned-nas', 'subnet[2].assigned-pds'];
	const { result: r, delta } = await keaDeltas(lab(), names, () => perfInLab(lab(), ['-6', '2001:db8:2::1', '-e', 'address-and-prefix', '-r', '150', '-R', '100000', '-p', '2', '-d', '0.5'], dir));
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { SA, RR } = r.json.exchanges;
	t.is(r.json.mode, 'SARR');
	t.is(SA!.sent + r.json.rate.skipped, 300);
	t.is(SA!.rejected + RR!.rejected, 0);
	t.is(delta['pkt6-solicit-received'], SA!.sent);
	assertKeaSent(t, delta['pkt6-advertise-sent']!, 'ADVERTISEs', SA!);
	t.is(delta['pkt6-request-received'], RR!.sent);
	assertKeaSent(t, delta['pkt6-reply-sent']!, 'REPLYs', RR!);
	// Each REPLY counted ok carried both an address and a prefix (else it would be rejected).
	assertKeaSent(t, delta['subnet[2].assigned-nas']!, 'addresses assigned', RR!);
	assertKeaSent(t, delta['subnet[2].assigned-pds']!, 'prefixes assigned', RR!);
});

test.serial('--warm-up in DHCPv6: its SOLICITs and REQUESTs reach Kea, and none of them is counted', async (t) => {
	const { result: r, delta } = await keaDeltas(lab(), ['pkt6-solicit-received', 'pkt6-request-received'], () =>
		perfInLab(lab(), ['-6', '2001:db8:2::1', '-r', '200', '-R', '1000', '-p', '1', '-d', '0.5', '--warm-up', '0.5', '--warm-up-rate', '100'], dir),
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { SA, RR } = r.json.exchanges;
	t.deepEqual(r.json.warmUp, { seconds: 0.5, rate: 100, started: 50, cut: false });
	t.is(SA!.sent + r.json.rate.skipped, 200, '-p 1 at 200/s counts from the end of the warm-up');
	t.is(delta['pkt6-solicit-received'], SA!.sent + 50, 'Kea saw the warm-up SOLICITs as well');
	const warmRequests = delta['pkt6-request-received']! - RR!.sent;
	t.true(warmRequests > 0 && warmRequests <= 50, `the warm-up's ADVERTISEs were followed by REQUESTs, uncounted (${warmRequests})`);
	t.is(SA!.orphans + RR!.orphans, 0, 'answers to the warm-up are recognised, not orphans');
});

test.serial('renew and release (-f, -F) are exchanges with a REPLY, counted apart from REQUEST-REPLY', async (t) => {
	const { result: r, delta } = await keaDeltas(lab(), ['pkt6-renew-received', 'pkt6-release-received', 'pkt6-reply-sent'], () =>
		perfInLab(lab(), ['-6', '2001:db8:2::1', '-r', '150', '-R', '100000', '-b', 'duid=00030001020000aa0000', '-p', '2', '-f', '40', '-F', '40'], dir),
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { RR, renew, release } = r.json.exchanges;
	// How many leases the run held to renew and release depends on how fast the host was.
	t.true(renew!.ok > 0 && release!.ok > 0, JSON.stringify({ renew, release }));
	t.true(release!.expectsReply);
	t.is(delta['pkt6-renew-received'], renew!.sent);
	t.is(delta['pkt6-release-received'], release!.sent);
	assertKeaSent(t, delta['pkt6-reply-sent']!, 'REPLYs', RR!, renew!, release!);
	t.is(RR!.orphans + renew!.orphans + release!.orphans, 0);
});

test.serial('two relay levels (-A 2), rapid commit refused by the server, and two-way only', async (t) => {
	const nested = await perfInLab(lab(), ['-6', '2001:db8:2::1', '-A', '2', '-r', '100', '-n', '50', '-d', '10'], dir);
	assertRan(t, nested);
	assertIdentity(t, nested.json);
	t.is(nested.json.exchanges.RR!.ok, 50);
	const twoWay = await perfInLab(lab(), ['-6', '2001:db8:2::1', '-i', '-r', '100', '-n', '40', '-d', '10'], dir);
	assertRan(t, twoWay);
	t.deepEqual(Object.keys(twoWay.json.exchanges), ['SA']);
	t.is(twoWay.json.exchanges.SA!.ok, 40);
	// Kea answers Rapid Commit only where the subnet allows it (off in the lab): an ADVERTISE, which
	// is not the SOLICIT-REPLY asked for (RFC 8415 §18.2.1): rejected, said once, and a WARNING.
	const rapid = await perfInLab(lab(), ['-6', '2001:db8:2::1', '-c', '-r', '100', '-n', '40', '-d', '10'], dir);
	assertIdentity(t, rapid.json);
	t.is(rapid.json.mode, 'SA (rapid commit)');
	t.like(rapid.json.exchanges.SA, { sent: 40, ok: 0, rejected: 40, orphans: 0 });
	t.is(rapid.code, 1, rapid.stderr);
	t.regex(rapid.json.exitReason, /100\.0 % of settled requests were rejected/);
	t.is(rapid.stderr.match(/PERF_RAPID_COMMIT_DECLINED/g)?.length, 1, rapid.stderr);
});

test.serial('on-link clients: SOLICIT to ff02::1:2 from the link-local address', async (t) => {
	const r = await perfInLab(lab(), ['-6', '-l', lab().clientIface, '-e', 'prefix-only', '-r', '100', '-n', '60', '-d', '10'], dir);
	assertRan(t, r);
	assertIdentity(t, r.json);
	t.regex(r.json.target, /^on-link dpl-cli0 → \[ff02::1:2\]:547$/);
	t.is(r.json.exchanges.RR!.ok, 60);
});

test.serial('an avalanche over a hop that loses every first transmission: SOLICIT and REQUEST are each retransmitted, every client gets an address and a prefix', async (t) => {
	// The hop listens on the lab's last relay address and passes Kea's RELAY-REPLs back (RFC 8415 §19.2).
	const hop = await startLossyForwarder(lab(), 6, '2001:db8:2::9', '2001:db8:2::1');
	let hopCount = '';
	const names = ['pkt6-solicit-received', 'pkt6-advertise-sent', 'pkt6-request-received', 'pkt6-reply-sent', 'subnet[2].assigned-nas', 'subnet[2].assigned-pds'];
	const { result: r, delta } = await keaDeltas(lab(), names, async () => {
		try {
			return await perfInLab(lab(), ['-6', '2001:db8:2::9', '--scenario', 'avalanche', '-e', 'address-and-prefix', '-R', '60', '-b', 'duid=00030001027700000000'], dir);
		} finally {
			hopCount = await hop.stop();
		}
	});
	assertRan(t, r);
	assertIdentity(t, r.json);
	t.is(r.json.mode, 'SARR avalanche');
	const { SA, RR } = r.json.exchanges;
	t.like(SA, { sent: 60, ok: 60, rejected: 0, timeouts: 0, orphans: 0 });
	t.like(RR, { sent: 60, ok: 60, rejected: 0, timeouts: 0, orphans: 0 });
	// Once each, unless the host stalled past a retransmission time: then more, each counted.
	t.true(SA!.retransmits >= 60 && RR!.retransmits >= 60, `retransmissions: ${SA!.retransmits} + ${RR!.retransmits}`);
	const retransmits = SA!.retransmits + RR!.retransmits;
	const [dropped, forwarded] = /^dropped (\d+) forwarded (\d+)$/.exec(hopCount)!.slice(1).map(Number) as [number, number];
	t.is(dropped, 120, 'the hop dropped each first transmission');
	// A retransmission still on its way when the run ended never reached the hop: at most all of them.
	t.true(forwarded <= retransmits && forwarded >= 120, `forwarded ${forwarded} of ${retransmits} retransmissions`);
	t.true(RR!.latencyUs.min >= 900_000, 'a REQUEST is answered only after its retransmission, timed from its first transmission');
	// Kea saw only what the hop let through, and answered each; we heard every answer that came before the end.
	t.is(delta['pkt6-solicit-received']! + delta['pkt6-request-received']!, forwarded);
	t.is(delta['pkt6-advertise-sent'], delta['pkt6-solicit-received']);
	t.is(delta['pkt6-reply-sent'], delta['pkt6-request-received']);
	t.true(SA!.ok + SA!.duplicates <= delta['pkt6-advertise-sent']! && RR!.ok + RR!.duplicates <= delta['pkt6-reply-sent']!);
	if (retransmits === 120) t.true(SA!.duplicates + RR!.duplicates === 0, 'one retransmission each: one answer each');
	t.is(delta['subnet[2].assigned-nas'], 60);
	t.is(delta['subnet[2].assigned-pds'], 60);
});
