/**
 * One shard of a load run: a transport, the in-flight table and its expiry, the DHCPv4 or
 * DHCPv6 exchange logic (exchange4.ts, exchange6.ts), and the sending loop, whose turns a load
 * shape (shapes/) fills: the basic shape paces new exchanges, renews and releases at their rates,
 * the avalanche starts every client at once and retransmits. It runs the same on the main thread
 * (one worker, or on-link raw mode, which cannot leave it) and inside a worker thread
 * (worker.ts); the run loop collects its cumulative counters and interval histograms.
 */
import { randomInt } from 'node:crypto';
import { errnoName, getLogger, logNetworkError } from '../log/index.js';
import type { BucketCounts } from '../stats/latency.js';
import type { Endpoint, Transport } from '../transport/types.js';
import { UdpTransport } from '../transport/udp.js';
import { openPath } from '../transport/path.js';
import { Admission } from './admission.js';
import type { ExchangeDef } from './accounting.js';
import { ClientPicker } from './clients.js';
import type { ShardSettings } from './plan.js';
import { InflightTable } from './inflight.js';
import { PcapTap } from './pcap-tap.js';
import { shapeNamed } from './shapes/index.js';
import type { LoadShape, ShapeHost } from './shapes/shape.js';
import type { ExchangeLogic, ExchangeContext } from './exchange.js';
import { Dhcp4Exchanges } from './exchange4.js';
import { Dhcp6Exchanges } from './exchange6.js';
import type { ExchangeCounters } from './accounting.js';
import type { LeaseEvent } from './lease-book.js';
import { ipv4ToUint32 } from '../codec/dhcp4/fast.js';

const log = getLogger('dhcpulse.perf');

export interface ShardPartial {
	/** Cumulative, one per exchange in the exchange logic's order. */
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
	/** DHCPv6 Rapid Commit SOLICITs answered with an ADVERTISE: the server does not commit at once. */
	rapidCommitDeclined: number;
	/** Datagrams the kernel took (warm-up and -P included): 0 with send errors means nothing could be sent at all. */
	onWire: number;
	/** The last send the kernel refused: its errno, the local address and the destination; null when none was. */
	sendFailure: { code: string; from: string; to: string } | null;
	/** Exchanges written off by the bounded catch-up (the generator fell behind). */
	skipped: number;
	/** Lifecycle clients that started over: first-stage exchanges that are not new clients (LoadShape.restarts). */
	restarts: number;
	/** New exchanges held back by admission control to keep up with the answers (admission.ts). */
	heldBack: number;
	/** Admission control is holding new exchanges back now (the generator is the limit). */
	admissionLimiting: boolean;
	/** Longest an answer lay unread in the shard's socket since the previous collection, ms (−1: no arrival stamps). */
	maxQueuedMs: number;
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
	/** Most requests this shard had waiting for answers at once, so far (seen as each request went out). */
	peakInFlight: number;
	pcapRecords: number;
	/** The capture file could not be written (named, with the reason); null when it could, or there is none. */
	pcapError: string | null;
	/** Leases granted and released since the previous collection (-u, -x l); empty when not asked. */
	leaseEvents: LeaseEvent[];
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
 * below 10k/s, Kea src/bin/perfdhcp/basic_scen.cc): it naps ~50–100 µs, then turns the loop (reading what
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

export class Engine implements ShapeHost {
	readonly settings: ShardSettings;
	readonly transport: Transport;
	readonly defs: ExchangeDef[];
	readonly warnings: string[];
	readonly exchanges: ExchangeLogic;
	readonly table: InflightTable;
	readonly dropUs: number;
	readonly seed: number;
	private readonly shape: LoadShape;
	private peakInFlight = 0;
	private readonly ctx: ExchangeContext;
	private readonly originNs: bigint;
	private readonly pcap: PcapTap | null;
	private timer: NodeJS.Timeout | null = null;
	private immediate: NodeJS.Immediate | null = null;
	private sending = false;
	private stopped = false;
	/**
	 * When the measured run began, s from originNs; NaN until begin(). A double from the start:
	 * V8 stores a field first set to 0 as a small integer, and the first fractional start time
	 * then changed the engine's hidden class and threw away the sending loop's optimized code just
	 * as the measured run began (seen with --trace-deopt: "wrong map" in tick and scheduleNext at
	 * the end of a warm-up).
	 */
	startS = Number.NaN;
	private stoppedS: number | null = null;
	private refused = 0;
	private lastTickUs = -1;
	private maxStallUs = 0;
	/** Longest an answer lay unread in the socket since the last collection, µs; −1 while none carried an arrival stamp. */
	private maxQueuedUs = -1;
	private readonly admission: Admission;
	private pumpQueued = false;
	/** betweenTurns is reading answers through the transport's pump. */
	private pumping = false;
	/** The last tick read the socket through the fast path and asks for the next turn at once. */
	private turnAgain = false;
	private kernelErrors = 0;
	/** The last send the kernel refused, for the run to name when nothing could be sent at all. */
	private lastSendError: { code: string; to: Endpoint } | null = null;
	private cutoffs: Float64Array | null = null;

	private constructor(settings: ShardSettings, transport: Transport, to: Endpoint, warnings: string[]) {
		this.settings = settings;
		this.transport = transport;
		this.warnings = warnings;
		this.originNs = process.hrtime.bigint();
		this.dropUs = settings.dropTimeS * 1e6;
		const xidBits = settings.family === 4 ? 32 : 24;
		this.table = new InflightTable(xidBits, randomInt(0, 2 ** xidBits - 1));
		const clients = new ClientPicker(settings.clientFirst, settings.clientCount, settings.baseMac, settings.seed, settings.macList);
		const originNs = this.originNs;
		this.ctx = {
			transport,
			to,
			table: this.table,
			clients,
			nowUs: () => Number(process.hrtime.bigint() - originNs) / 1000,
			arrivedUs: (d) => Number(d.rxNs - originNs) / 1000 - (d.queuedUs > 0 ? d.queuedUs : 0),
			dropUs: this.dropUs,
			requestDropUs: settings.requestDropTimeS === null ? this.dropUs : settings.requestDropTimeS * 1e6,
			requestQuota: settings.requestQuota ?? Infinity,
			startSecs: () => this.raisedSecs(),
			followUps: true,
			onSendRefused: () => {
				this.refused++;
			},
			onRequest: (slot) => {
				if (this.table.live > this.peakInFlight) this.peakInFlight = this.table.live;
				this.shape.onRequest(slot);
			},
			retransmit: settings.avalanche,
		};
		const seed = settings.seed ?? randomInt(1, 2 ** 31);
		this.seed = seed;
		this.exchanges =
			settings.family === 4
				? new Dhcp4Exchanges(this.ctx, {
						giaddr: settings.path.kind === 'relay' ? settings.path.relay : null,
						twoWay: settings.twoWay,
						renew: settings.renewRate > 0,
						release: settings.releaseRate > 0,
						lifecycle: settings.shape === 'lifecycle',
						options: settings.options,
						clientOptions: settings.clientOptions,
						clientId: settings.clientId,
						weightedOptions: settings.weightedOptions,
						// The run's --seed, the same in every shard, so a client draws alike wherever it runs.
						drawSeed: settings.seed ?? 0,
						seed,
						sendWindow: settings.sendWindow,
						leaseBook: settings.leaseBook,
						giaddrs: settings.relayList?.map(ipv4ToUint32) ?? null,
						templates: settings.templates,
					})
				: new Dhcp6Exchanges(this.ctx, {
						relayLevels: settings.path.kind === 'relay' ? settings.relayLevels : 0,
						relayAddress: settings.path.kind === 'relay' ? settings.path.relay : null,
						leaseType: settings.leaseType,
						rapidCommit: settings.rapidCommit,
						twoWay: settings.twoWay,
						renew: settings.renewRate > 0,
						release: settings.releaseRate > 0,
						lifecycle: settings.shape === 'lifecycle',
						baseDuid: settings.baseDuid,
						options: settings.options,
						clientOptions: settings.clientOptions,
						seed,
						sendWindow: settings.sendWindow,
						leaseBook: settings.leaseBook,
						linkAddresses: settings.relayList,
						relayOptions: settings.relayOptions,
						weightedOptions: settings.weightedOptions,
						drawSeed: settings.seed ?? 0,
					});
		this.defs = this.exchanges.tallies.map((t) => t.def);
		// The name was checked against the shapes when the command line was read (settings.ts).
		this.shape = shapeNamed(settings.shape)!.create(this);
		this.pcap = settings.pcapFile ? new PcapTap(settings.pcapFile) : null;
		if (this.pcap) transport.setTap(this.pcap.tap);
		this.admission = new Admission(this.nowS());
		transport.onReceive((d) => {
			if (d.queuedUs > this.maxQueuedUs) this.maxQueuedUs = d.queuedUs;
			this.admission.queued(d.queuedUs);
			this.exchanges.onReceive(d);
			// Read by betweenTurns: the loop turns next anyway, and its tick sends what is due.
			if (!this.pumpQueued && this.sending && !this.pumping) {
				this.pumpQueued = true;
				setImmediate(this.pumpAfterReceive);
			}
		});
		transport.onSendError((error, dest, atOnce) => {
			// Refused within trySend: the exchange logic saw false and counted it (onSendRefused).
			if (!atOnce) this.kernelErrors++;
			this.lastSendError = { code: errnoName(error), to: dest };
			logNetworkError(log, error, `sending to ${dest.address}:${dest.port}`);
		});
	}

	/** Opens the shard's socket; a bind or privilege problem is a UserError naming the fix. */
	static async open(settings: ShardSettings): Promise<Engine> {
		const { transport, to, warnings } = await openPath(settings.path, {
			localPort: settings.localPort,
			serverPort: settings.serverPort,
			sendWindow: settings.sendWindow,
			recvBufferSize: settings.recvBufferSize,
			ifaceFlag: '-l',
		});
		try {
			return new Engine(settings, transport, to, warnings);
		} catch (error) {
			// The capture file could not be created, say: the socket must not stay bound.
			await transport.close();
			throw error;
		}
	}

	/** The measured run has begun (any warm-up is over). */
	private get begun(): boolean {
		return !Number.isNaN(this.startS);
	}

	nowS(): number {
		return Number(process.hrtime.bigint() - this.originNs) / 1e9;
	}

	nowUs(): number {
		return this.ctx.nowUs();
	}

	get description(): string {
		return this.transport.description;
	}

	/** The UDP path the shard's socket uses (null: on-link DHCPv4 goes through raw-socket). */
	get udpPath(): UdpPath {
		return this.transport instanceof UdpTransport ? this.transport.path : null;
	}

	/** Starts sending: the shape's warm-up first when it has one, then the measured run. */
	start(): void {
		this.sending = true;
		this.shape.start(this.nowS());
		// The first tick comes from the event loop: only a tick running inside onTick may ask for the next turn at once.
		this.scheduleSoon();
	}

	begin(nowS: number): void {
		this.startS = nowS;
		// A send the window or the kernel refused during the warm-up is not the measured run's.
		this.refused = 0;
		this.kernelErrors = 0;
		this.shape.onBegin(nowS);
	}

	setRates(rate: number, renewRate: number, releaseRate: number): void {
		this.shape.setRates(rate, renewRate, releaseRate, this.nowS());
	}

	setPaused(paused: boolean): void {
		this.shape.setPaused(paused, this.nowS());
	}

	/** No new exchanges, renews or releases from now on; REQUESTs still follow OFFERs already received. */
	stopSending(): void {
		this.halt(this.nowS());
	}

	halt(atS: number): void {
		if (this.stoppedS === null && this.begun) this.stoppedS = atS - this.startS;
		this.sending = false;
		this.shape.onHalt();
	}

	schedule(ms: number): void {
		if (this.stopped) return;
		if (this.sending) {
			const pacing = pacingOf(this.settings, this.shape.askedPerS(), this.shape.paused);
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
		this.table.expire(nowUs - this.dropUs, (slot) => this.exchanges.onTimeout(slot), this.stageCutoffs(nowUs));
		if (!this.sending) {
			this.schedule(20);
			return;
		}
		this.shape.turn(nowUs);
	}

	/**
	 * The next tick, `nextMs` before the next request is due. Still owing after this step (the
	 * rate control spreads a catch-up): come back after one turn of the loop rather than a whole
	 * timer tick, so the debt leaves in small steps.
	 */
	scheduleNext(nextMs: number): void {
		if (nextMs !== 0) this.schedule(Math.min(20, nextMs));
		// Behind schedule: read what arrived before sending more, so answers (and the REQUESTs
		// that follow OFFERs) come before new exchanges. Left to the event loop, node:dgram read 32
		// datagrams a pass while each turn sent hundreds: asked 100,000 DORA/s on one core, the
		// answers waited 0.1-0.7 s in a full 8 MiB socket buffer and 82,000-208,000 a run were
		// dropped there, so 97 % timed out (against a C responder on the other core; with a read
		// before each turn: 6,183 completed/s instead of 674-975, drops 3,600 instead of 82,000+).
		else if (this.sending && pacingOf(this.settings, this.shape.askedPerS(), this.shape.paused) !== 'timer' && this.betweenTurns(0)) this.turnAgain = true;
		else this.scheduleSoon();
	}

	/** Answers were read by the event loop between ticks: the shape sends what fell due meanwhile. */
	private readonly pumpAfterReceive = (): void => {
		this.pumpQueued = false;
		if (!this.sending || this.stopped) return;
		this.shape.afterReceive(this.ctx.nowUs());
	};

	/** perfdhcp's -Y/-y: inside the window, whole seconds since its start + 1 (at most 65535, secs is 16 bits); else 0. */
	private raisedSecs(): number {
		const w = this.settings.raisedSecs;
		if (w === null || !this.begun) return 0;
		const t = Math.floor(this.nowS() - this.startS);
		return t >= w.fromS && t < w.fromS + w.forS ? Math.min(65535, t - w.fromS + 1) : 0;
	}

	/** With perfdhcp's second -d, each stage's expiry cutoff at `nowUs` (the REQUEST stage's its own); else undefined. */
	private stageCutoffs(nowUs: number): Float64Array | undefined {
		const ctx = this.ctx;
		if (ctx.requestDropUs === ctx.dropUs) return undefined;
		const cut = (this.cutoffs ??= new Float64Array(this.exchanges.tallies.length));
		this.exchanges.tallies.forEach((t, i) => (cut[i] = nowUs - (t.def.name === 'RA' || t.def.name === 'RR' ? ctx.requestDropUs : ctx.dropUs)));
		return cut;
	}

	/** Counters so far and the latency since the last call. Expires what is due first. */
	collect(): ShardPartial {
		const nowUs = this.ctx.nowUs();
		this.table.expire(nowUs - this.dropUs, (slot) => this.exchanges.onTimeout(slot), this.stageCutoffs(nowUs));
		const tallies = this.exchanges.tallies;
		return {
			counters: tallies.map((t) => t.counters()),
			histograms: tallies.map((t) => t.takeInterval()),
			warmHistograms: this.shape.warming ? this.exchanges.uncountedTallies.map((t) => t.takeInterval()) : [],
			sendErrors: this.refused + this.kernelErrors,
			onWire: this.transport.onWire,
			rapidCommitDeclined: this.exchanges.rapidCommitDeclined ?? 0,
			sendFailure: this.lastSendError && { code: this.lastSendError.code, from: this.transport.local.address, to: this.lastSendError.to.address },
			skipped: this.shape.skipped,
			restarts: this.shape.restarts ?? 0,
			heldBack: this.admission.heldBack,
			admissionLimiting: this.admission.limiting,
			maxQueuedMs: this.takeQueued(),
			evicted: this.table.evicted,
			doneSending: this.stoppedS !== null,
			sendingS: this.stoppedS ?? (this.begun ? this.nowS() - this.startS : 0),
			warming: this.shape.warming,
			warmUpStarted: this.shape.warmUpStarted,
			pcapRecords: this.pcap?.records ?? 0,
			pcapError: this.pcap?.error ?? null,
			maxStallMs: this.takeStall(),
			peakInFlight: this.peakInFlight,
			leaseEvents: this.exchanges.leaseEvents?.splice(0) ?? [],
		};
	}

	private takeQueued(): number {
		const us = this.maxQueuedUs;
		this.maxQueuedUs = -1;
		return us < 0 ? -1 : Math.round(us / 100) / 10;
	}

	admit(n: number, nowS: number, counted: boolean): number {
		return this.admission.admit(n, nowS, counted);
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
		const nowUs = this.ctx.nowUs();
		this.table.sweep(nowUs - this.dropUs, (slot) => this.exchanges.onTimeout(slot), this.stageCutoffs(nowUs));
		const partial = this.collect();
		await this.transport.close();
		this.pcap?.close();
		return partial;
	}
}
