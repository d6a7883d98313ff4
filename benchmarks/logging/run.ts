/**
 * What logging costs dhcpulse. Run: npm run bench:logging
 *
 * 1. Disabled calls: the hot path of a load run at 50,000 packets/s with packet logging off. A
 *    disabled call must be one integer comparison with no formatting and no allocation; this
 *    measures its CPU time per call, turns that into percent of one core at 50,000 packets/s
 *    with several log calls per packet, and counts garbage collections during the loop (none
 *    means nothing was allocated).
 * 2. Enabled calls to a file (Kea's default pattern, rotation on), with flush true and false.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { configureLogging, DebugLevel, flushLogs, getLogger, Msg, resetLogging } from '../../src/log/index.js';

const PACKETS_PER_SECOND = 50_000;
const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-bench-logging-'));

function cpuSeconds(run: () => void): number {
	const start = process.cpuUsage();
	run();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1e6;
}

function countGcs(run: () => void): Promise<number> {
	return new Promise((resolve) => {
		let count = 0;
		const observer = new PerformanceObserver((list) => {
			count += list.getEntries().length;
		});
		observer.observe({ entryTypes: ['gc'] });
		run();
		// GC entries are delivered asynchronously.
		setTimeout(() => {
			observer.disconnect();
			resolve(count);
		}, 100);
	});
}

function configure(name: string, output: Record<string, unknown>, severity = 'INFO'): void {
	const file = join(dir, `${name}.json`);
	writeFileSync(file, JSON.stringify({ loggers: [{ name: 'dhcpulse', severity, output_options: [output] }] }));
	configureLogging({ configFile: file, env: {} });
}

async function disabledCalls(): Promise<void> {
	configure('disabled', { output: join(dir, 'disabled.log') });
	const log = getLogger('dhcpulse.packets');
	const calls = 50_000_000;
	const xid = 0x1234abcd;
	const loop = (): void => {
		for (let i = 0; i < calls; i++) {
			log.debug(DebugLevel.PACKETS, Msg.PROBE_RECEIVED, 'DHCPOFFER', '198.19.0.1', xid);
			if (log.isDebugEnabled(DebugLevel.PACKET_CONTENTS)) log.debug(DebugLevel.START_SHUTDOWN, Msg.LOG_WORKER_ATTACHED, String(i));
		}
	};
	loop(); // warm up and let the JIT settle
	const seconds = cpuSeconds(loop);
	const gcs = await countGcs(loop);
	// Each iteration is one disabled debug() call and one isDebugEnabled() guard: two calls.
	const nsPerCall = (seconds * 1e9) / (calls * 2);
	console.log('Disabled calls (packet logging off: logger at INFO, calls at DEBUG 50/55)');
	console.log(`  ${(nsPerCall).toFixed(2)} ns CPU per call; ${gcs} garbage collections during ${calls * 2} calls`);
	for (const perPacket of [1, 4, 10]) {
		const percent = ((PACKETS_PER_SECOND * perPacket * nsPerCall) / 1e9) * 100;
		console.log(`  ${perPacket} call(s) per packet at ${PACKETS_PER_SECOND} packets/s: ${percent.toFixed(4)} % of one core`);
	}
	resetLogging({});
}

function enabledToFile(flush: boolean): void {
	const file = join(dir, `enabled-${flush}.log`);
	configure(`enabled-${flush}`, { output: file, flush, maxsize: 10_240_000, maxver: 9 });
	const log = getLogger('dhcpulse.perf');
	const lines = 300_000;
	let bytes = 0;
	const seconds = cpuSeconds(() => {
		for (let i = 0; i < lines; i++) log.warn(Msg.NET_ERROR, 'ECONNREFUSED', 'sending DISCOVER to 198.18.0.1:67', `xid 0x${i.toString(16)}`);
		flushLogs();
	});
	resetLogging({});
	for (const suffix of ['', '.1', '.2', '.3', '.4', '.5', '.6', '.7', '.8', '.9']) if (existsSync(file + suffix)) bytes += statSync(file + suffix).size;
	console.log(`Enabled calls to a file, flush ${flush}, Kea's default pattern, rotating at 10 MB`);
	console.log(`  ${Math.round(lines / seconds).toLocaleString('en')} lines/s, ${(bytes / seconds / 1e6).toFixed(1)} MB/s (per CPU second)`);
}

try {
	await disabledCalls();
	enabledToFile(true);
	enabledToFile(false);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
