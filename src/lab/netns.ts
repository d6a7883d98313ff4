import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { run, runOk } from './run.js';
import { PLAN } from './plan.js';
import { findProgram } from './servers.js';

/** `ip netns add` keeps a bind mount per namespace here. */
export function netnsExists(ns: string): boolean {
	return existsSync(`/run/netns/${ns}`);
}

/**
 * Creates an empty namespace with loopback up and IPv6 duplicate address detection off, so
 * link-local and lab addresses are usable at once (a tentative address cannot be bound, and
 * DAD has nothing to protect on a two-ended veth).
 */
export async function createNetns(ns: string): Promise<void> {
	await runOk(['ip', 'netns', 'add', ns]);
	await runOk(['ip', 'netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
	await runOk(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
}

/**
 * Builds both segments between the two namespaces. Each veth pair is created inside the server
 * namespace with its peer placed straight into the client namespace, so no interface ever
 * appears in the host's namespace.
 */
export async function wireSegments(serverNs: string, clientNs: string): Promise<void> {
	const p4 = PLAN.prefixLen4;
	const p6 = PLAN.prefixLen6;
	await runOk(['ip', '-n', serverNs, 'link', 'add', PLAN.serverIface, 'type', 'veth', 'peer', 'name', PLAN.clientIface, 'netns', clientNs]);
	await runOk(['ip', '-n', serverNs, 'link', 'add', PLAN.serverRelayIface, 'type', 'veth', 'peer', 'name', PLAN.relayIface, 'netns', clientNs]);
	await runOk(['ip', '-n', serverNs, '-batch', '-'], {
		input: [
			`addr add ${PLAN.serverAddr4}/${p4} dev ${PLAN.serverIface}`,
			`addr add ${PLAN.serverAddr6}/${p6} dev ${PLAN.serverIface} nodad`,
			`addr add ${PLAN.relayServerAddr4}/${p4} dev ${PLAN.serverRelayIface}`,
			`addr add ${PLAN.relayServerAddr6}/${p6} dev ${PLAN.serverRelayIface} nodad`,
			`link set ${PLAN.serverIface} up`,
			`link set ${PLAN.serverRelayIface} up`,
			'',
		].join('\n'),
	});
	// The on-link client side deliberately gets no IPv4 address: on-link clients then really
	// send from 0.0.0.0:68 and receive the server's broadcast replies (RFC 2131 §4.1).
	// The relay agent's addresses are `scope link`: raw(7) fills a zero source address from the
	// routing decision, and inet_select_addr() lends any global-scope address of another device
	// (measured: on-link DISCOVERs then left from 198.19.0.2); link-scope addresses are never lent.
	await runOk(['ip', '-n', clientNs, '-batch', '-'], {
		input: [
			...[PLAN.relayAddr4, ...PLAN.extraRelayAddrs4].map((a) => `addr add ${a}/${p4} dev ${PLAN.relayIface} scope link`),
			...[PLAN.relayAddr6, ...PLAN.extraRelayAddrs6].map((a) => `addr add ${a}/${p6} dev ${PLAN.relayIface} nodad`),
			`link set ${PLAN.clientIface} up`,
			`link set ${PLAN.relayIface} up`,
			'',
		].join('\n'),
	});
	// veth's TX checksum offload leaves UDP checksums unfinished in what a packet socket or a
	// capture on the other end sees (lab-facts); computing them in software keeps raw-socket
	// clients and captures honest. ethtool is optional: without it the lab still works.
	if (findProgram('ethtool')) {
		for (const [ns, ifaces] of [
			[serverNs, [PLAN.serverIface, PLAN.serverRelayIface]],
			[clientNs, [PLAN.clientIface, PLAN.relayIface]],
		] as const) {
			for (const iface of ifaces) await run(['ip', 'netns', 'exec', ns, 'ethtool', '-K', iface, 'tx', 'off']);
		}
	}
}

/**
 * Waits (bounded) until both client-side links report carrier. Right after `link set up` a veth
 * can still be NO-CARRIER, and then libuv (Node's networkInterfaces) lists none of its
 * addresses, so a command started at once would not find the relay address.
 */
export async function waitForCarrier(clientNs: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const r = await run(['ip', 'netns', 'exec', clientNs, 'cat', `/sys/class/net/${PLAN.clientIface}/carrier`, `/sys/class/net/${PLAN.relayIface}/carrier`]);
		if (
			r.code === 0 &&
			r.stdout
				.split(/\s+/)
				.filter(Boolean)
				.every((v) => v === '1')
		)
			return;
		if (Date.now() > deadline) throw new Error(`the lab's links in ${clientNs} have no carrier after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** PIDs of every process inside a namespace (`ip netns pids`). */
export async function netnsPids(ns: string): Promise<number[]> {
	if (!netnsExists(ns)) return [];
	const r = await run(['ip', 'netns', 'pids', ns]);
	return r.stdout
		.split(/\s+/)
		.filter((s) => /^\d+$/.test(s))
		.map(Number)
		.filter((pid) => pid !== process.pid);
}

export async function deleteNetns(ns: string): Promise<void> {
	if (!netnsExists(ns)) return;
	const r = await run(['ip', 'netns', 'del', ns]);
	if (r.code !== 0 && netnsExists(ns)) throw new Error(`ip netns del ${ns}: ${r.stderr.trim()}`);
}

/** True while `pid` names a live (not zombie) process. */
export function processAlive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Field 3 (after the parenthesised command name) is the state; Z is a zombie, X dead.
		const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

/**
 * The namespace link of a process (`net:[INODE]`), to tell "our server" from a reused PID; null
 * when the process is gone, 'denied' when it lives but another user's namespace links cannot be
 * read without privilege (ptrace access mode, proc(5)).
 */
export function processNetnsInode(pid: number): string | null | 'denied' {
	try {
		return readlinkSync(`/proc/${pid}/ns/net`);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'EACCES' || code === 'EPERM' ? 'denied' : null;
	}
}

/** The inode of a named namespace's bind mount, comparable with {@link processNetnsInode}. */
export function netnsInode(ns: string): string | null {
	try {
		return `net:[${statSync(`/run/netns/${ns}`).ino}]`;
	} catch {
		return null;
	}
}

/**
 * Stops processes by PID: SIGTERM, then SIGKILL for whatever still lives after `graceMs`.
 * Resolves when all are gone (or after the SIGKILL grace).
 */
export async function stopPids(pids: number[], graceMs = 5_000): Promise<void> {
	const live = pids.filter(processAlive);
	for (const pid of live) {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
	const deadline = Date.now() + graceMs;
	while (live.some(processAlive) && Date.now() < deadline) await sleep(50);
	for (const pid of live.filter(processAlive)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	const killDeadline = Date.now() + 2_000;
	while (live.some(processAlive) && Date.now() < killDeadline) await sleep(20);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
