/**
 * `dhcpulse perf` against a real Kea DHCPv4 server in a namespace lab: the counts it reports are
 * the counts Kea reports and the packets its capture holds; releases are sent, never dropped;
 * a stopped server gives timeouts (and late answers) and a resumed one answers again; thresholds
 * and signals behave; every run keeps sent = ok + rejected + timeouts + in-flight.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import * as hdr from 'hdr-histogram-js';
import { labRestart } from '../src/lab/index.js';
import { useLab } from './helpers/lab.js';
import { assertIdentity, assertKeaSent, countDhcp4Types, heard, keaDeltas, perfInLab, readDhcp4Capture, scratch, spawnPerfInLab, waitForCarrier, assertRan } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-kea4');
test.serial.before(async () => waitForCarrier(lab()));

test.serial("relayed DORA: our counts equal Kea's own statistics and the packets in the capture", async (t) => {
	const pcap = join(dir, 'dora.pcap');
	const hlog = join(dir, 'dora.hlog');
	const { result: r, delta } = await keaDeltas(lab(), ['pkt4-received', 'pkt4-discover-received', 'pkt4-request-received', 'pkt4-offer-sent', 'pkt4-ack-sent', 'pkt4-nak-sent'], () =>
		perfInLab(lab(), ['198.19.0.1', '-r', '200', '-R', '500', '-p', '2', '-d', '0.5', '--pcap', pcap, '--hdr-log', hlog], dir),
	);
	assertRan(t, r);
	const { DO, RA } = r.json.exchanges as Record<string, (typeof r.json.exchanges)[string]>;
	assertIdentity(t, r.json);
	t.is(r.json.settings.dropTimeS, 0.5, '-d is the drop time in perf');
	t.is(DO!.sent + r.json.rate.skipped, 400, '200/s for 2 s: started, or written off when the generator fell behind');
	t.is(DO!.inFlight + RA!.inFlight, 0);
	t.is(delta['pkt4-discover-received'], DO!.sent);
	t.is(delta['pkt4-request-received'], RA!.sent);
	t.is(delta['pkt4-received'], DO!.sent + RA!.sent);
	t.is(DO!.orphans, 0);
	assertKeaSent(t, delta['pkt4-offer-sent']!, 'OFFERs', DO!);
	assertKeaSent(t, delta['pkt4-ack-sent']!, 'ACKs', RA!);
	t.is(delta['pkt4-nak-sent'], RA!.rejected);
	const types = countDhcp4Types(pcap);
	t.is(types[1], DO!.sent, 'DISCOVERs in the capture');
	t.is(types[2], heard(DO!), 'OFFERs in the capture');
	t.is(types[3], RA!.sent, 'REQUESTs in the capture');
	t.is(types[5], heard(RA!), 'ACKs in the capture');
	t.true(DO!.latencyUs.p50 > 0 && DO!.latencyUs.p50 <= DO!.latencyUs.p99 && DO!.latencyUs.p99 <= DO!.latencyUs.max);
	// The HdrHistogram log reads back, and its histograms add up to the answers counted.
	const reader = new hdr.HistogramLogReader(readFileSync(hlog, 'utf8'));
	let total = 0;
	for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) if (h.tag === 'DO') total += h.totalCount;
	t.is(total, DO!.ok);
	t.regex(r.stdout, /\*\*\*Statistics for: DISCOVER-OFFER\*\*\*/);
	t.regex(r.stdout, /p99 delay: \d+\.\d{3} ms/);
});

test.serial('--warm-up: its exchanges reach Kea but none is counted, and the measured run starts after it, whole', async (t) => {
	const { result: r, delta } = await keaDeltas(lab(), ['pkt4-discover-received', 'pkt4-request-received'], () =>
		perfInLab(lab(), ['198.19.0.1', '-r', '200', '-R', '500', '-p', '1', '-d', '0.5', '--warm-up', '0.5', '--warm-up-rate', '100'], dir),
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { DO, RA } = r.json.exchanges as Record<string, (typeof r.json.exchanges)[string]>;
	t.deepEqual(r.json.warmUp, { seconds: 0.5, rate: 100, started: 50, cut: false });
	t.is(DO!.sent + r.json.rate.skipped, 200, '-p 1 at 200/s counts from the end of the warm-up');
	t.is(r.json.durationS, 1);
	t.is(delta['pkt4-discover-received'], DO!.sent + 50, 'Kea saw the warm-up DISCOVERs as well');
	const warmRequests = delta['pkt4-request-received']! - RA!.sent;
	t.true(warmRequests > 0 && warmRequests <= 50, `the warm-up's OFFERs were followed by REQUESTs, uncounted (${warmRequests})`);
	t.is(DO!.orphans + RA!.orphans, 0, 'answers to the warm-up are recognised, not orphans');
	// The warm-up's latencies pass through the coordinator's merges too (to compile them), into histograms nobody reads.
	t.is(DO!.latencyUs.count, DO!.ok, "the run's DO histogram holds its own answers, none of the warm-up's");
	t.is(RA!.latencyUs.count, RA!.ok, "the run's RA histogram holds its own answers, none of the warm-up's");
	t.regex(r.stdout, /after a 0\.5s warm-up at 100\/s \(not counted\)/);
	t.regex(r.stdout, /warm-up: 50 exchanges in 0\.5s at 100\/s before the run, not counted/);
});

test.serial('two workers share a million clients and the rate; their histograms and captures are merged', async (t) => {
	const pcap = join(dir, 'workers.pcap');
	const r = await perfInLab(lab(), ['198.19.0.1', '-r', '300', '-R', '1000000', '-p', '1.5', '--workers', '2', '--pcap', pcap], dir);
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { DO, RA } = r.json.exchanges;
	t.is(r.json.workers, 2);
	t.is(r.json.clients, 1_000_000);
	t.regex(r.json.target, /relay 198\.19\.0\.2,198\.19\.0\.3 /);
	t.is(DO!.sent + r.json.rate.skipped, 450, '300/s for 1.5 s');
	t.is(DO!.latencyUs.count, DO!.ok);
	const types = countDhcp4Types(pcap);
	t.is(types[1], DO!.sent);
	t.is(types[5], heard(RA!));
});

/**
 * A -n run starts every exchange, settles every one (nothing in flight at the end) and ends by
 * itself, whatever the loop does between sends; Kea's answers agree with what we heard (exactly
 * when nothing timed out; a host that stalls Kea can overflow its socket, and then within the
 * give-ups, assertKeaSent).
 */
async function completeRun(t: ExecutionContext, extra: string[], rate: number, n: number, mac: string, busyPoll: boolean, udp: 'fast path' | 'node:dgram' | null = 'fast path'): Promise<void> {
	const { result: r, delta } = await keaDeltas(lab(), ['pkt4-offer-sent', 'pkt4-ack-sent'], () =>
		perfInLab(lab(), [...extra, '-r', String(rate), '-n', String(n), '-R', String(n), '-d', '10', '-b', `mac=${mac}`], dir, 30_000, udp === 'node:dgram' ? { DHCPULSE_FAST_UDP: '0' } : {}),
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	t.is(r.json.settings.busyPoll, busyPoll);
	t.is(r.json.settings.udp, udp);
	const { DO, RA } = r.json.exchanges;
	t.like(DO, { sent: n, inFlight: 0 });
	t.like(RA, { sent: DO!.ok, inFlight: 0 });
	t.true(RA!.ok > 0, 'leases were acquired');
	assertKeaSent(t, delta['pkt4-offer-sent']!, 'OFFERs', DO!);
	assertKeaSent(t, delta['pkt4-ack-sent']!, 'ACKs', RA!);
	t.true(r.json.exitReason.startsWith(`num-request reached (-n ${n})`), r.json.exitReason);
}

test.serial('--busy-poll: every exchange of a -n run settles, as Kea counts it, the settings say so, and the run ends by itself', (t) =>
	completeRun(t, ['198.19.0.1', '--busy-poll'], 500, 300, '02:56:00:00:00:00', true),
);

test.serial('at 2,000/s (a polling rate, pacingOf): every exchange of a -n run settles, as Kea counts it, and the run ends by itself', (t) => completeRun(t, ['198.19.0.1'], 2000, 2000, '02:57:00:00:00:00', false));

test.serial('at 2,000/s through node:dgram alone (DHCPULSE_FAST_UDP=0, the loop naps): every exchange of a -n run settles, as Kea counts it', (t) =>
	completeRun(t, ['198.19.0.1'], 2000, 2000, '02:59:00:00:00:00', false, 'node:dgram'),
);

test.serial('on-link through the raw socket at 2,000/s: every broadcast DORA of a -n run settles, as Kea counts it', (t) => completeRun(t, ['-l', lab().clientIface], 2000, 2000, '02:58:00:00:00:00', false, null));

test.serial('releases (-F) are counted as sent, never as drops, and Kea frees the addresses', async (t) => {
	const { result: r, delta } = await keaDeltas(lab(), ['pkt4-release-received', 'subnet[2].assigned-addresses', 'pkt4-ack-sent'], () =>
		perfInLab(lab(), ['198.19.0.1', '-r', '200', '-R', '100000', '-b', 'mac=02:55:00:00:00:00', '-p', '2', '-F', '50', '-f', '30'], dir),
	);
	assertRan(t, r);
	assertIdentity(t, r.json);
	const { RA, release, renew } = r.json.exchanges;
	// Only leases the run holds are released (how many depends on how fast the host was).
	t.true(release!.sent > 0 && release!.sent <= RA!.ok, `releases sent: ${release!.sent} of ${RA!.ok} leases`);
	t.false(release!.expectsReply);
	t.like(release, { ok: 0, rejected: 0, timeouts: 0, inFlight: 0 });
	t.is(delta['pkt4-release-received'], release!.sent);
	// New clients each got a new address; the released ones are free again.
	assertKeaSent(t, delta['subnet[2].assigned-addresses']! + release!.sent, 'addresses assigned', RA!);
	t.true(renew!.ok > 0 && renew!.orphans === 0, 'renew ACKs are renew answers, never orphans of REQUEST-ACK');
	t.is(RA!.orphans, 0);
	assertKeaSent(t, delta['pkt4-ack-sent']!, 'ACKs', RA!, renew!);
});

test.serial('a stopped server gives timeouts and late answers; resumed, it answers again', async (t) => {
	const pcap = join(dir, 'stop.pcap');
	const run = spawnPerfInLab(lab(), ['198.19.0.1', '-r', '100', '-R', '5000', '-p', '5', '-d', '0.3', '-t', '0.5', '--json', join(dir, 'stop.json'), '--pcap', pcap, '--no-dashboard']);
	const pid = lab().pid!;
	await run.started;
	await new Promise((r) => setTimeout(r, 300));
	process.kill(pid, 'SIGSTOP');
	await new Promise((r) => setTimeout(r, 1500));
	process.kill(pid, 'SIGCONT');
	const resumedNs = BigInt(Date.now()) * 1_000_000n;
	const r = await run.done;
	const json = JSON.parse(readFileSync(join(dir, 'stop.json'), 'utf8'));
	assertIdentity(t, json);
	const DO = json.exchanges.DO;
	t.true(DO.timeouts >= 30, `timeouts while the server was stopped: ${DO.timeouts}`);
	t.true(DO.late > 0, 'Kea answered the queued requests after it resumed: late');
	t.true(DO.late <= DO.timeouts);
	// Resumed, Kea answers DISCOVERs that were sent after it resumed (the capture's clock is the
	// wall clock, as is ours): proof that does not depend on how fast this host runs.
	const packets = readDhcp4Capture(pcap);
	const sentAfter = new Set(packets.filter((p) => p.type === 1 && p.ns > resumedNs).map((p) => p.xid));
	const answeredAfter = packets.filter((p) => p.type === 2 && sentAfter.has(p.xid)).length;
	t.true(answeredAfter > 0, `OFFERs to DISCOVERs sent after the resume: ${answeredAfter} of ${sentAfter.size}`);
	// No threshold was given, so the run is judged by the default rule: 1 % of timeouts is a WARNING, and the reason says so.
	t.is(r.code, 1, r.stderr);
	t.is(json.exitCode, 1);
	t.regex(json.exitReason, /% of settled requests timed out \(1 % at most without thresholds\)/);
});

test.serial('thresholds: met → exit 0; broken → exit 2 with FAIL lines and the JSON saying which', async (t) => {
	const pass = await perfInLab(lab(), ['198.19.0.1', '-r', '100', '-p', '1', '--max-drop-pct', '5', '--max-p99', '2000', '--min-rate', '50'], dir);
	assertRan(t, pass);
	assertIdentity(t, pass.json);
	t.true(pass.json.thresholds.length >= 3 && pass.json.thresholds.every((x) => x.passed));
	t.regex(pass.stdout, /all thresholds passed/);
	const fail = await perfInLab(lab(), ['198.19.0.1', '-r', '100', '-p', '1', '--max-p99', '0.001', '--min-rate', '1000'], dir);
	t.is(fail.code, 2);
	assertIdentity(t, fail.json);
	t.is(fail.json.exitCode, 2);
	t.deepEqual(
		fail.json.thresholds.map((x) => x.passed),
		fail.json.thresholds.map(() => false),
	);
	t.regex(fail.stdout, /FAIL {2}completed rate \(RA\)/);
});

test.serial('nothing answering is exit 2; -D stops the run early (exit 2)', async (t) => {
	// 198.19.0.77 is on the relay segment but nobody has it: every request times out.
	const silent = await perfInLab(lab(), ['198.19.0.77', '-l', '198.19.0.2', '-r', '100', '-p', '0.5', '-d', '0.2'], dir);
	t.is(silent.code, 2);
	assertIdentity(t, silent.json);
	t.regex(silent.json.exitReason, /nothing answered/);
	const maxDrop = await perfInLab(lab(), ['198.19.0.77', '-l', '198.19.0.2', '-r', '200', '-p', '3', '-d', '0.2', '-D', '10'], dir);
	t.is(maxDrop.code, 2);
	assertIdentity(t, maxDrop.json);
	t.regex(maxDrop.json.exitReason, /^max-drop reached \(-D 10\)/);
	t.true(maxDrop.json.durationS < 2, `stopped early: ${maxDrop.json.durationS} s`);
});

test.serial('SIGINT: stop sending, wait, and still write the report, the JSON and the capture', async (t) => {
	const json = join(dir, 'int.json');
	const pcap = join(dir, 'int.pcap');
	const run = spawnPerfInLab(lab(), ['198.19.0.1', '-r', '200', '-p', '20', '--json', json, '--pcap', pcap, '--no-dashboard']);
	await run.started;
	run.child.kill('SIGINT');
	const r = await run.done;
	t.is(r.code, 3, 'interrupted: UNKNOWN, the run did not measure what was asked');
	const doc = JSON.parse(readFileSync(json, 'utf8'));
	assertIdentity(t, doc);
	t.is(doc.exitCode, 3);
	t.regex(doc.exitReason, /^interrupted \(SIGINT\).*; not judged: the run did not finish$/);
	t.true(doc.durationS < 5);
	t.regex(r.stdout, /ended: interrupted \(SIGINT\)/);
	const types = countDhcp4Types(pcap);
	t.is(types[1], doc.exchanges.DO.sent);
	t.is(types[5], heard(doc.exchanges.RA));
});

test.serial("SIGUSR1 logs the run's status without stopping it", async (t) => {
	const logFile = join(dir, 'usr1.log');
	const config = join(dir, 'log.json');
	const { writeFileSync } = await import('node:fs');
	writeFileSync(config, JSON.stringify({ loggers: [{ name: 'dhcpulse', severity: 'INFO', output_options: [{ output: logFile }] }] }));
	const run = spawnPerfInLab(lab(), ['198.19.0.1', '-r', '100', '-p', '4', '--log-config', config, '--json', join(dir, 'usr1.json'), '--no-dashboard']);
	await run.started;
	run.child.kill('SIGUSR1');
	const r = await run.done;
	assertRan(t, { ...r, json: JSON.parse(readFileSync(join(dir, 'usr1.json'), 'utf8')) });
	const log = readFileSync(logFile, 'utf8');
	const dump = log.split('\n').find((l) => l.includes('STATUS_DUMP perf'));
	t.truthy(dump, log);
	t.regex(dump!, /"state":"running".*"DO":\{"sent":\d+/);
	// Live state: the counters say when they were counted, and a run that has sent says at what rate, from its first dump on.
	const state = JSON.parse(dump!.slice(dump!.indexOf('{')));
	t.true(state.countedAtS <= state.elapsedS);
	if (state.exchanges.DO.sent > 0) t.true(state.rate.sent > 0, dump);
	const doc = JSON.parse(readFileSync(join(dir, 'usr1.json'), 'utf8'));
	t.regex(doc.exitReason, /^period reached/, 'the run went on to its end');
});

// Last: the restart gives the lab's server a new pid, which the SIGSTOP tests above read.
test.serial('a server killed and restarted mid-run: the run goes on, timeouts are counted, answers resume, identity holds, the JSON is written', async (t) => {
	const pcap = join(dir, 'restart.pcap');
	const json = join(dir, 'restart.json');
	const run = spawnPerfInLab(lab(), ['198.19.0.1', '-r', '200', '-R', '5000', '-p', '6', '-d', '0.5', '-t', '0.5', '--json', json, '--pcap', pcap, '--no-dashboard']);
	await run.started;
	await new Promise((r) => setTimeout(r, 500));
	// labRestart stops the server, checks its configuration and starts it again.
	await labRestart(lab().name);
	const backNs = BigInt(Date.now()) * 1_000_000n;
	const r = await run.done;
	const doc = JSON.parse(readFileSync(json, 'utf8'));
	assertIdentity(t, doc);
	t.regex(doc.exitReason, /^period reached \(-p 6\)/, 'the run went on to its end');
	t.true(doc.exchanges.DO.timeouts > 0, 'requests sent while the server was gone timed out');
	t.true(r.code === 0 || r.code === 1, r.stderr);
	// Answers to DISCOVERs sent after the server came back: it is serving the run again.
	const packets = readDhcp4Capture(pcap);
	const sentAfter = new Set(packets.filter((p) => p.type === 1 && p.ns > backNs).map((p) => p.xid));
	t.true(packets.filter((p) => p.type === 2 && sentAfter.has(p.xid)).length > 0);
});
