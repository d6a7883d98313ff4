import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerKind } from './servers.js';

/**
 * What `lab down` and `lab status` need to know about one lab. `up` writes it *before* it
 * creates each thing, so after a crash `down` still knows what may exist.
 */
export interface LabState {
	version: 1;
	name: string;
	server: ServerKind;
	/** The user's configuration file as given, or null for the generated one. */
	userConfig: string | null;
	stateDir: string;
	configFile: string;
	leaseFile: string;
	logFile: string;
	/** Kea's unix control socket; null for dnsmasq and dhcpd. */
	controlSocket: string | null;
	serverNetns: string;
	clientNetns: string;
	/** The server's PID once spawned (ip netns exec execs the server, so this is the server itself). */
	pid: number | null;
	/** The server program's absolute path, to recognise the PID later. */
	program: string;
	/** The Kea Control Agent `up --control-agent` started beside the server; absent or null without one. */
	controlAgent?: { pid: number | null; program: string } | null;
	/** Set once the server answered; a lab whose state says false was interrupted during `up`. */
	ready: boolean;
	startedAt: string;
}

/**
 * Root of all lab state directories. `/run` is a tmpfs, so a reboot (which also drops every
 * namespace) drops the state with it.
 */
export function stateRoot(): string {
	return process.env.DHCPULSE_STATE_DIR || '/run/dhcpulse/labs';
}

export function labStateDir(name: string): string {
	return join(stateRoot(), name);
}

export function readLabState(name: string): LabState | null {
	let text: string;
	try {
		text = readFileSync(join(labStateDir(name), 'state.json'), 'utf8');
	} catch {
		return null;
	}
	try {
		return JSON.parse(text) as LabState;
	} catch {
		// A crash between truncate and write cannot happen (writes are rename-atomic), but a
		// hand-edited file can: treat it as absent, `down` still removes the namespaces by name.
		return null;
	}
}

/** Writes state.json atomically (temp file + rename), so a crash never leaves half a file. */
export function writeLabState(state: LabState): void {
	mkdirSync(state.stateDir, { recursive: true, mode: 0o755 });
	const file = join(state.stateDir, 'state.json');
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, `${JSON.stringify(state, null, '\t')}\n`);
	renameSync(tmp, file);
}

export function removeLabStateDir(name: string): void {
	rmSync(labStateDir(name), { recursive: true, force: true });
}

/** Names of labs that have a state directory. */
export function listLabNames(): string[] {
	try {
		return readdirSync(stateRoot(), { withFileTypes: true })
			.filter((d) => d.isDirectory())
			.map((d) => d.name)
			.sort();
	} catch {
		return [];
	}
}
