import test from 'ava';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

// Two throw-away namespaces joined by veth pairs: `a` plays the server, `b` the client. `b` has
// no IPv4 address on the on-link pair (like a client before its first lease) and 198.19.0.2 on
// the second pair (like a relay agent).
const NS_A = 'dpl-ttest-a';
const NS_B = 'dpl-ttest-b';
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let echoOnLink: ChildProcess | undefined;
let echoRelay: ChildProcess | undefined;

function ip(...args: string[]): void {
	execFileSync('ip', args, { stdio: 'pipe' });
}

function cleanup(): void {
	for (const ns of [NS_A, NS_B]) {
		try {
			ip('netns', 'del', ns);
		} catch {}
	}
}

async function startEcho(iface: string): Promise<ChildProcess> {
	const child = spawn('ip', ['netns', 'exec', NS_A, 'python3', '-u', `${FIXTURES}udp-echo-server.py`, iface], { stdio: ['ignore', 'pipe', 'inherit'] });
	await once(child.stdout!, 'data');
	return child;
}

test.before(async () => {
	cleanup();
	ip('netns', 'add', NS_A);
	ip('netns', 'add', NS_B);
	ip('-n', NS_A, 'link', 'add', 'tt0', 'type', 'veth', 'peer', 'name', 'tt0', 'netns', NS_B);
	ip('-n', NS_A, 'link', 'add', 'tt1', 'type', 'veth', 'peer', 'name', 'tt1', 'netns', NS_B);
	for (const ns of [NS_A, NS_B]) for (const dev of ['lo', 'tt0', 'tt1']) ip('-n', ns, 'link', 'set', dev, 'up');
	ip('-n', NS_A, 'addr', 'add', '198.18.0.1/16', 'dev', 'tt0');
	ip('-n', NS_A, 'addr', 'add', '198.19.0.1/16', 'dev', 'tt1');
	// scope link: the kernel must not lend this address to raw sends with a zero source on tt0.
	ip('-n', NS_B, 'addr', 'add', '198.19.0.2/16', 'dev', 'tt1', 'scope', 'link');
	echoOnLink = await startEcho('tt0');
	echoRelay = await startEcho('tt1');
});

test.after.always(() => {
	echoOnLink?.kill('SIGKILL');
	echoRelay?.kill('SIGKILL');
	cleanup();
});

function runClient(...args: string[]): { result: any; taps: string[]; local: { address: string; port: number } } {
	const out = execFileSync('ip', ['netns', 'exec', NS_B, process.execPath, '--import=tsx', `${FIXTURES}transport-client.ts`, ...args], {
		timeout: 20_000,
		encoding: 'utf8',
	});
	return JSON.parse(out.trim().split('\n').pop()!);
}

test('the raw on-link transport sends from 0.0.0.0:68 on an unnumbered interface and reads the broadcast reply', (t) => {
	const { result, taps, local } = runClient('raw', 'tt0', '255.255.255.255');
	t.deepEqual(local, { address: '0.0.0.0', port: 68 });
	t.truthy(result, 'a reply arrived');
	t.is(result.payload, 'pchd-olleh');
	// The echo saw our source as 0.0.0.0 (else it would have unicast the reply), and broadcast back.
	t.deepEqual(result.from, { address: '198.18.0.1', port: 67 });
	t.deepEqual(result.to, { address: '255.255.255.255', port: 68 });
	t.true(result.hasTime);
	t.deepEqual(taps, ['out', 'in']);
});

test('the UDP transport acts as a relay: bound to its address on port 67, unicast both ways', (t) => {
	const { result, local } = runClient('udp', '198.19.0.2', '198.19.0.1');
	t.deepEqual(local, { address: '198.19.0.2', port: 67 });
	t.is(result.payload, 'pchd-olleh');
	t.deepEqual(result.from, { address: '198.19.0.1', port: 67 });
});

test('binding an address the host does not have is a one-line error naming it', async (t) => {
	const { UdpTransport } = await import('../src/transport/udp.js');
	const error = await t.throwsAsync(UdpTransport.open({ family: 4, address: '198.51.100.77', port: 6767 }));
	t.regex(error!.message, /binding UDP 198\.51\.100\.77:6767: that address is not configured/);
});

test('a raw transport on a missing interface is a one-line error', async (t) => {
	const { RawV4Transport } = await import('../src/transport/raw4.js');
	const error = await t.throwsAsync(RawV4Transport.open({ iface: 'nosuchif0' }));
	t.is(error!.message, '--iface nosuchif0: no such interface');
});

/**
 * A UDP receiver on loopback in a worker thread, so it reads while this thread is blocked. Each
 * datagram sets `arrived[0]` (and wakes Atomics.wait on it) and is posted back with its source.
 */
async function loopbackReceiver(): Promise<{ port: number; arrived: Int32Array; worker: import('node:worker_threads').Worker }> {
	const { Worker } = await import('node:worker_threads');
	const arrived = new Int32Array(new SharedArrayBuffer(4));
	const worker = new Worker(
		`const { workerData, parentPort } = require('node:worker_threads');
		const s = require('node:dgram').createSocket('udp4');
		s.on('message', (m, r) => {
			Atomics.store(workerData, 0, 1);
			Atomics.notify(workerData, 0);
			parentPort.postMessage({ got: [...m], from: r.address });
		});
		s.bind(0, '127.0.0.1', () => parentPort.postMessage(s.address().port));`,
		{ eval: true, workerData: arrived },
	);
	const [port] = (await once(worker, 'message')) as [number];
	return { port, arrived, worker };
}

test('a datagram to an address literal is with the kernel before trySend returns (no lookup deferred to the next tick)', async (t) => {
	const { UdpTransport } = await import('../src/transport/udp.js');
	const transport = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0 });
	const { port, arrived, worker } = await loopbackReceiver();
	try {
		t.true(transport.trySend(new Uint8Array([1, 2, 3]), { address: '127.0.0.1', port }));
		// The load generator naps between loop turns (Atomics.wait, as here): a send left for the
		// next tick would leave only after the nap. Nothing queued on this thread can run meanwhile.
		Atomics.wait(arrived, 0, 0, 10_000);
		t.is(Atomics.load(arrived, 0), 1, 'the receiver read the datagram while the sending thread was still blocked');
	} finally {
		await worker.terminate();
		await transport.close();
	}
});

test('a destination given by name is still looked up (dns.lookup), and the datagram arrives', async (t) => {
	const { UdpTransport } = await import('../src/transport/udp.js');
	const transport = await UdpTransport.open({ family: 4, address: '127.0.0.1', port: 0 });
	const { port, worker } = await loopbackReceiver();
	try {
		const message = once(worker, 'message');
		await transport.send(new Uint8Array([9, 8]), { address: 'localhost', port });
		t.deepEqual((await message)[0], { got: [9, 8], from: '127.0.0.1' });
	} finally {
		await worker.terminate();
		await transport.close();
	}
});
