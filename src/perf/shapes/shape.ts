/**
 * A load shape decides when the shard's exchanges start (Kea perfdhcp's scenarios: `BasicScen`,
 * `AvalancheScen`, Kea src/bin/perfdhcp/basic_scen.cc and avalanche_scen.cc): the engine (engine.ts) keeps the socket, the
 * in-flight table, its expiry, the clock and the loop's pacing, and asks its shape, once per turn
 * of the sending loop, to send what is due and to say when the next turn should come. A new shape
 * (stages, a closed loop, …) is one new file in this folder and one line in index.ts.
 */
import type { ExchangeLogic } from '../exchange.js';
import type { InflightTable } from '../inflight.js';
import type { ShardSettings } from '../plan.js';
import type { Transport } from '../../transport/types.js';

/** What the engine offers its shape. */
export interface ShapeHost {
	readonly settings: ShardSettings;
	readonly exchanges: ExchangeLogic;
	readonly table: InflightTable;
	readonly transport: Transport;
	readonly dropUs: number;
	/** The shard's seed (for jitter). */
	readonly seed: number;
	/** When the measured run began, s of the engine's clock; NaN before. */
	readonly startS: number;
	nowUs(): number;
	nowS(): number;
	/** The measured run begins now: -p, the rates and the send errors count from here. */
	begin(nowS: number): void;
	/** Sending is over (at `atS`, s of the engine's clock). */
	halt(atS: number): void;
	/** The next turn in `ms` (a timer, or the pacing's nap or spin). */
	schedule(ms: number): void;
	/** The next turn `ms` before the next request is due: at once when 0, else as {@link schedule} (at most 20 ms). */
	scheduleNext(ms: number): void;
	/**
	 * How many of `n` new exchanges due at `nowS` may start while the generator keeps up with its
	 * answers (admission.ts); the rest are held back, counted when `counted`. A shape asks before
	 * it starts new exchanges; answers and follow-ups never wait for it.
	 */
	admit(n: number, nowS: number, counted: boolean): number;
}

export interface LoadShape {
	/** Sending starts: a warm-up first where the shape has one, else the measured run (host.begin). */
	start(nowS: number): void;
	/** The measured run begins at `nowS`: re-anchor the pacing. */
	onBegin(nowS: number): void;
	/** Sending stopped (-p, -n, the end of the shape, or the coordinator's stop). */
	onHalt(): void;
	/** One turn of the sending loop while sending: send what is due, then schedule the next turn through the host. */
	turn(nowUs: number): void;
	/** Answers were read between turns: send what fell due meanwhile. */
	afterReceive(nowUs: number): void;
	/** A request expecting an answer went out for the first time. */
	onRequest(slot: number): void;
	setRates(rate: number, renewRate: number, releaseRate: number, nowS: number): void;
	setPaused(paused: boolean, nowS: number): void;
	readonly paused: boolean;
	/** Requests asked per second now (new exchanges, renews, releases), for the loop's pacing. */
	askedPerS(): number;
	/** In an uncounted warm-up. */
	readonly warming: boolean;
	/** Exchanges the warm-up started (never counted). */
	readonly warmUpStarted: number;
	/** Exchanges written off by the bounded catch-up (the generator fell behind). */
	readonly skipped: number;
	/**
	 * Clients that started over (the lifecycle: a lease ended or was refused, or a decline): their
	 * DISCOVERs / SOLICITs are first-stage exchanges, but not new clients the asked rate counts.
	 */
	readonly restarts?: number;
}

/** A shape as the command line knows it: its name, the flags it has no use for, and how to make one. */
export interface ShapeSpec {
	readonly name: string;
	/** Flags (long names) that mean nothing in this shape, with why: refused, never ignored. */
	readonly refuses: readonly (readonly [string, string])[];
	/** Said before the run starts (what the shape does). */
	readonly note?: string;
	create(host: ShapeHost): LoadShape;
}
