import { spawn } from 'node:child_process';

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	/** Hard bound: the child is killed with SIGKILL after this long. */
	timeoutMs?: number;
	env?: NodeJS.ProcessEnv;
	input?: string;
}

/**
 * Runs one short helper program (ip, ss, a server's config check) to completion and collects
 * its output. Never throws for a non-zero exit: callers decide what a failure means.
 */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(argv[0]!, argv.slice(1), {
			env: options.env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (b: Buffer) => out.push(b));
		child.stderr.on('data', (b: Buffer) => err.push(b));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		});
		// A child that exits without reading its input must not crash us with EPIPE.
		child.stdin.on('error', () => {});
		child.stdin.end(options.input ?? '');
	});
}

/** Like {@link run}, but a non-zero exit becomes an Error carrying the program's own message. */
export async function runOk(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
	const r = await run(argv, options);
	if (r.code !== 0) {
		const why = (r.stderr.trim() || r.stdout.trim() || `exit ${r.code ?? r.signal}`).split('\n').slice(-3).join(' / ');
		throw new Error(`${argv.join(' ')}: ${why}`);
	}
	return r;
}
