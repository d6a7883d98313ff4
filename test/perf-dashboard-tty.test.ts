/**
 * The dashboard as a person meets it: `dhcpulse perf` run by its real command line in a real
 * pseudo-terminal (tmux, with a server socket of its own), against the lab's Kea, at 60 and 120
 * columns. What is asserted is what the screen shows: no frame line wider than the terminal
 * (tmux joins the rows a wrapped line took, so a wider line would show), the narrow layout below
 * 80 columns and after a resize, a key typed before the first frame acting on the run, a log
 * record inside the events panel, and the summary left on screen with the report below it (or in
 * --text-report's file). Every wait is for a condition, bounded generously: the host is busy.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { BIN } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { scratch, waitForCarrier } from './perf-helpers.js';

const run = promisify(execFile);
const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-tty');
test.serial.before(async () => waitForCarrier(lab()));

const NARROW = 'narrow: 80+ cols show all';
const COLOUR = /\x1b\[(?:[0-9;]*;)?3[1-7](?:;[0-9;]*)?m/;

let sessions = 0;

/** One perf run in a detached tmux session of its own server; the pane stays after the run ends. */
class Pane {
	readonly socket = `dhcpulse-${process.pid}-${++sessions}`;
	private readonly go = join(dir, `${this.socket}.go`);

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {}

	/** Starts the session; perf waits for {@link release} before it starts, so keys can be typed first. */
	async start(args: string[], env: Record<string, string> = {}): Promise<void> {
		const conf = join(dir, `${this.socket}.conf`);
		writeFileSync(conf, 'set -g remain-on-exit on\nset -g history-limit 20000\n');
		const script = join(dir, `${this.socket}.sh`);
		const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
		// One process from sh to node (exec all the way), so the pane's pid is perf's.
		// Whatever the test's own environment says about CI and colour, the pane is a person's terminal.
		const argv = [...labExecArgs(lab()), 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', '-u', 'FORCE_COLOR', '-u', 'NO_COLOR', ...vars, process.execPath, BIN, 'perf', ...args];
		writeFileSync(script, `while [ ! -e ${this.go} ]; do sleep 0.05; done\nexec ${argv.map((a) => `'${a}'`).join(' ')}\n`);
		await this.tmux('-f', conf, 'new-session', '-d', '-s', 'run', '-x', String(this.columns), '-y', String(this.rows), `sh ${script}`);
	}

	release(): void {
		writeFileSync(this.go, '');
	}

	async tmux(...args: string[]): Promise<string> {
		return (await run('tmux', ['-L', this.socket, ...args])).stdout;
	}

	async keys(...keys: string[]): Promise<void> {
		await this.tmux('send-keys', '-t', 'run', '-l', ...keys);
	}

	/** The whole pane and its history, each wrapped line joined back into one; `escapes`: with colours. */
	async screen(escapes = false): Promise<string> {
		return this.tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-t', 'run', '-S', '-');
	}

	/** The last frame on screen: from the last header on. */
	async frame(): Promise<string[]> {
		const text = await this.screen();
		return text.slice(text.lastIndexOf('dhcpulse perf')).trimEnd().split('\n');
	}

	async pid(): Promise<number> {
		return Number((await this.tmux('display-message', '-p', '-t', 'run', '#{pane_pid}')).trim());
	}

	/** perf's exit status once it has ended, else null. */
	async exitStatus(): Promise<number | null> {
		// tmux may mark the pane dead (its terminal closed) before it has reaped the process and knows the status.
		const [dead, status, pid] = (await this.tmux('display-message', '-p', '-t', 'run', '#{pane_dead} #{pane_dead_status} #{pane_pid}')).trim().split(' ');
		if (dead !== '1') return null;
		if (status !== undefined && /^\d+$/.test(status)) return Number(status);
		// Seen here: a perf that quits within a second can stay a zombie that tmux never reaps. The
		// kernel still holds its exit status (proc(5): /proc/PID/stat field 52, exit_code, as waitpid gives it).
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] !== 'Z') return null;
			const code = Number(fields[49]);
			return (code & 0x7f) === 0 ? (code >> 8) & 0xff : null;
		} catch {
			return null;
		}
	}

	async close(): Promise<void> {
		await this.tmux('kill-server').catch(() => {});
	}
}

/** Polls until `check` returns a value (not undefined); fails after `ms` (a bound, not a timing assertion). */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 90_000, pane?: Pane): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}${pane ? `; the pane:\n${await pane.screen()}` : ''}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

function tooWide(lines: readonly string[], columns: number): string[] {
	return lines.filter((l) => [...l].length > columns);
}

/** The summary left on screen: from its header down to the report or the log lines after the run. */
function summaryOf(screen: string): string[] {
	const lines = screen.slice(screen.lastIndexOf('dhcpulse perf')).trimEnd().split('\n');
	const end = lines.findIndex((l) => l === '***Run***' || /^\d{4}-\d\d-\d\d \d\d:/.test(l));
	return end < 0 ? lines : lines.slice(0, end);
}

test.serial('60 columns: narrow layout, a key typed before the first frame, a log record in the events panel, the summary left on screen', async (t) => {
	const pane = new Pane(60, 30);
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
	const pane = new Pane(120, 40);
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
