import { setFlagsFromString } from 'node:v8';
import { CAPACITY_DEFAULTS, CAPACITY_FLAGS, REFUSED_FLAGS, sharedSettings, type CapacityArgs } from '../capacity/flags.js';
import { capacityJson, type KneeLedger } from '../capacity/json.js';
import { kneeTrials, searchCapacity, type Criteria, type VerdictKind } from '../capacity/search.js';
import { criteriaText, resultText, trialLine } from '../capacity/text.js';
import { runTrial } from '../capacity/trial.js';
import { ExitCode, UserError } from '../exit-codes.js';
import { addFlags, checkNumber, refuseInstead, type FlagSpec } from '../flags.js';
import { flushLogs } from '../log/index.js';
import { OutputFile } from '../observers/output-file.js';
import { whileInterruptible, type InterruptSignal } from '../os/interrupt.js';
import { CapacityDashboard } from '../observers/capacity-dashboard.js';
import { modeOf, targetOf } from '../perf/config.js';
import type { Ledger } from '../perf/ledger.js';
import type { RunHandle } from '../perf/observer.js';
import { colorAllowed, shouldUseDashboard } from '../ui/should-use-dashboard.js';
import { parsePerfArgs, type PerfArgs } from '../perf/settings.js';
import type { Command } from './command.js';
import { epilogue } from './help.js';
import { perfLedgerSource } from './perf-ledger.js';

/** The exit code of each way a search ends (README, "capacity"). */
const EXIT: Record<VerdictKind, number> = {
	knee: ExitCode.OK,
	'generator-limit': ExitCode.WARNING,
	'above-max-rate': ExitCode.WARNING,
	'no-knee': ExitCode.WARNING,
	'failed-at-lowest': ExitCode.CRITICAL,
};

const flag = (name: string): FlagSpec => CAPACITY_FLAGS.find((f) => f.name === name)!;

/**
 * `dhcpulse capacity SERVER`: the highest rate the server sustains under the criteria, by a coarse
 * search, a bisection and a shuffled ladder of repeated trials (src/capacity/search.ts), each trial
 * a bounded perf run with the perf flags given.
 */
const command: Command = {
	command: 'capacity [server]',
	claimsShortOptions: ['d'],
	dashValues: ['json'],
	// Its perf flags as perf reads them (perfdhcp's getopt).
	getopt: CAPACITY_FLAGS,
	describe: 'Find the highest rate a DHCP server sustains under your criteria (drops, p99, rejections), with a confidence interval',
	builder: (y) =>
		addFlags(y, CAPACITY_FLAGS)
			.positional('server', { type: 'string', describe: 'server address: relay emulation (v4 giaddr / v6 RELAY-FORW); omit with -l IFACE for on-link clients' })
			.conflicts('4', '6')
			.epilogue(
				epilogue({
					examples: [
						['dhcpulse capacity 198.19.0.1', 'relayed DORA: the highest rate with at most 1 % drops'],
						['dhcpulse capacity 198.19.0.1 --max-p99 10 --trials 5 --json cap.json', 'also p99 ≤ 10 ms; 5 trials a rung; every trial in JSON'],
						['dhcpulse capacity -6 2001:db8:2::1 -e address-and-prefix --max-time 300', 'relayed SARR with IA_NA + IA_PD, within 5 minutes'],
						['dhcpulse capacity 198.19.0.1 --html cap.html', 'the curve and the knee as one HTML page that opens offline'],
					],
					exitCodes: [
						'0 OK       a knee was found: the capacity, with its interval',
						'1 WARNING  no knee: the generator reached its limit first, every rate',
						'           up to --max-rate passed, or time ran out (--max-time)',
						'2 CRITICAL the server failed the criteria at the lowest rate',
						'3 UNKNOWN  bad flag or value (nothing is sent), or no trial could send',
					],
				}),
			),
	async handler(argv) {
		refuseInstead(REFUSED_FLAGS, argv);
		const a = argv as CapacityArgs;
		const num = (name: string): number | undefined => checkNumber(flag(name), a[name as keyof CapacityArgs] as number | string | undefined);
		const trialDurationS = num('trial-duration') ?? CAPACITY_DEFAULTS.trialDurationS;
		const trialsPerRung = num('trials') ?? CAPACITY_DEFAULTS.trialsPerRung;
		const startRate = num('start-rate') ?? CAPACITY_DEFAULTS.startRate;
		const maxRate = num('max-rate') ?? CAPACITY_DEFAULTS.maxRate;
		const maxTimeS = num('max-time') ?? CAPACITY_DEFAULTS.maxTimeS;
		if (startRate > maxRate) throw new UserError(`--start-rate ${startRate}: above --max-rate ${maxRate}`);
		const criteria: Criteria = { maxDropPct: num('max-drop-pct') ?? CAPACITY_DEFAULTS.maxDropPct, maxRejectPct: num('max-reject-pct') ?? null, maxP99Ms: num('max-p99') ?? null };
		// Each trial is a perf run with the user's flags, the trial's rate and the trial's length; the
		// criteria are judged by the search, and the search writes the one JSON document.
		const perfArgs = (rate: number): PerfArgs => ({ ...(a as PerfArgs), rate, period: trialDurationS, json: undefined, html: undefined, 'max-drop-pct': undefined, 'max-reject-pct': undefined, 'max-p99': undefined });
		// Every check of the perf flags is made here, once, before anything is sent.
		const { config: first, defaultsLine } = parsePerfArgs(perfArgs(startRate));
		// The server's side (a lab's Kea through DHCPULSE_LAB or --lab, --kea-socket, --kea-api), checked
		// here before anything is sent; the ladder's trials read it, and the result shows it at the knee.
		const source = perfLedgerSource(first);
		const ledgerSource = source.sources.server !== null || source.sources.serverKernel !== null ? source : null;
		const jsonTarget = a.json === undefined ? null : a.json === '' ? '-' : a.json;
		const jsonToStdout = jsonTarget === '-';
		if (a.html === '') throw new UserError('--html: needs a file name');
		// Both created before anything is sent, so a path that cannot be written is said at once. The
		// page is written at the end, from the same document as --json.
		const jsonFile = jsonTarget !== null && !jsonToStdout ? new OutputFile('--json', jsonTarget) : null;
		let htmlFile: OutputFile | null = null;
		try {
			htmlFile = a.html === undefined ? null : new OutputFile('--html', a.html);
		} catch (error) {
			jsonFile?.close();
			throw error;
		}
		// As perf does (commands/perf.ts): young-generation GCs on this thread only, so V8's helper threads do not take the server's core.
		setFlagsFromString('--no-parallel-scavenge');
		const write = (text: string): void => {
			(jsonToStdout ? process.stderr : process.stdout).write(text);
		};
		const mode = modeOf(first);
		const target = targetOf(first);
		// A person at a terminal sees the search live (observers/capacity-dashboard.ts); else one line a trial.
		const live = shouldUseDashboard({ stdoutIsTTY: process.stdout.isTTY === true, jsonToStdout, noDashboard: a.dashboard === false, env: process.env })
			? new CapacityDashboard(
					(await import('../ui/CapacityView.js')).startCapacityView,
					{ mode, family: first.family, target, criteria: criteriaText(criteria), maxDropPct: criteria.maxDropPct, maxTimeS },
					{ color: colorAllowed(process.env), trialLine },
				)
			: null;
		const perfDefaults = defaultsLine
			.replace(/^defaults: /, '')
			.split(', ')
			.filter((d) => !d.startsWith('-p ') && !d.startsWith('-r '));
		write(
			`dhcpulse capacity: ${mode}, ${target}; criteria: ${criteriaText(criteria)}; trials of ${trialDurationS} s, ${trialsPerRung} a rung, from ${startRate}/s to at most ${maxRate}/s, within ${maxTimeS} s; the same ${first.clients} clients in every trial${perfDefaults.length > 0 ? `; perf defaults: ${perfDefaults.join(', ')}` : ''}\n`,
		);
		live?.begin();
		let current: RunHandle | null = null;
		const ledgers = new Map<number, Ledger>();
		let stopped: InterruptSignal | null = null;
		const t0 = performance.now();
		try {
			const result = await whileInterruptible(
				(signal) => {
					stopped = signal;
					current?.interrupt(signal);
				},
				() =>
					searchCapacity(
						async (rate, start) => {
							const run = await runTrial(
								parsePerfArgs(perfArgs(rate)).config,
								(h) => {
									current = h;
									// A signal that came while the trial was opening its sockets stops it as soon as it can be stopped.
									if (h !== null && stopped !== null) h.interrupt(stopped);
								},
								// The knee comes from the ladder's trials: they read the ledger (before and after, not during).
								{ observers: live ? [live.trialStarting(start)] : [], ledger: start.phase === 'ladder' ? ledgerSource : null },
							);
							if (run.ledger) ledgers.set(start.trial, run.ledger);
							return run.figures;
						},
						{
							criteria,
							startRate,
							maxRate,
							trialsPerRung,
							maxTimeS,
							nowS: () => performance.now() / 1000,
							onTrial: (t, progress) => (live ? live.trialDone(t, progress) : write(`${trialLine(t)}\n`)),
							onWarning: (w) => (live ? live.warning(w) : write(`warning: ${w}\n`)),
							stopped: () => stopped !== null,
						},
					),
			);
			const exitCode = EXIT[result.verdict.kind];
			await live?.finish(result.verdict.text);
			const kneeLedgers: KneeLedger[] = kneeTrials(result).flatMap(({ side, trial }) => {
				const ledger = ledgers.get(trial.trial);
				return ledger ? [{ side, rate: trial.rate, trial: trial.trial, passed: trial.passed, dropPct: trial.dropPct, ledger }] : [];
			});
			write(resultText(result, mode, kneeLedgers));
			const json = capacityJson(
				result,
				{
					mode,
					target,
					settings: sharedSettings(first.echo),
					search: { trialDurationS, trialsPerRung, startRate, maxRate, maxTimeS, seed: result.seed },
					kneeLedgers,
					elapsedS: Math.round(performance.now() - t0) / 1000,
				},
				exitCode,
			);
			if (htmlFile !== null) {
				// Loaded only when asked: the page's renderer and charting bundle are no part of a search.
				const [{ capacityDocument }, { renderHtml }] = await Promise.all([import('../report/capacity.js'), import('../report/html.js')]);
				htmlFile.write(renderHtml(capacityDocument(json, new Date())));
			}
			if (jsonTarget !== null) {
				const doc = `${JSON.stringify(json, null, 2)}\n`;
				if (jsonFile === null) process.stdout.write(doc);
				else jsonFile.write(doc);
			}
			// A write that failed (a full disk) is said here, naming the flag and the file.
			jsonFile?.close(true);
			htmlFile?.close(true);
			flushLogs();
			return exitCode;
		} catch (error) {
			if (error instanceof UserError) throw error;
			throw new UserError(`capacity: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			live?.close();
			jsonFile?.close();
			htmlFile?.close();
		}
	},
};

export default command;
