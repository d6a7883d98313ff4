/**
 * `dhcpulse capacity` as a person meets it: its real command line in a real pseudo-terminal
 * (tmux, helpers/tty.ts), against the lab's Kea. The live view must show the phase, the trial
 * (its rate, k of n there) and the curve so far, the bracket or knee marked in it, fit 60
 * columns after a resize, and give way to the result at the end; the ladder's trials read the
 * loss ledger, and the result shows it beside the knee.
 *
 * A knee that does not depend on how busy the host is: Kea's relayed pool holds 100 addresses and
 * every trial starts again from client 0 of the same clients, so a trial of 2 s at up to 50/s
 * finds a lease for each of its clients, and one at more has clients whose DISCOVERs Kea reads
 * and cannot answer (RFC 2131 §4.3.1: no address to offer, no OFFER). Rates that low the
 * generator keeps even on a loaded host (at 200/s it did not, here, at load 16). The knee lies
 * between 50 and the next rung up, and the ledger of the trial above it says where those
 * datagrams died: read by the server and not answered. Waits are for conditions, bounded generously.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import type { CapacityJson } from '../src/capacity/json.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { Pane, tooWide, waitFor } from './helpers/tty.js';
import { kea4ConfigWithRelayPool, scratch, waitForCarrier } from './perf-helpers.js';

const dir = scratch('capacity-tty');
// 100 addresses.
const configFile = kea4ConfigWithRelayPool(dir, '198.19.1.0 - 198.19.1.99');

const lab = useLab(test, { server: 'kea4', config: configFile });
test.serial.before(async () => waitForCarrier(lab()));

const TRIAL = /^trial (\d+) {2}(coarse|bisection|ladder) {2}(\d+)\/s {2}(\d+) of (\d+) at this rate$/;
const CURVE_ROW = /^ *\d+ +\d+\/\d+( gen)? +\d+\.\d\d +(\d+\.\d\d|—)/;

test.serial('the live view: phase, trial k of n, the curve so far with the bracket or knee marked, 60 columns after a resize; then the result, with the ledger at the knee', async (t) => {
	const pane = new Pane({ columns: 100, rows: 50, dir, labExec: labExecArgs(lab()), command: 'capacity', header: 'dhcpulse capacity ' });
	const json = join(dir, 'capacity.json');
	try {
		await pane.start(['198.19.0.1', '--trial-duration', '2', '--trials', '2', '-R', '2000', '--start-rate', '10', '--max-rate', '200', '--max-time', '300', '--json', json, '--lab', lab().name]);
		pane.release();

		// A trial running, with the curve of those before it.
		const coarse = await waitFor(
			'a coarse trial with the curve so far',
			async () => {
				const f = await pane.frame();
				const trial = f.find((l) => TRIAL.test(l));
				return trial && f.filter((l) => CURVE_ROW.test(l)).length >= 2 ? f : undefined;
			},
			120_000,
			pane,
		);
		t.regex(coarse[0]!, /^dhcpulse capacity {2}DORA {2}DHCPv4 {2}relay 198\.19\.0\.2 → 198\.19\.0\.1:67 {2}(COARSE|BISECTION|LADDER)$/);
		t.true(
			coarse.some((l) => /^criteria: drops ≤ 1 %, the asked rate sent {3}search \d+\.\ds \/ 300\.0s$/.test(l)),
			'the criteria and the search time',
		);
		t.true(
			coarse.some((l) => /^rate\/s +passed +drop % +p99 ms/.test(l)),
			'the curve table',
		);
		t.true(
			coarse.some((l) => /^ {4}10 +1\/1 +\d/.test(l)),
			'the start rate is a row of the curve',
		);
		t.deepEqual(tooWide(coarse, 100), []);

		// The ladder: 2 trials a rung, the knee or the bracket drawn between the rows.
		const ladder = await waitFor(
			'a ladder trial, with the bracket or knee marked in the curve',
			async () => {
				const f = await pane.frame();
				const m = f.map((l) => TRIAL.exec(l)).find((x) => x !== null);
				// Its counters too, once its run has started (the perf dashboard's table).
				return m && m[2] === 'ladder' && f.some((l) => /^── (knee \d+\/s \(\d+–\d+\)|between \d+ and \d+\/s) ─+$/.test(l)) && f.some((l) => l.startsWith('DISCOVER-OFFER ')) ? { f, m } : undefined;
			},
			180_000,
			pane,
		);
		t.is(ladder.m[5], '2', 'k of 2 at each rung');
		t.true(['1', '2'].includes(ladder.m[4]!));

		await pane.tmux('resize-window', '-t', 'run', '-x', '60', '-y', '40');
		const narrow = await waitFor('the narrow view after the resize', async () => {
			const f = await pane.frame();
			return /^dhcpulse capacity DORA v4 {2}[A-Z]+$/.test(f[0]!) && f.some((l) => /^rate\/s +passed/.test(l)) ? f : undefined;
		});
		t.deepEqual(tooWide(narrow, 60), [], 'laid out for the new width');

		const code = await waitFor('capacity to end', () => pane.exitStatus().then((c) => c ?? undefined), 300_000, pane);
		const screen = await pane.screen();
		const doc = JSON.parse(readFileSync(json, 'utf8')) as CapacityJson;
		t.is(doc.verdict.exitCode, code);
		// Narrow since the resize: the header's two lines, then the one line.
		t.regex(screen, new RegExp(`^dhcpulse capacity DORA v4 {2}DONE\\nrelay 198\\.19\\.0\\.2 → 198\\.19\\.0\\.1:67\\n${doc.trials.length} trials in \\d+\\.\\ds: `, 'm'), 'the view ends as one line with the verdict');
		t.true(screen.lastIndexOf('capacity (DORA): ') > screen.lastIndexOf(' DONE'), 'the result follows below it');
		t.false(/^trial \d+ (coarse|bisection|ladder) \d+\/s: /m.test(screen), 'no plain trial lines on a terminal: the view drew them');

		// The ledger at the knee: read by the ladder's trials, from the lab's Kea.
		if (doc.verdict.kind !== 'knee') {
			t.log(`no knee on this host this time (${doc.verdict.text}): no ledger to show`);
			t.deepEqual(doc.kneeLedgers, []);
			return;
		}
		// Above 50/s some clients find the pool dry: the first rung above it (rates are rounded to 10/s) always fails.
		t.true(doc.knee!.rate <= 60, `knee ${doc.knee!.rate}/s: at most the first rung above the pool's 100 clients in 2 s`);
		const above = doc.kneeLedgers.find((l) => l.side === 'above')!;
		const below = doc.kneeLedgers.find((l) => l.side === 'below')!;
		t.truthy(above && below, JSON.stringify(doc.kneeLedgers.map((l) => l.side)));
		for (const l of [above, below]) {
			t.regex(l.ledger.sources.server ?? '', /^Kea statistic-get-all over /, "the lab's Kea was read");
			const x = doc.trials.find((y) => y.trial === l.trial)!;
			t.is(x.phase, 'ladder');
			t.deepEqual([l.rate, l.passed, l.dropPct], [x.rate, x.passed, x.dropPct], 'the ledger is that of the trial it names');
		}
		t.true(below.passed && below.rate <= doc.knee!.rate);
		t.true(above.rate > doc.knee!.rate);
		const trialAbove = doc.trials.find((y) => y.trial === above.trial)!;
		if (!above.passed && !trialAbove.generatorLimited && above.rate > 50) {
			// A failure of the server's past the pool: Kea read DISCOVERs it had no address to answer with.
			t.true((above.ledger.total.notAnswered ?? 0) > 0, JSON.stringify(above.ledger.total));
			t.regex(screen, /^ {4}lost: \d+ in the server's queue, [1-9]\d* not answered, /m, 'the text names where they died');
		} else t.log(`above the knee: trial ${above.trial} at ${above.rate}/s ${above.passed ? 'passed' : 'failed with the generator short'}; no failure of the server's to read`);
		t.is(below.ledger.total.notAnswered, 0, 'at the knee Kea answered all it read');
		t.regex(screen, /^where the datagrams went at the knee \(loss ledger\):$/m);
		t.regex(screen, new RegExp(`^ {2}at the knee, ${below.rate}/s \\(trial ${below.trial}, pass, `, 'm'));
		t.regex(screen, new RegExp(`^ {2}above the knee, ${above.rate}/s \\(trial ${above.trial}, `, 'm'));
	} finally {
		await pane.close();
	}
});

test.serial('Ctrl-C in the live view ends the search with what it has: the result so far, exit 1', async (t) => {
	const pane = new Pane({ columns: 100, rows: 50, dir, labExec: labExecArgs(lab()), command: 'capacity', header: 'dhcpulse capacity ' });
	try {
		await pane.start(['198.19.0.1', '--trial-duration', '2', '-R', '2000', '--start-rate', '10', '--max-rate', '40', '--max-time', '300']);
		pane.release();
		await waitFor(
			'a trial done and the next running',
			async () => {
				const f = await pane.frame();
				return f.some((l) => /^ {4}10 +1\/1 /.test(l)) && f.some((l) => TRIAL.test(l)) ? true : undefined;
			},
			120_000,
			pane,
		);
		// The view reads no keys: stdin stays cooked, so Ctrl-C is SIGINT for the command.
		await pane.tmux('send-keys', '-t', 'run', 'C-c');
		const code = await waitFor('capacity to end', () => pane.exitStatus().then((c) => c ?? undefined), 120_000, pane);
		t.is(code, 1);
		const screen = await pane.screen();
		t.regex(screen, /^\d+ trials in \d+\.\ds: no knee: the search was interrupted/m);
		t.regex(screen, /^capacity \(DORA\): no knee: the search was interrupted/m);
		t.regex(screen, /^ +10 +1 +1 +0\.00 /m, 'the curve so far, in the result');
	} finally {
		await pane.close();
	}
});
