/**
 * `--html FILE`: the run's HTML report (src/report/), written when the run is over from the same
 * summary `--json` writes, so `dhcpulse report RUN.json` renders the same page later. The file is
 * created when the observer is made, before the run opens a socket: a path that cannot be
 * written is an error before any packet is sent.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { outputError } from '../os/output-error.js';
import { perfJsonOf } from '../perf/json.js';
import type { IntervalReport, PerfObserver, RunOutcome } from '../perf/observer.js';
import { IntervalSeries } from '../perf/series.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { renderHtml } from '../report/html.js';
import { perfDocument } from '../report/model.js';

export class HtmlReportObserver implements PerfObserver {
	private fd: number | null;
	private readonly series = new IntervalSeries(true);

	constructor(private readonly path: string) {
		try {
			this.fd = openSync(path, 'w', 0o644);
		} catch (error) {
			throw outputError('--html', path, 'create', error);
		}
	}

	interval(s: PerfSnapshot, report: IntervalReport): void {
		this.series.add(s, report, Date.now());
	}

	finish(o: RunOutcome): void {
		this.series.finish(o, Date.now());
		const page = renderHtml(perfDocument(perfJsonOf(o, this.series), new Date()));
		try {
			writeSync(this.fd!, page);
		} catch (error) {
			throw outputError('--html', this.path, 'write', error);
		} finally {
			this.close();
		}
	}

	close(): void {
		if (this.fd === null) return;
		closeSync(this.fd);
		this.fd = null;
	}
}
