/**
 * The coordinator's handle on one shard: an Engine in this thread, or one inside a worker thread.
 * Both answer the same calls, so the coordinator does not care where a shard runs.
 */
import { Worker } from 'node:worker_threads';
import { UserError } from '../exit-codes.js';
import { attachWorkerLogs, isWorkerLogMessage } from '../log/index.js';
import type { ExchangeDef } from './accounting.js';
import { Engine, type ShardPartial, type UdpPath } from './engine.js';
import type { ShardSettings } from './plan.js';
import type { FromWorker, ToWorker } from './protocol.js';

export interface ShardHandle {
	readonly description: string;
	readonly defs: ExchangeDef[];
	readonly warnings: string[];
	readonly udpPath: UdpPath;
	start(): void;
	setRates(rate: number, renewRate: number, releaseRate: number): void;
	setPaused(paused: boolean): void;
	stopSending(): void;
	collect(): Promise<ShardPartial>;
	finish(): Promise<ShardPartial>;
}

class LocalShard implements ShardHandle {
	constructor(private readonly engine: Engine) {}
	get description(): string {
		return this.engine.description;
	}
	get defs(): ExchangeDef[] {
		return this.engine.defs;
	}
	get warnings(): string[] {
		return this.engine.warnings;
	}
	get udpPath(): UdpPath {
		return this.engine.udpPath;
	}
	start(): void {
		this.engine.start();
	}
	setRates(rate: number, renewRate: number, releaseRate: number): void {
		this.engine.setRates(rate, renewRate, releaseRate);
	}
	setPaused(paused: boolean): void {
		this.engine.setPaused(paused);
	}
	stopSending(): void {
		this.engine.stopSending();
	}
	async collect(): Promise<ShardPartial> {
		return this.engine.collect();
	}
	finish(): Promise<ShardPartial> {
		return this.engine.finish();
	}
}

/**
 * Where the worker script is. From dist/ (the built CLI) it is plain worker.js. From src/ under
 * tsx, a worker does not inherit tsx's loader on Node 20, so a data: URL bootstrap registers
 * tsx/esm/api first and then imports worker.ts (the trick test/log-rotation.test.ts uses).
 */
function workerUrl(): URL {
	const self = import.meta.url;
	if (!self.endsWith('.ts')) return new URL('./worker.js', self);
	const script = new URL('./worker.ts', self).href;
	const api = import.meta.resolve('tsx/esm/api');
	const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(script)});`;
	return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

class WorkerShard implements ShardHandle {
	description = '';
	defs: ExchangeDef[] = [];
	warnings: string[] = [];
	udpPath: UdpPath = null;
	private readonly worker: Worker;
	private nextId = 1;
	private readonly pending = new Map<number, (p: ShardPartial) => void>();
	private failure: Error | null = null;

	constructor(worker: Worker) {
		this.worker = worker;
	}

	static open(settings: ShardSettings): Promise<WorkerShard> {
		const worker = new Worker(workerUrl(), { workerData: settings });
		attachWorkerLogs(worker, settings.shard + 1);
		const shard = new WorkerShard(worker);
		return new Promise((resolve, reject) => {
			const onExit = (code: number): void => reject(new Error(`perf worker ${settings.shard + 1} exited with code ${code} before it was ready`));
			worker.once('exit', onExit);
			worker.once('error', reject);
			worker.on('message', (m: FromWorker) => {
				if (isWorkerLogMessage(m)) return;
				if (m.type === 'ready') {
					shard.description = m.description;
					shard.defs = m.defs;
					shard.warnings = m.warnings;
					shard.udpPath = m.udpPath;
					worker.off('exit', onExit);
					worker.off('error', reject);
					worker.on('error', (e) => shard.fail(e));
					worker.on('exit', () => shard.fail(new Error(`perf worker ${settings.shard + 1} exited`)));
					resolve(shard);
				} else if (m.type === 'error') {
					worker.off('exit', onExit);
					reject(m.user ? new UserError(m.message) : new Error(m.message));
					void worker.terminate();
				} else if (m.type === 'partial') {
					const done = shard.pending.get(m.id);
					shard.pending.delete(m.id);
					done?.(m.partial);
				}
			});
		});
	}

	private fail(error: Error): void {
		if (this.failure) return;
		this.failure = error;
	}

	private post(m: ToWorker): void {
		if (!this.failure) this.worker.postMessage(m);
	}

	start(): void {
		this.post({ type: 'start' });
	}
	setRates(rate: number, renewRate: number, releaseRate: number): void {
		this.post({ type: 'rates', rate, renewRate, releaseRate });
	}
	setPaused(paused: boolean): void {
		this.post({ type: 'pause', paused });
	}
	stopSending(): void {
		this.post({ type: 'stop-sending' });
	}

	private request(type: 'collect' | 'finish'): Promise<ShardPartial> {
		if (this.failure) return Promise.reject(this.failure);
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`perf worker did not answer ${type} within 10 s`));
			}, 10_000);
			this.pending.set(id, (p) => {
				clearTimeout(timer);
				resolve(p);
			});
			this.worker.postMessage({ type, id } satisfies ToWorker);
		});
	}

	collect(): Promise<ShardPartial> {
		return this.request('collect');
	}

	async finish(): Promise<ShardPartial> {
		const p = await this.request('finish');
		await this.worker.terminate();
		return p;
	}
}

/**
 * Opens every shard (in parallel): in worker threads, so that the Ink dashboard and the merging
 * of several shards never hold up sending or delay the receive timestamps; or, with `inProcess`,
 * in this thread (one shard without a dashboard, and raw sockets, which cannot run in workers,
 * raw-socket polls on the main thread's event loop).
 * If any shard fails to open, the others are closed and the first error is thrown.
 */
export async function openShards(settings: ShardSettings[], inProcess: boolean): Promise<ShardHandle[]> {
	const local = inProcess;
	const results = await Promise.allSettled(settings.map((s) => (local ? Engine.open(s).then((e) => new LocalShard(e) as ShardHandle) : WorkerShard.open(s))));
	const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
	if (failed) {
		await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.finish().catch(() => undefined) : undefined)));
		throw failed.reason;
	}
	return results.map((r) => (r as PromiseFulfilledResult<ShardHandle>).value);
}
