import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ExitCode, UserError } from '../exit-codes.js';
import { labInfoFromState, type LabInfo } from './info.js';
import { keaSocketCommand, type KeaResponse } from '../kea/socket.js';
import { createNetns, deleteNetns, netnsExists, netnsInode, netnsPids, processAlive, processNetnsInode, sleep, stopPids, waitForCarrier, wireSegments } from './netns.js';
import { clientNetnsName, DEFAULT_LAB_NAME, serverNetnsName, validateLabName } from './plan.js';
import { CONTROL_AGENT, controlAgentConfig, controlAgentFiles, writeCredentials } from './control-agent.js';
import { requireNetAdmin, requireProgram, requireServerProgram } from './privilege.js';
import { run } from './run.js';
import { SERVERS, type ServerKind, type ServerPaths } from './servers.js';
import { labStateDir, readLabState, removeLabStateDir, writeLabState, type LabState } from './state.js';
import { findControlSocket } from './user-config.js';

export interface LabUpOptions {
	name?: string;
	server?: ServerKind;
	/** The user's own server configuration file instead of the generated one. */
	config?: string;
	/** Install the server's Debian package when its program is missing (root, Debian). */
	install?: boolean;
	/** Aborting removes everything made so far and rejects with a UserError. */
	signal?: AbortSignal;
	/** How long to wait for the server to answer (default 20 s). */
	readyTimeoutMs?: number;
	/** Take down whatever a lab of this name left (or still runs) first, as `lab down` does. */
	replace?: boolean;
	/** Also run the Kea Control Agent beside a Kea server, with basic auth (src/lab/control-agent.ts). */
	controlAgent?: boolean;
}

/** Thrown when `up` was interrupted; everything it made has been removed by then. */
export class LabInterrupted extends UserError {
	constructor(reason: string) {
		super(`lab up interrupted by ${reason}; everything it had made is removed`, ExitCode.UNKNOWN);
	}
}

/**
 * Brings a lab up: two namespaces joined by the on-link and the routed segment, a real DHCP
 * server in the server namespace, and waits until that server answers. On any failure or
 * abort everything made so far is removed before the promise rejects.
 */
export async function labUp(options: LabUpOptions = {}): Promise<LabInfo> {
	const name = validateLabName(options.name ?? DEFAULT_LAB_NAME);
	const kind: ServerKind = options.server ?? 'kea4';
	requireNetAdmin('dhcpulse lab up');
	const program = await requireServerProgram(kind, options.install ?? false);
	const spec = SERVERS[kind];
	if (options.controlAgent && !spec.hasControlSocket) throw new UserError(`--control-agent: only beside Kea (--server kea4 or kea6), not ${kind}`);
	const agentProgram = options.controlAgent ? await requireProgram(CONTROL_AGENT.program, CONTROL_AGENT.debianPackage, options.install ?? false) : null;
	if (options.replace) await labDown(name);

	const existing = readLabState(name);
	if (existing || netnsExists(serverNetnsName(name)) || netnsExists(clientNetnsName(name)) || existsSync(labStateDir(name))) {
		const running = existing ? labStatusFromState(existing).running : false;
		throw new UserError(
			running
				? `lab ${name} is already up; take it down first with: dhcpulse lab down --name ${name} (or replace it: lab up --replace)`
				: `lab ${name} has leftovers from an earlier run; remove them with: dhcpulse lab down --name ${name} (or do both: lab up --replace)`,
		);
	}

	const user = readUserConfig(options.config);
	const userConfigText = user?.text ?? null;
	const userConfig = user?.path ?? null;

	const stateDir = labStateDir(name);
	const paths = serverPaths(stateDir, kind, userConfig);
	const state: LabState = {
		version: 1,
		name,
		server: kind,
		userConfig,
		stateDir,
		configFile: paths.configFile,
		leaseFile: paths.leaseFile,
		logFile: paths.logFile,
		controlSocket: spec.hasControlSocket ? (userConfigText === null ? paths.controlSocket : findControlSocket(userConfigText, kind)) : null,
		serverNetns: serverNetnsName(name),
		clientNetns: clientNetnsName(name),
		pid: null,
		program,
		ready: false,
		startedAt: new Date().toISOString(),
	};

	const checkAbort = (): void => {
		if (options.signal?.aborted) throw new LabInterrupted(String(options.signal.reason ?? 'a signal'));
	};
	try {
		// The state goes to disk before each thing is made, so `down` can undo a crashed `up`.
		writeLabState(state);
		checkAbort();
		if (userConfigText === null) writeFileSync(paths.configFile, spec.generate(paths));
		// dhcpd refuses to start without an existing lease file.
		if (!existsSync(paths.leaseFile)) writeFileSync(paths.leaseFile, '');
		await createNetns(state.serverNetns);
		checkAbort();
		await createNetns(state.clientNetns);
		checkAbort();
		await wireSegments(state.serverNetns, state.clientNetns);
		await waitForCarrier(state.clientNetns);
		checkAbort();
		await checkConfig(state, spec.checkArgv(program, paths), spec.env(paths));
		checkAbort();
		state.pid = startServer(state, spec.runArgv(program, paths), spec.env(paths));
		writeLabState(state);
		await waitUntilAnswering(state, spec.ports, options.readyTimeoutMs ?? 20_000, checkAbort);
		if (agentProgram !== null) await startControlAgent(state, agentProgram, spec.env(paths), options.readyTimeoutMs ?? 20_000, checkAbort);
		state.ready = true;
		writeLabState(state);
		return labInfoFromState(state, true);
	} catch (error) {
		await labDown(name);
		if (error instanceof UserError) throw error;
		throw new UserError(`lab up: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/** The user's own server configuration (`--config FILE`): its absolute path and text. */
function readUserConfig(file: string | undefined): { path: string; text: string } | null {
	if (file === undefined) return null;
	const path = resolve(file);
	try {
		return { path, text: readFileSync(path, 'utf8') };
	} catch (error) {
		throw new UserError(`--config ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
}

/** Where a lab's server keeps its files: all in the state directory but a user's own configuration. */
function serverPaths(stateDir: string, kind: ServerKind, userConfig: string | null): ServerPaths {
	const spec = SERVERS[kind];
	return {
		stateDir,
		configFile: userConfig ?? join(stateDir, spec.configFileName),
		leaseFile: join(stateDir, spec.leaseFileName),
		logFile: join(stateDir, 'server.log'),
		pidFile: join(stateDir, `${spec.program}.pid`),
		controlSocket: join(stateDir, `${kind}.sock`),
	};
}

export interface LabRestartOptions {
	/** Restart with this configuration file of the server's own instead of the current one. */
	config?: string;
	/** How long to wait for the server to answer (default 20 s). */
	readyTimeoutMs?: number;
}

/**
 * Restarts the lab's server in its namespace, with its current configuration or `config`: stops
 * the server the lab started and any other copy of its program in the server namespace (one
 * started by hand holds the ports), checks the configuration, starts the server and waits until
 * it answers, as `up` does. The namespaces, addresses and lease file stay.
 */
export async function labRestart(name: string = DEFAULT_LAB_NAME, options: LabRestartOptions = {}): Promise<LabInfo> {
	validateLabName(name);
	requireNetAdmin('dhcpulse lab restart');
	const state = readLabState(name);
	if (!state || !netnsExists(state.serverNetns) || !netnsExists(state.clientNetns)) {
		throw new UserError(`lab ${name}: not found or incomplete; bring it up with: dhcpulse lab up --name ${name} --replace`);
	}
	const spec = SERVERS[state.server];
	const user = readUserConfig(options.config);
	if (user) {
		state.userConfig = user.path;
		state.configFile = user.path;
		state.controlSocket = spec.hasControlSocket ? findControlSocket(user.text, state.server) : null;
	}
	const paths = serverPaths(state.stateDir, state.server, state.userConfig);
	await checkConfig(state, spec.checkArgv(state.program, paths), spec.env(paths));
	const pids = new Set<number>();
	if (serverPidIsOurs(state) === true) pids.add(state.pid!);
	for (const pid of await netnsPids(state.serverNetns)) if (runsProgram(pid, state.program)) pids.add(pid);
	await stopPids([...pids]);
	state.ready = false;
	state.pid = startServer(state, spec.runArgv(state.program, paths), spec.env(paths));
	writeLabState(state);
	await waitUntilAnswering(state, spec.ports, options.readyTimeoutMs ?? 20_000, () => {});
	state.ready = true;
	writeLabState(state);
	return labInfoFromState(state, true);
}

/** Whether the process runs `program` (its first argument, by path or name). */
function runsProgram(pid: number, program: string): boolean {
	try {
		const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
		return argv0 === program || basename(argv0) === basename(program);
	} catch {
		return false;
	}
}

/** Runs the server's own configuration check inside the server namespace (it may name interfaces). */
async function checkConfig(state: LabState, argv: string[], env: Record<string, string>): Promise<void> {
	const r = await run(['ip', 'netns', 'exec', state.serverNetns, ...argv], { env: { ...process.env, ...env }, timeoutMs: 20_000 });
	if (r.code === 0) return;
	const what = state.userConfig ? `--config ${state.userConfig}` : `the generated ${state.server} configuration`;
	throw new UserError(`${what}: ${SERVERS[state.server].program} rejected it: ${serverErrorLines(`${r.stdout}\n${r.stderr}`)}`);
}

/**
 * Picks the lines of a server's output that carry its complaint (Kea's ERROR/FATAL log lines,
 * dhcpd's and dnsmasq's messages), joined into one line.
 */
export function serverErrorLines(output: string): string {
	const lines = output
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		// dhcpd prints its banner and boilerplate about reporting bugs on every failure.
		.filter(
			(l) =>
				!/^(Internet Systems Consortium|Copyright|For info|If you think|bugs on|before submitting|process and the information|exiting\.|This version of ISC DHCP|Please report|https?:\/\/|on the dhcp-users|dhcp-users@|Database file|Wrote \d|Config file:|PID file:|Lease file:|Listening on|Sending on|Server starting|Source compiled)/i.test(
					l,
				),
		);
	const severe = lines.filter((l) => /\b(ERROR|FATAL|errors?|failed|bad|unknown|expect(ed|ing)|syntax|invalid|line \d+)\b/i.test(l));
	const picked = (severe.length > 0 ? severe : lines).slice(-4);
	return picked.join(' / ') || 'no message';
}

/**
 * Starts the Control Agent in the server namespace with fresh credentials, pointed at the lab's
 * Kea control socket, and waits until it listens on its TCP port; if it exits, its log is the error.
 */
async function startControlAgent(state: LabState, program: string, env: Record<string, string>, timeoutMs: number, checkAbort: () => void): Promise<void> {
	if (!state.controlSocket) throw new UserError(`--control-agent: ${state.userConfig ? `--config ${state.userConfig}` : 'the Kea configuration'} names no unix control socket for the agent to forward to`);
	const files = controlAgentFiles(state.stateDir);
	writeCredentials(files.credentialsFile);
	writeFileSync(files.configFile, `${JSON.stringify(controlAgentConfig(state.stateDir, state.server === 'kea6' ? 'dhcp6' : 'dhcp4', state.controlSocket), null, '\t')}\n`);
	state.controlAgent = { pid: null, program };
	writeLabState(state);
	const pid = startServer(state, [program, '-c', files.configFile], env, files.logFile);
	state.controlAgent.pid = pid;
	writeLabState(state);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		checkAbort();
		if (!processAlive(pid)) {
			await sleep(100);
			throw new UserError(`--control-agent: ${CONTROL_AGENT.program} exited: ${serverErrorLines(readLog(files.logFile))}`);
		}
		if (await portsBound(state.serverNetns, pid, [CONTROL_AGENT.port], 'tcp')) return;
		if (Date.now() > deadline) throw new UserError(`--control-agent: ${CONTROL_AGENT.program} did not listen within ${Math.round(timeoutMs / 1000)} s: ${serverErrorLines(readLog(files.logFile))}`);
		await sleep(100);
	}
}

/** Starts a program detached inside the server namespace, its output appended to `logFile`. */
function startServer(state: LabState, argv: string[], env: Record<string, string>, logFile = state.logFile): number {
	const log = openSync(logFile, 'a');
	try {
		// `ip netns exec` execs the program, so the child's PID is the server's own.
		const child = spawn('ip', ['netns', 'exec', state.serverNetns, ...argv], {
			detached: true,
			stdio: ['ignore', log, log],
			env: { ...process.env, ...env },
		});
		child.on('error', () => {
			// Reported through the readiness wait: the process is simply not alive.
		});
		child.unref();
		if (child.pid === undefined) throw new Error(`could not start ${argv[0]}`);
		return child.pid;
	} finally {
		closeSync(log);
	}
}

/**
 * Waits until the server is alive, has bound its DHCP port(s) in the server namespace and, for
 * Kea, answers `status-get` on its control socket. If the server exits, its own log is the error.
 */
async function waitUntilAnswering(state: LabState, ports: number[], timeoutMs: number, checkAbort: () => void): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const pid = state.pid!;
	for (;;) {
		checkAbort();
		if (!processAlive(pid)) {
			await sleep(100); // let the last log lines land
			const what = state.userConfig ? `--config ${state.userConfig}` : `the ${state.server} lab server`;
			throw new UserError(`${what}: ${SERVERS[state.server].program} exited: ${serverErrorLines(readLog(state.logFile))}`);
		}
		if ((await portsBound(state.serverNetns, pid, ports)) && (await controlAnswers(state))) return;
		if (Date.now() > deadline) {
			throw new UserError(`lab ${state.name}: ${SERVERS[state.server].program} did not answer within ${Math.round(timeoutMs / 1000)} s: ${serverErrorLines(readLog(state.logFile))}`);
		}
		await sleep(100);
	}
}

function readLog(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

async function portsBound(ns: string, pid: number, ports: number[], proto: 'udp' | 'tcp' = 'udp'): Promise<boolean> {
	const r = await run(['ip', 'netns', 'exec', ns, 'ss', '-H', proto === 'udp' ? '-u' : '-t', '-l', '-n', '-p']);
	if (r.code !== 0) return false;
	const mine = r.stdout.split('\n').filter((l) => l.includes(`pid=${pid},`));
	return ports.every((port) => mine.some((l) => new RegExp(`[:\\]]${port}\\s`).test(l)));
}

async function controlAnswers(state: LabState): Promise<boolean> {
	if (!state.controlSocket) return true;
	try {
		const r = await keaSocketCommand(state.controlSocket, 'status-get', undefined, 1_000);
		return r.result === 0;
	} catch {
		return false;
	}
}

/**
 * The PID in the state still names our server: alive, and inside the lab's server namespace.
 * 'unknown' when the process lives but this user may not see its namespace (not root).
 */
function serverPidIsOurs(state: LabState): boolean | 'unknown' {
	if (state.pid === null || !processAlive(state.pid)) return false;
	const nsInode = netnsInode(state.serverNetns);
	if (nsInode !== null) {
		const inode = processNetnsInode(state.pid);
		return inode === 'denied' ? 'unknown' : inode === nsInode;
	}
	// Namespace already gone (a half-finished `down`): recognise the process by its command line.
	try {
		const cmdline = readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0');
		return cmdline.includes(state.program) && cmdline.some((a) => a.includes(state.configFile));
	} catch {
		return false;
	}
}

/** Why this process cannot tell whether a lab's server runs. */
export const CANNOT_SEE_SERVER = "cannot tell whether its server runs: seeing another user's process namespace needs root (CAP_SYS_PTRACE); run it as root";

function labStatusFromState(state: LabState): LabInfo {
	const ours = state.ready && netnsExists(state.serverNetns) && netnsExists(state.clientNetns) ? serverPidIsOurs(state) : false;
	return { ...labInfoFromState(state, ours === true), ...(ours === 'unknown' ? { unknown: CANNOT_SEE_SERVER } : {}) };
}

/** The lab's information, or null when no lab of that name has state. */
export function labStatus(name: string = DEFAULT_LAB_NAME): LabInfo | null {
	validateLabName(name);
	const state = readLabState(name);
	return state ? labStatusFromState(state) : null;
}

export interface LabDownResult {
	/** Something existed (state, namespaces or processes) and was removed. */
	removed: boolean;
}

/**
 * Takes a lab down: stops its server by PID, then every process left in its namespaces, then
 * removes the namespaces (which removes the veth pairs) and the state directory. Idempotent,
 * and works from whatever a crashed `up` left behind: namespace names follow from the lab name.
 */
export async function labDown(name: string = DEFAULT_LAB_NAME): Promise<LabDownResult> {
	validateLabName(name);
	requireNetAdmin('dhcpulse lab down');
	const state = readLabState(name);
	const serverNs = serverNetnsName(name);
	const clientNs = clientNetnsName(name);
	const existed = state !== null || existsSync(labStateDir(name)) || netnsExists(serverNs) || netnsExists(clientNs);
	const pids = new Set<number>();
	if (state && serverPidIsOurs(state) === true) pids.add(state.pid!);
	for (const pid of await netnsPids(serverNs)) pids.add(pid);
	for (const pid of await netnsPids(clientNs)) pids.add(pid);
	await stopPids([...pids]);
	await deleteNetns(serverNs);
	await deleteNetns(clientNs);
	removeLabStateDir(name);
	return { removed: existed || pids.size > 0 };
}

/**
 * Sends one command to the lab's Kea server over its control socket and returns Kea's answer
 * (`{ result, text?, arguments? }`; result 0 is success).
 */
export async function keaCommand(info: Pick<LabInfo, 'name' | 'controlSocket' | 'server'>, command: string, args?: Record<string, unknown>): Promise<KeaResponse> {
	if (!info.controlSocket) throw new UserError(`lab ${info.name}: the ${info.server} server has no control socket`);
	return keaSocketCommand(info.controlSocket, command, args);
}
