import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/dhcpulse.js', import.meta.url));

export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	input?: string | Buffer;
	env?: NodeJS.ProcessEnv;
	/** Wrap the command, e.g. ['ip', 'netns', 'exec', NS] to run inside a lab namespace. */
	prefix?: string[];
	/** Hard bound for the child; the test fails rather than hangs. */
	timeoutMs?: number;
	/** Another dhcpulse launcher than this checkout's, e.g. one installed from the packed tarball. */
	bin?: string;
}

/** Runs the built `bin/dhcpulse.js` exactly as a user would and collects its outcome. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
	const argv = [...(options.prefix ?? []), process.execPath, options.bin ?? BIN, ...args];
	return new Promise((resolve, reject) => {
		const child = spawn(argv[0]!, argv.slice(1), {
			env: { ...process.env, ...options.env },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (b: Buffer) => out.push(b));
		child.stderr.on('data', (b: Buffer) => err.push(b));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		});
		child.stdin.end(options.input ?? '');
	});
}
