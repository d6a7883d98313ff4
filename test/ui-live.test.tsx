/**
 * startDashboard on fake terminal streams (a TTY stdout of 100×60, a raw-capable stdin), the
 * way ink-testing-library fakes them, but through Ink's real non-debug output path: throttled
 * frames, log-update cursor movement, and log lines written above the live area.
 */
import test from 'ava';
import { EventEmitter } from 'node:events';
import chalk from 'chalk';
import { ConsoleSink } from '../src/log/console-sink.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';
import { dora } from './ui-fixtures.js';

// Ink reads is-in-ci once, when it is first imported; under CI it would print only the last
// frame. These tests are about the terminal path, so they load Ink with CI unset.
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
const { startDashboard } = await import('../src/ui/live.js');

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

class FakeTty extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 60;
	chunks: string[] = [];
	write = (data: string): boolean => {
		this.chunks.push(data);
		return true;
	};
	get text(): string {
		return this.chunks.join('');
	}
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	data: string | null = null;
	rawMode = false;
	setEncoding(): void {}
	setRawMode(on: boolean): void {
		this.rawMode = on;
	}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read = (): string | null => {
		const d = this.data;
		this.data = null;
		return d;
	};
	press(data: string): void {
		this.data = data;
		this.emit('readable');
	}
}

function streams() {
	const stdout = new FakeTty();
	const stderr = new FakeTty();
	const stdin = new FakeStdin();
	return {
		stdout,
		stderr,
		stdin,
		io: { stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream },
	};
}

const noop = { onQuit: () => {}, onTogglePause: () => {}, onRateChange: () => {} };

/** Polls `cond` every 5 ms; fails the test after 3 s (a bound, not a timing assertion). */
async function until(cond: () => boolean, what: string): Promise<void> {
	for (let waited = 0; !cond(); waited += 5) {
		if (waited > 3000) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

function at(s: PerfSnapshot, elapsedS: number): PerfSnapshot {
	return { ...s, elapsedS };
}

const SECTIONS = ['dhcpulse perf  DORA', 'elapsed', 'rate  asked', 'exchange', 'latency, ms', 'latency histogram', 'recent events', 'q stop & report'];

test.serial('the first frame is drawn on the terminal with every section, and raw mode is on', async (t) => {
	const { stdout, stdin, io } = streams();
	const ui = startDashboard({ initial: dora(), ...noop, ...io });
	const text = stdout.text.replace(ANSI, '');
	for (const s of SECTIONS) t.true(text.includes(s), s);
	t.true(text.includes('RATE NOT REACHED: asked 50000/s, sent 31200/s'));
	t.true(stdin.rawMode, 'keys are read raw');
	await ui.stop();
	t.false(stdin.rawMode, 'the terminal is given back');
});

test.serial('a burst of updates is coalesced: at most one frame per 1/maxFps, and the newest snapshot wins', async (t) => {
	const { stdout, io } = streams();
	const ui = startDashboard({ initial: dora(), ...noop, ...io, maxFps: 8 });
	for (let i = 1; i <= 50; i++) ui.update(at(dora(), 100 + i));
	const right = ui.stats();
	t.is(right.updates, 50);
	t.true(right.renders <= 2, `${right.renders} renders right after 50 updates`);
	await until(() => stdout.text.includes('elapsed 150.0s'), 'the newest snapshot on screen');
	const after = ui.stats();
	t.true(after.renders <= 3, `${after.renders} renders for 50 updates`);
	t.false(stdout.text.replace(ANSI, '').includes('elapsed 125.0s'), 'intermediate snapshots are skipped, not queued');
	await ui.stop();
});

test.serial('a log line goes into the events panel, never across the frame, and is printed above the summary at the end', async (t) => {
	const { stdout, stderr, io } = streams();
	const ui = startDashboard({ initial: dora(), ...noop, ...io });
	const outLine = '2026-05-01 12:00:00.000 WARN  [dhcpulse.perf/1.1] PERF_RATE_NOT_REACHED sent 31200/s of 50000/s';
	const errLine = '2026-05-01 12:00:00.001 ERROR [dhcpulse.transport/1.1] NET_SEND_FAILED ENOBUFS';
	new ConsoleSink('stdout').write(`${outLine}\n`, 'WARN');
	new ConsoleSink('stderr').write(`${errLine}\n`, 'ERROR');
	await until(() => stdout.text.includes('NET_SEND_FAILED ENOBUFS'), 'the log lines in a frame');
	t.is(ui.stats().logLines, 2);
	t.false(stdout.text.includes(outLine), 'not written as such while the dashboard is up');
	t.false(stderr.text.includes(errLine), 'stderr is the terminal too: held');
	const frame = stdout.text.slice(stdout.text.lastIndexOf('dhcpulse perf')).replace(ANSI, '').split('\n');
	const events = frame.findIndex((l) => l.startsWith('recent events'));
	const warn = frame.findIndex((l) => l.includes('PERF_RATE_NOT_REACHED sent 31200/s'));
	const error = frame.findIndex((l) => l.includes('NET_SEND_FAILED ENOBUFS'));
	t.true(events >= 0 && warn > events && error > warn, 'in the events panel, in order');
	t.regex(frame[warn]!, /^\[ *12\.0s\] WARN  PERF_RATE_NOT_REACHED/, "at the run time of the frame, without the pattern's date and logger");
	t.regex(frame[error]!, /^\[ *12\.0s\] ERROR NET_SEND_FAILED/);

	await ui.stop({ snapshot: { ...dora(), state: 'done' }, verdict: { exitCode: 1, exitReason: 'period reached (-p 30); drained 1.000 s', thresholds: [], identityHolds: true } });
	const text = stdout.text.replace(ANSI, '');
	const printed = text.indexOf(outLine);
	t.true(printed >= 0, 'the stdout line is printed when the dashboard stops');
	t.true(stderr.text.includes(errLine), 'and the stderr line on stderr');
	t.true(text.indexOf('WARNING (exit 1)', printed) > printed, 'above the summary');
});

test.serial("with the run's event clock, a log record falls among the run's events where it happened, though the frame's snapshot is older", async (t) => {
	const { stdout, io } = streams();
	let clockS = 12.4;
	const ui = startDashboard({ initial: dora(), ...noop, ...io, eventClockS: () => clockS });
	// The snapshot on screen is of 12.0 s; the record comes at 12.4 s, after the run's event of 12.3 s
	// that the next snapshot brings.
	new ConsoleSink('stderr').write('2026-05-01 12:00:00.001 INFO  [dhcpulse.status/1.1] STATUS_DUMP perf {}\n', 'INFO');
	clockS = 12.5;
	const next = dora();
	next.elapsedS = 12.5;
	next.events = [...next.events, { atS: 12.3, level: 'warn', text: 'rate not reached: asked 50000/s, sent 28000/s' }];
	ui.update(next);
	await until(() => stdout.text.includes('STATUS_DUMP') && stdout.text.includes('sent 28000/s'), 'both in a frame');
	const frame = stdout.text.slice(stdout.text.lastIndexOf('dhcpulse perf')).replace(ANSI, '').split('\n');
	const rate = frame.findIndex((l) => l.includes('sent 28000/s'));
	const dump = frame.findIndex((l) => l.includes('STATUS_DUMP'));
	t.true(rate >= 0 && dump > rate, 'the record after the event that came before it, the newest row last');
	t.regex(frame[dump]!, /^\[ *12\.4s\] INFO  STATUS_DUMP/);
	await ui.stop();
});

test.serial('stderr redirected away from the terminal gets its log lines at once, and the panel shows them too', async (t) => {
	const { stdout, stderr, io } = streams();
	stderr.isTTY = false;
	const ui = startDashboard({ initial: dora(), ...noop, ...io });
	new ConsoleSink('stderr').write('2026-05-01 12:00:00.001 ERROR [dhcpulse.transport/1.1] NET_SEND_FAILED ENOBUFS\n', 'ERROR');
	t.true(stderr.text.includes('NET_SEND_FAILED ENOBUFS'));
	await until(() => stdout.text.includes('NET_SEND_FAILED ENOBUFS'), 'the panel to show it');
	await ui.stop();
	t.is(stderr.text.split('NET_SEND_FAILED').length, 2, 'written once');
});

test.serial('the run ends with a compact summary on screen: verdict, rates, counters, whole-run latency, thresholds', async (t) => {
	const { stdout, io } = streams();
	const ui = startDashboard({ initial: dora(), ...noop, ...io });
	const final = { ...dora(), state: 'done' as const, elapsedS: 30, progress: 1 };
	await ui.stop({
		snapshot: final,
		verdict: {
			exitCode: 2,
			exitReason: 'period reached (-p 30); drained 1.000 s',
			thresholds: [
				{ name: 'drops %', limit: '1 %', value: '0.600 %', passed: true },
				{ name: 'p99 DISCOVER-OFFER', limit: '2 ms', value: '4.870 ms', passed: false },
			],
			identityHolds: true,
		},
	});
	const last = stdout.text.slice(stdout.text.lastIndexOf('dhcpulse perf')).replace(ANSI, '').split('\n');
	t.regex(last[0]!, /DONE/);
	t.is(last[1], 'CRITICAL (exit 2) period reached (-p 30); drained 1.000 s');
	t.regex(last[2]!, /^asked 50000\/s {2}sent \d+\/s {2}completed \d+\/s {2}in 30\.0s/);
	t.true(
		last.some((l) => l.startsWith('DISCOVER-OFFER ') && l.includes('374400')),
		'the counters',
	);
	const latency = last.findIndex((l) => l.startsWith('latency, ms'));
	t.true(latency > 0);
	t.false(
		last.some((l) => /\blast\b/.test(l)),
		'only the whole-run rows: the last interval means nothing once the run is over',
	);
	t.true(last.includes('FAIL  p99 DISCOVER-OFFER  4.870 ms (limit 2 ms)'));
	t.false(
		last.some((l) => l.startsWith('latency histogram') || l.startsWith('recent events') || l.startsWith('q stop')),
		'no live panels',
	);
	t.true(stdout.text.includes('\x1b[?25h'), 'the cursor is shown again');
});

test.serial('a resized terminal gets a frame for its new width at once, narrow below 80 columns', async (t) => {
	const { stdout, io } = streams();
	stdout.columns = 120;
	const ui = startDashboard({ initial: dora(), ...noop, ...io });
	t.false(stdout.text.includes('narrow:'));
	const before = stdout.chunks.length;
	stdout.columns = 60;
	stdout.emit('resize');
	const after = stdout.chunks.slice(before).join('');
	t.true(after.includes('\x1b[2J'), 'narrower: the screen is cleared of the rewrapped old frame');
	const frame = after.slice(after.lastIndexOf('dhcpulse perf')).replace(ANSI, '').split('\n');
	t.true(
		frame.some((l) => l.includes('narrow: 80+ cols show all')),
		'the narrow layout, without waiting for a snapshot',
	);
	for (const line of frame) t.true([...line].length <= 60, line);
	await ui.stop();
});

test.serial('no colour when asked for none (NO_COLOR, TERM=dumb), and chalk is put back after', async (t) => {
	const level = chalk.level;
	chalk.level = 1;
	try {
		const colours = /\x1b\[(3[0-7]|9[0-7]|1|7)m/;
		const coloured = streams();
		await startDashboard({ initial: dora(), ...noop, ...coloured.io }).stop();
		t.regex(coloured.stdout.text, colours);
		const plain = streams();
		const ui = startDashboard({ initial: dora(), ...noop, ...plain.io, color: false });
		await ui.stop();
		t.notRegex(plain.stdout.text, colours);
		t.true(plain.stdout.text.includes('RATE NOT REACHED'));
		t.is(chalk.level, 1);
	} finally {
		chalk.level = level;
	}
});

test.serial('keys reach the engine callbacks, Ctrl-C included', async (t) => {
	const { stdin, io } = streams();
	const seen: string[] = [];
	const ui = startDashboard({
		initial: dora(),
		onQuit: () => seen.push('quit'),
		onTogglePause: () => seen.push('pause'),
		onRateChange: (n) => seen.push(`rate ${n}`),
		...io,
	});
	stdin.press('p');
	stdin.press('+');
	stdin.press('q');
	stdin.press('\x03');
	await until(() => seen.length === 4, 'four key callbacks');
	t.deepEqual(seen, ['pause', 'rate 55000', 'quit', 'quit']);
	await ui.stop();
});

test.serial('stop draws the final snapshot, unmounts, and gives log lines back to the process streams', async (t) => {
	const { stdout, io } = streams();
	const ui = startDashboard({ initial: dora(), ...noop, ...io });
	new ConsoleSink('stdout').write('pending line\n');
	const final = { ...dora(), state: 'done' as const, elapsedS: 30, progress: 1 };
	const stopping = ui.stop({ snapshot: final });
	t.is(ui.stop(), stopping, 'stop is idempotent');
	await stopping;
	const text = stdout.text.replace(ANSI, '');
	t.true(text.includes('pending line'), 'pending log lines are printed before unmounting');
	t.true(text.includes('DONE'));
	t.true(text.includes('elapsed 30.0s / 30.0s'));
	t.true(stdout.text.includes('\x1b[?25h'), 'the cursor is shown again');

	const renders = ui.stats().renders;
	ui.update(at(dora(), 99));
	t.is(ui.stats().renders, renders, 'updates after stop are ignored');

	const captured: string[] = [];
	const original = process.stdout.write;
	process.stdout.write = ((chunk: string) => {
		captured.push(String(chunk));
		return true;
	}) as typeof process.stdout.write;
	try {
		new ConsoleSink('stdout').write('after stop\n');
	} finally {
		process.stdout.write = original;
	}
	t.deepEqual(captured, ['after stop\n'], 'log lines go straight to the process stream again');
	t.false(stdout.text.includes('after stop'));
});
