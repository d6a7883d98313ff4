/**
 * How a run is shared out among its shards (one per worker thread): each gets a slice of the
 * client population, of -n and -P, its own relay address, and its share of the rates. The share
 * of a rate comes from {@link rateShare} alone, at start-up and when the rate changes live, so
 * the division is written once.
 */
import { shares } from './clients.js';
import type { PerfConfig } from './config.js';
import type { ShardSettings } from './engine.js';
import { partPath } from './pcap-tap.js';

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
	const preloadShares = shares(c.preload, n);
	const rates = rateShare(c, n);
	let first = 0;
	return clientShares.map((count, k) => {
		const s: ShardSettings = {
			shard: k,
			family: c.family,
			path: c.path.kind === 'relay' ? { kind: 'relay', local: c.path.locals[k]!, server: c.path.server } : { kind: 'onlink', iface: c.path.iface },
			localPort: c.localPort,
			serverPort: c.serverPort,
			...rates,
			twoWay: c.twoWay,
			clientFirst: first,
			clientCount: count,
			baseMac: c.baseMac,
			baseDuid: c.baseDuid,
			seed: c.seed === null ? null : c.seed + k,
			dropTimeS: c.dropTimeS,
			numRequests: requestShares ? requestShares[k]! : null,
			periodS: c.periodS,
			preload: preloadShares[k]!,
			warmUpS: c.warmUpS,
			warmUpRate: c.warmUpRate / n,
			options: c.options,
			leaseType: c.leaseType,
			rapidCommit: c.rapidCommit,
			relayLevels: c.relayLevels,
			busyPoll: c.busyPoll,
			pcapFile: c.pcap === null ? null : n === 1 ? c.pcap : partPath(c.pcap, k),
			// Large enough that a catch-up burst never meets it (the rate control bounds bursts).
			sendWindow: 8192,
			recvBufferSize: 8 * 1024 * 1024,
			avalanche: c.scenario === 'avalanche',
		};
		first += count;
		return s;
	});
}
