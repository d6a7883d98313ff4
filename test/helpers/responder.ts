/**
 * Runs test/helpers/dhcp4-responder.ts (a DHCPv4 responder that sends what no real server sends)
 * in a lab's server namespace, on an address of the routed segment the lab's server does not use,
 * for the tests of probes and load runs against untrusted servers. Its answers go to giaddr:67, so
 * it is reached through relay emulation.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { execInLab, type LabInfo } from './lab.js';

export const RESPONDER = '198.19.0.250';
const SCRIPT = fileURLToPath(new URL('./dhcp4-responder.ts', import.meta.url));

/** Gives the lab's server side the responder's address (once per lab). */
export async function addResponderAddress(info: LabInfo): Promise<void> {
	const r = await execInLab({ clientNetns: info.serverNetns }, ['ip', 'addr', 'add', `${RESPONDER}/16`, 'dev', info.serverRelayIface], 10_000);
	if (r.code !== 0) throw new Error(r.stderr);
}

interface Responder {
	/** Stops it; resolves to what it says it sent, by class. */
	stop(): Promise<Record<string, number>>;
}

async function startResponder(info: LabInfo, args: string[]): Promise<Responder> {
	const child = spawn('ip', ['netns', 'exec', info.serverNetns, process.execPath, '--import=tsx', SCRIPT, RESPONDER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	let out = '';
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (b: Buffer) => {
			out += b.toString();
			if (out.includes('ready\n')) resolve();
		});
		child.on('close', (code) => reject(new Error(`responder exited (${code}) before it was ready`)));
	});
	return {
		stop: async () => {
			const closed = new Promise((resolve) => child.once('close', resolve));
			child.kill('SIGTERM');
			await closed;
			const last = out.trim().split('\n').pop()!;
			return (JSON.parse(last) as { sent: Record<string, number> }).sent;
		},
	};
}

/** Runs `body` with a responder up; resolves to what the responder sent, by class. */
export async function withResponder(info: LabInfo, args: string[], body: () => Promise<void>): Promise<Record<string, number>> {
	const responder = await startResponder(info, args);
	let sent: Record<string, number> = {};
	try {
		await body();
	} finally {
		sent = await responder.stop();
	}
	return sent;
}

/** The client namespace's UDP receive-buffer drops (/proc/net/snmp, Udp RcvbufErrors): datagrams the kernel dropped before any socket read them. */
export async function rcvbufErrors(info: LabInfo): Promise<number> {
	const r = await execInLab(info, ['cat', '/proc/net/snmp'], 10_000);
	const [names, values] = r.stdout
		.split('\n')
		.filter((l) => l.startsWith('Udp: '))
		.map((l) => l.split(/\s+/));
	return Number(values![names!.indexOf('RcvbufErrors')]);
}
