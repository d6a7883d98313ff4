/**
 * `--csv FILE`: one line per report interval, with a header line, for spreadsheets and for
 * perfdhcp `-C` users (perfdhcp(8): `-C SEPARATOR` prints its statistics as one separated line).
 * Columns: the interval's end (ISO 8601), its span, the asked, sent and completed rates, then per
 * exchange the interval's counts and latency percentiles (src/perf/series.ts, docs/json-schema.md).
 */
import type { IntervalReport, PerfObserver, RunOutcome } from '../perf/observer.js';
import { IntervalSeries, type IntervalExchange, type IntervalRow } from '../perf/series.js';
import type { PerfSnapshot } from '../perf/snapshot.js';
import type { ExchangeName } from '../perf/accounting.js';
import { OutputFile } from './output-file.js';

/** Per-exchange columns, in order, and the row field each is read from. */
const EXCHANGE_COLUMNS: readonly [string, keyof IntervalExchange][] = [
	['sent', 'sent'],
	['ok', 'ok'],
	['rejected', 'rejected'],
	['timeouts', 'timeouts'],
	['late', 'late'],
	['in_flight', 'inFlight'],
	['answers', 'count'],
	['p50_us', 'p50Us'],
	['p90_us', 'p90Us'],
	['p99_us', 'p99Us'],
	['max_us', 'maxUs'],
];

export class CsvObserver implements PerfObserver {
	private readonly file: OutputFile;
	private readonly series = new IntervalSeries();
	private names: ExchangeName[] = [];

	constructor(path: string) {
		this.file = new OutputFile('--csv', path);
	}

	start(first: PerfSnapshot): void {
		// Exchange names are dhcpulse's own (snapshot.ts), never text from the wire: no quoting needed.
		this.names = first.exchanges.map((e) => e.name);
		this.file.writeLine(['time', 'from_s', 'to_s', 'asked_per_s', 'sent_per_s', 'completed_per_s', ...this.names.flatMap((n) => EXCHANGE_COLUMNS.map(([c]) => `${n}_${c}`))].join(','));
	}

	interval(s: PerfSnapshot, report: IntervalReport): void {
		this.line(this.series.add(s, report, Date.now()));
	}

	finish(o: RunOutcome): void {
		const row = this.series.finish(o, Date.now());
		if (row) this.line(row);
		this.file.close(true);
	}

	close(): void {
		this.file.close();
	}

	private line(r: IntervalRow): void {
		const cells: (string | number)[] = [r.time, r.fromS, r.toS, r.asked, r.sent, r.completed];
		for (const n of this.names) for (const [, k] of EXCHANGE_COLUMNS) cells.push(r.exchanges[n]?.[k] ?? 0);
		this.file.writeLine(cells.join(','));
	}
}
