/**
 * A real terminal for the live views: a dhcpulse command (perf, capacity) run by its real command
 * line inside `lab exec`, in a detached tmux session with a server socket of its own, so what is
 * asserted is what a person's screen shows. Every wait is for a condition, bounded generously:
 * the host is busy.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN } from './cli.js';

const run = promisify(execFile);

let sessions = 0;

export interface PaneOptions {
	columns: number;
	rows: number;
	/** A scratch directory for the session's files. */
	dir: string;
	/** The `lab exec` prefix (helpers/lab.ts labExecArgs). */
	labExec: string[];
	/** The dhcpulse command, e.g. `perf`. */
	command: string;
	/** The text that starts each frame (its header), e.g. `dhcpulse perf`. */
	header: string;
}

/** One command in a detached tmux session of its own server; the pane stays after the command ends. */
export class Pane {
	readonly socket = `dhcpulse-${process.pid}-${++sessions}`;
	private readonly go: string;

	constructor(readonly o: PaneOptions) {
		this.go = join(o.dir, `${this.socket}.go`);
	}

	get columns(): number {
		return this.o.columns;
	}

	/** Starts the session; the command waits for {@link release} before it starts, so keys can be typed first. */
	async start(args: string[], env: Record<string, string> = {}): Promise<void> {
		const conf = join(this.o.dir, `${this.socket}.conf`);
		writeFileSync(conf, 'set -g remain-on-exit on\nset -g history-limit 20000\n');
		const script = join(this.o.dir, `${this.socket}.sh`);
		const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
		// One process from sh to node (exec all the way), so the pane's pid is the command's.
		// Whatever the test's own environment says about CI and colour, the pane is a person's terminal.
		const argv = [...this.o.labExec, 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', '-u', 'FORCE_COLOR', '-u', 'NO_COLOR', ...vars, process.execPath, BIN, this.o.command, ...args];
		writeFileSync(script, `while [ ! -e ${this.go} ]; do sleep 0.05; done\nexec ${argv.map((a) => `'${a}'`).join(' ')}\n`);
		await this.tmux('-f', conf, 'new-session', '-d', '-s', 'run', '-x', String(this.o.columns), '-y', String(this.o.rows), `sh ${script}`);
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
		return text.slice(text.lastIndexOf(this.o.header)).trimEnd().split('\n');
	}

	async pid(): Promise<number> {
		return Number((await this.tmux('display-message', '-p', '-t', 'run', '#{pane_pid}')).trim());
	}

	/** The command's exit status once it has ended, else null. */
	async exitStatus(): Promise<number | null> {
		// tmux may mark the pane dead (its terminal closed) before it has reaped the process and knows the status.
		const [dead, status, pid] = (await this.tmux('display-message', '-p', '-t', 'run', '#{pane_dead} #{pane_dead_status} #{pane_pid}')).trim().split(' ');
		if (dead !== '1') return null;
		if (status !== undefined && /^\d+$/.test(status)) return Number(status);
		// Seen here: a command that quits within a second can stay a zombie that tmux never reaps. The
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
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 90_000, pane?: Pane): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}${pane ? `; the pane:\n${await pane.screen()}` : ''}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** The lines wider than the terminal (tmux joins the rows a wrapped line took, so a wider line shows). */
export function tooWide(lines: readonly string[], columns: number): string[] {
	return lines.filter((l) => [...l].length > columns);
}
