/**
 * `dhcpulse perf --scenario avalanche` against a real Kea DHCPv4 server: every client starts at
 * once, an unanswered request is retransmitted with the same xid (RFC 2131 §4.1) on the RFC 8415
 * §15 schedule, latency runs from the first transmission, a client gives up after -d, and a
 * second answer to a retransmitted request is a duplicate, never an ok or an orphan. Loss comes
 * from a lossy hop (test/helpers/lossy-forwarder.ts) or from stopping Kea.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { useLab } from './helpers/lab.js';
import { assertIdentity, countDhcp4Types, heard, keaDeltas, perfInLab, scratch, spawnPerfInLab, startLossyForwarder, waitForCarrier, assertRan } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-avalanche');
test.serial.before(async () => waitForCarrier(lab()));

/** The lab's last relay address, where the lossy hop listens; the generator relays from the first. */
const HOP = '198.19.0.9';

test.serial('over a hop that loses every first transmission, each DISCOVER and REQUEST is sent again and every client is provisioned', async (t) => {
	const pcap = join(dir, 'lossy.pcap');
	const hop = await startLossyForwarder(lab(), 4, HOP, '198.19.0.1');
	let hopCount = '';
	const names = ['pkt4-discover-received', 'pkt4-request-received', 'pkt4-offer-sent', 'pkt4-ack-sent', 'pkt4-nak-sent'];
	const { result: r, delta } = await keaDeltas(lab(), names, async () => {
		try {
			return await perfInLab(lab(), [HOP, '--scenario', 'avalanche', '-R', '100', '-b', 'mac=02:77:00:00:00:00', '--pcap', pcap], dir);
		} finally {
			hopCount = await hop.stop();
		}
	});
	assertRan(t, r);
	assertIdentity(t, r.json);
	t.is(r.json.mode, 'DORA avalanche');
	t.regex(r.json.exitReason, /^every client done \(avalanche\)/);
	const { DO, RA } = r.json.exchanges;
	t.like(DO, { sent: 100, ok: 100, timeouts: 0, inFlight: 0, orphans: 0 });
	t.like(RA, { sent: 100, ok: 100, rejected: 0, timeouts: 0, inFlight: 0, orphans: 0 });
	// Once each, unless the host stalled past a retransmission time: then more, each counted.
	t.true(DO!.retransmits >= 100 && RA!.retransmits >= 100, `retransmissions: ${DO!.retransmits} + ${RA!.retransmits}`);
	const retransmits = DO!.retransmits + RA!.retransmits;
	const [dropped, forwarded] = /^dropped (\d+) forwarded (\d+)$/.exec(hopCount)!.slice(1).map(Number) as [number, number];
	t.is(dropped, 200, 'the hop dropped each first transmission');
	// A retransmission still on its way when the run ended never reached the hop: at most all of them.
	t.true(forwarded <= retransmits && forwarded >= 200, `forwarded ${forwarded} of ${retransmits} retransmissions`);
	// Latency runs from the first transmission: no answer can come before the first retransmission (1 s − 10 %).
	t.true(DO!.latencyUs.min >= 900_000, `DO min ${DO!.latencyUs.min} µs`);
	t.true(RA!.latencyUs.min >= 900_000, `RA min ${RA!.latencyUs.min} µs`);
	// Kea saw only what the hop let through, and answered each; we heard every answer that came
	// before the end (with one retransmission each, that is all of them).
	t.is(delta['pkt4-discover-received']! + delta['pkt4-request-received']!, forwarded);
	t.is(delta['pkt4-offer-sent'], delta['pkt4-discover-received']);
	t.is(delta['pkt4-ack-sent'], delta['pkt4-request-received']);
	t.true(heard(DO!) <= delta['pkt4-offer-sent']! && heard(RA!) <= delta['pkt4-ack-sent']!);
	if (retransmits === 200) t.true(heard(DO!) === 100 && heard(RA!) === 100, 'one retransmission each: one answer each');
	t.is(delta['pkt4-nak-sent'], 0);
	// The capture holds every transmission: first ones and retransmissions.
	const types = countDhcp4Types(pcap);
	t.is(types[1], DO!.sent + DO!.retransmits, 'DISCOVERs');
	t.is(types[3], RA!.sent + RA!.retransmits, 'REQUESTs');
	t.is(types[2], heard(DO!), 'OFFERs');
	t.is(types[5], heard(RA!), 'ACKs');
	t.regex(r.stdout, /\nIt took \d\d:\d\d:\d\d\.\d\d to provision 100 clients\n/);
	t.regex(r.stdout, /\navalanche: 100 of 100 clients provisioned, 0 rejected or gave up, 0 not done; (\d+) retransmissions\n/);
	t.is(Number(/; (\d+) retransmissions\n/.exec(r.stdout)?.[1]), retransmits);
});

test.serial('a stopped server answers the first transmission and the retransmission alike: the second OFFER is a duplicate', async (t) => {
	const pid = lab().pid!;
	const json = join(dir, 'stopped.json');
	const names = ['pkt4-discover-received', 'pkt4-offer-sent', 'pkt4-ack-sent'];
	const { result: r, delta } = await keaDeltas(lab(), names, async () => {
		process.kill(pid, 'SIGSTOP');
		try {
			const run = spawnPerfInLab(lab(), ['198.19.0.1', '--scenario', 'avalanche', '-R', '50', '-b', 'mac=02:78:00:00:00:00', '-t', '0.5', '--json', json, '--no-dashboard']);
			await run.started;
			// Past every first retransmission (≤ 1.1 s after the first transmission).
			await new Promise((res) => setTimeout(res, 1500));
			process.kill(pid, 'SIGCONT');
			return await run.done;
		} finally {
			process.kill(pid, 'SIGCONT');
		}
	});
	const doc = JSON.parse(readFileSync(json, 'utf8'));
	assertRan(t, { ...r, json: doc });
	assertIdentity(t, doc);
	const { DO, RA } = doc.exchanges;
	t.like(DO, { sent: 50, ok: 50, timeouts: 0, orphans: 0 });
	t.like(RA, { sent: 50, ok: 50 });
	t.true(DO.retransmits >= 50, `every DISCOVER was sent again while Kea was stopped: ${DO.retransmits}`);
	t.true(DO.duplicates > 0, 'Kea answered queued retransmissions too');
	// Every OFFER Kea sent is accounted for once: the answer, or a duplicate of it.
	t.is(delta['pkt4-offer-sent'], DO.ok + DO.duplicates + DO.late);
	t.is(delta['pkt4-discover-received'], DO.sent + DO.retransmits);
	t.is(delta['pkt4-ack-sent'], RA.ok + RA.duplicates);
});

test.serial('with no server answering, each client gives up -d after its first transmission; nothing answered is exit 2', async (t) => {
	const pid = lab().pid!;
	process.kill(pid, 'SIGSTOP');
	let r;
	try {
		// Transmissions at 0 and ~1 s; the next (≥ 2.6 s) falls after the 2.5 s give-up time.
		r = await perfInLab(lab(), ['198.19.0.1', '--scenario', 'avalanche', '-R', '20', '-d', '2.5', '-b', 'mac=02:79:00:00:00:00'], dir);
	} finally {
		process.kill(pid, 'SIGCONT');
	}
	t.is(r.code, 2, r.stderr);
	assertIdentity(t, r.json);
	t.like(r.json.exchanges.DO, { sent: 20, ok: 0, timeouts: 20, inFlight: 0, retransmits: 20 });
	t.is(r.json.exchanges.RA!.sent, 0);
	t.regex(r.json.exitReason, /^every client done \(avalanche\).*nothing answered/);
	t.regex(r.stdout, /\navalanche: 0 of 20 clients provisioned, 20 rejected or gave up, 0 not done; 20 retransmissions\n/);
});

test.serial('SIGINT during an avalanche stops the retransmissions and still reports every client', async (t) => {
	const pid = lab().pid!;
	const json = join(dir, 'sigint.json');
	process.kill(pid, 'SIGSTOP');
	let r;
	try {
		const run = spawnPerfInLab(lab(), ['198.19.0.1', '--scenario', 'avalanche', '-R', '30', '-W', '0.2', '-b', 'mac=02:7a:00:00:00:00', '--json', json, '--no-dashboard']);
		await run.started;
		run.child.kill('SIGINT');
		r = await run.done;
	} finally {
		process.kill(pid, 'SIGCONT');
	}
	t.is(r.code, 2, 'nothing was answered');
	const doc = JSON.parse(readFileSync(json, 'utf8'));
	assertIdentity(t, doc);
	t.is(doc.exchanges.DO.sent, 30);
	// Stopped before the give-up time: still waiting, never counted as drops.
	t.is(doc.exchanges.DO.inFlight, 30);
	t.is(doc.exchanges.DO.timeouts, 0);
	t.regex(doc.exitReason, /^interrupted \(SIGINT\)/);
	t.regex(r.stdout, /0 of 30 clients provisioned, 0 rejected or gave up, 30 not done/);
});
