/**
 * How a run is shared out among its shards (one per worker thread): each gets a slice of the
 * client population, of -n and -P, its own relay address, and its share of the rates. The share
 * of a rate comes from {@link rateShare} alone, at start-up and when the rate changes live, so
 * the division is written once.
 */
import { shares } from './clients.js';
import type { PerfConfig, Stage } from './config.js';
import { partPath } from './pcap-tap.js';
import type { Path } from '../transport/path.js';

/** The run's settings every shard takes as they are. */
const SHARED = [
	'family',
	'localPort',
	'serverPort',
	'twoWay',
	'baseMac',
	'baseDuid',
	'dropTimeS',
	'periodS',
	'warmUpS',
	'options',
	'clientOptions',
	'clientId',
	'weightedOptions',
	'relayOptions',
	'leaseType',
	'rapidCommit',
	'relayLevels',
	'busyPoll',
	'leaseBook',
	'macList',
	'relayList',
	'raisedSecs',
	'templates',
	'holdS',
	'declinePct',
	'informPct',
	'confirmPct',
	'timeScale',
] as const satisfies readonly (keyof PerfConfig)[];

/** Everything one shard needs; plain data, so it can be posted to a worker. */
export type ShardSettings = Pick<PerfConfig, (typeof SHARED)[number]> & {
	shard: number;
	/** This shard's route: the run's, with the shard's own relay address (transport/path.ts). */
	path: Path;
	/** This shard's share of -r, -f, -F (per second). */
	rate: number;
	renewRate: number;
	releaseRate: number;
	/** This shard's clients: population indexes first … first + count − 1. */
	clientFirst: number;
	clientCount: number;
	seed: number | null;
	/** This shard's share of -n, or null. */
	numRequests: number | null;
	/** This shard's share of a second -n (REQUESTs: perfdhcp's per-stage limit), or null. */
	requestQuota: number | null;
	/** A second -d: the REQUEST stage's drop time, s, or null (-d's for every exchange). */
	requestDropTimeS: number | null;
	/** This shard's share of -P. */
	preload: number;
	/** This shard's share of the warm-up rate (new exchanges per second). */
	warmUpRate: number;
	pcapFile: string | null;
	sendWindow: number;
	recvBufferSize: number;
	/** The load shape that fills the sending loop's turns (shapes/). */
	shape: string;
	/** --max-in-flight, this shard's share (at least 1); null in an open loop. */
	maxInFlight: number | null;
	/** --stages, each target this shard's share; null without. */
	stages: Stage[] | null;
	/** The avalanche: all clients at once, retransmission, done when none is waiting (its loop runs on timers). */
	avalanche: boolean;
};

export interface Rates {
	/** New exchanges per second. */
	rate: number;
	renewRate: number;
	releaseRate: number;
}

/** One shard's share of the run's rates: shards are alike, so each takes an equal part. */
export function rateShare(r: Rates, shards: number): Rates {
	return { rate: r.rate / shards, renewRate: r.renewRate / shards, releaseRate: r.releaseRate / shards };
}

/** Splits the run into shard settings: rate, clients and -n shared out, one local address each. */
export function planShards(c: PerfConfig): ShardSettings[] {
	const n = c.workers;
	const clientShares = shares(c.clients, n);
	const requestShares = c.numRequests === null ? null : shares(c.numRequests, n);
	const quotaShares = c.requestStage.numRequests === null ? null : shares(c.requestStage.numRequests, n);
	const preloadShares = shares(c.preload, n);
	const inFlightShares = c.maxInFlight === null ? null : shares(c.maxInFlight, n);
	const rates = rateShare(c, n);
	let first = 0;
	return clientShares.map((count, k) => {
		const s: ShardSettings = {
			...(Object.fromEntries(SHARED.map((key) => [key, c[key]])) as Pick<PerfConfig, (typeof SHARED)[number]>),
			shard: k,
			path: c.path.kind === 'relay' ? { family: c.family, kind: 'relay', relay: c.path.locals[k]!, server: c.path.server } : { family: c.family, kind: 'onlink', iface: c.path.iface },
			...rates,
			clientFirst: first,
			clientCount: count,
			seed: c.seed === null ? null : c.seed + k,
			numRequests: requestShares ? requestShares[k]! : null,
			requestQuota: quotaShares ? quotaShares[k]! : null,
			requestDropTimeS: c.requestStage.dropTimeS,
			preload: preloadShares[k]!,
			warmUpRate: c.warmUpRate / n,
			pcapFile: c.pcap === null ? null : n === 1 ? c.pcap : partPath(c.pcap, k),
			// Large enough that a catch-up burst never meets it (the rate control bounds bursts).
			sendWindow: 8192,
			// Answers that arrive while the process is not scheduled wait here. Capped at rmem_max's
			// 4 MiB, 3 s runs asked 200,000 DORA/s at load 2.6 (stalls of 140-160 ms) lost 2,800-17,900
			// answers in the client's socket; with 32 MiB (the kernel grants twice that) none were lost
			// in 108 runs at loads 0.5-5 (udp.ts forceReceiveBuffer).
			recvBufferSize: 32 * 1024 * 1024,
			shape: c.scenario,
			maxInFlight: inFlightShares ? inFlightShares[k]! : null,
			stages: c.stages === null ? null : c.stages.map((s) => ({ durationS: s.durationS, target: rateShare({ rate: s.target, renewRate: 0, releaseRate: 0 }, n).rate })),
			avalanche: c.scenario === 'avalanche',
		};
		first += count;
		return s;
	});
}
