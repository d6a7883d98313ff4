/**
 * startDashboard on fake terminal streams (a TTY stdout of 100×60, a raw-capable stdin), the
 * way ink-testing-library fakes them, but through Ink's real non-debug output path: throttled
 * frames, log-update cursor movement, and log lines written above the live area.
 */
import test from 'ava';
import { EventEmitter } from 'node:events';
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

test.serial('a log line appears above the live area and the frame is redrawn whole below it', async (t) => {
	const { stdout, stderr, io } = streams();
	const ui = startDashboard({ initial: dora(), ...noop, ...io });
	const outLine = '2026-05-01 12:00:00.000 WARN  [dhcpulse.perf/1.1] PERF_RATE_NOT_REACHED sent 31200/s of 50000/s';
	const errLine = '2026-05-01 12:00:00.001 ERROR [dhcpulse.transport/1.1] NET_SEND_FAILED ENOBUFS';
	const before = stdout.chunks.length;
	new ConsoleSink('stdout').write(`${outLine}\n`);
	new ConsoleSink('stderr').write(`${errLine}\n`);
	t.false(stdout.text.includes(outLine), 'held briefly so a burst costs one redraw');
	await until(() => ui.stats().logLines === 2, 'the log lines to be printed');

	const written = stdout.chunks.slice(before).join('');
	const lineAt = written.indexOf(outLine);
	t.true(lineAt >= 0, 'the stdout line went to stdout');
	t.is(written.indexOf(outLine, lineAt + 1), -1, 'printed once');
	t.regex(written.slice(0, lineAt), /\x1b\[2K/, 'the live area is erased before the line is printed');
	const below = written.slice(lineAt + outLine.length).replace(ANSI, '');
	for (const s of SECTIONS) t.true(below.includes(s), `after the line the frame is redrawn: ${s}`);
	t.true(stderr.text.includes(errLine), 'the stderr line went to stderr');
	t.false(stdout.text.includes(errLine));
	await ui.stop();
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
	const stopping = ui.stop(final);
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
