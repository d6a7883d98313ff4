/**
 * Bounded pools of leases acquired by completed exchanges, which renew (-f) and release (-F)
 * reuse, as perfdhcp reuses cached ACKs and Replies (perfdhcp(8), -f and -F). A full pool
 * replaces a random lease, so memory stays fixed however long the run.
 */
import { mulberry32 } from '../prng.js';

/** DHCPv4 leases: client index, leased address and the server identifier that granted it. */
export class LeasePool4 {
	readonly capacity: number;
	private readonly clients: Uint32Array;
	private readonly addresses: Uint32Array;
	private readonly servers: Uint32Array;
	size = 0;
	private readonly random: () => number;

	constructor(capacity = 65536, seed = 1) {
		this.capacity = capacity;
		this.clients = new Uint32Array(capacity);
		this.addresses = new Uint32Array(capacity);
		this.servers = new Uint32Array(capacity);
		this.random = mulberry32(seed);
	}

	add(client: number, address: number, server: number): void {
		const i = this.size < this.capacity ? this.size++ : Math.floor(this.random() * this.capacity);
		this.clients[i] = client;
		this.addresses[i] = address;
		this.servers[i] = server;
	}

	/** A random lease's index, or -1 when the pool is empty. */
	pick(): number {
		return this.size === 0 ? -1 : Math.floor(this.random() * this.size);
	}

	client(i: number): number {
		return this.clients[i]!;
	}

	address(i: number): number {
		return this.addresses[i]!;
	}

	server(i: number): number {
		return this.servers[i]!;
	}

	/** Removes lease `i` (a released lease is not renewed later). */
	remove(i: number): void {
		const last = --this.size;
		this.clients[i] = this.clients[last]!;
		this.addresses[i] = this.addresses[last]!;
		this.servers[i] = this.servers[last]!;
	}
}

/** DHCPv6 leases: the server's REPLY bytes (client message, relay wrappers removed), to answer with RENEW / RELEASE. */
export class LeasePool6 {
	static readonly SLOT = 1024;
	readonly capacity: number;
	readonly bytes: Uint8Array;
	private readonly lengths: Uint16Array;
	private readonly clients: Uint32Array;
	size = 0;
	private readonly random: () => number;

	constructor(capacity = 8192, seed = 1) {
		this.capacity = capacity;
		this.bytes = new Uint8Array(capacity * LeasePool6.SLOT);
		this.lengths = new Uint16Array(capacity);
		this.clients = new Uint32Array(capacity);
		this.random = mulberry32(seed);
	}

	/** Keeps a copy of `buf[start, end)`; a REPLY longer than a slot is not kept. */
	add(client: number, buf: Uint8Array, start: number, end: number): void {
		const n = end - start;
		if (n > LeasePool6.SLOT) return;
		const i = this.size < this.capacity ? this.size++ : Math.floor(this.random() * this.capacity);
		const at = i * LeasePool6.SLOT;
		for (let k = 0; k < n; k++) this.bytes[at + k] = buf[start + k]!;
		this.lengths[i] = n;
		this.clients[i] = client;
	}

	pick(): number {
		return this.size === 0 ? -1 : Math.floor(this.random() * this.size);
	}

	start(i: number): number {
		return i * LeasePool6.SLOT;
	}

	length(i: number): number {
		return this.lengths[i]!;
	}

	client(i: number): number {
		return this.clients[i]!;
	}

	remove(i: number): void {
		const last = --this.size;
		if (i !== last) {
			this.bytes.copyWithin(i * LeasePool6.SLOT, last * LeasePool6.SLOT, last * LeasePool6.SLOT + this.lengths[last]!);
			this.lengths[i] = this.lengths[last]!;
			this.clients[i] = this.clients[last]!;
		}
	}
}
