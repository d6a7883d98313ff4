/**
 * Realistic PerfSnapshots for the UI tests: a relayed DHCPv4 DORA run that cannot reach its
 * asked rate and meets NAKs, timeouts and malformed replies; a DHCPv6 SARR run that keeps up;
 * and the state before anything happened.
 */
import type { ExchangeSnapshot, PerfSnapshot } from '../src/perf/snapshot.js';
import type { LatencySummary } from '../src/stats/latency.js';

const EMPTY: LatencySummary = { count: 0, min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };

function lat(count: number, min: number, mean: number, stddev: number, p50: number, p90: number, p99: number, p999: number, max: number): LatencySummary {
	return { count, min, mean, stddev, p50, p90, p99, p999, max };
}

export function dora(): PerfSnapshot {
	const DO: ExchangeSnapshot = {
		name: 'DO',
		label: 'DISCOVER-OFFER',
		sent: 374_400,
		ok: 371_950,
		rejected: 0,
		timeouts: 2_410,
		late: 37,
		orphans: 12,
		duplicates: 0,
		malformed: 3,
		retransmits: 0,
		inFlight: 40,
		latencyUs: lat(371_950, 47, 812.4, 901.2, 420, 1_310, 4_870, 19_500, 61_200),
		intervalLatencyUs: lat(30_950, 52, 1_020.7, 1_150.3, 510, 1_700, 6_020, 21_100, 48_000),
		expectsReply: true,
	};
	const RA: ExchangeSnapshot = {
		name: 'RA',
		label: 'REQUEST-ACK',
		sent: 371_950,
		ok: 368_700,
		rejected: 1_250,
		timeouts: 1_980,
		late: 4,
		orphans: 0,
		duplicates: 0,
		malformed: 0,
		retransmits: 0,
		inFlight: 20,
		latencyUs: lat(368_700, 61, 955.1, 1_020.8, 510, 1_590, 5_410, 22_800, 70_100),
		intervalLatencyUs: lat(30_700, 66, 1_101.2, 1_200.5, 600, 1_880, 6_610, 24_000, 52_300),
		expectsReply: true,
	};
	const release: ExchangeSnapshot = {
		name: 'release',
		label: 'RELEASE',
		sent: 1_000,
		ok: 0,
		rejected: 0,
		timeouts: 0,
		late: 0,
		orphans: 0,
		duplicates: 0,
		malformed: 0,
		retransmits: 0,
		inFlight: 0,
		latencyUs: EMPTY,
		intervalLatencyUs: EMPTY,
		expectsReply: false,
	};
	return {
		state: 'running',
		family: 4,
		target: 'relay 198.19.0.2 → 198.19.0.1:67',
		mode: 'DORA',
		workers: 2,
		clients: 100_000,
		elapsedS: 12,
		progress: 0.4,
		avalanche: null,
		limit: { periodS: 30, requests: null },
		warmUp: null,
		rate: {
			asked: 50_000,
			sent: 31_200,
			completed: 30_700,
			shortfall: true,
			history: [
				{ asked: 50_000, sent: 29_800, completed: 29_100 },
				{ asked: 50_000, sent: 31_000, completed: 30_400 },
				{ asked: 50_000, sent: 30_500, completed: 29_900 },
				{ asked: 50_000, sent: 32_100, completed: 31_300 },
				{ asked: 50_000, sent: 31_200, completed: 30_700 },
			],
		},
		exchanges: [DO, RA, release],
		histogram: {
			upperUs: [50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000],
			counts: [310, 25_400, 110_250, 262_100, 198_300, 92_600, 41_500, 8_200, 1_640, 640, 10],
		},
		events: [
			{ atS: 3.2, level: 'info', text: 'rate 50000/s asked; 2 workers started' },
			{ atS: 6.1, level: 'warn', text: 'NAK burst: 410 NAKs for REQUEST in 1 s (pool 198.19.1.0/24 exhausted?)' },
			{ atS: 8.4, level: 'warn', text: '1200 DISCOVER timeouts in the last interval' },
			{ atS: 9.9, level: 'error', text: 'malformed reply from 198.19.0.1:67: ERR_TRUNCATED at offset 240' },
			{ atS: 11.0, level: 'warn', text: 'send window full: 35 sends refused' },
		],
		sendErrors: 35,
	};
}

export function sarr(): PerfSnapshot {
	const SA: ExchangeSnapshot = {
		name: 'SA',
		label: 'SOLICIT-ADVERTISE',
		sent: 50_000,
		ok: 49_990,
		rejected: 0,
		timeouts: 0,
		late: 0,
		orphans: 0,
		duplicates: 0,
		malformed: 0,
		retransmits: 0,
		inFlight: 10,
		latencyUs: lat(49_990, 88, 402.3, 210.4, 360, 610, 1_200, 3_100, 9_800),
		intervalLatencyUs: lat(4_995, 90, 398.1, 200.2, 355, 600, 1_150, 2_900, 7_700),
		expectsReply: true,
	};
	const RR: ExchangeSnapshot = {
		name: 'RR',
		label: 'REQUEST-REPLY',
		sent: 49_990,
		ok: 49_975,
		rejected: 5,
		timeouts: 0,
		late: 0,
		orphans: 2,
		duplicates: 0,
		malformed: 0,
		retransmits: 0,
		inFlight: 10,
		latencyUs: lat(49_975, 95, 450.7, 230.1, 400, 680, 1_310, 3_400, 10_200),
		intervalLatencyUs: lat(4_990, 99, 441.9, 220.6, 390, 660, 1_280, 3_200, 8_100),
		expectsReply: true,
	};
	return {
		state: 'running',
		family: 6,
		target: 'relay 2001:db8:2::2 → 2001:db8:2::1:547',
		mode: 'SARR',
		workers: 1,
		clients: 10_000,
		elapsedS: 10,
		progress: 0.5,
		avalanche: null,
		limit: { periodS: null, requests: 100_000 },
		warmUp: null,
		rate: {
			asked: 5_000,
			sent: 5_000,
			completed: 4_998,
			shortfall: false,
			history: [
				{ asked: 5_000, sent: 4_990, completed: 4_980 },
				{ asked: 5_000, sent: 5_000, completed: 4_998 },
			],
		},
		exchanges: [SA, RR],
		histogram: { upperUs: [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000], counts: [210, 8_900, 71_300, 17_100, 2_200, 230, 24, 1] },
		events: [],
		sendErrors: 0,
	};
}

/** Before the first interval: nothing sent, nothing answered, no history, no limit. */
export function empty(): PerfSnapshot {
	const zero = (name: 'DO' | 'RA', label: string): ExchangeSnapshot => ({
		name,
		label,
		sent: 0,
		ok: 0,
		rejected: 0,
		timeouts: 0,
		late: 0,
		orphans: 0,
		duplicates: 0,
		malformed: 0,
		retransmits: 0,
		inFlight: 0,
		latencyUs: EMPTY,
		intervalLatencyUs: EMPTY,
		expectsReply: true,
	});
	return {
		state: 'starting',
		family: 4,
		target: 'relay 198.19.0.2 → 198.19.0.1:67',
		mode: 'DORA',
		workers: 1,
		clients: 1,
		elapsedS: 0,
		progress: null,
		avalanche: null,
		limit: { periodS: null, requests: null },
		warmUp: null,
		rate: { asked: 0, sent: 0, completed: 0, shortfall: false, history: [] },
		exchanges: [zero('DO', 'DISCOVER-OFFER'), zero('RA', 'REQUEST-ACK')],
		histogram: { upperUs: [], counts: [] },
		events: [],
		sendErrors: 0,
	};
}
