/**
 * The kernel's UDP counters of one process's network namespace, and the drops of that process's
 * own sockets, read from /proc (proc(5)): /proc/PID/net/* shows the namespace PID lives in, so the
 * lab's server namespace is read through the server's PID without entering it. Parsers are pure
 * (tested with fabricated text); the readers only gather text.
 *
 * Where they come from (Linux net/ipv4/udp.c, net/packet/af_packet.c): a datagram that finds its
 * socket's receive buffer full increments Udp RcvbufErrors and InErrors of the namespace and the
 * socket's own drop count (the last column of /proc/net/udp, `sk_drops`). A packet (AF_PACKET)
 * socket counts its drops in `sk_drops` too, but /proc/net/packet has no column for it: only the
 * sock_diag interface shows it, which `ss -0 -m` prints as `d<N>` in `skmem:(…)`.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** UDP counters of a namespace, one family (`Udp:` of /proc/net/snmp, or `Udp6*` of /proc/net/snmp6). */
export interface UdpMib {
	inDatagrams: number;
	noPorts: number;
	inErrors: number;
	outDatagrams: number;
	rcvbufErrors: number;
	sndbufErrors: number;
}

/** What one reading finds for a process: its namespace's UDP counters, and its own sockets' drops. */
export interface KernelCounters {
	/** The namespace's counters for the family of the run. */
	udp: UdpMib;
	/** Drops summed over the process's UDP sockets of that family (/proc/PID/net/udp or udp6), and how many sockets. */
	udpSockets: number;
	udpSocketDrops: number;
	/** The same for its raw IP sockets (/proc/PID/net/raw or raw6: dhcpulse's on-link DHCPv4 socket). */
	rawSockets: number;
	rawSocketDrops: number;
	/** The same for its packet sockets (Kea's `dhcp-socket-type: raw`); drops null when `ss` could not tell. */
	packetSockets: number;
	packetSocketDrops: number | null;
}

const MIB_FIELDS: Record<string, keyof UdpMib> = {
	InDatagrams: 'inDatagrams',
	NoPorts: 'noPorts',
	InErrors: 'inErrors',
	OutDatagrams: 'outDatagrams',
	RcvbufErrors: 'rcvbufErrors',
	SndbufErrors: 'sndbufErrors',
};

function emptyMib(): UdpMib {
	return { inDatagrams: 0, noPorts: 0, inErrors: 0, outDatagrams: 0, rcvbufErrors: 0, sndbufErrors: 0 };
}

/** /proc/net/snmp: a `Udp:` line of names followed by a `Udp:` line of values. */
export function parseSnmpUdp(text: string): UdpMib | null {
	const lines = text.split('\n').filter((l) => l.startsWith('Udp: '));
	if (lines.length < 2) return null;
	const names = lines[0]!.split(/\s+/).slice(1);
	const values = lines[1]!.split(/\s+/).slice(1);
	const out = emptyMib();
	names.forEach((n, i) => {
		const key = MIB_FIELDS[n];
		if (key) out[key] = Number(values[i] ?? 0);
	});
	return out;
}

/** /proc/net/snmp6: one `Udp6Name value` pair per line. */
export function parseSnmp6Udp(text: string): UdpMib | null {
	const out = emptyMib();
	let found = false;
	for (const line of text.split('\n')) {
		const m = /^Udp6(\w+)\s+(\d+)/.exec(line);
		const key = m ? MIB_FIELDS[m[1]!] : undefined;
		if (key) {
			out[key] = Number(m![2]);
			found = true;
		}
	}
	return found ? out : null;
}

/** /proc/net/udp, udp6, raw or raw6 (one format): inode → drops, for every socket listed (inode is column 10, drops the last). */
export function parseUdpSocketDrops(text: string): Map<number, number> {
	const out = new Map<number, number>();
	for (const line of text.split('\n').slice(1)) {
		const f = line.trim().split(/\s+/);
		if (f.length < 13) continue;
		out.set(Number(f[9]), Number(f[f.length - 1]));
	}
	return out;
}

/** `ss -0 -a -m -e -H`: inode → drops of each packet socket (`ino:N` … `skmem:(…,dN)`; an entry may span two lines). */
export function parsePacketSocketDrops(text: string): Map<number, number> {
	const out = new Map<number, number>();
	for (const entry of text.split(/\n(?=\S)/)) {
		const ino = /\bino:(\d+)/.exec(entry);
		const drops = /skmem:\([^)]*\bd(\d+)\)/.exec(entry);
		if (ino && drops) out.set(Number(ino[1]), Number(drops[1]));
	}
	return out;
}

/** The inodes of the sockets process `pid` holds open (its fd links read `socket:[INODE]`). */
export function socketInodes(pid: number | 'self'): Set<number> {
	const out = new Set<number>();
	const dir = `/proc/${pid}/fd`;
	let fds: string[];
	try {
		fds = readdirSync(dir);
	} catch {
		return out;
	}
	for (const fd of fds) {
		try {
			const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${dir}/${fd}`));
			if (m) out.add(Number(m[1]));
		} catch {
			// The descriptor closed while we listed them.
		}
	}
	return out;
}

function readText(file: string): string | null {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return null;
	}
}

/** /proc/net/packet: the inode (last column) of every packet socket in the namespace. */
function packetInodes(text: string | null): Set<number> {
	const out = new Set<number>();
	for (const line of (text ?? '').split('\n').slice(1)) {
		const f = line.trim().split(/\s+/);
		if (f.length >= 9) out.add(Number(f[f.length - 1]));
	}
	return out;
}

/** `ss` (iproute2) in the namespace of `pid`, for its packet sockets' drops; null when it cannot run. */
function ssPacketSockets(pid: number | 'self'): Promise<string | null> {
	const argv = pid === 'self' ? ['ss', '-0', '-a', '-m', '-e', '-H'] : ['nsenter', '-t', String(pid), '-n', 'ss', '-0', '-a', '-m', '-e', '-H'];
	return new Promise((resolve) => {
		execFile(argv[0]!, argv.slice(1), { timeout: 5_000 }, (error, stdout) => resolve(error ? null : stdout));
	});
}

/**
 * Reads the UDP counters of `pid`'s namespace and the drops of `pid`'s own sockets, for one
 * family; null when the process is gone or its /proc cannot be read.
 */
export async function readKernelCounters(pid: number | 'self', family: 4 | 6): Promise<KernelCounters | null> {
	const net = `/proc/${pid}/net`;
	const snmp = readText(family === 4 ? `${net}/snmp` : `${net}/snmp6`);
	const udp = snmp === null ? null : family === 4 ? parseSnmpUdp(snmp) : parseSnmp6Udp(snmp);
	if (udp === null) return null;
	const mine = socketInodes(pid);
	const own = (file: string): { sockets: number; drops: number } => {
		const out = { sockets: 0, drops: 0 };
		for (const [inode, drops] of parseUdpSocketDrops(readText(`${net}/${file}${family === 4 ? '' : '6'}`) ?? '')) {
			if (!mine.has(inode)) continue;
			out.sockets++;
			out.drops += drops;
		}
		return out;
	};
	const udpOwn = own('udp');
	const rawOwn = own('raw');
	const packets = [...packetInodes(family === 4 ? readText(`${net}/packet`) : null)].filter((i) => mine.has(i));
	let packetSocketDrops: number | null = 0;
	if (packets.length > 0) {
		const ss = await ssPacketSockets(pid);
		const drops = ss === null ? null : parsePacketSocketDrops(ss);
		packetSocketDrops = drops === null || packets.some((i) => !drops.has(i)) ? null : packets.reduce((n, i) => n + drops.get(i)!, 0);
	}
	return { udp, udpSockets: udpOwn.sockets, udpSocketDrops: udpOwn.drops, rawSockets: rawOwn.sockets, rawSocketDrops: rawOwn.drops, packetSockets: packets.length, packetSocketDrops };
}
