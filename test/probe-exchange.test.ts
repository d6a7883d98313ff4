import dgram from 'node:dgram';
import test from 'ava';
import { exchange } from '../src/probe/exchange.js';
import type { Endpoint, PacketTap, Received, Transport } from '../src/transport/types.js';

/**
 * An in-memory transport standing in for the network: `script` decides, per transmission,
 * which answers come back and after how many ms. This tests the engine's timing logic only;
 * DHCP behaviour is tested against real servers in the probe tests.
 */
class ScriptedTransport implements Transport {
	readonly family = 4 as const;
	readonly local = { address: '0.0.0.0', port: 68 };
	readonly description = 'scripted';
	readonly pendingSends = 0;
	sent: Uint8Array[] = [];
	get onWire(): number {
		return this.sent.length;
	}
	private handler: (d: Received) => void = () => {};
	constructor(
		private readonly script: (n: number) => { payload: string; from: string; afterMs: number }[],
		private readonly failWith?: NodeJS.ErrnoException,
	) {}
	onReceive(h: (d: Received) => void): void {
		this.handler = h;
	}
	deliver(d: Received): void {
		this.handler(d);
	}
	onSendError(): void {}
	setTap(_t: PacketTap | undefined): void {}
	trySend(): boolean {
		return false;
	}
	async send(payload: Uint8Array, _to: Endpoint): Promise<void> {
		if (this.failWith) throw this.failWith;
		this.sent.push(payload);
		for (const r of this.script(this.sent.length)) {
			setTimeout(() => this.handler({ payload: Buffer.from(r.payload), from: { address: r.from, port: 67 }, rxNs: process.hrtime.bigint(), queuedUs: -1 }), r.afterMs);
		}
	}
	async close(): Promise<void> {}
}

const classify = (d: Received) => (d.payload.toString().startsWith('ok') ? ({ kind: 'reply', reply: d.payload.toString() } as const) : ({ kind: 'ignored', class: 'not-dhcp', reason: 'not for us' } as const));

test('returns on the first matching reply, ignoring others, without retransmitting', async (t) => {
	const tr = new ScriptedTransport(() => [
		{ payload: 'noise', from: '10.0.0.9', afterMs: 5 },
		{ payload: 'ok-1', from: '10.0.0.1', afterMs: 20 },
	]);
	const ignored: string[] = [];
	const r = await exchange({ transport: tr, to: { address: '255.255.255.255', port: 67 }, request: () => Buffer.from('req'), classify, tries: 3, timeoutMs: 2000, onIgnored: (_d, why) => ignored.push(why) });
	t.is(r.ended, 'replied');
	t.is(r.attempts, 1);
	t.is(tr.sent.length, 1);
	t.deepEqual(
		r.replies.map((x) => x.reply),
		['ok-1'],
	);
	t.deepEqual(ignored, ['not for us']);
	t.true(r.replies[0]!.latencyUs > 0);
});

test('retransmits with a doubling wait until the tries run out, then times out', async (t) => {
	const tr = new ScriptedTransport(() => []);
	const attempts: number[] = [];
	const r = await exchange({ transport: tr, to: { address: '10.0.0.1', port: 67 }, request: (n) => Buffer.from(`req${n}`), classify, tries: 3, timeoutMs: 20, onSent: (n) => attempts.push(n) });
	t.is(r.ended, 'timeout');
	t.is(r.attempts, 3);
	t.deepEqual(attempts, [1, 2, 3]);
	t.deepEqual(
		tr.sent.map((b) => Buffer.from(b).toString()),
		['req1', 'req2', 'req3'],
	);
});

test('a reply to a retransmission is credited to that attempt', async (t) => {
	const tr = new ScriptedTransport((n) => (n === 2 ? [{ payload: 'ok-late', from: '10.0.0.1', afterMs: 0 }] : []));
	// Two tries, and the reply timer (0 ms) always expires before the 60 ms wait: no race with a third transmission.
	const r = await exchange({ transport: tr, to: { address: '10.0.0.1', port: 67 }, request: () => Buffer.from('req'), classify, tries: 2, timeoutMs: 30 });
	t.is(r.ended, 'replied');
	t.is(r.attempts, 2);
	t.is(r.replies[0]!.attempt, 2);
});

test('with wait, every server that answers within the window is collected', async (t) => {
	const tr = new ScriptedTransport(() => [
		{ payload: 'ok-a', from: '10.0.0.1', afterMs: 5 },
		{ payload: 'ok-b', from: '10.0.0.2', afterMs: 30 },
	]);
	const r = await exchange({ transport: tr, to: { address: '255.255.255.255', port: 67 }, request: () => Buffer.from('req'), classify, tries: 2, timeoutMs: 200, wait: true });
	t.is(r.ended, 'replied');
	t.deepEqual(r.replies.map((x) => x.from.address).sort(), ['10.0.0.1', '10.0.0.2']);
	t.is(tr.sent.length, 1, 'no retransmission once an answer arrived');
});

test('done() ends the exchange early', async (t) => {
	const tr = new ScriptedTransport(() => [{ payload: 'ok-nak', from: '10.0.0.1', afterMs: 5 }]);
	const r = await exchange({
		transport: tr,
		to: { address: '10.0.0.1', port: 67 },
		request: () => Buffer.from('req'),
		classify,
		tries: 1,
		timeoutMs: 5000,
		wait: true,
		done: (rs) => rs.some((x) => x.reply === 'ok-nak'),
	});
	t.is(r.ended, 'done');
});

test('an abort signal ends the exchange with what was collected', async (t) => {
	const tr = new ScriptedTransport(() => []);
	const controller = new AbortController();
	setTimeout(() => controller.abort(), 20);
	const r = await exchange({ transport: tr, to: { address: '10.0.0.1', port: 67 }, request: () => Buffer.from('req'), classify, tries: 1, timeoutMs: 60_000, signal: controller.signal });
	t.is(r.ended, 'aborted');
	t.is(r.replies.length, 0);
});

test('a failing send is thrown to the caller rather than waited out', async (t) => {
	const error = Object.assign(new Error('send ENETUNREACH'), { code: 'ENETUNREACH' });
	const tr = new ScriptedTransport(() => [], error);
	await t.throwsAsync(exchange({ transport: tr, to: { address: '10.0.0.1', port: 67 }, request: () => Buffer.from('req'), classify, tries: 3, timeoutMs: 60_000 }), { message: 'send ENETUNREACH' });
});

test('a reply that reached the socket by the deadline counts, even when the deadline timer runs first', async (t) => {
	// A real loopback socket receives the reply. It is sent from a timer due at the same moment as
	// the exchange's wait, so both callbacks run in one timers phase: the datagram is in the kernel
	// before the deadline fires, but the loop has not polled for it yet (what a descheduled VM does).
	const inbox = dgram.createSocket('udp4');
	const sender = dgram.createSocket('udp4');
	await new Promise<void>((r) => inbox.bind(0, '127.0.0.1', r));
	const port = inbox.address().port;
	const tr = new ScriptedTransport(() => []);
	inbox.on('message', (payload, rinfo) => tr.deliver({ payload, from: { address: rinfo.address, port: rinfo.port }, rxNs: process.hrtime.bigint(), queuedUs: -1 }));
	const timeoutMs = 50;
	try {
		const r = await exchange({
			transport: tr,
			to: { address: '127.0.0.1', port },
			request: () => Buffer.from('req'),
			classify,
			tries: 1,
			timeoutMs,
			onSent: () => setTimeout(() => sender.send('ok-at-the-deadline', port, '127.0.0.1'), timeoutMs),
		});
		t.is(r.ended, 'replied');
		t.deepEqual(
			r.replies.map((x) => x.reply),
			['ok-at-the-deadline'],
		);
	} finally {
		inbox.close();
		sender.close();
	}
});
