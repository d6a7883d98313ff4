/**
 * The client lifecycle (`--lifecycle`, `--scenario lifecycle`; issue #25): new clients start at -r
 * as in the basic shape (paced by its RateControl, through admission control), and every client
 * that got a lease then lives through it on the schedule client-events.ts keeps: renew at T1,
 * rebind at T2, release when it leaves, a fraction declining, informing or (DHCPv6) confirming;
 * a renew or rebind not answered is retried as each family's RFC says. The clients' events
 * are follow-ups: they never wait for admission control. Each turn of the sending loop (at most
 * 20 ms apart, ShapeHost.scheduleNext) and each read of answers sends the events due, so an event
 * is late by one turn at most. Sending ends at -p; the drain then waits for the last answers.
 */
import { ClientLifecycles } from '../client-events.js';
import { BasicShape } from './basic.js';
import type { ShapeHost, ShapeSpec } from './shape.js';

class ClientLifecycleShape extends BasicShape {
	private readonly clients: ClientLifecycles;

	constructor(h: ShapeHost) {
		super(h);
		const logic = h.exchanges.clientLifecycle;
		// Both families' exchange logic has it whenever the shape is this one (engine.ts).
		if (!logic) throw new Error('--lifecycle needs the exchange logic of a lifecycle run');
		const s = h.settings;
		this.clients = new ClientLifecycles(
			{
				first: s.clientFirst,
				count: s.clientCount,
				timeScale: s.timeScale,
				holdS: s.holdS,
				declinePct: s.declinePct,
				informPct: s.informPct,
				confirmPct: s.confirmPct,
				retry: s.family === 4 ? 'rfc2131' : 'rfc8415',
				seed: h.seed,
			},
			logic,
		);
		logic.listener = {
			onLease: (client, address, server, leaseS, t1S, t2S, fresh) => this.clients.onLease(client, address, server, leaseS, t1S, t2S, fresh, h.nowS()),
			onLost: (client) => this.clients.onLost(client, h.nowS()),
		};
	}

	get restarts(): number {
		return this.clients.counts.restarts;
	}

	override turn(nowUs: number): void {
		this.clients.runDue(nowUs / 1e6);
		super.turn(nowUs);
	}

	override afterReceive(nowUs: number): void {
		this.clients.runDue(nowUs / 1e6);
		super.afterReceive(nowUs);
	}
}

const LIVES = "the clients renew, rebind and release on their leases' own timers";

export const clientLifecycle: ShapeSpec = {
	name: 'lifecycle',
	refuses: [
		['renew-rate', LIVES],
		['release-rate', LIVES],
		['two-way', 'a client needs its lease to live through it'],
		['num-request', 'the clients live until -p ends the run'],
		['preload', 'uncounted clients would renew counted'],
		['warm-up', 'uncounted clients would renew counted'],
		['warm-up-rate', 'uncounted clients would renew counted'],
	],
	create: (host) => new ClientLifecycleShape(host),
};
