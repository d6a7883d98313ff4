/**
 * A generator that reads late must not report its own lateness as the server's latency
 * (issue #21): on the UDP fast path every answer carries the kernel's arrival stamp
 * (SO_TIMESTAMPNS), latencies end at the arrival, and how long answers lay unread is reported
 * apart (`generator.maxQueuedMs`). In the middle of a run against the lab's Kea, Kea is frozen
 * (SIGSTOP) so requests pile up in its socket, then the generator is frozen and Kea thawed: Kea
 * answers them all while the generator cannot read, so hundreds of answers lie in its socket for
 * about a second, whatever the machine's load, and whichever of its two read paths (the fast
 * path's recvmmsg, node:dgram's watcher) takes them first when it wakes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { useLab } from './helpers/lab.js';
import { assertIdentity, scratch, spawnPerfInLab, waitForCarrier } from './perf-helpers.js';

const dir = scratch('perf-arrival');
const lab = useLab(test, { server: 'kea4' });
test.serial.before(async () => waitForCarrier(lab()));

const STOP_MS = 1000;

test.serial("answers that waited in dhcpulse's socket while it was frozen: the wait is reported, and no latency contains it", async (t) => {
	const json = join(dir, 'frozen.json');
	// 2,000/s: the sending loop polls and reads through the fast path (pacingOf); -d 5 so nothing times out while it is frozen.
	const run = spawnPerfInLab(lab(), ['198.19.0.1', '-r', '2000', '-R', '20000', '-p', '4', '-d', '5', '--json', json, '--no-dashboard']);
	await run.started;
	const kea = lab().pid!;
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
	await sleep(300);
	try {
		process.kill(kea, 'SIGSTOP');
		await sleep(300);
		run.child.kill('SIGSTOP');
		process.kill(kea, 'SIGCONT');
		await sleep(STOP_MS);
	} finally {
		process.kill(kea, 'SIGCONT');
		run.child.kill('SIGCONT');
	}
	const r = await run.done;
	const doc = JSON.parse(readFileSync(json, 'utf8'));
	assertIdentity(t, doc);
	t.is(doc.settings.udp, 'fast path', 'this test needs the native addon (npm run build:native)');
	const queued = doc.generator.maxQueuedMs as number;
	t.true(queued >= STOP_MS * 0.8, `the longest an answer lay unread: ${queued} ms (frozen ${STOP_MS} ms); ${r.stderr}`);
	for (const [name, e] of Object.entries(doc.exchanges as Record<string, { ok: number; latencyUs: { max: number } }>)) {
		if (e.ok === 0) continue;
		// Latencies measured at the read would reach the freeze's length; at the arrival they stay the server's.
		t.true(e.latencyUs.max / 1000 < queued, `${name}: longest latency ${e.latencyUs.max / 1000} ms, longest wait ${queued} ms`);
	}
});
