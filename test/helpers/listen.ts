import { spawn } from 'node:child_process';
import { labExecArgs, type LabInfo } from './lab.js';
import { BIN, type CliResult } from './cli.js';

export interface Listening {
	/** Resolves once the capture is open (PROBE_LISTEN_STARTED on stderr); rejects if it ends first. */
	ready: Promise<void>;
	done: Promise<CliResult>;
	/** Sends SIGINT, as Ctrl-C does. */
	interrupt(): void;
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
	child.stdout.on('data', (b: Buffer) => out.push(b));
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
			resolve(result);
		});
	});
	// `ip netns exec` passes signals on to the program it runs.
	return { ready, done, interrupt: () => child.kill('SIGINT') };
}
