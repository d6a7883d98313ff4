/** A shard's partial as the engine reports it, all counts zero but what a test sets: for run-loop tests with fake shards. */
import type { ShardPartial } from '../../src/perf/engine.js';

export function partial(p: Partial<ShardPartial>): ShardPartial {
	return {
		counters: [],
		histograms: [],
		warmHistograms: [],
		sendErrors: 0,
		skipped: 0,
		heldBack: 0,
		admissionLimiting: false,
		maxQueuedMs: -1,
		evicted: 0,
		doneSending: false,
		sendingS: 0,
		warming: false,
		warmUpStarted: 0,
		maxStallMs: 0,
		peakInFlight: 0,
		pcapRecords: 0,
		pcapError: null,
		onWire: 1,
		sendFailure: null,
		rapidCommitDeclined: 0,
		restarts: 0,
		leaseEvents: [],
		...p,
	};
}
