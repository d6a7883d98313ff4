/**
 * NAK accounting against Kea with a relayed pool far smaller than the client population: Kea
 * 2.2 reserves nothing when it OFFERs, so a burst of DISCOVERs gets the 20 free addresses
 * offered to several clients each; the first REQUEST for an address is ACKed and the others are
 * NAKed (the generated lab config is authoritative). Every NAK must be `rejected` — perfdhcp
 * counts them as drops (Kea src/bin/perfdhcp/receiver.cc discards every type but OFFER, ACK, ADVERTISE and REPLY) — and equal Kea's own pkt4-nak-sent.
 *
 * To make "every DISCOVER before any REQUEST" hold whatever the machine's load, Kea is frozen
 * (SIGSTOP) while the DISCOVERs queue up in its socket, and thawed once all of them have arrived; REQUESTs only follow OFFERs, so none can overtake.
 */
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { useLab } from './helpers/lab.js';
import { assertIdentity, kea4ConfigWithRelayPool, keaDeltas, perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('perf-nak');
const configFile = kea4ConfigWithRelayPool(dir, '198.19.1.0 - 198.19.1.19');

const lab = useLab(test, { server: 'kea4', config: configFile });
test.serial.before(async () => waitForCarrier(lab()));

/**
 * Frames received on the server's relay-side interface. Kea reads DHCP through a packet socket,
 * so the interface counter (not the UDP layer's) shows what reached it while it is frozen.
 */
function framesAtServer(): number {
	const out = execFileSync('ip', ['netns', 'exec', lab().serverNetns, 'cat', `/sys/class/net/${lab().serverRelayIface}/statistics/rx_packets`], { encoding: 'utf8' });
	return Number(out.trim());
}

test.serial("NAKs are rejected (never drops) and equal Kea's pkt4-nak-sent; the pool ends full", async (t) => {
	const pid = lab().pid!;
	const { result: r, delta } = await keaDeltas(lab(), ['pkt4-nak-sent', 'pkt4-ack-sent', 'pkt4-offer-sent', 'subnet[2].assigned-addresses'], async () => {
		const before = framesAtServer();
		process.kill(pid, 'SIGSTOP');
		try {
			const run = perfInLab(lab(), ['198.19.0.1', '-r', '2000', '-n', '100', '-R', '100', '-d', '20'], dir, 60_000);
			// Bounded: thaw after 100 deliveries or 20 s, whichever comes first.
			for (let i = 0; i < 200 && framesAtServer() - before < 100; i++) await new Promise((done) => setTimeout(done, 100));
			process.kill(pid, 'SIGCONT');
			return await run;
		} finally {
			process.kill(pid, 'SIGCONT');
		}
	});
	assertIdentity(t, r.json);
	const { DO, RA } = r.json.exchanges;
	t.true(RA!.rejected > 0, `NAKs: ${JSON.stringify(RA)}`);
	// Without thresholds, 1 % of rejections makes the run a WARNING that says so (a pool that ran dry).
	t.is(r.code, 1, r.stderr);
	t.regex(r.json.exitReason, /% of settled requests were rejected \(1 % at most without thresholds\)/);
	t.is(RA!.rejected, delta['pkt4-nak-sent']);
	t.is(RA!.ok, delta['pkt4-ack-sent']);
	t.is(delta['subnet[2].assigned-addresses'], 20);
	t.is(RA!.ok, 20, 'each of the 20 addresses is ACKed to exactly one client');
	t.is(RA!.timeouts, 0, 'a NAK is not a drop');
	t.is(DO!.ok, delta['pkt4-offer-sent']);
	t.regex(r.stdout, new RegExp(`rejected: ${RA!.rejected}\\n`));
});
