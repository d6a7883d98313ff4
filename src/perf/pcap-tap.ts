/**
 * `--pcap FILE`: every datagram the engine sends and receives, as raw-IP records (LINKTYPE 101)
 * with synthesized IPv4/IPv6 and UDP headers (src/net/build.ts), so Wireshark and tcpdump read
 * them as the packets that crossed the socket.
 *
 * With worker threads, each worker writes its own part file (`FILE.wN`) — posting every packet
 * to the main thread would cost more than the sends themselves — and the coordinator merges the
 * parts into FILE in timestamp order at the end of the run, then removes them. Writers flush
 * synchronously, so the file is complete after SIGINT too (the run still ends through the
 * coordinator's orderly stop).
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { buildIPv4Udp, buildIPv6Udp } from '../net/build.js';
import { readCapture } from '../pcap/reader.js';
import { PcapWriter } from '../pcap/writer.js';
import type { PacketTap, TappedPacket } from '../transport/types.js';
import { UserError } from '../exit-codes.js';
import { outputError } from '../os/output-error.js';

function unscoped(address: string): string {
	const i = address.indexOf('%');
	return i < 0 ? address : address.slice(0, i);
}

/** The IP packet a tapped datagram travelled in. */
export function packetOf(p: TappedPacket): Uint8Array {
	const input = { src: unscoped(p.src.address), dst: unscoped(p.dst.address), sport: p.src.port, dport: p.dst.port, payload: p.payload };
	return p.family === 4 ? buildIPv4Udp(input) : buildIPv6Udp(input);
}

export class PcapTap {
	private readonly writer: PcapWriter;
	/**
	 * Why writing stopped (a full disk, say), or null: a write error inside a send or a receive
	 * must not break the load run, so the capture stops there and the run reports it at its end.
	 */
	error: string | null = null;

	constructor(private readonly path: string) {
		try {
			this.writer = PcapWriter.open(path);
		} catch (error) {
			// The file header is written at once: a full disk is found here, before the run starts.
			throw error instanceof UserError ? error : outputError('--pcap', path, 'write', error);
		}
	}

	readonly tap: PacketTap = (p) => {
		if (this.error !== null) return;
		try {
			this.writer.write(packetOf(p), p.wallNs);
		} catch (error) {
			this.fail(error);
		}
	};

	get records(): number {
		return this.writer.recordCount;
	}

	close(): void {
		try {
			this.writer.close();
		} catch (error) {
			this.fail(error);
		}
	}

	private fail(error: unknown): void {
		this.error ??= `${this.path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
	}
}

/** The part file worker `shard` writes for `path`. */
export function partPath(path: string, shard: number): string {
	return `${path}.w${shard}`;
}

/** Merges part files into `path` in timestamp order and removes them; returns the number of records. */
export function mergeParts(path: string, parts: string[]): number {
	const records: { ts: bigint; data: Uint8Array; orig: number }[] = [];
	for (const part of parts) {
		let bytes: Buffer;
		try {
			bytes = readFileSync(part);
		} catch {
			continue;
		}
		for (const r of readCapture(bytes)) records.push({ ts: r.timestamp, data: r.data, orig: r.origLength });
	}
	records.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
	const writer = PcapWriter.open(path);
	for (const r of records) writer.write(r.data, r.ts, r.orig);
	writer.close();
	for (const part of parts) {
		try {
			unlinkSync(part);
		} catch {
			// already gone
		}
	}
	return records.length;
}
