/**
 * One shard of a load run: a transport, the pacing of new exchanges, renews and releases, the
 * in-flight table and its expiry, and the protocol scenario. It runs the same on the main thread
 * (one worker, or on-link raw mode, which cannot leave it) and inside a worker thread
 * (worker.ts); the coordinator collects its cumulative counters and interval histograms.
 *
 * The avalanche scenario (perfdhcp's `--scenario avalanche`, anchors-perfdhcp.md §3) replaces the
 * pacing: every client of the shard starts its exchange at once, as fast as the send window
 * takes them; an unanswered request is sent again on the RFC 8415 §15 schedule (retransmit.ts)
 * until it is answered or its drop time, counted from its first transmission, has passed; the
 * shard is done when no client is left waiting.
 */
import { randomInt } from 'node:crypto';
import { getLogger, logNetworkError } from '../log/index.js';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, linkLocalOf } from '../probe/path.js';
import type { BucketCounts } from '../stats/latency.js';
import { RawV4Transport } from '../transport/raw4.js';
import type { Endpoint, Transport } from '../transport/types.js';
import { UdpTransport } from '../transport/udp.js';
import { UserError } from '../exit-codes.js';
import type { ExchangeDef } from './accounting.js';
import { ClientPicker } from './clients.js';
import type { ShardSettings } from './plan.js';
import { InflightTable, LIVE } from './inflight.js';
import { initialTimeoutUs, nextTimeoutUs, RetransmitQueue } from './retransmit.js';
import { mulberry32 } from '../prng.js';
import { PcapTap } from './pcap-tap.js';
import { RateControl } from './rate-control.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { Scenario4 } from './scenario4.js';
import { Scenario6 } from './scenario6.js';
import type { ExchangeCounters } from './snapshot.js';

const log = getLogger('dhcpulse.perf');

export interface ShardPartial {
	/** Cumulative, one per exchange in scenario order. */
	counters: ExchangeCounters[];
	/** Latency of ok answers since the previous collection, one per exchange, as non-zero buckets (plain data: it crosses from worker threads as is). */
	histograms: BucketCounts[];
	/**
	 * During the warm-up, the uncounted requests' latencies (empty afterwards): the coordinator
	 * merges them into histograms it throws away, so the collection path (bucket walks, merges,
	 * summaries) is compiled before the measured run. Left cold, it deoptimized at the first
	 * measured collection, and the sending loop stalled 5–25 ms in its first 0.3 s (lab, DORA at
	 * 4,000/s, --trace-deopt: recordSingleValue, getBucketIndex, bucketCounts).
	 */
	warmHistograms: BucketCounts[];
	/** Send attempts refused by the send window, plus errors the kernel reported. */
	sendErrors: number;
	/** Exchanges written off by the bounded catch-up (the generator fell behind). */
	skipped: number;
	/** Requests expired early because the in-flight table was at its largest. */
	evicted: number;
	/** The -n share has been started, or the period is over. */
	doneSending: boolean;
	/** Seconds from the measured start (after any warm-up) until sending stopped, or until now while it goes on. */
	sendingS: number;
	/** Still in the --warm-up phase: nothing is counted yet. */
	warming: boolean;
	/** Exchanges started during the warm-up (never counted). */
	warmUpStarted: number;
	/** Longest gap between two sending ticks since the previous collection, ms (event-loop stalls, scheduling). */
	maxStallMs: number;
	pcapRecords: number;
}

/** From this total asked rate (exchanges/s) the sending loop polls instead of sleeping on 1 ms timers. */
const POLL_FROM_RATE = 1000;
/** Without the UDP fast path, one nap between loop turns while polling, ms (Atomics.wait; the kernel's timer slack adds ~50 µs). */
const NAP_MS = 0.05;
/** Below this many ms to the next request, polling turns the loop without a nap (a nap lasts ~0.1 ms). */
const NAP_SPIN_BELOW_MS = 0.1;
/** Atomics.wait needs a shared cell; nothing ever notifies it, so every wait lasts its timeout. */
const NAP_CELL = new Int32Array(new SharedArrayBuffer(4));
/** With the UDP fast path, one sleep between loop turns while polling, µs (the kernel's timer slack adds ~50 µs: a turn every ~0.1 ms, as perfdhcp's usleep(1)). */
const SLEEP_US = 50;
/** How late the kernel ends a sleep (its default timer slack for a thread), µs. */
const TIMER_SLACK_US = 50;
/**
 * With the UDP fast path, the sending loop turns inside one event-loop callback for up to this
 * long, µs, before it yields: messages from the coordinator, signals and timers wait at most this.
 */
const TURNS_PER_CALLBACK_US = 1000;

/** How the sending loop waits between turns while sending: a 1 ms timer, ~0.1 ms naps, or not at all. */
export type Pacing = 'timer' | 'poll' | 'spin';

/** The path a shard's datagrams take: the UDP fast path, node:dgram, or null for raw-socket (on-link DHCPv4). */
export type UdpPath = UdpTransport['path'] | null;

/**
 * The sending loop's pacing for a shard at `askedPerS` (new exchanges, renews and releases).
 * `--busy-poll` spins. From 1,000/s the loop polls as perfdhcp does (usleep(1) between loop turns
 * below 10k/s, anchors-perfdhcp.md §3): it naps ~50–100 µs, then turns the loop (reading what
 * arrived) and sends what fell due. Libuv timers fire at 1 ms at best, so requests would leave in
 * per-millisecond clumps that queue at the server, and a thread idle for a whole millisecond pays
 * the VM's wake-up on every answer and lets the scheduler put the server on its core. Measured in
 * the lab at 3,000 DORA/s (server-side capture): Kea's turnaround p50 107–140 µs instead of
 * 209–261 µs, perfdhcp -g single 76–146 µs. The naps are slept, not spun: at 3,000/s the run's
 * CPU was that of timers, at 1,000/s ~25 % of a core, as perfdhcp's loop.
 *
 * Timers stay below 1,000/s, while paused, in the avalanche (paced by its window and
 * retransmissions), and on-link in DHCPv4: raw-socket reads one datagram per readiness event and
 * sees every packet on the link, our own broadcasts too, so a nap per loop turn held its reading
 * back (measured in the lab, -l IF -n 2000: at 1,000/s p50 689 µs instead of 324 µs with timers;
 * at 2,000/s 249 timeouts and a p50 of 202 ms).
 */
export function pacingOf(settings: Pick<ShardSettings, 'busyPoll' | 'avalanche' | 'family' | 'path'>, askedPerS: number, paused: boolean): Pacing {
	if (settings.busyPoll) return 'spin';
	if (settings.avalanche || paused || (settings.family === 4 && settings.path.kind === 'onlink')) return 'timer';
	return askedPerS >= POLL_FROM_RATE ? 'poll' : 'timer';
}

export class Engine {
	readonly settings: ShardSettings;
	readonly transport: Transport;
	readonly defs: ExchangeDef[];
	readonly warnings: string[];
	private readonly scenario: Scenario;
	private readonly table: InflightTable;
	private readonly ctx: ScenarioContext;
	private readonly originNs: bigint;
	private readonly dropUs: number;
	private readonly newRate: RateControl;
	private readonly renewRate: RateControl;
	private readonly releaseRate: RateControl;
	private readonly pcap: PcapTap | null;
	private timer: NodeJS.Timeout | null = null;
	private immediate: NodeJS.Immediate | null = null;
	private sending = false;
	private stopped = false;
	private started = 0;
	/**
	 * When the measured run began, s from originNs; NaN until begin(). A double from the start:
	 * V8 stores a field first set to 0 as a small integer, and the first fractional start time
	 * then changed the engine's hidden class and threw away the sending loop's optimized code just
	 * as the measured run began (seen with --trace-deopt: "wrong map" in tick and scheduleNext at
	 * the end of a warm-up).
	 */
	private startS = Number.NaN;
	private stoppedS: number | null = null;
	private preloadLeft: number;
	/** --warm-up: uncounted exchanges paced at their own rate until warmEndS (a double from the start, as startS). */
	private warming = false;
	private warmEndS = Number.NaN;
	private warmUpStarted = 0;
	private readonly warmRate: RateControl;
	private refused = 0;
	private lastTickUs = -1;
	private maxStallUs = 0;
	private pumpQueued = false;
	/** betweenTurns is reading answers through the transport's pump. */
	private pumping = false;
	/** The last tick read the socket through the fast path and asks for the next turn at once. */
	private turnAgain = false;
	private kernelErrors = 0;
	/** Avalanche: retransmissions due, and the jitter source of their timeouts. */
	private readonly retransmits: RetransmitQueue | null;
	private readonly random: () => number;

	private constructor(settings: ShardSettings, transport: Transport, to: Endpoint, warnings: string[]) {
		this.settings = settings;
		this.transport = transport;
		this.warnings = warnings;
		this.originNs = process.hrtime.bigint();
		this.dropUs = settings.dropTimeS * 1e6;
		this.preloadLeft = settings.preload;
		const xidBits = settings.family === 4 ? 32 : 24;
		this.table = new InflightTable(xidBits, randomInt(0, 2 ** xidBits - 1));
		const clients = new ClientPicker(settings.clientFirst, settings.clientCount, settings.baseMac, settings.seed);
		const originNs = this.originNs;
		this.ctx = {
			transport,
			to,
			table: this.table,
			clients,
			nowUs: () => Number(process.hrtime.bigint() - originNs) / 1000,
			usOf: (rxNs) => Number(rxNs - originNs) / 1000,
			dropUs: this.dropUs,
			followUps: true,
			onSendRefused: () => {
				this.refused++;
			},
			onRequest: (slot) => {
				const q = this.retransmits;
				if (q === null) return;
				const rt = initialTimeoutUs(this.random);
				const nowUs = this.ctx.nowUs();
				q.push(Math.min(nowUs + rt, nowUs + this.dropUs), this.table.xids[slot]!, this.table.stage[slot]!, rt);
			},
			retransmit: settings.avalanche,
		};
		const seed = settings.seed ?? randomInt(1, 2 ** 31);
		this.retransmits = settings.avalanche ? new RetransmitQueue() : null;
		this.random = mulberry32(seed ^ 0x5bd1e995);
		this.scenario =
			settings.family === 4
				? new Scenario4(this.ctx, {
						giaddr: settings.path.kind === 'relay' ? settings.path.local : null,
						twoWay: settings.twoWay,
						renew: settings.renewRate > 0,
						release: settings.releaseRate > 0,
						options: settings.options,
						seed,
						sendWindow: settings.sendWindow,
					})
				: new Scenario6(this.ctx, {
						relayLevels: settings.path.kind === 'relay' ? settings.relayLevels : 0,
						relayAddress: settings.path.kind === 'relay' ? settings.path.local : null,
						leaseType: settings.leaseType,
						rapidCommit: settings.rapidCommit,
						twoWay: settings.twoWay,
						renew: settings.renewRate > 0,
						release: settings.releaseRate > 0,
						baseDuid: settings.baseDuid,
						options: settings.options,
						seed,
						sendWindow: settings.sendWindow,
					});
		this.defs = this.scenario.tallies.map((t) => t.def);
		const now = this.nowS();
		this.newRate = new RateControl(settings.rate, now);
		this.renewRate = new RateControl(settings.renewRate, now);
		this.releaseRate = new RateControl(settings.releaseRate, now);
		this.warmRate = new RateControl(settings.warmUpRate, now);
		this.pcap = settings.pcapFile ? new PcapTap(settings.pcapFile) : null;
		if (this.pcap) transport.setTap(this.pcap.tap);
		transport.onReceive((d) => {
			this.scenario.onReceive(d);
			// Read by betweenTurns: the loop turns next anyway, and its tick sends what is due.
			if (!this.pumpQueued && this.sending && !this.pumping) {
				this.pumpQueued = true;
				setImmediate(this.pumpAfterReceive);
			}
		});
		transport.onSendError((error, dest) => {
			this.kernelErrors++;
			logNetworkError(log, error, `sending to ${dest.address}:${dest.port}`);
		});
	}

	/** Opens the shard's socket; a bind or privilege problem is a UserError naming the fix. */
	static async open(settings: ShardSettings): Promise<Engine> {
		const p = settings.path;
		const bufs = { sendWindow: settings.sendWindow, recvBufferSize: settings.recvBufferSize };
		if (settings.family === 4) {
			if (p.kind === 'relay') {
				const t = await UdpTransport.open({ family: 4, address: p.local, port: settings.localPort, ...bufs });
				return new Engine(settings, t, { address: p.server, port: settings.serverPort }, []);
			}
			const t = await RawV4Transport.open({ iface: p.iface, clientPort: settings.localPort, serverPort: settings.serverPort, sendWindow: settings.sendWindow });
			return new Engine(settings, t, { address: '255.255.255.255', port: settings.serverPort }, t.warnings);
		}
		if (p.kind === 'relay') {
			const t = await UdpTransport.open({ family: 6, address: p.local, port: settings.localPort, ...bufs });
			return new Engine(settings, t, { address: p.server, port: settings.serverPort }, []);
		}
		const ll = linkLocalOf(p.iface);
		if (!ll) throw new UserError(`-l ${p.iface}: the interface has no IPv6 link-local address (is it up?)`);
		const t = await UdpTransport.open({ family: 6, address: ll, port: settings.localPort, iface: p.iface, ...bufs });
		// RFC 8415 §7.1 / §18.2.1: a client sends to All_DHCP_Relay_Agents_and_Servers on its link.
		return new Engine(settings, t, { address: `${ALL_DHCP_RELAY_AGENTS_AND_SERVERS}%${p.iface}`, port: settings.serverPort }, []);
	}

	/** The measured run has begun (any warm-up is over). */
	private get begun(): boolean {
		return !Number.isNaN(this.startS);
	}

	private nowS(): number {
		return Number(process.hrtime.bigint() - this.originNs) / 1e9;
	}

	get description(): string {
		return this.transport.description;
	}

	/** The UDP path the shard's socket uses (null: on-link DHCPv4 goes through raw-socket). */
	get udpPath(): UdpPath {
		return this.transport instanceof UdpTransport ? this.transport.path : null;
	}

	/** Starts sending: the warm-up first when there is one, then the measured run. */
	start(): void {
		this.sending = true;
		const now = this.nowS();
		if (this.settings.warmUpS > 0 && this.retransmits === null) {
			this.warming = true;
			this.warmEndS = now + this.settings.warmUpS;
			this.warmRate.setRate(this.settings.warmUpRate, now);
		} else this.begin(now);
		// The first tick comes from the event loop: only a tick running inside onTick may ask for the next turn at once.
		this.scheduleSoon();
	}

	/** The measured run starts at `nowS`: -p, the rates and the send errors count from here. */
	private begin(nowS: number): void {
		this.startS = nowS;
		// A send the window or the kernel refused during the warm-up is not the measured run's.
		this.refused = 0;
		this.kernelErrors = 0;
		this.newRate.setRate(this.newRate.asked, nowS);
		this.renewRate.setRate(this.renewRate.asked, nowS);
		this.releaseRate.setRate(this.releaseRate.asked, nowS);
	}

	setRates(rate: number, renewRate: number, releaseRate: number): void {
		const now = this.nowS();
		this.newRate.setRate(rate, now);
		this.renewRate.setRate(renewRate, now);
		this.releaseRate.setRate(releaseRate, now);
	}

	setPaused(paused: boolean): void {
		const now = this.nowS();
		this.newRate.setPaused(paused, now);
		this.renewRate.setPaused(paused, now);
		this.releaseRate.setPaused(paused, now);
	}

	/** No new exchanges, renews or releases from now on; REQUESTs still follow OFFERs already received. */
	stopSending(): void {
		this.halt(this.nowS());
	}

	private halt(atS: number): void {
		if (this.stoppedS === null && this.begun) this.stoppedS = atS - this.startS;
		this.sending = false;
		// Stopped during the warm-up: the measured run never starts.
		this.warming = false;
	}

	private schedule(ms: number): void {
		if (this.stopped) return;
		if (this.sending) {
			const asked = this.warming ? this.warmRate.asked : this.newRate.asked + this.renewRate.asked + this.releaseRate.asked;
			const pacing = pacingOf(this.settings, asked, this.newRate.isPaused);
			if (pacing !== 'timer') {
				// Read through the fast path: the next turn needs nothing from the event loop.
				if (this.betweenTurns(pacing === 'poll' ? ms : 0)) this.turnAgain = true;
				else this.scheduleSoon();
				return;
			}
		}
		this.timer = setTimeout(this.onTick, Math.floor(ms));
	}

	/**
	 * While polling, between two turns of the loop, `ms` before the next request is due: a short
	 * sleep (never longer than that, less the kernel's lateness), then the answers that arrived are
	 * read. With the UDP fast path the transport sleeps and reads every queued answer in one call
	 * (true: the next turn can follow at once); without it the thread naps and the event loop reads
	 * them. Due sooner than a sleep's lateness: no sleep, the loop turns at once (at 10k/s and more
	 * it spins, as perfdhcp's does; a nap per turn would cap the rate).
	 *
	 * The thread sleeps rather than wait on the socket for the first answer: a waiting thread
	 * must be woken by the server's send, a cross-CPU wake-up the server pays per answer. In the
	 * lab at 4,500 DORA/s (4 alternating rounds) waiting on the socket dropped 4.3–24 % of the
	 * exchanges, sleeping 0–9.3 %, perfdhcp 0–5.5 %.
	 */
	private betweenTurns(ms: number): boolean {
		const sleepUs = Math.min(ms * 1000 - TIMER_SLACK_US, SLEEP_US);
		this.pumping = true;
		const pumped = this.transport.pump?.(sleepUs > 0 ? sleepUs : 0) ?? null;
		this.pumping = false;
		if (pumped !== null) return true;
		if (ms >= NAP_SPIN_BELOW_MS) Atomics.wait(NAP_CELL, 0, 0, NAP_MS);
		return false;
	}

	private scheduleSoon(): void {
		if (this.stopped) return;
		this.immediate = setImmediate(this.onTick);
	}

	/**
	 * One bound callback for every timer and immediate: polling turns the loop up to ~100,000 times
	 * a second. With the fast path the turns follow one another here for up to
	 * TURNS_PER_CALLBACK_US: a pass through the event loop (an epoll_wait, the immediate's
	 * bookkeeping and Node's callback epilogue) for every ~0.1 ms turn cost more CPU than the
	 * turn's own work, and that CPU is taken from the server on a small machine.
	 */
	private readonly onTick = (): void => {
		const endUs = this.ctx.nowUs() + TURNS_PER_CALLBACK_US;
		for (;;) {
			this.tick();
			if (!this.turnAgain) return;
			this.turnAgain = false;
			if (this.ctx.nowUs() >= endUs) {
				this.scheduleSoon();
				return;
			}
		}
	};

	private tick(): void {
		// Only one of the two is pending at a time: start() and each tick schedule the next tick once.
		this.timer = null;
		this.immediate = null;
		const nowUs = this.ctx.nowUs();
		if (this.sending && this.lastTickUs >= 0 && nowUs - this.lastTickUs > this.maxStallUs) this.maxStallUs = nowUs - this.lastTickUs;
		this.lastTickUs = nowUs;
		this.table.expire(nowUs - this.dropUs, (slot) => this.scenario.onTimeout(slot));
		if (!this.sending) {
			this.schedule(20);
			return;
		}
		if (this.retransmits !== null) {
			this.avalancheTick(nowUs);
			return;
		}
		if (this.warming) {
			this.warmUpTick(nowUs / 1e6);
			return;
		}
		if (this.preloadLeft > 0) {
			// -P: back-to-back exchanges before the measured run, not counted (anchors-perfdhcp.md §1).
			const n = Math.min(this.preloadLeft, 256);
			let i = 0;
			while (i < n && this.scenario.startExchange(true)) i++;
			this.preloadLeft -= i;
			if (this.preloadLeft === 0) this.setRates(this.newRate.asked, this.renewRate.asked, this.releaseRate.asked);
			this.schedule(1);
			return;
		}
		if (this.sendDue(nowUs)) {
			this.schedule(20);
			return;
		}
		const nowS = nowUs / 1e6;
		const s = this.scenario;
		this.scheduleNext(Math.min(this.newRate.msUntilNext(nowS), s.renewStage >= 0 ? this.renewRate.msUntilNext(nowS) : Infinity, s.releaseStage >= 0 ? this.releaseRate.msUntilNext(nowS) : Infinity));
	}

	/**
	 * The next tick, `nextMs` before the next request is due. Still owing after this step (the
	 * rate control spreads a catch-up): come back after one turn of the loop rather than a whole
	 * timer tick, so the debt leaves in small steps.
	 */
	private scheduleNext(nextMs: number): void {
		if (nextMs === 0) this.scheduleSoon();
		else this.schedule(Math.min(20, nextMs));
	}

	/**
	 * One step of the warm-up: new exchanges at the warm-up rate, not counted (renews and releases
	 * wait for the measured run). A JIT runtime runs its first thousands of exchanges on slow code
	 * and compiles the hot paths on a helper thread meanwhile; on a small machine shared with the
	 * server that thread takes the server's core and the sending comes in uneven clumps, so the
	 * first second of a run near the knee measures the tool. In the lab, DORA at 5,000/s: cold runs
	 * wrote off 0.7–2 % of the asked exchanges in that second (sent 4,902–4,967/s), warm ones sent
	 * 5,000/s; 2-way at 12,000/s, timeouts fell from a median of 460 to 88 in one session (7
	 * alternating pairs) and stayed within the host's noise in another (200 vs 161, of 60,000).
	 * At its end the measured run starts.
	 */
	private warmUpTick(nowS: number): void {
		const endS = this.warmEndS;
		// What was due up to the warm-up's end, as at the end of -p.
		this.warmUpStarted += this.startDue(this.warmRate, Math.min(nowS, endS), Infinity, true);
		if (nowS >= endS) {
			this.warming = false;
			this.begin(nowS);
			this.scheduleSoon();
			return;
		}
		this.scheduleNext(Math.min(this.warmRate.msUntilNext(nowS), (endS - nowS) * 1000));
	}

	/**
	 * Starts the new exchanges `rate` owes at `nowS`, at most `limit`, until the send window is
	 * full; returns how many started. The warm-up and the measured run share it, so the measured
	 * run begins on code the warm-up has already made hot.
	 */
	private startDue(rate: RateControl, nowS: number, limit: number, uncounted: boolean): number {
		const due = Math.min(rate.due(nowS), limit);
		const s = this.scenario;
		let i = 0;
		while (i < due && s.startExchange(uncounted)) i++;
		rate.started(i);
		return i;
	}

	/**
	 * Starts the exchanges, renews and releases due at `nowUs`; true once the period or -n ended
	 * sending. Called from the timer and, between timer ticks, after each turn of the event loop
	 * that read answers (see {@link pumpAfterReceive}).
	 */
	private sendDue(nowUs: number): boolean {
		let nowS = nowUs / 1e6;
		const s = this.scenario;
		const period = this.settings.periodS;
		let last = false;
		if (period !== null && nowS - this.startS >= period) {
			// Send what was due up to the end of the period, not what a late timer would add.
			nowS = this.startS + period;
			last = true;
		}
		const quota = this.settings.numRequests;
		this.started += this.startDue(this.newRate, nowS, quota === null ? Infinity : quota - this.started, false);
		if (s.renewStage >= 0) {
			const n = this.renewRate.due(nowS);
			let k = 0;
			while (k < n && s.renew()) k++;
			// No lease to renew yet counts as done: renews do not pile up behind the first ACKs.
			this.renewRate.started(n);
		}
		if (s.releaseStage >= 0) {
			const n = this.releaseRate.due(nowS);
			let k = 0;
			while (k < n && s.release()) k++;
			this.releaseRate.started(n);
		}
		if (last || (quota !== null && this.started >= quota)) {
			if (last) this.newRate.endAt(nowS);
			this.halt(last ? nowS : this.nowS());
			return true;
		}
		return false;
	}

	/**
	 * Libuv timers fire at most once a millisecond (often two), so timer pacing alone sends in
	 * bursts of rate/1000 or more. Answers wake the loop far more often under load; sending what is
	 * due once per turn of the loop that read any (setImmediate runs after the poll phase) spreads
	 * the requests between the ticks, at no cost when nothing arrives.
	 */
	private readonly pumpAfterReceive = (): void => {
		this.pumpQueued = false;
		if (!this.sending || this.stopped || this.retransmits !== null || this.preloadLeft > 0 || this.warming) return;
		this.sendDue(this.ctx.nowUs());
	};

	/**
	 * One avalanche step: retransmit what is due, start more clients while the send window has
	 * room, and end the shard once every client has started and none is waiting. Sending is
	 * limited by the window only (a storm is the point), so a retransmission or start the window
	 * cannot take now waits for the next step; it is not counted as a send error.
	 */
	private avalancheTick(nowUs: number): void {
		const q = this.retransmits!;
		const table = this.table;
		const t = this.transport;
		const room = this.settings.sendWindow >> 1;
		const s = this.scenario;
		if (this.newRate.isPaused) {
			// `p` on the dashboard: nothing is sent, retransmissions wait; give-ups still come from the expiry walk.
			this.schedule(20);
			return;
		}
		let blocked = false;
		q.popDue(nowUs, (xid, stage, rtUs) => {
			const slot = table.lookup(xid);
			// Answered, given up, or moved on to its next stage (a v4 REQUEST keeps the DISCOVER's xid).
			if (slot < 0 || table.state[slot] !== LIVE || table.stage[slot] !== stage) return;
			// The drop time counts from the first transmission: past it the client gives up, judged
			// here at its own deadline (the FIFO expiry walk can be held back by a later-sent REQUEST).
			const deadline = table.sentUs[slot]! + this.dropUs;
			if (nowUs >= deadline) {
				table.timeOut(slot, (x) => s.onTimeout(x));
				return;
			}
			if (t.pendingSends >= room || !s.resend(slot)) {
				blocked = true;
				q.push(Math.min(nowUs + 10_000, deadline), xid, stage, rtUs);
				return;
			}
			const rt = nextTimeoutUs(rtUs, this.random);
			q.push(Math.min(nowUs + rt, deadline), xid, stage, rt);
		});
		const period = this.settings.periodS;
		if (period !== null && nowUs / 1e6 - this.startS >= period) {
			this.halt(this.startS + period);
			this.schedule(20);
			return;
		}
		const clients = this.settings.clientCount;
		// A batch per step keeps the event loop turning, so answers are read while the wave goes out.
		let n = 0;
		while (this.started < clients && n < 1024 && t.pendingSends < room && s.startExchange(false)) {
			this.started++;
			n++;
		}
		const waveDone = this.started >= clients;
		if (waveDone && table.live === 0) {
			this.halt(this.nowS());
			this.schedule(20);
			return;
		}
		const untilDue = (q.peekDue() - this.ctx.nowUs()) / 1000;
		this.schedule(!waveDone || blocked ? 0 : Math.max(0, Math.min(10, Math.floor(untilDue))));
	}

	/** Counters so far and the latency since the last call. Expires what is due first. */
	collect(): ShardPartial {
		this.table.expire(this.ctx.nowUs() - this.dropUs, (slot) => this.scenario.onTimeout(slot));
		const tallies = this.scenario.tallies;
		return {
			counters: tallies.map((t) => t.counters()),
			histograms: tallies.map((t) => t.takeInterval()),
			warmHistograms: this.warming ? this.scenario.uncountedTallies.map((t) => t.takeInterval()) : [],
			sendErrors: this.refused + this.kernelErrors,
			skipped: this.newRate.skipped,
			evicted: this.table.evicted,
			doneSending: this.stoppedS !== null,
			sendingS: this.stoppedS ?? (this.begun ? this.nowS() - this.startS : 0),
			warming: this.warming,
			warmUpStarted: this.warmUpStarted,
			pcapRecords: this.pcap?.records ?? 0,
			maxStallMs: this.takeStall(),
		};
	}

	private takeStall(): number {
		const ms = Math.round(this.maxStallUs / 100) / 10;
		this.maxStallUs = 0;
		return ms;
	}

	/**
	 * Ends the shard: stops sending, judges every waiting request against the clock (past its drop
	 * time → timeout; the rest stay in flight, never drops), closes the socket and the capture.
	 */
	async finish(): Promise<ShardPartial> {
		this.halt(this.nowS());
		this.ctx.followUps = false;
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		if (this.immediate) clearImmediate(this.immediate);
		this.immediate = null;
		// What arrives from now on is neither counted nor captured, so the capture matches the counts.
		this.transport.onReceive(() => {});
		this.transport.setTap(undefined);
		this.table.sweep(this.ctx.nowUs() - this.dropUs, (slot) => this.scenario.onTimeout(slot));
		const partial = this.collect();
		await this.transport.close();
		this.pcap?.close();
		return partial;
	}
}
