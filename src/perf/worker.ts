/**
 * Worker-thread entry of a load run: builds one Engine from `workerData` (ShardSettings), then
 * follows the coordinator's commands. A partial is plain data (histograms cannot be posted,
 * postMessage throws DataCloneError on their Uint32Array counts, so the engine hands over their non-zero buckets). Log lines go to the main thread's outputs (installWorkerLogging).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../exit-codes.js';
import { installWorkerLogging } from '../log/index.js';
import { Engine } from './engine.js';
import type { ShardSettings } from './plan.js';
import type { FromWorker, ToWorker } from './protocol.js';

async function main(): Promise<void> {
	const port = parentPort!;
	installWorkerLogging(port);
	const post = (m: FromWorker): void => port.postMessage(m);
	let engine: Engine;
	try {
		engine = await Engine.open(workerData as ShardSettings);
	} catch (error) {
		post({ type: 'error', message: error instanceof Error ? error.message : String(error), user: error instanceof UserError });
		return;
	}
	port.on('message', (m: ToWorker) => {
		switch (m.type) {
			case 'start':
				engine.start();
				break;
			case 'rates':
				engine.setRates(m.rate, m.renewRate, m.releaseRate);
				break;
			case 'pause':
				engine.setPaused(m.paused);
				break;
			case 'stop-sending':
				engine.stopSending();
				break;
			case 'collect':
				post({ type: 'partial', id: m.id, partial: engine.collect() });
				break;
			case 'finish':
				void engine.finish().then((p) => {
					post({ type: 'partial', id: m.id, partial: p });
					port.close();
				});
				break;
		}
	});
	post({ type: 'ready', description: engine.description, defs: engine.defs, warnings: engine.warnings, udpPath: engine.udpPath });
}

void main();
