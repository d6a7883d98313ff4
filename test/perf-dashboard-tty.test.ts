/**
 * The dashboard as a person meets it: `dhcpulse perf` run by its real command line in a real
 * pseudo-terminal (tmux, with a server socket of its own), against the lab's Kea, at 60 and 120
 * columns. What is asserted is what the screen shows: no frame line wider than the terminal
 * (tmux joins the rows a wrapped line took, so a wider line would show), the narrow layout below
 * 80 columns and after a resize, a key typed before the first frame acting on the run, a log
 * record inside the events panel, and the summary left on screen with the report below it (or in
 * --text-report's file). Every wait is for a condition, bounded generously: the host is busy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { labExecArgs, useLab } from './helpers/lab.js';
import { Pane, tooWide, waitFor } from './helpers/tty.js';
import { scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-tty');
test.serial.before(async () => waitForCarrier(lab()));

const NARROW = 'narrow: 80+ cols show all';
const COLOUR = /\x1b\[(?:[0-9;]*;)?3[1-7](?:;[0-9;]*)?m/;

/** One perf run in a pane of `columns` × `rows` (helpers/tty.ts). */
function perfPane(columns: number, rows: number): Pane {
	return new Pane({ columns, rows, dir, labExec: labExecArgs(lab()), command: 'perf', header: 'dhcpulse perf' });
}

/** The summary left on screen: from its header down to the report or the log lines after the run. */
function summaryOf(screen: string): string[] {
	const lines = screen.slice(screen.lastIndexOf('dhcpulse perf')).trimEnd().split('\n');
	const end = lines.findIndex((l) => l === '***Run***' || /^\d{4}-\d\d-\d\d \d\d:/.test(l));
	return end < 0 ? lines : lines.slice(0, end);
}

test.serial('60 columns: narrow layout, a key typed before the first frame, a log record in the events panel, the summary left on screen', async (t) => {
	const pane = perfPane(60, 30);
	try {
		await pane.start(['198.19.0.1', '-r', '50', '-R', '1000', '-p', '120', '-t', '0.5']);
		await pane.keys('p');
		pane.release();

		// p was typed before perf even started: the run is paused once it is measuring.
		const paused = await waitFor('the paused narrow frame', async () => {
			const f = await pane.frame();
			return f.some((l) => l.includes(NARROW)) && /^dhcpulse perf DORA v4 {2}PAUSED/.test(f[0]!) ? f : undefined;
		});
		t.deepEqual(tooWide(paused, 60), [], 'no frame line wider than the terminal');
		t.true(paused[1]!.startsWith('relay 198.19.0.2'), 'the target on its own line');
		t.regex(await pane.screen(true), COLOUR, 'coloured by default');

		await pane.keys('p');
		await waitFor('answers counted', async () => {
			const f = await pane.frame();
			const ok = f
				.find((l) => l.startsWith('DO '))
				?.trim()
				.split(/\s+/)[2];
			return /RUNNING/.test(f[0]!) && Number(ok) > 0 ? true : undefined;
		});

		// SIGUSR1 logs a STATUS_DUMP line on stderr, which is this terminal: it goes into the panel.
		process.kill(await pane.pid(), 'SIGUSR1');
		const logged = await waitFor(
			'the status dump in the events panel',
			async () => {
				const f = await pane.frame();
				const events = f.findIndex((l) => l.startsWith('recent events'));
				const dump = f.findIndex((l) => l.includes('STATUS_DUMP'));
				return events >= 0 && dump > events ? f : undefined;
			},
			90_000,
			pane,
		);
		t.true(logged.at(-1)!.includes(NARROW), 'the key line stays last: the frame is whole');
		t.deepEqual(tooWide(logged, 60), []);

		await pane.keys('q');
		const code = await waitFor('perf to end', () => pane.exitStatus().then((c) => c ?? undefined));
		const screen = await pane.screen();
		const summary = summaryOf(screen);
		t.regex(summary[2]!, /^(OK|WARNING|CRITICAL|UNKNOWN) \(exit \d\) stopped by user \(q\)/, summary.join('\n'));
		t.is(Number(summary[2]!.match(/\(exit (\d)\)/)![1]), code, 'the summary names the exit status perf returned');
		t.regex(summary.join(' '), /\basked 50\/s {2}sent \d+\/s {2}completed \d+\/s {2}in \d+\.\ds \(\d+\.\ds of it paused\)/);
		t.true(
			summary.some((l) => l.startsWith('latency ms')),
			'the latency table',
		);
		t.true(summary.some((l) => /^DO +run /.test(l)));
		t.false(
			summary.some((l) => l.startsWith('recent events')),
			'the live panels are gone',
		);
		t.deepEqual(tooWide(summary, 60), []);
		t.true(screen.indexOf('***Rate statistics***') > screen.lastIndexOf('dhcpulse perf'), 'the text report follows below the summary');
		t.true(screen.lastIndexOf('STATUS_DUMP') < screen.lastIndexOf('dhcpulse perf'), 'the log lines held while the dashboard was up are printed above the summary');
	} finally {
		await pane.close();
	}
});

test.serial('120 columns, then 60: the full layout, the narrow one after the resize, NO_COLOR, and --text-report', async (t) => {
	const pane = perfPane(120, 40);
	const report = join(dir, 'report.txt');
	try {
		await pane.start(['198.19.0.1', '-r', '50', '-R', '1000', '-p', '120', '-t', '0.5', '--text-report', report], { NO_COLOR: '1' });
		pane.release();
		const wide = await waitFor('a running full frame', async () => {
			const f = await pane.frame();
			return /RUNNING/.test(f[0]!) && f.some((l) => l.startsWith('DISCOVER-OFFER')) ? f : undefined;
		});
		t.regex(wide[0]!, /^dhcpulse perf {2}DORA {2}DHCPv4 {2}relay 198\.19\.0\.2 → 198\.19\.0\.1:67 {2}RUNNING/);
		t.true(
			wide.some((l) => /^exchange +sent +ok +rejected +timeouts/.test(l)),
			'every column, by its full name',
		);
		t.false(wide.some((l) => l.includes(NARROW)));
		t.deepEqual(tooWide(wide, 120), []);

		await pane.tmux('resize-window', '-t', 'run', '-x', '60', '-y', '30');
		const narrow = await waitFor('the narrow frame after the resize', async () => {
			const f = await pane.frame();
			return f.some((l) => l.includes(NARROW)) && /RUNNING/.test(f[0]!) ? f : undefined;
		});
		t.deepEqual(tooWide(narrow, 60), [], 'laid out for the new width');
		await pane.keys('q');

		await waitFor('perf to end', () => pane.exitStatus().then((c) => c ?? undefined), 90_000, pane);
		const screen = await pane.screen();
		const summary = summaryOf(screen);
		t.regex(summary.join('\n'), /\(exit \d\) stopped by user \(q\)/);
		t.deepEqual(tooWide(summary, 60), []);
		t.false(screen.includes('***Run***'), 'the report went to the file, not the terminal');
		t.true(existsSync(report));
		t.regex(readFileSync(report, 'utf8'), /\*\*\*Rate statistics\*\*\*[\s\S]*\*\*\*Statistics for: DISCOVER-OFFER\*\*\*/);
		t.notRegex(await pane.screen(true), COLOUR, 'NO_COLOR: no colour at all');
	} finally {
		await pane.close();
	}
});

test.serial('--stages: the asked curve beside the achieved one, at 100 columns and after a resize to 60', async (t) => {
	const pane = perfPane(100, 40);
	const SPARK = /[▁-█]+$/;
	try {
		// A ramp from 20/s to 300/s over 6 s, then 300/s held: the asked curve rises, and the sent one with it.
		await pane.start(['198.19.0.1', '--stages', '6s:300,120s:300', '-r', '20', '-R', '1000', '-t', '0.5']);
		pane.release();
		const rows = (f: string[]): string[] | undefined => {
			const at = f.findIndex((l) => l.startsWith('rate  asked'));
			return at >= 0 && /^ {6}sent /.test(f[at + 1] ?? '') && /^ {6}answered /.test(f[at + 2] ?? '') ? f.slice(at, at + 3) : undefined;
		};
		const wide = await waitFor(
			'the asked, sent and answered curves with the ramp in them',
			async () => {
				const r = rows(await pane.frame());
				const asked = r?.[0]?.match(SPARK)?.[0];
				// Eight intervals at least, and the ramp drawn: the newest asked interval above the oldest.
				return r && asked && asked.length >= 8 && asked.at(-1)! > asked[0]! && /\b300\/s /.test(r[0]!) ? r : undefined;
			},
			120_000,
			pane,
		);
		const [asked, sent, answered] = wide.map((l) => l.match(SPARK)![0]);
		t.is(asked!.length, sent!.length, 'one column an interval, for both curves');
		t.is(wide[0]!.length - asked!.length, wide[1]!.length - sent!.length, 'the asked and sent curves start in one column');
		t.true(answered!.length > 0);
		t.deepEqual(tooWide(await pane.frame(), 100), []);

		await pane.tmux('resize-window', '-t', 'run', '-x', '60', '-y', '30');
		const narrow = await waitFor('the curves in the narrow frame', async () => {
			const f = await pane.frame();
			return f.some((l) => l.includes(NARROW)) && rows(f) ? f : undefined;
		});
		t.deepEqual(tooWide(narrow, 60), [], 'laid out for the new width');
		t.true(
			rows(narrow)!.every((l) => SPARK.test(l)),
			'each curve still has its sparkline at 60 columns',
		);
		await pane.keys('q');
		await waitFor('perf to end', () => pane.exitStatus().then((c) => c ?? undefined), 90_000, pane);
	} finally {
		await pane.close();
	}
});
