/**
 * What every transport offers the exchange engines (probe, perf): datagrams in and out, with a
 * receive timestamp taken first thing in the receive callback (monotonic, ns), a bounded send
 * window so a fast sender never builds an unbounded queue, and a tap for capture files.
 */

export interface Endpoint {
	address: string;
	port: number;
}

export interface Received {
	/** The UDP payload. The transport hands over a buffer the receiver may keep. */
	payload: Buffer;
	from: Endpoint;
	/** Destination of the datagram when the transport knows it (raw sockets do). */
	to?: Endpoint;
	/** process.hrtime.bigint() when the datagram was read from the socket. */
	rxNs: bigint;
	/**
	 * How long the datagram lay in the socket's receive queue before it was read, µs, from the
	 * kernel's arrival stamp (SO_TIMESTAMPNS; the UDP fast path's reads); −1 when unknown.
	 * `rxNs` less this is when it arrived: the answer's time, whatever the reader was doing.
	 */
	queuedUs: number;
}

/** One datagram crossing the transport, for capture writers. */
export interface TappedPacket {
	direction: 'out' | 'in';
	family: 4 | 6;
	src: Endpoint;
	dst: Endpoint;
	payload: Uint8Array;
	/** Wall-clock time of the event in ns since the epoch (for pcap timestamps). */
	wallNs: bigint;
}

export type PacketTap = (packet: TappedPacket) => void;

export interface Transport {
	/** Human description for logs and reports, e.g. `relay 198.19.0.2:67 (udp4)`. */
	readonly description: string;
	readonly family: 4 | 6;
	/** The local address and port replies arrive at. */
	readonly local: Endpoint;
	/** Datagrams handed to the kernel whose completion has not been reported yet. */
	readonly pendingSends: number;
	/** Datagrams the kernel took so far. */
	readonly onWire: number;
	/** Sets the single receive handler (engines demultiplex themselves). */
	onReceive(handler: (datagram: Received) => void): void;
	/**
	 * Errors from sends (ENOBUFS, EHOSTUNREACH, …): the engine counts and logs them. `atOnce`: the
	 * kernel refused the datagram within trySend, which returned false (the caller counted it).
	 */
	onSendError(handler: (error: NodeJS.ErrnoException, to: Endpoint, atOnce: boolean) => void): void;
	/**
	 * Queues one datagram without waiting. Returns false, and queues nothing, when the send
	 * window is full or the kernel refused it at once; the caller decides whether that is
	 * back-pressure or a lost send.
	 */
	trySend(payload: Uint8Array, to: Endpoint): boolean;
	/** Sends one datagram and resolves once the kernel took it (rejects with the send error). */
	send(payload: Uint8Array, to: Endpoint): Promise<void>;
	/**
	 * Sleeps `sleepUs`, then delivers every datagram queued, in this call; returns how many. Null
	 * when the transport cannot (no fast path): the caller sleeps its own way and datagrams arrive
	 * on the next turn of the event loop.
	 */
	pump?(sleepUs: number): number | null;
	/** Observes every datagram sent and received (for `--pcap`). */
	setTap(tap: PacketTap | undefined): void;
	close(): Promise<void>;
}

/** Wall-clock ns since the epoch with µs precision, for capture timestamps. */
export function wallClockNs(): bigint {
	return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
