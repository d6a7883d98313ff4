import { setFlagsFromString } from 'node:v8';
import { UserError } from '../exit-codes.js';
import { flushLogs } from '../log/index.js';
import { DashboardObserver } from '../observers/dashboard.js';
import { HdrLogObserver } from '../observers/hdr-log.js';
import { IntervalLinesObserver } from '../observers/interval-lines.js';
import { JsonSummaryObserver } from '../observers/json-summary.js';
import { PcapMergeObserver } from '../observers/pcap-merge.js';
import { StatusObserver } from '../observers/status.js';
import { TextReportObserver } from '../observers/text-report.js';
import { whileInterruptible } from '../os/interrupt.js';
import type { PerfObserver, RunHandle } from '../perf/observer.js';
import { runPerf } from '../perf/run.js';
import { parsePerfArgs, type PerfArgs } from '../perf/settings.js';
import { shouldUseDashboard } from '../ui/should-use-dashboard.js';
import { setExitCode, type Command } from './registry.js';

/**
 * `dhcpulse perf [SERVER]`: perfdhcp's command line where its flags mean the same thing
 * (anchors-perfdhcp.md §1), with honest accounting, HDR percentiles, worker threads, a live Ink
 * dashboard, JSON / HdrHistogram-log / pcap output and CI thresholds. The flag `-d` is the drop
 * time here (perfdhcp's), not the global --debug short form (src/cli.ts leaves it to perf).
 */
const command: Command = {
	command: 'perf [server]',
	// perfdhcp's -d is the drop time; --debug keeps its long form only.
	claimsShortOptions: ['d'],
	describe: 'Load-test a DHCP server like perfdhcp, with honest accounting, percentiles and a live dashboard',
	builder: (y) =>
		y
			.positional('server', { type: 'string', describe: 'server address: relay emulation (v4 giaddr / v6 RELAY-FORW); omit (or "all") with -l IFACE for on-link clients' })
			.option('4', { type: 'boolean', describe: 'DHCPv4 (the default)', conflicts: '6' })
			.option('6', { type: 'boolean', describe: 'DHCPv6' })
			.option('rate', { alias: 'r', type: 'number', describe: 'new exchanges per second (open loop) [default: 100]' })
			.option('clients', { alias: 'R', type: 'number', describe: 'number of simulated clients [default: 10000; perfdhcp: 1]' })
			.option('num-request', { alias: 'n', type: 'number', describe: 'stop after starting this many exchanges' })
			.option('period', { alias: 'p', type: 'number', describe: 'test period, seconds (fractions allowed) [default: 10 when -n is not given]' })
			.option('max-drop', { alias: 'D', type: 'string', describe: 'stop (exit 2) after N timeouts, or N% of settled requests' })
			.option('drop-time', { alias: 'd', type: 'number', describe: 'seconds before an unanswered request is a timeout [default: 1]' })
			.option('report', { alias: 't', type: 'number', describe: 'report interval, seconds [default: 1]' })
			.option('two-way', { alias: 'i', type: 'boolean', describe: 'only DISCOVER-OFFER / SOLICIT-ADVERTISE' })
			.option('renew-rate', { alias: 'f', type: 'number', describe: 'renews per second, of leases acquired in this run' })
			.option('release-rate', { alias: 'F', type: 'number', describe: 'releases per second, of leases acquired in this run' })
			.option('local', { alias: 'l', type: 'array', string: true, describe: 'relay mode: local address(es) or interface to send from (one address per worker); on-link: the interface' })
			.option('local-port', { alias: 'L', type: 'number', describe: 'local port [default: 67 relay v4, 68 on-link v4, 547 relay v6, 546 on-link v6]' })
			.option('base', { alias: 'b', type: 'string', array: true, describe: 'mac=02:00:0c:00:00:00 or duid=HEX: client 0\'s identity; client i adds i' })
			.option('seed', { alias: 's', type: 'number', describe: 'seed for the order clients are used in (default: sequential)' })
			.option('lease-type', { alias: 'e', type: 'string', describe: 'DHCPv6: address-only (IA_NA), prefix-only (IA_PD) or address-and-prefix [default: address-only]' })
			.option('rapid-commit', { alias: 'c', type: 'boolean', describe: 'DHCPv6 Rapid Commit: SOLICIT-REPLY' })
			.option('exit-wait', { alias: 'W', type: 'number', describe: 'seconds to wait for answers after sending stops (perfdhcp: µs) [default: the drop time]' })
			.option('preload', { alias: 'P', type: 'number', describe: 'exchanges sent back-to-back first, not counted' })
			.option('warm-up', { type: 'number', describe: 'seconds of uncounted exchanges before the measured run, so the JIT has compiled its hot paths before anything is counted' })
			.option('warm-up-rate', { type: 'number', describe: 'new exchanges per second during --warm-up [default: the rate of -r]' })
			.option('relay-levels', { alias: 'A', type: 'number', describe: 'DHCPv6 RELAY-FORW levels in relay mode [default: 1]' })
			.option('raw-option', { alias: 'o', type: 'string', array: true, describe: 'perfdhcp\'s CODE,HEX option added to every request; repeatable' })
			.option('option', { type: 'string', array: true, describe: 'an option in the dhcpulse language, CODE[FMT]=VALUE; repeatable' })
			.option('scenario', { type: 'string', describe: 'basic: new exchanges paced at -r; avalanche: all -R clients at once, retransmitted after 1, 2, 4 … 64 s until answered or -d (default 60 s) passes' })
			.option('busy-poll', { type: 'boolean', describe: 'never sleep while sending: lowest latency, at the cost of a whole core per worker (from 1,000/s the loop already polls every ~0.1 ms, as perfdhcp does)' })
			.option('workers', { type: 'number', describe: 'relay mode: worker threads, each with its own relay address [default: 1]' })
			.option('json', { type: 'string', describe: 'write the summary as JSON to FILE, or - for stdout' })
			.option('hdr-log', { type: 'string', describe: 'write per-interval latency histograms as an HdrHistogram log to FILE' })
			.option('pcap', { type: 'string', describe: 'write every packet sent and received to FILE (pcap)' })
			.option('max-drop-pct', { type: 'number', describe: 'threshold: timeouts at most this % of settled requests (else exit 2)' })
			.option('max-p99', { type: 'number', describe: 'threshold: p99 latency of each exchange at most this many ms' })
			.option('min-rate', { type: 'number', describe: 'threshold: completed exchanges per second at least this' })
			.option('dashboard', { type: 'boolean', default: true, describe: 'live dashboard on a terminal; --no-dashboard prints interval lines' })
			.example([
				['$0 perf 198.19.0.1 -r 5000 -R 50000 -p 30', 'relayed DORA at 5,000/s for 30 s'],
				['$0 perf -6 2001:db8:2::1 -e address-and-prefix -r 2000 --json out.json', 'relayed SARR with IA_NA + IA_PD, JSON summary'],
				['$0 perf -l eth0 -r 200 -n 1000', 'on-link DORA: broadcast from 0.0.0.0:68 through a raw socket'],
				['$0 perf 198.19.0.1 -r 20000 --workers 2 --max-drop-pct 1 --max-p99 5', 'two threads; exit 2 if > 1 % drops or p99 > 5 ms'],
			]),
	async handler(argv) {
		const args = argv as unknown as PerfArgs;
		const { config, defaultsLine } = parsePerfArgs(args);
		// Young-generation GCs on this thread only: V8 otherwise runs each scavenge on helper
		// threads across every core, and on a 2-core machine shared with the server under test
		// that takes the server's core for a millisecond or two, many times in a run's first
		// second. In the lab at 3,000 DORA/s, alternating runs on a noisy host: mean latency
		// ~420 µs instead of ~700 µs. (Only this flag: the other single-threaded-GC flags crash
		// V8 when set after start-up, seen on Node 20.)
		setFlagsFromString('--no-parallel-scavenge');
		const jsonToStdout = config.json === '-';
		const dashboard = shouldUseDashboard({ stdoutIsTTY: process.stdout.isTTY === true, jsonToStdout, noDashboard: args.dashboard === false, env: process.env });
		// Interval lines and the report go to stderr when the JSON document owns stdout.
		const write = (text: string): void => {
			(jsonToStdout ? process.stderr : process.stdout).write(text);
		};
		if (defaultsLine) write(`dhcpulse perf: ${defaultsLine}\n`);
		const observers: PerfObserver[] = [];
		try {
			// Files first: a path that cannot be written is an error before any socket is opened.
			if (config.hdrLog !== null) observers.push(new HdrLogObserver(config.hdrLog));
			observers.push(dashboard ? new DashboardObserver((await import('../ui/live.js')).startDashboard) : new IntervalLinesObserver(write));
			if (config.pcap !== null) observers.push(new PcapMergeObserver(config.pcap, config.workers));
			observers.push(new TextReportObserver(write), new StatusObserver());
			if (config.json !== null) observers.push(new JsonSummaryObserver(config.json));
			let run: RunHandle | null = null;
			const result = await whileInterruptible(
				(signal) => run?.stop(`interrupted (${signal})`),
				() => runPerf(config, { observers, inProcess: config.workers === 1 && !dashboard, onHandle: (h) => (run = h) }),
			);
			flushLogs();
			setExitCode(result.exitCode);
		} catch (error) {
			for (const o of observers) o.close?.();
			if (error instanceof UserError) throw error;
			throw new UserError(`perf: ${error instanceof Error ? error.message : String(error)}`);
		}
	},
};

export default command;
