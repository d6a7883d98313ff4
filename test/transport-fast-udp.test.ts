/**
 * The UDP fast path (native/fast_udp.c through src/transport/udp.ts): built by `npm ci`; sends
 * leave through one sendto and report a refusal at once; `pump` sleeps, then delivers every queued
 * datagram whole, in order, with its source;
 * with DHCPULSE_FAST_UDP=0 everything still works through node:dgram. All on loopback.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fastUdp } from '../src/transport/fast-udp.js';
import type { Received } from '../src/transport/types.js';
import { UdpTransport } from '../src/transport/udp.js';
import { runCli } from './helpers/cli.js';

async function sender(type: 'udp4' | 'udp6', address: string): Promise<Socket> {
	const s = createSocket(type);
	s.bind(0, address);
	await once(s, 'listening');
	return s;
}

function sendFrom(s: Socket, payload: Uint8Array, port: number, address: string): Promise<void> {
	return new Promise((resolve, reject) => s.send(payload, port, address, (e) => (e ? reject(e) : resolve())));
}

test('npm ci builds the fast path, and dhcpulse version says which UDP path it uses', async (t) => {
	t.not(fastUdp, null, 'build/Release/fast_udp.node loads (npm run build:native)');
	const fast = await runCli(['version']);
	t.regex(fast.stdout, /^udp: fast path \(native\/fast_udp\.c\)$/m);
	const off = await runCli(['version'], { env: { DHCPULSE_FAST_UDP: '0' } });
	t.regex(off.stdout, /^udp: node:dgram \(turned off by DHCPULSE_FAST_UDP=0\)$/m);
});

test('pump(0) delivers every queued datagram in order, whole, with its source, more than one read holds', async (t) => {
	const transport = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0 });
	const from = await sender('udp4', '127.0.0.1');
	try {
		const got: Received[] = [];
		transport.onReceive((d) => got.push(d));
		// 40 datagrams (a read takes 16), among them one of 60,000 bytes: none may be cut.
		const sizes = Array.from({ length: 40 }, (_, i) => (i === 7 ? 60_000 : 300 + i));
		for (const [i, size] of sizes.entries()) await sendFrom(from, new Uint8Array(size).fill(i), transport.local.port, '127.0.0.1');
		t.is(transport.pump(0), 40);
		t.deepEqual(
			got.map((d) => [d.payload.length, d.payload[0], d.payload[d.payload.length - 1]]),
			sizes.map((size, i) => [size, i, i]),
		);
		t.deepEqual(got[39]!.from, { address: '127.0.0.1', port: from.address().port });
		t.true(got.every((d) => typeof d.rxNs === 'bigint' && d.rxNs > 0n));
		// The receiver may keep a payload: the next read does not overwrite it.
		await sendFrom(from, new Uint8Array(300).fill(0xee), transport.local.port, '127.0.0.1');
		t.is(transport.pump(0), 1);
		t.is(got[0]!.payload[0], 0);
		t.is(got[40]!.payload[0], 0xee);
		t.is(transport.pump(0), 0, 'nothing queued: nothing delivered');
	} finally {
		from.close();
		await transport.close();
	}
});

test('a receive buffer larger than net.core.rmem_max is granted to a privileged process (SO_RCVBUFFORCE), so a stalled generator loses no answers', async (t) => {
	// The suite runs as root (CI, .ci/run): CAP_NET_ADMIN may exceed the cap SO_RCVBUF keeps to.
	const cap = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
	const asked = Math.max(32 * 1024 * 1024, 2 * cap);
	const transport = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0, recvBufferSize: asked });
	try {
		t.true(transport.receiveBufferBytes >= 2 * asked, `granted ${transport.receiveBufferBytes} bytes, asked ${asked} (rmem_max ${cap})`);
	} finally {
		await transport.close();
	}
});

test('pump sleeps first, then delivers what arrived while it slept, in the same call', async (t) => {
	const transport = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0 });
	// A worker sends as soon as it starts, while this thread is asleep in pump.
	const worker = new Worker(
		`const s = require('node:dgram').createSocket('udp4');
		s.send(Buffer.from('during the sleep'), require('node:worker_threads').workerData, '127.0.0.1', () => s.close());`,
		{ eval: true, workerData: transport.local.port },
	);
	try {
		await once(worker, 'online');
		const got: string[] = [];
		transport.onReceive((d) => got.push(d.payload.toString()));
		t.is(transport.pump(2_000_000), 1);
		t.deepEqual(got, ['during the sleep']);
	} finally {
		await worker.terminate();
		await transport.close();
	}
});

test("over IPv6 the source is the sender's address and port", async (t) => {
	const transport = await UdpTransport.open({ family: 6, address: '::1', port: 0 });
	const from = await sender('udp6', '::1');
	try {
		const got: Received[] = [];
		transport.onReceive((d) => got.push(d));
		await sendFrom(from, new Uint8Array([1, 2, 3]), transport.local.port, '::1');
		t.is(transport.pump(0), 1);
		t.deepEqual(got[0]!.from, { address: '::1', port: from.address().port });
		t.deepEqual([...got[0]!.payload], [1, 2, 3]);
	} finally {
		from.close();
		await transport.close();
	}
});

test('a send the kernel refuses is reported before trySend returns, with its errno name, and trySend says it was not sent', async (t) => {
	const transport = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0 });
	try {
		const errors: string[] = [];
		transport.onSendError((e, to) => errors.push(`${e.code} ${to.address}:${to.port}`));
		// A broadcast without SO_BROADCAST: sendto fails with EACCES. Sent means on the wire: it was not.
		t.false(transport.trySend(new Uint8Array(10), { address: '255.255.255.255', port: 9 }));
		t.deepEqual(errors, ['EACCES 255.255.255.255:9']);
		t.is(transport.onWire, 0);
		t.is(transport.pendingSends, 0);
		const refused = await t.throwsAsync(transport.send(new Uint8Array(10), { address: '255.255.255.255', port: 9 }));
		t.is((refused as NodeJS.ErrnoException).code, 'EACCES');
	} finally {
		await transport.close();
	}
});

test('with DHCPULSE_FAST_UDP=0 the transport has no pump and node:dgram carries every datagram', async (t) => {
	// The switch is read when the module loads, so this runs in a process of its own.
	const script = `
		import { UdpTransport } from './src/transport/udp.ts';
		const a = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0 });
		const b = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0 });
		const got = new Promise((resolve) => b.onReceive((d) => resolve([...d.payload])));
		await a.send(new Uint8Array([4, 5, 6]), b.local);
		console.log(JSON.stringify({ pump: b.pump(0), got: await got }));
		await a.close();
		await b.close();`;
	const child = spawnSync(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], {
		env: { ...process.env, DHCPULSE_FAST_UDP: '0' },
		encoding: 'utf8',
		timeout: 20_000,
	});
	t.is(child.status, 0, child.stderr);
	t.deepEqual(JSON.parse(child.stdout), { pump: null, got: [4, 5, 6] });
});
