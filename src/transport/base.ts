/**
 * What every socket-backed transport does the same way: one receive handler, one send-error
 * handler, the capture tap, the send window and the closed flag. A transport supplies only how a
 * datagram goes out (`transmit`) and how its socket closes; receiving stays in the subclass,
 * where the receive timestamp must be taken first thing (anchors-ecosystem B5).
 */
import { DebugLevel, getLogger, Msg } from '../log/index.js';
import { wallClockNs, type Endpoint, type PacketTap, type Received, type Transport } from './types.js';

const transportLog = getLogger('dhcpulse.transport');

export abstract class SocketTransport implements Transport {
	abstract readonly family: 4 | 6;
	abstract readonly local: Endpoint;
	abstract readonly description: string;
	protected pending = 0;
	/** Datagrams the kernel took. */
	onWire = 0;
	protected closed = false;
	protected receiveHandler: (d: Received) => void = () => {};
	protected sendErrorHandler: (error: NodeJS.ErrnoException, to: Endpoint, atOnce: boolean) => void = () => {};
	protected tap: PacketTap | undefined;

	/** Most datagrams handed to the kernel and not yet completed. */
	protected constructor(private readonly window: number) {}

	/** Hands one datagram to the socket; `done` runs when the kernel took it or refused it. */
	protected abstract transmit(payload: Uint8Array, to: Endpoint, done: (error: NodeJS.ErrnoException | null) => void): void;

	/** Closes the socket itself (called once, after `closed` is set). */
	protected abstract closeSocket(): Promise<void>;

	get pendingSends(): number {
		return this.pending;
	}

	onReceive(handler: (datagram: Received) => void): void {
		this.receiveHandler = handler;
	}

	onSendError(handler: (error: NodeJS.ErrnoException, to: Endpoint, atOnce: boolean) => void): void {
		this.sendErrorHandler = handler;
	}

	setTap(tap: PacketTap | undefined): void {
		this.tap = tap;
	}

	/** Delivers a received datagram to the tap and the handler. */
	protected deliver(datagram: Received, to: Endpoint): void {
		if (this.tap) this.tap({ direction: 'in', family: this.family, src: datagram.from, dst: to, payload: datagram.payload, wallNs: wallClockNs() });
		this.receiveHandler(datagram);
	}

	trySend(payload: Uint8Array, to: Endpoint): boolean {
		if (this.closed || this.pending >= this.window) return false;
		// A send the kernel refuses within the call (the fast path's sendto: ENETUNREACH, EACCES …)
		// never left: false, so the caller counts it as a send error, never as sent.
		let inCall = true;
		let refused: NodeJS.ErrnoException | null = null;
		this.out(payload, to, (error) => {
			if (!error) return;
			if (inCall) refused = error;
			else this.sendErrorHandler(error, to, false);
		});
		inCall = false;
		if (refused === null) return true;
		this.sendErrorHandler(refused, to, true);
		return false;
	}

	send(payload: Uint8Array, to: Endpoint): Promise<void> {
		if (this.closed) return Promise.reject(new Error(`${this.description} is closed`));
		return new Promise((resolve, reject) => this.out(payload, to, (error) => (error ? reject(error) : resolve())));
	}

	private out(payload: Uint8Array, to: Endpoint, done: (error: NodeJS.ErrnoException | null) => void): void {
		this.pending++;
		// Captured as sent only once the kernel took it: a refused datagram is not on the wire.
		const wallNs = this.tap ? wallClockNs() : 0n;
		this.transmit(payload, to, (error) => {
			this.pending--;
			if (!error) this.onWire++;
			if (!error && this.tap) this.tap({ direction: 'out', family: this.family, src: this.local, dst: to, payload, wallNs });
			done(error);
		});
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.closeSocket();
		transportLog.debug(DebugLevel.TRACE, Msg.TRANSPORT_CLOSED, this.description);
	}

	/** Says in the log that the socket is open; the subclass calls it once its socket is bound. */
	protected opened(): void {
		transportLog.debug(DebugLevel.TRACE, Msg.TRANSPORT_OPENED, this.description);
	}
}
