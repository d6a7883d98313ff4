/**
 * The Kea Control Agent (`kea-ctrl-agent`, Debian package kea-ctrl-agent) a lab can run beside
 * its Kea server: the HTTP front of Kea's control socket, with basic authentication, listening on
 * the server's routed-segment address so commands run in the client namespace reach it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN } from './plan.js';

export const CONTROL_AGENT = {
	program: 'kea-ctrl-agent',
	debianPackage: 'kea-ctrl-agent',
	/** Kea's own default port for the agent (Kea ARM, "The Kea Control Agent"). */
	port: 8000,
	/**
	 * The server's address on the routed segment: the client namespace reaches it through the
	 * relay agent's interface (198.19.0.2/16 on the same segment), and nothing outside the lab can.
	 */
	host: PLAN.relayServerAddr4,
	user: 'dhcpulse',
	configFileName: 'kea-ctrl-agent.conf',
	credentialsFileName: 'kea-api-credentials',
	logFileName: 'kea-ctrl-agent.log',
} as const;

/** What `lab status` says about a lab's Control Agent. */
export interface ControlAgentInfo {
	/** Where `--kea-api` points. */
	url: string;
	/** The `user:password` file for `--kea-credentials` (mode 0600); the password is never shown. */
	credentialsFile: string;
	configFile: string;
	logFile: string;
	pid: number | null;
}

export function controlAgentUrl(): string {
	return `http://${CONTROL_AGENT.host}:${CONTROL_AGENT.port}/`;
}

export function controlAgentFiles(stateDir: string): Omit<ControlAgentInfo, 'pid'> {
	return {
		url: controlAgentUrl(),
		credentialsFile: join(stateDir, CONTROL_AGENT.credentialsFileName),
		configFile: join(stateDir, CONTROL_AGENT.configFileName),
		logFile: join(stateDir, CONTROL_AGENT.logFileName),
	};
}

/**
 * Writes fresh credentials, `dhcpulse:PASSWORD`, readable by root alone. Kea 2.2 reads a
 * `password-file` given without a `user` as `user:password` and takes the whole file, so no
 * newline follows (measured: with one, the agent refused the right password).
 */
export function writeCredentials(file: string): void {
	const password = randomBytes(18).toString('base64url');
	writeFileSync(file, `${CONTROL_AGENT.user}:${password}`, { mode: 0o600 });
	chmodSync(file, 0o600);
}

/**
 * The agent's configuration: listen on {@link CONTROL_AGENT}'s address and port, ask for HTTP
 * basic auth against the credentials file (Kea ARM, "Basic HTTP Authentication": `clients` with
 * a `password-file` relative to `directory`), and forward `service` commands to the lab's Kea.
 */
export function controlAgentConfig(stateDir: string, service: 'dhcp4' | 'dhcp6', controlSocket: string): object {
	return {
		'Control-agent': {
			'http-host': CONTROL_AGENT.host,
			'http-port': CONTROL_AGENT.port,
			authentication: {
				type: 'basic',
				realm: 'dhcpulse-lab',
				directory: stateDir,
				clients: [{ 'password-file': CONTROL_AGENT.credentialsFileName }],
			},
			'control-sockets': { [service]: { 'socket-type': 'unix', 'socket-name': controlSocket } },
			loggers: [{ name: 'kea-ctrl-agent', output_options: [{ output: 'stdout' }], severity: 'WARN' }],
		},
	};
}
