/**
 * `--pcap FILE`: the file is created when the observer is made, before the run opens a socket,
 * so a path that cannot be written is an error before any packet is sent (the engines then write
 * it, or, with worker threads, a part file each beside it: perf/pcap-tap.ts). When the run is
 * over the parts are merged into FILE in timestamp order and removed, and a capture that could not
 * be written all through is an error naming the file.
 */
import { closeSync, openSync } from 'node:fs';
import { UserError } from '../exit-codes.js';
import { outputError } from '../os/output-error.js';
import type { PerfObserver, RunOutcome } from '../perf/observer.js';
import { mergeParts, partPath } from '../perf/pcap-tap.js';

export class PcapObserver implements PerfObserver {
	constructor(
		private readonly file: string,
		private readonly workers: number,
	) {
		try {
			closeSync(openSync(file, 'w', 0o644));
		} catch (error) {
			throw outputError('--pcap', file, 'create', error);
		}
	}

	finish(outcome: RunOutcome): void {
		if (outcome.pcapError !== null) throw new UserError(`--pcap ${outcome.pcapError}; the capture stops there`);
		if (this.workers > 1) {
			try {
				mergeParts(
					this.file,
					Array.from({ length: this.workers }, (_, k) => partPath(this.file, k)),
				);
			} catch (error) {
				throw outputError('--pcap', this.file, 'write', error);
			}
		}
	}
}
