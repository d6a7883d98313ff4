/**
 * Which client holds which address, for perfdhcp's -u (address uniqueness) and -x l (print the
 * leases). The exchange logic of each shard notes every lease it was granted and every release it
 * sent as plain events (they cross from worker threads as is); the coordinator applies them all
 * here, so an address two shards' clients were both given is caught too. A server must never
 * lease one address to two clients at once (RFC 2131 §4.3.1: the address is "not currently
 * allocated"; RFC 8415 §18.3.2): each such address is reported with every client that got it.
 * Unlike perfdhcp's check (any address seen twice), a client given its own address again is no
 * duplicate, and an address released (-F) may go to another client.
 */

/** A lease granted (ACK / REPLY) or released (RELEASE sent): [kind, client identity, address]. */
export type LeaseEvent = readonly [kind: 'lease' | 'release', client: string, address: string];

export interface DuplicateAddress {
	address: string;
	/** The clients it was leased to, in the order they got it (MAC, or DUID in hex). */
	clients: string[];
}

export class LeaseBook {
	/** Address → its current holder. */
	private readonly holders = new Map<string, string>();
	private readonly dup = new Map<string, string[]>();
	/** Leases granted, releases included, in arrival order. */
	readonly granted: [client: string, address: string][] = [];

	apply(events: readonly LeaseEvent[]): void {
		for (const [kind, client, address] of events) {
			const holder = this.holders.get(address);
			if (kind === 'release') {
				if (holder === client) this.holders.delete(address);
				continue;
			}
			this.granted.push([client, address]);
			if (holder !== undefined && holder !== client) {
				const clients = this.dup.get(address) ?? [holder];
				if (!clients.includes(client)) clients.push(client);
				this.dup.set(address, clients);
			}
			this.holders.set(address, client);
		}
	}

	/** Addresses leased at least once. */
	get addresses(): number {
		return new Set(this.granted.map(([, a]) => a)).size;
	}

	/** Every address leased to two clients or more. */
	duplicates(): DuplicateAddress[] {
		return [...this.dup].map(([address, clients]) => ({ address, clients }));
	}
}
