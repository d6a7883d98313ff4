/**
 * The one place that loads raw-socket, the native package behind on-link DHCPv4 and `listen`.
 * It is an optional dependency: it compiles C++ at install time, which fails without python3,
 * make and g++ and is skipped by `npm install --ignore-scripts`. Every other command must work
 * without it, and the ones that need it say in one line what is missing and how to get it,
 * never "internal error: Cannot find module".
 */
import { createRequire } from 'node:module';
import { UserError } from '../exit-codes.js';

const require = createRequire(import.meta.url);

export interface RawSocket {
	on(event: 'message', listener: (buffer: Buffer, source: string) => void): void;
	on(event: 'error' | 'close', listener: (error?: Error) => void): void;
	send(buffer: Uint8Array, offset: number, length: number, address: string, callback: (error: Error | null, bytes: number) => void): void;
	setOption(level: number, option: number, value: number | Buffer, length?: number): void;
	close(): void;
}

export interface RawSocketModule {
	createSocket(options: { protocol: number; addressFamily: number; bufferSize?: number }): RawSocket;
	AddressFamily: { IPv4: number; IPv6: number };
	Protocol: { UDP: number; ICMPv6: number };
	SocketLevel: { SOL_SOCKET: number; IPPROTO_IP: number; IPPROTO_IPV6: number };
	SocketOption: { SO_BROADCAST: number; SO_BINDTODEVICE: number; IP_HDRINCL: number };
}

type Loaded = { raw: RawSocketModule; version: string } | { raw: null; missing: string; fix: string };

let loaded: Loaded | undefined;

function load(): Loaded {
	let packageJson: string;
	try {
		packageJson = require.resolve('raw-socket/package.json');
	} catch {
		// npm leaves an optional dependency out when its build fails, as raw-socket's pinned nan
		// 2.19 does on Node 24 (this project's own installs override it; a consumer's cannot).
		const nan = Number(process.versions.node.split('.')[0]) >= 24 ? ', with "overrides": {"nan": "^2.30.0"} in its package.json (nan 2.19 fails on Node 24)' : '';
		return { raw: null, missing: 'is not installed', fix: `install python3, make and g++, then run \`npm install raw-socket\` where dhcpulse is installed${nan}` };
	}
	try {
		const raw = require('raw-socket') as RawSocketModule;
		return { raw, version: (require(packageJson) as { version: string }).version };
	} catch (error) {
		// Its build/Release/raw.node is absent after --ignore-scripts or a failed compile, and
		// refused (ERR_DLOPEN_FAILED, "NODE_MODULE_VERSION") when built for another Node.js.
		if (/NODE_MODULE_VERSION/.test((error as Error).message)) {
			return { raw: null, missing: `was built for another Node.js version than ${process.version}`, fix: 'run `npm rebuild raw-socket` with this node where dhcpulse is installed (npm_config_nodedir: its headers)' };
		}
		return { raw: null, missing: 'is installed but its native addon is not built', fix: 'install python3, make and g++, then run `npm rebuild raw-socket` where dhcpulse is installed' };
	}
}

function state(): Loaded {
	loaded ??= load();
	return loaded;
}

/** raw-socket, or a one-line UserError naming `purpose` (e.g. "on-link DHCPv4"), what is missing and how to get it. */
export function rawSocket(purpose: string): RawSocketModule {
	const s = state();
	if (s.raw) return s.raw;
	throw new UserError(`${purpose} needs the raw-socket package, which ${s.missing}: ${s.fix}`);
}

/** One line for `dhcpulse version`. */
export function rawSocketStatus(): string {
	const s = state();
	return s.raw ? `raw-socket: ${s.version} (on-link DHCPv4, listen)` : `raw-socket: unavailable, it ${s.missing} (on-link DHCPv4 and listen need it: ${s.fix})`;
}

/** Open raw sockets, held so the garbage collector can never silence one (raw-socket issue #70, B2). */
const live = new Set<RawSocket>();

/** Keeps `socket` referenced until {@link release}. */
export function hold(socket: RawSocket): void {
	live.add(socket);
}

/** Closes `socket` and lets it go. */
export function release(socket: RawSocket): void {
	socket.close();
	live.delete(socket);
}
