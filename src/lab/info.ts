import { controlAgentFiles, type ControlAgentInfo } from './control-agent.js';
import { PLAN } from './plan.js';
import { SERVERS, type ServerKind } from './servers.js';
import type { LabState } from './state.js';

/**
 * Everything a user or another module needs to point commands at a lab: the same object
 * `dhcpulse lab status --json` prints. Pools of families the server kind does not serve are null.
 */
export interface LabInfo {
	name: string;
	server: ServerKind;
	/** The server process is alive, in the lab's server namespace, and `up` finished. */
	running: boolean;
	/** Set when this process cannot tell whether the server runs (`running` is then false): why. */
	unknown?: string;
	pid: number | null;
	serverNetns: string;
	clientNetns: string;
	/** Server side of the on-link segment (server namespace). */
	serverIface: string;
	/** Server side of the routed segment (server namespace). */
	serverRelayIface: string;
	/** On-link client interface (client namespace): no IPv4 address, link-local IPv6 only. */
	clientIface: string;
	/** Relay agent interface (client namespace), carrying relayAddr4 / relayAddr6. */
	relayIface: string;
	/** The relay agent's address: giaddr (RFC 2131 §4.3.1) and RELAY-FORW link-address (RFC 8415 §19.1.1). */
	relayAddr4: string;
	relayAddr6: string;
	/** Every relay agent address (relayAddr first); the load generator binds one per worker. */
	relayAddrs4: string[];
	relayAddrs6: string[];
	/** The server's on-link address (its server identifier for on-link clients). */
	serverAddr4: string;
	serverAddr6: string;
	/** The server's address on the routed segment: where the relay agent sends. */
	relayServerAddr4: string;
	relayServerAddr6: string;
	subnet4: string | null;
	/** `first-last` */
	pool4: string | null;
	relaySubnet4: string | null;
	relayPool4: string | null;
	subnet6: string | null;
	pool6: string | null;
	relaySubnet6: string | null;
	relayPool6: string | null;
	/** The whole PD range (each subnet delegates from its own half), or null. */
	pdPool6: string | null;
	pdDelegatedLen6: number | null;
	reservation: { hwAddress: string; ipAddress4: string; duid: string; ipAddress6: string };
	dnsServers4: string[];
	dnsServers6: string[];
	domainName: string;
	leaseTime: number;
	/** Kea's unix control socket, null for servers without one. */
	controlSocket: string | null;
	/** The Kea Control Agent of `lab up --control-agent` (its URL and credentials file), or null. */
	controlAgent: ControlAgentInfo | null;
	stateDir: string;
	configFile: string;
	leaseFile: string;
	logFile: string;
	/** The user's configuration file, or null when the lab generated one. */
	userConfig: string | null;
	startedAt: string;
}

export function labInfoFromState(state: LabState, running: boolean): LabInfo {
	const serves = SERVERS[state.server].serves;
	const v4 = <T>(value: T): T | null => (serves.v4 ? value : null);
	const v6 = <T>(value: T): T | null => (serves.v6 ? value : null);
	const pd = <T>(value: T): T | null => (serves.pd ? value : null);
	return {
		name: state.name,
		server: state.server,
		running,
		pid: state.pid,
		serverNetns: state.serverNetns,
		clientNetns: state.clientNetns,
		serverIface: PLAN.serverIface,
		serverRelayIface: PLAN.serverRelayIface,
		clientIface: PLAN.clientIface,
		relayIface: PLAN.relayIface,
		relayAddr4: PLAN.relayAddr4,
		relayAddr6: PLAN.relayAddr6,
		relayAddrs4: [PLAN.relayAddr4, ...PLAN.extraRelayAddrs4],
		relayAddrs6: [PLAN.relayAddr6, ...PLAN.extraRelayAddrs6],
		serverAddr4: PLAN.serverAddr4,
		serverAddr6: PLAN.serverAddr6,
		relayServerAddr4: PLAN.relayServerAddr4,
		relayServerAddr6: PLAN.relayServerAddr6,
		subnet4: v4(PLAN.subnet4),
		pool4: v4(`${PLAN.pool4.first}-${PLAN.pool4.last}`),
		relaySubnet4: v4(PLAN.relaySubnet4),
		relayPool4: v4(`${PLAN.relayPool4.first}-${PLAN.relayPool4.last}`),
		subnet6: v6(PLAN.subnet6),
		pool6: v6(PLAN.pool6),
		relaySubnet6: v6(PLAN.relaySubnet6),
		relayPool6: v6(PLAN.relayPool6),
		pdPool6: pd(PLAN.pdPool6),
		pdDelegatedLen6: pd(PLAN.pdDelegatedLen6),
		reservation: { ...PLAN.reservation },
		dnsServers4: [...PLAN.dnsServers4],
		dnsServers6: [...PLAN.dnsServers6],
		domainName: PLAN.domainName,
		leaseTime: PLAN.leaseTime,
		controlSocket: state.controlSocket,
		controlAgent: state.controlAgent ? { ...controlAgentFiles(state.stateDir), pid: state.controlAgent.pid } : null,
		stateDir: state.stateDir,
		configFile: state.configFile,
		leaseFile: state.leaseFile,
		logFile: state.logFile,
		userConfig: state.userConfig,
		startedAt: state.startedAt,
	};
}

/** The command prefix that runs a program inside the lab's client namespace. */
export function labExecArgs(info: Pick<LabInfo, 'clientNetns'>): string[] {
	return ['ip', 'netns', 'exec', info.clientNetns];
}
