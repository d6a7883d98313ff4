import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestFn } from 'ava';
import { labDown, labExecArgs, labUp, type LabInfo, type ServerKind } from '../../src/lab/index.js';

export { labExecArgs, labUp, labDown, type LabInfo };

export interface UseLabOptions {
	server?: ServerKind;
	/** The server's own configuration file instead of the generated one. */
	config?: string;
	/** Lab name; default: derived from the test file's name and this process's PID. */
	name?: string;
}

/**
 * A lab name unique to this test file and process: test files run in parallel, and another
 * engineer may run the same file at the same time. Lab names are at most 32 characters.
 */
export function labNameFor(fileUrl: string, suffix = ''): string {
	const base = basename(fileURLToPath(fileUrl))
		.replace(/\.test\.tsx?$/, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 16);
	return `t-${base}${suffix ? `-${suffix.slice(0, 5)}` : ''}-${process.pid}`.slice(0, 32);
}

/**
 * Starts one lab for the whole test file (`test.before`) and removes it afterwards
 * (`test.after.always`). Returns a getter for the lab's information, e.g.
 * `const lab = useLab(test, { server: 'kea4' }); … runCli(args, { prefix: labExecArgs(lab()) })`.
 */
export function useLab(test: TestFn<any>, options: UseLabOptions = {}): () => LabInfo {
	const name = options.name ?? labNameFor(test.meta.file, options.server ?? 'kea4');
	let info: LabInfo | undefined;
	test.before(async () => {
		info = await labUp({ name, server: options.server ?? 'kea4', config: options.config });
	});
	test.after.always(async () => {
		await labDown(name);
	});
	return () => {
		if (!info) throw new Error(`lab ${name} is not up (its test.before failed)`);
		return info;
	};
}

export interface ExecResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Runs any program inside the lab's client namespace, bounded by `timeoutMs` (SIGKILL after). */
export function execInLab(info: Pick<LabInfo, 'clientNetns'>, argv: string[], timeoutMs = 30_000): Promise<ExecResult> {
	const full = [...labExecArgs(info), ...argv];
	return new Promise((resolve, reject) => {
		const child = spawn(full[0]!, full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (b: Buffer) => out.push(b));
		child.stderr.on('data', (b: Buffer) => err.push(b));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		});
	});
}

export interface Capture {
	/** Resolves once tcpdump listens (its "listening on" line); rejects if it ends first. */
	ready: Promise<void>;
	/** Stops the capture (SIGINT, so tcpdump prints what it holds) and resolves with its lines. */
	stop(): Promise<string[]>;
}

/**
 * tcpdump on one interface of the lab's client namespace, for what left through which interface
 * (`filter` is a pcap filter; `flags` more tcpdump flags, e.g. -v). Bounded by `timeoutMs` (SIGKILL after).
 */
export function captureInLab(info: Pick<LabInfo, 'clientNetns'>, iface: string, filter: string, flags: string[] = [], timeoutMs = 60_000): Capture {
	const full = [...labExecArgs(info), 'tcpdump', '-i', iface, '-n', '-l', '--immediate-mode', ...flags, filter];
	const child = spawn(full[0]!, full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
	const out: Buffer[] = [];
	let err = '';
	child.stdout.on('data', (b: Buffer) => out.push(b));
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const closed = new Promise<string[]>((resolve) => {
		child.on('close', () => {
			clearTimeout(timer);
			resolve(Buffer.concat(out).toString('utf8').split('\n').filter(Boolean));
		});
	});
	const ready = new Promise<void>((resolve, reject) => {
		child.stderr.on('data', (b: Buffer) => {
			err += b.toString('utf8');
			if (err.includes('listening on')) resolve();
		});
		void closed.then(() => reject(new Error(`tcpdump on ${iface} ended before it listened: ${err}`)));
	});
	return {
		ready,
		stop() {
			child.kill('SIGINT');
			return closed;
		},
	};
}
