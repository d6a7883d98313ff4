/**
 * `--metrics-listen ADDR:PORT`: the run's live figures for Prometheus (and so Grafana), served in
 * the Prometheus text exposition format (version 0.0.4) at /metrics while the run lasts and for
 * `--metrics-linger` seconds after it, so the last scrape sees the final values. prom-client keeps
 * the registry and writes the exposition; the counters are the run's own (read from its newest
 * snapshot at each scrape), and the latency histograms are built from the run's HDR histograms
 * into Prometheus buckets, exactly: prom-client's Histogram observes one value per call, which
 * would mean a call per answer on the main thread, while the run's histograms already hold them.
 *
 * Names follow the Prometheus conventions (https://prometheus.io/docs/practices/naming/): the
 * `dhcpulse_` prefix, `_total` on counters, base units (seconds).
 */
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import { UserError } from '../exit-codes.js';
import type { IntervalReport, PerfObserver, RunHandle, RunOutcome } from '../perf/observer.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import type { ExchangeCounters, ExchangeName } from '../perf/accounting.js';
import type { Histogram } from '../stats/latency.js';
import { bucketCounts } from '../stats/latency.js';

/** Upper bounds of the latency buckets, seconds: 100 µs to 60 s (the HDR histograms' ceiling). */
export const LATENCY_BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** `ADDR:PORT` or `[ADDR6]:PORT` → its parts; a one-line UserError otherwise. */
export function parseListen(text: string): { address: string; port: number } {
	const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
	const port = m ? Number(m[2]) : NaN;
	if (!m || isIP(m[1]!) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
		throw new UserError(`--metrics-listen ${text}: expected ADDRESS:PORT, e.g. 127.0.0.1:9464 or [::1]:9464`);
	}
	return { address: m[1]!, port };
}

/** A metric of every exchange type: its samples are fields of the exchange's counters. */
interface PerExchange {
	name: string;
	help: string;
	gauge?: boolean;
	/** The label that tells the samples apart, when there is more than one. */
	label?: string;
	samples: readonly (readonly [string, keyof ExchangeCounters])[];
}

const PER_EXCHANGE: readonly PerExchange[] = [
	{ name: 'dhcpulse_requests_sent_total', help: 'Requests sent (on the wire), per exchange type (DO, RA, SA, RR, renew, release; with --lifecycle rebind, decline, inform, and DHCPv6 confirm)', samples: [['', 'sent']] },
	{
		name: 'dhcpulse_requests_settled_total',
		help: 'Requests settled, per exchange type and outcome: ok (the expected answer), rejected (NAK, a failure status), timeout (no answer within the drop time)',
		label: 'outcome',
		samples: [
			['ok', 'ok'],
			['rejected', 'rejected'],
			['timeout', 'timeouts'],
		],
	},
	{
		name: 'dhcpulse_replies_unmatched_total',
		help: 'Datagrams received that answered no waiting request: late (after its drop time), orphan (no such request), duplicate (a second answer), malformed',
		label: 'kind',
		samples: [
			['late', 'late'],
			['orphan', 'orphans'],
			['duplicate', 'duplicates'],
			['malformed', 'malformed'],
		],
	},
	{ name: 'dhcpulse_retransmissions_total', help: "Transmissions after a request's first (the avalanche scenario)", samples: [['', 'retransmits']] },
	{ name: 'dhcpulse_requests_in_flight', help: 'Requests waiting for an answer', gauge: true, samples: [['', 'inFlight']] },
];

/** The ledger's steps served, and their label values (Prometheus label values in snake case). */
const LEDGER_STEPS = ['sent', 'readByServer', 'answered', 'received', 'matched'] as const;
const LEDGER_STEP_NAMES: Record<(typeof LEDGER_STEPS)[number], string> = { sent: 'sent', readByServer: 'read_by_server', answered: 'answered', received: 'received', matched: 'matched' };

/** One exchange's latencies in Prometheus buckets, cumulative over the run. */
class LatencyBuckets {
	readonly counts = new Array<number>(LATENCY_BUCKETS_S.length).fill(0);
	count = 0;
	sumS = 0;

	add(h: Histogram): void {
		if (h.totalCount === 0) return;
		const js = h as unknown as { valueFromIndex(i: number): number; medianEquivalentValue(v: number): number };
		const c = bucketCounts(h).counts;
		let b = 0;
		for (let k = 0; k < c.length; k += 2) {
			const lowUs = js.valueFromIndex(c[k]!);
			const n = c[k + 1]!;
			// Sub-bucket by sub-bucket (3 significant digits): a value is counted in the first bound
			// at or above the low end of its sub-bucket, as le= means.
			while (b < LATENCY_BUCKETS_S.length - 1 && lowUs / 1e6 > LATENCY_BUCKETS_S[b]!) b++;
			this.counts[b]! += n;
			this.count += n;
			this.sumS += (js.medianEquivalentValue(lowUs) / 1e6) * n;
		}
	}
}

export class MetricsObserver implements PerfObserver {
	private readonly registry = new Registry();
	private snapshot: PerfSnapshot | null = null;
	private readonly latency = new Map<ExchangeName, LatencyBuckets>();
	private closed = false;

	private constructor(
		private readonly server: Server,
		private readonly lingerS: number,
	) {
		const r = this.registry;
		const self = this;
		// The per-exchange counters, as data: each metric's samples are fields of an exchange's
		// counters, under one label value each (or none).
		for (const m of PER_EXCHANGE) {
			const labelNames = m.label ? ['exchange', m.label] : ['exchange'];
			const collect = function (this: Counter | Gauge): void {
				this.reset();
				for (const x of self.snapshot?.exchanges ?? []) {
					for (const [value, field] of m.samples) {
						const labels = m.label ? { exchange: x.name, [m.label]: value } : { exchange: x.name };
						if (this instanceof Gauge) this.set(labels, x[field]);
						else this.inc(labels, x[field]);
					}
				}
			};
			if (m.gauge) new Gauge({ name: m.name, help: m.help, labelNames, registers: [r], collect });
			else new Counter({ name: m.name, help: m.help, labelNames, registers: [r], collect });
		}
		// The loss ledger (perf/ledger.ts), as of its last reading: each exchange group's datagrams at
		// each step, and each named loss. A step that cannot be observed (null) has no sample: unknown is never 0.
		new Counter({
			name: 'dhcpulse_ledger_datagrams_total',
			help: "Loss ledger: datagrams of each exchange group at each step (sent, read_by_server, answered, received, matched), from the server's statistics and the kernel's counters",
			labelNames: ['group', 'step'],
			registers: [r],
			collect() {
				this.reset();
				for (const g of self.snapshot?.ledger?.groups ?? []) {
					for (const [step, value] of LEDGER_STEPS.map((k) => [k, g[k]] as const)) if (value !== null) this.inc({ group: g.label, step: LEDGER_STEP_NAMES[step] }, value);
				}
			},
		});
		new Counter({
			name: 'dhcpulse_ledger_lost_datagrams_total',
			help: "Loss ledger: datagrams lost over the run, by where they died (the server's socket queue, not answered, dhcpulse's socket queue, elsewhere)",
			labelNames: ['stage', 'where'],
			registers: [r],
			collect() {
				this.reset();
				const l = self.snapshot?.ledger;
				if (!l) return;
				for (const [stage, loss] of [
					['before_server', l.lostBeforeServer],
					['not_answered', l.notAnswered],
					['on_the_way_back', l.lostOnTheWayBack],
				] as const) {
					for (const part of loss.parts) if (part.count !== null) this.inc({ stage, where: part.what }, part.count);
				}
			},
		});
		new Counter({
			name: 'dhcpulse_send_errors_total',
			help: 'Sends the kernel or the send window refused (never counted as sent)',
			registers: [r],
			collect() {
				this.reset();
				if (self.snapshot) this.inc(self.snapshot.sendErrors);
			},
		});
		new Gauge({
			name: 'dhcpulse_exchanges_per_second',
			help: 'New exchanges per second: asked (-r), and over the last report interval sent (started) and completed (final stage ok)',
			labelNames: ['kind'],
			registers: [r],
			collect() {
				this.reset();
				const s = self.snapshot;
				if (!s) return;
				this.set({ kind: 'asked' }, s.rate.asked);
				this.set({ kind: 'sent' }, s.rate.sent);
				this.set({ kind: 'completed' }, s.rate.completed);
			},
		});
		new Gauge({
			name: 'dhcpulse_run_elapsed_seconds',
			help: 'Seconds of the measured run so far',
			registers: [r],
			collect() {
				if (self.snapshot) this.set(self.snapshot.elapsedS);
			},
		});
		new Gauge({
			name: 'dhcpulse_run_info',
			help: 'The run: its mode, target, family and state (1 for the current one)',
			labelNames: ['mode', 'target', 'family', 'state'],
			registers: [r],
			collect() {
				this.reset();
				const s = self.snapshot;
				if (s) this.set({ mode: s.mode, target: s.target, family: String(s.family), state: s.state }, 1);
			},
		});
		// The latency histogram, from the run's own HDR histograms (see the module's comment).
		r.registerMetric({
			name: 'dhcpulse_latency_seconds',
			help: 'Time from a request to its ok answer, per exchange type, in seconds',
			type: 'histogram',
			get: () => ({
				name: 'dhcpulse_latency_seconds',
				help: 'Time from a request to its ok answer, per exchange type, in seconds',
				type: 'histogram',
				aggregator: 'sum',
				values: [...this.latency].flatMap(([exchange, l]) => {
					let cumulative = 0;
					const buckets = LATENCY_BUCKETS_S.map((le, i) => {
						cumulative += l.counts[i]!;
						return { metricName: 'dhcpulse_latency_seconds_bucket', labels: { exchange, le }, value: cumulative };
					});
					return [
						...buckets,
						{ metricName: 'dhcpulse_latency_seconds_bucket', labels: { exchange, le: '+Inf' }, value: l.count },
						{ metricName: 'dhcpulse_latency_seconds_sum', labels: { exchange }, value: l.sumS },
						{ metricName: 'dhcpulse_latency_seconds_count', labels: { exchange }, value: l.count },
					];
				}),
			}),
		} as unknown as Parameters<Registry['registerMetric']>[0]);
		server.on('request', (req, res) => {
			if (req.url !== '/metrics') {
				res.writeHead(404).end('dhcpulse serves /metrics\n');
				return;
			}
			this.registry.metrics().then(
				(text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
				(error: Error) => res.writeHead(500).end(`${error.message}\n`),
			);
		});
	}

	/** Listens on `listen` (ADDR:PORT) before the run opens a socket: a port in use is exit 3 with nothing sent. */
	static async open(listen: string, lingerS: number): Promise<MetricsObserver> {
		const { address, port } = parseListen(listen);
		const server = createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', (error: NodeJS.ErrnoException) => reject(new UserError(`--metrics-listen ${listen}: cannot listen (${error.code ?? error.message})`)));
			server.listen(port, address, resolve);
		});
		return new MetricsObserver(server, lingerS);
	}

	start(first: PerfSnapshot, _run: RunHandle): void {
		this.snapshot = first;
		// Every exchange's histogram is served from the first scrape on, empty until answers come.
		for (const x of first.exchanges) if (x.expectsReply) this.latency.set(x.name, new LatencyBuckets());
	}

	update(s: PerfSnapshot): void {
		this.snapshot = s;
	}

	interval(s: PerfSnapshot, report: IntervalReport): void {
		this.snapshot = s;
		this.addLatency(report);
	}

	async finish(outcome: RunOutcome): Promise<void> {
		this.snapshot = outcome.snapshot;
		this.addLatency(outcome.lastInterval);
		// Served a while longer, so a scrape after the end sees the final values.
		if (this.lingerS > 0) await new Promise((r) => setTimeout(r, this.lingerS * 1000));
		this.close();
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.server.closeAllConnections();
		this.server.close();
	}

	private addLatency(report: IntervalReport): void {
		for (const { name, histogram } of report.latency) this.latency.get(name)?.add(histogram);
	}
}
