/**
 * One transport that sends through its first socket and receives from all of them: for a probe
 * whose answer may come back to more than one place, e.g. a relayed DHCPINFORM, which a server
 * answers either at the relay's giaddr:67 (RFC 2131 §4.1) or at the client's ciaddr:68 (RFC 2131
 * §4.3.5; Kea does the latter). The engines still see one transport with one receive handler.
 */
import type { Endpoint, PacketTap, Received, Transport } from './types.js';

export class MergedTransport implements Transport {
	readonly description: string;

	constructor(
		private readonly sender: Transport,
		private readonly others: readonly Transport[],
	) {
		this.description = [sender, ...others].map((t) => t.description).join(' + ');
	}

	get family(): 4 | 6 {
		return this.sender.family;
	}

	get local(): Endpoint {
		return this.sender.local;
	}

	get pendingSends(): number {
		return this.sender.pendingSends;
	}

	get onWire(): number {
		return this.sender.onWire;
	}

	onReceive(handler: (datagram: Received) => void): void {
		for (const t of [this.sender, ...this.others]) t.onReceive(handler);
	}

	onSendError(handler: (error: NodeJS.ErrnoException, to: Endpoint, atOnce: boolean) => void): void {
		this.sender.onSendError(handler);
	}

	trySend(payload: Uint8Array, to: Endpoint): boolean {
		return this.sender.trySend(payload, to);
	}

	send(payload: Uint8Array, to: Endpoint): Promise<void> {
		return this.sender.send(payload, to);
	}

	setTap(tap: PacketTap | undefined): void {
		for (const t of [this.sender, ...this.others]) t.setTap(tap);
	}

	async close(): Promise<void> {
		await Promise.all([this.sender, ...this.others].map((t) => t.close()));
	}
}
