/**
 * A probe of the load generator's sending loop, for issue #21's diagnosis: preloaded into a
 * `dhcpulse perf` run (one shard in the main thread: --workers 1, no dashboard), it times every
 * turn of the loop and every read of the socket, samples the socket's receive queue and drops
 * (/proc/net/udp) every 100 ms, and prints one JSON line `@@TURNS {…}` to stderr at exit.
 *
 *   node --import ./benchmarks/perf/turn-probe.mjs bin/dhcpulse.js perf 198.19.0.1 -r 100000 \
 *     -R 50000 -p 3 --warm-up 1 --workers 1 --no-dashboard --json run.json
 *
 * With TURN_PROBE_LEVERS it also tries the levers of the issue without a change to src/, so
 * their effect can be measured before one is written (each one alone or together):
 *   read  — read the socket (the fast path's pump) between every two turns, also while the loop
 *           is behind its schedule (today it then goes straight to the next turn, and only
 *           node:dgram's watcher reads, at most 32 datagrams per event-loop turn: libuv's
 *           uv__udp_recvmsg);
 *   cap=N — start at most N new exchanges per turn;
 *   live=N — start no new exchange while N requests wait for their answers (admission control).
 *   e.g. TURN_PROBE_LEVERS=read,live=2000
 *
 * It patches the compiled engine (dist/) at run time: it reaches private members, so it follows
 * the code it was written against (engine.ts tick/scheduleNext, rate-control.ts due,
 * transport/udp.ts pump) and must be kept in step with them; it is a diagnosis aid, never shipped.
 */
import { readFileSync } from 'node:fs';

const dist = new URL('../../dist/', import.meta.url);
const { Engine } = await import(new URL('perf/engine.js', dist).href);
const { RateControl } = await import(new URL('perf/rate-control.js', dist).href);
const { UdpTransport } = await import(new URL('transport/udp.js', dist).href);

const nowUs = () => Number(process.hrtime.bigint()) / 1000;
/** Histogram bucket upper bounds (µs for times, a count for sends and reads). */
const BOUNDS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, Infinity];
const histogram = () => new Array(BOUNDS.length).fill(0);
const count = (h, v) => {
	let i = 0;
	while (v > BOUNDS[i]) i++;
	h[i]++;
};
const stats = { turns: 0, turnUs: 0, turnHist: histogram(), sendsPerTurnHist: histogram(), pumps: 0, pumped: 0, pumpHist: histogram(), series: [] };

/** This shard's socket in /proc/net/udp (local address and port in hex): its rx_queue and drops. */
function socketLine(local) {
	if (!local) return null;
	const [a, b, c, d] = local.address.split('.').map(Number);
	const key = `${((d << 24) | (c << 16) | (b << 8) | a).toString(16).toUpperCase().padStart(8, '0')}:${local.port.toString(16).toUpperCase().padStart(4, '0')}`;
	for (const l of readFileSync('/proc/net/udp', 'utf8').split('\n')) {
		const f = l.trim().split(/\s+/);
		if (f[1] === key) return { rxQueueBytes: parseInt(f[4].split(':')[1], 16), drops: Number(f[f.length - 1]) };
	}
	return null;
}

let engine = null;
let lastSampleUs = 0;
const tick = Engine.prototype.tick;
Engine.prototype.tick = function () {
	engine = this;
	const t0 = nowUs();
	const sent0 = this.transport.sent;
	tick.call(this);
	const us = nowUs() - t0;
	stats.turns++;
	stats.turnUs += us;
	count(stats.turnHist, us);
	count(stats.sendsPerTurnHist, this.transport.sent - sent0);
	if (t0 - lastSampleUs > 100_000) {
		lastSampleUs = t0;
		const s = this.transport.family === 4 ? socketLine(this.transport.local) : null;
		stats.series.push({ s: Math.round(this.nowS() * 1000) / 1000, sent: this.transport.sent, waiting: this.table.live, written: this.shape.skipped, turnUs: Math.round(us), ...s });
	}
};
const pump = UdpTransport.prototype.pump;
UdpTransport.prototype.pump = function (sleepUs) {
	const n = pump.call(this, sleepUs);
	if (n !== null) {
		stats.pumps++;
		stats.pumped += n;
		count(stats.pumpHist, n);
	}
	return n;
};

const levers = Object.fromEntries(
	(process.env.TURN_PROBE_LEVERS ?? '')
		.split(',')
		.filter(Boolean)
		.map((l) => l.split('=')),
);
if ('read' in levers) {
	// Behind schedule (nextMs 0) the loop takes the poll path too, whose pump reads every queued answer.
	Engine.prototype.scheduleNext = function (nextMs) {
		this.schedule(Math.min(20, nextMs));
	};
}
const cap = Number(levers.cap ?? 0);
const live = Number(levers.live ?? 0);
if (cap > 0 || live > 0) {
	const due = RateControl.prototype.due;
	RateControl.prototype.due = function (nowS) {
		// What is held back stays owed; past the catch-up bound (50 ms) it is written off, as today.
		let n = due.call(this, nowS);
		if (live > 0 && engine !== null && engine.table.live >= live) n = 0;
		if (cap > 0 && n > cap) n = cap;
		return n;
	};
}

process.on('exit', () => {
	// (The socket is closed by now: its last queue and drops are the series' last sample.)
	process.stderr.write(`@@TURNS ${JSON.stringify({ levers, bounds: BOUNDS.map(String), meanTurnUs: stats.turnUs / Math.max(1, stats.turns), ...stats })}\n`);
});
