/**
 * What the DHCPv4 and DHCPv6 probe flows share around the exchange engine: opening the path
 * (transport closed whatever happens), and one exchange with the probe's logging of what was sent
 * and what was ignored, and why.
 */
import * as dhcp4 from '../codec/dhcp4/index.js';
import * as dhcp6 from '../codec/dhcp6/index.js';
import { DecodeError } from '../wire/errors.js';
import { DebugLevel, getLogger, Msg } from '../log/index.js';
import type { Endpoint } from '../transport/types.js';
import { exchange, type ExchangeOptions, type ExchangeResult, type IgnoredCounts } from './exchange.js';
import { openPath, type OpenPath, type Path } from '../transport/path.js';

const log = getLogger('dhcpulse.probe');
const packets = getLogger('dhcpulse.packets');

/**
 * Debug level 55, "full packet contents" (Kea's DBGLVL_PKT_HANDLING): a datagram as one JSON
 * object in --json's form, or as hex when it does not decode. Built only when that level is on.
 */
export function logContents(family: 4 | 6, msg: typeof Msg.PACKET_CONTENTS_SENT | typeof Msg.PACKET_CONTENTS_RECEIVED, where: string, bytes: Uint8Array): void {
	if (!packets.isDebugEnabled(DebugLevel.PACKET_CONTENTS)) return;
	let contents: string;
	try {
		contents = JSON.stringify(family === 4 ? dhcp4.toJSON(dhcp4.decode(bytes)) : dhcp6.messageToJSON(dhcp6.decode(bytes)));
	} catch (error) {
		if (!(error instanceof DecodeError)) throw error;
		contents = `${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')} (${error.message} at offset ${error.offset})`;
	}
	packets.debug(DebugLevel.PACKET_CONTENTS, msg, where, bytes.length, contents);
}

/** `198.18.0.1:67`, `[2001:db8::1]:547`. */
export function endpointText(ep: Endpoint): string {
	return ep.address.includes(':') ? `[${ep.address}]:${ep.port}` : `${ep.address}:${ep.port}`;
}

/** Opens the path, logs its warnings, runs `body`, and always closes the transport. */
export async function withOpenPath<T>(path: Path, body: (open: OpenPath) => Promise<T>): Promise<T> {
	const open = await openPath(path);
	for (const w of open.warnings) log.warn(Msg.PROBE_WARNING, w);
	try {
		return await body(open);
	} finally {
		await open.transport.close();
	}
}

export interface ProbeTiming {
	tries: number;
	timeoutMs: number;
	signal?: AbortSignal;
}

/** All the datagrams ignored, whatever their class. */
export function ignoredTotal(counts: IgnoredCounts): number {
	return Object.values(counts).reduce((n, c) => n + c, 0);
}

/** One logged exchange over an open path; the datagrams that answered nothing of ours are counted by class into `ignoredBy`. */
export function probeExchange<R>(
	open: OpenPath,
	timing: ProbeTiming,
	spec: Pick<ExchangeOptions<R>, 'classify' | 'wait' | 'done'> & { bytes: Uint8Array; typeName: string; ignoredBy: IgnoredCounts },
): Promise<ExchangeResult<R>> {
	const { transport, to } = open;
	return exchange<R>({
		transport,
		to,
		request: () => spec.bytes,
		classify: (d) => {
			logContents(transport.family, Msg.PACKET_CONTENTS_RECEIVED, endpointText(d.from), d.payload);
			return spec.classify(d);
		},
		tries: timing.tries,
		timeoutMs: timing.timeoutMs,
		...(spec.wait !== undefined ? { wait: spec.wait } : {}),
		...(spec.done ? { done: spec.done } : {}),
		onIgnored: (d, why, cls) => {
			spec.ignoredBy[cls] = (spec.ignoredBy[cls] ?? 0) + 1;
			log.debug(DebugLevel.DROP_REASONS, Msg.PROBE_IGNORED, endpointText(d.from), why);
		},
		onSent: (attempt, b) => {
			log.debug(DebugLevel.PACKETS, Msg.PROBE_SENT, spec.typeName, endpointText(to), transport.description, attempt, b.length);
			logContents(transport.family, Msg.PACKET_CONTENTS_SENT, endpointText(to), b);
		},
		...(timing.signal ? { signal: timing.signal } : {}),
	});
}
