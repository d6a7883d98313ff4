/**
 * SIGUSR1 during a probe: the log gets where the exchange stands (transmissions, replies, what
 * was ignored), as during a load run, and the probe carries on (log/status.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import test from 'ava';
import { BIN } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';

const lab = useLab(test, { server: 'kea4' });
const SIGUSR1 = 10;

/** Whether process `pid` has a handler for signal number `signal` (SigCgt in /proc/PID/status). */
function catches(pid: number, signal: number): boolean {
	try {
		const m = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m !== null && (BigInt(`0x${m[1]}`) & (1n << BigInt(signal - 1))) !== 0n;
	} catch {
		return false;
	}
}

test('SIGUSR1 while a probe waits for an answer logs its live state and the probe goes on', async (t) => {
	// 198.19.0.250 is on the relay segment but nothing answers there: the probe waits out its timeout.
	const argv = [...labExecArgs(lab()), process.execPath, BIN, 'discover', '-s', '198.19.0.250', '--giaddr', lab().relayAddr4, '--tries', '1', '--timeout', '20'];
	const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
	child.stdout.resume();
	const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
	// Once the process catches SIGUSR1 (before, its default action would end it), and until a
	// dump of the probe shows up; bounded by the probe's own 20 s timeout.
	for (let i = 0; i < 200 && !catches(child.pid!, SIGUSR1); i++) await new Promise((r) => setTimeout(r, 50));
	for (let i = 0; i < 100 && !stderr.includes('STATUS_DUMP probe'); i++) {
		child.kill('SIGUSR1');
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill('SIGINT');
	const code = await closed;
	const line = stderr.split('\n').find((l) => l.includes('STATUS_DUMP probe'));
	t.truthy(line, stderr);
	const state = JSON.parse(line!.slice(line!.indexOf('{')));
	t.like(state, { to: '198.19.0.250:67', transmissions: 1, of: 1, replies: 0 });
	t.is(code, 3, 'interrupted before any answer: UNKNOWN');
});
