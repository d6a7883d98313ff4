/**
 * `--html FILE`: the run's HTML report (src/report/), written when the run is over from the same
 * summary `--json` writes, so `dhcpulse report RUN.json` renders the same page later. The file is
 * created when the observer is made, before the run opens a socket: a path that cannot be
 * written is an error before any packet is sent.
 */
import { perfJsonOf } from '../perf/json.js';
import type { IntervalReport, PerfObserver, RunOutcome } from '../perf/observer.js';
import { IntervalSeries } from '../perf/series.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { renderHtml } from '../report/html.js';
import { perfDocument } from '../report/model.js';
import { OutputFile } from './output-file.js';

export class HtmlReportObserver implements PerfObserver {
	private readonly file: OutputFile;
	private readonly series = new IntervalSeries(true);

	constructor(path: string) {
		this.file = new OutputFile('--html', path);
	}

	interval(s: PerfSnapshot, report: IntervalReport): void {
		this.series.add(s, report, Date.now());
	}

	finish(o: RunOutcome): void {
		this.series.finish(o, Date.now());
		this.file.write(renderHtml(perfDocument(perfJsonOf(o, this.series), new Date())));
		this.file.close(true);
	}

	close(): void {
		this.file.close();
	}
}
