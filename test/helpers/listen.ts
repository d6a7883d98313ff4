import { spawn } from 'node:child_process';
import { labExecArgs, type LabInfo } from './lab.js';
import { BIN, type CliResult } from './cli.js';

export interface Listening {
	/** Resolves once the capture is open (PROBE_LISTEN_STARTED on stderr); rejects if it ends first. */
	ready: Promise<void>;
	done: Promise<CliResult>;
	/** Sends SIGINT, as Ctrl-C does. */
	interrupt(): void;
	/**
	 * Resolves once stdout has `count` lines matching `pattern`; rejects if listen ends first. Tests
	 * wait for what they expect to see and then interrupt, instead of guessing a --duration that a
	 * slow host may outrun.
	 */
	waitFor(pattern: RegExp, count?: number): Promise<void>;
}

/** Starts `dhcpulse listen …` in the lab's client namespace in the background, bounded by `timeoutMs`. */
export function startListen(info: Pick<LabInfo, 'clientNetns'>, args: string[], timeoutMs = 30_000): Listening {
	const argv = [...labExecArgs(info), process.execPath, BIN, ...args];
	const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	let markReady: () => void = () => {};
	let failReady: (e: Error) => void = () => {};
	const ready = new Promise<void>((resolve, reject) => {
		markReady = resolve;
		failReady = reject;
	});
	const waiters: { pattern: RegExp; count: number; resolve: () => void; reject: (e: Error) => void }[] = [];
	const matches = (pattern: RegExp): number =>
		Buffer.concat(out)
			.toString('utf8')
			.split('\n')
			.filter((l) => pattern.test(l)).length;
	const check = (): void => {
		for (const w of [...waiters]) {
			if (matches(w.pattern) < w.count) continue;
			waiters.splice(waiters.indexOf(w), 1);
			w.resolve();
		}
	};
	child.stdout.on('data', (b: Buffer) => {
		out.push(b);
		check();
	});
	child.stderr.on('data', (b: Buffer) => {
		err.push(b);
		if (Buffer.concat(err).toString('utf8').includes('PROBE_LISTEN_STARTED')) markReady();
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const done = new Promise<CliResult>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const result = { code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
			failReady(new Error(`listen ended before it was ready: ${result.stderr}`));
			for (const w of waiters.splice(0)) w.reject(new Error(`listen ended before ${w.count} lines matched ${w.pattern}: ${result.stdout}${result.stderr}`));
			resolve(result);
		});
	});
	// `ip netns exec` passes signals on to the program it runs.
	const waitFor = (pattern: RegExp, count = 1): Promise<void> =>
		new Promise((resolve, reject) => {
			waiters.push({ pattern, count, resolve, reject });
			check();
		});
	return { ready, done, interrupt: () => child.kill('SIGINT'), waitFor };
}
