import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { UserError } from '../exit-codes.js';
import { flushLogs } from '../log/index.js';
import { DashboardObserver } from '../observers/dashboard.js';
import { CsvObserver } from '../observers/csv.js';
import { HdrLogObserver } from '../observers/hdr-log.js';
import { HtmlReportObserver } from '../observers/html-report.js';
import { JsonLinesObserver } from '../observers/jsonl.js';
import { IntervalLinesObserver } from '../observers/interval-lines.js';
import { JsonSummaryObserver } from '../observers/json-summary.js';
import { LeaseListObserver } from '../observers/lease-list.js';
import { PcapObserver } from '../observers/pcap.js';
import { StatusObserver } from '../observers/status.js';
import { TextReportObserver } from '../observers/text-report.js';
import { whileInterruptible } from '../os/interrupt.js';
import type { PerfObserver, RunHandle } from '../perf/observer.js';
import { runPerf } from '../perf/run.js';
import { addFlags } from '../flags.js';
import { footer } from './help.js';
import { PERF_FLAGS, type PerfArgs } from '../perf/flags.js';
import { parsePerfArgs } from '../perf/settings.js';
import { collectEarlyKeys } from '../ui/early-keys.js';
import { colorAllowed, shouldUseDashboard } from '../ui/should-use-dashboard.js';
import type { Command } from './command.js';
import { perfLedgerSource } from './perf-ledger.js';
import version from './version.js';

/**
 * perfdhcp's -w: the wrapped command, run with `start` before the first packet and `stop` after
 * the report (perfdhcp execs it with that one argument, no shell: Kea src/bin/perfdhcp
 * test_control.cc runWrapped). Unlike perfdhcp, dhcpulse waits for it, so what `start` sets up
 * (a capture, a server's statistics reset) is in place before the load begins; its output goes
 * where the report goes.
 */
function runWrapped(command: string, phase: 'start' | 'stop', toStderr: boolean): string | null {
	const r = spawnSync(command, [phase], { stdio: ['ignore', toStderr ? 2 : 'inherit', 'inherit'], timeout: 60_000 });
	if (r.error) return `-w ${command} ${phase}: cannot run it (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
	if (r.status !== 0) return `-w ${command} ${phase}: exited with ${r.status === null ? `signal ${r.signal}` : `status ${r.status}`}`;
	return null;
}

/**
 * `dhcpulse perf [SERVER]`: perfdhcp's command line where its flags mean the same thing
 * (perfdhcp(8), Kea 2.2), with honest accounting, HDR percentiles, worker threads, a live Ink
 * dashboard, JSON / HdrHistogram-log / pcap output and CI thresholds. The flag `-d` is the drop
 * time here (perfdhcp's), not the global --debug short form (src/cli.ts leaves it to perf).
 */
const command: Command = {
	command: 'perf [server]',
	// perfdhcp's -d is the drop time; --debug keeps its long form only.
	claimsShortOptions: ['d'],
	dashValues: ['json'],
	// perfdhcp reads its command line with getopt: `-xi -t2` as typed there means the same here.
	getopt: PERF_FLAGS,
	describe: 'Load-test a DHCP server like perfdhcp, with honest accounting, percentiles and a live dashboard',
	builder: (y) =>
		footer(
			addFlags(y, PERF_FLAGS).positional('server', { type: 'string', describe: 'server address: relay emulation (v4 giaddr / v6 RELAY-FORW); omit (or "all") with -l IFACE for on-link clients' }).conflicts('4', '6'),
			{
				examples: [
					['dhcpulse perf 198.19.0.1 -r 5000 -R 50000 -p 30', 'relayed DORA at 5,000/s for 30 s'],
					['dhcpulse perf -6 2001:db8:2::1 -e address-and-prefix -r 2000 --json out.json', 'relayed SARR with IA_NA + IA_PD, JSON summary'],
					['dhcpulse perf -l eth0 -r 200 -n 1000', 'on-link DORA: broadcast from 0.0.0.0:68 through a raw socket'],
					['dhcpulse perf 198.19.0.1 -r 20000 --workers 2 --max-drop-pct 1 --max-p99 5', 'two threads; exit 2 if > 1 % drops or p99 > 5 ms'],
					['dhcpulse perf 198.19.0.1 --stages 30s:2000,60s:2000,10s:0 --html run.html', 'ramp to 2,000/s, hold, ramp down; an HTML report with plots'],
					['dhcpulse perf 198.19.0.1 --max-in-flight 8 -n 20000 --csv run.csv', 'closed loop: 8 exchanges outstanding; one CSV line per interval'],
				],
				// verdict.ts judge() is the rule; these lines say it in at most 70 characters each.
				exitCodes: [
					'0 OK       thresholds met; without any: under 1 % timeouts and',
					'           rejections, and the asked rate reached',
					'1 WARNING  no thresholds, and 1 % or more timed out or were',
					'           rejected, or the asked rate was not reached',
					'2 CRITICAL a threshold failed, -D stopped the run, nothing',
					'           answered, -u found an address leased twice, or the',
					'           counters do not add up',
					'3 UNKNOWN  bad flag or value, no route or privilege, nothing could',
					'           be sent, or a signal interrupted a run without thresholds',
				],
			},
		),
	async handler(argv) {
		const args = argv as PerfArgs;
		// perfdhcp -v: the version, and nothing else.
		if (args['version-only']) {
			await version.handler(argv);
			return 0;
		}
		const { config, defaultsLine } = parsePerfArgs(args);
		const ledger = perfLedgerSource(config);
		// Young-generation GCs on this thread only: V8 otherwise runs each scavenge on helper
		// threads across every core, and on a 2-core machine shared with the server under test
		// that takes the server's core for a millisecond or two, many times in a run's first
		// second. In the lab at 3,000 DORA/s, alternating runs on a noisy host: mean latency
		// ~420 µs instead of ~700 µs. (Only this flag: the other single-threaded-GC flags crash
		// V8 when set after start-up, seen on Node 20.)
		setFlagsFromString('--no-parallel-scavenge');
		const jsonToStdout = config.json === '-';
		const dashboard = shouldUseDashboard({ stdoutIsTTY: process.stdout.isTTY === true, jsonToStdout, noDashboard: args.dashboard === false, env: process.env });
		// From here on a key typed for the dashboard is kept until it is up (ui/early-keys.ts).
		const earlyKeys = dashboard ? collectEarlyKeys() : null;
		// Interval lines and the report go to stderr when the JSON document owns stdout.
		const write = (text: string): void => {
			(jsonToStdout ? process.stderr : process.stdout).write(text);
		};
		if (defaultsLine) write(`dhcpulse perf: ${defaultsLine}\n`);
		// perfdhcp -x a: the settings as the run will use them (the JSON summary's `settings`).
		if (config.printSettings) write(`dhcpulse perf: settings ${JSON.stringify(config.echo)}\n`);
		const observers: PerfObserver[] = [];
		try {
			// Files first: a path that cannot be written is an error before any socket is opened.
			if (config.hdrLog !== null) observers.push(new HdrLogObserver(config.hdrLog));
			if (args['text-report'] !== undefined) observers.push(new TextReportObserver(write, args['text-report']));
			if (config.csv !== null) observers.push(new CsvObserver(config.csv));
			if (config.jsonl !== null) observers.push(new JsonLinesObserver(config.jsonl));
			if (config.html !== null) observers.push(new HtmlReportObserver(config.html));
			observers.push(dashboard ? new DashboardObserver((await import('../ui/live.js')).startDashboard, { earlyKeys, color: colorAllowed(process.env) }) : new IntervalLinesObserver(write));
			if (config.pcap !== null) observers.push(new PcapObserver(config.pcap, config.workers));
			// Below the dashboard's summary (or the interval lines): observers finish in this order.
			if (args['text-report'] === undefined) observers.push(new TextReportObserver(write));
			observers.push(new StatusObserver());
			if (config.printLeases) observers.push(new LeaseListObserver(write));
			if (config.json !== null) observers.push(new JsonSummaryObserver(config.json));
			// prom-client is loaded only when metrics are asked for.
			if (config.metricsListen !== null) observers.push(await (await import('../observers/metrics.js')).MetricsObserver.open(config.metricsListen, config.metricsLingerS));
			if (config.wrapped !== null) {
				const failed = runWrapped(config.wrapped, 'start', jsonToStdout);
				if (failed) throw new UserError(`${failed}; nothing was sent`);
			}
			let run: RunHandle | null = null;
			let result;
			try {
				result = await whileInterruptible(
					(signal) => run?.interrupt(signal),
					() => runPerf(config, { observers, inProcess: config.workers === 1 && !dashboard, onHandle: (h) => (run = h), ledger }),
				);
			} finally {
				const failed = config.wrapped === null ? null : runWrapped(config.wrapped, 'stop', jsonToStdout);
				if (failed) process.stderr.write(`dhcpulse perf: ${failed}\n`);
			}
			flushLogs();
			return result.exitCode;
		} catch (error) {
			for (const o of observers) o.close?.();
			earlyKeys?.release();
			if (error instanceof UserError) throw error;
			throw new UserError(`perf: ${error instanceof Error ? error.message : String(error)}`);
		}
	},
};

export default command;
