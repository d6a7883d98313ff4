import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { attachWorkerLogs, configureLogging, flushLogs, getLogger, Msg, resetLogging } from '../src/log/index.js';

const LOG_MODULE = new URL('../src/log/index.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');

const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-log-rotation-'));
test.after.always(() => {
	resetLogging({});
	rmSync(dir, { recursive: true, force: true });
});

function configure(name: string, options: Record<string, unknown>): string {
	const file = join(dir, name);
	const config = join(dir, `${name}.json`);
	writeFileSync(config, JSON.stringify({ loggers: [{ name: 'dhcpulse', severity: 'INFO', output_options: [{ output: file, pattern: '%t %m\n', ...options }] }] }));
	configureLogging({ configFile: config, env: {} });
	return file;
}

/** The lines of file.maxver … file.1, file: oldest first. */
function allLines(file: string, maxver: number): string[] {
	const lines: string[] = [];
	for (let v = maxver; v >= 0; v--) {
		const path = v === 0 ? file : `${file}.${v}`;
		if (!existsSync(path)) continue;
		const text = readFileSync(path, 'utf8');
		lines.push(...text.split('\n').slice(0, -1));
	}
	return lines;
}

const PAD = 'x'.repeat(200);

test.serial('a file rotates to name.1 … name.maxver at maxsize, discarding the oldest, never splitting a line', (t) => {
	const file = configure('size.log', { maxsize: 204800, maxver: 3 });
	const log = getLogger('dhcpulse.perf');
	// About 230 bytes a line: 4,000 lines are 4.5 maxsizes, so the oldest must have been discarded.
	for (let i = 0; i < 4000; i++) log.info(Msg.STATUS_DUMP, `line ${String(i).padStart(5, '0')}`, PAD);
	flushLogs();
	t.deepEqual(
		readdirSync(dir)
			.filter((f) => f.startsWith('size.log') && !f.endsWith('.json'))
			.sort(),
		['size.log', 'size.log.1', 'size.log.2', 'size.log.3'],
	);
	for (const path of [file, `${file}.1`, `${file}.2`, `${file}.3`]) {
		const text = readFileSync(path, 'utf8');
		t.true(statSync(path).size <= 204800, path);
		t.true(text.endsWith('\n'), `${path} ends with a whole line`);
		for (const line of text.split('\n').slice(0, -1)) t.regex(line, /^0 STATUS_DUMP line \d{5}: x{200}$/);
	}
	// Rotated files are full: the next line would not have fitted.
	for (const path of [`${file}.1`, `${file}.2`, `${file}.3`]) t.true(statSync(path).size > 204800 - 240);
	const numbers = allLines(file, 3).map((l) => Number(/line (\d+)/.exec(l)![1]));
	t.is(numbers.at(-1), 3999);
	for (let k = 1; k < numbers.length; k++) t.is(numbers[k], numbers[k - 1]! + 1);
	t.true(numbers[0]! > 0, 'the oldest lines were discarded');
	resetLogging({});
});

test.serial('no line is lost or duplicated across rotations', (t) => {
	const file = configure('complete.log', { maxsize: 204800, maxver: 20 });
	const log = getLogger('dhcpulse.lab');
	for (let i = 0; i < 5000; i++) log.info(Msg.STATUS_DUMP, `n${i}`, PAD);
	resetLogging({});
	const lines = allLines(file, 20);
	t.is(lines.length, 5000);
	t.deepEqual(
		lines.map((l) => /STATUS_DUMP n(\d+):/.exec(l)![1]),
		Array.from({ length: 5000 }, (_, i) => String(i)),
	);
	t.true(existsSync(`${file}.5`));
});

test.serial('maxsize under 204800 disables rotation, as in Kea', (t) => {
	const file = configure('norotate.log', { maxsize: 204799, maxver: 5 });
	const log = getLogger('dhcpulse.ui');
	for (let i = 0; i < 2000; i++) log.info(Msg.STATUS_DUMP, `n${i}`, PAD);
	resetLogging({});
	t.true(statSync(file).size > 204799 * 2);
	t.false(existsSync(`${file}.1`));
});

test.serial('flush false buffers lines, flushLogs writes them, with the same rotation boundaries', (t) => {
	const buffered = configure('buffered.log', { maxsize: 204800, maxver: 9, flush: false });
	const log = getLogger('dhcpulse.probe');
	log.info(Msg.STATUS_DUMP, 'first', 'line');
	t.is(readFileSync(buffered, 'utf8'), '', 'not written yet');
	flushLogs();
	t.is(readFileSync(buffered, 'utf8'), '0 STATUS_DUMP first: line\n');
	for (let i = 0; i < 3000; i++) log.info(Msg.STATUS_DUMP, `n${i}`, PAD);
	resetLogging({});
	const unbuffered = configure('unbuffered.log', { maxsize: 204800, maxver: 9, flush: true });
	log.info(Msg.STATUS_DUMP, 'first', 'line');
	for (let i = 0; i < 3000; i++) log.info(Msg.STATUS_DUMP, `n${i}`, PAD);
	resetLogging({});
	for (const suffix of ['', '.1', '.2', '.3']) {
		t.is(readFileSync(buffered + suffix, 'utf8'), readFileSync(unbuffered + suffix, 'utf8'), `file${suffix}`);
	}
});

test.serial('several worker threads logging at once: whole lines, none lost, each worker in order, %t is the worker', async (t) => {
	const file = configure('workers.log', { maxsize: 204800, maxver: 50 });
	const script = join(dir, 'log-worker.ts');
	writeFileSync(
		script,
		`import { workerData } from 'node:worker_threads';
import { installWorkerLogging, getLogger, Msg } from ${JSON.stringify(LOG_MODULE)};
installWorkerLogging();
const log = getLogger('dhcpulse.perf');
for (let i = 0; i < workerData.lines; i++) log.info(Msg.STATUS_DUMP, 'w' + workerData.id + ' n' + i, ${JSON.stringify(PAD)});
`,
	);
	// A data: URL bootstrap registers tsx inside the worker, which then loads the TS worker script.
	const bootstrap = new URL(`data:text/javascript,${encodeURIComponent(`const { register } = await import(${JSON.stringify(TSX_API)}); register(); await import(${JSON.stringify(new URL(`file://${script}`).href)});`)}`);
	const lines = 2500;
	const workers = [1, 2, 3, 4].map((id) => {
		const worker = new Worker(bootstrap, { workerData: { id, lines } });
		attachWorkerLogs(worker, id);
		return new Promise<number>((resolve, reject) => {
			worker.once('error', reject);
			worker.once('exit', resolve);
		});
	});
	// The main thread logs at the same time.
	const main = getLogger('dhcpulse.perf');
	for (let i = 0; i < lines; i++) main.info(Msg.STATUS_DUMP, `w0 n${i}`, PAD);
	t.deepEqual(await Promise.all(workers), [0, 0, 0, 0]);
	resetLogging({});
	const all = allLines(file, 50);
	t.is(all.length, 5 * lines);
	const next = [0, 0, 0, 0, 0];
	for (const line of all) {
		const m = /^(\d) STATUS_DUMP w(\d) n(\d+): x{200}$/.exec(line);
		if (!m) {
			t.fail(`torn or foreign line: ${line.slice(0, 80)}`);
			return;
		}
		t.is(m[1], m[2], '%t names the thread that logged');
		const id = Number(m[2]);
		t.is(Number(m[3]), next[id], `worker ${id} in order`);
		next[id]!++;
	}
	t.deepEqual(next, [lines, lines, lines, lines, lines]);
	t.true(existsSync(`${file}.10`), 'the run rotated many times');
});

test('buffered lines reach the file when the process ends by exit or by SIGTERM', async (t) => {
	for (const ending of ['exit', 'SIGTERM'] as const) {
		const file = join(dir, `ending-${ending}.log`);
		const config = join(dir, `ending-${ending}.json`);
		writeFileSync(config, JSON.stringify({ loggers: [{ name: 'dhcpulse', output_options: [{ output: file, flush: false, pattern: '%m\n' }] }] }));
		const script = join(dir, `ending-${ending}.ts`);
		writeFileSync(
			script,
			`import { configureLogging, getLogger, Msg } from ${JSON.stringify(LOG_MODULE)};
configureLogging({ configFile: ${JSON.stringify(config)}, env: {} });
const log = getLogger('dhcpulse.perf');
for (let i = 0; i < 100; i++) log.info(Msg.STATUS_DUMP, 'n' + i, 'buffered');
${ending === 'exit' ? 'process.exit(0);' : "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 10_000);"}
`,
		);
		const result = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
			const child = spawn(process.execPath, ['--import=tsx', script], { stdio: 'ignore' });
			const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
			child.on('exit', (code, signal) => {
				clearTimeout(timer);
				resolve({ code, signal });
			});
		});
		t.deepEqual(result, ending === 'exit' ? { code: 0, signal: null } : { code: null, signal: 'SIGTERM' }, ending);
		const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
		t.is(lines.length, 100, ending);
		t.is(lines[99], 'STATUS_DUMP n99: buffered');
	}
});
