import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { syslogSeverity, type SeverityName } from './severity.js';
import type { Sink } from './sink.js';

/** syslog(3) facility codes (RFC 5424 §6.2.1, Table 1), by the names syslog.conf uses. */
export const FACILITIES: Readonly<Record<string, number>> = {
	kern: 0,
	user: 1,
	mail: 2,
	daemon: 3,
	auth: 4,
	syslog: 5,
	lpr: 6,
	news: 7,
	uucp: 8,
	cron: 9,
	authpriv: 10,
	ftp: 11,
	local0: 16,
	local1: 17,
	local2: 18,
	local3: 19,
	local4: 20,
	local5: 21,
	local6: 22,
	local7: 23,
};

/** Kea logs to syslog with facility local0 unless `syslog:NAME` names another. */
export const DEFAULT_FACILITY = 'local0';

/** The system's syslog socket, unless DHCPULSE_SYSLOG_SOCKET names another (tests use that). */
export function syslogSocketPath(): string {
	return process.env.DHCPULSE_SYSLOG_SOCKET || '/dev/log';
}

/** True when `path` exists and is a socket, i.e. a syslog daemon could be listening there. */
export function isSocket(path: string): boolean {
	try {
		return statSync(path).isSocket();
	} catch {
		return false;
	}
}

/**
 * Syslog through one long-lived util-linux logger(1): Node cannot open the AF_UNIX datagram
 * socket /dev/log itself (dgram only knows udp4/udp6, net only streams). Each line goes to the
 * child's stdin as `<PRI>text`, which `--prio-prefix` turns into a datagram with that priority
 * (PRI = facility × 8 + severity, RFC 5424 §6.2.1); `-t` sets the ident to the root logger's
 * name, as Kea does, and `--id` adds our PID.
 */
export class SyslogSink implements Sink {
	private child: ChildProcessByStdio<Writable, null, Readable> | undefined;
	private failed = false;

	constructor(
		readonly facility: number,
		readonly ident: string,
		readonly socket: string,
		private readonly onError: (error: Error) => void,
	) {}

	write(line: string, severity: SeverityName): void {
		if (this.failed) return;
		const child = this.child ?? this.start();
		if (!child) return;
		// One syslog message per line: logger(1) would split embedded newlines into several.
		const text = line.endsWith('\n') ? line.slice(0, -1) : line;
		child.stdin.write(`<${this.facility * 8 + syslogSeverity(severity)}>${text.replace(/\n/g, ' ')}\n`);
	}

	flush(): void {}

	close(): void {
		this.child?.stdin.end();
		this.child = undefined;
	}

	private start(): ChildProcessByStdio<Writable, null, Readable> | undefined {
		const child = spawn('logger', ['--socket', this.socket, '--socket-errors=on', '-t', this.ident, `--id=${process.pid}`, '--prio-prefix'], {
			stdio: ['pipe', 'ignore', 'pipe'],
		});
		let complaint = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (text: string) => (complaint += text));
		child.on('error', (error) => this.fail(error));
		// A write after logger(1) died fails with EPIPE; its exit (with its own complaint) says why.
		child.stdin.on('error', () => {});
		child.on('close', (code, signal) => {
			if (this.child !== child) return;
			this.child = undefined;
			if (code !== 0 || signal) {
				const reason = complaint.trim().split('\n')[0] || `logger exited with ${signal ?? `code ${code}`}`;
				this.fail(new Error(reason));
			}
		});
		// The pipes must not keep the process alive once everything else is done; lines already
		// written are in the pipe and logger(1) sends them after we exit.
		child.unref();
		(child.stdin as Socket).unref();
		(child.stderr as Socket).unref();
		this.child = child;
		return child;
	}

	private fail(error: Error): void {
		if (this.failed) return;
		this.failed = true;
		this.child = undefined;
		this.onError(error);
	}
}
