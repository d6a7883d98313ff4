/**
 * Shared by the perf test files: run `dhcpulse perf` inside a lab, read its JSON summary, count
 * DHCP message types in a capture, read Kea's counters.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { Dhcp4Scan, readCiaddr } from '../src/codec/dhcp4/fast.js';
import { OFFSET } from '../src/codec/dhcp4/message.js';
import { kea4Config } from '../src/lab/config-kea.js';
import { labStats, type LabInfo } from '../src/lab/index.js';
import { extractUdp } from '../src/net/datagram.js';
import { readCapture } from '../src/pcap/reader.js';
import type { PerfJson } from '../src/perf/json.js';
import { identityHolds } from '../src/perf/accounting.js';
import { BIN, runCli, type CliResult } from './helpers/cli.js';
import { execInLab, labExecArgs } from './helpers/lab.js';

export function scratch(prefix: string): string {
	return mkdtempSync(join(tmpdir(), `dhcpulse-${prefix}-`));
}

export interface PerfRun extends CliResult {
	json: PerfJson;
}

/** `dhcpulse perf ARGS… --json FILE` in the lab's client namespace; the summary parsed. */
export async function perfInLab(info: LabInfo, args: string[], dir: string, timeoutMs = 30_000, env: NodeJS.ProcessEnv = {}): Promise<PerfRun> {
	const file = join(dir, `run-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
	const r = await runCli(['perf', ...args, '--json', file], { prefix: labExecArgs(info), timeoutMs, env });
	let json: PerfJson;
	try {
		json = JSON.parse(readFileSync(file, 'utf8')) as PerfJson;
	} catch {
		throw new Error(`perf wrote no JSON (exit ${r.code}): ${r.stderr}`);
	}
	return { ...r, json };
}

/**
 * Waits until the lab's client-side links have carrier: right after `lab up` the veths can still
 * be NO-CARRIER, and Node lists no addresses of such an interface (libuv skips them).
 */
export async function waitForCarrier(info: LabInfo): Promise<void> {
	for (let i = 0; i < 100; i++) {
		const r = await execInLab(info, ['cat', `/sys/class/net/${info.relayIface}/carrier`, `/sys/class/net/${info.clientIface}/carrier`], 5000);
		if (r.stdout.split('\n').filter((l) => l.trim() === '1').length === 2) return;
		await new Promise((res) => setTimeout(res, 100));
	}
	throw new Error(`lab ${info.name}: no carrier on its client links after 10 s`);
}

/** Starts `dhcpulse perf` in the lab without waiting, for signal tests; `started` resolves at its first interval line. */
export function spawnPerfInLab(info: LabInfo, args: string[]): { child: ChildProcess; done: Promise<CliResult>; started: Promise<void> } {
	const argv = [...labExecArgs(info), process.execPath, BIN, 'perf', ...args];
	const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	let onStarted: () => void = () => {};
	const started = new Promise<void>((r) => (onStarted = r));
	child.stdout!.on('data', (b: Buffer) => {
		out.push(b);
		if (/^\[/m.test(Buffer.concat(out).toString('utf8'))) onStarted();
	});
	child.stderr!.on('data', (b: Buffer) => err.push(b));
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	const done = new Promise<CliResult>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		});
	});
	return { child, done, started };
}

/**
 * Runs perf in the lab with `--json file --no-dashboard` added, and stops the lab's server
 * (SIGSTOP, as a server that hangs) `afterMs` after the run started, for `forMs`; the server is
 * always let go again. Returns the run's result and its JSON.
 */
export async function perfWithServerStopped(info: LabInfo, args: string[], file: string, afterMs: number, forMs: number): Promise<{ result: CliResult; json: PerfJson }> {
	const run = spawnPerfInLab(info, [...args, '--json', file, '--no-dashboard']);
	await run.started;
	await new Promise((res) => setTimeout(res, afterMs));
	process.kill(info.pid!, 'SIGSTOP');
	try {
		await new Promise((res) => setTimeout(res, forMs));
	} finally {
		process.kill(info.pid!, 'SIGCONT');
	}
	const result = await run.done;
	return { result, json: JSON.parse(readFileSync(file, 'utf8')) as PerfJson };
}

/** Every exchange that expects replies satisfies sent = ok + rejected + timeouts + inFlight. */
export function assertIdentity(t: ExecutionContext, json: PerfJson): void {
	t.true(json.identityHolds, 'the run says its identity holds');
	for (const [name, e] of Object.entries(json.exchanges)) {
		t.true(identityHolds(e, e.expectsReply), `identity for ${name}: ${JSON.stringify(e)}`);
		if (e.expectsReply) t.is(e.sent, e.ok + e.rejected + e.timeouts + e.inFlight, name);
	}
}

/** A DHCPv4 message in a capture: its type (option 53, 0 if unreadable), xid, wall time in ns, ciaddr and chaddr's first 6 octets as hex. */
export interface Captured4 {
	type: number;
	xid: number;
	ns: bigint;
	ciaddr: number;
	mac: string;
}

export function readDhcp4Capture(file: string): Captured4[] {
	const packets: Captured4[] = [];
	const scan = new Dhcp4Scan();
	for (const r of readCapture(readFileSync(file))) {
		const u = extractUdp(r.linktype, r.data);
		if (u.kind !== 'udp') continue;
		let type = 0;
		let xid = 0;
		let ciaddr = 0;
		let mac = '';
		try {
			const s = scan.scan(u.payload);
			type = s.messageType;
			xid = s.xid;
			ciaddr = readCiaddr(u.payload);
			mac = Buffer.from(u.payload.subarray(OFFSET.chaddr, OFFSET.chaddr + 6)).toString('hex');
		} catch {
			// Not a DHCPv4 message: type 0.
		}
		packets.push({ type, xid, ns: r.timestamp, ciaddr, mac });
	}
	return packets;
}

/** DHCPv4 message types (option 53) of the packets in a capture, counted. */
export function countDhcp4Types(file: string): Record<number, number> {
	const counts: Record<number, number> = {};
	for (const p of readDhcp4Capture(file)) counts[p.type] = (counts[p.type] ?? 0) + 1;
	return counts;
}

type Answered = Pick<PerfJson['exchanges'][string], 'ok' | 'late' | 'duplicates' | 'orphans' | 'timeouts' | 'inFlight'>;

/**
 * Every answer the engine heard is in its capture and in its counts: on time (ok), after the drop
 * time (late), a second answer (duplicate), or matching nothing (orphan). So the replies of an
 * exchange in the capture are exactly these, however slow the host was.
 */
export function heard(...xs: Answered[]): number {
	return xs.reduce((n, x) => n + x.ok + x.late + x.duplicates + x.orphans, 0);
}

/**
 * Kea's count of answers it sent, against ours. Each answer we heard Kea sent; beyond those, Kea
 * may also have answered requests we gave up on and never heard back from (their answer came
 * after the run stopped listening). With no timeouts the two agree exactly, and a busy host that
 * delays answers past the drop time cannot make the check fail, only widen it.
 */
export function assertKeaSent(t: ExecutionContext, keaSent: number, what: string, ...xs: Answered[]): void {
	const seen = xs.reduce((n, x) => n + x.ok + x.late + x.duplicates, 0);
	// Given up on, or still in flight when the run ended (its drain over): Kea may have answered either after.
	const unheard = xs.reduce((n, x) => n + x.timeouts - x.late + x.inFlight, 0);
	if (unheard === 0) t.is(keaSent, seen, what);
	else t.true(keaSent >= seen && keaSent <= seen + unheard, `${what}: Kea sent ${keaSent}; we heard ${seen} and gave up on ${unheard} unanswered`);
}

/** Kea's counters before and after `body`, as deltas. */
export async function keaDeltas<T>(info: LabInfo, names: string[], body: () => Promise<T>): Promise<{ result: T; delta: Record<string, number> }> {
	const before = await labStats(info);
	const result = await body();
	// Kea counts a packet once it has processed it. On a busy host it may still be working through
	// its socket queue, so read until two readings 250 ms apart agree (at most 10 s).
	let after = await labStats(info);
	for (let i = 0; i < 40; i++) {
		await new Promise((r) => setTimeout(r, 250));
		const again = await labStats(info);
		const settled = names.every((n) => again[n] === after[n]);
		after = again;
		if (settled) break;
	}
	const delta: Record<string, number> = {};
	for (const n of names) delta[n] = Number(after[n] ?? 0) - Number(before[n] ?? 0);
	return { result, delta };
}

/**
 * Starts test/helpers/lossy-forwarder.ts in the lab's client namespace: a hop at `listen` that
 * drops the first transmission of every request on its way to `server`. `stop()` ends it and
 * returns its own count, `dropped N forwarded M`.
 */
export async function startLossyForwarder(info: LabInfo, family: 4 | 6, listen: string, server: string): Promise<{ stop: () => Promise<string> }> {
	const script = fileURLToPath(new URL('./helpers/lossy-forwarder.ts', import.meta.url));
	const argv = [...labExecArgs(info), process.execPath, '--import=tsx', script, String(family), listen, server];
	const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
	let out = '';
	child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
	const closed = new Promise<void>((r) => child.on('close', () => r()));
	const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
	for (let i = 0; i < 200 && !out.includes('ready'); i++) await new Promise((r) => setTimeout(r, 50));
	if (!out.includes('ready')) {
		child.kill('SIGKILL');
		throw new Error(`the lossy forwarder did not start: ${out}`);
	}
	return {
		stop: async () => {
			child.kill('SIGTERM');
			await closed;
			clearTimeout(timer);
			return out.replace('ready\n', '').trim();
		},
	};
}

/**
 * A run that did its job: exit 0, or exit 1 (WARNING) for no other reason than what a busy host
 * causes on its own: timeouts, or the generator falling short of the asked rate. The tests that
 * use it check the accounting against Kea's own counters, which holds either way, and must pass
 * on a loaded machine; the verdict's rule is pinned in perf-lifecycle.test.ts.
 */
export function assertRan(t: ExecutionContext, r: PerfRun): void {
	if (r.code === 0) return;
	t.is(r.code, 1, r.stderr);
	const reasons = r.json.exitReason.split('; ').slice(2);
	t.true(reasons.length > 0 && reasons.every((x) => /timed out \(1 % at most without thresholds\)$|^asked rate not reached:/.test(x)), r.json.exitReason);
}

/**
 * The lab's generated Kea DHCPv4 configuration with the relayed subnet's pool (198.19.0.0/16,
 * subnet id 2) replaced by `pool` (Kea's `FIRST - LAST`), written to `dir`, for useLab's `config`:
 * a pool smaller than the clients makes a server that runs out of addresses on cue.
 */
export function kea4ConfigWithRelayPool(dir: string, pool: string): string {
	const file = join(dir, 'kea-dhcp4.conf');
	const config = kea4Config({ leaseFile: join(dir, 'leases4.csv'), controlSocket: join(dir, 'kea4.sock') }) as { Dhcp4: { subnet4: { id: number; pools: { pool: string }[] }[] } };
	config.Dhcp4.subnet4.find((s) => s.id === 2)!.pools = [{ pool }];
	writeFileSync(file, JSON.stringify(config, null, '\t'));
	return file;
}
