/** Messages between the coordinator (main thread) and worker.ts. */
import type { ExchangeDef } from './accounting.js';
import type { ShardPartial, UdpPath } from './engine.js';

export type ToWorker =
	| { type: 'start' }
	| { type: 'rates'; rate: number; renewRate: number; releaseRate: number }
	| { type: 'pause'; paused: boolean }
	| { type: 'stop-sending' }
	| { type: 'collect'; id: number }
	| { type: 'finish'; id: number };

export type FromWorker =
	| { type: 'ready'; description: string; defs: ExchangeDef[]; warnings: string[]; udpPath: UdpPath }
	| { type: 'error'; message: string; user: boolean }
	| { type: 'partial'; id: number; partial: ShardPartial };
