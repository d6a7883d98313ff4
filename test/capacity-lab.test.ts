/**
 * `dhcpulse capacity` against a real server: the lab's dnsmasq with its lease file, a server
 * known to manage a few hundred DORA/s on this kind of machine (lab-facts.md). Short trials keep
 * the search short; the machine is shared, so the test asserts the search's structure and its
 * consistency (every trial in the JSON and on stdout, the knee inside the tested range with its
 * interval, passing rungs below failing ones), never a number. Bad input is refused before
 * anything is sent.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import type { CapacityJson } from '../src/capacity/json.js';
import { BIN, runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'dnsmasq' });
const dir = scratch('capacity');
test.serial.before(async () => waitForCarrier(lab()));

test.serial('against dnsmasq: a search whose every trial is in the JSON and on stdout, and whose knee lies inside the ladder it measured', async (t) => {
	const file = join(dir, 'dnsmasq.json');
	// 0.5 s trials, 2 a rung, answers waited for 0.5 s; at most 150 s of trials.
	const direct = join(dir, 'dnsmasq-direct.html');
	const args = ['capacity', '198.19.0.1', '--trial-duration', '0.5', '--trials', '2', '-d', '0.5', '-R', '1000', '--start-rate', '50', '--max-time', '150', '--json', file, '--html', direct];
	const r = await runCli(args, { prefix: labExecArgs(lab()), timeoutMs: 300_000 });
	t.true(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr.slice(-400)}`);
	const doc = JSON.parse(readFileSync(file, 'utf8')) as CapacityJson;
	t.is(doc.command, 'capacity');
	t.is(doc.mode, 'DORA');
	t.deepEqual(doc.criteria, { maxDropPct: 1, maxRejectPct: null, maxP99Ms: null });
	t.is(doc.verdict.exitCode, r.code ?? -1, 'the JSON says the exit code the process gave');
	t.deepEqual(doc.search, { trialDurationS: 0.5, trialsPerRung: 2, startRate: 50, maxRate: 200_000, maxTimeS: 150, seed: 1 });
	t.is(doc.settings.clients, 1000, 'the perf flags given reach every trial');
	for (const s of ['rate', 'periodS', 'numRequests', 'maxDrop', 'scenario']) t.false(s in doc.settings, `${s}: a setting of a perf flag capacity does not take`);
	// Every trial: numbered in order, one line each on stdout, each rate in the curve.
	// At least two: a trial that fails or falls short at the start rate is tried again.
	t.true(doc.trials.length >= 2, `${doc.trials.length} trials`);
	t.deepEqual(
		doc.trials.map((x) => x.trial),
		doc.trials.map((_, i) => i + 1),
	);
	t.is((r.stdout.match(/^trial \d+ (coarse|bisection|ladder) \d+\/s: /gm) ?? []).length, doc.trials.length);
	for (const x of doc.trials) {
		t.true(x.rate >= 50 && x.sent >= 0 && x.dropPct >= 0 && x.dropPct <= 100, JSON.stringify(x));
		t.is(x.passed, x.why === '');
		if (x.generatorLimited) t.false(x.passed);
	}
	t.deepEqual(
		doc.curve.map((p) => p.rate),
		[...new Set(doc.trials.map((x) => x.rate))].sort((a, b) => a - b),
	);
	t.is(
		doc.curve.reduce((n, p) => n + p.trials, 0),
		doc.trials.length,
	);
	t.is(doc.trials[0]!.rate, 50, 'the search starts at --start-rate');
	// On a busy host even the start rate may be more than the generator gets sent: that is said, never blamed on the server.
	t.true(doc.trials[0]!.passed || doc.trials[0]!.generatorLimited || doc.verdict.kind === 'failed-at-lowest');
	if (doc.verdict.kind === 'generator-limit') t.true(doc.trials.some((x) => x.generatorLimited) && doc.generatorLimit !== null);
	if (doc.verdict.kind === 'knee') {
		const k = doc.knee!;
		const ladder = doc.curve.filter((p) => p.ladder);
		t.is(k.censored, null);
		t.true(ladder[0]!.rate <= k.rate && k.rate <= ladder.at(-1)!.rate, `knee ${k.rate} within ${ladder[0]!.rate}–${ladder.at(-1)!.rate}`);
		t.true(k.low <= k.rate && k.rate <= k.high, `${k.low} ≤ ${k.rate} ≤ ${k.high}`);
		// The knee is where the ladder's pass fraction, made non-increasing in the rate, crosses ½
		// (ladder.ts): so the ladder's own trials at rungs up to it passed at least half the time, and
		// those above it less than half, however noisy the rungs were one by one. (The curve's points
		// may also hold a bisection's trials at a rung's rate: those are not the ladder's.)
		const ladderTrials = doc.trials.filter((x) => x.phase === 'ladder');
		const share = (ts: typeof ladderTrials): number => ts.filter((x) => x.passed).length / Math.max(1, ts.length);
		const upTo = ladderTrials.filter((x) => x.rate <= k.rate);
		const above = ladderTrials.filter((x) => x.rate > k.rate);
		t.true(share(upTo) >= 0.5, `ladder trials at rungs up to the knee ${k.rate}: ${share(upTo)} passed`);
		t.true(share(above) < 0.5, `ladder trials above the knee ${k.rate}: ${share(above)} passed`);
		t.regex(r.stdout, new RegExp(`^capacity \\(DORA\\): capacity ${k.rate}/s \\(90 % interval ${k.low}–${k.high}/s\\)$`, 'm'));
	} else {
		t.log(`no knee this time (a busy host): ${doc.verdict.text}`);
		t.regex(r.stdout, /^capacity \(DORA\): (generator limit reached at \d+\/s|no knee|the server)/m);
	}
	t.regex(r.stdout, /^criteria: drops ≤ 1 %, the asked rate sent$/m);
	t.regex(r.stdout, /^ +rate +trials +passed +drops %/m);
	// The same search as a page: dhcpulse report draws its curves from the JSON alone.
	const html = join(dir, 'dnsmasq.html');
	const page = await runCli(['report', file, '--html', html]);
	t.is(page.code, 0, page.stderr);
	t.regex(readFileSync(html, 'utf8'), /capacity/);
	// capacity --html writes that page itself, from the same document: only the time it was made differs.
	const made = (p: string): string => readFileSync(p, 'utf8').replace(/Made [^ ]+ by dhcpulse/, 'Made … by dhcpulse');
	t.is(made(direct), made(html));
});

test.serial('SIGINT: the trial under way stops, no other starts, and the search so far is printed and written', async (t) => {
	const file = join(dir, 'interrupted.json');
	const argv = [...labExecArgs(lab()), process.execPath, BIN, 'capacity', '198.19.0.1', '--trial-duration', '2', '-R', '500', '--start-rate', '50', '--json', file];
	const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let sent = false;
	const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
	// The first trial's line: the search is under way, its second trial running.
	child.stdout!.on('data', (b: Buffer) => {
		out += b.toString('utf8');
		if (!sent && /^trial 1 /m.test(out)) sent = child.kill('SIGINT');
	});
	const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
	clearTimeout(timer);
	const doc = JSON.parse(readFileSync(file, 'utf8')) as CapacityJson;
	t.is(doc.cutShort, 'interrupted');
	// The signal comes during the second trial, or just before it opens: either way it is the last.
	t.true(doc.trials.length === 1 || doc.trials.length === 2, `${doc.trials.length} trials`);
	t.is(doc.verdict.kind, 'no-knee');
	t.is(code, 1);
	t.regex(out, /^capacity \(DORA\): no knee: the search was interrupted/m);
});

test.serial('criteria no server meets (p99 ≤ 1 µs): failed at the lowest rate, exit 2, after the majority of its trials there', async (t) => {
	const file = join(dir, 'lowest.json');
	const r = await runCli(['capacity', '198.19.0.1', '--max-p99', '0.001', '--trial-duration', '0.5', '-R', '500', '--start-rate', '50', '--json', file], { prefix: labExecArgs(lab()), timeoutMs: 120_000 });
	const doc = JSON.parse(readFileSync(file, 'utf8')) as CapacityJson;
	// A trial the generator fell short in is tried again, so the count is the majority of 3 or more.
	const failed = doc.trials.filter((x) => !x.passed && !x.generatorLimited);
	t.is(doc.verdict.kind, 'failed-at-lowest', doc.verdict.text);
	t.is(r.code, 2);
	t.true(failed.length >= 2 && failed.every((x) => x.rate === 50 && /^p99 [\d.]+ ms > 0\.001 ms/.test(x.why)));
	t.is(doc.knee, null);
	t.regex(r.stdout, /^capacity \(DORA\): the server failed the criteria at the lowest rate, 50\/s$/m);
});

test('bad input: one line, exit 3, before anything is sent', async (t) => {
	for (const [args, message] of [
		[['capacity', '198.19.0.1', '--trials', '0'], /^dhcpulse: --trials 0: expected a positive number\n$/],
		[['capacity', '198.19.0.1', '--start-rate', '500', '--max-rate', '100'], /^dhcpulse: --start-rate 500: above --max-rate 100\n$/],
		[['capacity', '198.19.0.1', '--max-drop-pct', 'x'], /^dhcpulse: --max-drop-pct x: expected a non-negative number\n$/],
		// perf's flags the search sets itself are refused naming what it does instead, as typed (getopt's -r500 too).
		[['capacity', '198.19.0.1', '-r', '500'], /^dhcpulse: -r 500: the search chooses each trial's rate, from --start-rate up to --max-rate\n$/],
		[['capacity', '198.19.0.1', '-p5'], /^dhcpulse: -p 5: each trial lasts --trial-duration seconds, and the whole search at most --max-time\n$/],
		// One run's outputs: a search is not one run (its own are --json and --html).
		[['capacity', '198.19.0.1', '--csv', '/tmp/x.csv'], /^dhcpulse: --csv \/tmp\/x\.csv: one run's output, and a search is many runs: use --json FILE or --html FILE\n$/],
		[['capacity', '198.19.0.1', '--html', '/nonexistent-dir/cap.html'], /^dhcpulse: --html \/nonexistent-dir\/cap\.html: .*\n$/],
		[['capacity', '198.19.0.1', '-e', 'prefix-only'], /^dhcpulse: -e prefix-only: lease types \(IA_NA \/ IA_PD\) are DHCPv6 only; add -6\n$/],
	] as const) {
		// In the lab's client namespace: a valid line there would send, so each must stop at its check.
		const r = await runCli([...args], { prefix: labExecArgs(lab()), timeoutMs: 30_000 });
		t.is(r.code, 3, args.join(' '));
		t.regex(r.stderr, message, args.join(' '));
		t.is(r.stdout, '', 'nothing printed before the error: no trial started');
	}
});
