/**
 * A load run's per-interval outputs against the lab's Kea: the JSON summary's series, --csv and
 * --jsonl add up to the run's totals, and --html is a page that real headless Chromium draws with
 * every plot filled, no console error and no request leaving the file. `dhcpulse report` renders
 * the same page from the saved JSON. Screenshots are kept in test-artifacts/ (ignored by git).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { PerfJson } from '../src/perf/json.js';
import type { IntervalRow } from '../src/perf/series.js';
import { runCli } from './helpers/cli.js';
import { openReport } from './helpers/browser.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { keaDeltas, scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-report');
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
test.serial.before(async () => waitForCarrier(lab()));

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const perf = (args: string[]) => runCli(['perf', '198.19.0.1', '--no-dashboard', ...args], { prefix: labExecArgs(lab()), timeoutMs: 90_000 });
/** The chart specs a page embeds (its JSON element). */
const chartsOf = (html: string): unknown => JSON.parse(/<script type="application\/json" id="dhcpulse-charts">(.*?)<\/script>/s.exec(html)![1]!);

for (const flag of ['--csv', '--jsonl', '--html']) {
	test.serial(`${flag} into a missing directory: one line, exit 3, nothing sent`, async (t) => {
		const path = `/missing/dir/x${flag.slice(1)}`;
		const { result: r, delta } = await keaDeltas(lab(), ['pkt4-received'], () => perf(['-r', '100', '-n', '20', flag, path]));
		t.is(r.code, 3, r.stderr);
		t.is(r.stderr.trim(), `dhcpulse: ${flag} ${path}: cannot create (ENOENT)`);
		t.is(delta['pkt4-received'], 0, 'nothing was sent');
	});
}

for (const flag of ['--csv', '--jsonl', '--html']) {
	test.serial(`a full disk under ${flag} is an error that names the file, and the JSON is still written`, async (t) => {
		const json = join(dir, `full${flag}.json`);
		const r = await perf(['-r', '100', '-n', '20', flag, '/dev/full', '--json', json]);
		t.is(r.code, 3, r.stderr);
		t.regex(r.stderr, new RegExp(`^dhcpulse: ${flag} /dev/full: cannot write \\(ENOSPC\\)$`, 'm'));
		t.false(/\n\s+at /.test(r.stderr), 'no stack trace');
		t.is((JSON.parse(readFileSync(json, 'utf8')) as PerfJson).exchanges.DO!.sent, 20);
	});
}

test.serial('one run: the series, CSV and JSON lines add up to the totals, and the HTML report draws every plot in Chromium', async (t) => {
	const json = join(dir, 'run.json');
	const csv = join(dir, 'run.csv');
	const jsonl = join(dir, 'run.jsonl');
	const html = join(dir, 'run.html');
	const r = await perf(['-r', '200', '-p', '3', '-t', '0.5', '--json', json, '--csv', csv, '--jsonl', jsonl, '--html', html]);
	t.true(r.code === 0 || r.code === 1, r.stderr);
	const run = JSON.parse(readFileSync(json, 'utf8')) as PerfJson;
	const rows = run.series!;

	// The series: one row per half second (a loaded machine may merge or split one), then the drain's.
	t.true(rows.length >= 4, `${rows.length} rows`);
	for (const [i, row] of rows.entries()) {
		t.regex(row.time, ISO);
		t.is(row.asked, 200);
		if (i > 0) {
			t.is(row.fromS, rows[i - 1]!.toS, 'the intervals follow each other');
			t.true(Date.parse(row.time) > Date.parse(rows[i - 1]!.time));
		}
	}
	for (const name of ['DO', 'RA'] as const) {
		const sum = (k: 'sent' | 'ok' | 'timeouts' | 'rejected' | 'count'): number => rows.reduce((n, row) => n + row.exchanges[name]![k], 0);
		t.is(sum('sent'), run.exchanges[name]!.sent, `${name} sent`);
		t.is(sum('ok'), run.exchanges[name]!.ok, `${name} ok`);
		t.is(sum('timeouts'), run.exchanges[name]!.timeouts);
		t.is(sum('rejected'), run.exchanges[name]!.rejected);
		t.is(sum('count'), run.exchanges[name]!.latencyUs.count, 'every answer is in one interval');
		// The distribution rises with the percentile and ends at the run's maximum.
		const dist = run.exchanges[name]!.distributionUs!;
		t.true(dist.length > 20);
		t.true(dist.every(([, us], i) => i === 0 || us >= dist[i - 1]![1]));
		t.deepEqual(dist.at(-1), [100, run.exchanges[name]!.latencyUs.max]);
	}

	// CSV: a header, then the same rows.
	const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
	const header = lines[0]!.split(',');
	t.deepEqual(header.slice(0, 6), ['time', 'from_s', 'to_s', 'asked_per_s', 'sent_per_s', 'completed_per_s']);
	t.true(header.includes('DO_p99_us') && header.includes('RA_timeouts'));
	t.is(lines.length - 1, rows.length);
	const cells = lines.slice(1).map((l) => l.split(','));
	t.true(cells.every((c) => c.length === header.length && ISO.test(c[0]!)));
	const col = (name: string): number[] => cells.map((c) => Number(c[header.indexOf(name)]));
	t.deepEqual(
		col('DO_sent'),
		rows.map((row) => row.exchanges.DO!.sent),
	);
	t.deepEqual(
		col('RA_ok'),
		rows.map((row) => row.exchanges.RA!.ok),
	);

	// JSON lines: the same rows, one object per line.
	const objects = readFileSync(jsonl, 'utf8')
		.trimEnd()
		.split('\n')
		.map((l) => JSON.parse(l) as IntervalRow);
	t.deepEqual(
		objects.map((o) => o.exchanges),
		rows.map((row) => row.exchanges),
	);

	// The page in a real browser.
	const seen = await openReport(html, join(ARTIFACTS, 'perf-report-kea4.png'));
	t.deepEqual(seen.consoleErrors, []);
	t.deepEqual(seen.requests, [], 'the page needs nothing but itself');
	t.deepEqual(
		seen.charts.map((c) => c.id),
		['s0-rate', 's0-lat-DO', 's0-lat-RA', 's0-outcomes', 's0-distribution'],
	);
	for (const c of seen.charts) {
		t.true(
			c.points.every((n) => n > 0),
			`${c.id}: every series has data (${c.points})`,
		);
		t.true(c.canvas.width > 0 && c.inked > 1000, `${c.id}: drawn (${c.inked} pixels)`);
	}

	// `dhcpulse report` renders the same plots from the saved summary.
	const again = join(dir, 'again.html');
	const rr = await runCli(['report', json, '--html', again]);
	t.is(rr.code, 0, rr.stderr);
	t.deepEqual(chartsOf(readFileSync(again, 'utf8')), chartsOf(readFileSync(html, 'utf8')));
	const seenAgain = await openReport(again, join(ARTIFACTS, 'report-command-kea4.png'));
	t.deepEqual(seenAgain.consoleErrors, []);
	t.deepEqual(
		seenAgain.charts.map((c) => c.points),
		seen.charts.map((c) => c.points),
	);
});
