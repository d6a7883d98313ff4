/**
 * A load run's settings once the command line has been checked (settings.ts): what the run
 * loop, the shards' plan and the observers read. Plain data.
 */
import type { Option } from '../codec/option-space.js';
import type { ClientOptionFields } from './client-options.js';
import type { RelayOption6 } from './relay-options.js';
import type { WeightedOption } from './weighted-options.js';
import type { ClientIdKind } from './exchange4.js';
import type { KeaArgs } from '../kea/flags.js';
import type { Mac48, MacList } from './clients.js';
import type { Templates4 } from './templates.js';
import type { MaxDrop } from './lifecycle.js';
import type { LeaseType } from './exchange6.js';
import type { PerfThresholds } from './verdict.js';

/** One stage of --stages (k6's): the asked rate ramps linearly to `target` over `durationS`. */
export interface Stage {
	durationS: number;
	/** The asked rate at the stage's end, new exchanges per second. */
	target: number;
}

/**
 * The run's route before it is shared out: relay emulation with one local address per shard, or
 * on-link clients; planShards gives each shard its own `Path` (transport/path.ts).
 */
export type PerfPath = { kind: 'relay'; locals: string[]; server: string } | { kind: 'onlink'; iface: string };

export interface PerfConfig {
	family: 4 | 6;
	/** The load shape (--scenario, perfdhcp's word): basic, open-loop pacing at -r; avalanche, every client at once with retransmission (shapes/). */
	scenario: string;
	path: PerfPath;
	localPort: number;
	/** The server's port (-N; 67 / 547 by default). */
	serverPort: number;
	rate: number;
	/** --max-in-flight: the closed loop's outstanding exchanges (the closed-loop shape), or null (open loop). */
	maxInFlight: number | null;
	/** --stages: the asked rate's targets (the stages shape), or null; `rate` is where the first starts. */
	stages: Stage[] | null;
	renewRate: number;
	releaseRate: number;
	/** --lifecycle (shapes/client-lifecycle.ts): mean lease-hold time, s before scaling (--hold), or null: clients never leave. */
	holdS: number | null;
	/** --lifecycle: % of new leases declined (--decline-pct), % followed by an INFORM (--inform-pct). */
	declinePct: number;
	informPct: number;
	/** --lifecycle, DHCPv6: % of new leases whose client moves links and sends a CONFIRM (--confirm-pct). */
	confirmPct: number;
	/** --lifecycle: leases, T1, T2 and hold times are divided by this (--time-scale). */
	timeScale: number;
	clients: number;
	twoWay: boolean;
	baseMac: Mac48;
	/** -T FILE (twice at most, DHCPv4): the DISCOVER (and REQUEST) templates, checked, as hex; null: dhcpulse's own packets. */
	templates: Templates4 | null;
	/** perfdhcp's -Y / -y (DHCPv4): raised secs in DISCOVERs from second `fromS` of the run for `forS` seconds; null: none. */
	raisedSecs: { fromS: number; forS: number } | null;
	/** -J FILE (relay mode): DHCPv4 giaddrs / DHCPv6 link-addresses, client i's the (i mod n)-th; null: the relay address. */
	relayList: string[] | null;
	/** -M FILE: the clients' MACs, client i the i-th; null: base + i. */
	macList: MacList | null;
	baseDuid: Uint8Array | null;
	seed: number | null;
	dropTimeS: number;
	reportIntervalS: number;
	periodS: number | null;
	numRequests: number | null;
	maxDrop: MaxDrop | null;
	/**
	 * perfdhcp's second -n, -D, -d: the REQUEST stage's own limits (REQUEST-ACK, REQUEST-REPLY);
	 * null where not given. The first values then apply to the DISCOVER / SOLICIT stage (-n, -D) and
	 * to every other exchange (-d).
	 */
	requestStage: { numRequests: number | null; maxDrop: MaxDrop | null; dropTimeS: number | null };
	exitWaitS: number;
	preload: number;
	/** --warm-up: seconds of uncounted exchanges at warmUpRate before the measured run (0: none). */
	warmUpS: number;
	warmUpRate: number;
	options: Option[];
	/** The --option values with {client} or {mac}: where each client's characters go (client-options.ts). */
	clientOptions: ClientOptionFields[];
	/** --option-weighted: the option values each client draws one of (weighted-options.ts). */
	weightedOptions: WeightedOption[];
	/** --client-id: the DHCPv4 option 61 each client sends (ClientIdKind). */
	clientId: ClientIdKind;
	/** --relay-option: DHCPv6 options of the RELAY-FORW layers, each at its level (0: the relay nearest the client). */
	relayOptions: RelayOption6[];
	leaseType: LeaseType;
	rapidCommit: boolean;
	relayLevels: number;
	workers: number;
	/** Keep each sending loop turning instead of sleeping between sends (one core per worker). */
	busyPoll: boolean;
	json: string | null;
	hdrLog: string | null;
	/** --csv, --jsonl: one line per report interval; --html: the report page. */
	csv: string | null;
	jsonl: string | null;
	html: string | null;
	pcap: string | null;
	/** --metrics-listen ADDR:PORT, or null. */
	metricsListen: string | null;
	metricsLingerS: number;
	/** --kea-socket / --kea-api (kea/flags.ts): the Kea server whose statistics go in the loss ledger; all absent without one. */
	kea: KeaArgs;
	/** --lab: the lab whose server is under load, or null (the command falls back on $DHCPULSE_LAB). */
	lab: string | null;
	thresholds: PerfThresholds;
	/** -u: report every address leased to two clients (lease-book.ts). */
	checkUnique: boolean;
	/** -x l: print every lease granted, CLIENT,ADDRESS, after the report. */
	printLeases: boolean;
	/** -x a: print the settings before the run. */
	printSettings: boolean;
	/** The shards note leases granted and released (-u or -x l). */
	leaseBook: boolean;
	/** -w COMMAND: run with `start` before the first packet and `stop` after the report (perfdhcp's wrapped command). */
	wrapped: string | null;
	/** Settings as the user sees them, for the JSON document. */
	echo: Record<string, unknown>;
}

/** What is measured, e.g. `DORA`, `DO (2-way)`, `SARR`, `SA (rapid commit)`, `DORA avalanche`. */
export function modeOf(c: Pick<PerfConfig, 'family' | 'scenario' | 'twoWay' | 'rapidCommit'>): string {
	const suffix = c.scenario === 'avalanche' ? ' avalanche' : '';
	if (c.family === 4) return (c.twoWay ? 'DO (2-way)' : 'DORA') + suffix;
	if (c.rapidCommit) return `SA (rapid commit)${suffix}`;
	return (c.twoWay ? 'SA (2-way)' : 'SARR') + suffix;
}

/** Where the load goes, e.g. `relay 198.19.0.2 → 198.19.0.1:67` or `on-link dpl-cli0 → 255.255.255.255:67`. */
export function targetOf(c: Pick<PerfConfig, 'family' | 'path' | 'serverPort' | 'workers'> & Partial<Pick<PerfConfig, 'relayList'>>): string {
	const port = c.serverPort;
	if (c.path.kind === 'relay' && c.relayList && c.family === 4) return `relay ${c.relayList.length} giaddrs (-J) → ${c.path.server}:${port}`;
	if (c.path.kind === 'relay' && c.relayList) return `relay ${c.path.locals.slice(0, c.workers).join(',')}, ${c.relayList.length} link-addresses (-J) → [${c.path.server}]:${port}`;
	if (c.path.kind === 'relay') {
		const locals = c.path.locals.slice(0, c.workers);
		const server = c.family === 6 ? `[${c.path.server}]` : c.path.server;
		return `relay ${locals.join(',')} → ${server}:${port}`;
	}
	return c.family === 4 ? `on-link ${c.path.iface} → 255.255.255.255:${port}` : `on-link ${c.path.iface} → [ff02::1:2]:${port}`;
}
