/**
 * `--pcap FILE` with worker threads: each worker wrote its own part file (perf/pcap-tap.ts); when
 * the run is over they are merged into FILE in timestamp order and removed.
 */
import type { PerfObserver } from '../perf/observer.js';
import { mergeParts, partPath } from '../perf/pcap-tap.js';

export class PcapMergeObserver implements PerfObserver {
	constructor(
		private readonly file: string,
		private readonly workers: number,
	) {}

	finish(): void {
		if (this.workers > 1) mergeParts(this.file, Array.from({ length: this.workers }, (_, k) => partPath(this.file, k)));
	}
}
