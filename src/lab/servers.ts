import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { kea4Config, kea6Config } from './config-kea.js';
import { dnsmasqConfig } from './config-dnsmasq.js';
import { dhcpdConfig } from './config-dhcpd.js';
import { PLAN } from './plan.js';

export const SERVER_KINDS = ['kea4', 'kea6', 'dnsmasq', 'dhcpd'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** Files a server uses, all inside the lab's state directory. */
export interface ServerPaths {
	stateDir: string;
	configFile: string;
	leaseFile: string;
	logFile: string;
	pidFile: string;
	controlSocket: string;
}

/** What the generated configuration of a server kind serves (reported by `lab status`). */
export interface ServedFamilies {
	v4: boolean;
	v6: boolean;
	pd: boolean;
}

/** Everything the lab needs to know to run one kind of server. A data table, not a switch. */
export interface ServerSpec {
	kind: ServerKind;
	/** Program name looked up on PATH and the sbin directories. */
	program: string;
	/** The Debian package that ships `program`. */
	debianPackage: string;
	/** UDP ports the server must have bound before the lab counts as up. */
	ports: number[];
	hasControlSocket: boolean;
	serves: ServedFamilies;
	configFileName: string;
	leaseFileName: string;
	/** The generated configuration's text. */
	generate(paths: ServerPaths): string;
	/** A command that checks a configuration without serving, or null when the server has none. */
	checkArgv(program: string, paths: ServerPaths): string[];
	/** The server in the foreground, logging to stdout/stderr. */
	runArgv(program: string, paths: ServerPaths): string[];
	/** Extra environment for the server process. */
	env(paths: ServerPaths): Record<string, string>;
}

const keaEnv = (paths: ServerPaths): Record<string, string> => ({
	// Kea 2.2 writes its PID file and logger lock file under these; without them it would use
	// /run/kea and /run/lock/kea, shared with every other lab and the host's own Kea.
	KEA_PIDFILE_DIR: paths.stateDir,
	KEA_LOCKFILE_DIR: paths.stateDir,
});

export const SERVERS: Record<ServerKind, ServerSpec> = {
	kea4: {
		kind: 'kea4',
		program: 'kea-dhcp4',
		debianPackage: 'kea-dhcp4-server',
		ports: [67],
		hasControlSocket: true,
		serves: { v4: true, v6: false, pd: false },
		configFileName: 'kea-dhcp4.conf',
		leaseFileName: 'kea-leases4.csv',
		generate: (p) => `${JSON.stringify(kea4Config(p), null, '\t')}\n`,
		checkArgv: (prog, p) => [prog, '-t', p.configFile],
		runArgv: (prog, p) => [prog, '-c', p.configFile],
		env: keaEnv,
	},
	kea6: {
		kind: 'kea6',
		program: 'kea-dhcp6',
		debianPackage: 'kea-dhcp6-server',
		ports: [547],
		hasControlSocket: true,
		serves: { v4: false, v6: true, pd: true },
		configFileName: 'kea-dhcp6.conf',
		leaseFileName: 'kea-leases6.csv',
		generate: (p) => `${JSON.stringify(kea6Config(p), null, '\t')}\n`,
		checkArgv: (prog, p) => [prog, '-t', p.configFile],
		runArgv: (prog, p) => [prog, '-c', p.configFile],
		env: keaEnv,
	},
	dnsmasq: {
		kind: 'dnsmasq',
		program: 'dnsmasq',
		debianPackage: 'dnsmasq-base',
		ports: [67],
		hasControlSocket: false,
		serves: { v4: true, v6: true, pd: false },
		configFileName: 'dnsmasq.conf',
		leaseFileName: 'dnsmasq.leases',
		generate: (p) => dnsmasqConfig({ leaseFile: p.leaseFile, pidFile: p.pidFile }),
		checkArgv: (prog, p) => [prog, '--test', `--conf-file=${p.configFile}`],
		// Options on the command line keep a user configuration's PID and lease files inside the
		// state directory rather than the host's /run and /var/lib/misc; root so it can rewrite
		// the lease file in the root-owned state directory.
		runArgv: (prog, p) => [prog, '--keep-in-foreground', `--conf-file=${p.configFile}`, `--pid-file=${p.pidFile}`, `--dhcp-leasefile=${p.leaseFile}`, '--log-facility=-', '--user=root'],
		env: () => ({}),
	},
	dhcpd: {
		kind: 'dhcpd',
		program: 'dhcpd',
		debianPackage: 'isc-dhcp-server',
		ports: [67],
		hasControlSocket: false,
		serves: { v4: true, v6: false, pd: false },
		configFileName: 'dhcpd.conf',
		leaseFileName: 'dhcpd.leases',
		generate: () => dhcpdConfig(),
		checkArgv: (prog, p) => [prog, '-4', '-t', '-cf', p.configFile],
		// -d logs to stderr (and keeps it in the foreground); naming the interfaces keeps it off
		// any other interface even with a user configuration.
		runArgv: (prog, p) => [prog, '-4', '-f', '-d', '-cf', p.configFile, '-lf', p.leaseFile, '-pf', p.pidFile, PLAN.serverIface, PLAN.serverRelayIface],
		env: () => ({}),
	},
};

export function isServerKind(s: string): s is ServerKind {
	return (SERVER_KINDS as readonly string[]).includes(s);
}

/**
 * Finds a program on PATH or in the sbin directories, where Debian puts servers and `ip`
 * (a non-root PATH often lacks them), skipping node_modules/.bin. Returns the absolute path or null.
 */
export function findProgram(name: string): string | null {
	const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];
	for (const dir of dirs) {
		// npm puts package bins first on PATH under `npm run`/npx; the `dhcp` npm package ships a
		// JavaScript `dhcpd` there that is not ISC dhcpd.
		if (!dir || dir.includes('node_modules')) continue;
		const candidate = join(dir, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return null;
}
